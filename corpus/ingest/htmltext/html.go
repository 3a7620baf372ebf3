// Package htmltext finds the article in an HTML page: go-trafilatura, with
// go-readability as a second opinion, and the page's own metadata.
//
// Its dependencies are heavy (go-trafilatura pulls in go-dateparser, whose
// locale tables take 150 ms to initialise), so only the talksbot-extract
// program and tests import it; talksbot runs that program for every page
// (corpus/ingest.Command).
package htmltext

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"

	"github.com/talksbot/talksbot/corpus"
)

// extractOptions are the go-trafilatura settings: precision over recall (a
// stray line of boilerplate becomes a quotable "sentence"; its balanced
// mode, measured on the extraction benchmark, gains less recall than it
// loses precision: docs/INGEST.md), no comments, tables kept (a table in
// the article is its text, a standings table or a page laid out in one;
// a table of navigation is dropped line by line, see cleanBlocks),
// readability and DOM-distiller fallbacks when trafilatura's own
// extraction comes up short.
func extractOptions(page *url.URL) trafilatura.Options {
	return trafilatura.Options{
		OriginalURL:     page,
		Focus:           trafilatura.FavorPrecision,
		ExcludeComments: true,
		EnableFallback:  true,
		Deduplicate:     true,
		HtmlDateMode:    trafilatura.Fast,
	}
}

// ErrNoText is what Extract returns for a page with no main text (or one
// that cannot be parsed); corpus/ingest reports it as ingest.ErrNotArticle.
var ErrNoText = errors.New("no main text found")

// Extract finds the article in an HTML page with go-trafilatura, and
// with go-readability too when trafilatura's text is nothing, only
// boilerplate, short against the page or repeats itself, keeping the
// better (see better); repeated paragraphs, navigation-like lines and
// lists of other stories are dropped (cleanBlocks).
// pageURL is where the page was read from ("" for a saved file). The
// article's fields are what the page says: Title (trailing site names
// cleaned off, "" when the page has none), Author (from the metadata, else
// the byline), URL (the canonical URL the page names, unchecked), Outlet
// (the site name), Published (YYYY-MM-DD or ""), and Body, its paragraphs
// separated by blank lines. corpus/ingest checks and completes them
// (ingest.FromHTML): this package only reads the page.
// A page with no main text gives ErrNoText.
func Extract(data []byte, pageURL string) (*corpus.Article, error) {
	var page *url.URL
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("page URL %q is not an http or https URL", pageURL)
		}
		page = u
	}
	// The page is decoded once (decodePage), to UTF-8 in NFC as
	// trafilatura.Extract would have it, so that the page text below
	// matches its output.
	data, err := decodePage(data)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot decode the HTML: %v", ErrNoText, err)
	}
	doc, err := parsePage(data)
	if err != nil {
		return nil, fmt.Errorf("%w: cannot parse the HTML: %v", ErrNoText, err)
	}
	text := newPageText(doc)
	published := declaredDate(doc)
	byline := bylineFallback(doc)
	pageW := pageWords(doc)
	// Trafilatura first; readability when it finds nothing, keeps only
	// boilerplate, or comes up short (see needsSecondOpinion, better).
	var (
		m       trafilatura.Metadata
		paras   []string
		repeats int
	)
	if res, err := extract(doc, page); err == nil && res != nil {
		m = res.Metadata
		if res.ContentNode != nil {
			paras, repeats = cleanBlocks(htmlBlocks(res.ContentNode))
		}
	}
	if needsSecondOpinion(paras, repeats, pageW) {
		if rb, rtitle, err := readabilityBlocks(data, page); err == nil {
			read, _ := cleanBlocks(rb)
			paras = better(paras, read)
			if m.Title == "" {
				m.Title = rtitle
			}
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
		return nil, ErrNoText
	}
	a := &corpus.Article{
		Title:     title,
		Author:    cleanAuthors(m.Author),
		URL:       m.URL,
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
	return a, nil
}

// Extractor runs Extract in this process: it is the ingest.Extractor of
// the talksbot-extract program and of tests.
type Extractor struct{}

// Extract is Extract; ctx is not consulted (a page cannot be stopped
// half-way in this process: run the talksbot-extract program for that).
func (Extractor) Extract(ctx context.Context, data []byte, pageURL string) (*corpus.Article, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	return Extract(data, pageURL)
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

// blockTags are the elements that start a new paragraph. (Tags are
// compared by name: go-trafilatura builds its output without atoms.)
var blockTags = map[string]bool{
	"p": true, "div": true, "h1": true, "h2": true, "h3": true, "h4": true,
	"h5": true, "h6": true, "li": true, "ul": true, "ol": true, "dl": true,
	"dt": true, "dd": true, "blockquote": true, "pre": true, "table": true,
	"tr": true, "section": true, "article": true,
	"header": true, "footer": true, "aside": true, "nav": true, "main": true,
	"figure": true, "figcaption": true, "address": true, "details": true,
	"summary": true, "hr": true, "br": true, "body": true, "html": true,
	"form": true, "fieldset": true,
}

// cellTags are a table's cells: a row is one paragraph (its cells kept
// apart by a space), so that a table of figures reads as lines of figures
// rather than one figure a line.
var cellTags = map[string]bool{"td": true, "th": true}

// skipTags hold no text for readers.
var skipTags = map[string]bool{
	"script": true, "style": true, "noscript": true, "template": true,
	"svg": true, "head": true, "title": true,
}

// Paragraphs turns HTML into paragraphs of plain text, one per block
// element (a <br> also ends one), white space collapsed, as Extract reads
// the extracted text (tests compare reference texts in the same form).
func Paragraphs(root *html.Node) []string {
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
	isBlock := n.Type == html.ElementNode && (blockTags[strings.ToLower(n.Data)] || cellTags[strings.ToLower(n.Data)])
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
