package htmltext

import (
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	readability "codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

// block is one paragraph of extracted HTML: its text and how much of it
// (in runes) is the text of links.
type block struct {
	text      string
	linkRunes int
}

// htmlBlocks turns extracted HTML into paragraphs, one per block element
// (a <br> also ends one), white space collapsed, with their link text.
func htmlBlocks(root *html.Node) []block {
	var (
		out  []block
		cur  strings.Builder
		link int
	)
	flush := func() {
		if p := collapse(cur.String()); p != "" {
			out = append(out, block{text: p, linkRunes: min(link, utf8.RuneCountInString(p))})
		}
		cur.Reset()
		link = 0
	}
	var walk func(n *html.Node, inLink bool)
	walk = func(n *html.Node, inLink bool) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			if inLink {
				link += utf8.RuneCountInString(collapse(n.Data))
			}
			return
		case html.ElementNode:
			if skipTags[strings.ToLower(n.Data)] {
				return
			}
		case html.CommentNode, html.DoctypeNode:
			return
		}
		tag := ""
		if n.Type == html.ElementNode {
			tag = strings.ToLower(n.Data)
		}
		isBlock := blockTags[tag]
		if isBlock {
			flush()
		}
		if cellTags[tag] {
			cur.WriteByte(' ') // a table's row is one paragraph, its cells apart
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, inLink || tag == "a")
		}
		if isBlock {
			flush()
		}
		if cellTags[tag] {
			cur.WriteByte(' ')
		}
	}
	walk(root, false)
	flush()
	return out
}

// boilerplatePrefixes start lines that news pages put between paragraphs
// and that extractors keep: links to other stories, the outlet's standing
// notices.
var boilerplatePrefixes = []string{
	"read more:", "read more -", "read more at", "related:", "related coverage",
	"related articles", "our standards:", "see also:", "[read:", "read the full",
	"powered by ", "sign up for ", "first published ", "watch video",
}

// noticePhrases mark a short paragraph (at most 30 words) as the outlet's
// notice rather than the article's text.
var noticePhrases = []string{
	"sign up for the newsletter", "sign up for our newsletter", "subscribe to our newsletter",
	"click here to subscribe", "thanks for signing up", "share it with a friend",
	"error processing your subscription",
}

// Offers of a newsletter: a short paragraph with a word of each list
// ("Sign up … delivered to your inbox") is the outlet's notice.
var (
	offerVerbs = []string{"sign up", "signing up", "subscribe"}
	offerNouns = []string{"newsletter", "inbox"}
)

// navigationLines are whole paragraphs that are controls or notices of the
// page, not text of the article (compared lower-case, without a trailing
// ellipsis or colon).
var navigationLines = map[string]bool{
	"advertisement": true, "advertising": true, "ad": true, "share": true,
	"share this article": true, "close": true, "fullscreen": true, "exit fullscreen": true,
	"loading comments": true, "comments": true, "photo": true, "video": true, "image": true,
	"print": true, "email": true, "read more": true, "related": true, "more": true,
	"show comments": true, "skip to content": true, "play": true, "next": true, "previous": true,
	"back to top": true, "sponsored": true, "subscribe": true, "sign up": true, "log in": true,
	"continue reading": true, "continue reading below": true, "story continues below": true,
}

// relatedHeadings open a list of other stories at the end of an article
// ("More from …", "You may also like"); relatedNouns make one of a heading
// that starts "Other …" or "Latest …" ("Other Opinion Columns"), so that a
// subheading such as "Other concerns" is not taken for one.
var (
	relatedHeadings = []string{
		"more from ", "more stories", "more on this", "related stories", "related content",
		"recommended", "you may also like", "you might also like", "most popular", "most read",
		"trending", "top stories", "what to read next", "read next", "editor's picks",
		"editors' picks", "what went viral",
	}
	relatedNouns = []string{"stories", "columns", "articles", "news", "headlines", "videos", "reads"}
)

