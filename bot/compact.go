package bot

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// Compact views: one line per item, a compact source link on each, no
// sentence twice in one view, pages of at most compactRunesPerPage; the
// full quotes are one button away ("Full quotes": renderView).

const (
	compactRunesPerPage = 1500 // what a reader sees: link targets are not shown
	// maxCompactDescription keeps a page, links included, well under
	// Discord's 4,096 for a description.
	maxCompactDescription = 3900
)

var linkTarget = regexp.MustCompile(`\]\((?:[^()\s]|\([^()\s]*\))*\)`)

// visibleRunes is how long a Markdown text reads: a link shows its text,
// not its address.
func visibleRunes(s string) int {
	return runes(linkTarget.ReplaceAllString(s, "]"))
}

// viewPages is a view as pages to send: compact, with its full quotes
// behind a button, and the view's chart with the first page.
func viewPages(v View, files []*discordgo.File) *pageSet {
	ps := &pageSet{pages: renderCompact(v), next: "Next page", view: v.Name, files: files}
	if len(files) > 0 {
		ps.pages[0].Image = &discordgo.MessageEmbedImage{URL: "attachment://" + files[0].Name}
	}
	if v.hasQuotes() {
		ps.full = renderView(v)
	}
	return ps
}

func (v View) hasQuotes() bool {
	for _, s := range v.Sections {
		if len(s.Items) > 0 {
			return true
		}
	}
	return false
}

// renderCompact renders a view one line per item. A page never ends on a
// heading: a heading goes with its section's first item, and a section
// that goes on to the next page repeats its heading there ("(continued)").
func renderCompact(v View) []*discordgo.MessageEmbed {
	title := truncate(escape(oneLine(v.Title)), maxTitle)
	intro := truncate(escape(v.Intro), 300)
	seen := map[string]bool{}
	briefs := false
	type block struct {
		head  string   // the heading line, "" for none
		lines []string // notes, then one line per item
	}
	var blocks []block
	var oneLiners []string
	for _, s := range v.Sections {
		if s.Line != "" {
			line := "• " + s.Line
			if len(s.Items) > 0 {
				q := s.Items[0].Quote
				line += " · " + compactSource(q)
				briefs = briefs || q.Kind == "brief"
			}
			oneLiners = append(oneLiners, line)
			continue
		}
		var lines []string
		if s.Compact != "" {
			lines = append(lines, strings.Split(s.Compact, "\n")...)
		}
		items := 0
		for _, it := range s.Items {
			q := it.Quote
			key := q.ArticleID + ":" + strconv.Itoa(q.Start)
			if seen[key] {
				continue
			}
			seen[key] = true
			line := it.Compact
			if line == "" {
				line = compactLabel(it.Label) + "“" + escape(compactQuote(q.Quote)) + "”"
			}
			lines = append(lines, "• "+line+" · "+compactSource(q))
			briefs = briefs || q.Kind == "brief"
			items++
		}
		if items == 0 {
			continue
		}
		head := ""
		if h := strings.TrimSpace(s.Heading); h != "" {
			head = "**" + truncate(escape(oneLine(h)), 120) + "**"
		}
		blocks = append(blocks, block{head: head, lines: lines})
	}
	if len(oneLiners) > 0 {
		blocks = append([]block{{lines: oneLiners}}, blocks...)
	}
	newPage := func(desc string) *discordgo.MessageEmbed {
		return &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Title: title, Description: desc, Color: colorInfo}
	}
	var pages []*discordgo.MessageEmbed
	if len(blocks) == 0 {
		empty := v.Empty
		if empty == "" {
			empty = "The coverage I hold says nothing on this."
		}
		pages = append(pages, newPage(escape(empty)))
	}
	cur := intro
	fits := func(add string) bool {
		return cur == "" || visibleRunes(cur)+visibleRunes(add) <= compactRunesPerPage && runes(cur)+runes(add) <= maxCompactDescription
	}
	flush := func() {
		if strings.TrimSpace(cur) != "" {
			pages = append(pages, newPage(cur))
		}
		cur = ""
	}
	appendText := func(text string, gap string) {
		if cur != "" {
			text = gap + text
		}
		cur += text
	}
	for _, b := range blocks {
		// The heading, the notes under it and the first item are one unit.
		first := 0
		for first < len(b.lines)-1 && !strings.HasPrefix(b.lines[first], "• ") {
			first++
		}
		unit := strings.Join(b.lines[:first+1], "\n")
		if b.head != "" {
			unit = b.head + "\n" + unit
		}
		if !fits("\n\n" + unit) {
			flush()
		}
		appendText(truncate(unit, compactRunesPerPage), "\n\n")
		for _, line := range b.lines[first+1:] {
			if !fits("\n" + line) {
				flush()
				if b.head != "" {
					cur = strings.TrimSuffix(b.head, "**") + " (continued)**"
				}
			}
			appendText(truncate(line, compactRunesPerPage), "\n")
		}
	}
	flush()
	footPages(pages, briefs)
	return pages
}

