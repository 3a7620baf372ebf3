package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"image/png"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/index/chart"
)

const serveToken = "MTAwMDAwMDAwMDAwMDAwMDAy.serve.very-secret-token-value"

// lockedBuffer is a goroutine-safe bytes.Buffer.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// startServe runs `talksbot serve` against a fake Discord until the test
// ends, and returns its log and a wait for its exit.
// waitCommands waits until serve has registered its commands in the guild.
func waitCommands(ctx context.Context, t *testing.T, fd *fakediscord.Server, logs *lockedBuffer) {
	t.Helper()
	if _, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Method == http.MethodPut && strings.HasSuffix(c.Route, "/guilds/"+fakediscord.GuildID+"/commands") && c.Status == 200
	}); err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
}

func startServe(t *testing.T, fd *fakediscord.Server, env map[string]string, args ...string) (*lockedBuffer, func() error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	logs := &lockedBuffer{}
	env["DISCORD_TOKEN"] = serveToken
	env["DISCORD_API_URL"] = fd.URL()
	if env["TALKSBOT_DATA"] == "" {
		env["TALKSBOT_DATA"] = t.TempDir()
	}
	if _, ok := env["TALKSBOT_ADMIN_ADDR"]; !ok {
		env["TALKSBOT_ADMIN_ADDR"] = "127.0.0.1:0"
	}
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, append([]string{"serve"}, args...), func(k string) string { return env[k] }, logs, logs)
	}()
	var once sync.Once
	var err error
	stop := func() error {
		once.Do(func() {
			cancel()
			select {
			case err = <-done:
			case <-time.After(20 * time.Second):
				t.Error("serve did not stop")
			}
		})
		return err
	}
	t.Cleanup(func() { stop() })
	return logs, stop
}

func TestServeGateway(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	waitCommands(ctx, t, fd, logs)
	id, token, err := fd.Interact(ctx, fakediscord.Interaction{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "How many U.S. troops are in Iraq?"}}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == "/interactions/"+id+"/"+token+"/callback" })
	if err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Embeds []*discordgo.MessageEmbed `json:"embeds"`
		} `json:"data"`
	}
	json.Unmarshal(c.Payload(), &resp)
	if c.Status != http.StatusNoContent || resp.Type != 4 || len(resp.Data.Embeds) != 1 || len(resp.Data.Embeds[0].Fields) == 0 || !strings.Contains(resp.Data.Embeds[0].Fields[0].Value, "troops") {
		t.Errorf("answer: %d %s", c.Status, c.Payload())
	} else if head := resp.Data.Embeds[0].Description; !strings.HasPrefix(head, "**Answer:**") || !strings.Contains(head, "2,000") || !strings.Contains(head, "2,500") {
		// The headline question is answered, the latest figure first and the 2024 one after it.
		t.Errorf("the headline question is not answered with both figures: %q", head)
	}
	if testing.Verbose() {
		t.Logf("answer: %s", c.Payload())
	}

	// The fact views, from the real index: within Discord's limits (the
	// fake refuses anything else with a 400).
	for _, in := range []fakediscord.Interaction{
		{Name: "troops"}, {Name: "parties"}, {Name: "conditions"}, {Name: "timeline"}, {Name: "summary"},
		{Name: "summary", Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "topic", Type: discordgo.ApplicationCommandOptionString, Value: "bases"}}},
		{Name: "sources"}, {Name: "help"},
	} {
		in.UserID = "2000000000000000" + strconv.Itoa(10+len(in.Name)+len(in.Options))
		id, token, err := fd.Interact(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		c, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == "/interactions/"+id+"/"+token+"/callback" })
		if err != nil {
			t.Fatalf("/%s: %v\n%s", in.Name, err, logs)
		}
		var resp struct {
			Type int `json:"type"`
			Data struct {
				Flags  int                       `json:"flags"`
				Embeds []*discordgo.MessageEmbed `json:"embeds"`
			} `json:"data"`
		}
		json.Unmarshal(c.Payload(), &resp)
		if in.Name == "troops" || in.Name == "timeline" {
			// With its chart: deferred, then an edit carrying the PNG,
			// shown as the embed's image.
			if c.Status != http.StatusNoContent || resp.Type != 5 {
				t.Errorf("/%s: %d %s; want a deferred reply", in.Name, c.Status, c.Payload())
				continue
			}
			edit, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
				return c.Method == http.MethodPatch && strings.HasPrefix(c.Route, "/webhooks/"+fakediscord.AppID+"/"+token)
			})
			if err != nil {
				t.Fatalf("/%s: no edit with the chart: %v\n%s", in.Name, err, logs)
			}
			files := edit.Files()
			if len(files) != 1 || files[0].Name != in.Name+".png" {
				t.Fatalf("/%s: files %+v", in.Name, files)
			}
			// The phone layout, at twice its pixels: what Discord shows.
			w, h := chart.TroopsChart{}.PixelsAt(chart.Phone)
			if in.Name == "timeline" {
				w, h = chart.TimelineChart{}.PixelsAt(chart.Phone)
			}
			img, err := png.Decode(bytes.NewReader(files[0].Data))
			if err != nil || img.Bounds().Dx() != w || img.Bounds().Dy() != h || w != 2*chart.PhoneWidth {
				t.Errorf("/%s: the chart does not decode at %d×%d (the phone layout at scale 2): %v", in.Name, w, h, err)
			}
			if !strings.Contains(string(edit.Payload()), `"url":"attachment://`+in.Name+`.png"`) {
				t.Errorf("/%s: the embed does not show the chart: %s", in.Name, edit.Payload())
			}
			continue
		}
		if c.Status != http.StatusNoContent || resp.Type != 4 || len(resp.Data.Embeds) != 1 || (resp.Data.Flags != 0) != (in.Name == "help") {
			t.Errorf("/%s: %d %s", in.Name, c.Status, c.Payload())
		} else if e := resp.Data.Embeds[0]; len(e.Fields) == 0 && !strings.Contains(e.Description, "\n• ") && in.Name != "sources" {
			t.Errorf("/%s is empty: %s", in.Name, c.Payload())
		}
		if testing.Verbose() {
			t.Logf("/%s: %s", in.Name, c.Payload())
		}
	}

	// A moderator's /reindex: deferred, then progress and the result as
	// edits, through the real index.
	_, token, err = fd.Interact(ctx, fakediscord.Interaction{Name: "reindex", Permissions: fakediscord.AdminPermissions})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Method == http.MethodPatch && strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Index rebuilt")
	}); err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	if typ, _ := fd.Acked(token); typ != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Errorf("/reindex acknowledged with %d; want 5", typ)
	}
	if !strings.Contains(logs.String(), "moderator action") {
		t.Errorf("the reindex was not logged:\n%s", logs)
	}

	if err := stop(); err != nil {
		t.Fatalf("serve: %v", err)
	}
	out := logs.String()
	if !strings.Contains(out, "registered commands") || !strings.Contains(out, "shutting down") {
		t.Errorf("log:\n%s", out)
	}
	if strings.Contains(out, serveToken) || strings.Contains(out, strings.Split(serveToken, ".")[2]) {
		t.Errorf("the token appears in the log:\n%s", out)
	}
}

