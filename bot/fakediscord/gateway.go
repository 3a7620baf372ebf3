package fakediscord

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{CheckOrigin: func(*http.Request) bool { return true }}

// conn is one gateway websocket. Its fields, except ws, wake and done, are
// guarded by Server.mu. Frames go out through queue, written by writeLoop in
// order, so no lock is held while writing to the socket.
type conn struct {
	ws      *websocket.Conn
	query   url.Values
	sess    *session
	ready   bool // READY or RESUMED sent on this connection
	closing bool // closed, being closed, or detached from its session
	ended   bool
	beats   int // heartbeats received on this connection
	queue   []outFrame
	wake    chan struct{}
	done    chan struct{}
}

type outFrame struct {
	data      []byte
	isClose   bool
	closeCode int
	closeText string
}

// session is a gateway session (what RESUME resumes). Guarded by Server.mu.
type session struct {
	id      string
	token   string
	shard   [2]int
	intents discordgo.Intent
	seq     int64
	buf     []seqFrame // dispatches, for replay on RESUME
	conn    *conn      // nil while disconnected
	invalid bool
}

type seqFrame struct {
	seq  int64
	data []byte
}

// gatewayPayload is a gateway frame as Discord sends it.
type gatewayPayload struct {
	Op int     `json:"op"`
	D  any     `json:"d"`
	S  *int64  `json:"s"`
	T  *string `json:"t"`
}

// resumableClose lists close codes after which Discord lets a session resume.
var resumableClose = map[int]bool{4000: true, 4001: true, 4002: true, 4003: true, 4005: true, 4008: true}

var closeText = map[int]string{
	4000: "Unknown error.", 4001: "Unknown opcode.", 4002: "Error while decoding payload.",
	4003: "Not authenticated.", 4004: "Authentication failed.", 4005: "Already authenticated.",
	4007: "Invalid seq.", 4008: "Rate limited.", 4009: "Session timed out.", 4010: "Invalid shard.",
	4011: "Sharding required.", 4012: "Invalid API version.", 4013: "Invalid intent(s).",
	4014: "Disallowed intent(s).",
}

func (s *Server) serveGateway(w http.ResponseWriter, r *http.Request) {
	ws, err := upgrader.Upgrade(w, r, nil)
	if err != nil {
		return // Upgrade has answered with an HTTP error
	}
	c := &conn{ws: ws, query: r.URL.Query(), wake: make(chan struct{}, 1), done: make(chan struct{})}
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		ws.Close()
		return
	}
	s.conns[c] = true
	s.wg.Add(2)
	hb := s.cfg.heartbeat.Milliseconds()
	s.enqueueLocked(c, mustJSON(gatewayPayload{Op: 10, D: map[string]any{
		"heartbeat_interval": hb,
		"_trace":             []string{`["gateway-prd-fake",{"micros":0.0}]`},
	}}))
	s.notifyLocked()
	s.mu.Unlock()
	s.logf("gateway: connected %s, sent HELLO (heartbeat_interval %d ms)", r.URL.RawQuery, hb)
	go s.writeLoop(c)
	s.readLoop(c)
}

func (s *Server) enqueueLocked(c *conn, data []byte) {
	c.queue = append(c.queue, outFrame{data: data})
	select {
	case c.wake <- struct{}{}:
	default:
	}
}

func (s *Server) writeLoop(c *conn) {
	defer s.wg.Done()
	for {
		select {
		case <-c.wake:
		case <-c.done:
			return
		}
		s.mu.Lock()
		q := c.queue
		c.queue = nil
		s.mu.Unlock()
		for _, f := range q {
			c.ws.SetWriteDeadline(time.Now().Add(5 * time.Second))
			if f.isClose {
				c.ws.WriteMessage(websocket.CloseMessage, websocket.FormatCloseMessage(f.closeCode, f.closeText))
				c.ws.Close()
				return
			}
			if err := c.ws.WriteMessage(websocket.TextMessage, f.data); err != nil {
				c.ws.Close()
				return
			}
		}
	}
}

