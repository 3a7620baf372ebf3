package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

const (
	testToken = "MTAwMDAwMDAwMDAwMDAwMDAy.fake.secret-test-token"
	modRole   = "100000000000000099"
)

// harness is a Bot on a real discordgo Session connected to a fake Discord.
type harness struct {
	fd       *fakediscord.Server
	s        *discordgo.Session
	bot      *Bot
	clock    *fakeClock
	logs     *syncBuffer
	ingester *fakeIngester
	files    *httptest.Server // serves /ingest attachments
	users    atomic.Int64
	reg      *prometheus.Registry // the bot's metrics
	turns    *turnLog             // what the answerer was asked
}

func newHarness(t *testing.T, opts ...fakediscord.Option) *harness {
	t.Helper()
	h := &harness{clock: &fakeClock{t: time.Unix(1700000000, 0)}, logs: &syncBuffer{}, ingester: &fakeIngester{steps: 3}, turns: &turnLog{}}
	h.users.Store(200000000000000000)
	h.fd = fakediscord.New(t, append([]fakediscord.Option{fakediscord.WithToken(testToken)}, opts...)...)
	h.files = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/markdown")
		fmt.Fprintf(w, "# Uploaded\n\nText of %s.", r.URL.Path)
	}))
	t.Cleanup(h.files.Close)
	api, err := ParseAPIURL(h.fd.URL() + "/api/v9")
	if err != nil {
		t.Fatal(err)
	}
	h.s, err = NewSession(testToken, api)
	if err != nil {
		t.Fatal(err)
	}
	h.s.SyncEvents = true
	t.Cleanup(func() { fakediscord.CloseSession(h.s) })
	filesURL, _ := url.Parse(h.files.URL)
	h.reg = prometheus.NewRegistry()
	metrics, err := NewMetrics(h.reg)
	if err != nil {
		t.Fatal(err)
	}
	h.bot = New(Config{
		Metrics:  metrics,
		Answerer: fakeAnswerer{turns: h.turns}, Library: fakeLibrary{n: 30}, Views: fakeViews{}, Ingester: h.ingester,
		ModRoles: []string{modRole}, Mentions: true,
		Logger: slog.New(slog.NewTextHandler(h.logs, &slog.HandlerOptions{Level: slog.LevelDebug})),
		Now:    h.clock.Now, ProgressEvery: -1, AttachmentHosts: []string{filesURL.Host},
	})
	h.bot.Attach(h.s)
	if err := h.s.Open(); err != nil {
		t.Fatalf("open session: %v", err)
	}
	ctx := ctxT(t)
	if err := h.bot.Register(ctx, h.s, fakediscord.GuildID); err != nil {
		t.Fatal(err)
	}
	return h
}

func ctxT(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// user is a fresh user ID, so cooldowns of one subtest do not touch another.
func (h *harness) user() string { return fmt.Sprint(h.users.Add(1)) }

// interact sends an interaction and returns its token and the callback the
// bot answered with (after any retries: the last one).
func (h *harness) interact(t *testing.T, in fakediscord.Interaction) (string, callback) {
	t.Helper()
	ctx := ctxT(t)
	if in.UserID == "" {
		in.UserID = h.user()
	}
	id, token, err := h.fd.Interact(ctx, in)
	if err != nil {
		t.Fatalf("interact %+v: %v", in, err)
	}
	route := "/interactions/" + id + "/" + token + "/callback"
	c, err := h.fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == route && c.Status < 300 })
	if err != nil {
		t.Fatalf("no callback for %s: %v\nlogs:\n%s", in.Name+in.CustomID, err, h.logs)
	}
	var cb callback
	if err := json.Unmarshal(c.Payload(), &cb); err != nil {
		t.Fatal(err)
	}
	cb.raw = c.Payload()
	return token, cb
}

// callback is an interaction response as the bot sent it.
type callback struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data struct {
		Content         string                                     `json:"content"`
		Flags           discordgo.MessageFlags                     `json:"flags"`
		Embeds          []*discordgo.MessageEmbed                  `json:"embeds"`
		Components      []json.RawMessage                          `json:"components"`
		Choices         []discordgo.ApplicationCommandOptionChoice `json:"choices"`
		AllowedMentions *struct {
			Parse []string `json:"parse"`
		} `json:"allowed_mentions"`
	} `json:"data"`
	raw []byte
}

