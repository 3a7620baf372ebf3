package bot

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// Rendering: pure functions from data to embeds and buttons. Everything
// from articles or users goes through escape; limits are enforced again
// when a message is sent (fitMessage).

// Embed colours.
const (
	colorFound    = 0x2B6CB0
	colorNotFound = 0x718096
	colorMaybe    = 0xB7791F
	colorInfo     = 0x2F855A
	colorWarn     = 0xC05621
)

const (
	passagesPerPage = 3
	askPassages     = 12 // passages fetched for an answer: four pages
	sourcesPerPage  = 8
)

// renderAnswer renders an answer as pages of passages, and what its
// "Sources" button shows.
func renderAnswer(a index.Answer, perPage int) (pages []*discordgo.MessageEmbed, sources *discordgo.MessageEmbed) {
	perPage = max(1, perPage)
	title := truncate("Q: "+escape(oneLine(truncate(a.Question, maxTitle))), maxTitle)
	desc := answerHead(a)
	color := colorFound
	switch outcomeOf(a) {
	case index.MayAnswer:
		color = colorMaybe
	case index.NotCovered:
		color = colorNotFound
	}
	n := max(1, (len(a.Passages)+perPage-1)/perPage)
	stamp := ""
	if len(a.Passages) > 0 {
		stamp = embedTimestamp(a.Passages[0].Published)
	}
	for p := 0; p < n; p++ {
		e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Title: title, Description: desc, Color: color, Timestamp: stamp}
		for i := p * perPage; i < min(len(a.Passages), (p+1)*perPage); i++ {
			e.Fields = append(e.Fields, passageField(i+1, valueMarks(a.Passages[i], a.Claims)))
		}
		foot := agreement(a)
		if briefOnPage(a.Passages, p*perPage, (p+1)*perPage) {
			foot = strings.TrimPrefix(foot+" · "+briefMark+" our brief of the report", " · ")
		}
		if n > 1 {
			foot += fmt.Sprintf(" · page %d of %d", p+1, n)
		}
		if foot != "" {
			e.Footer = &discordgo.MessageEmbedFooter{Text: foot}
		}
		pages = append(pages, e)
	}
	if len(a.Passages) == 0 {
		return pages, nil // no Sources button with nothing behind it
	}
	return pages, answerSources(a)
}

// briefOnPage reports whether a page of passages (from, to) quotes one of
// our briefs: its footer then says once what the mark means.
func briefOnPage(ps []index.Passage, from, to int) bool {
	for i := from; i < min(to, len(ps)); i++ {
		if ps[i].Kind == "brief" {
			return true
		}
	}
	return false
}

// embedTimestamp is an article's date as an embed timestamp (Discord shows
// it in the reader's time zone); "" when the article has no full date.
func embedTimestamp(published string) string {
	t, err := time.Parse(time.DateOnly, published)
	if err != nil {
		return ""
	}
	return t.Format(time.RFC3339)
}

// valueMarks puts the bold on the answer's values in the passage (its
// short answer's words as quoted), not on the question's words; without
// a short answer, nothing is bold.
func valueMarks(p index.Passage, claims []index.Claim) index.Passage {
	p.Marks = nil
	for _, c := range claims {
		if c.Value == "" {
			continue
		}
		if i := strings.Index(p.Quote, c.Value); i >= 0 {
			p.Marks = append(p.Marks, index.Span{Start: i, End: i + len(c.Value)})
		}
	}
	sort.Slice(p.Marks, func(i, j int) bool { return p.Marks[i].Start < p.Marks[j].Start })
	return p
}

// answerHead is the short answer, or a plain "not in the coverage", and
// under it in small text the question it followed on from and the
// question as read when chat words or spellings were changed.
func answerHead(a index.Answer) string {
	head := answerLead(a)
	if a.FollowUpOf != "" {
		head += "\n-# Follow-up of: " + escape(oneLine(truncate(a.FollowUpOf, 200)))
	}
	if a.ReadAs != "" {
		head += "\n-# Read as: " + escape(oneLine(truncate(a.ReadAs, 200)))
	}
	if a.Pinned != nil {
		head += "\n-# Pinned by the moderators"
	}
	return head
}

