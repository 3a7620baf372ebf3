package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/talksbot/talksbot/corpus"
)

// extractOptions are the go-trafilatura settings: precision over recall (a
// stray line of boilerplate becomes a quotable "sentence"), no comments, no
// tables (rarely prose, often navigation), readability and DOM-distiller
// fallbacks when trafilatura's own extraction comes up short.
func extractOptions(page *url.URL) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:     page,
		Focus:           trafilatura.FavorPrecision,
		ExcludeComments: true,
		ExcludeTables:   true,
		EnableFallback:  true,
		Deduplicate:     true,
		HtmlDateMode:    trafilatura.Fast,
	}
}

// FromHTML extracts the article in an HTML page with go-trafilatura.
// pageURL is where the page was read from ("" for a saved file); it is the
// article's URL unless the page names a canonical URL on the same site
// (a page cannot claim another site's address). Title, author, date and
// site name come from the page's metadata; the outlet falls back to the
// host name without "www.", the title to the first words of the text.
// A page with no main text gives ErrNotArticle.
func FromHTML(data []byte, pageURL string) (*corpus.Article, error) {
	if len(data) > DefaultMaxBytes {
		return nil, tooBig(int64(len(data)), DefaultMaxBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	var page *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%w: page URL %q is not an http or https URL", ErrBadURL, pageURL)
		}
		page = u
	}
	// dom.Parse is what trafilatura.Extract uses (it guesses the charset
	// and normalises to NFC), so the page text below matches its output.
	doc, err := dom.Parse(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("%w: cannot parse the HTML: %v", ErrNotArticle, err)
	}
	text := newPageText(doc)
	published := declaredDate(doc)
	byline := bylineFallback(doc)
	res, err := extract(doc, page)
	if err != nil || res == nil || res.ContentNode == nil {
		return nil, fmt.Errorf("%w: no main text found", ErrNotArticle)
	}
	m := res.Metadata
	var paras []string
	for _, p := range htmlParagraphs(res.ContentNode) {
		if !isBoilerplate(p) {
			paras = append(paras, text.respace(p))
		}
	}
	title := cleanTitle(collapse(m.Title), m.Sitename, page)
	// The headline often opens the extracted text too: keep it once.
	for len(paras) > 0 && title != "" && strings.EqualFold(paras[0], title) {
		paras = paras[1:]
	}
	if len(paras) == 0 {
		return nil, fmt.Errorf("%w: no main text found", ErrNotArticle)
	}
	if title == "" {
		title = firstWords(paras[0], 80)
	}
	a := &corpus.Article{
		Title:     title,
		Author:    cleanAuthors(m.Author),
		URL:       chooseURL(m.URL, pageURL),
		Outlet:    collapse(m.Sitename),
		Published: published,
		Body:      strings.Join(paras, "\n\n"),
	}
	if a.Published == "" && !m.Date.IsZero() {
		a.Published = plausibleDate(m.Date.Format(time.DateOnly))
	}
	if a.Author == "" {
		a.Author = byline
	}
	if a.Outlet == "" {
		a.Outlet = hostOutlet(a.URL)
	}
	return finish(a)
}

// extract runs go-trafilatura, turning a panic on a strange page into an
// error: one page must not bring down the bot.
func extract(doc *html.Node, page *url.URL) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if r := recover(); r != nil {
			res, err = nil, fmt.Errorf("extractor failed: %v", r)
		}
	}()
	return trafilatura.ExtractDocument(doc, extractOptions(page))
}

// boilerplatePrefixes start lines that news pages put between paragraphs
// and that go-trafilatura keeps: links to other stories, the outlet's
// standing notices.
var boilerplatePrefixes = []string{
	"read more:", "read more -", "read more at", "related:", "related coverage",
	"related articles", "our standards:", "see also:",
}

// isBoilerplate reports whether a paragraph is a link or notice rather than
// text of the article.
func isBoilerplate(p string) bool {
	l := strings.ToLower(p)
	for _, b := range boilerplatePrefixes {
		if strings.HasPrefix(l, b) {
			return true
		}
	}
	switch l {
	case "advertisement", "advertising", "ad", "share", "share this article":
		return true
	}
	return false
}

// pageText is the whole text of a page, white space collapsed, with an
// index that ignores white space. go-trafilatura trims the text around
// inline elements ("a total of <code>30,000,000</code> lists" comes out as
// "a total of30,000,000lists"); respace puts back the page's own spacing.
type pageText struct {
	text   string  // collapsed text of the page
	bare   string  // text without its spaces
	offset []int32 // offset[i] is the position in text of bare[i]
	next   int     // where in bare the last paragraph found ended
}

