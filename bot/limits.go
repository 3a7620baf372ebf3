package bot

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// Discord's message limits, counted in runes.
const (
	maxTitle       = 256
	maxDescription = 4096
	maxFields      = 25
	maxFieldName   = 256
	maxFieldValue  = 1024
	maxFooter      = 2048
	maxAuthor      = 256
	maxEmbedTotal  = 6000
	maxEmbeds      = 10
	maxContent     = 2000
	maxChoices     = 25
	maxChoiceName  = 100
	maxChoiceValue = 100
	maxCustomID    = 100
	maxLabel       = 80
	maxRows        = 5
	maxRowButtons  = 5
)

const ellipsis = "…"

// runes counts s in runes, as Discord does.
func runes(s string) int { return utf8.RuneCountInString(s) }

// truncate shortens s to at most max runes, cutting at a word boundary when
// one is near and ending with an ellipsis. It never splits a UTF-8 sequence;
// invalid UTF-8 in s is replaced first.
func truncate(s string, max int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if runes(s) <= max {
		return s
	}
	if max <= 0 {
		return ""
	}
	if max == 1 {
		return ellipsis
	}
	// The byte offset just after max-1 runes.
	cut, n := 0, 0
	for i := range s {
		if n == max-1 {
			cut = i
			break
		}
		n++
	}
	head := s[:cut]
	// Back up to a word boundary unless that loses more than a third.
	if i := strings.LastIndexFunc(head, unicode.IsSpace); i > 0 && runes(head[:i]) >= (max-1)*2/3 {
		head = head[:i]
	}
	head = strings.TrimRightFunc(head, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\\' || r == ',' || r == ';' || r == ':' || r == '\u200b'
	})
	return head + ellipsis
}

// fitEmbed makes e respect Discord's limits: every text within its limit,
// at most 25 fields, at most budget runes in all (fields dropped from the
// end first, then the description shortened). It returns e's size.
func fitEmbed(e *discordgo.MessageEmbed, budget int) int {
	if e == nil {
		return 0
	}
	e.Title = truncate(e.Title, maxTitle)
	e.Description = truncate(e.Description, maxDescription)
	if len(e.Fields) > maxFields {
		e.Fields = e.Fields[:maxFields]
	}
	for _, f := range e.Fields {
		f.Name = truncate(f.Name, maxFieldName)
		if strings.TrimSpace(f.Name) == "" {
			f.Name = "\u200b"
		}
		f.Value = truncate(f.Value, maxFieldValue)
		if strings.TrimSpace(f.Value) == "" {
			f.Value = "\u200b"
		}
	}
	if e.Footer != nil {
		e.Footer.Text = truncate(e.Footer.Text, maxFooter)
	}
	if e.Author != nil {
		e.Author.Name = truncate(e.Author.Name, maxAuthor)
	}
	for embedSize(e) > budget && len(e.Fields) > 0 {
		e.Fields = e.Fields[:len(e.Fields)-1]
	}
	if over := embedSize(e) - budget; over > 0 {
		e.Description = truncate(e.Description, max(0, runes(e.Description)-over))
	}
	if over := embedSize(e) - budget; over > 0 && e.Footer != nil {
		e.Footer.Text = truncate(e.Footer.Text, max(0, runes(e.Footer.Text)-over))
	}
	if over := embedSize(e) - budget; over > 0 {
		e.Title = truncate(e.Title, max(0, runes(e.Title)-over))
	}
	return embedSize(e)
}

// embedSize is what Discord counts toward the 6000 limit.
func embedSize(e *discordgo.MessageEmbed) int {
	n := runes(e.Title) + runes(e.Description)
	for _, f := range e.Fields {
		n += runes(f.Name) + runes(f.Value)
	}
	if e.Footer != nil {
		n += runes(e.Footer.Text)
	}
	if e.Author != nil {
		n += runes(e.Author.Name)
	}
	return n
}

// fitMessage makes a whole message respect Discord's limits.
func fitMessage(m *message) {
	m.Content = truncate(m.Content, maxContent)
	if len(m.Embeds) > maxEmbeds {
		m.Embeds = m.Embeds[:maxEmbeds]
	}
	budget := maxEmbedTotal
	for _, e := range m.Embeds {
		budget -= fitEmbed(e, budget)
	}
	m.Components = fitComponents(m.Components)
}

// fitComponents keeps at most 5 rows of at most 5 buttons, with labels and
// custom IDs within their limits (a custom ID that does not fit drops its
// button: a cut one would not route).
func fitComponents(cs []discordgo.MessageComponent) []discordgo.MessageComponent {
	if len(cs) > maxRows {
		cs = cs[:maxRows]
	}
	out := make([]discordgo.MessageComponent, 0, len(cs))
	for _, c := range cs {
		row, ok := c.(discordgo.ActionsRow)
		if !ok {
			continue
		}
		if sel, ok := selectOf(row); ok { // a select menu is alone in its row
			out = append(out, discordgo.ActionsRow{Components: []discordgo.MessageComponent{sel}})
			continue
		}
		var kept []discordgo.MessageComponent
		for _, rc := range row.Components {
			btn, ok := rc.(discordgo.Button)
			if !ok || runes(btn.CustomID) > maxCustomID {
				continue
			}
			btn.Label = truncate(btn.Label, maxLabel)
			kept = append(kept, btn)
			if len(kept) == maxRowButtons {
				break
			}
		}
		if len(kept) > 0 {
			out = append(out, discordgo.ActionsRow{Components: kept})
		}
	}
	return out
}

// selectOf is a row's select menu, fitted: at most 25 options, labels,
// values and descriptions of at most 100 characters; a custom ID that
// does not fit drops it.
func selectOf(row discordgo.ActionsRow) (discordgo.SelectMenu, bool) {
	if len(row.Components) == 0 {
		return discordgo.SelectMenu{}, false
	}
	sel, ok := row.Components[0].(discordgo.SelectMenu)
	if !ok || runes(sel.CustomID) > maxCustomID || len(sel.Options) == 0 {
		return discordgo.SelectMenu{}, false
	}
	opts := make([]discordgo.SelectMenuOption, 0, min(len(sel.Options), maxChoices))
	for _, o := range sel.Options[:min(len(sel.Options), maxChoices)] {
		if runes(o.Value) > 100 {
			continue
		}
		o.Label, o.Description = truncate(o.Label, 100), truncate(o.Description, 100)
		opts = append(opts, o)
	}
	sel.Options, sel.Placeholder = opts, truncate(sel.Placeholder, 150)
	return sel, len(opts) > 0
}

// fitChoices keeps at most 25 autocomplete choices with names and values
// within their limits.
func fitChoices(cs []*discordgo.ApplicationCommandOptionChoice) []*discordgo.ApplicationCommandOptionChoice {
	out := make([]*discordgo.ApplicationCommandOptionChoice, 0, min(len(cs), maxChoices))
	for _, c := range cs {
		if len(out) == maxChoices {
			break
		}
		v, _ := c.Value.(string)
		if v == "" || runes(v) > maxChoiceValue {
			continue
		}
		name := truncate(c.Name, maxChoiceName)
		if strings.TrimSpace(name) == "" {
			continue
		}
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: name, Value: v})
	}
	return out
}
