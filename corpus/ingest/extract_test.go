package ingest

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode"
)

// Floors of TestExtractionPrecisionRecall, per page: body precision and
// recall must not fall below them. They sit a little under the figures
// measured (README, Ingest), so that a change that loses article text or
// lets boilerplate in fails the test.
var extractionFloors = map[string]struct{ precision, recall float64 }{
	"aclu":                      {0.97, 0.97},
	"ars-1":                     {0.97, 0.95},
	"bbc-1":                     {0.96, 0.97},
	"cnn":                       {0.97, 0.97},
	"dw.com.colonial":           {1, 1},
	"herald-sun-1":              {0.96, 0.95},
	"nytimes-1":                 {0.97, 0.97},
	"reuters.com.parasite":      {1, 1},
	"seattletimes-1":            {0.97, 0.96},
	"telegraph":                 {0.97, 0.97},
	"theguardian.com.academics": {1, 1},
	"theverge":                  {0.97, 0.97},
	"wapo-1":                    {0.97, 0.97},
}

// withoutNotArticle leaves out of the reference paragraphs those that
// dir/not-article.txt lists (one a line, "#" starts a comment): the
// reference extraction keeps captions, links to other stories and sign-up
// offers, which are not the article. Every line must match a paragraph.
func withoutNotArticle(t *testing.T, dir string, paras []string) []string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "not-article.txt"))
	if os.IsNotExist(err) {
		return paras
	}
	if err != nil {
		t.Fatal(err)
	}
	drop := map[string]bool{}
	for _, l := range strings.Split(string(data), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			drop[norm(l)] = false
		}
	}
	var out []string
	for _, p := range paras {
		if _, ok := drop[norm(p)]; ok {
			drop[norm(p)] = true
			continue
		}
		out = append(out, p)
	}
	for l, used := range drop {
		if !used {
			t.Errorf("%s/not-article.txt: %q is no paragraph of expected.html", dir, l)
		}
	}
	return out
}