// isBoilerplate reports whether a paragraph is a link or notice rather than
// text of the article.
func isBoilerplate(p string) bool {
	l := strings.ToLower(p)
	for _, b := range boilerplatePrefixes {
		if strings.HasPrefix(l, b) {
			return true
		}
	}
	if len(strings.Fields(l)) <= 30 {
		for _, n := range noticePhrases {
			if strings.Contains(l, n) {
				return true
			}
		}
		if containsAny(l, offerVerbs) && containsAny(l, offerNouns) {
			return true
		}
	}
	l = strings.TrimRight(l, " .…:")
	return navigationLines[l]
}

// containsAny reports whether s contains one of subs.
func containsAny(s string, subs []string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// isLinkLine reports whether a block is a short line that is mostly link
// text: a headline of another story, a menu entry, a tag.
func isLinkLine(b block) bool {
	n := utf8.RuneCountInString(b.text)
	return len(strings.Fields(b.text)) <= 12 && b.linkRunes*10 >= n*7
}

// isRelatedHeading reports whether a paragraph is the heading of a list of
// other stories: short, no sentence punctuation, and one of
// relatedHeadings.
func isRelatedHeading(p string) bool {
	if len(strings.Fields(p)) > 6 || strings.ContainsAny(p, ".!?") {
		return false
	}
	l := strings.ToLower(p)
	for _, h := range relatedHeadings {
		if strings.HasPrefix(l, h) {
			return true
		}
	}
	if strings.HasPrefix(l, "other ") || strings.HasPrefix(l, "latest ") || strings.HasPrefix(l, "more ") {
		for _, n := range relatedNouns {
			if strings.Contains(l, n) {
				return true
			}
		}
	}
	return false
}

// cleanBlocks keeps the paragraphs of the article: it drops repeated
// paragraphs (a text kept twice, a pull quote; not questions, see
// isQuestion), navigation-like lines and
// short lines of link text, and a list of other stories at the end (from
// its heading on, when the heading comes after the first half of the text).
// repeats is how many paragraphs of 40 runes or more were repeats.
func cleanBlocks(blocks []block) (paras []string, repeats int) {
	total := 0
	for _, b := range blocks {
		total += len(b.text)
	}
	seen := map[string]bool{}
	done := 0
	for _, b := range blocks {
		done += len(b.text)
		if isRelatedHeading(b.text) && 2*(done-len(b.text)) >= total {
			break
		}
		key := norm(b.text)
		if seen[key] && !isQuestion(b.text) {
			if utf8.RuneCountInString(b.text) >= 40 {
				repeats++
			}
			continue
		}
		seen[key] = true
		if isBoilerplate(b.text) || isLinkLine(b) || isSpaceOrPunct(b.text) {
			continue
		}
		paras = append(paras, b.text)
	}
	return paras, repeats
}

// isQuestion reports whether a paragraph asks a question. An interview
// asks each of its guests the same questions: a question asked again is
// the article's text, not a repeat of it (a pull quote, a text kept
// twice).
func isQuestion(p string) bool {
	last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(p, ` "'’”)»」』）`))
	return last == '?' || last == '？'
}

// norm is the form paragraphs are compared in: lower case, white space
// collapsed, typographic quotes and dashes made plain.
func norm(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-").Replace(s)
	return strings.ToLower(collapse(s))
}

// proseWords counts the words of paragraphs that read as sentences (at
// least eight words, ending as a sentence ends): the measure of how much
// article an extraction holds.
func proseWords(paras []string) int {
	n := 0
	for _, p := range paras {
		w := textWords(p)
		last, _ := utf8.DecodeLastRuneInString(strings.TrimRight(p, ` "'’”)»」』）`))
		if w >= 8 && strings.ContainsRune(".!?…:。！？：", last) {
			n += w
		}
	}
	return n
}

// textWords counts the words of s: its space-separated words, and one for
// every two characters of Chinese or Japanese, which have no spaces
// between words (so that such a text is not measured as a few long
// words).
func textWords(s string) int {
	n := 0
	for _, f := range strings.Fields(s) {
		c := 0
		for _, r := range f {
			if unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) {
				c++
			}
		}
		n += max(1, c/2)
	}
	return n
}