func newPageText(doc *html.Node) *pageText {
	var b strings.Builder
	walkText(doc, func(s string) { b.WriteString(s) }, func() { b.WriteByte(' ') })
	pt := &pageText{text: collapse(b.String())}
	var bare strings.Builder
	for i := 0; i < len(pt.text); i++ {
		if pt.text[i] != ' ' {
			bare.WriteByte(pt.text[i])
			pt.offset = append(pt.offset, int32(i))
		}
	}
	pt.bare = bare.String()
	return pt
}

// respace returns paragraph p with the spacing it has on the page, or p
// itself when the page does not hold it word for word.
func (pt *pageText) respace(p string) string {
	bare := strings.ReplaceAll(p, " ", "")
	if bare == "" {
		return p
	}
	// Paragraphs come in page order: look after the last one first.
	i := strings.Index(pt.bare[pt.next:], bare)
	if i >= 0 {
		i += pt.next
	} else if i = strings.Index(pt.bare[:pt.next], bare); i < 0 {
		return p
	}
	pt.next = i + len(bare)
	return pt.text[pt.offset[i] : pt.offset[i+len(bare)-1]+1]
}

// chooseURL picks the article's URL: the page's canonical URL when it is on
// the same site as the page (or the page's address is unknown), else the
// address the page was read from.
func chooseURL(canonical, pageURL string) string {
	_, ch, cok := normalizeURL(canonical)
	_, ph, pok := normalizeURL(pageURL)
	switch {
	case cok && (!pok || sameSite(ch, ph)):
		return canonical
	case pok:
		return pageURL
	}
	return ""
}

// sameSite reports whether two hosts (already without "www.") are the same
// or one is a subdomain of the other.
func sameSite(a, b string) bool {
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// hostOutlet names an outlet after a URL's host, without "www.".
func hostOutlet(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// firstWords shortens s to at most n runes, cut at a space, with "…".
func firstWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// blockTags are the elements that start a new paragraph. (Tags are
// compared by name: go-trafilatura builds its output without atoms.)
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "li": true, "ul": true, "ol": true, "dl": true,
	"dt": true, "dd": true, "blockquote": true, "pre": true, "table": true,
	"tr": true, "td": true, "th": true, "section": true, "article": true,
	"header": true, "footer": true, "aside": true, "nav": true, "main": true,
	"figure": true, "figcaption": true, "address": true, "details": true,
	"summary": true, "hr": true, "br": true, "body": true, "html": true,
	"form": true, "fieldset": true,
}

// skipTags hold no text for readers.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "head": true, "title": true,
}

// htmlParagraphs turns extracted HTML into paragraphs of plain text, one
// per block element (a <br> also ends one), white space collapsed.
func htmlParagraphs(root *html.Node) []string {
	var (
		out []string
		cur strings.Builder
	)
	flush := func() {
		if p := collapse(cur.String()); p != "" {
			out = append(out, p)
		}
		cur.Reset()
	}
	walkText(root, func(s string) { cur.WriteString(s) }, flush)
	flush()
	return out
}

// walkText calls text with the text of every node readers see, in order,
// and block at the start and end of every block element.
func walkText(n *html.Node, text func(string), block func()) {
	switch n.Type {
	case html.TextNode:
		text(n.Data)
		return
	case html.ElementNode:
		if skipTags[strings.ToLower(n.Data)] {
			return
		}
	case html.CommentNode, html.DoctypeNode:
		return
	}
	isBlock := n.Type == html.ElementNode && blockTags[strings.ToLower(n.Data)]
	if isBlock {
		block()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		walkText(c, text, block)
	}
	if isBlock {
		block()
	}
}

// titleSeparators end a headline and start the site's name in <title>s
// like "Obama admits … - BBC News".
var titleSeparators = []string{" | ", " - ", " – ", " — ", " :: ", " · "}

// cleanTitle drops trailing site names and dates from a title:
// "Berlin confronts … | DW | 19.01.2020" becomes "Berlin confronts …".
func cleanTitle(title, sitename string, page *url.URL) string {
	site := squash(sitename)
	host := ""
	if page != nil {
		host = squash(page.Hostname())
	}
	for {
		cut := -1
		for _, sep := range titleSeparators {
			i := strings.LastIndex(title, sep)
			if i <= 0 {
				continue
			}
			raw := strings.TrimSpace(title[i+len(sep):])
			tail := squash(raw)
			dateLike := tail != "" && strings.Trim(raw, "0123456789./- ") == ""
			if dateLike || (len(tail) >= 2 && (tail == site || strings.Contains(host, tail) || strings.Contains(site, tail))) {
				cut = max(cut, i)
			}
		}
		if cut <= 0 {
			return title
		}
		title = strings.TrimSpace(title[:cut])
	}
}

