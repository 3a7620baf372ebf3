package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// Moderators teach the bot from /gaps (issue 21). Custom IDs:
//
//	gf:KEY          a select of the listed groups: fix this one
//	gs:KEY          a select of the passages shown: this one answers it
//	gm:KEY:PAGE     "More passages": the next ones
//	gn:KEY          "The coverage does not say"
//	gd:KEY          "A different question…": a select of the pinned ones
//	gq:KEY          that select: answer it as that pinned question is
//
// KEY names what the message showed (the groups listed, or one group's
// question and passages), kept server-side for fixTTL. Every press is
// checked here, on the server: a member without moderator rights is
// refused whatever message the component is on.

// Pins keeps the moderators' pinned answers (serve gives it the data
// directory's pin log and the index); nil: /gaps shows no pin buttons.
type Pins interface {
	// Pins are the live pins, oldest first.
	Pins(ctx context.Context) ([]index.Pin, error)
	// Pin stores p — its Question, and NotCovered or a passage's
	// ArticleID, Start and End — pinned by the member, answering from now
	// on, and returns it as stored (with its ID and Text). A span that is
	// not whole sentences of a stored article is an error matching
	// index.ErrBadPin.
	Pin(ctx context.Context, member string, p index.Pin) (index.Pin, error)
}

const (
	fixTTL       = 30 * time.Minute
	maxFixes     = 200
	fixPage      = 5  // passages a fix message shows at once
	fixPassages  = 25 // passages asked for, to page through
	maxFixGroups = 25 // a select menu's options
)

// fix is what one message of the pin flow showed.
type fix struct {
	gaps     []Gap           // the /gaps listing (gf)
	question string          // the group's question being fixed (gs, gm, gn, gd, gq)
	count    int             // its group's count
	passages []index.Passage // the passages it was given
	pins     []index.Pin     // the pinned questions offered (gq)
}

// fixStore keeps fixes for fixTTL, at most maxFixes.
type fixStore struct {
	mu    sync.Mutex
	now   func() time.Time
	fixes map[string]*fix
	made  map[string]time.Time
	order []string
}

func newFixStore(now func() time.Time) *fixStore {
	return &fixStore{now: now, fixes: map[string]*fix{}, made: map[string]time.Time{}}
}

func (s *fixStore) put(f *fix) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for len(s.order) > 0 && (len(s.order) >= maxFixes || now.Sub(s.made[s.order[0]]) > fixTTL) {
		delete(s.fixes, s.order[0])
		delete(s.made, s.order[0])
		s.order = s.order[1:]
	}
	key := newID()
	s.fixes[key], s.made[key] = f, now
	s.order = append(s.order, key)
	return key
}

func (s *fixStore) get(key string) (*fix, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	f, ok := s.fixes[key]
	if !ok || s.now().Sub(s.made[key]) > fixTTL {
		return nil, false
	}
	return f, true
}

// pinnedKeys are the question keys (index.PinKey) of the live pins.
func (b *Bot) pinnedKeys(ctx context.Context) map[string]bool {
	keys := map[string]bool{}
	if b.cfg.Pins == nil {
		return keys
	}
	pins, err := b.cfg.Pins.Pins(ctx)
	if err != nil {
		b.log.Warn("read the pins for /gaps", "err", err)
		return keys
	}
	for _, p := range pins {
		keys[index.PinKey(p.Question)] = true
	}
	return keys
}

// isPinned reports whether a live pin has one of the group's wordings.
func isPinned(g Gap, keys map[string]bool) bool {
	for _, q := range append([]string{g.Newest, g.Question}, g.Others...) {
		if q != "" && keys[index.PinKey(q)] {
			return true
		}
	}
	return false
}

// gapsSelect is /gaps' select menu: one option a group.
func (b *Bot) gapsSelect(gaps []Gap) []discordgo.MessageComponent {
	if b.cfg.Pins == nil || len(gaps) == 0 {
		return nil
	}
	gaps = gaps[:min(len(gaps), maxFixGroups)]
	key := b.fixes.put(&fix{gaps: gaps})
	var opts []discordgo.SelectMenuOption
	for i, g := range gaps {
		desc := fmt.Sprintf("%d× · %s", g.Count+g.MayAnswer, g.why())
		if g.Pinned {
			desc += " · pinned"
		}
		opts = append(opts, discordgo.SelectMenuOption{Label: truncate(fmt.Sprintf("%d. %s", i+1, oneLine(g.newest())), 100),
			Value: strconv.Itoa(i), Description: truncate(desc, 100)})
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.SelectMenu{CustomID: "gf:" + key, Placeholder: "Pin an answer to one of these…", Options: opts},
	}}}
}

