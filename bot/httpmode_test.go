package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

func TestHTTPInteractions(t *testing.T) {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	fd := fakediscord.New(t)
	api, _ := ParseAPIURL(fd.URL())
	s, err := NewSession(testToken, api)
	if err != nil {
		t.Fatal(err)
	}
	ing := &fakeIngester{steps: 2}
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3}, Ingester: ing, ProgressEvery: -1})
	srv := httptest.NewServer(b.HTTPHandler(s, pub))
	defer srv.Close()

	post := func(body string, sign func(ts, body string) (string, string)) (int, []byte) {
		t.Helper()
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		if sign != nil {
			sig, ts2 := sign(ts, body)
			req.Header.Set("X-Signature-Ed25519", sig)
			req.Header.Set("X-Signature-Timestamp", ts2)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		out, _ := io.ReadAll(resp.Body)
		return resp.StatusCode, out
	}
	valid := func(ts, body string) (string, string) {
		return hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))), ts
	}
	ping := `{"id":"1","application_id":"` + fakediscord.AppID + `","type":1,"token":"tok","version":1}`

	for _, c := range []struct {
		name string
		body string
		sign func(ts, body string) (string, string)
		want int
	}{
		{"valid ping", ping, valid, http.StatusOK},
		{"missing signature", ping, nil, http.StatusUnauthorized},
		{"tampered body", ping, func(ts, body string) (string, string) {
			return valid(ts, strings.Replace(body, `"type":1`, `"type":2`, 1))
		}, http.StatusUnauthorized},
		{"wrong key", ping, func(ts, body string) (string, string) {
			_, other, _ := ed25519.GenerateKey(rand.Reader)
			return hex.EncodeToString(ed25519.Sign(other, []byte(ts+body))), ts
		}, http.StatusUnauthorized},
		{"stale timestamp", ping, func(ts, body string) (string, string) {
			old := strconv.FormatInt(time.Now().Add(-10*time.Minute).Unix(), 10)
			return valid(old, body)
		}, http.StatusUnauthorized},
		{"too large", `{"type":1,"pad":"` + strings.Repeat("x", 70<<10) + `"}`, valid, http.StatusRequestEntityTooLarge},
	} {
		t.Run(c.name, func(t *testing.T) {
			status, body := post(c.body, c.sign)
			if status != c.want {
				t.Fatalf("status %d (%s); want %d", status, body, c.want)
			}
			if status == http.StatusOK && strings.TrimSpace(string(body)) != `{"type":1}` {
				t.Errorf("PING answered %s; want PONG", body)
			}
		})
	}

	t.Run("command answered in the HTTP reply", func(t *testing.T) {
		ix := `{"id":"2","application_id":"` + fakediscord.AppID + `","type":2,"token":"tok2","version":1,"guild_id":"` + fakediscord.GuildID +
			`","channel_id":"` + fakediscord.ChannelID + `","member":{"user":{"id":"42","username":"u"},"roles":[],"permissions":"0"},` +
			`"data":{"id":"3","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"` + qEveryone + `"}]}}`
		status, body := post(ix, valid)
		if status != http.StatusOK {
			t.Fatalf("status %d: %s", status, body)
		}
		var resp struct {
			Type discordgo.InteractionResponseType `json:"type"`
			Data struct {
				Embeds []*discordgo.MessageEmbed `json:"embeds"`
			} `json:"data"`
		}
		json.Unmarshal(body, &resp)
		if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || len(resp.Data.Embeds) != 1 || !bytes.Contains(body, []byte(`"allowed_mentions":{"parse":[]`)) {
			t.Errorf("reply: %s", body)
		}
	})

	t.Run("replayed interaction runs once", func(t *testing.T) {
		ix := `{"id":"9","application_id":"` + fakediscord.AppID + `","type":2,"token":"tok9","version":1,"guild_id":"` + fakediscord.GuildID +
			`","channel_id":"` + fakediscord.ChannelID + `","member":{"user":{"id":"44","username":"mod"},"roles":[],"permissions":"32"},` +
			`"data":{"id":"10","name":"ingest","type":1,"options":[{"name":"url","type":3,"value":"https://example.com/replayed"}]}}`
		for i := 0; i < 3; i++ {
			if status, body := post(ix, valid); status != http.StatusOK {
				t.Fatalf("post %d: status %d: %s", i, status, body)
			} else if i > 0 && !strings.Contains(string(body), "already handled") {
				t.Errorf("replay %d answered %s", i, body)
			}
		}
		time.Sleep(200 * time.Millisecond)
		n := 0
		for _, c := range ing.calls() {
			if strings.Contains(c, "replayed") {
				n++
			}
		}
		if n != 1 {
			t.Errorf("a signed interaction sent 3 times was ingested %d times; want 1", n)
		}
	})

	t.Run("deferred command edits through REST", func(t *testing.T) {
		ix := `{"id":"4","application_id":"` + fakediscord.AppID + `","type":2,"token":"tok4","version":1,"guild_id":"` + fakediscord.GuildID +
			`","channel_id":"` + fakediscord.ChannelID + `","member":{"user":{"id":"43","username":"mod"},"roles":[],"permissions":"32"},` +
			`"data":{"id":"5","name":"reindex","type":1}}`
		status, body := post(ix, valid)
		if status != http.StatusOK || !strings.Contains(string(body), `"type":5`) || !strings.Contains(string(body), `"flags":64`) {
			t.Fatalf("status %d: %s; want a deferred ephemeral reply", status, body)
		}
		// The fake never saw this interaction, so it answers the edits with
		// 404; what matters is that they were made with the token.
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		defer cancel()
		if _, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
			return c.Method == http.MethodPatch && c.Route == "/webhooks/"+fakediscord.AppID+"/tok4/messages/@original"
		}); err != nil {
			t.Fatal(err)
		}
	})
}

