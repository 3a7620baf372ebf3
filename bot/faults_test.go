package bot

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// metricValue is a counter's or gauge's value (a histogram's count) with
// the given label pairs; 0 when there is none.
func metricValue(t *testing.T, reg *prometheus.Registry, name string, labels ...string) float64 {
	t.Helper()
	mfs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
	next:
		for _, m := range mf.GetMetric() {
			for i := 0; i+1 < len(labels); i += 2 {
				found := false
				for _, lp := range m.GetLabel() {
					if lp.GetName() == labels[i] && lp.GetValue() == labels[i+1] {
						found = true
					}
				}
				if !found {
					continue next
				}
			}
			switch {
			case m.GetCounter() != nil:
				return m.GetCounter().GetValue()
			case m.GetGauge() != nil:
				return m.GetGauge().GetValue()
			case m.GetHistogram() != nil:
				return float64(m.GetHistogram().GetSampleCount())
			}
		}
	}
	return 0
}

// waitMetric waits (up to 5 s) for a metric to reach want: handlers count
// a question just after answering it.
func waitMetric(t *testing.T, reg *prometheus.Registry, want float64, name string, labels ...string) float64 {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		got := metricValue(t, reg, name, labels...)
		if got >= want || time.Now().After(deadline) {
			return got
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// callbackStatuses are the statuses the fake answered an interaction's
// callbacks with, in order.
func (h *harness) callbackStatuses(id, token string) []int {
	var out []int
	for _, c := range h.fd.Calls() {
		if c.Route == "/interactions/"+id+"/"+token+"/callback" {
			out = append(out, c.Status)
		}
	}
	return out
}

// TestFaults injects Discord's failures, REST and gateway, and checks the
// bot still answers (or tells the user), and counts what happened.
func TestFaults(t *testing.T) {
	h := newHarness(t)
	help := func(t *testing.T) (id, token string) {
		t.Helper()
		ctx := ctxT(t)
		id, token, err := h.fd.Interact(ctx, fakediscord.Interaction{Name: "help", UserID: h.user()})
		if err != nil {
			t.Fatal(err)
		}
		route := "/interactions/" + id + "/" + token + "/callback"
		if _, err := h.fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == route && c.Status == http.StatusNoContent }); err != nil {
			t.Fatalf("no accepted callback: %v; statuses %v\n%s", err, h.callbackStatuses(id, token), h.logs)
		}
		return id, token
	}

	for _, tc := range []struct {
		name       string
		status     int
		retryAfter float64
		global     bool
		want       []int
	}{
		{"429 on the route is waited out", 429, 0.2, false, []int{429, 204}},
		{"global 429 is waited out", 429, 0.2, true, []int{429, 204}},
		{"502 is retried", 502, 0, false, []int{502, 204}},
		{"503 is retried", 503, 0, false, []int{503, 204}},
		{"504 is retried", 504, 0, false, []int{504, 204}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h.fd.FailNext(http.MethodPost, "/interactions/", 1, tc.status, tc.retryAfter, tc.global)
			start := time.Now()
			id, token := help(t)
			if got := h.callbackStatuses(id, token); !slices.Equal(got, tc.want) {
				t.Errorf("callback statuses %v; want %v", got, tc.want)
			}
			if tc.status == 429 && time.Since(start) < 150*time.Millisecond {
				t.Errorf("answered after %v: retry_after 0.2 s was not waited out", time.Since(start))
			}
		})
	}

	t.Run("500 on a callback is not repeated blindly: the user is told", func(t *testing.T) {
		before := metricValue(t, h.reg, "talksbot_questions_total", "command", "help", "outcome", OutcomeError)
		h.fd.FailNext(http.MethodPost, "/interactions/", 1, 500, 0, false)
		id, token := help(t)
		if got := h.callbackStatuses(id, token); !slices.Equal(got, []int{500, 204}) {
			t.Fatalf("callback statuses %v; want [500 204]", got)
		}
		c, _ := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return c.Route == "/interactions/"+id+"/"+token+"/callback" && c.Status == 204
		})
		if !strings.Contains(string(c.Payload()), "Discord had a problem on its side (HTTP 500)") || !strings.Contains(string(c.Payload()), `"flags":64`) {
			t.Errorf("after a 500 the user got %s; want a private error", c.Payload())
		}
		if got := waitMetric(t, h.reg, before+1, "talksbot_questions_total", "command", "help", "outcome", OutcomeError); got != before+1 {
			t.Errorf("questions_total{help,error} = %v; want %v", got, before+1)
		}
	})

	ready := func(t *testing.T) {
		t.Helper()
		if err := h.fd.WaitReady(ctxT(t)); err != nil {
			t.Fatal(err)
		}
	}
	t.Run("close 4000 resumes", func(t *testing.T) {
		ready(t)
		resumes, reconnects := h.fd.Resumes(), metricValue(t, h.reg, "talksbot_gateway_reconnects_total")
		h.fd.CloseGateway(4000)
		if err := h.fd.WaitResumes(ctxT(t), resumes+1); err != nil {
			t.Fatal(err)
		}
		help(t)
		if got := metricValue(t, h.reg, "talksbot_gateway_reconnects_total"); got != reconnects+1 {
			t.Errorf("reconnects_total = %v; want %v", got, reconnects+1)
		}
		if got := metricValue(t, h.reg, "talksbot_gateway_closes_total", "code", "4000"); got != 1 {
			t.Errorf("closes_total{4000} = %v; want 1", got)
		}
		if !h.bot.Connected() || metricValue(t, h.reg, "talksbot_gateway_connected") != 1 {
			t.Error("not connected after resuming")
		}
	})
	t.Run("op 7 reconnect resumes", func(t *testing.T) {
		ready(t)
		resumes := h.fd.Resumes()
		h.fd.SendOp(7, nil)
		if err := h.fd.WaitResumes(ctxT(t), resumes+1); err != nil {
			t.Fatal(err)
		}
		help(t)
	})
	t.Run("op 9 invalid session identifies again", func(t *testing.T) {
		ready(t)
		ids := h.fd.Identifies()
		h.fd.SendOp(9, false)
		if err := h.fd.WaitIdentifies(ctxT(t), ids+1); err != nil {
			t.Fatal(err)
		}
		help(t)
	})
	t.Run("TCP reset resumes", func(t *testing.T) {
		ready(t)
		resumes := h.fd.Resumes()
		h.fd.DropConnection()
		if err := h.fd.WaitResumes(ctxT(t), resumes+1); err != nil {
			t.Fatal(err)
		}
		help(t)
	})

	t.Run("questions are counted by command and outcome", func(t *testing.T) {
		ask := func(q string) {
			h.interact(t, fakediscord.Interaction{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(q))}})
		}
		a0 := metricValue(t, h.reg, "talksbot_questions_total", "command", "ask", "outcome", OutcomeAnswered)
		n0 := metricValue(t, h.reg, "talksbot_questions_total", "command", "ask", "outcome", OutcomeNotFound)
		ask(qTroops)
		ask(qNothing)
		ask(qNothing)
		if got := waitMetric(t, h.reg, a0+1, "talksbot_questions_total", "command", "ask", "outcome", OutcomeAnswered); got != a0+1 {
			t.Errorf("ask answered = %v; want %v", got, a0+1)
		}
		if got := waitMetric(t, h.reg, n0+2, "talksbot_questions_total", "command", "ask", "outcome", OutcomeNotFound); got != n0+2 {
			t.Errorf("ask not_found = %v; want %v", got, n0+2)
		}
		if got := waitMetric(t, h.reg, 3, "talksbot_question_duration_seconds", "command", "ask"); got < 3 {
			t.Errorf("latency observations for ask = %v; want ≥ 3", got)
		}
		if got := metricValue(t, h.reg, "talksbot_unknown_question_ratio"); got <= 0 || got >= 1 {
			t.Errorf("unknown_question_ratio = %v; want between 0 and 1", got)
		}
	})

	if strings.Contains(h.logs.String(), testToken) {
		t.Error("the token appears in the logs")
	}
}