// words splits text into its words (runs of letters and digits), in the
// form norm compares them.
func words(s string) []string {
	return strings.FieldsFunc(norm(s), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
}

// wordOverlap is the number of words ours and ref have in common, counted
// as multisets (a word twice in ours and once in ref counts once).
func wordOverlap(ours, ref []string) int {
	count := map[string]int{}
	for _, w := range ref {
		count[w]++
	}
	n := 0
	for _, w := range ours {
		if count[w] > 0 {
			count[w]--
			n++
		}
	}
	return n
}

// bodyPR is a page's body precision and recall. Against a reference text
// (the readability pages' expected.html) it counts words: precision is the
// share of our words that the reference has, recall the share of the
// reference's words that we have. The trafilatura pages have only
// snippets: recall is the share of "with" snippets in our body, precision
// the share of "without" snippets absent from it.
func bodyPR(f fixture, body string) (precision, recall float64, unit string) {
	if f.refText != "" {
		ours, ref := words(body), words(f.refText)
		common := float64(wordOverlap(ours, ref))
		if len(ours) > 0 {
			precision = common / float64(len(ours))
		}
		if len(ref) > 0 {
			recall = common / float64(len(ref))
		}
		return precision, recall, fmt.Sprintf("words (%d ours, %d reference)", len(ours), len(ref))
	}
	text := norm(body)
	recall = share(f.with, text)
	absent := 0
	for _, b := range f.without {
		if !strings.Contains(text, norm(b)) {
			absent++
		}
	}
	precision = 1
	if len(f.without) > 0 {
		precision = float64(absent) / float64(len(f.without))
	}
	return precision, recall, fmt.Sprintf("snippets (%d with, %d without)", len(f.with), len(f.without))
}

// TestExtractionPrecisionRecall measures, on every saved news page, how
// much of FromHTML's body is the article (precision) and how much of the
// article it has (recall), and fails when a page falls under its floor.
func TestExtractionPrecisionRecall(t *testing.T) {
	var table strings.Builder
	table.WriteString("\n| page | precision | recall | recall of all expected.html | by |\n|---|---|---|---|---|\n")
	for _, f := range loadFixtures(t) {
		data, err := os.ReadFile(f.file)
		if err != nil {
			t.Fatal(err)
		}
		a, err := fromHTML(data, f.url)
		if err != nil {
			t.Fatalf("FromHTML(%s) = %v", f.file, err)
		}
		p, r, unit := bodyPR(f, a.Body)
		full := "–"
		if f.fullRef != "" {
			_, fr, _ := bodyPR(fixture{refText: f.fullRef}, a.Body)
			full = fmt.Sprintf("%.2f", fr)
		}
		fmt.Fprintf(&table, "| %s | %.2f | %.2f | %s | %s |\n", f.name, p, r, full, unit)
		floor, ok := extractionFloors[f.name]
		if !ok {
			t.Errorf("%s: no floor in extractionFloors", f.name)
			continue
		}
		if p < floor.precision {
			t.Errorf("%s: body precision %.3f; want at least %.2f", f.name, p, floor.precision)
		}
		if r < floor.recall {
			t.Errorf("%s: body recall %.3f; want at least %.2f", f.name, r, floor.recall)
		}
	}
	t.Log(table.String())
}

// TestFromHTMLDropsPageControls checks, on a page in the manner of the
// Salon page of issue 13, that controls, repeats and a list of other
// stories do not reach the body.
func TestFromHTMLDropsPageControls(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>Talks resume</title></head><body><article><h1>Talks resume</h1>`)
	for i := range 8 {
		fmt.Fprintf(&b, "<p>Paragraph %d: Iraqi and American officials met again in Baghdad on Thursday to discuss the future of the coalition, the ministry said in a statement.</p>\n", i)
		if i == 3 {
			b.WriteString(`<div><button>Close</button></div><div>Fullscreen</div><p>Loading Comments...</p>`)
		}
	}
	b.WriteString(`<p>Paragraph 0: Iraqi and American officials met again in Baghdad on Thursday to discuss the future of the coalition, the ministry said in a statement.</p>`)
	b.WriteString(`<h3>More from the region</h3><ul><li><a href="/a">Aaron Schock — Rep.</a></li><li><a href="/b">What went viral 5 years ago today</a></li></ul>`)
	b.WriteString(`</article></body></html>`)
	a, err := fromHTML([]byte(b.String()), "")
	if err != nil {
		t.Fatal(err)
	}
	for _, bad := range []string{"Close", "Fullscreen", "Loading Comments", "More from the region", "Aaron Schock", "viral"} {
		if strings.Contains(a.Body, bad) {
			t.Errorf("body has %q:\n%s", bad, a.Body)
		}
	}
	if n := strings.Count(a.Body, "Paragraph 0:"); n != 1 {
		t.Errorf("paragraph 0 is in the body %d times; want 1:\n%s", n, a.Body)
	}
	if n := strings.Count(a.Body, "\n\n") + 1; n != 8 {
		t.Errorf("body has %d paragraphs; want 8:\n%s", n, a.Body)
	}
}

// TestFromHTMLShortTextFallsBack checks a page whose review text
// trafilatura takes for a comment section and leaves out, keeping only the
// first paragraph (as with the Engadget review of issue 13): readability's
// text, which has it all, is kept.
func TestFromHTMLShortTextFallsBack(t *testing.T) {
	var b strings.Builder
	b.WriteString(`<html><head><meta charset="utf-8"><title>Review</title></head><body><div class="main">`)
	b.WriteString(`<p>The first paragraph of the review says the phone is good and the battery lasts a full day of use.</p>`)
	b.WriteString(`<div class="comments-section sidebar share">`)
	for i := range 12 {
		fmt.Fprintf(&b, "<p>Paragraph %d of the review goes on about the camera, the screen and the price, which the reviewer thinks fair for what it offers.</p>\n", i)
	}
	b.WriteString(`</div></div></body></html>`)
	a, err := fromHTML([]byte(b.String()), "")
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(a.Body, "\n\n") + 1; n != 13 || !strings.Contains(a.Body, "Paragraph 11 of the review") {
		t.Errorf("body has %d paragraphs; want all 13:\n%s", n, a.Body)
	}
}