// onGapFix runs the pin flow's components, each for moderators only.
func (b *Bot) onGapFix(ctx context.Context, r *request, kind, key, rest string) error {
	if err := b.checkModerator(r, "gaps"); err != nil {
		return err
	}
	if b.cfg.Pins == nil {
		return userErrorf("Pinned answers are not kept on this server.")
	}
	f, ok := b.fixes.get(key)
	if !ok {
		return userErrorf("This list has expired (I keep it for %d minutes). Run /gaps again.", int(fixTTL.Minutes()))
	}
	values := r.ix.MessageComponentData().Values
	pick := func(n int) (int, error) {
		if len(values) != 1 {
			return 0, userErrorf("Choose one.")
		}
		i, err := strconv.Atoi(values[0])
		if err != nil || i < 0 || i >= n {
			return 0, userErrorf("That choice is no longer on offer. Run /gaps again.")
		}
		return i, nil
	}
	switch kind {
	case "gf":
		i, err := pick(len(f.gaps))
		if err != nil {
			return err
		}
		g := f.gaps[i]
		ans, err := b.cfg.Answerer.Ask(ctx, g.newest(), fixPassages)
		if err != nil {
			return fmt.Errorf("gaps: ask %q: %w", g.newest(), err)
		}
		next := &fix{question: g.newest(), count: g.Count + g.MayAnswer, passages: ans.Passages}
		b.moderatorLog(r, "gaps fix", "question", next.question)
		return b.private(ctx, r, b.fixMessage(b.fixes.put(next), next, 0))
	case "gm":
		page, err := strconv.Atoi(rest)
		if err != nil || page < 0 || page*fixPage >= len(f.passages) {
			return userErrorf("There are no more passages: pin “the coverage does not say”, or add an article with /ingest.")
		}
		return b.private(ctx, r, b.fixMessage(key, f, page))
	case "gs":
		i, err := pick(len(f.passages))
		if err != nil {
			return err
		}
		p := f.passages[i]
		return b.pinFrom(ctx, r, "passage", index.Pin{Question: f.question, ArticleID: p.ArticleID, Start: p.Start, End: p.End}, p.Title)
	case "gn":
		return b.pinFrom(ctx, r, "not_covered", index.Pin{Question: f.question, NotCovered: true}, "")
	case "gd":
		pins, err := b.cfg.Pins.Pins(ctx)
		if err != nil {
			return fmt.Errorf("gaps: read the pins: %w", err)
		}
		var others []index.Pin
		for i := len(pins) - 1; i >= 0 && len(others) < maxFixGroups; i-- { // the newest first
			if index.PinKey(pins[i].Question) != index.PinKey(f.question) {
				others = append(others, pins[i])
			}
		}
		if len(others) == 0 {
			return userErrorf("No other question is pinned yet: pin a passage or “the coverage does not say” for this one.")
		}
		next := &fix{question: f.question, count: f.count, pins: others}
		var opts []discordgo.SelectMenuOption
		for i, p := range others {
			opts = append(opts, discordgo.SelectMenuOption{Label: truncate(oneLine(p.Question), 100), Value: strconv.Itoa(i),
				Description: truncate(oneLine(pinAnswer(p)), 100)})
		}
		return b.private(ctx, r, message{
			Embeds: []*discordgo.MessageEmbed{{Type: discordgo.EmbedTypeRich, Color: colorInfo,
				Title:       truncate("A different question: “"+oneLine(f.question)+"”", 256),
				Description: "Which pinned question does it ask? It will be answered as that one is."}},
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.SelectMenu{CustomID: "gq:" + b.fixes.put(next), Placeholder: "It asks what this one asks…", Options: opts},
			}}},
		})
	case "gq":
		i, err := pick(len(f.pins))
		if err != nil {
			return err
		}
		o := f.pins[i]
		p := index.Pin{Question: f.question, NotCovered: o.NotCovered, ArticleID: o.ArticleID, Start: o.Start, End: o.End}
		return b.pinFrom(ctx, r, "same_as", p, "")
	}
	return userErrorf("That button is no longer supported. Run /gaps again.")
}

