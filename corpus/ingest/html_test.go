package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest/htmltext"

	"golang.org/x/net/html"
)

// Floors of the fixture evaluation (TestFromHTMLFixtures): how many pages
// must match on each field. They are the figures measured when the test was
// written (see testdata/FIXTURES.md); extraction may improve, but a change
// that lowers any of them fails the test. To refresh: run
//
//	go test ./corpus/ingest -run TestFromHTMLFixtures -v
//
// copy the table it logs into testdata/FIXTURES.md and raise the floors.
const (
	floorTitle   = 11
	floorAuthor  = 9
	floorDate    = 6
	floorWith    = 11
	floorWithout = 13
)

// mainTextShare is the share of expected paragraphs that must be found in
// our text (with) and of our paragraphs that must be found in the expected
// text (without) for a news-html page to count as a match.
const mainTextShare = 0.8

// fixture is one saved page and what is expected of it; empty fields have
// no expectation.
type fixture struct {
	name     string
	file     string
	url      string
	title    string
	author   string
	date     string   // YYYY-MM-DD
	with     []string // snippets the text must contain
	without  []string // snippets it must not contain
	expected []string // paragraphs of the reference extraction
	refText  string   // the reference extraction's article text (not-article.txt left out)
	fullRef  string   // the whole text of the reference extraction
}

