package fakediscord_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/gorilla/websocket"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

func testContext(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	return ctx
}

func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

// callback matches the recorded interaction callback of token.
func callback(token string, status int) func(fakediscord.Call) bool {
	return func(c fakediscord.Call) bool {
		return c.Method == http.MethodPost && strings.HasSuffix(c.Route, "/"+token+"/callback") &&
			(status == 0 || c.Status == status)
	}
}

func countCalls(fd *fakediscord.Server, match func(fakediscord.Call) bool) int {
	n := 0
	for _, c := range fd.Calls() {
		if match(c) {
			n++
		}
	}
	return n
}

// TestInteractionRoundTrip drives a bot through commands, interactions,
// responses, follow-ups and injected 429s.
func TestInteractionRoundTrip(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	fd := fakediscord.New(t, fakediscord.WithToken("secret"))
	dg := fd.NewSession(t, "secret")

	seen := make(chan *discordgo.Interaction, 10)
	autocompleteErr := make(chan error, 1)
	dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		defer func() { seen <- i.Interaction }() // once handled
		var err error
		switch i.Type {
		case discordgo.InteractionApplicationCommand:
			data := i.ApplicationCommandData()
			switch data.Name {
			case "ask":
				err = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseChannelMessageWithSource,
					Data: &discordgo.InteractionResponseData{
						Content:         "you asked: " + data.GetOption("question").StringValue(),
						AllowedMentions: noMentions(),
						Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
							discordgo.Button{Label: "More", Style: discordgo.PrimaryButton, CustomID: "more"},
						}}},
					},
				})
			case "slow":
				err = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
					Type: discordgo.InteractionResponseDeferredChannelMessageWithSource,
				})
				if err == nil {
					_, err = s.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{Content: "done thinking"})
				}
				if err == nil {
					content := "done thinking, edited"
					_, err = s.InteractionResponseEdit(i.Interaction, &discordgo.WebhookEdit{Content: &content})
				}
				if err == nil {
					_, err = s.FollowupMessageCreate(i.Interaction, true, &discordgo.WebhookParams{Content: "one more thing"})
				}
			}
		case discordgo.InteractionMessageComponent:
			err = s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseUpdateMessage,
				Data: &discordgo.InteractionResponseData{Content: "more, as asked"},
			})
		case discordgo.InteractionApplicationCommandAutocomplete:
			var choices []*discordgo.ApplicationCommandOptionChoice
			for range 26 { // one too many
				choices = append(choices, &discordgo.ApplicationCommandOptionChoice{Name: "c", Value: "c"})
			}
			autocompleteErr <- s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionApplicationCommandAutocompleteResult,
				Data: &discordgo.InteractionResponseData{Choices: choices},
			})
			return
		}
		if err != nil {
			t.Errorf("handler for %v: %v", i.Type, err)
		}
	})
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	if err := fd.WaitReady(ctx); err != nil {
		t.Fatal(err)
	}

	// Commands: bulk overwrite assigns IDs, listing returns them.
	cmds, err := dg.ApplicationCommandBulkOverwrite(fakediscord.AppID, fakediscord.GuildID, []*discordgo.ApplicationCommand{
		{Name: "ask", Description: "Ask a question", Options: []*discordgo.ApplicationCommandOption{
			{Type: discordgo.ApplicationCommandOptionString, Name: "question", Description: "The question", Required: true, Autocomplete: true},
		}},
		{Name: "slow", Description: "Think first"},
	})
	if err != nil {
		t.Fatalf("ApplicationCommandBulkOverwrite: %v", err)
	}
	if len(cmds) != 2 || cmds[0].ID == "" || cmds[0].ApplicationID != fakediscord.AppID || cmds[0].GuildID != fakediscord.GuildID {
		t.Fatalf("ApplicationCommandBulkOverwrite = %+v; want 2 commands with IDs", cmds)
	}
	listed, err := dg.ApplicationCommands(fakediscord.AppID, fakediscord.GuildID)
	if err != nil || len(listed) != 2 || listed[0].ID != cmds[0].ID {
		t.Fatalf("ApplicationCommands = %+v, %v; want the 2 commands", listed, err)
	}
	if _, _, err := fd.Interact(ctx, fakediscord.Interaction{Name: "unknown"}); !errors.Is(err, fakediscord.ErrNotDelivered) {
		t.Errorf("Interact(unregistered command) = %v; want ErrNotDelivered", err)
	}

	// A slash command answered with a message.
	question := []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "why?"},
	}
	id, token, err := fd.Interact(ctx, fakediscord.Interaction{Name: "ask", Options: question})
	if err != nil {
		t.Fatal(err)
	}
	call, err := fd.WaitCall(ctx, callback(token, 0))
	if err != nil {
		t.Fatal(err)
	}
	var resp struct {
		Type int `json:"type"`
		Data struct {
			Content         string `json:"content"`
			AllowedMentions struct {
				Parse []string `json:"parse"`
			} `json:"allowed_mentions"`
		} `json:"data"`
	}
	if err := call.Decode(&resp); err != nil {
		t.Fatal(err)
	}
	if call.Status != http.StatusNoContent || resp.Type != 4 || resp.Data.Content != "you asked: why?" ||
		resp.Data.AllowedMentions.Parse == nil || len(resp.Data.AllowedMentions.Parse) != 0 {
		t.Errorf("callback = %d %s; want 204, type 4, content %q, allowed_mentions.parse []", call.Status, call.Body, "you asked: why?")
	}
	got := <-seen
	if got.ID != id || got.AppID != fakediscord.AppID || got.GuildID != fakediscord.GuildID ||
		got.ChannelID != fakediscord.ChannelID || got.Member == nil || got.Member.User.ID != fakediscord.UserID ||
		got.Member.Permissions != fakediscord.MemberPermissions || got.Version != 1 || got.Locale != discordgo.EnglishUS {
		t.Errorf("handler saw %+v; want Discord's fields filled in", got)
	}
	if orig, ok := fd.Original(token); !ok || orig.Content != "you asked: why?" || len(orig.Components) != 1 {
		t.Errorf("Original = %+v, %v; want the response with its button", orig, ok)
	}
	if err := dg.InteractionRespond(got, &discordgo.InteractionResponse{Type: 4, Data: &discordgo.InteractionResponseData{Content: "again"}}); !hasCode(err, 40060) {
		t.Errorf("second InteractionRespond = %v; want 400 code 40060", err)
	}

	// The button on that message, answered by updating the message.
	orig, _ := fd.Original(token)
	_, clickToken, err := fd.Interact(ctx, fakediscord.Interaction{
		Type: discordgo.InteractionMessageComponent, CustomID: "more", MessageID: orig.ID,
	})
	if err != nil {
		t.Fatal(err)
	}
	<-seen
	if _, err := fd.WaitCall(ctx, callback(clickToken, http.StatusNoContent)); err != nil {
		t.Fatal(err)
	}
	// discordgo sends "components":null, which on Discord removes the buttons.
	if m, _ := fd.Message(orig.ID); m == nil || m.Content != "more, as asked" || len(m.Components) != 0 {
		t.Errorf("message after UPDATE_MESSAGE = %+v; want new content, no components", m)
	}

	// Deferred, then a follow-up (which replaces "thinking…"), an edit and a second follow-up.
	_, slowToken, err := fd.Interact(ctx, fakediscord.Interaction{Name: "slow"})
	if err != nil {
		t.Fatal(err)
	}
	<-seen
	if orig, ok := fd.Original(slowToken); !ok || orig.Content != "done thinking, edited" || orig.Flags&discordgo.MessageFlagsLoading != 0 {
		t.Errorf("Original after defer+follow-up+edit = %+v; want edited content, not loading", orig)
	}
	if f := fd.Followups(slowToken); len(f) != 1 || f[0].Content != "one more thing" {
		t.Errorf("Followups = %+v; want the second follow-up only", f)
	}

	// A 429 on the callback: discordgo waits retry_after and retries.
	for _, global := range []bool{false, true} {
		fd.FailNext(http.MethodPost, "/interactions/", 1, http.StatusTooManyRequests, 0.05, global)
		_, token, err := fd.Interact(ctx, fakediscord.Interaction{Name: "ask", Options: question})
		if err != nil {
			t.Fatal(err)
		}
		<-seen
		if _, err := fd.WaitCall(ctx, callback(token, http.StatusNoContent)); err != nil {
			t.Fatal(err)
		}
		if n, limited := countCalls(fd, callback(token, 0)), countCalls(fd, callback(token, 429)); n != 2 || limited != 1 {
			t.Errorf("global=%v: %d callback calls, %d of them 429; want 2 and 1", global, n, limited)
		}
	}

	// Autocomplete with 26 choices: Discord says 400 Invalid Form Body.
	_, acToken, err := fd.Interact(ctx, fakediscord.Interaction{
		Type: discordgo.InteractionApplicationCommandAutocomplete, Name: "ask", Focused: "question",
		Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "wh"}},
	})
	if err != nil {
		t.Fatal(err)
	}
	ac := <-seen
	if opt := ac.ApplicationCommandData().Options[0]; !opt.Focused {
		t.Errorf("autocomplete option %+v; want focused", opt)
	}
	if err := <-autocompleteErr; !hasCode(err, 50035) || !hasPath(err, "data", "choices") {
		t.Errorf("autocomplete with 26 choices = %v; want 400 50035 at data.choices", err)
	}
	if c, _ := fd.WaitCall(ctx, callback(acToken, 0)); c.Status != http.StatusBadRequest {
		t.Errorf("autocomplete callback status %d; want 400", c.Status)
	}
	if n := countCalls(fd, func(c fakediscord.Call) bool { return c.Status == http.StatusBadRequest }); n != 2 {
		t.Errorf("%d calls answered 400; want 2 (second ack, 26 choices)", n)
	}
}