func (s *Server) readLoop(c *conn) {
	defer s.wg.Done()
	for {
		_, data, err := c.ws.ReadMessage()
		if err != nil {
			code := 0
			var ce *websocket.CloseError
			if errors.As(err, &ce) {
				code = ce.Code
			}
			s.connGone(c, code, err)
			return
		}
		s.handleFrame(c, data)
	}
}

// connGone cleans up after a connection whose reader stopped.
func (s *Server) connGone(c *conn, clientCode int, err error) {
	s.mu.Lock()
	wasClosing := c.closing
	if !wasClosing && (clientCode == websocket.CloseNormalClosure || clientCode == websocket.CloseGoingAway) {
		// A client closing with 1000 or 1001 ends its session (Discord shows
		// the bot offline); any other close keeps it resumable. A close
		// frame answering ours (discordgo answers every close with 1000)
		// ends nothing: the server closed first.
		if c.sess != nil {
			c.sess.invalid = true
		}
	}
	s.detachLocked(c)
	delete(s.conns, c)
	if !c.ended {
		c.ended = true
		close(c.done)
	}
	s.notifyLocked()
	s.mu.Unlock()
	c.ws.Close()
	if !wasClosing {
		s.logf("gateway: connection ended: %v", err)
	}
}

// detachLocked marks c as going away and unhooks it from its session, so
// dispatches are buffered for a RESUME instead of being written to it.
func (s *Server) detachLocked(c *conn) {
	c.closing = true
	c.ready = false
	if c.sess != nil && c.sess.conn == c {
		c.sess.conn = nil
	}
}

// closeConnLocked sends a close frame after what is queued, then drops c.
func (s *Server) closeConnLocked(c *conn, code int) {
	if c.closing {
		return
	}
	if !resumableClose[code] && c.sess != nil {
		c.sess.invalid = true
	}
	c.queue = append(c.queue, outFrame{isClose: true, closeCode: code, closeText: closeText[code]})
	select {
	case c.wake <- struct{}{}:
	default:
	}
	s.detachLocked(c)
}

