package index

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestTopKPruneSameBits: with the pruning of topk_prune.go the scorer
// returns the same hits with the same scores, bit for bit, as without, on
// the benchmark corpora named in TALKSBOT_TOPK_CORPORA (each question
// twice: the second time with the bounds learnt by the first).
func TestTopKPruneSameBits(t *testing.T) {
	names := os.Getenv("TALKSBOT_TOPK_CORPORA")
	if names == "" {
		t.Skip("set TALKSBOT_TOPK_CORPORA")
	}
	for _, c := range benchCorpora {
		if !strings.Contains(" "+names+" ", " "+c.name+" ") {
			continue
		}
		x, err := Open(indexDir(t, c))
		if err != nil {
			t.Fatal(err)
		}
		diff, n := 0, 0
		for _, q := range topkQuestions(t) {
			adv, _ := x.current().Advanced()
			r, _ := adv.Reader()
			a := x.analyzeQuestion(context.Background(), r, q)
			r.Close()
			if len(a.concepts) == 0 {
				continue
			}
			qc := clausesFor(a.concepts, a.Kind)
			noPrune = true
			want, _, _ := x.searchTopK(context.Background(), qc, candidates)
			noPrune = false
			for range 2 {
				got, _, _ := x.searchTopK(context.Background(), qc, candidates)
				n++
				if len(got) != len(want) {
					diff++
					continue
				}
				for i := range got {
					if got[i].ID != want[i].ID || got[i].Score != want[i].Score {
						diff++
						break
					}
				}
			}
		}
		if diff > 0 {
			t.Errorf("%s: %d of %d searches differ", c.name, diff, n)
		}
		x.Close()
	}
}