// answerLead is what the answer says first.
func answerLead(a index.Answer) string {
	switch {
	case outcomeOf(a) == index.NotCovered && a.Reason != "":
		head := "**Not in the coverage.** " + escape(oneLine(truncate(a.Reason, 300)))
		if len(a.Passages) > 0 {
			head += " The nearest passages, quoted as written:"
		}
		return head
	case len(a.Passages) == 0:
		return "**Not in the coverage.** None of the articles I hold says anything close to this. Try other words, or see `/sources` for what I hold."
	case outcomeOf(a) == index.NotCovered:
		return "**Not in the coverage.** None of the articles I hold answers this. These are the nearest passages, quoted as written:"
	case outcomeOf(a) == index.MayAnswer:
		return "**These passages may answer it** — I am not sure enough to say they do. Quoted as written, closest first:"
	case len(a.Claims) > 0:
		return renderClaims(a.Claims)
	case a.Answer != "":
		return "**Answer:** " + escape(oneLine(a.Answer))
	}
	return "**From the coverage**, quoted as written:"
}

// renderClaims writes the short answer: the first value with its sources,
// then the others (earlier reports, or sources that differ).
func renderClaims(cs []index.Claim) string {
	var b strings.Builder
	b.WriteString("**Answer:** **" + escape(oneLine(truncate(cs[0].Value, 300))) + "** (" + escape(index.SourceList(cs[0].Sources, 3)) + ")")
	if len(cs) > 1 {
		label := "Sources differ:"
		if monthsApart(newest(cs[0]), newest(cs[1])) > 6 {
			label = "Earlier reports:"
		}
		b.WriteString("\n" + label)
		for _, c := range cs[1:] {
			b.WriteString("\n• **" + escape(oneLine(truncate(c.Value, 300))) + "** (" + escape(index.SourceList(c.Sources, 3)) + ")")
		}
	}
	return b.String()
}

func newest(c index.Claim) string {
	var d string
	for _, s := range c.Sources {
		k := s.Published
		if k == "" {
			k = s.DateNote
		}
		d = max(d, dateKey(k))
	}
	return d
}

// dateKey turns "2024-01-25" or "late January 2024" into a sortable
// "YYYY-MM(-DD)"; "" when it has no year.
func dateKey(s string) string {
	if len(s) >= 7 && s[4] == '-' {
		return s
	}
	var year, month int
	for _, w := range strings.Fields(s) {
		if y, err := strconv.Atoi(w); err == nil && y > 1900 {
			year = y
		}
		for m := time.January; m <= time.December; m++ {
			if strings.EqualFold(w, m.String()) {
				month = int(m)
			}
		}
	}
	if year == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d", year, max(month, 1))
}

func monthsApart(a, b string) int {
	ya, ma, ok1 := yearMonth(a)
	yb, mb, ok2 := yearMonth(b)
	if !ok1 || !ok2 {
		return 0
	}
	d := (ya-yb)*12 + ma - mb
	if d < 0 {
		d = -d
	}
	return d
}

func yearMonth(k string) (int, int, bool) {
	if len(k) < 7 {
		return 0, 0, false
	}
	y, err1 := strconv.Atoi(k[:4])
	m, err2 := strconv.Atoi(k[5:7])
	return y, m, err1 == nil && err2 == nil
}

// passageField is one quoted passage with its source.
func passageField(n int, p index.Passage) *discordgo.MessageEmbedField {
	name := fmt.Sprintf("%d. %s · %s", n, escape(oneLine(corpus.OutletName(p.ArticleID, p.Outlet))), escape(dateLabel(p.Published, p.DateNote)))
	src := "— " + link(truncate(p.Title, 150), p.URL)
	if p.Kind == "brief" {
		src += " " + briefMark
	}
	budget := maxFieldValue - runes(src) - runes("> “”\n")
	return &discordgo.MessageEmbedField{
		Name:  truncate(name, maxFieldName),
		Value: "> “" + fitQuote(p.Quote, p.Marks, budget) + "”\n" + src,
	}
}