func TestServeHTTP(t *testing.T) {
	pub, priv, _ := ed25519.GenerateKey(rand.Reader)
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_PUBLIC_KEY": hex.EncodeToString(pub)}, "--http", "127.0.0.1:0")
	addr := regexp.MustCompile(` addr=(127\.0\.0\.1:\d+)`)
	var m []string
	for deadline := time.Now().Add(30 * time.Second); m == nil && time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		m = addr.FindStringSubmatch(logs.String())
	}
	if m == nil {
		t.Fatalf("serve --http did not say where it listens:\n%s", logs)
	}
	body := `{"id":"1","application_id":"` + fakediscord.AppID + `","type":1,"token":"t","version":1}`
	for _, c := range []struct {
		name string
		sig  string
		want int
	}{
		{"signed", "", http.StatusOK},
		{"unsigned", "none", http.StatusUnauthorized},
	} {
		req, _ := http.NewRequest(http.MethodPost, "http://"+m[1]+"/", strings.NewReader(body))
		if c.sig == "" {
			ts := strconv.FormatInt(time.Now().Unix(), 10)
			req.Header.Set("X-Signature-Timestamp", ts)
			req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))))
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s PING: %d; want %d", c.name, resp.StatusCode, c.want)
		}
	}
	if cmds := fd.Commands(""); len(cmds) != len(bot.Commands()) {
		t.Errorf("%d global commands registered; want %d", len(cmds), len(bot.Commands()))
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(logs.String(), serveToken) {
		t.Error("the token appears in the log")
	}
}

func TestServeNeedsToken(t *testing.T) {
	err := run(context.Background(), []string{"serve"}, func(string) string { return "" }, &bytes.Buffer{}, &bytes.Buffer{})
	if err == nil || !strings.Contains(err.Error(), "DISCORD_TOKEN") {
		t.Errorf("serve without a token: %v", err)
	}
}

// TestServeReconcilesOnStart: an article a crash left in the store but not
// in the index is indexed when serve starts.
func TestServeReconcilesOnStart(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCmd(t, data, "sources"); err != nil { // first run: store and index
		t.Fatal(err)
	}
	a := "---\nid: quux-report\ntitle: Quux report\noutlet: Test Wire\nurl: https://example.com/quux\npublished: 2026-11-20\nkind: article\n---\nThe Quuxian delegation reached Erbil on 20 November 2026.\n"
	if err := os.WriteFile(filepath.Join(data, "articles", "quux-report.md"), []byte(a), 0o644); err != nil {
		t.Fatal(err)
	}
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	logs, stop := startServe(t, fd, map[string]string{"TALKSBOT_DATA": data, "DISCORD_GUILD_ID": fakediscord.GuildID})
	deadline := time.Now().Add(20 * time.Second)
	for !strings.Contains(logs.String(), "reconciled the index") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not reconcile:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	for !strings.Contains(logs.String(), "answering; stop with Ctrl-C") {
		if time.Now().After(deadline) {
			t.Fatalf("serve did not start:\n%s", logs)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Fatalf("serve: %v\n%s", err, logs)
	}
	out, _, err := runCmd(t, data, "ask", "--json", "When did the Quuxian delegation reach Erbil?")
	if err != nil || !strings.Contains(out, `"article_id": "quux-report"`) {
		t.Errorf("reconciled article not answerable: %v\n%s", err, out)
	}
}
