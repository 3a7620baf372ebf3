package bot

import (
	"context"
	"crypto/tls"
	"encoding/binary"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

// Discord's gateway close codes after which reconnecting cannot help: the
// process must stop and say why. (discordgo v0.29.0 reconnects after any of
// them, forever: upstream issue #1544.)
var fatalCloseCodes = map[int]string{
	4004: "authentication failed: the bot token is wrong or was reset; check DISCORD_TOKEN",
	4010: "invalid shard: check --shard-id and --shard-count",
	4011: "sharding required: the bot is in too many servers for one connection; set --shard-count (or auto)",
	4012: "invalid API version",
	4013: "invalid intents",
	4014: "disallowed intents: turn on the Message Content Intent in the Developer Portal (Bot tab), or turn TALKSBOT_MESSAGE_CONTENT off",
}

// GatewayError says why the gateway connection ended for good.
type GatewayError struct {
	Code   int    // Discord's close code
	Reason string // what to do about it
}

func (e *GatewayError) Error() string {
	return fmt.Sprintf("Discord closed the gateway connection with code %d: %s", e.Code, e.Reason)
}

// fatalError turns an error from Session.Open into a *GatewayError when
// Discord closed the connection with a fatal code.
func fatalError(err error) error {
	var ce *websocket.CloseError
	if errors.As(err, &ce) {
		if reason, ok := fatalCloseCodes[ce.Code]; ok {
			return &GatewayError{Code: ce.Code, Reason: reason}
		}
	}
	return err
}

// gateway follows one Session's gateway connection: whether it is up, how
// often it came back, and the close codes Discord sends. discordgo does not
// tell its handlers the close code, so the connection is watched from
// below: Attach gives the Session a websocket dialer whose connections
// report the close frames they read. After a fatal code the dialer refuses
// to dial, which ends discordgo's reconnect loop, and Run returns.
type gateway struct {
	b *Bot

	mu         sync.Mutex
	connected  bool
	connects   int
	stopped    bool   // closing on purpose, or after a fatal code: no more dials
	why        string // why the bot closes the connection itself ("" while it does not)
	closeCode  int    // the close code Discord sent on the current connection (0: none yet)
	fatal      *GatewayError
	fatalc     chan struct{} // closed once fatal is set
	lastChange time.Time
}

func newGateway(b *Bot) *gateway { return &gateway{b: b, fatalc: make(chan struct{})} }

// Connected reports whether the gateway connection is up (READY or RESUMED
// received and not since lost). Always false for a Bot that never attached
// a Session (the HTTP interactions mode).
func (b *Bot) Connected() bool {
	g := b.gw
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.connected
}

func (g *gateway) onConnect() {
	g.mu.Lock()
	g.connected = true
	g.connects++
	g.closeCode = 0
	again := g.connects > 1
	g.lastChange = time.Now()
	g.mu.Unlock()
	g.b.cfg.Metrics.gatewayUp(true, again)
	if again {
		g.b.log.Info("gateway connection is back")
	}
}

// onDisconnect says who ended the connection: Discord (with the close
// code it sent) or neither (the connection dropped). A fatal code was said
// by onClose already, a close by the bot itself by closeSession.
func (g *gateway) onDisconnect() {
	g.mu.Lock()
	was := g.connected
	g.connected = false
	why, code, fatal := g.why, g.closeCode, g.fatal
	g.closeCode = 0
	g.lastChange = time.Now()
	g.mu.Unlock()
	g.b.cfg.Metrics.gatewayUp(false, false)
	switch {
	case !was || fatal != nil || why != "":
	case code != 0:
		g.b.log.Warn("Discord closed the gateway connection; reconnecting", "code", code, "meaning", closeMeaning(code))
	default:
		g.b.log.Warn("the gateway connection dropped without a close code from Discord; reconnecting")
	}
}

// closeMeanings are what Discord's resumable close codes (and the
// websocket's own) mean.
var closeMeanings = map[int]string{
	1000: "normal closure",
	1001: "going away: Discord is moving the connection",
	1011: "Discord's server failed",
	1012: "Discord's server is restarting",
	4000: "unknown error on Discord's side",
	4001: "unknown opcode sent",
	4002: "a payload Discord could not decode",
	4003: "a payload sent before identifying",
	4005: "identified twice",
	4007: "invalid sequence number on resume",
	4008: "rate limited: payloads sent too fast",
	4009: "session timed out",
}

func closeMeaning(code int) string {
	if m, ok := closeMeanings[code]; ok {
		return m
	}
	if m, ok := fatalCloseCodes[code]; ok {
		return m
	}
	return "not a code Discord documents"
}

// onClose is told of every close frame Discord sends, before discordgo
// reports the disconnect; a fatal code ends the gateway here.
func (g *gateway) onClose(code int) {
	g.b.cfg.Metrics.gatewayClose(code)
	g.mu.Lock()
	defer g.mu.Unlock()
	g.closeCode = code
	reason, fatal := fatalCloseCodes[code]
	if !fatal || g.why != "" {
		return
	}
	if g.fatal != nil {
		return
	}
	g.fatal = &GatewayError{Code: code, Reason: reason}
	g.stopped = true
	close(g.fatalc)
	g.b.log.Error("Discord closed the gateway connection for good", "code", code, "reason", reason)
}

// stop refuses further dials: the Session is being closed on purpose,
// for the reason why ("" when no connection is open to close).
func (g *gateway) stop(why string) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.stopped = true
	if g.fatal == nil {
		g.why = why
	}
}