// agreement is the footer: how many sources agree on the short answer.
func agreement(a index.Answer) string {
	switch {
	case len(a.Passages) == 0:
		return ""
	case !a.Found:
		return "Nearest passages from " + plural(distinctArticles(a.Passages), "source")
	case len(a.Claims) > 0:
		agree := len(a.Claims[0].Sources)
		others := 0
		for _, c := range a.Claims[1:] {
			others += len(c.Sources)
		}
		s := "1 source states this answer"
		if agree > 1 {
			s = fmt.Sprintf("%d sources agree on this answer", agree)
		}
		earlier := len(a.Claims) > 1 && monthsApart(newest(a.Claims[0]), newest(a.Claims[1])) > 6
		switch {
		case others > 0 && earlier:
			s += " (the latest); " + plural(others, "earlier report") + map[bool]string{true: " differs", false: " differ"}[others == 1]
		case others == 1:
			s += "; 1 differs"
		case others > 1:
			s += fmt.Sprintf("; %d differ", others)
		}
		return s
	}
	return "Quoted from " + plural(distinctArticles(a.Passages), "source")
}

func distinctArticles(ps []index.Passage) int {
	seen := map[string]bool{}
	for _, p := range ps {
		seen[p.ArticleID] = true
	}
	return len(seen)
}

// answerSources lists the articles an answer quotes.
func answerSources(a index.Answer) *discordgo.MessageEmbed {
	type art struct {
		p     index.Passage
		count int
	}
	var order []string
	arts := map[string]*art{}
	for _, p := range a.Passages {
		if arts[p.ArticleID] == nil {
			arts[p.ArticleID] = &art{p: p}
			order = append(order, p.ArticleID)
		}
		arts[p.ArticleID].count++
	}
	var lines []string
	for _, id := range order {
		x := arts[id]
		line := fmt.Sprintf("• %s — %s · %s · %s", link(truncate(x.p.Title, 150), x.p.URL),
			escape(corpus.OutletName(x.p.ArticleID, x.p.Outlet)), escape(dateLabel(x.p.Published, x.p.DateNote)), plural(x.count, "passage"))
		if x.p.Kind == "brief" {
			line += " " + briefMark
		}
		lines = append(lines, line)
	}
	desc := strings.Join(lines, "\n")
	if desc == "" {
		desc = "No passages were quoted."
	}
	return &discordgo.MessageEmbed{
		Type: discordgo.EmbedTypeRich, Title: truncate("Sources: "+escape(oneLine(a.Question)), maxTitle),
		Description: desc, Color: colorInfo,
		Footer: &discordgo.MessageEmbedFooter{Text: briefMark + " our brief of a public report, in our words; articles are quoted exactly"},
	}
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}

func outletLabel(o string) string {
	if o == "" {
		return "outlet unknown"
	}
	return o
}

func dateLabel(published, note string) string {
	switch {
	case published != "":
		return published
	case note != "":
		return note
	}
	return "undated"
}

// pager is the button row of a paginated message: Previous, next
// (labelled next), Sources and Full quotes when the set has them, and the
// report's link.
func pager(id string, page int, ps *pageSet) []discordgo.MessageComponent {
	suffix := ""
	if ps.view != "" {
		suffix = ":" + ps.view
	}
	var btns []discordgo.MessageComponent
	if page > 0 {
		btns = append(btns, discordgo.Button{Label: "Previous", Style: discordgo.SecondaryButton, CustomID: pageCustomID(id, page-1) + suffix})
	}
	if page < len(ps.pages)-1 {
		btns = append(btns, discordgo.Button{Label: ps.next, Style: discordgo.PrimaryButton, CustomID: pageCustomID(id, page+1) + suffix})
	}
	if ps.sources != nil {
		btns = append(btns, discordgo.Button{Label: "Sources", Style: discordgo.SecondaryButton, CustomID: "s:" + id})
	}
	if ps.full != nil {
		btns = append(btns, discordgo.Button{Label: "Full quotes", Style: discordgo.SecondaryButton, CustomID: "q:" + id + ":0" + suffix})
	}
	if ps.url != "" {
		btns = append(btns, discordgo.Button{Label: "Read the report", Style: discordgo.LinkButton, URL: ps.url})
	}
	if len(btns) == 0 {
		return nil
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: btns}}
}

