package bot

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/index"
)

// fakeFeedback keeps votes and gaps in memory, grouping gaps by exact
// wording (the real store groups similar wordings).
type fakeFeedback struct {
	mu    sync.Mutex
	votes []Vote
	gaps  map[string]*Gap
}

func (f *fakeFeedback) Vote(ctx context.Context, v Vote) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.votes = append(f.votes, v)
	if !v.Up {
		f.gapLocked(v.Question).Down++
	}
	return nil
}

func (f *fakeFeedback) Gap(ctx context.Context, q string, o index.Outcome, at time.Time) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	g := f.gapLocked(q)
	g.Count++
	if o == index.NotCovered {
		g.NotCovered++
	} else {
		g.MayAnswer++
	}
	return nil
}

func (f *fakeFeedback) gapLocked(q string) *Gap {
	if f.gaps == nil {
		f.gaps = map[string]*Gap{}
	}
	if f.gaps[q] == nil {
		f.gaps[q] = &Gap{Question: q}
	}
	return f.gaps[q]
}

func (f *fakeFeedback) Gaps(ctx context.Context, n int) ([]Gap, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var out []Gap
	for _, g := range f.gaps {
		out = append(out, *g)
	}
	return out, nil
}

func askIx(user, channel, q string) fakediscord.Interaction {
	return fakediscord.Interaction{Name: "ask", UserID: user, ChannelID: channel,
		Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(q))}}
}

// /ask within 15 minutes in the same channel follows on from the member's
// last question, kept with the article its answer quoted first; a
// greeting in between is answered with a line and leaves the context as
// it was; another member, or later, starts afresh.
func TestAskFollowsUp(t *testing.T) {
	h := newHarness(t)
	user := h.user()
	h.interact(t, askIx(user, "", qTroops))
	_, cb := h.interact(t, askIx(user, "", "hi"))
	if c := cb.Data.Content; !strings.HasPrefix(c, "Hi! ") || len(cb.Data.Embeds) != 0 {
		t.Errorf("/ask hi = %q with %d embeds; want a greeting line, no passages", c, len(cb.Data.Embeds))
	}
	if n := len(h.turns.all()); n != 1 {
		t.Errorf("the answerer was asked %d turns after a greeting; want 1 (the greeting is not asked)", n)
	}
	_, cb = h.interact(t, askIx(user, "", "and in Syria?"))
	d := cb.Data.Embeds[0].Description
	if !strings.Contains(d, "-# Follow-up of: "+escape(qTroops)) || strings.Contains(d, "Read as") {
		t.Errorf("follow-up not read after the question before the greeting: %q", d)
	}
	if title := cb.Data.Embeds[0].Title; title != "Q: and in Syria?" {
		t.Errorf("follow-up title = %q; want the question as typed", title)
	}
	turns := h.turns.all()
	if got := turns[len(turns)-1]; !got.FollowUp || got.Question != "and in Syria?" || got.Context != qTroops || got.ContextArticle != "article-00" {
		t.Errorf("follow-up asked as %+v; want the question as typed, its context %q and the article its answer quoted first", got, qTroops)
	}
	_, cb = h.interact(t, askIx(h.user(), "", "and in Syria?"))
	if d := cb.Data.Embeds[0].Description; strings.Contains(d, "Follow-up of") {
		t.Errorf("another member's question was read as a follow-up: %q", d)
	}
	h.clock.Advance(followUpTTL + time.Second)
	_, cb = h.interact(t, askIx(user, "", "and in Syria?"))
	if d := cb.Data.Embeds[0].Description; strings.Contains(d, "Follow-up of") {
		t.Errorf("a follow-up after %v was read after the old question: %q", followUpTTL, d)
	}
}

