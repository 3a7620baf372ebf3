package bot

import (
	"context"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/index"
)

// fakeChecker answers every text with one claim and a long passage, or
// with err.
type fakeChecker struct {
	err  error
	seen *[]string
}

const longQuote = "The coalition's military mission in Iraq will end within 12 months and no later than the end of September 2025, " +
	"the United States and Iraq said in a joint statement on 27 September 2024, adding that the coalition will keep supporting operations in Syria"

func (f fakeChecker) Check(ctx context.Context, text string) (index.CheckResult, error) {
	if f.seen != nil {
		*f.seen = append(*f.seen, text)
	}
	if f.err != nil {
		return index.CheckResult{}, f.err
	}
	q := index.Quote{Text: strings.Repeat(longQuote+", ", 6) + "and more.", ArticleID: "joint-statement", Outlet: "U.S.–Iraq joint statement",
		Published: "2024-09-27", URL: "https://example.com/statement", Kind: "article"}
	return index.CheckResult{Text: text, Claims: []index.ClaimCheck{{
		Text: text, End: len(text), Kind: "date", Verdict: index.ClaimDiffers, Note: "U.S.–Iraq joint statement, 2024-09-27 gives September 2025.",
		Found: []index.Finding{{Quote: q, Value: "September 2025"}},
	}}}, nil
}

// TestCheckThisMessage: the message command on the bot's harness — not
// available without a checker; the message's text reaches the checker and
// the reply, ephemeral, keeps Discord's limits, cuts a long quote at a
// clause with an ellipsis; a message with no text and one with nothing to
// check are one line each; Share after the results expired says so.
func TestCheckThisMessage(t *testing.T) {
	h := newHarness(t)
	msg := h.fd.PostUserMessage(fakediscord.ChannelID, "", "The mission ends by September 2026. <@&123> @everyone")
	_, cb := h.interact(t, fakediscord.Interaction{Name: CheckCommand, TargetID: msg})
	if cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 || !strings.Contains(cb.Data.Content, "not available") {
		t.Errorf("no checker: %s", cb.raw)
	}

	var seen []string
	h.bot.cfg.Checker = fakeChecker{seen: &seen}
	token, cb := h.interact(t, fakediscord.Interaction{Name: CheckCommand, TargetID: msg})
	if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Data.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Fatalf("first response %s; want an ephemeral deferred reply", cb.raw)
	}
	h.waitEdit(t, token, "What the coverage says")
	m, ok := h.fd.Original(token)
	if !ok || len(m.Embeds) != 1 || len(m.Embeds[0].Fields) != 1 {
		t.Fatalf("reply %+v", m)
	}
	if len(seen) != 1 || seen[0] != "The mission ends by September 2026. <@&123> @everyone" {
		t.Errorf("the checker read %q", seen)
	}
	f := m.Embeds[0].Fields[0]
	if runes(f.Value) > maxFieldValue || runes(f.Name) > maxFieldName || !strings.HasPrefix(f.Name, "❌ Differs") {
		t.Errorf("field %d/%d runes, name %q", runes(f.Value), runes(f.Name), f.Name)
	}
	if !strings.Contains(f.Value, "> “The coalition") || !strings.Contains(f.Value, " …”") || !strings.Contains(f.Value, "(https://example.com/statement)") {
		t.Errorf("the quote is not cut at a clause with an ellipsis, with its link: %q", f.Value)
	}
	var share string
	for _, row := range m.Components {
		if r, ok := row.(*discordgo.ActionsRow); ok {
			for _, c := range r.Components {
				if b, ok := c.(*discordgo.Button); ok && b.Label == "Share" {
					share = b.CustomID
				}
			}
		}
	}
	if share == "" {
		t.Fatal("no Share button")
	}

	empty := h.fd.PostUserMessage(fakediscord.ChannelID, "", "   ")
	if _, cb := h.interact(t, fakediscord.Interaction{Name: CheckCommand, TargetID: empty}); !strings.Contains(cb.Data.Content, "no text") || strings.Contains(cb.Data.Content, "\n") {
		t.Errorf("a message without text: %q", cb.Data.Content)
	}
	h.bot.cfg.Checker = fakeChecker{err: index.ErrNothingToCheck}
	token, _ = h.interact(t, fakediscord.Interaction{Name: CheckCommand, TargetID: msg})
	if body := h.waitEdit(t, token, "nothing to check"); strings.Contains(body, `\n`) {
		t.Errorf("nothing to check: %s", body)
	}

	h.clock.Advance(pageTTL + 1)
	if _, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: share, MessageID: m.ID}); !strings.Contains(cb.Data.Content, "expired") {
		t.Errorf("an expired share: %s", cb.raw)
	}
}

func TestClauseCut(t *testing.T) {
	s := "First clause here, second clause there; third clause goes on and on without end"
	if got := clauseCut(s, 200); got != s {
		t.Errorf("a quote that fits is cut: %q", got)
	}
	got := clauseCut(s, 60)
	if got != "First clause here, second clause there …" || !strings.HasPrefix(s, strings.TrimSuffix(got, " …")) {
		t.Errorf("clauseCut = %q; want it cut after the last clause that fits", got)
	}
}