func pageCustomID(id string, page int) string { return "p:" + id + ":" + strconv.Itoa(page) }

// renderSources lists the library as pages.
func renderSources(list []Source, perPage int) []*discordgo.MessageEmbed {
	perPage = max(1, perPage)
	sorted := append([]Source(nil), list...)
	sort.SliceStable(sorted, func(i, j int) bool {
		return dateKey(dateLabel(sorted[i].Published, sorted[i].DateNote)) > dateKey(dateLabel(sorted[j].Published, sorted[j].DateNote))
	})
	n := max(1, (len(sorted)+perPage-1)/perPage)
	var pages []*discordgo.MessageEmbed
	for p := 0; p < n; p++ {
		var lines []string
		for i := p * perPage; i < min(len(sorted), (p+1)*perPage); i++ {
			s := sorted[i]
			kind := "article, quoted exactly"
			if s.Kind == "brief" {
				kind = "our brief of the report"
			}
			lines = append(lines, fmt.Sprintf("**%d.** %s\n%s · %s · %s · %s · `%s`", i+1, link(truncate(s.Title, 200), s.URL),
				escape(corpus.OutletName(s.ID, s.Outlet)), escape(dateLabel(s.Published, s.DateNote)), kind, plural(s.Passages, "passage"),
				codeText(truncate(s.ID, 100))))
		}
		desc := strings.Join(lines, "\n\n")
		if len(sorted) == 0 {
			desc = "I hold no articles yet."
		}
		e := &discordgo.MessageEmbed{
			Type: discordgo.EmbedTypeRich, Title: fmt.Sprintf("Sources I hold (%d)", len(sorted)),
			Description: desc, Color: colorInfo,
			Footer: &discordgo.MessageEmbedFooter{Text: "Newest first"},
		}
		if n > 1 {
			e.Footer.Text += fmt.Sprintf(" · page %d of %d", p+1, n)
		}
		pages = append(pages, e)
	}
	return pages
}

// renderHelp says what the bot does and which sources it holds.
func renderHelp(list []Source, views, ingest, mentions bool) *discordgo.MessageEmbed {
	var cmds []string
	cmds = append(cmds, "`/ask question:` — a short answer with the passages it comes from, quoted exactly, each with outlet, date and link")
	if views {
		cmds = append(cmds,
			"`/summary [article:] [topic:]` — a summary of the talks, or of one article",
			"`/troops` — troop numbers, as each source gives them",
			"`/parties` — who takes part and what each side says",
			"`/conditions` — the conditions set for ending the mission",
			"`/timeline` — the talks, date by date")
	}
	cmds = append(cmds, "`/sources` — the articles I hold", "`/help` — this message")
	if mentions {
		cmds = append(cmds, "Or mention me with a question in a channel.")
	}
	mod := "`/ingest url:` or `/ingest file:` — add an article · `/remove article:` — remove one · `/feeds add url:` — follow a feed · `/queue` — review its items · `/reindex` — rebuild the index (Manage Server, or the moderator role)"
	if !ingest {
		mod += " — not available on this server yet"
	}
	outlets := map[string]int{}
	briefs := 0
	for _, s := range list {
		outlets[outletLabel(s.Outlet)]++
		if s.Kind == "brief" {
			briefs++
		}
	}
	names := make([]string, 0, len(outlets))
	for o := range outlets {
		names = append(names, o)
	}
	sort.Slice(names, func(i, j int) bool {
		if outlets[names[i]] != outlets[names[j]] {
			return outlets[names[i]] > outlets[names[j]]
		}
		return names[i] < names[j]
	})
	held := fmt.Sprintf("%s from %d outlets: %s.", plural(len(list), "article"), len(names), escape(strings.Join(names, ", ")))
	if briefs > 0 {
		held += fmt.Sprintf(" %d of them are our own briefs of public reports (each links to the report); the others are quoted exactly.", briefs)
	}
	held += " See `/sources`."
	return &discordgo.MessageEmbed{
		Type:  discordgo.EmbedTypeRich,
		Title: "talksbot — the U.S.–Iraq talks on ending the coalition mission",
		Description: "I answer questions about the talks between the United States and Iraq on ending the U.S.-led " +
			"coalition's mission, **with quotes, not paraphrase**: every answer shows the sentences it comes from, " +
			"each with its outlet, date and a link. When the coverage does not say, I say so and show the nearest passages. " +
			"When sources disagree, I show each with its source.",
		Color: colorInfo,
		Fields: []*discordgo.MessageEmbedField{
			{Name: "Commands", Value: strings.Join(cmds, "\n")},
			{Name: "Moderators", Value: mod},
			{Name: "Sources I hold", Value: held},
		},
	}
}