func (g *gateway) refusing() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.stopped
}

// dialer returns a copy of base whose connections report close frames. A
// gateway reached through an HTTP proxy keeps base as it is: the proxy
// would need its own TLS handling, and the close codes are not seen then.
func (g *gateway) dialer(base *websocket.Dialer) *websocket.Dialer {
	if base == nil {
		base = websocket.DefaultDialer
	}
	d := *base
	if d.Proxy != nil {
		if u, err := d.Proxy(&http.Request{URL: &url.URL{Scheme: "https", Host: "gateway.discord.gg"}}); err != nil || u != nil {
			g.b.log.Warn("the gateway goes through an HTTP proxy: fatal close codes (4004…) are not detected")
			return &d
		}
	}
	nd := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	d.NetDialContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if g.refusing() {
			// discordgo's reconnect loop stops on this error and only on it.
			return nil, discordgo.ErrWSAlreadyOpen
		}
		c, err := nd.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &closeSniffer{Conn: c, onClose: g.onClose}, nil
	}
	tlsBase := base.TLSClientConfig
	d.NetDialTLSContext = func(ctx context.Context, network, addr string) (net.Conn, error) {
		if g.refusing() {
			return nil, discordgo.ErrWSAlreadyOpen
		}
		raw, err := nd.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cfg := &tls.Config{}
		if tlsBase != nil {
			cfg = tlsBase.Clone()
		}
		if cfg.ServerName == "" {
			cfg.ServerName, _, _ = net.SplitHostPort(addr)
		}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, err
		}
		return &closeSniffer{Conn: tc, onClose: g.onClose}, nil
	}
	return &d
}

// closeSniffer reads a client websocket connection's bytes as they go by
// (after the HTTP upgrade response: server frames, never masked by the
// server, but handled if they are) and reports the status code of each
// close frame. It never changes what is read.
type closeSniffer struct {
	net.Conn
	onClose func(code int)

	upgraded bool
	crlf     int    // bytes of "\r\n\r\n" matched so far
	hdr      []byte // the frame header being read
	left     uint64 // payload bytes still to skip
	closing  bool   // the payload being read is a close frame's
	code     []byte // its first two bytes
	broken   bool   // the stream did not parse: stop looking
}

func (c *closeSniffer) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 && !c.broken {
		c.feed(p[:n])
	}
	return n, err
}

func (c *closeSniffer) feed(b []byte) {
	for len(b) > 0 {
		switch {
		case !c.upgraded:
			ch := b[0]
			b = b[1:]
			want := "\r\n\r\n"[c.crlf]
			switch {
			case ch == want:
				c.crlf++
			case ch == '\r':
				c.crlf = 1
			default:
				c.crlf = 0
			}
			if c.crlf == 4 {
				c.upgraded = true
			}
		case c.left > 0:
			n := min(uint64(len(b)), c.left)
			if c.closing && len(c.code) < 2 {
				c.code = append(c.code, b[:min(int(n), 2-len(c.code))]...)
			}
			b = b[n:]
			c.left -= n
			if c.left == 0 && c.closing {
				c.closed()
			}
		default:
			c.hdr = append(c.hdr, b[0])
			b = b[1:]
			need := frameHeaderLen(c.hdr)
			if len(c.hdr) < need {
				continue
			}
			op := c.hdr[0] & 0x0f
			size := uint64(c.hdr[1] & 0x7f)
			switch size {
			case 126:
				size = uint64(binary.BigEndian.Uint16(c.hdr[2:4]))
			case 127:
				size = binary.BigEndian.Uint64(c.hdr[2:10])
			}
			if c.hdr[0]&0x70 != 0 || op > 0xa || (op >= 3 && op <= 7) {
				c.broken = true // not a frame we know: a protocol we do not follow
				return
			}
			c.hdr = c.hdr[:0]
			c.left = size
			c.closing = op == 8
			c.code = c.code[:0]
			if c.left == 0 && c.closing {
				c.closed()
			}
		}
	}
}

// frameHeaderLen is the length of the header that begins with hdr (at
// least 2; more once the length byte is known).
func frameHeaderLen(hdr []byte) int {
	if len(hdr) < 2 {
		return 2
	}
	n := 2
	switch hdr[1] & 0x7f {
	case 126:
		n += 2
	case 127:
		n += 8
	}
	if hdr[1]&0x80 != 0 {
		n += 4
	}
	return n
}

func (c *closeSniffer) closed() {
	c.closing = false
	if len(c.code) == 2 {
		// A masked frame's code would be masked; servers never mask.
		c.onClose(int(binary.BigEndian.Uint16(c.code)))
	}
}
