package bot

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// Views are the fact views the CLI shows too: "troops", "parties",
// "conditions", "timeline" and "summary".
type Views interface {
	View(ctx context.Context, name string, q ViewQuery) (View, error)
}

// ViewQuery narrows a view (summary only).
type ViewQuery struct {
	Article string // an article ID
	Topic   string
}

// ErrNoSuchArticle is what a Views returns for an unknown ViewQuery.Article.
var ErrNoSuchArticle = errors.New("no such article")

// View is a fact view ready to show: our own words (Intro, Text) and
// passages quoted exactly, with their sources.
type View struct {
	Name     string // troops, parties, conditions, timeline, summary
	Title    string
	Intro    string
	Sections []ViewSection
	Empty    string // what to say when there are no sections
}

// ViewSection is one heading of a view.
type ViewSection struct {
	Heading string
	Text    string
	Items   []ViewItem
	// Compact is the section's note in the compact view (Markdown,
	// escaped), when it differs from Text.
	Compact string
	// Line, when set, is the whole section as one line of the compact
	// view (Markdown, escaped; its first quote's source is added).
	Line string
}

// ViewItem is a quoted passage, with a label of ours before it
// ("2024-01-25 · about 2,500").
type ViewItem struct {
	Label string
	Quote index.Passage
	// Compact is the item's line in the compact view (Markdown, escaped;
	// the source is added): by default its label and the sentence's start.
	Compact string
}

// Topics offered by /summary's autocomplete.
var summaryTopics = []string{"troops", "bases", "timetable", "conditions", "attacks", "militias", "Islamic State", "coalition", "Higher Military Commission", "parliament", "Iran"}

// viewCommand answers /troops, /parties, /conditions and /timeline.
func (b *Bot) viewCommand(name string) func(ctx context.Context, r *request) error {
	return func(ctx context.Context, r *request) error {
		return b.showView(ctx, r, name, ViewQuery{})
	}
}

func (b *Bot) cmdSummary(ctx context.Context, r *request) error {
	q := ViewQuery{Article: strings.TrimSpace(r.str("article")), Topic: strings.TrimSpace(r.str("topic"))}
	return b.showView(ctx, r, "summary", q)
}

func (b *Bot) showView(ctx context.Context, r *request, name string, q ViewQuery) error {
	if b.cfg.Views == nil {
		return userErrorf("/%s is not available on this server yet. /ask works: try `/ask question:`.", name)
	}
	if q.Article != "" {
		list, err := b.cfg.Library.Sources(ctx)
		if err != nil {
			return fmt.Errorf("list sources: %w", err)
		}
		if !slices.ContainsFunc(list, func(s Source) bool { return s.ID == q.Article }) {
			return userErrorf("I hold no article %q. Pick one from the list as you type, or see /sources.", truncate(q.Article, 100))
		}
	}
	v, err := b.cfg.Views.View(ctx, name, q)
	if errors.Is(err, ErrNoSuchArticle) {
		return userErrorf("I hold no article %q. Pick one from the list as you type, or see /sources.", truncate(q.Article, 100))
	}
	if err != nil {
		return fmt.Errorf("view %s: %w", name, err)
	}
	if v.Name == "" {
		v.Name = name
	}
	return b.pagedSet(ctx, r, viewPages(v, b.chartFiles(ctx, name)))
}

// completeSummary suggests articles (by title) and topics.
func (b *Bot) completeSummary(ctx context.Context, r *request) error {
	f := r.focused()
	if f == nil {
		return r.choices(ctx, nil)
	}
	typed, _ := f.Value.(string)
	switch f.Name {
	case "article":
		list, err := b.cfg.Library.Sources(ctx)
		if err != nil {
			return fmt.Errorf("list sources: %w", err)
		}
		return r.choices(ctx, articleChoices(list, typed))
	case "topic":
		var cs []*discordgo.ApplicationCommandOptionChoice
		low := strings.ToLower(strings.TrimSpace(typed))
		for _, t := range summaryTopics {
			if strings.Contains(strings.ToLower(t), low) {
				cs = append(cs, &discordgo.ApplicationCommandOptionChoice{Name: t, Value: t})
			}
		}
		if low != "" && len(cs) == 0 {
			cs = append(cs, &discordgo.ApplicationCommandOptionChoice{Name: truncate(typed, maxChoiceName), Value: truncate(typed, maxChoiceValue)})
		}
		return r.choices(ctx, cs)
	}
	return r.choices(ctx, nil)
}

