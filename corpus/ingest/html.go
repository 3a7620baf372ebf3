package ingest

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"
	"time"

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

// FromHTML extracts the article in an HTML page with go-trafilatura, and
// with go-readability too when trafilatura's text is short against the
// page or repeats itself, keeping the better (see better); repeated
// paragraphs, navigation-like lines and lists of other stories are dropped
// (cleanBlocks).
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
	pageW := pageWords(doc)
	res, err := extract(doc, page)
	if err != nil || res == nil || res.ContentNode == nil {
		return nil, fmt.Errorf("%w: no main text found", ErrNotArticle)
	}
	m := res.Metadata
	paras, repeats := cleanBlocks(htmlBlocks(res.ContentNode))
	if needsSecondOpinion(paras, repeats, pageW) {
		if rb, err := readabilityBlocks(data, page); err == nil {
			read, _ := cleanBlocks(rb)
			paras = better(paras, read)
		}
	}
	for i, p := range paras {
		paras[i] = text.respace(p)
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
	var out []string
	for _, b := range htmlBlocks(root) {
		out = append(out, b.text)
	}
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