// footPages writes every page's footer: that quotes are exact, once what
// the mark of a brief means (when the view quotes one), the page number.
func footPages(pages []*discordgo.MessageEmbed, briefs bool) {
	for i, p := range pages {
		text := "Quotes are exact; headings and notes are ours"
		if briefs {
			text += " · " + briefMark + " our brief of the report"
		}
		if len(pages) > 1 {
			text += fmt.Sprintf(" · page %d of %d", i+1, len(pages))
		}
		p.Footer = &discordgo.MessageEmbedFooter{Text: text}
	}
}

// briefMark marks a source that is our brief of a public report; the
// footer says so once.
const briefMark = "†"

func compactLabel(label string) string {
	if label == "" {
		return ""
	}
	return "`" + codeText(truncate(oneLine(label), 60)) + "` "
}

// compactSource is "[AP, 2024-01-25](url)": the outlet shortened, the date.
func compactSource(q index.Passage) string {
	name := shortOutlet(corpus.OutletName(q.ArticleID, q.Outlet))
	date, u := q.Published, q.URL
	if date == "" {
		date = q.DateNote
	}
	if date == "" {
		date = "undated"
	}
	text := escape(name) + ", " + escape(truncate(date, 30))
	mark := ""
	if q.Kind == "brief" {
		mark = " " + briefMark
	}
	if su := safeURL(u); su != "" {
		return "[" + text + "](" + su + ")" + mark
	}
	return text + mark
}

// shortOutlets are the long outlet names the compact views shorten.
var shortOutlets = map[string]string{
	"Associated Press": "AP", "Congressional Research Service": "CRS", "U.S. Department of Defense": "DoD",
	"Associated Press and Reuters": "AP/Reuters", "AFP and Anadolu": "AFP/Anadolu",
	"U.S. State Department and Pentagon briefings": "State/Pentagon",
}

func shortOutlet(o string) string {
	if s, ok := shortOutlets[o]; ok {
		return s
	}
	if i := strings.Index(o, ","); i > 0 {
		o = o[:i] // "Wikipedia, encyclopedia article" → "Wikipedia"
	}
	return truncate(o, 28)
}

// compactQuoteRunes is the length above which a compact view cuts a
// sentence, and cutMinRunes the least it keeps of one.
const (
	compactQuoteRunes = 140
	cutMinRunes       = 40
)

// compactQuote is what a compact view shows of a sentence: the whole
// sentence, or when it is long its start up to the end of a clause
// followed by an ellipsis ("…, the sources said" → "…"). It is never cut
// inside a clause: a long sentence without a clause boundary in reach is
// shown whole. The text before the ellipsis is exactly the sentence's
// start.
func compactQuote(s string) string {
	s = oneLine(s)
	if runes(s) <= compactQuoteRunes {
		return s
	}
	best := -1
	for _, i := range clauseEnds(s) {
		if n := runes(s[:i]); n >= cutMinRunes && n <= compactQuoteRunes {
			best = i
		}
	}
	if best < 0 {
		return s
	}
	return s[:best] + ellipsis
}

// conjunctions begin a clause after a comma, or (the second set) after a
// space.
var (
	afterComma = regexp.MustCompile(`^(?:and|but|or|while|whereas|which|who|whose|where|when|as|because|although|though|after|before|until|since|so|if|unless|once|according to)\b`)
	afterSpace = regexp.MustCompile(`^(?:because|although|though|whereas|while|unless|according to)\b`)
	// attribution is a sentence's last clause naming who said it:
	// ", the office of Iraqi Prime Minister … said."
	attribution = regexp.MustCompile(`^[^,;:]{1,90}\b(?:said|says|told|reported|announced|added)\b[^,;:]{0,40}[.!?"”]*$`)
)

// clauseEnds are the byte offsets in s where a clause ends: before "; ",
// ": ", " — ", ", and …", ", which …", " because …", an attribution at
// the end (", the sources said."), in order.
func clauseEnds(s string) []int {
	var out []int
	for i := 1; i < len(s)-2; i++ {
		rest := s[i:]
		switch {
		case strings.HasPrefix(rest, "; "), strings.HasPrefix(rest, ": "), strings.HasPrefix(rest, " — "), strings.HasPrefix(rest, " – "):
			out = append(out, i)
		case strings.HasPrefix(rest, ", "):
			if afterComma.MatchString(rest[2:]) || attribution.MatchString(rest[2:]) {
				out = append(out, i)
			}
		case rest[0] == ' ' && s[i-1] != ',' && afterSpace.MatchString(rest[1:]):
			out = append(out, i)
		}
	}
	return out
}
