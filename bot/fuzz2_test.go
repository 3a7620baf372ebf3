package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// stubDiscord answers every REST call with an empty message: the fuzz
// targets never reach the network.
type stubDiscord struct {
	mu     sync.Mutex
	bodies [][]byte
}

func (s *stubDiscord) RoundTrip(r *http.Request) (*http.Response, error) {
	if r.Body != nil {
		data, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies = append(s.bodies, data)
		s.mu.Unlock()
	}
	return &http.Response{StatusCode: http.StatusOK, Header: http.Header{"Content-Type": {"application/json"}},
		Body: io.NopCloser(strings.NewReader(`{"id":"1","channel_id":"2"}`)), Request: r}, nil
}

// anyAnswerer answers every question with the troops answer (never panics).
type anyAnswerer struct{}

func (anyAnswerer) Ask(ctx context.Context, q string, n int) (index.Answer, error) {
	a := troopsAnswer(n)
	a.Question = q
	return a, nil
}

var fuzzKey = ed25519.NewKeyFromSeed(bytes.Repeat([]byte{7}, 32))

// FuzzInteraction signs any body and sends it to the HTTP interactions
// endpoint: the bot never panics (not even a recovered panic), answers
// with a status it means, and every message it sends pings nobody and
// stays within Discord's limits.
func FuzzInteraction(f *testing.F) {
	for _, s := range []string{
		`{"id":"1","application_id":"2","type":1,"token":"t","version":1}`,
		`{"id":"1","application_id":"2","type":2,"token":"t","version":1,"guild_id":"3","member":{"user":{"id":"4"},"permissions":"8"},"data":{"id":"5","name":"ask","type":1,"options":[{"name":"question","type":3,"value":"How many troops? @everyone"}]}}`,
		`{"id":"1","type":2,"token":"t","user":{"id":"4"},"data":{"name":"ingest","type":1,"options":[{"name":"file","type":11,"value":"9"}],"resolved":{"attachments":{"9":{"id":"9","filename":"a.md","size":99999999,"url":"https://cdn.discordapp.com/x"}}}}}`,
		`{"id":"1","type":3,"token":"t","user":{"id":"4"},"data":{"custom_id":"p:zz:999999999999999999999","component_type":2}}`,
		`{"id":"1","type":3,"token":"t","data":{"custom_id":"s:","component_type":2}}`,
		`{"id":"1","type":4,"token":"t","user":{"id":"4"},"data":{"name":"summary","type":1,"options":[{"name":"article","type":3,"value":"","focused":true}]}}`,
		`{"id":"1","type":2,"token":"t","guild_id":"3","member":{"user":{"id":"4"},"roles":["5"],"permissions":"32"},"data":{"name":"reindex","type":1}}`,
		`{"id":"1","type":2,"token":"t","data":{"name":"summary","type":1,"options":[{"name":"topic","type":3,"value":7}]}}`,
		`{"id":1,"type":"2"}`, `{"type":5}`, `{"type":2,"data":null}`, `[]`, `null`, ``,
	} {
		f.Add([]byte(s))
	}
	pub := fuzzKey.Public().(ed25519.PublicKey)
	f.Fuzz(func(t *testing.T, body []byte) {
		stub := &stubDiscord{}
		s, _ := discordgo.New("Bot fuzz")
		s.Client = &http.Client{Transport: stub}
		logs := &syncBuffer{}
		b := New(Config{Answerer: anyAnswerer{}, Library: fakeLibrary{n: 3}, Views: fakeViews{},
			Logger: slog.New(slog.NewTextHandler(logs, nil)), ProgressEvery: -1})
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
		req.Header.Set("X-Signature-Timestamp", ts)
		req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(fuzzKey, append([]byte(ts), body...))))
		w := httptest.NewRecorder()
		b.HTTPHandler(s, pub).ServeHTTP(w, req)
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		if err := b.Drain(ctx); err != nil {
			t.Fatalf("handler still running: %v", err)
		}
		switch w.Code {
		case http.StatusOK, http.StatusBadRequest, http.StatusInternalServerError:
		default:
			t.Fatalf("status %d for a signed body %q", w.Code, body)
		}
		if strings.Contains(logs.String(), "panic") {
			t.Fatalf("panic for %q:\n%s", body, logs)
		}
		stub.mu.Lock()
		sent := append([][]byte{w.Body.Bytes()}, stub.bodies...)
		stub.mu.Unlock()
		for _, m := range sent {
			for _, bad := range []string{`@everyone`, `@here`, `<@`} {
				if bytes.Contains(m, []byte(bad)) && !bytes.Contains(m, []byte(`"parse":[]`)) {
					t.Fatalf("a message carries %s without allowed_mentions parse []: %s", bad, m)
				}
			}
		}
	})
}

// FuzzRenderViews renders hostile sources, views and moderator reports:
// within Discord's limits, valid UTF-8, no live mention or masked link.
func FuzzRenderViews(f *testing.F) {
	f.Add("Hey @everyone [x](https://e) **b**", "<@&123> ||s||", "https://example.com/a)[x](https://evil)", 3)
	f.Add(strings.Repeat("é", 5000), strings.Repeat("\u200b", 300), "", 40)
	f.Add("\xff\xfe@here", "`code`", "javascript:alert(1)", 0)
	f.Fuzz(func(t *testing.T, text, label, u string, n int) {
		n = max(0, min(n, 60))
		var list []Source
		var items []ViewItem
		for i := range n {
			list = append(list, Source{ID: strconv.Itoa(i) + text, Title: text, Outlet: label, Published: label, DateNote: text, Kind: "brief", URL: u, Passages: i})
			items = append(items, ViewItem{Label: label, Quote: index.Passage{Quote: text, Title: label, Outlet: text, URL: u, Published: label,
				Marks: []index.Span{{Start: i, End: i + len(label)}}}})
		}
		var embeds []*discordgo.MessageEmbed
		embeds = append(embeds, renderSources(list, sourcesPerPage)...)
		embeds = append(embeds, renderHelp(list, true, true, true))
		embeds = append(embeds, renderIngest(IngestReport{Status: label, ID: text, Title: text, Outlet: label, Published: label, URL: u, Passages: n, SameAs: text}))
		embeds = append(embeds, renderReindex(ReindexReport{Articles: n, Passages: n * 7, Took: time.Duration(n) * time.Second, Skipped: text}))
		embeds = append(embeds, renderView(View{Title: label, Intro: text, Empty: text, Sections: []ViewSection{{Heading: label, Text: text, Items: items}, {Heading: text}}})...)
		for i, e := range embeds {
			m := message{Content: text, Embeds: []*discordgo.MessageEmbed{e}}.fitted()
			checkLimits(t, "embed "+strconv.Itoa(i), m.Content, m.Embeds)
			for _, e := range m.Embeds {
				for _, s := range embedTexts(e) {
					if !utf8.ValidString(s) {
						t.Fatalf("invalid UTF-8: %q", s)
					}
					for _, bad := range []string{"@everyone", "@here", "<@"} {
						if strings.Contains(s, bad) {
							t.Fatalf("%q survives in %q", bad, s)
						}
					}
				}
			}
		}
	})
}