// TestResume breaks the gateway in each way Discord does and checks that
// discordgo comes back and still gets events.
func TestResume(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	fd := fakediscord.New(t)
	dg := fd.NewSession(t, "tok")
	seen := make(chan string, 10)
	dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
		seen <- i.ID
		err := s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
			Type: discordgo.InteractionResponseChannelMessageWithSource,
			Data: &discordgo.InteractionResponseData{Content: "pong", Flags: discordgo.MessageFlagsEphemeral},
		})
		if err != nil {
			t.Errorf("InteractionRespond: %v", err)
		}
	})
	if err := dg.Open(); err != nil {
		t.Fatalf("Open: %v", err)
	}
	// Before each fault, WaitReady: it also waits for the first heartbeat,
	// i.e. for discordgo's heartbeat goroutine to be running (see CloseGateway).
	ready := func() {
		t.Helper()
		if err := fd.WaitReady(ctx); err != nil {
			t.Fatal(err)
		}
	}
	interact := func(step string) {
		t.Helper()
		id, token, err := fd.Interact(ctx, fakediscord.Interaction{Name: "ping"})
		if err != nil {
			t.Fatalf("%s: %v", step, err)
		}
		select {
		case got := <-seen:
			if got != id {
				t.Errorf("%s: handler saw interaction %s; want %s", step, got, id)
			}
		case <-ctx.Done():
			t.Fatalf("%s: interaction never reached the handler", step)
		}
		if _, err := fd.WaitCall(ctx, callback(token, http.StatusNoContent)); err != nil {
			t.Fatalf("%s: %v", step, err)
		}
	}

	// Close code 4000: discordgo reconnects and RESUMEs. An interaction sent
	// while it is away is replayed on RESUME.
	ready()
	fd.CloseGateway(4000)
	interact("4000")
	if err := fd.WaitResumes(ctx, 1); err != nil {
		t.Fatal(err)
	}

	// TCP reset without a close frame.
	ready()
	fd.DropConnection()
	if err := fd.WaitResumes(ctx, 2); err != nil {
		t.Fatal(err)
	}
	interact("drop")

	// Op 7 RECONNECT: discordgo closes with 1012 and resumes.
	ready()
	fd.SendOp(7, nil)
	if err := fd.WaitResumes(ctx, 3); err != nil {
		t.Fatal(err)
	}
	interact("op 7")

	// Op 9 INVALID_SESSION false: discordgo identifies again on the same connection.
	ready()
	fd.SendOp(9, false)
	if err := fd.WaitIdentifies(ctx, 2); err != nil {
		t.Fatal(err)
	}
	interact("op 9")
	ready()

	if fd.Identifies() != 2 || fd.Resumes() != 3 {
		t.Errorf("Identifies, Resumes = %d, %d; want 2, 3", fd.Identifies(), fd.Resumes())
	}
	if fd.Heartbeats() == 0 {
		t.Errorf("no heartbeats received")
	}
}