func (s *Server) handleFrame(c *conn, data []byte) {
	var p struct {
		Op int             `json:"op"`
		D  json.RawMessage `json:"d"`
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if c.closing {
		return
	}
	if err := json.Unmarshal(data, &p); err != nil {
		s.closeConnLocked(c, 4002)
		return
	}
	shard := 0
	if c.sess != nil {
		shard = c.sess.shard[0]
	}
	s.received = append(s.received, Frame{Op: p.Op, Data: p.D, Shard: shard})
	defer s.notifyLocked()
	switch p.Op {
	case 1: // HEARTBEAT
		s.heartbeats++
		c.beats++
		if s.acks {
			s.enqueueLocked(c, mustJSON(gatewayPayload{Op: 11}))
		}
	case 2: // IDENTIFY
		s.identifyLocked(c, p.D)
	case 6: // RESUME
		s.resumeLocked(c, p.D)
	case 3, 4, 8: // PRESENCE_UPDATE, VOICE_STATE_UPDATE, REQUEST_GUILD_MEMBERS
		if c.sess == nil || c.sess.invalid {
			s.closeConnLocked(c, 4003)
		}
	default:
		s.closeConnLocked(c, 4001)
	}
}

func (s *Server) tokenOK(token string) bool {
	if s.cfg.token == "" {
		return token != ""
	}
	return token == "Bot "+s.cfg.token
}

func (s *Server) identifyLocked(c *conn, d json.RawMessage) {
	// Not discordgo.Identify: it cannot decode its own presence (created_at
	// is sent as a time string but decoded as an int64).
	var in struct {
		Token          string                       `json:"token"`
		Properties     discordgo.IdentifyProperties `json:"properties"`
		Compress       bool                         `json:"compress"`
		LargeThreshold int                          `json:"large_threshold"`
		Shard          *[2]int                      `json:"shard"`
		Intents        discordgo.Intent             `json:"intents"`
	}
	if err := json.Unmarshal(d, &in); err != nil {
		s.closeConnLocked(c, 4002)
		return
	}
	id := discordgo.Identify{
		Token: in.Token, Properties: in.Properties, Compress: in.Compress,
		LargeThreshold: in.LargeThreshold, Shard: in.Shard, Intents: in.Intents,
	}
	if c.sess != nil && !c.sess.invalid && c.sess.conn == c {
		s.closeConnLocked(c, 4005)
		return
	}
	if !s.tokenOK(id.Token) {
		s.closeConnLocked(c, 4004)
		s.logLocked("gateway: IDENTIFY with a wrong token, closing 4004")
		return
	}
	shard := [2]int{0, 1}
	if id.Shard != nil {
		shard = *id.Shard
	}
	if shard[1] < 1 || shard[0] < 0 || shard[0] >= shard[1] {
		s.closeConnLocked(c, 4010)
		return
	}
	if c.sess != nil {
		c.sess.invalid = true
		c.sess.conn = nil
	}
	sess := &session{id: randHex(16), token: id.Token, shard: shard, intents: id.Intents, conn: c}
	c.sess = sess
	s.sessions[sess.id] = sess
	s.current[shard[0]] = sess
	s.identifies++
	s.identifyPayloads = append(s.identifyPayloads, id)

	version := 9
	if v, err := strconv.Atoi(c.query.Get("v")); err == nil {
		version = v
	}
	var guilds []map[string]any
	var onShard []string
	for _, g := range []string{GuildID, OtherGuildID} {
		if ShardFor(g, shard[1]) == shard[0] {
			guilds = append(guilds, map[string]any{"id": g, "unavailable": true})
			onShard = append(onShard, g)
		}
	}
	ready := map[string]any{
		"v":                       version,
		"user":                    botUser(),
		"guilds":                  guilds,
		"session_id":              sess.id,
		"session_type":            "normal",
		"resume_gateway_url":      s.wsURL,
		"application":             map[string]any{"id": AppID, "flags": 1<<19 | 1<<23},
		"private_channels":        []any{},
		"relationships":           []any{},
		"presences":               []any{},
		"guild_join_requests":     []any{},
		"user_settings":           map[string]any{},
		"geo_ordered_rtc_regions": []string{"us-east", "us-central"},
		"_trace":                  []string{`["gateway-prd-fake",{"micros":1000}]`},
	}
	if id.Shard != nil {
		ready["shard"] = shard
	}
	if s.cfg.noApp {
		delete(ready, "application")
	}
	s.dispatchLocked(sess, "READY", mustJSON(ready))
	c.ready = true
	if id.Intents&discordgo.IntentGuilds != 0 {
		for _, g := range onShard {
			s.dispatchLocked(sess, "GUILD_CREATE", mustJSON(guildCreate(g)))
		}
	}
	s.logLocked("gateway: IDENTIFY shard %v intents %d → READY session %s", shard, id.Intents, sess.id)
}

func (s *Server) resumeLocked(c *conn, d json.RawMessage) {
	var r struct {
		Token     string `json:"token"`
		SessionID string `json:"session_id"`
		Seq       int64  `json:"seq"`
	}
	if err := json.Unmarshal(d, &r); err != nil {
		s.closeConnLocked(c, 4002)
		return
	}
	if !s.tokenOK(r.Token) {
		s.closeConnLocked(c, 4004)
		s.logLocked("gateway: RESUME with a wrong token, closing 4004")
		return
	}
	sess := s.sessions[r.SessionID]
	if sess == nil || sess.invalid || sess.token != r.Token ||
		(len(sess.buf) > 0 && r.Seq < sess.buf[0].seq-1) {
		// Not resumable: Discord answers INVALID_SESSION false and expects IDENTIFY.
		s.enqueueLocked(c, mustJSON(gatewayPayload{Op: 9, D: false}))
		s.logLocked("gateway: RESUME of unknown or invalid session %q → INVALID_SESSION", r.SessionID)
		return
	}
	if r.Seq > sess.seq {
		s.closeConnLocked(c, 4007)
		return
	}
	if old := sess.conn; old != nil && old != c {
		s.closeConnLocked(old, 4000)
	}
	c.sess = sess
	sess.conn = c
	replayed := 0
	for _, f := range sess.buf {
		if f.seq > r.Seq {
			s.enqueueLocked(c, f.data)
			replayed++
		}
	}
	s.dispatchLocked(sess, "RESUMED", mustJSON(map[string]any{"_trace": []string{`["gateway-prd-fake",{"micros":500}]`}}))
	c.ready = true
	s.resumes++
	s.logLocked("gateway: RESUME session %s from seq %d: replayed %d, RESUMED", sess.id, r.Seq, replayed)
}

// dispatchLocked sends an op 0 dispatch on sess with its next sequence
// number, or buffers it for replay when sess is disconnected.
func (s *Server) dispatchLocked(sess *session, event string, data json.RawMessage) {
	sess.seq++
	seq := sess.seq
	frame := mustJSON(gatewayPayload{Op: 0, D: data, S: &seq, T: &event})
	sess.buf = append(sess.buf, seqFrame{seq: seq, data: frame})
	if len(sess.buf) > replayBufferLen {
		sess.buf = sess.buf[len(sess.buf)-replayBufferLen:]
	}
	if c := sess.conn; c != nil && !c.closing {
		s.enqueueLocked(c, frame)
	}
}

// sessionForGuildLocked finds the session that gets a guild's events (shard 0 for
// events without a guild, as Discord does for DMs).
func (s *Server) sessionForGuildLocked(guildID string) (*session, error) {
	count := 1
	for _, sess := range s.current {
		if !sess.invalid {
			count = sess.shard[1]
			break
		}
	}
	shard := 0
	if guildID != "" {
		shard = ShardFor(guildID, count)
	}
	return s.shardSessionLocked(shard)
}

func (s *Server) shardSessionLocked(shard int) (*session, error) {
	sess := s.current[shard]
	if sess == nil || sess.invalid {
		return nil, fmt.Errorf("fakediscord: no gateway session on shard %d", shard)
	}
	return sess, nil
}

// Dispatch sends a dispatch (op 0) with the next sequence number to the
// session that Discord would send it to: the shard of data's guild_id, or
// shard 0 if it has none. data is marshalled to JSON (a discordgo struct, a
// map, or json.RawMessage). A session that is disconnected but resumable gets
// it on RESUME. It fails if no session has identified on that shard.
func (s *Server) Dispatch(event string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("fakediscord: marshal %s: %w", event, err)
	}
	var g struct {
		GuildID string `json:"guild_id"`
	}
	json.Unmarshal(raw, &g)
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, err := s.sessionForGuildLocked(g.GuildID)
	if err != nil {
		return fmt.Errorf("dispatch %s: %w", event, err)
	}
	s.dispatchLocked(sess, event, raw)
	s.notifyLocked()
	return nil
}