// buttons lists a message's buttons as label → custom_id.
func buttons(t *testing.T, rows []json.RawMessage) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, raw := range rows {
		var row struct {
			Components []struct {
				Label    string `json:"label"`
				CustomID string `json:"custom_id"`
			} `json:"components"`
		}
		if err := json.Unmarshal(raw, &row); err != nil {
			t.Fatal(err)
		}
		for _, b := range row.Components {
			out[b.Label] = b.CustomID
		}
	}
	return out
}

// webhookCalls are the edits and follow-ups made with an interaction token.
func (h *harness) webhookCalls(token string) []fakediscord.Call {
	var out []fakediscord.Call
	for _, c := range h.fd.Calls() {
		if strings.HasPrefix(c.Route, "/webhooks/"+fakediscord.AppID+"/"+token) {
			out = append(out, c)
		}
	}
	return out
}

// subcommand is a subcommand option with its own options.
func subcommand(name string, opts ...*discordgo.ApplicationCommandInteractionDataOption) []*discordgo.ApplicationCommandInteractionDataOption {
	return []*discordgo.ApplicationCommandInteractionDataOption{{Name: name, Type: discordgo.ApplicationCommandOptionSubCommand, Options: opts}}
}

// waitEdit waits for an edit of the interaction's original reply that
// says want, and returns its body.
func (h *harness) waitEdit(t *testing.T, token, want string) string {
	t.Helper()
	c, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
		return strings.Contains(c.Route, token) && strings.Contains(c.Route, "/messages/@original") && strings.Contains(string(c.Body), want)
	})
	if err != nil {
		t.Fatalf("no edit saying %q: %v\n%s", want, err, h.logs)
	}
	return string(c.Body)
}

func str(s string) *discordgo.ApplicationCommandInteractionDataOption {
	return &discordgo.ApplicationCommandInteractionDataOption{Type: discordgo.ApplicationCommandOptionString, Value: s}
}

func opt(name string, o *discordgo.ApplicationCommandInteractionDataOption) *discordgo.ApplicationCommandInteractionDataOption {
	o.Name = name
	return o
}