// TestShards runs two shards and checks events go to the right one.
func TestShards(t *testing.T) {
	t.Parallel()
	ctx := testContext(t)
	fd := fakediscord.New(t)
	type hit struct {
		shard int
		i     *discordgo.Interaction
	}
	hits := make(chan hit, 10)
	var sessions []*discordgo.Session
	for shard := range 2 {
		dg := fd.NewSession(t, "tok")
		dg.ShardID, dg.ShardCount = shard, 2
		dg.AddHandler(func(s *discordgo.Session, i *discordgo.InteractionCreate) {
			hits <- hit{shard, i.Interaction}
			s.InteractionRespond(i.Interaction, &discordgo.InteractionResponse{
				Type: discordgo.InteractionResponseChannelMessageWithSource,
				Data: &discordgo.InteractionResponseData{Content: "hi"},
			})
		})
		if err := dg.Open(); err != nil {
			t.Fatalf("Open shard %d: %v", shard, err)
		}
		sessions = append(sessions, dg)
	}
	t.Cleanup(func() { // close both at once: each Close sleeps a second
		var wg sync.WaitGroup
		for _, dg := range sessions {
			wg.Go(func() { fakediscord.CloseSession(dg) })
		}
		wg.Wait()
	})

	ids := fd.IdentifyPayloads()
	if len(ids) != 2 || *ids[0].Shard != [2]int{0, 2} || *ids[1].Shard != [2]int{1, 2} {
		t.Fatalf("IDENTIFY shards = %v; want [0 2] and [1 2]", ids)
	}
	file := map[string]*discordgo.MessageAttachment{"900": {Filename: "talk.txt", Size: 12, ContentType: "text/plain"}}
	for _, tc := range []struct {
		in    fakediscord.Interaction
		shard int
	}{
		{fakediscord.Interaction{Name: "a", GuildID: fakediscord.GuildID, Attachments: file, Options: []*discordgo.ApplicationCommandInteractionDataOption{
			{Name: "file", Type: discordgo.ApplicationCommandOptionAttachment, Value: "900"},
		}}, 0},
		{fakediscord.Interaction{Name: "b", GuildID: fakediscord.OtherGuildID}, 1},
		{fakediscord.Interaction{Name: "c", DM: true}, 0},
	} {
		if _, _, err := fd.Interact(ctx, tc.in); err != nil {
			t.Fatal(err)
		}
		h := <-hits
		if h.shard != tc.shard {
			t.Errorf("interaction in guild %q went to shard %d; want %d", tc.in.GuildID, h.shard, tc.shard)
		}
		switch data := h.i.ApplicationCommandData(); data.Name {
		case "a":
			if a := data.Resolved.Attachments["900"]; a == nil || a.Filename != "talk.txt" || a.URL == "" {
				t.Errorf("resolved attachment = %+v; want talk.txt with a URL", a)
			}
		case "c":
			if h.i.User == nil || h.i.User.ID != fakediscord.UserID || h.i.Member != nil || h.i.GuildID != "" {
				t.Errorf("DM interaction: user %+v, member %+v, guild %q; want user only", h.i.User, h.i.Member, h.i.GuildID)
			}
		}
	}
	// GUILD_CREATE after READY filled each shard's state with its guild.
	if g, err := sessions[0].State.Guild(fakediscord.GuildID); err != nil || g.Name == "" || len(g.Channels) != 1 {
		t.Errorf("shard 0 State.Guild = %+v, %v; want the guild", g, err)
	}
	if _, err := sessions[1].State.Guild(fakediscord.OtherGuildID); err != nil {
		t.Errorf("shard 1 State.Guild: %v", err)
	}
	if _, err := sessions[1].State.Guild(fakediscord.GuildID); err == nil {
		t.Errorf("shard 1 knows GuildID; want it on shard 0 only")
	}
}

