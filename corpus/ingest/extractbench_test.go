package ingest

import (
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"unicode"

	"github.com/talksbot/talksbot/corpus/ingest/htmltext"
)

// extractDevDir holds the dev half of the article-extraction benchmark
// (README.md there defines the metric), from this package's directory: it
// lives beside the repository, in ../shared/extract-dev.
const extractDevDir = "../../../shared/extract-dev"

// Floors of TestExtractionBenchmark on the dev pages: a little under what
// the extractor reaches (docs/INGEST.md, "Extraction quality"), so that a
// change that loses article text, lets boilerplate in or refuses an
// article fails the test.
const (
	benchFloorF1        = 0.965 // 0.969 measured
	benchFloorPrecision = 0.960 // 0.969 measured
	benchMaxRefused     = 0
)

// benchScore is one page's shingle counts against its ground truth.
type benchScore struct {
	id           string
	tp, fp, fn   int
	exact        bool
	refused      error
	mojibake     string // a sign of text decoded in the wrong encoding, or ""
	outShingles  int
	truthShingle int
}

// mojibakeSigns are what UTF-8 text read as Latin-1 or windows-1252 shows
// ("Ã©" for "é", "â€™" for "’"), and the replacement character.
var mojibakeSigns = regexp.MustCompile(`Ã[\x{80}-\x{BF}©¨ª«§ ]|â€|Â[\x{A0}-\x{BF}]|\x{FFFD}`)

// wordTokens are the \w+ runs of s: letters, numbers and '_', as Python's
// Unicode \w has them.
func wordTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsNumber(r) && r != '_'
	})
}

// shingles is the multiset of the 4-token runs of tokens (one shingle of
// them all when there are fewer than 4, none when there are none).
func shingles(tokens []string) map[string]int {
	m := map[string]int{}
	if len(tokens) == 0 {
		return m
	}
	if len(tokens) < 4 {
		m[strings.Join(tokens, "\x00")]++
		return m
	}
	for i := 0; i+4 <= len(tokens); i++ {
		m[strings.Join(tokens[i:i+4], "\x00")]++
	}
	return m
}

// scoreBenchPage counts the shingles output and truth share and do not.
func scoreBenchPage(id, output, truth string) benchScore {
	ot, tt := wordTokens(output), wordTokens(truth)
	o, t := shingles(ot), shingles(tt)
	s := benchScore{id: id, exact: strings.Join(ot, " ") == strings.Join(tt, " ")}
	for k, n := range o {
		s.outShingles += n
		common := min(n, t[k])
		s.tp += common
		s.fp += n - common
	}
	for k, n := range t {
		s.truthShingle += n
		s.fn += n - min(n, o[k])
	}
	return s
}

// benchTotals averages precision over the pages with output, recall over
// the pages with a truth, as the benchmark does.
func benchTotals(scores []benchScore) (p, r, f1, acc float64) {
	var np, nr, exact int
	for _, s := range scores {
		pp, rr := 1.0, 1.0
		if s.fp+s.fn > 0 {
			pp = float64(s.tp) / float64(max(1, s.tp+s.fp))
			rr = float64(s.tp) / float64(max(1, s.tp+s.fn))
		}
		if s.outShingles > 0 {
			p += pp
			np++
		}
		if s.truthShingle > 0 {
			r += rr
			nr++
		}
		if s.exact {
			exact++
		}
	}
	p /= float64(max(1, np))
	r /= float64(max(1, nr))
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return p, r, f1, float64(exact) / float64(max(1, len(scores)))
}

// runExtractionBench reads every dev page as `talksbot ingest` reads a
// saved page (Detect, then CheckProse) and scores its body; a refused
// page scores an empty output. It skips when the pages are absent.
func runExtractionBench(t testing.TB) []benchScore {
	data, err := os.ReadFile(filepath.Join(extractDevDir, "ground-truth.json"))
	if os.IsNotExist(err) {
		t.Skipf("no benchmark pages in %s", extractDevDir)
	}
	if err != nil {
		t.Fatal(err)
	}
	var truth map[string]struct {
		ArticleBody string `json:"articleBody"`
	}
	if err := json.Unmarshal(data, &truth); err != nil {
		t.Fatal(err)
	}
	ids := make([]string, 0, len(truth))
	for id := range truth {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	out := os.Getenv("TALKSBOT_EXTRACTBENCH_OUT")
	scores := make([]benchScore, len(ids))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() {
			for i := range jobs {
				id := ids[i]
				body, err := benchBody(filepath.Join(extractDevDir, "html", id+".html.gz"))
				if err != nil {
					body = ""
				}
				scores[i] = scoreBenchPage(id, body, truth[id].ArticleBody)
				scores[i].refused = err
				if m := mojibakeSigns.FindString(body); m != "" && !strings.Contains(truth[id].ArticleBody, m) {
					scores[i].mojibake = m
				}
				if out != "" {
					if err := os.WriteFile(filepath.Join(out, id+".txt"), []byte(body), 0o644); err != nil {
						t.Error(err)
					}
				}
			}
		})
	}
	for i := range ids {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return scores
}

// benchBody is the body ingest would store for a saved page, or why it
// refuses the page.
func benchBody(file string) (string, error) {
	f, err := os.Open(file)
	if err != nil {
		return "", err
	}
	defer f.Close()
	zr, err := gzip.NewReader(f)
	if err != nil {
		return "", err
	}
	page, err := io.ReadAll(zr)
	if err != nil {
		return "", err
	}
	a, err := Detect(context.Background(), htmltext.Extractor{}, filepath.Base(strings.TrimSuffix(file, ".gz")), "", page)
	if err != nil {
		return "", err
	}
	if err := CheckProse(a); err != nil {
		return "", err
	}
	return a.Body, nil
}

// TestExtractionBenchmark scores the extractor on the dev half of the
// extraction benchmark with the benchmark's metric and keeps its floors:
// F1, precision, no page refused and no mojibake.
// TALKSBOT_EXTRACTBENCH_VERBOSE=1 logs every page's figures;
// TALKSBOT_EXTRACTBENCH_OUT=DIR writes every body to DIR/ID.txt.
func TestExtractionBenchmark(t *testing.T) {
	scores := runExtractionBench(t)
	refused := 0
	verbose := os.Getenv("TALKSBOT_EXTRACTBENCH_VERBOSE") == "1"
	for _, s := range scores {
		if s.refused != nil {
			refused++
			t.Logf("%s refused: %v", s.id, s.refused)
		}
		if s.mojibake != "" {
			t.Errorf("%s: mojibake in the body (%q)", s.id, s.mojibake)
		}
		if verbose {
			p, r, _, _ := benchTotals([]benchScore{s})
			t.Logf("%s P %.3f R %.3f exact %v (%d/%d shingles)", s.id[:12], p, r, s.exact, s.tp, s.truthShingle)
		}
	}
	p, r, f1, acc := benchTotals(scores)
	t.Logf("%d pages: F1 %.3f precision %.3f recall %.3f accuracy %.3f refused %d", len(scores), f1, p, r, acc, refused)
	if f1 < benchFloorF1 {
		t.Errorf("F1 %.3f; want at least %.3f", f1, benchFloorF1)
	}
	if p < benchFloorPrecision {
		t.Errorf("precision %.3f; want at least %.3f", p, benchFloorPrecision)
	}
	if refused > benchMaxRefused {
		t.Errorf("%d pages refused; want at most %d", refused, benchMaxRefused)
	}
}