// recorder is a replier that keeps what it is sent.
type recorder struct {
	responses []*discordgo.InteractionResponse
	edits     []*discordgo.WebhookEdit
}

func (r *recorder) respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	r.responses = append(r.responses, resp)
	return nil
}

func (r *recorder) edit(ctx context.Context, e *discordgo.WebhookEdit) error {
	r.edits = append(r.edits, e)
	return nil
}

func (r *recorder) followup(ctx context.Context, p *discordgo.WebhookParams) error { return nil }

func command(name string, perms int64) *discordgo.Interaction {
	return &discordgo.Interaction{
		Type: discordgo.InteractionApplicationCommand, GuildID: fakediscord.GuildID,
		Member: &discordgo.Member{User: &discordgo.User{ID: "7"}, Permissions: perms},
		Data:   discordgo.ApplicationCommandInteractionData{Name: name},
	}
}

func TestNotAvailable(t *testing.T) {
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3}})
	for _, c := range []struct{ cmd, want string }{
		{"ingest", "Ingest is not available on this server yet"},
		{"reindex", "Reindex is not available on this server yet"},
		{"troops", "/troops is not available on this server yet"},
		{"summary", "/summary is not available on this server yet"},
	} {
		rec := &recorder{}
		b.handle(t.Context(), &request{ix: command(c.cmd, discordgo.PermissionManageGuild), rp: rec})
		if len(rec.responses) != 1 {
			t.Fatalf("/%s: %d responses", c.cmd, len(rec.responses))
		}
		d := rec.responses[0].Data
		if d.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(d.Content, c.want) || d.AllowedMentions == nil {
			t.Errorf("/%s: %+v; want an ephemeral %q", c.cmd, d, c.want)
		}
	}
}

func TestAPIRewrite(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"http://localhost:8080", "http://localhost:8080/api/v9/gateway"},
		{"http://localhost:8080/api/v9", "http://localhost:8080/api/v9/gateway"},
		{"https://chat.example.org/discord/api/", "https://chat.example.org/discord/api/v9/gateway"},
	} {
		u, err := ParseAPIURL(c.in)
		if err != nil {
			t.Fatal(err)
		}
		var got string
		rt := apiRewrite{base: u, next: roundTripFunc(func(r *http.Request) (*http.Response, error) {
			got = r.URL.String()
			return &http.Response{StatusCode: 200, Body: io.NopCloser(strings.NewReader("{}"))}, nil
		})}
		req, _ := http.NewRequest(http.MethodGet, discordgo.EndpointGateway, nil)
		rt.RoundTrip(req)
		if got != c.want {
			t.Errorf("DISCORD_API_URL %q: %s went to %s; want %s", c.in, discordgo.EndpointGateway, got, c.want)
		}
	}
	if _, err := ParseAPIURL("ftp://x"); err == nil {
		t.Error("ftp:// accepted")
	}
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