// Page budget of a view: fields and runes per embed (under Discord's 25
// and 6000, so pages read well).
const (
	viewFieldsPerPage = 8
	viewRunesPerPage  = 4500
)

// renderView renders a view as pages: each section a field (split when its
// quotes do not fit one), pages filled up to a budget.
func renderView(v View) []*discordgo.MessageEmbed {
	title := truncate(escape(oneLine(v.Title)), maxTitle)
	intro := truncate(escape(v.Intro), 1500)
	var fields []*discordgo.MessageEmbedField
	briefs := false
	for _, s := range v.Sections {
		fields = append(fields, sectionFields(s)...)
		for _, it := range s.Items {
			briefs = briefs || it.Quote.Kind == "brief"
		}
	}
	newPage := func() *discordgo.MessageEmbed {
		return &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Title: title, Description: intro, Color: colorInfo}
	}
	var pages []*discordgo.MessageEmbed
	page := newPage()
	if len(fields) == 0 {
		empty := v.Empty
		if empty == "" {
			empty = "The coverage I hold says nothing on this."
		}
		page.Description = strings.TrimSpace(intro + "\n\n" + escape(empty))
	}
	for _, f := range fields {
		if len(page.Fields) > 0 && (len(page.Fields) == viewFieldsPerPage || embedSize(page)+runes(f.Name)+runes(f.Value) > viewRunesPerPage) {
			pages = append(pages, page)
			page = newPage()
		}
		page.Fields = append(page.Fields, f)
	}
	pages = append(pages, page)
	footPages(pages, briefs)
	return pages
}

// sectionFields renders a section: its text, then its quotes, as one field
// or, when long, several ("… (continued)").
func sectionFields(s ViewSection) []*discordgo.MessageEmbedField {
	name := truncate(escape(oneLine(s.Heading)), maxFieldName-20)
	if strings.TrimSpace(name) == "" {
		name = zwsp
	}
	var parts []string
	if s.Text != "" {
		parts = append(parts, truncate(escape(oneLine(s.Text)), 400))
	}
	for _, it := range s.Items {
		p := it.Quote
		src := "— " + escape(corpus.OutletName(p.ArticleID, p.Outlet)) + ", " + escape(dateLabel(p.Published, p.DateNote))
		if su := safeURL(p.URL); su != "" {
			src = "— [" + escape(corpus.OutletName(p.ArticleID, p.Outlet)) + "](" + su + "), " + escape(dateLabel(p.Published, p.DateNote))
		}
		if p.Kind == "brief" {
			src += " " + briefMark
		}
		label := ""
		if it.Label != "" {
			label = "**" + truncate(escape(oneLine(it.Label)), 200) + "**\n"
		}
		budget := maxFieldValue - runes(src) - runes(label) - runes("> “” ")
		parts = append(parts, label+"> “"+fitQuote(p.Quote, p.Marks, min(budget, 600))+"” "+src)
	}
	if len(parts) == 0 {
		parts = []string{zwsp}
	}
	var out []*discordgo.MessageEmbedField
	cur := ""
	flush := func() {
		n := name
		if len(out) > 0 {
			n = truncate(name, maxFieldName-14) + " (continued)"
		}
		out = append(out, &discordgo.MessageEmbedField{Name: n, Value: cur})
		cur = ""
	}
	for _, p := range parts {
		if cur != "" && runes(cur)+1+runes(p) > maxFieldValue {
			flush()
		}
		if cur != "" {
			cur += "\n"
		}
		cur += p
	}
	flush()
	return out
}

// Charts draws a view's chart as a PNG, for the views that have one
// (troops, timeline); ok is false for the others.
type Charts interface {
	Chart(ctx context.Context, view string) (png []byte, ok bool, err error)
}

// chartFiles is the view's chart as an attachment, if it has one; a chart
// that fails is logged and left out, the view still shown.
func (b *Bot) chartFiles(ctx context.Context, view string) []*discordgo.File {
	if b.cfg.Charts == nil {
		return nil
	}
	png, ok, err := b.cfg.Charts.Chart(ctx, view)
	if err != nil {
		b.log.Warn("chart failed", "view", view, "err", err)
		return nil
	}
	if !ok {
		return nil
	}
	return []*discordgo.File{{Name: view + ".png", ContentType: "image/png", Reader: bytes.NewReader(png)}}
}
