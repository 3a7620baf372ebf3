package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// Feedback keeps members' votes on answers and the questions the coverage
// did not answer (serve gives it the data directory's feedback store).
type Feedback interface {
	Vote(ctx context.Context, v Vote) error
	Gap(ctx context.Context, question string, outcome index.Outcome, at time.Time) error
	Gaps(ctx context.Context, n int) ([]Gap, error)
}

// Vote is one member's 👍 or 👎 on an answer. Member is the Discord user
// id: the store keeps only a salted hash of it.
type Vote struct {
	AnswerID string
	Question string // as read (the standalone question of a follow-up)
	Outcome  index.Outcome
	First    *index.Passage // the answer's first passage, if any
	Up       bool
	Member   string
	Time     time.Time
}

// Gap is a group of similar questions the coverage did not answer, or
// whose answers were voted down.
type Gap struct {
	Question   string   // the group's most frequent wording
	Newest     string   // the wording asked last
	Count      int      // questions in the group
	NotCovered int      // … answered "the coverage does not say"
	MayAnswer  int      // … answered "these passages may answer it"
	Down       int      // 👎 votes on the group's answers
	Others     []string // other wordings, a few
	Pinned     bool     // a moderator pinned an answer to one of its wordings (set by /gaps)
}

// vote records a 👍 or 👎.
func (b *Bot) vote(ctx context.Context, r *request, key, which string) error {
	if which != "up" && which != "down" {
		return userErrorf("That button is broken. Ask again.")
	}
	ps, ok := b.pages.get(key)
	if !ok {
		return userErrorf("This answer is too old to vote on (I keep answers for %d minutes). Thanks all the same.", int(pageTTL.Minutes()))
	}
	if b.cfg.Feedback == nil {
		return userErrorf("Votes are not kept on this server.")
	}
	v := Vote{AnswerID: key, Question: asked(ps.turn), Outcome: ps.outcome, First: ps.first, Up: which == "up", Member: r.userID(), Time: b.now()}
	if err := b.cfg.Feedback.Vote(ctx, v); err != nil {
		return fmt.Errorf("record vote: %w", err)
	}
	b.cfg.Metrics.vote(which)
	thanks := "Thanks: noted as helpful 👍."
	if !v.Up {
		thanks = "Thanks: noted as wrong or unhelpful 👎. Moderators see these in `/gaps`, to add the coverage that is missing."
	}
	return r.reply(ctx, message{Content: thanks, Ephemeral: true})
}

// noteGap records a question the coverage did not answer.
func (b *Bot) noteGap(t index.Turn, said index.Outcome) {
	if b.cfg.Feedback == nil || said == index.Answered {
		return
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := b.cfg.Feedback.Gap(ctx, asked(t), said, b.now()); err != nil {
		b.log.Warn("could not record a coverage gap", "err", err)
	}
}

// cmdGaps lists, for moderators, what members ask that the coverage does
// not answer.
func (b *Bot) cmdGaps(ctx context.Context, r *request) error {
	if b.cfg.Feedback == nil {
		return userErrorf("Coverage gaps are not kept on this server.")
	}
	gaps, err := b.cfg.Feedback.Gaps(ctx, 40)
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	b.moderatorLog(r, "gaps")
	keys := b.pinnedKeys(ctx)
	for i := range gaps {
		gaps[i].Pinned = isPinned(gaps[i], keys)
	}
	return r.reply(ctx, message{Embeds: renderGaps(gaps), Components: b.gapsSelect(gaps), Ephemeral: true})
}

// renderGaps lists the groups: how often asked and what they were told,
// the newest wording, whether pinned.
func renderGaps(gaps []Gap) []*discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Title: "Coverage gaps", Color: colorInfo,
		Footer: &discordgo.MessageEmbedFooter{Text: "Similar wordings are grouped; members are not recorded."}}
	if len(gaps) == 0 {
		e.Description = "No questions have gone unanswered, and no answer has been voted down."
		return []*discordgo.MessageEmbed{e}
	}
	var lines []string
	for i, g := range gaps {
		line := fmt.Sprintf("**%d.** %d× “%s” · %s", i+1, g.NotCovered+g.MayAnswer+g.Down, escape(oneLine(truncate(g.newest(), 120))), g.why())
		if g.Pinned {
			line += " · 📌 pinned"
		}
		if runes(strings.Join(append(lines, line), "\n")) > 3500 || i == 25 {
			lines = append(lines, fmt.Sprintf("…and %d more groups: `talksbot gaps` lists them all.", len(gaps)-i))
			break
		}
		lines = append(lines, line)
	}
	e.Description = "What members asked that the coverage does not answer (or answered badly), most often first, in the words asked last: what to add or pin next.\n\n" + strings.Join(lines, "\n")
	return []*discordgo.MessageEmbed{e}
}
