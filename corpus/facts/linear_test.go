package facts

import (
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// One long sentence no longer stalls ingest: passages are bounded
// (corpus.MaxSentenceBytes) and splitting and fact extraction grow linearly with
// the text. Four times the text must take well under sixteen times as
// long (quadratic: a 1 MiB sentence took 18 s before).
func TestLongSentenceIsLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("times extraction of 640 KiB")
	}
	clause := "troops in Iraq met Kataib Hezbollah in Baghdad with 2,500 U.S. soldiers and the Iraqi army "
	run := func(n int) time.Duration {
		body := strings.Repeat(clause, n/len(clause)) + "."
		best := time.Duration(1 << 62)
		for range 2 {
			start := time.Now()
			a := &corpus.Article{ID: "x", Title: "T", Body: body}
			a.Paragraphs = corpus.Split(a.Body)
			ExtractArticle(a)
			best = min(best, time.Since(start))
			for _, p := range a.Passages() {
				if len(p.Text) > corpus.MaxSentenceBytes || body[p.Start:p.End] != p.Text {
					t.Fatalf("passage %d–%d is %d bytes or not a span of the body", p.Start, p.End, len(p.Text))
				}
			}
		}
		return best
	}
	small, large := run(128<<10), run(512<<10)
	t.Logf("128 KiB: %v, 512 KiB: %v (%.1f×)", small, large, float64(large)/float64(small))
	if large > 8*small {
		t.Errorf("4× the text took %.1f× as long: not linear", float64(large)/float64(small))
	}
}
