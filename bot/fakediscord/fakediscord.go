// Package fakediscord is an in-process fake of Discord's REST API and gateway for tests: real discordgo Sessions talk to it over real HTTP and websockets.
//
// A test starts a Server with New, gets a Session wired to it with NewSession,
// opens it, and then plays Discord's part: Interact sends an INTERACTION_CREATE
// shaped like Discord's, Dispatch sends any other event, CloseGateway, SendOp
// and DropConnection break the gateway, FailNext injects 429s and 5xx. Every
// REST request is recorded (Calls, WaitCall), and the fake keeps enough state
// (commands, interaction responses, messages) to answer like Discord, including
// its 400 "Invalid Form Body" errors for oversized messages.
package fakediscord

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
)

// IDs of the fake world. Guild snowflakes are chosen so that, with two shards,
// GuildID lands on shard 0 and OtherGuildID on shard 1 ((id >> 22) % 2).
const (
	AppID          = "100000000000000001" // the application (same as a bot's client ID)
	BotUserID      = "100000000000000002" // the bot's user
	BotUsername    = "talksbot"
	GuildID        = "100000000000000010" // default guild, shard 0 of 2
	ChannelID      = "100000000000000011" // text channel in GuildID
	OtherGuildID   = "110000000000000000" // second guild, shard 1 of 2
	OtherChannelID = "110000000000000001" // text channel in OtherGuildID
	UserID         = "100000000000000020" // default user who interacts
	DMChannelID    = "100000000000000021" // DM channel between UserID and the bot
	OwnerID        = "100000000000000030" // owner of both guilds
)

// Permission sets for Interaction.Permissions.
const (
	// MemberPermissions is what a plain member has in a text channel; it is
	// used when Interaction.Permissions is zero.
	MemberPermissions int64 = discordgo.PermissionCreateInstantInvite | discordgo.PermissionAddReactions |
		discordgo.PermissionViewChannel | discordgo.PermissionSendMessages | discordgo.PermissionEmbedLinks |
		discordgo.PermissionAttachFiles | discordgo.PermissionReadMessageHistory |
		discordgo.PermissionUseExternalEmojis | discordgo.PermissionVoiceConnect | discordgo.PermissionVoiceSpeak |
		discordgo.PermissionChangeNickname | discordgo.PermissionUseApplicationCommands |
		discordgo.PermissionCreatePublicThreads | discordgo.PermissionSendMessagesInThreads
	// AdminPermissions is what Discord sends for an administrator: every bit.
	AdminPermissions int64 = discordgo.PermissionAll | discordgo.PermissionAdministrator
)

const (
	discordEpoch    = 1420070400000 // ms, 2015-01-01
	gatewayPath     = "/gateway-ws"
	maxRequestBody  = 32 << 20
	replayBufferLen = 2000
)

// Option configures a Server.
type Option func(*config)

type config struct {
	token     string        // bare bot token expected on IDENTIFY/RESUME and REST; "" accepts any
	heartbeat time.Duration // heartbeat_interval sent in HELLO
	deadline  time.Duration // time allowed for the initial interaction response
	rlLimit   int           // requests per bucket per window
	rlWindow  time.Duration
	noApp     bool // READY without "application", GET /oauth2/applications/@me not served
}

// WithToken makes the fake check the bot token: IDENTIFY and RESUME must carry
// "Bot "+token (else close code 4004) and REST calls an Authorization header of
// "Bot "+token (else 401). Without it any non-empty token is accepted.
func WithToken(token string) Option { return func(c *config) { c.token = token } }

// WithHeartbeatInterval sets the heartbeat_interval sent in HELLO (default 41.25 s).
func WithHeartbeatInterval(d time.Duration) Option { return func(c *config) { c.heartbeat = d } }

// WithInteractionDeadline sets how long after Interact the initial response is
// accepted (default 3 s, discordgo.InteractionDeadline, like Discord); later
// callbacks get 404 {"code":10062,"message":"Unknown interaction"}.
func WithInteractionDeadline(d time.Duration) Option { return func(c *config) { c.deadline = d } }

// WithoutApplication makes the fake one of the Discord-compatible servers
// that do not say which application the bot is: READY has no
// "application" object and GET /oauth2/applications/@me answers 404 with
// a plain-text body, as a server that does not serve the route does.
func WithoutApplication() Option { return func(c *config) { c.noApp = true } }

// WithRateLimit sets the per-bucket rate limit the fake reports in
// X-RateLimit-* headers and enforces with 429s (default 50 per second, loose
// enough that tests are never slowed down).
func WithRateLimit(limit int, window time.Duration) Option {
	return func(c *config) { c.rlLimit, c.rlWindow = limit, window }
}