// DispatchShard is Dispatch to the session of a given shard.
func (s *Server) DispatchShard(shard int, event string, data any) error {
	raw, err := json.Marshal(data)
	if err != nil {
		return fmt.Errorf("fakediscord: marshal %s: %w", event, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sess, err := s.shardSessionLocked(shard)
	if err != nil {
		return fmt.Errorf("dispatch %s: %w", event, err)
	}
	s.dispatchLocked(sess, event, raw)
	s.notifyLocked()
	return nil
}

// liveConnsLocked returns the connections not being closed.
func (s *Server) liveConnsLocked() []*conn {
	var out []*conn
	for c := range s.conns {
		if !c.closing {
			out = append(out, c)
		}
	}
	return out
}

// CloseGateway closes every gateway connection with a close frame carrying
// code, after the frames already queued. Codes Discord treats as resumable
// (4000-4003, 4005, 4008) keep the session; others (4004, 4007, 4009, 4010…)
// end it, so a RESUME gets INVALID_SESSION.
//
// Call WaitReady before breaking a connection (CloseGateway, SendOp 7 or 9,
// DropConnection). discordgo v0.29.0 starts its heartbeat goroutine at the end
// of Open; if the connection dies before that goroutine's first heartbeat,
// the heartbeat fails on the dead connection and closes (with 1000) the
// connection the reader has just reopened, and the session then flaps every
// second, re-identifying, forever.
func (s *Server) CloseGateway(code int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, c := range s.liveConnsLocked() {
		s.closeConnLocked(c, code)
	}
	s.notifyLocked()
	s.logLocked("gateway: closing connections with %d", code)
}

// SendOp sends {"op":op,"d":d} to every connection: op 7 RECONNECT, op 9
// INVALID_SESSION (the connection must identify again; d false also ends the
// session, d true keeps it resumable from a new connection), op 1 to request
// a heartbeat. Call WaitReady first (see CloseGateway).
func (s *Server) SendOp(op int, d any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	frame := mustJSON(gatewayPayload{Op: op, D: d})
	for _, c := range s.liveConnsLocked() {
		if op == 9 {
			// The connection is no longer identified; the session stays
			// resumable (from a new connection) only if d is true.
			if sess := c.sess; sess != nil {
				if resumable, _ := d.(bool); !resumable {
					sess.invalid = true
				}
				if sess.conn == c {
					sess.conn = nil
				}
				c.sess = nil
			}
			c.ready = false
		}
		s.enqueueLocked(c, frame)
	}
	s.notifyLocked()
}

// DropConnection ends every gateway connection abruptly: a TCP reset, no
// close frame. Sessions stay resumable. Call WaitReady first (see CloseGateway).
func (s *Server) DropConnection() {
	s.mu.Lock()
	conns := s.liveConnsLocked()
	for _, c := range conns {
		s.detachLocked(c)
	}
	s.notifyLocked()
	s.mu.Unlock()
	for _, c := range conns {
		if tcp, ok := c.ws.NetConn().(*net.TCPConn); ok {
			tcp.SetLinger(0)
		}
		c.ws.Close()
	}
}

// SetToken changes the bot token the gateway and REST accept (as
// WithToken): a token "revoked" while a session is connected makes its next
// RESUME or IDENTIFY fail with close code 4004.
func (s *Server) SetToken(token string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.cfg.token = token
}

// SetHeartbeatAcks turns HEARTBEAT_ACK (op 11) answers on or off (on by
// default); off makes the connection look zombied to the client.
func (s *Server) SetHeartbeatAcks(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.acks = on
}

// WaitReady waits until some connection is live, has been sent READY or
// RESUMED, and has sent its first heartbeat: discordgo then runs both its
// reader and heartbeat goroutines, and the connection can be broken safely.
func (s *Server) WaitReady(ctx context.Context) error {
	return s.waitFor(ctx, "a ready gateway session", func() bool {
		for c := range s.conns {
			if c.ready && !c.closing && c.beats > 0 {
				return true
			}
		}
		return false
	})
}

// WaitIdentifies waits until n IDENTIFYs have been answered with READY.
func (s *Server) WaitIdentifies(ctx context.Context, n int) error {
	return s.waitFor(ctx, fmt.Sprintf("%d identifies", n), func() bool { return s.identifies >= n })
}

// WaitResumes waits until n RESUMEs have been answered with RESUMED.
func (s *Server) WaitResumes(ctx context.Context, n int) error {
	return s.waitFor(ctx, fmt.Sprintf("%d resumes", n), func() bool { return s.resumes >= n })
}

// Identifies counts IDENTIFYs answered with READY.
func (s *Server) Identifies() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.identifies
}

// Resumes counts RESUMEs answered with RESUMED.
func (s *Server) Resumes() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.resumes
}

// Heartbeats counts HEARTBEATs (op 1) received.
func (s *Server) Heartbeats() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.heartbeats
}

// Connections counts live gateway connections.
func (s *Server) Connections() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.liveConnsLocked())
}

// IdentifyPayloads returns the accepted IDENTIFY payloads (token, intents,
// shard, properties; not presence), oldest first.
func (s *Server) IdentifyPayloads() []discordgo.Identify {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]discordgo.Identify(nil), s.identifyPayloads...)
}

// Received returns every gateway payload clients sent, oldest first.
func (s *Server) Received() []Frame {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Frame(nil), s.received...)
}

func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("fakediscord: marshal %T: %v", v, err))
	}
	return b
}

// withSession waits until a session exists for guildID's shard and calls f
// with s.mu held and that session.
func (s *Server) withSession(ctx context.Context, guildID string, f func(*session)) error {
	var routeErr error
	err := s.waitFor(ctx, "a gateway session", func() bool {
		sess, err := s.sessionForGuildLocked(guildID)
		routeErr = err
		if err != nil {
			return false
		}
		f(sess)
		s.notifyLocked()
		return true
	})
	if err != nil && routeErr != nil {
		return fmt.Errorf("%w (%v)", err, routeErr)
	}
	return err
}