// squash keeps only the lower-case letters and digits of s.
func squash(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(s) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// placeholderAuthors are what some pages' author fields hold instead of a
// name.
var placeholderAuthors = map[string]bool{
	"username": true, "user": true, "admin": true, "administrator": true,
	"anonymous": true, "unknown": true, "guest": true, "author": true,
}

// cleanAuthors tidies trafilatura's "A; B" author list: white space
// collapsed, repeats (in any case) and placeholders dropped.
func cleanAuthors(s string) string {
	var out []string
	seen := map[string]bool{}
	for _, a := range strings.Split(s, ";") {
		a = collapse(a)
		k := strings.ToLower(a)
		if a == "" || seen[k] || placeholderAuthors[k] {
			continue
		}
		seen[k] = true
		out = append(out, a)
	}
	return strings.Join(out, "; ")
}

// bylineFallback finds an author's name in the page's byline (an element
// whose class names a byline or author, or a rel="author" or
// itemprop="author" element) for pages whose metadata names none:
// "By Daniel Kahn Gillmor, Senior Staff Technologist" gives
// "Daniel Kahn Gillmor".
func bylineFallback(doc *html.Node) string {
	var found string
	var walk func(n *html.Node) bool
	walk = func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			if skipTags[strings.ToLower(n.Data)] {
				return false
			}
			class := strings.ToLower(getAttr(n, "class"))
			if strings.Contains(class, "byline") || strings.Contains(class, "author") ||
				strings.EqualFold(getAttr(n, "rel"), "author") || strings.EqualFold(getAttr(n, "itemprop"), "author") {
				if name := bylineName(dom.TextContent(n)); name != "" {
					found = name
					return true
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(doc)
	return found
}

// bylineName takes the name out of a byline's text, or returns "" when it
// does not look like one.
func bylineName(s string) string {
	s = collapse(s)
	if len(s) >= 3 && strings.EqualFold(s[:3], "by ") {
		s = s[3:]
	}
	if i := strings.IndexAny(s, ",|•·"); i >= 0 {
		s = s[:i]
	}
	if i := strings.Index(s, " - "); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSpace(s)
	words := strings.Fields(s)
	first, _ := utf8.DecodeRuneInString(s)
	if len(words) < 2 || len(words) > 5 || !unicode.IsUpper(first) ||
		strings.ContainsAny(s, "0123456789@:/") || placeholderAuthors[strings.ToLower(s)] {
		return ""
	}
	return s
}

// dateMetaNames are <meta> names and properties that declare when an
// article was first published, best first.
var dateMetaNames = []string{
	"article:published_time", "og:article:published_time", "datepublished",
	"dc.date.issued", "dcterms.issued", "publication_date", "pubdate",
}

var jsonLDPublished = regexp.MustCompile(`"datePublished"\s*:\s*"(\d{4}-\d{2}-\d{2})`)

// declaredDate is the first publication date the page declares in its
// <meta> tags or JSON-LD, as YYYY-MM-DD, or "". It is preferred to
// go-trafilatura's date, which can be a page's modification date.
func declaredDate(doc *html.Node) string {
	found := map[string]string{}
	var jsonLD []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch strings.ToLower(n.Data) {
			case "meta":
				var key, content string
				for _, at := range n.Attr {
					switch strings.ToLower(at.Key) {
					case "name", "property", "itemprop":
						key = strings.ToLower(strings.TrimSpace(at.Val))
					case "content":
						content = strings.TrimSpace(at.Val)
					}
				}
				if key != "" && found[key] == "" && len(content) >= 10 {
					found[key] = plausibleDate(content[:10])
				}
			case "script":
				if n.FirstChild != nil && strings.Contains(strings.ToLower(getAttr(n, "type")), "ld+json") {
					jsonLD = append(jsonLD, n.FirstChild.Data)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, k := range dateMetaNames {
		if d := found[k]; d != "" {
			return d
		}
	}
	for _, js := range jsonLD {
		if m := jsonLDPublished.FindStringSubmatch(js); m != nil {
			if d := plausibleDate(m[1]); d != "" {
				return d
			}
		}
	}
	return ""
}

func getAttr(n *html.Node, key string) string {
	for _, at := range n.Attr {
		if strings.EqualFold(at.Key, key) {
			return at.Val
		}
	}
	return ""
}

// plausibleDate returns d if it is a YYYY-MM-DD date after 1900 and not in
// the future, else "".
func plausibleDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil || t.Year() <= 1900 || t.After(time.Now().AddDate(0, 0, 1)) {
		return ""
	}
	return d
}