// renderIngest reports an ingest.
func renderIngest(r IngestReport) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorInfo}
	title := link(truncate(r.Title, 200), r.URL)
	switch r.Status {
	case "duplicate":
		e.Title = "Already held"
		e.Color = colorWarn
		e.Description = fmt.Sprintf("This nearly repeats `%s`, so it was not added. Press **Add anyway** below (or use `force:True`) to add it anyway.", codeText(truncate(r.SameAs, 200)))
	case "replaces":
		e.Title = "Would replace another article"
		e.Color = colorWarn
		e.Description = fmt.Sprintf("Its id or address is that of `%s` “%s”, another article held, so it was not added. Press **Replace it** below (or use `force:True`) to replace that article with it.",
			codeText(truncate(r.SameAs, 200)), escape(truncate(r.SameTitle, 200)))
	case "unchanged":
		e.Title = "Already held, unchanged"
		e.Description = fmt.Sprintf("%s is already in the library as `%s`.", title, codeText(truncate(r.ID, 200)))
	default:
		verb := "Added"
		if r.Status == "updated" {
			verb = "Updated"
		}
		e.Title = verb + " to the library"
		e.Description = fmt.Sprintf("%s\n%s · %s · %s · `%s`", title, escape(outletLabel(r.Outlet)), escape(dateLabel(r.Published, "")),
			plural(r.Passages, "passage"), codeText(truncate(r.ID, 200)))
		if len(r.Notes) > 0 {
			e.Fields = []*discordgo.MessageEmbedField{{Name: "Given values used", Value: escape(truncate(strings.Join(r.Notes, "\n"), 900))}}
		}
	}
	return e
}

// renderReindex reports a rebuild.
func renderReindex(r ReindexReport) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{
		Type: discordgo.EmbedTypeRich, Title: "Index rebuilt", Color: colorInfo,
		Description: fmt.Sprintf("%s, %s, in %s. Questions were answered throughout.",
			plural(r.Articles, "article"), plural(r.Passages, "passage"), r.Took.Round(time.Millisecond)),
	}
	if r.Skipped != "" {
		e.Color = colorWarn
		e.Fields = []*discordgo.MessageEmbedField{{Name: "Skipped files", Value: "```\n" + codeText(truncate(r.Skipped, 900)) + "\n```"}}
	}
	return e
}

// outcomeOf is the answer's outcome; an answer from an older server (no
// outcome) is answered when found.
func outcomeOf(a index.Answer) index.Outcome {
	switch {
	case a.Outcome != "":
		return a.Outcome
	case a.Found:
		return index.Answered
	}
	return index.NotCovered
}