// Call is one recorded REST request.
type Call struct {
	Method string
	Path   string // as requested, e.g. /api/v9/interactions/123/tok/callback
	Route  string // Path without the /api/vN prefix, e.g. /interactions/123/tok/callback
	Query  url.Values
	Header http.Header
	Body   []byte
	Status int // status the fake answered with
}

// Payload returns the JSON the request carried: the body itself, or the
// payload_json part of a multipart body (requests with files).
func (c Call) Payload() []byte {
	p, _, err := splitBody(c.Header.Get("Content-Type"), c.Body)
	if err != nil {
		return nil
	}
	return p
}

// Decode unmarshals Payload into v.
func (c Call) Decode(v any) error {
	if err := json.Unmarshal(c.Payload(), v); err != nil {
		return fmt.Errorf("decode %s %s payload: %w", c.Method, c.Route, err)
	}
	return nil
}

// Files returns the files of a multipart request.
func (c Call) Files() []File {
	_, files, _ := splitBody(c.Header.Get("Content-Type"), c.Body)
	return files
}

// File is one file uploaded with a multipart request.
type File struct {
	Name        string
	ContentType string
	Data        []byte
}

// Frame is one payload a client sent on the gateway.
type Frame struct {
	Op    int
	Data  json.RawMessage
	Shard int
}

type fault struct {
	method, prefix string
	n              int
	status         int
	retryAfter     float64
	global         bool
}

// Server is the fake Discord. All methods are safe for concurrent use.
type Server struct {
	tb     testing.TB
	srv    *httptest.Server
	wsURL  string
	client *http.Client
	cfg    config

	wg sync.WaitGroup // gateway goroutines

	mu       sync.Mutex
	changed  chan struct{} // closed and replaced whenever state changes
	closed   bool
	calls    []Call
	faults   []*fault
	buckets  map[string]*bucket
	commands map[string][]map[string]any // by scope: "" global, else guild ID
	ixByID   map[string]*ixn
	ixByTok  map[string]*ixn
	msgs     map[string]*storedMsg
	msgOrder []string
	threads  map[string]*thread
	conns    map[*conn]bool
	sessions map[string]*session
	current  map[int]*session // latest session per shard ID
	acks     bool

	identifies, resumes, heartbeats int
	identifyPayloads                []discordgo.Identify
	received                        []Frame
	idSeq                           uint64
}

// New starts a fake Discord on a local port; t.Cleanup stops it.
// REST lives under /api/v9/..., the gateway websocket at /gateway-ws.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	cfg := config{
		heartbeat: 41250 * time.Millisecond,
		deadline:  discordgo.InteractionDeadline,
		rlLimit:   50,
		rlWindow:  time.Second,
	}
	for _, o := range opts {
		o(&cfg)
	}
	s := &Server{
		tb:       tb,
		cfg:      cfg,
		changed:  make(chan struct{}),
		buckets:  map[string]*bucket{},
		commands: map[string][]map[string]any{},
		ixByID:   map[string]*ixn{},
		ixByTok:  map[string]*ixn{},
		msgs:     map[string]*storedMsg{},
		threads:  map[string]*thread{},
		conns:    map[*conn]bool{},
		sessions: map[string]*session{},
		current:  map[int]*session{},
		acks:     true,
	}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serveHTTP))
	s.wsURL = "ws" + strings.TrimPrefix(s.srv.URL, "http") + gatewayPath
	target, err := url.Parse(s.srv.URL)
	if err != nil {
		tb.Fatalf("fakediscord: parse server URL: %v", err)
	}
	transport := &http.Transport{}
	s.client = &http.Client{
		Transport: &rewriteTransport{base: transport, target: target},
		Timeout:   20 * time.Second,
	}
	tb.Cleanup(func() {
		s.shutdown()
		transport.CloseIdleConnections()
	})
	return s
}

func (s *Server) shutdown() {
	s.mu.Lock()
	s.closed = true
	var conns []*conn
	for c := range s.conns {
		conns = append(conns, c)
	}
	s.mu.Unlock()
	for _, c := range conns {
		c.ws.Close()
	}
	s.wg.Wait()
	s.srv.Close()
}

// URL returns the base URL of the HTTP server, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.srv.URL }

// GatewayURL returns the gateway's websocket URL (also returned by GET /gateway).
func (s *Server) GatewayURL() string { return s.wsURL }

// Client returns an http.Client that sends every request, whatever its host
// (discord.com…), to this server, keeping path and query.
func (s *Server) Client() *http.Client { return s.client }

type rewriteTransport struct {
	base   http.RoundTripper
	target *url.URL
}