// TestGatewayAuthFailed: Discord closes the connection with 4004 (the token
// was reset while the bot ran). Run stops and says why, instead of
// reconnecting forever as discordgo would (upstream #1544).
func TestGatewayAuthFailed(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(testToken))
	logs := &syncBuffer{}
	api, _ := ParseAPIURL(fd.URL())
	s, err := NewSession(testToken, api)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fakediscord.CloseSession(s) })
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3},
		Logger: slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, fakediscord.GuildID) }()
	if err := fd.WaitReady(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool { return strings.HasSuffix(c.Route, "/commands") }); err != nil {
		t.Fatal(err)
	}
	fd.SetToken("the-token-was-reset")
	fd.CloseGateway(4004)
	select {
	case err := <-done:
		var ge *GatewayError
		if !errors.As(err, &ge) || ge.Code != 4004 || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
			t.Fatalf("Run = %v; want a GatewayError 4004 naming DISCORD_TOKEN", err)
		}
	case <-time.After(15 * time.Second):
		t.Fatalf("Run did not return after close 4004\n%s", logs)
	}
	// No reconnect loop: nothing dials the gateway any more.
	time.Sleep(1500 * time.Millisecond)
	if n := fd.Connections(); n != 0 {
		t.Errorf("%d gateway connections after a 4004; want 0", n)
	}
	if fd.Identifies() != 1 || fd.Resumes() != 0 {
		t.Errorf("identifies %d, resumes %d after a 4004; want 1, 0", fd.Identifies(), fd.Resumes())
	}
	if b.Connected() {
		t.Error("Connected after a 4004")
	}
	if !strings.Contains(logs.String(), "authentication failed") || strings.Contains(logs.String(), testToken) {
		t.Errorf("log:\n%s", logs)
	}
}