// pinFrom pins p for the moderator who pressed and says what it did.
func (b *Bot) pinFrom(ctx context.Context, r *request, how string, p index.Pin, title string) error {
	b.moderatorLog(r, "pin", "question", p.Question, "how", how, "article", p.ArticleID, "start", p.Start, "end", p.End)
	got, err := b.cfg.Pins.Pin(ctx, r.userID(), p)
	if errors.Is(err, index.ErrBadPin) {
		b.moderatorLog(r, "pin refused", "err", err)
		return userErrorf("That passage cannot be pinned: %s.", escape(strings.TrimPrefix(err.Error(), index.ErrBadPin.Error()+": ")))
	}
	if err != nil {
		b.moderatorLog(r, "pin failed", "err", err)
		return fmt.Errorf("pin: %w", err)
	}
	b.cfg.Metrics.pinned(how)
	b.moderatorLog(r, "pin done", "id", got.ID)
	what := "“the coverage does not say”, with a note that the moderators found so"
	if !got.NotCovered {
		what = "“" + escape(oneLine(truncate(got.Text, 300))) + "”"
		if title != "" {
			what += " — " + escape(truncate(title, 120))
		}
	}
	return b.private(ctx, r, message{Embeds: []*discordgo.MessageEmbed{{Type: discordgo.EmbedTypeRich, Color: colorInfo,
		Title: truncate("📌 Pinned: “"+oneLine(got.Question)+"”", 256),
		Description: "Asked again in these words, or in others the matcher takes for the same question, it is answered with " + what +
			".\n-# Pin " + got.ID + " · `talksbot pins` lists the pins · `talksbot unpin " + got.ID + "` undoes it",
	}}, Components: []discordgo.MessageComponent{}})
}

// fixMessage shows a group's question and one page of its passages, with
// the ways to pin its answer.
func (b *Bot) fixMessage(key string, f *fix, page int) message {
	from := page * fixPage
	to := min(len(f.passages), from+fixPage)
	var lines []string
	var opts []discordgo.SelectMenuOption
	for i := from; i < to; i++ {
		p := f.passages[i]
		lines = append(lines, fmt.Sprintf("**%d.** “%s”\n— %s", i+1, escape(oneLine(truncate(p.Quote, 300))), escape(truncate(p.Title, 100))))
		opts = append(opts, discordgo.SelectMenuOption{Label: truncate(fmt.Sprintf("%d. %s", i+1, oneLine(p.Quote)), 100),
			Value: strconv.Itoa(i), Description: truncate(oneLine(p.Title), 100)})
	}
	desc := fmt.Sprintf("Asked %d× in this group. ", f.count)
	if len(lines) == 0 {
		desc += "No passage comes near it: pin “the coverage does not say”, or add an article with /ingest."
	} else {
		desc += fmt.Sprintf("Passages %d–%d of %d as the bot finds them:\n\n", from+1, to, len(f.passages)) + strings.Join(lines, "\n\n")
	}
	var rows []discordgo.MessageComponent
	if len(opts) > 0 {
		rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.SelectMenu{CustomID: "gs:" + key, Placeholder: "This passage answers it…", Options: opts}}})
	}
	rows = append(rows, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: "More passages", Style: discordgo.SecondaryButton, CustomID: fmt.Sprintf("gm:%s:%d", key, page+1), Disabled: to >= len(f.passages)},
		discordgo.Button{Label: "The coverage does not say", Style: discordgo.SecondaryButton, CustomID: "gn:" + key},
		discordgo.Button{Label: "A different question…", Style: discordgo.SecondaryButton, CustomID: "gd:" + key},
	}})
	return message{Embeds: []*discordgo.MessageEmbed{{Type: discordgo.EmbedTypeRich, Color: colorInfo,
		Title: truncate("Pin an answer: “"+oneLine(f.question)+"”", 256), Description: truncate(desc, 4000)}}, Components: rows}
}

// pinAnswer is what a pin answers, in a few words.
func pinAnswer(p index.Pin) string {
	if p.NotCovered {
		return "the coverage does not say"
	}
	return "“" + p.Text + "”"
}

// newest is the group's newest wording (its commonest when not known).
func (g Gap) newest() string {
	if g.Newest != "" {
		return g.Newest
	}
	return g.Question
}

// why is what the group's questions were told, in a few words.
func (g Gap) why() string {
	var why []string
	if g.NotCovered > 0 {
		why = append(why, fmt.Sprintf("%d not covered", g.NotCovered))
	}
	if g.MayAnswer > 0 {
		why = append(why, fmt.Sprintf("%d unsure", g.MayAnswer))
	}
	if g.Down > 0 {
		why = append(why, fmt.Sprintf("%d 👎", g.Down))
	}
	return strings.Join(why, ", ")
}