func (rt *rewriteTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = rt.target.Scheme
	r2.URL.Host = rt.target.Host
	r2.Host = rt.target.Host
	return rt.base.RoundTrip(r2)
}

// NewSession returns a discordgo Session for "Bot "+token wired to this
// server: its Client is Client(), SyncEvents is on (handlers run inline, in
// order), State is enabled and ShouldReconnectOnError stays true. It is not
// opened. Cleanup turns reconnecting off and closes it (discordgo's Close
// sleeps about a second when the session is open).
func (s *Server) NewSession(tb testing.TB, token string) *discordgo.Session {
	tb.Helper()
	dg, err := discordgo.New("Bot " + token)
	if err != nil {
		tb.Fatalf("fakediscord: discordgo.New: %v", err)
	}
	dg.Client = s.Client()
	dg.SyncEvents = true
	dg.StateEnabled = true
	tb.Cleanup(func() { CloseSession(dg) })
	return dg
}

// CloseSession turns reconnecting off and closes dg. It is what NewSession's
// cleanup does; call it yourself to close several sessions in parallel.
func CloseSession(dg *discordgo.Session) {
	dg.Lock()
	dg.ShouldReconnectOnError = false
	dg.Unlock()
	dg.Close()
}

// logf logs to the test while it is running.
func (s *Server) logf(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.logLocked(format, args...)
}

// logLocked is logf with s.mu held. Holding it keeps logging ordered before
// shutdown, so nothing is logged after the test has finished.
func (s *Server) logLocked(format string, args ...any) {
	if !s.closed {
		s.tb.Logf("fakediscord: "+format, args...)
	}
}

// notifyLocked wakes every waiter. Call with s.mu held.
func (s *Server) notifyLocked() {
	close(s.changed)
	s.changed = make(chan struct{})
}

// waitFor waits until cond, called with s.mu held, returns true.
func (s *Server) waitFor(ctx context.Context, what string, cond func() bool) error {
	for {
		s.mu.Lock()
		if cond() {
			s.mu.Unlock()
			return nil
		}
		ch := s.changed
		s.mu.Unlock()
		select {
		case <-ctx.Done():
			return fmt.Errorf("fakediscord: wait for %s: %w", what, ctx.Err())
		case <-ch:
		}
	}
}

// newIDLocked returns a fresh snowflake for the current time.
func (s *Server) newIDLocked() string {
	s.idSeq++
	ms := uint64(time.Now().UnixMilli() - discordEpoch)
	return strconv.FormatUint(ms<<22|(s.idSeq&0x1FFFF), 10)
}

func randHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// ShardFor returns the shard that receives a guild's events: (id >> 22) % count.
func ShardFor(guildID string, count int) int {
	id, err := strconv.ParseUint(guildID, 10, 64)
	if err != nil || count < 1 {
		return 0
	}
	return int((id >> 22) % uint64(count))
}

// Calls returns every recorded REST request, oldest first.
func (s *Server) Calls() []Call {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Call(nil), s.calls...)
}

// WaitCall returns the first recorded call matching match, waiting for one if
// none has been recorded yet.
func (s *Server) WaitCall(ctx context.Context, match func(Call) bool) (Call, error) {
	var found Call
	err := s.waitFor(ctx, "REST call", func() bool {
		for _, c := range s.calls {
			if match(c) {
				found = c
				return true
			}
		}
		return false
	})
	return found, err
}

// Reset forgets the recorded calls (and the gateway frames clients sent).
func (s *Server) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.calls = nil
	s.received = nil
	s.notifyLocked()
}

// FailNext makes the next n REST requests whose method is method ("" for any)
// and whose path starts with pathPrefix (with or without /api/v9) fail with
// status. A 429 carries Discord's body {"message":"You are being rate
// limited.","retry_after":retryAfter,"global":global} and headers (Retry-After,
// X-RateLimit-Scope, and X-RateLimit-Global for a global limit, or the
// bucket's X-RateLimit-* with Remaining 0 otherwise); other statuses carry
// {"message":"<status>: <text>","code":0}.
func (s *Server) FailNext(method, pathPrefix string, n int, status int, retryAfter float64, global bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.faults = append(s.faults, &fault{
		method: strings.ToUpper(method), prefix: pathPrefix, n: n,
		status: status, retryAfter: retryAfter, global: global,
	})
}

func (s *Server) takeFaultLocked(method, path, route string) *fault {
	for i, f := range s.faults {
		if f.method != "" && f.method != method {
			continue
		}
		if !strings.HasPrefix(path, f.prefix) && !strings.HasPrefix(route, f.prefix) {
			continue
		}
		f.n--
		if f.n <= 0 {
			s.faults = append(s.faults[:i], s.faults[i+1:]...)
		}
		return f
	}
	return nil
}