// TestOpenAuthFailed: a wrong token at start is a GatewayError at once.
func TestOpenAuthFailed(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken("the-right-one"))
	api, _ := ParseAPIURL(fd.URL())
	s, _ := NewSession(testToken, api)
	t.Cleanup(func() { fakediscord.CloseSession(s) })
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3}})
	err := b.Run(context.Background(), s, "")
	var ge *GatewayError
	if !errors.As(err, &ge) || ge.Code != 4004 {
		t.Fatalf("Run with a wrong token = %v; want a GatewayError 4004", err)
	}
}

// wsFrame is a server frame: unmasked, FIN set.
func wsFrame(op byte, payload []byte) []byte {
	out := []byte{0x80 | op}
	switch n := len(payload); {
	case n < 126:
		out = append(out, byte(n))
	case n <= 0xffff:
		out = append(out, 126, byte(n>>8), byte(n))
	default:
		out = append(out, 127)
		out = binary.BigEndian.AppendUint64(out, uint64(n))
	}
	return append(out, payload...)
}

func TestCloseSniffer(t *testing.T) {
	var stream bytes.Buffer
	stream.WriteString("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")
	stream.Write(wsFrame(1, []byte(`{"op":10,"d":{"heartbeat_interval":41250}}`)))
	stream.Write(wsFrame(1, bytes.Repeat([]byte("x"), 300)))      // 16-bit length
	stream.Write(wsFrame(2, bytes.Repeat([]byte("\x88"), 70000))) // 64-bit length, close-like bytes inside
	stream.Write(wsFrame(9, nil))                                 // ping
	stream.Write(wsFrame(8, []byte{0x0f, 0xa0}))                  // 4000
	stream.Write(wsFrame(8, nil))                                 // no status
	stream.Write(wsFrame(8, append([]byte{0x0f, 0xa4}, "Authentication failed."...)))
	for _, chunk := range []int{1, 2, 3, 7, 100, 4096, stream.Len()} {
		var codes []int
		c := &closeSniffer{onClose: func(code int) { codes = append(codes, code) }}
		b := stream.Bytes()
		for len(b) > 0 {
			n := min(len(b), 1+rand.IntN(chunk))
			c.feed(b[:n])
			b = b[n:]
		}
		if !slices.Equal(codes, []int{4000, 4004}) {
			t.Errorf("chunks up to %d bytes: close codes %v; want [4000 4004]", chunk, codes)
		}
	}
}

// TestAttachmentHosts: /ingest file: downloads only from Discord's CDN
// (over HTTPS), never from an address a user could choose.
func TestAttachmentHosts(t *testing.T) {
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{}})
	for _, tc := range []struct {
		url string
		ok  bool
	}{
		{"https://cdn.discordapp.com/attachments/1/2/a.md", true},
		{"https://media.discordapp.net/attachments/1/2/a.md", true},
		{"http://cdn.discordapp.com/attachments/1/2/a.md", false},
		{"https://cdn.discordapp.com.evil.example/a.md", false},
		{"https://169.254.169.254/latest/meta-data/", false},
		{"https://127.0.0.1:8080/a.md", false},
		{"file:///etc/passwd", false},
		{"https://user@evil.example/@cdn.discordapp.com/", false},
	} {
		u, err := url.Parse(tc.url)
		if err != nil {
			t.Fatal(err)
		}
		if got := b.attachmentHostAllowed(u); got != tc.ok {
			t.Errorf("attachmentHostAllowed(%s) = %v; want %v", tc.url, got, tc.ok)
		}
	}
}

// TestAttachmentRedirectHops: an attachment host that redirects to any
// other host is not followed: every hop is checked, not just the first.
func TestAttachmentRedirectHops(t *testing.T) {
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, "secret from a private service")
	}))
	defer inside.Close()
	cdn := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/redirect.md" {
			http.Redirect(w, r, inside.URL+"/a.md", http.StatusFound)
			return
		}
		io.WriteString(w, "An article.")
	}))
	defer cdn.Close()
	host := strings.TrimPrefix(cdn.URL, "http://")
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{}, AttachmentHosts: []string{host}})
	rc, err := b.download(t.Context(), &discordgo.MessageAttachment{URL: cdn.URL + "/a.md"})
	if err != nil {
		t.Fatalf("download from the attachment host: %v", err)
	}
	rc.Close()
	if rc, err := b.download(t.Context(), &discordgo.MessageAttachment{URL: cdn.URL + "/redirect.md"}); err == nil {
		data, _ := io.ReadAll(rc)
		rc.Close()
		t.Errorf("a redirect to another host was followed: %q", data)
	} else if !strings.Contains(err.Error(), "redirected elsewhere") {
		t.Errorf("redirect refused with %v; want a user error", err)
	}
}
