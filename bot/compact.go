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
	snippetRunes          = 90
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

// renderCompact renders a view one line per item.
func renderCompact(v View) []*discordgo.MessageEmbed {
	title := truncate(escape(oneLine(v.Title)), maxTitle)
	intro := truncate(escape(v.Intro), 300)
	seen := map[string]bool{}
	var blocks []string
	var oneLiners []string
	for _, s := range v.Sections {
		if s.Line != "" {
			line := "• " + s.Line
			if len(s.Items) > 0 {
				q := s.Items[0].Quote
				line += " · " + compactSource(q)
			}
			oneLiners = append(oneLiners, line)
			continue
		}
		var lines []string
		if s.Compact != "" {
			lines = append(lines, s.Compact)
		}
		for _, it := range s.Items {
			q := it.Quote
			key := q.ArticleID + ":" + strconv.Itoa(q.Start)
			if seen[key] {
				continue
			}
			seen[key] = true
			line := it.Compact
			if line == "" {
				line = compactLabel(it.Label) + "“" + escape(snippet(q.Quote, snippetRunes)) + "”"
			}
			lines = append(lines, "• "+line+" · "+compactSource(q))
		}
		if len(lines) == 0 {
			continue
		}
		head := ""
		if h := strings.TrimSpace(s.Heading); h != "" {
			head = "**" + truncate(escape(oneLine(h)), 120) + "**\n"
		}
		blocks = append(blocks, head+strings.Join(lines, "\n"))
	}
	if len(oneLiners) > 0 {
		blocks = append([]string{strings.Join(oneLiners, "\n")}, blocks...)
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
	flush := func() {
		if strings.TrimSpace(cur) != "" {
			pages = append(pages, newPage(cur))
		}
		cur = ""
	}
	for _, blk := range blocks {
		for _, line := range strings.Split(blk, "\n") {
			sep := "\n"
			if strings.HasPrefix(line, "**") && cur != "" {
				sep = "\n\n"
			}
			if cur != "" && (visibleRunes(cur)+runes(sep)+visibleRunes(line) > compactRunesPerPage || runes(cur)+runes(sep)+runes(line) > maxCompactDescription) {
				flush()
				sep = ""
			}
			if cur == "" {
				sep = ""
			}
			cur += sep + truncate(line, compactRunesPerPage)
		}
	}
	flush()
	for i, p := range pages {
		text := "Quotes are exact; headings and notes are ours"
		if len(pages) > 1 {
			text += fmt.Sprintf(" · page %d of %d", i+1, len(pages))
		}
		p.Footer = &discordgo.MessageEmbedFooter{Text: text}
	}
	return pages
}

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
	if su := safeURL(u); su != "" {
		return "[" + text + "](" + su + ")"
	}
	return text
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

// snippet is the start of a sentence, cut at a word within max runes.
func snippet(s string, max int) string {
	s = oneLine(s)
	if runes(s) <= max {
		return s
	}
	cut := []rune(s)[:max]
	t := string(cut)
	if i := strings.LastIndex(t, " "); i > max/2 {
		t = t[:i]
	}
	return strings.TrimRight(t, " ,;:") + ellipsis
}