// TestAuthFailed: a wrong token gets close code 4004 and Open fails.
func TestAuthFailed(t *testing.T) {
	t.Parallel()
	fd := fakediscord.New(t, fakediscord.WithToken("right"))
	dg := fd.NewSession(t, "wrong")
	err := dg.Open()
	var ce *websocket.CloseError
	if !errors.As(err, &ce) || ce.Code != 4004 {
		t.Errorf("Open with a wrong token = %v; want close 4004", err)
	}
	if fd.Identifies() != 0 {
		t.Errorf("Identifies = %d; want 0", fd.Identifies())
	}
	if _, err := dg.User("@me"); !hasStatus(err, http.StatusUnauthorized) {
		t.Errorf("User(@me) with a wrong token = %v; want 401", err)
	}
}

// TestREST checks the plain HTTP side: rewriting client, headers, 404s.
func TestREST(t *testing.T) {
	t.Parallel()
	fd := fakediscord.New(t)
	req, _ := http.NewRequest(http.MethodGet, "https://discord.com/api/v9/users/@me", nil)
	req.Header.Set("Authorization", "Bot x")
	res, err := fd.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	var u discordgo.User
	json.Unmarshal(body, &u)
	if res.StatusCode != 200 || u.ID != fakediscord.BotUserID || !u.Bot {
		t.Errorf("GET /users/@me = %d %s; want the bot user", res.StatusCode, body)
	}
	for _, h := range []string{"X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset", "X-RateLimit-Reset-After", "X-RateLimit-Bucket"} {
		if res.Header.Get(h) == "" {
			t.Errorf("response lacks %s", h)
		}
	}

	dg := fd.NewSession(t, "x")
	gw, err := dg.Gateway()
	if err != nil || gw != fd.GatewayURL()+"/" {
		t.Errorf("Gateway() = %q, %v; want %q", gw, err, fd.GatewayURL()+"/")
	}
	_, err = dg.Request(http.MethodGet, discordgo.EndpointAPI+"nowhere", nil)
	var re *discordgo.RESTError
	if !errors.As(err, &re) || re.Response.StatusCode != 404 || string(re.ResponseBody) != `{"code":0,"message":"404: Not Found"}` {
		t.Errorf("GET /nowhere = %v; want 404 {\"message\":\"404: Not Found\",\"code\":0}", err)
	}
	m, err := dg.ChannelMessageSend(fakediscord.ChannelID, "hello")
	if err != nil || m.ID == "" || m.Author.ID != fakediscord.BotUserID {
		t.Errorf("ChannelMessageSend = %+v, %v; want a message with an ID", m, err)
	}
	if got := fd.ChannelMessages(fakediscord.ChannelID); len(got) != 1 || got[0].Content != "hello" {
		t.Errorf("ChannelMessages = %+v; want the message", got)
	}

	// 502s are retried by discordgo (up to MaxRestRetries), 500s are not.
	fd.FailNext("", "/channels/", 1, http.StatusBadGateway, 0, false)
	if _, err := dg.ChannelMessageSend(fakediscord.ChannelID, "again"); err != nil {
		t.Errorf("ChannelMessageSend after one 502 = %v; want success", err)
	}
	fd.FailNext("", "/api/v9/channels/", 1, http.StatusInternalServerError, 0, false)
	if _, err := dg.ChannelMessageSend(fakediscord.ChannelID, "again"); !hasStatus(err, 500) {
		t.Errorf("ChannelMessageSend after a 500 = %v; want the 500", err)
	}
}

