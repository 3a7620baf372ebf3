package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/talksbot/talksbot/corpus"
)

// Meta is what a moderator says about an article (talksbot ingest --title
// --outlet --published --url, and the same options of /ingest). Empty
// fields say nothing.
type Meta struct {
	Title     string `json:"title,omitempty"`
	Outlet    string `json:"outlet,omitempty"`
	Published string `json:"published,omitempty"` // YYYY-MM-DD
	URL       string `json:"url,omitempty"`
}

// Check refuses values that no article could have: a date that is not
// YYYY-MM-DD, an address that is not http(s).
func (m Meta) Check() error {
	if m.Published != "" {
		if _, err := time.Parse(time.DateOnly, m.Published); err != nil {
			return fmt.Errorf("%w: published %q is not a YYYY-MM-DD date", ErrFormat, m.Published)
		}
	}
	if m.URL != "" {
		if _, ok := corpus.NormalizeURL(m.URL); !ok {
			return fmt.Errorf("%w: %q is not an http or https address", ErrBadURL, m.URL)
		}
	}
	return nil
}

// Apply gives a the values of m: given values win over the article's own.
// It returns a note for each value that replaced a different one the
// article had ("title: “T” given, over the file's “X”"). An article whose
// id was made by ingest (not set in front matter) gets its id made again
// from the new values; a set id is kept.
func Apply(a *corpus.Article, m Meta) (notes []string, err error) {
	if err := m.Check(); err != nil {
		return nil, err
	}
	derived := a.ID == "" || a.ID == ArticleID(a)
	for _, f := range []struct {
		name  string
		given string
		field *string
	}{
		{"title", collapse(m.Title), &a.Title},
		{"outlet", collapse(m.Outlet), &a.Outlet},
		{"published", strings.TrimSpace(m.Published), &a.Published},
		{"url", strings.TrimSpace(m.URL), &a.URL},
	} {
		if f.given == "" {
			continue
		}
		if *f.field != "" && *f.field != f.given {
			notes = append(notes, fmt.Sprintf("%s: “%s” given, over the article's “%s”", f.name, f.given, *f.field))
		}
		*f.field = f.given
	}
	if m.Published != "" {
		a.DateNote = ""
	}
	if derived {
		a.ID = ArticleID(a)
	}
	if err := a.Validate(); err != nil {
		return notes, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return notes, nil
}

// ArticleID makes a readable id for an article that has none of its own:
// its outlet (else its address's host, else "text"), its date and the
// first words of its title, e.g. "xinhua-2024-01-25-iraq-us-form-commission".
// Without a date, a short hash of its address (else of its title and text)
// keeps apart articles of one outlet and title. Without title words it is
// ID's. The result always matches corpus.ValidID.
func ArticleID(a *corpus.Article) string {
	words := slugWords(a.Title, titleStop, 6)
	if len(words) == 0 {
		return ID(a.URL, a.Title, a.Body)
	}
	parts := slugWords(a.Outlet, nil, 3)
	norm, host, hasURL := corpus.NormalizeURLHost(a.URL)
	if len(parts) == 0 && hasURL {
		parts = []string{hostSlug(host)}
	}
	if len(parts) == 0 {
		parts = []string{"text"}
	}
	if a.Published != "" {
		parts = append(parts, a.Published)
	}
	parts = append(parts, words...)
	id := strings.Join(parts, "-")
	if len(id) > 100 {
		id = strings.TrimRight(id[:100], "-.")
	}
	if a.Published == "" {
		var sum [32]byte
		if hasURL {
			sum = sha256.Sum256([]byte(norm))
		} else {
			sum = sha256.Sum256([]byte(collapse(a.Title) + "\n" + collapse(a.Body)))
		}
		id += "-" + hex.EncodeToString(sum[:3])
	}
	if !corpus.ValidID(id) {
		return ID(a.URL, a.Title, a.Body)
	}
	return id
}

// titleStop are the words an id leaves out of a title.
var titleStop = map[string]bool{
	"a": true, "an": true, "the": true, "of": true, "to": true, "in": true, "on": true,
	"and": true, "for": true, "with": true, "as": true, "at": true, "by": true, "is": true,
	"are": true, "its": true, "from": true, "over": true, "into": true,
}

// slugWords returns up to n lower-case ASCII words of s ("U.S." → "us",
// "Sudani's" → "sudanis"), leaving out stop words and letters outside ASCII
// (their accents dropped: "Sudanī" → "sudani").
func slugWords(s string, stop map[string]bool, n int) []string {
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '-' || r == '/' || r == '—' || r == '–' || r == ','
	}) {
		var b strings.Builder
		for _, r := range f {
			r = foldASCII(unicode.ToLower(r))
			if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
				b.WriteRune(r)
			}
		}
		w := b.String()
		if w == "" || stop[w] {
			continue
		}
		out = append(out, w)
		if len(out) == n {
			break
		}
	}
	return out
}

// foldASCII drops the accent of a common accented Latin letter.
func foldASCII(r rune) rune {
	if r < 0x80 {
		return r
	}
	const from, to = "àáâãäåāèéêëēìíîïīòóôõöōùúûüūýÿçñ", "aaaaaaaeeeeeiiiiiooooooouuuuuyycn"
	if i := strings.IndexRune(from, r); i >= 0 {
		return rune(to[len([]rune(from[:i]))])
	}
	return r
}
