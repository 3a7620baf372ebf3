package bot

import (
	"context"
	"errors"
	"fmt"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// Answers: /ask, mentions, replies and follow-ups all come here. The
// answer is public; its buttons answer the member who presses them, in a
// message only they see.

func (b *Bot) cmdAsk(ctx context.Context, r *request) error {
	key := memberKey(r.userID(), r.ix.ChannelID)
	turn := b.turnFor(r.str("question"), nil, key)
	m, turn, said, err := b.answer(ctx, turn, r.userID())
	if err != nil {
		return err
	}
	r.said = said
	b.contexts.put(turn, key)
	return r.reply(ctx, m)
}

// ask answers a turn: as a follow-up when the Answerer reads them; a plain
// Answerer is asked the question as typed.
func (b *Bot) ask(ctx context.Context, t index.Turn) (index.Answer, error) {
	if ta, ok := b.cfg.Answerer.(TurnAnswerer); ok {
		return ta.AskTurn(ctx, t, askPassages)
	}
	return b.cfg.Answerer.Ask(ctx, t.Standalone, askPassages)
}

// answer asks the engine and renders the first page, keeping the others
// for the buttons. The turn it returns is the one to keep for the next
// question (index.Turn.Answered: it knows the article quoted first). A
// greeting or thanks is answered with a line of its own, not the engine's
// nearest passages.
func (b *Bot) answer(ctx context.Context, t index.Turn, user string) (m message, next index.Turn, said index.Outcome, err error) {
	for _, q := range []string{t.Question, t.Standalone} {
		if _, err := index.CheckQuestion(q); err != nil {
			return message{}, t, "", userError{capitalize(err.Error()) + "."}
		}
	}
	if t.Chat {
		return message{Content: ChatReply(t)}, t, "", nil
	}
	ans, err := b.ask(ctx, t)
	if err != nil {
		if errors.Is(err, index.ErrEmptyQuestion) || errors.Is(err, index.ErrQuestionTooLong) {
			return message{}, t, "", userError{capitalize(err.Error()) + "."}
		}
		return message{}, t, "", fmt.Errorf("ask %q: %w", t.Standalone, err)
	}
	t = t.Answered(ans)
	if ans.Pinned != nil {
		b.cfg.Metrics.pinHit()
	}
	pages, sources := renderAnswer(ans, passagesPerPage)
	ps := &pageSet{pages: pages, next: "More passages", sources: sources, turn: t, outcome: outcomeOf(ans)}
	if len(ans.Passages) > 0 {
		first := ans.Passages[0]
		ps.first, ps.url = &first, safeURL(first.URL)
	}
	id := b.pages.put(ps)
	b.noteGap(t, ps.outcome)
	return message{Embeds: pages[:1], Components: answerButtons(id, ps, b.cfg.Feedback != nil)}, t, ps.outcome, nil
}

// answerButtons are an answer's two rows: paging, sources and the report's
// link; then the votes (when they are kept) and "Ask a follow-up".
func answerButtons(id string, ps *pageSet, votes bool) []discordgo.MessageComponent {
	rows := pager(id, 0, ps)
	var second []discordgo.MessageComponent
	if votes {
		second = append(second,
			discordgo.Button{Label: "Helpful", Emoji: &discordgo.ComponentEmoji{Name: "👍"}, Style: discordgo.SecondaryButton, CustomID: "v:" + id + ":up"},
			discordgo.Button{Label: "Wrong or unhelpful", Emoji: &discordgo.ComponentEmoji{Name: "👎"}, Style: discordgo.SecondaryButton, CustomID: "v:" + id + ":down"})
	}
	second = append(second, discordgo.Button{Label: "Ask a follow-up", Style: discordgo.PrimaryButton, CustomID: "f:" + id})
	return append(rows, discordgo.ActionsRow{Components: second})
}

// paged sends pages with Previous/Next buttons when there is more than one.
func (b *Bot) paged(ctx context.Context, r *request, pages []*discordgo.MessageEmbed) error {
	return b.pagedSet(ctx, r, &pageSet{pages: pages, next: "Next page"})
}

func (b *Bot) pagedSet(ctx context.Context, r *request, ps *pageSet) error {
	if len(ps.pages) == 0 {
		return userErrorf("There is nothing to show.")
	}
	var comps []discordgo.MessageComponent
	if len(ps.pages) > 1 || ps.sources != nil || ps.full != nil || ps.url != "" {
		comps = pager(b.pages.put(ps), 0, ps)
	}
	m := message{Embeds: ps.pages[:1], Components: comps, Files: ps.files}
	if len(m.Files) > 0 && !r.isAcked() {
		// A reply with files goes as an edit of a deferred one: the HTTP
		// endpoint's first reply is JSON only.
		if err := r.deferReply(ctx, false); err != nil {
			return err
		}
	}
	return r.reply(ctx, m)
}