// pageWords counts the words in the page's <p> elements: a rough measure of
// how much text the page has, to tell when an extraction is short.
func pageWords(doc *html.Node) int {
	n := 0
	for _, p := range dom.GetElementsByTagName(doc, "p") {
		n += textWords(dom.TextContent(p))
	}
	return n
}

// shortShare: an extraction with fewer prose words than this share of the
// page's paragraph words is short against the page, and the second
// extractor is tried.
const shortShare = 0.6

// needsSecondOpinion reports whether trafilatura's paragraphs are short
// against the page, repeated themselves, or hold no prose at all (it
// found nothing, or only boilerplate).
func needsSecondOpinion(paras []string, repeats, pageW int) bool {
	w := proseWords(paras)
	return w == 0 || repeats > 0 || float64(w) < shortShare*float64(pageW)
}

// better chooses between trafilatura's paragraphs and readability's: it
// takes readability's when trafilatura's hold less than 40% of their prose
// (it kept a fragment of the article, or only boilerplate), so that a
// second extractor that took in a caption or a sidebar more is not
// preferred to an article that is merely short. Readability's text need
// not hold trafilatura's lines: what trafilatura keeps of a page it
// misreads is often a standfirst, a caption or a notice that readability
// rightly leaves out.
func better(traf, read []string) []string {
	if tp, rp := proseWords(traf), proseWords(read); tp*5 >= rp*2 {
		return traf
	}
	return read
}

// readabilityBlocks runs go-readability on a fresh parse of the page
// (trafilatura changes the tree it reads), turning a panic into an error;
// title is the headline it found.
func readabilityBlocks(data []byte, page *url.URL) (blocks []block, title string, err error) {
	defer func() {
		if r := recover(); r != nil {
			blocks, title, err = nil, "", fmt.Errorf("readability failed: %v", r)
		}
	}()
	doc, err := parsePage(data)
	if err != nil {
		return nil, "", err
	}
	dropCommentThreads(doc)
	art, err := readability.FromDocument(doc, page)
	if err != nil || art.Node == nil {
		return nil, "", fmt.Errorf("readability found no article: %v", err)
	}
	return htmlBlocks(art.Node), art.Title(), nil
}

// isSpaceOrPunct reports whether s holds no letter or digit.
func isSpaceOrPunct(s string) bool {
	return strings.IndexFunc(s, func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }) < 0
}

// commentMarks are the parts of id and class names ("comments",
// "comment-list", "disqus_thread") that mark a page's comment thread.
var commentMarks = map[string]bool{
	"comment": true, "comments": true, "commentlist": true, "disqus": true,
	"respond": true, "replies": true,
}

// dropCommentThreads removes the comment threads from a page before
// readability reads it: readability keeps an element named as comments
// when its name also says "content" or "article" ("comments-content",
// "article-comments"), and readers' comments are not the article. An
// element that holds most of the page's text is never removed: it is the
// page (a blog whose body is called "comment-body", say).
func dropCommentThreads(doc *html.Node) {
	total := textLen(doc)
	var drop []*html.Node
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && isCommentThread(n) && 2*textLen(n) < total {
			drop = append(drop, n)
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	for _, n := range drop {
		n.Parent.RemoveChild(n)
	}
}

// isCommentThread reports whether an element's id or class names it a
// comment thread (see commentMarks).
func isCommentThread(n *html.Node) bool {
	for _, a := range n.Attr {
		if a.Key != "id" && a.Key != "class" {
			continue
		}
		for _, part := range strings.FieldsFunc(strings.ToLower(a.Val), func(r rune) bool {
			return !unicode.IsLetter(r)
		}) {
			if commentMarks[part] {
				return true
			}
		}
	}
	return false
}

// textLen is the length of the text under n.
func textLen(n *html.Node) int {
	switch {
	case n.Type == html.ElementNode && skipTags[strings.ToLower(n.Data)]:
		return 0
	case n.Type == html.TextNode:
		return len(strings.TrimSpace(n.Data))
	}
	l := 0
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		l += textLen(c)
	}
	return l
}