func TestGateway(t *testing.T) {
	h := newHarness(t)

	t.Run("register", func(t *testing.T) {
		var puts []fakediscord.Call
		for _, c := range h.fd.Calls() {
			if c.Method == http.MethodPut && strings.Contains(c.Route, "/commands") {
				puts = append(puts, c)
			}
		}
		if len(puts) != 1 || puts[0].Route != "/applications/"+fakediscord.AppID+"/guilds/"+fakediscord.GuildID+"/commands" {
			t.Fatalf("command registration: %d PUTs %v; want one bulk overwrite in the guild", len(puts), puts)
		}
		cmds := h.fd.Commands(fakediscord.GuildID)
		var names []string
		for _, c := range cmds {
			names = append(names, c.Name)
			mod := slices.Contains([]string{"ingest", "remove", "reindex", "gaps", "feeds", "queue", "aliases"}, c.Name)
			if mod != (c.DefaultMemberPermissions != nil && *c.DefaultMemberPermissions == discordgo.PermissionManageGuild) {
				t.Errorf("/%s default_member_permissions = %v", c.Name, c.DefaultMemberPermissions)
			}
		}
		want := []string{"ask", "summary", "troops", "parties", "conditions", "timeline", "sources", "help", "ingest", "remove", "reindex", "gaps", "feeds", "queue", "aliases", CheckCommand}
		if !slices.Equal(names, want) {
			t.Errorf("registered %v; want %v", names, want)
		}
	})

	t.Run("ask, then More passages and Sources", func(t *testing.T) {
		user := h.user()
		token, cb := h.interact(t, fakediscord.Interaction{Name: "ask", UserID: user, Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(qTroops))}})
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Data.Flags != 0 {
			t.Fatalf("ask: type %d flags %d; want 4, public", cb.Type, cb.Data.Flags)
		}
		e := cb.Data.Embeds[0]
		if e.Title != "Q: "+qTroops || len(e.Fields) != 3 || !strings.HasPrefix(e.Fields[0].Name, "1. ") || !strings.Contains(e.Description, "fewer than 2,000") {
			t.Errorf("ask embed: %+v", e)
		}
		if !strings.Contains(e.Footer.Text, "agree") && !strings.Contains(e.Footer.Text, "states") {
			t.Errorf("footer %q does not say how many sources agree", e.Footer.Text)
		}
		btns := buttons(t, cb.Data.Components)
		if btns["More passages"] == "" || btns["Sources"] == "" {
			t.Fatalf("buttons %v; want More passages and Sources", btns)
		}
		orig, ok := h.fd.Original(token)
		if !ok {
			t.Fatal("no original message")
		}

		// More passages answers the presser alone; the shared answer stays.
		token2, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: btns["More passages"], MessageID: orig.ID, UserID: user})
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Fatalf("More passages: type %d flags %d; want 4, ephemeral", cb.Type, cb.Data.Flags)
		}
		if f := cb.Data.Embeds[0].Fields; len(f) != 3 || !strings.HasPrefix(f[0].Name, "4. ") {
			t.Errorf("page 2 fields: %+v", f)
		}
		btns2 := buttons(t, cb.Data.Components)
		if btns2["Previous"] == "" || btns2["More passages"] == "" {
			t.Errorf("page 2 buttons: %v", btns2)
		}
		if m, _ := h.fd.Message(orig.ID); m == nil || !strings.HasPrefix(m.Embeds[0].Fields[0].Name, "1. ") {
			t.Errorf("the shared answer changed: %+v", m)
		}
		// On the presser's own copy, the buttons turn its pages in place.
		own, ok := h.fd.Original(token2)
		if !ok {
			t.Fatal("no ephemeral page message")
		}
		_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: btns2["More passages"], MessageID: own.ID, UserID: user})
		if cb.Type != discordgo.InteractionResponseUpdateMessage || !strings.HasPrefix(cb.Data.Embeds[0].Fields[0].Name, "7. ") {
			t.Errorf("page 3 on the presser's copy: type %d, %s", cb.Type, cb.raw)
		}

		_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: btns["Sources"], MessageID: orig.ID, UserID: user})
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Errorf("Sources: type %d flags %d; want an ephemeral message", cb.Type, cb.Data.Flags)
		}
		if d := cb.Data.Embeds[0].Description; !strings.Contains(d, "Report number 1 on the drawdown") {
			t.Errorf("sources: %q", d)
		}
	})

	t.Run("expired button", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: "p:nosuchid:1"})
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "expired") {
			t.Errorf("expired page: %+v", cb.Data)
		}
	})

	t.Run("not in the coverage", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(qNothing))}})
		if d := cb.Data.Embeds[0].Description; !strings.Contains(d, "Not in the coverage") || len(cb.Data.Embeds[0].Fields) == 0 {
			t.Errorf("not found: %q with %d passages", d, len(cb.Data.Embeds[0].Fields))
		}
	})

	t.Run("a quote with @everyone pings nobody", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(qEveryone))}})
		if !strings.Contains(string(cb.raw), `"allowed_mentions":{"parse":[]`) {
			t.Errorf("allowed_mentions not parse []: %s", cb.raw)
		}
		v := cb.Data.Embeds[0].Fields[0].Value
		for _, bad := range []string{"@everyone", "@here", "<@1", "<@&", "[click me](", "**now**"} {
			if strings.Contains(v, bad) {
				t.Errorf("quote keeps %q: %s", bad, v)
			}
		}
	})

	t.Run("autocomplete", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionApplicationCommandAutocomplete, Name: "summary", Focused: "article",
			Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("article", str(""))}})
		if cb.Type != discordgo.InteractionApplicationCommandAutocompleteResult || len(cb.Data.Choices) != 25 {
			t.Fatalf("autocomplete: type %d, %d choices; want 8 with 25", cb.Type, len(cb.Data.Choices))
		}
		_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionApplicationCommandAutocomplete, Name: "summary", Focused: "article",
			Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("article", str("part 12"))}})
		if len(cb.Data.Choices) != 1 || cb.Data.Choices[0].Value != "article-11" {
			t.Errorf("autocomplete for %q: %+v", "part 12", cb.Data.Choices)
		}
	})

	t.Run("summary of an article", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "summary", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("article", str("article-11")), opt("topic", str("troops"))}})
		if e := cb.Data.Embeds[0]; e.Title != "Summary" || !strings.Contains(e.Description, `Article "article-11", topic "troops"`) {
			t.Errorf("summary: %+v", e)
		}
		_, cb = h.interact(t, fakediscord.Interaction{Name: "summary", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("article", str("missing"))}})
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "I hold no article") {
			t.Errorf("unknown article: %+v", cb.Data)
		}
	})

	for _, name := range []string{"troops", "parties", "conditions", "timeline", "sources"} {
		t.Run("/"+name+" paginated", func(t *testing.T) {
			user := h.user()
			token, cb := h.interact(t, fakediscord.Interaction{Name: name, UserID: user})
			if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || len(cb.Data.Embeds) != 1 {
				t.Fatalf("/%s: %+v", name, cb)
			}
			next := buttons(t, cb.Data.Components)["Next page"]
			if next == "" {
				t.Fatalf("/%s has no Next page button: %s", name, cb.raw)
			}
			orig, _ := h.fd.Original(token)
			_, cb2 := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: next, MessageID: orig.ID, UserID: user})
			if cb2.Type != discordgo.InteractionResponseChannelMessageWithSource || cb2.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb2.Data.Embeds[0].Footer.Text, "page 2 of") {
				t.Errorf("/%s page 2: %s", name, cb2.raw)
			}
			for i, e := range cb.Data.Embeds {
				if n := visibleRunes(e.Description); name != "sources" && n > compactRunesPerPage {
					t.Errorf("/%s page %d is %d characters", name, i+1, n)
				}
			}
		})
	}

	t.Run("help", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "help"})
		e := cb.Data.Embeds[0]
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || len(e.Fields) != 3 || !strings.Contains(e.Fields[2].Value, "30 articles from 3 outlets") {
			t.Errorf("help: %s", cb.raw)
		}
	})

	t.Run("deferred ingest with progress edits", func(t *testing.T) {
		token, cb := h.interact(t, fakediscord.Interaction{Name: "ingest", Permissions: fakediscord.AdminPermissions,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("url", str("https://example.com/new-report"))}})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Fatalf("ingest: type %d flags %d; want 5, ephemeral", cb.Type, cb.Data.Flags)
		}
		ctx := ctxT(t)
		if _, err := h.fd.WaitCall(ctx, func(c fakediscord.Call) bool {
			return c.Method == http.MethodPatch && strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Added to the library")
		}); err != nil {
			t.Fatal(err)
		}
		var contents []string
		for _, c := range h.webhookCalls(token) {
			if c.Method != http.MethodPatch || !strings.HasSuffix(c.Route, "/messages/@original") {
				t.Errorf("unexpected %s %s", c.Method, c.Route)
			}
			var e struct {
				Content string `json:"content"`
			}
			c.Decode(&e)
			contents = append(contents, e.Content)
		}
		want := []string{"⏳ Working on https://example.com/new-report…", "⏳ step 1 of 3", "⏳ step 2 of 3", "⏳ step 3 of 3", ""}
		if !slices.Equal(contents, want) {
			t.Errorf("edits of @original: %q; want %q", contents, want)
		}
		if m, _ := h.fd.Original(token); m == nil || m.Embeds[0].Title != "Added to the library" || m.Flags&discordgo.MessageFlagsEphemeral == 0 {
			t.Errorf("final message: %+v", m)
		}
		if !strings.Contains(h.logs.String(), "moderator action") || !strings.Contains(h.logs.String(), "source=https://example.com/new-report") {
			t.Errorf("the moderator action was not logged:\n%s", h.logs)
		}
	})

	t.Run("ingest an attachment", func(t *testing.T) {
		token, cb := h.interact(t, fakediscord.Interaction{Name: "ingest", Permissions: fakediscord.MemberPermissions | discordgo.PermissionManageGuild,
			Options:     []*discordgo.ApplicationCommandInteractionDataOption{opt("file", &discordgo.ApplicationCommandInteractionDataOption{Type: discordgo.ApplicationCommandOptionAttachment, Value: "900"})},
			Attachments: map[string]*discordgo.MessageAttachment{"900": {ID: "900", Filename: "report.md", ContentType: "text/markdown", Size: 40, URL: h.files.URL + "/report.md"}}})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("ingest file: type %d", cb.Type)
		}
		if _, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Added to the library")
		}); err != nil {
			t.Fatal(err)
		}
		if got := h.ingester.calls(); !slices.Contains(got, `file report.md text/markdown "# Uploaded\n\nText of /report.md."`) {
			t.Errorf("ingester got %q", got)
		}
	})

	t.Run("ingest an attachment with its metadata", func(t *testing.T) {
		token, _ := h.interact(t, fakediscord.Interaction{Name: "ingest", Permissions: fakediscord.AdminPermissions,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{
				opt("file", &discordgo.ApplicationCommandInteractionDataOption{Type: discordgo.ApplicationCommandOptionAttachment, Value: "901"}),
				opt("url", str("https://english.news.cn/x.htm")), opt("title", str("Iraq, US form commission")),
				opt("outlet", str("Xinhua")), opt("published", str("2024-01-25"))},
			Attachments: map[string]*discordgo.MessageAttachment{"901": {ID: "901", Filename: "notes.txt", ContentType: "text/plain", Size: 40, URL: h.files.URL + "/notes.txt"}}})
		if _, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Added to the library")
		}); err != nil {
			t.Fatal(err)
		}
		h.ingester.mu.Lock()
		got := h.ingester.opts[len(h.ingester.opts)-1]
		h.ingester.mu.Unlock()
		want := IngestOptions{Title: "Iraq, US form commission", Outlet: "Xinhua", Published: "2024-01-25", URL: "https://english.news.cn/x.htm"}
		if got != want {
			t.Errorf("ingester options = %+v; want %+v (url: is the file's address, not fetched)", got, want)
		}
		if calls := h.ingester.calls(); slices.Contains(calls, "url https://english.news.cn/x.htm") {
			t.Errorf("the file's address was fetched: %q", calls)
		}
		_, cb := h.interact(t, fakediscord.Interaction{Name: "ingest", Permissions: fakediscord.AdminPermissions,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("url", str("https://example.com/a")), opt("published", str("25/01/2024"))}})
		if !strings.Contains(string(cb.raw), "YYYY-MM-DD") {
			t.Errorf("ingest published:25/01/2024 = %s; want refused, saying the format", cb.raw)
		}
	})

	t.Run("reindex", func(t *testing.T) {
		token, cb := h.interact(t, fakediscord.Interaction{Name: "reindex", Permissions: fakediscord.AdminPermissions})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Fatalf("reindex: type %d", cb.Type)
		}
		if _, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Index rebuilt")
		}); err != nil {
			t.Fatal(err)
		}
		if n := len(h.webhookCalls(token)); n < 4 {
			t.Errorf("%d edits; want progress edits then the result", n)
		}
	})

	t.Run("moderators only", func(t *testing.T) {
		// Discord hides the command from members without Manage Server…
		_, _, err := h.fd.Interact(ctxT(t), fakediscord.Interaction{Name: "ingest", UserID: h.user()})
		if err == nil {
			t.Error("the fake delivered /ingest to a plain member despite default_member_permissions")
		}
		// …but a server admin can open it to anyone; then the bot refuses.
		// (No commands are registered in the other guild, so the fake
		// delivers whatever is sent there.)
		_, cb := h.interact(t, fakediscord.Interaction{Name: "ingest", GuildID: fakediscord.OtherGuildID,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("url", str("https://example.com/x"))}})
		if cb.Type != discordgo.InteractionResponseChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "for moderators") {
			t.Errorf("non-moderator: %s", cb.raw)
		}
		// The moderator role is enough.
		_, cb = h.interact(t, fakediscord.Interaction{Name: "reindex", GuildID: fakediscord.OtherGuildID, Roles: []string{modRole}})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
			t.Errorf("moderator role: %s", cb.raw)
		}
		// Never in DMs (no global commands: the fake delivers it).
		_, cb = h.interact(t, fakediscord.Interaction{Name: "reindex", DM: true})
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "not in direct messages") {
			t.Errorf("DM: %s", cb.raw)
		}
		if !strings.Contains(h.logs.String(), "moderator command refused") {
			t.Error("refusals are not logged")
		}
	})

	t.Run("cooldown", func(t *testing.T) {
		user := h.user()
		ask := fakediscord.Interaction{Name: "ask", UserID: user, Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(qNothing))}}
		for i := 0; i < 3; i++ {
			if _, cb := h.interact(t, ask); cb.Data.Flags != 0 {
				t.Fatalf("question %d refused: %s", i+1, cb.raw)
			}
		}
		_, cb := h.interact(t, ask)
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "you can ask again in") {
			t.Errorf("4th question: %s", cb.raw)
		}
		h.clock.Advance(10 * time.Second)
		if _, cb := h.interact(t, ask); cb.Data.Flags != 0 {
			t.Errorf("after 10 s: %s", cb.raw)
		}
	})

	t.Run("panic in a handler", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(qPanic))}})
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "Something went wrong") {
			t.Errorf("panic: %s", cb.raw)
		}
		if !strings.Contains(h.logs.String(), "panic in interaction handler") {
			t.Error("the panic was not logged")
		}
		if _, cb := h.interact(t, fakediscord.Interaction{Name: "help"}); cb.Type != discordgo.InteractionResponseChannelMessageWithSource {
			t.Errorf("after a panic: %s", cb.raw)
		}
	})

	t.Run("429 is retried", func(t *testing.T) {
		h.fd.FailNext(http.MethodPost, "/interactions/", 1, http.StatusTooManyRequests, 0.2, false)
		ctx := ctxT(t)
		id, token, err := h.fd.Interact(ctx, fakediscord.Interaction{Name: "help", UserID: h.user()})
		if err != nil {
			t.Fatal(err)
		}
		route := "/interactions/" + id + "/" + token + "/callback"
		if _, err := h.fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == route && c.Status == http.StatusNoContent }); err != nil {
			t.Fatal(err)
		}
		var statuses []int
		for _, c := range h.fd.Calls() {
			if c.Route == route {
				statuses = append(statuses, c.Status)
			}
		}
		if !slices.Equal(statuses, []int{429, 204}) {
			t.Errorf("callback statuses %v; want [429 204]", statuses)
		}
	})

	t.Run("mention", func(t *testing.T) {
		err := h.fd.Dispatch("MESSAGE_CREATE", map[string]any{
			"id": "300000000000000001", "channel_id": fakediscord.ChannelID, "guild_id": fakediscord.GuildID,
			"content": "<@" + fakediscord.BotUserID + "> " + qTroops, "type": 0,
			"author":   map[string]any{"id": h.user(), "username": "asker"},
			"mentions": []any{map[string]any{"id": fakediscord.BotUserID, "username": fakediscord.BotUsername, "bot": true}},
		})
		if err != nil {
			t.Fatal(err)
		}
		c, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return c.Method == http.MethodPost && c.Route == "/channels/"+fakediscord.ChannelID+"/messages"
		})
		if err != nil {
			t.Fatal(err)
		}
		var m struct {
			Embeds          []*discordgo.MessageEmbed        `json:"embeds"`
			AllowedMentions discordgo.MessageAllowedMentions `json:"allowed_mentions"`
			Reference       discordgo.MessageReference       `json:"message_reference"`
		}
		c.Decode(&m)
		if len(m.Embeds) != 1 || m.Embeds[0].Title != "Q: "+qTroops || m.Reference.MessageID != "300000000000000001" || m.AllowedMentions.RepliedUser {
			t.Errorf("mention reply: %s", c.Payload())
		}
	})

	t.Run("gateway drop resumes", func(t *testing.T) {
		resumes := h.fd.Resumes()
		h.fd.CloseGateway(4000)
		if err := h.fd.WaitResumes(ctxT(t), resumes+1); err != nil {
			t.Fatal(err)
		}
		if _, cb := h.interact(t, fakediscord.Interaction{Name: "help"}); cb.Type != discordgo.InteractionResponseChannelMessageWithSource {
			t.Errorf("after resume: %s", cb.raw)
		}
	})

	// Every message, edit and follow-up: allowed_mentions parses nothing,
	// and everything is within Discord's limits.
	t.Run("every message", func(t *testing.T) {
		n := 0
		for _, c := range h.fd.Calls() {
			message := strings.HasSuffix(c.Route, "/callback") || strings.HasPrefix(c.Route, "/webhooks/") || strings.HasSuffix(c.Route, "/messages")
			if !message || c.Method == http.MethodGet {
				continue
			}
			var body struct {
				Type int             `json:"type"`
				Data json.RawMessage `json:"data"`
			}
			payload := c.Payload()
			if strings.HasSuffix(c.Route, "/callback") {
				json.Unmarshal(payload, &body)
				payload = body.Data
			}
			var m struct {
				Content         string                    `json:"content"`
				Embeds          []*discordgo.MessageEmbed `json:"embeds"`
				AllowedMentions *struct {
					Parse *[]string `json:"parse"`
				} `json:"allowed_mentions"`
			}
			if err := json.Unmarshal(payload, &m); err != nil {
				t.Errorf("%s %s: %v", c.Method, c.Route, err)
				continue
			}
			if m.AllowedMentions == nil || m.AllowedMentions.Parse == nil || len(*m.AllowedMentions.Parse) != 0 {
				t.Errorf("%s %s: allowed_mentions %s", c.Method, c.Route, payload)
			}
			checkLimits(t, c.Method+" "+c.Route, m.Content, m.Embeds)
			if c.Status == http.StatusBadRequest {
				t.Errorf("%s %s: Discord refused it: %s", c.Method, c.Route, payload)
			}
			n++
		}
		if n < 30 {
			t.Errorf("only %d messages checked", n)
		}
		if strings.Contains(h.logs.String(), testToken) {
			t.Error("the token appears in the logs")
		}
	})
}
