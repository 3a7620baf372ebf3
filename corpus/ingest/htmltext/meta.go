package htmltext

import (
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/go-shiori/dom"
	"golang.org/x/net/html"
)

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

// collapse trims s and turns every run of white space (including
// non-breaking spaces) into one space (as corpus/ingest does).
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
	}), " ")
}