// TestValidation checks that oversized messages get Discord's 400s.
func TestValidation(t *testing.T) {
	t.Parallel()
	fd := fakediscord.New(t)
	dg := fd.NewSession(t, "x")
	field := func(name, value string) *discordgo.MessageEmbedField {
		return &discordgo.MessageEmbedField{Name: name, Value: value}
	}
	manyFields := make([]*discordgo.MessageEmbedField, 26)
	for i := range manyFields {
		manyFields[i] = field("n", "v")
	}
	row := discordgo.ActionsRow{Components: []discordgo.MessageComponent{discordgo.Button{Label: "b", CustomID: "b"}}}
	var rows []discordgo.MessageComponent
	for i := range 6 {
		r := row
		r.Components = []discordgo.MessageComponent{discordgo.Button{Label: "b", CustomID: strings.Repeat("x", i+1)}}
		rows = append(rows, r)
	}
	tests := []struct {
		name string
		msg  *discordgo.MessageSend
		path []string // nil: accepted
	}{
		{"2000 runes", &discordgo.MessageSend{Content: strings.Repeat("é", 2000)}, nil},
		{"2001 runes", &discordgo.MessageSend{Content: strings.Repeat("é", 2001)}, []string{"content"}},
		{"11 embeds", &discordgo.MessageSend{Embeds: make11Embeds()}, []string{"embeds"}},
		{"title", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Title: strings.Repeat("t", 257)}}}, []string{"embeds", "0", "title"}},
		{"description", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("d", 4097)}}}, []string{"embeds", "0", "description"}},
		{"field value", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{field("n", strings.Repeat("v", 1025))}}}}, []string{"embeds", "0", "fields", "0", "value"}},
		{"field name", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{field(strings.Repeat("n", 257), "v")}}}}, []string{"embeds", "0", "fields", "0", "name"}},
		{"empty field value", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: []*discordgo.MessageEmbedField{field("n", "")}}}}, []string{"embeds", "0", "fields", "0", "value"}},
		{"26 fields", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Fields: manyFields}}}, []string{"embeds", "0", "fields"}},
		{"footer", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Title: "t", Footer: &discordgo.MessageEmbedFooter{Text: strings.Repeat("f", 2049)}}}}, []string{"embeds", "0", "footer", "text"}},
		{"6000 total", &discordgo.MessageSend{Embeds: []*discordgo.MessageEmbed{{Description: strings.Repeat("d", 4000)}, {Description: strings.Repeat("d", 2001)}}}, []string{"embeds"}},
		{"6 action rows", &discordgo.MessageSend{Content: "c", Components: rows}, []string{"components"}},
		{"5 action rows", &discordgo.MessageSend{Content: "c", Components: rows[:5]}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := dg.ChannelMessageSendComplex(fakediscord.ChannelID, tc.msg)
			switch {
			case tc.path == nil && err != nil:
				t.Errorf("send = %v; want success", err)
			case tc.path != nil && (!hasCode(err, 50035) || !hasPath(err, tc.path...)):
				t.Errorf("send = %v; want 400 50035 at %v", err, tc.path)
			}
		})
	}
	if _, err := dg.ChannelMessageSendComplex(fakediscord.ChannelID, &discordgo.MessageSend{}); !hasCode(err, 50006) {
		t.Errorf("empty message = %v; want 400 50006", err)
	}
	if n := countCalls(fd, func(c fakediscord.Call) bool { return c.Status == 400 }); n != len(tests)-2+1 {
		t.Errorf("%d calls recorded with status 400; want %d", n, len(tests)-1)
	}
}

func make11Embeds() []*discordgo.MessageEmbed {
	var e []*discordgo.MessageEmbed
	for range 11 {
		e = append(e, &discordgo.MessageEmbed{Title: "t"})
	}
	return e
}

func hasStatus(err error, status int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Response.StatusCode == status
}

func hasCode(err error, code int) bool {
	var re *discordgo.RESTError
	return errors.As(err, &re) && re.Message != nil && re.Message.Code == code
}

// hasPath reports whether a 50035 error body has errors at path.
func hasPath(err error, path ...string) bool {
	var re *discordgo.RESTError
	if !errors.As(err, &re) {
		return false
	}
	var body struct {
		Errors map[string]any `json:"errors"`
	}
	if json.Unmarshal(re.ResponseBody, &body) != nil {
		return false
	}
	node := body.Errors
	for _, p := range path {
		next, ok := node[p].(map[string]any)
		if !ok {
			return false
		}
		node = next
	}
	_, ok := node["_errors"]
	return ok
}