// "Ask a follow-up" opens a modal; its question is answered in a thread
// opened from the answer, read after the answer's question; a message in
// that thread, with no mention, is the next follow-up, and a thanks there
// is answered without breaking the conversation.
func TestThreadFollowUp(t *testing.T) {
	h := newHarness(t)
	user := h.user()
	token, cb := h.interact(t, askIx(user, "", qTroops))
	follow := buttons(t, cb.Data.Components)["Ask a follow-up"]
	orig, _ := h.fd.Original(token)
	_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: follow, MessageID: orig.ID, UserID: user})
	if cb.Type != discordgo.InteractionResponseModal || !strings.Contains(string(cb.raw), `"custom_id":"fm:`) {
		t.Fatalf("Ask a follow-up: %s", cb.raw)
	}
	modalID := strings.TrimPrefix(follow, "f:")
	_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionModalSubmit, CustomID: "fm:" + modalID, MessageID: orig.ID, UserID: user,
		Fields: map[string]string{"question": "and in Syria?"}})
	if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource {
		t.Fatalf("modal submit: %s", cb.raw)
	}
	threads := waitThreads(t, h, 1)
	th := threads[0]
	if th.ParentID != fakediscord.ChannelID {
		t.Errorf("thread %+v is not in the answer's channel", th)
	}
	msgs := waitMessages(t, h, th.ID, 1)
	if e := msgs[0].Embeds; len(e) == 0 || !strings.Contains(e[0].Description, "-# Follow-up of: "+escape(qTroops)) {
		t.Errorf("thread answer: %+v", msgs[0])
	}
	// The next question in the thread needs no mention; a thanks between
	// is answered with a line and the next question follows on from the
	// one before it.
	say := func(id, content string) {
		t.Helper()
		h.clock.Advance(10 * time.Second) // past the cooldown
		err := h.fd.Dispatch("MESSAGE_CREATE", map[string]any{
			"id": id, "channel_id": th.ID, "guild_id": fakediscord.GuildID,
			"content": content, "type": 0,
			"author": map[string]any{"id": user, "username": "asker"}, "mentions": []any{},
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	say("300000000000000077", "what about Kurdistan")
	msgs = waitMessages(t, h, th.ID, 2)
	if e := msgs[1].Embeds; len(e) == 0 || !strings.Contains(e[0].Description, "-# Follow-up of: and in Syria?") {
		t.Errorf("second follow-up in the thread: %+v", msgs[1].Embeds)
	}
	say("300000000000000078", "thanks!")
	msgs = waitMessages(t, h, th.ID, 3)
	if c := msgs[2].Content; !strings.HasPrefix(c, "You're welcome!") || len(msgs[2].Embeds) != 0 {
		t.Errorf("thanks in the thread = %q with %d embeds; want a line, no passages", c, len(msgs[2].Embeds))
	}
	say("300000000000000079", "and in Erbil?")
	msgs = waitMessages(t, h, th.ID, 4)
	if e := msgs[3].Embeds; len(e) == 0 || !strings.Contains(e[0].Description, "-# Follow-up of: what about Kurdistan") {
		t.Errorf("follow-up after a thanks in the thread: %+v", msgs[3].Embeds)
	}
	// Each follow-up knew the article the answer before it quoted first.
	var contexts []string
	for _, tu := range h.turns.all()[1:] {
		contexts = append(contexts, tu.Context+" @ "+tu.ContextArticle)
	}
	want := []string{qTroops + " @ article-00", "and in Syria? @ ap-2024-01-27", "what about Kurdistan @ ap-2024-01-27"}
	if strings.Join(contexts, "\n") != strings.Join(want, "\n") {
		t.Errorf("follow-ups asked after\n%s\nwant\n%s", strings.Join(contexts, "\n"), strings.Join(want, "\n"))
	}
}

func waitThreads(t *testing.T, h *harness, n int) []*discordgo.Channel {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if th := h.fd.Threads(); len(th) >= n {
			return th
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("no thread opened; calls: %v\nlogs:\n%s", h.fd.Calls(), h.logs)
	return nil
}

func waitMessages(t *testing.T, h *harness, channel string, n int) []*discordgo.Message {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for time.Now().Before(deadline) {
		if ms := h.fd.ChannelMessages(channel); len(ms) >= n {
			return ms
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatalf("%d messages in %s, want %d\nlogs:\n%s", len(h.fd.ChannelMessages(channel)), channel, n, h.logs)
	return nil
}

// A 👎 is kept (the member only as the store keeps it) and the question
// appears in /gaps, with the questions the coverage did not answer.
func TestVotesAndGaps(t *testing.T) {
	h := newHarness(t)
	fb := &fakeFeedback{}
	h.bot.cfg.Feedback = fb
	user := h.user()
	token, cb := h.interact(t, askIx(user, "", "How many U.S. troops are in Iraq?"))
	down := buttons(t, cb.Data.Components)["Wrong or unhelpful"]
	if down == "" {
		t.Fatalf("no 👎 button: %v", buttons(t, cb.Data.Components))
	}
	orig, _ := h.fd.Original(token)
	_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: down, MessageID: orig.ID, UserID: user})
	if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "noted") {
		t.Errorf("vote reply: %s", cb.raw)
	}
	if len(fb.votes) != 1 || fb.votes[0].Up || fb.votes[0].Member != user || fb.votes[0].First == nil {
		t.Fatalf("votes kept: %+v", fb.votes)
	}
	_, cb = h.interact(t, fakediscord.Interaction{Name: "gaps", Permissions: fakediscord.AdminPermissions})
	if d := cb.Data.Embeds[0].Description; cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(d, "How many U.S. troops are in Iraq?") || !strings.Contains(d, "1 👎") {
		t.Errorf("/gaps: %s", cb.raw)
	}
	if _, _, err := h.fd.Interact(ctxT(t), fakediscord.Interaction{Name: "gaps", UserID: user}); err == nil {
		t.Error("/gaps was delivered to a member without Manage Server")
	}
}

// A page button pressed after the results expired searches afresh for
// the presser, and the expired buttons come off the shared answer.
func TestExpiredButtonsSearchAfresh(t *testing.T) {
	h := newHarness(t)
	user := h.user()
	token, cb := h.interact(t, askIx(user, "", qTroops))
	more := buttons(t, cb.Data.Components)["More passages"]
	if link := strings.Contains(string(cb.raw), `"label":"Read the report","style":5`); !link {
		t.Errorf("no Read the report link button: %s", cb.raw)
	}
	orig, _ := h.fd.Original(token)
	h.clock.Advance(pageTTL + time.Minute)
	tok2, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: more, MessageID: orig.ID, UserID: user})
	if cb.Type != discordgo.InteractionResponseUpdateMessage || len(cb.Data.Components) != 0 {
		t.Errorf("expired: the shared answer keeps its buttons: %s", cb.raw)
	}
	c, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
		return c.Method == http.MethodPost && strings.HasPrefix(c.Route, "/webhooks/"+fakediscord.AppID+"/"+tok2)
	})
	if err != nil {
		t.Fatalf("expired: no fresh results: %v\nlogs:\n%s", err, h.logs)
	}
	if p := string(c.Payload()); !strings.Contains(p, "afresh") || !strings.Contains(p, `"flags":64`) || !strings.Contains(p, "Q: "+qTroops) {
		t.Errorf("expired: fresh results %s", p)
	}
}
