// Package corpus holds the articles talksbot answers from: the on-disk format
// (Markdown with YAML front matter), the embedded default corpus, passages
// (sentences with byte offsets into the body) and fact extraction. It knows
// nothing of Bleve or Discord.
package corpus

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"
)

// Kinds of article.
const (
	KindArticle = "article" // a report as published (text kept exactly)
	KindBrief   = "brief"   // our own restatement of a public report
)

// Article is one piece of coverage. Body is the exact text that quotes are
// spans of; Paragraphs index into it.
type Article struct {
	ID        string `yaml:"id" json:"id"`
	Title     string `yaml:"title" json:"title"`
	Outlet    string `yaml:"outlet" json:"outlet"`
	Author    string `yaml:"author,omitempty" json:"author,omitempty"`
	URL       string `yaml:"url" json:"url"`
	Published string `yaml:"published" json:"published"` // YYYY-MM-DD, or "" when unknown
	Kind      string `yaml:"kind" json:"kind"`
	BasedOn   string `yaml:"based_on,omitempty" json:"based_on,omitempty"`
	// DateNote says what is known of the date when Published is empty
	// (e.g. "late January 2024").
	DateNote string `yaml:"date_note,omitempty" json:"date_note,omitempty"`

	Body       string      `yaml:"-" json:"body"`
	Paragraphs []Paragraph `yaml:"-" json:"-"`
}

// Paragraph is a span of the body, split into sentences.
type Paragraph struct {
	Start, End int
	Sentences  []Sentence
}

// Sentence is a span of the body: Text == body[Start:End].
type Sentence struct {
	Start, End int
	Text       string
}

// Passage is the unit talksbot indexes and quotes: one sentence of one article.
type Passage struct {
	ArticleID string
	Para      int // paragraph number, from 0
	Sent      int // sentence number within the article, from 0
	Start     int // byte offsets into the article body
	End       int
	Text      string
}

// PassageID is the stable identifier of the n-th sentence of an article.
func PassageID(articleID string, n int) string { return fmt.Sprintf("%s#%d", articleID, n) }

// Passages lists the article's sentences in reading order.
func (a *Article) Passages() []Passage {
	var out []Passage
	n := 0
	for pi, p := range a.Paragraphs {
		for _, s := range p.Sentences {
			out = append(out, Passage{ArticleID: a.ID, Para: pi, Sent: n, Start: s.Start, End: s.End, Text: s.Text})
			n++
		}
	}
	return out
}

// PublishedTime parses Published; ok is false when it is empty or invalid.
func (a *Article) PublishedTime() (t time.Time, ok bool) { return ParseDate(a.Published) }

// ParseDate parses a YYYY-MM-DD date; ok is false when s is empty or invalid.
func ParseDate(s string) (t time.Time, ok bool) {
	t, err := time.Parse(time.DateOnly, s)
	return t, err == nil
}

// DateLabel is the article's date for people: the date, the note, or "undated".
func (a *Article) DateLabel() string {
	switch {
	case a.Published != "":
		return a.Published
	case a.DateNote != "":
		return a.DateNote
	}
	return "undated"
}

// OutletLabel is the outlet for people, never empty.
func (a *Article) OutletLabel() string { return OutletName(a.ID, a.Outlet) }

var (
	idPattern   = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}$`)
	frontMatter = []byte("---")
)

// MaxArticleBytes caps one article file.
const MaxArticleBytes = 2 << 20

// Parse reads an article file: YAML front matter between "---" lines, then
// the body. name is used in errors only.
func Parse(name string, data []byte) (*Article, error) {
	a, err := parseUnsplit(name, data)
	if err != nil {
		return nil, err
	}
	a.Paragraphs = Split(a.Body)
	return a, nil
}

// parseUnsplit is Parse without splitting the body into sentences (most of
// Parse's work), for callers that need the metadata and text only.
func parseUnsplit(name string, data []byte) (*Article, error) {
	fail := func(format string, args ...any) (*Article, error) {
		return nil, fmt.Errorf("%s: %s", name, fmt.Sprintf(format, args...))
	}
	if len(data) > MaxArticleBytes {
		return fail("file is %d bytes, more than the %d allowed", len(data), MaxArticleBytes)
	}
	if !utf8.Valid(data) {
		return fail("not UTF-8 text")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	if !bytes.HasPrefix(data, append(frontMatter, '\n')) {
		return fail("no front matter: the file must start with a line \"---\"")
	}
	rest := data[len(frontMatter)+1:]
	end := bytes.Index(rest, []byte("\n---\n"))
	var head, body []byte
	switch {
	case bytes.HasPrefix(rest, []byte("---\n")):
		head, body = nil, rest[4:]
	case end >= 0:
		head, body = rest[:end+1], rest[end+5:]
	case bytes.HasSuffix(rest, []byte("\n---")):
		head, body = rest[:len(rest)-3], nil
	default:
		return fail("front matter is not closed by a line \"---\"")
	}
	var a Article
	dec := yaml.NewDecoder(bytes.NewReader(head))
	dec.KnownFields(true)
	if len(bytes.TrimSpace(head)) > 0 {
		if err := dec.Decode(&a); err != nil {
			return fail("broken front matter: %v", err)
		}
	}
	a.Body = strings.TrimRight(strings.TrimLeft(string(body), "\n"), " \t\n")
	if err := a.Validate(); err != nil {
		return fail("%v", err)
	}
	return &a, nil
}

// Validate checks the metadata and body of an article.
func (a *Article) Validate() error {
	switch {
	case a.ID == "":
		return errors.New("missing id")
	case !idPattern.MatchString(a.ID):
		return fmt.Errorf("bad id %q: use lower-case letters, digits, '.', '_' and '-'", a.ID)
	case strings.TrimSpace(a.Title) == "":
		return errors.New("missing title")
	case a.Kind != KindArticle && a.Kind != KindBrief:
		return fmt.Errorf("kind is %q; want %q or %q", a.Kind, KindArticle, KindBrief)
	case a.Kind == KindBrief && a.BasedOn == "":
		return errors.New("a brief must say which report it is based_on")
	case strings.TrimSpace(a.Body) == "":
		return errors.New("empty body")
	}
	if a.Published != "" {
		if _, err := time.Parse(time.DateOnly, a.Published); err != nil {
			return fmt.Errorf("published %q is not a YYYY-MM-DD date", a.Published)
		}
	}
	return nil
}

// Marshal renders the article in the on-disk format; Parse(Marshal(a)) == a.
func (a *Article) Marshal() []byte {
	var buf bytes.Buffer
	buf.WriteString("---\n")
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(a); err != nil {
		panic(err) // only plain strings: cannot fail
	}
	enc.Close()
	buf.WriteString("---\n")
	buf.WriteString(a.Body)
	buf.WriteString("\n")
	return buf.Bytes()
}