func loadFixtures(t *testing.T) []fixture {
	t.Helper()
	var out []fixture

	// mozilla/readability test pages.
	dirs, err := filepath.Glob("testdata/news-html/*/source.html")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no fixtures in testdata/news-html (err %v)", err)
	}
	for _, src := range dirs {
		dir := filepath.Dir(src)
		var meta struct {
			Title         string  `json:"title"`
			Byline        *string `json:"byline"`
			PublishedTime *string `json:"publishedTime"`
		}
		readJSON(t, filepath.Join(dir, "expected-metadata.json"), &meta)
		f := fixture{name: filepath.Base(dir), file: src, title: meta.Title}
		if meta.Byline != nil {
			name := strings.TrimSpace(*meta.Byline)
			name = strings.TrimPrefix(strings.TrimPrefix(name, "By "), "by ")
			// A byline with digits is a date line, not a name.
			if !strings.ContainsAny(name, "0123456789") {
				f.author = name
			}
		}
		if meta.PublishedTime != nil && len(*meta.PublishedTime) >= 10 {
			f.date = (*meta.PublishedTime)[:10]
		}
		ref, err := os.ReadFile(filepath.Join(dir, "expected.html"))
		if err != nil {
			t.Fatal(err)
		}
		doc, err := html.Parse(bytes.NewReader(ref))
		if err != nil {
			t.Fatalf("%s: parse expected.html: %v", dir, err)
		}
		all := htmltext.Paragraphs(doc)
		f.fullRef = strings.Join(all, "\n\n")
		f.refText = strings.Join(withoutNotArticle(t, dir, all), "\n\n")
		for _, p := range all {
			if len([]rune(p)) >= 40 { // skip captions, credits and the like
				f.expected = append(f.expected, p)
			}
		}
		out = append(out, f)
	}

	// adbar/trafilatura evaluation pages.
	var eval map[string]struct {
		File    string   `json:"file"`
		Author  string   `json:"author"`
		Title   string   `json:"title"`
		Date    string   `json:"date"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	readJSON(t, "testdata/news-html-trafilatura/evaldata.json", &eval)
	for key, e := range eval {
		f := fixture{
			name: strings.TrimSuffix(e.File, ".html"), file: filepath.Join("testdata/news-html-trafilatura", e.File),
			title: e.Title, author: e.Author, date: e.Date, with: e.With, without: e.Without,
		}
		if strings.HasPrefix(key, "http") {
			f.url = key
		}
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].name < out[j].name })
	return out
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// share is the fraction of parts found in text (1 when there are none).
func share(parts []string, text string) float64 {
	if len(parts) == 0 {
		return 1
	}
	n := 0
	for _, p := range parts {
		if strings.Contains(text, norm(p)) {
			n++
		}
	}
	return float64(n) / float64(len(parts))
}

// score is how one page fared: for each field, whether it was expected and
// whether it matched.
type score struct {
	expect, match [5]bool
	detail        [5]string
}

const (
	fTitle = iota
	fAuthor
	fDate
	fWith
	fWithout
)

var fieldNames = [5]string{"title", "author", "date", "with", "without"}

func scorePage(f fixture, title, author, published, body string) score {
	var s score
	set := func(field int, expect, match bool, detail string) {
		s.expect[field], s.match[field], s.detail[field] = expect, expect && match, detail
	}
	nt, et := norm(title), norm(f.title)
	set(fTitle, et != "", nt != "" && (strings.Contains(nt, et) || strings.Contains(et, nt)), fmt.Sprintf("%q", title))
	set(fAuthor, f.author != "", strings.Contains(norm(author), norm(f.author)), fmt.Sprintf("%q", author))
	set(fDate, f.date != "", published == f.date, fmt.Sprintf("%q", published))

	text := norm(body)
	switch {
	case f.expected != nil:
		// Recall: expected paragraphs we have; precision: our paragraphs
		// that the reference has.
		ref := norm(strings.Join(f.expected, " "))
		var ours []string
		for _, p := range strings.Split(body, "\n\n") {
			if len([]rune(p)) >= 40 {
				ours = append(ours, p)
			}
		}
		r, p := share(f.expected, text), share(ours, ref)
		set(fWith, true, r >= mainTextShare, fmt.Sprintf("%.0f%% of %d", 100*r, len(f.expected)))
		set(fWithout, true, p >= mainTextShare, fmt.Sprintf("%.0f%% of %d", 100*p, len(ours)))
	default:
		w := share(f.with, text)
		set(fWith, len(f.with) > 0, w == 1, fmt.Sprintf("%d/%d", int(w*float64(len(f.with))+0.5), len(f.with)))
		found := 0
		for _, b := range f.without {
			if strings.Contains(text, norm(b)) {
				found++
			}
		}
		set(fWithout, len(f.without) > 0, found == 0, fmt.Sprintf("%d/%d absent", len(f.without)-found, len(f.without)))
	}
	return s
}

// TestFromHTMLFixtures runs FromHTML on real news pages and compares title,
// author, date and main text with what is expected of them. Extraction is
// imperfect, so it counts matches per field and checks them against the
// floors above.
func TestFromHTMLFixtures(t *testing.T) {
	fixtures := loadFixtures(t)
	var (
		expected, matched [5]int
		table             strings.Builder
	)
	fmt.Fprintf(&table, "\n| page | title | author | date | with | without |\n|---|---|---|---|---|---|\n")
	for _, f := range fixtures {
		t.Run(f.name, func(t *testing.T) {
			data, err := os.ReadFile(f.file)
			if err != nil {
				t.Fatal(err)
			}
			a, err := fromHTML(data, f.url)
			if err != nil {
				t.Fatalf("FromHTML(%s) = %v", f.file, err)
			}
			checkBody(t, a.Body)
			if a.Outlet == "" {
				t.Errorf("FromHTML(%s): no outlet", f.file)
			}
			s := scorePage(f, a.Title, a.Author, a.Published, a.Body)
			fmt.Fprintf(&table, "| %s |", f.name)
			for i := range 5 {
				cell := "–"
				if s.expect[i] {
					expected[i]++
					mark := "no"
					if s.match[i] {
						matched[i]++
						mark = "yes"
					}
					cell = mark + " " + s.detail[i]
				}
				fmt.Fprintf(&table, " %s |", strings.ReplaceAll(cell, "|", `\|`))
			}
			table.WriteString("\n")
		})
	}
	table.WriteString("| **matched** |")
	for i := range 5 {
		fmt.Fprintf(&table, " %d/%d |", matched[i], expected[i])
	}
	t.Log(table.String())

	floors := [5]int{floorTitle, floorAuthor, floorDate, floorWith, floorWithout}
	for i, floor := range floors {
		if matched[i] < floor {
			t.Errorf("%s: %d of %d pages match; want at least %d", fieldNames[i], matched[i], expected[i], floor)
		}
	}
}

// checkBody checks the corpus body format: paragraphs separated by one
// blank line, each on one line, trimmed, single spaces.
func checkBody(t *testing.T, body string) {
	t.Helper()
	if body != strings.TrimSpace(body) {
		t.Errorf("body is not trimmed: %q…", body[:min(len(body), 40)])
	}
	for i, p := range strings.Split(body, "\n\n") {
		if p == "" || p != collapse(p) {
			t.Errorf("paragraph %d is not one clean line: %q", i, p)
		}
	}
}

func TestFirstWords(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"Short text", 80, "Short text"},
		{"Iraqi and U.S. officials held talks, the office said", 20, "Iraqi and U.S.…"},
		{"Ünïcödé wörds everywhere here", 12, "Ünïcödé…"},
		{"Unbreakablewordwithoutspaces", 10, "Unbreakab…"},
	}
	for _, tt := range tests {
		if got := firstWords(tt.in, tt.n); got != tt.want {
			t.Errorf("firstWords(%q, %d) = %q; want %q", tt.in, tt.n, got, tt.want)
		}
	}
}

// TestFromHTMLSpacing checks that text around inline elements keeps the
// page's spaces, which go-trafilatura trims.
func TestFromHTMLSpacing(t *testing.T) {
	page := `<html><head><title>Spacing</title></head><body><article>
<p>That is a total of <code>30,000,000</code> lists, said <b>the</b> <i>developer</i>, who has been working on the problem for two years now.</p>
<p>A second paragraph makes the page long enough for the extractor to take it as an article with text worth keeping for readers.</p>
<p>A third paragraph, with a <a href="/x">link</a>, ends the article: it says nothing more than the first two but adds length.</p>
</article></body></html>`
	a, err := fromHTML([]byte(page), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"a total of 30,000,000 lists, said the developer, who", "with a link, ends"} {
		if !strings.Contains(a.Body, want) {
			t.Errorf("body lacks %q:\n%s", want, a.Body)
		}
	}
}

// fromHTML is FromHTML with the extractor in this process.
func fromHTML(data []byte, pageURL string) (*corpus.Article, error) {
	return FromHTML(context.Background(), htmltext.Extractor{}, data, pageURL)
}

// norm is the form paragraphs are compared in (as htmltext compares them):
// lower case, white space collapsed, typographic quotes and dashes made plain.
func norm(s string) string {
	s = strings.NewReplacer("’", "'", "‘", "'", "“", `"`, "”", `"`, "–", "-", "—", "-").Replace(s)
	return strings.ToLower(collapse(s))
}
