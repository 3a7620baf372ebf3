package index

import (
	"context"
	"encoding/json"
	"errors"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/search"

	"github.com/talksbot/talksbot/corpus/gen"
)

// topkQuestions are the questions the equality tests ask: the benchmark
// questions and those of the question bank (every kind and style).
func topkQuestions(t testing.TB) []string {
	qs := append([]string(nil), benchQuestions...)
	for _, f := range []string{"testdata/bank/dev.json", "testdata/eval/dev.json"} {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var set struct {
			Questions []struct {
				Q string `json:"q"`
			} `json:"questions"`
		}
		if err := json.Unmarshal(data, &set); err != nil {
			t.Fatal(err)
		}
		for _, q := range set.Questions {
			qs = append(qs, q.Q)
		}
	}
	return qs
}

// compareWithBleve asks each question's query of Bleve and of searchTopK
// and reports any difference in the hits, their order, scores (beyond
// 1e-9 relative) or stored fields. It returns how many questions had
// hits.
//
// Both must read the same snapshot: Bleve's background merges change the
// segments (so the order of exact ties) and the field-length statistics
// (so the scores). A question is asked again while the index's snapshot
// changed under it.
//
// Near ties: where Bleve's disjunction has more than 10 clauses it sums
// clause scores in the order its heap pops them, which the scorer does not
// replay, so two scores may differ in the last bits from Bleve's; two
// documents whose scores are that close (1e-12 relative) may then swap
// places, and at the 50th place one may stand for the other. Exact ties
// keep Bleve's order (index order).
func compareWithBleve(t testing.TB, x *Index, questions []string) (withHits, nearTies int) {
	t.Helper()
	ctx := context.Background()
	for _, q := range questions {
		qc, ok := clausesOf(t, x, q)
		if !ok {
			continue
		}
		req := bleve.NewSearchRequestOptions(qc.query(), candidates, 0, false)
		req.Fields = []string{"*"}
		var want *bleve.SearchResult
		var got []*search.DocumentMatch
		var err error
		for try := 0; ; try++ {
			before := snapshotOf(t, x)
			if want, err = x.alias.SearchInContext(ctx, req); err != nil {
				t.Fatal(err)
			}
			var ok bool
			if got, ok, err = x.searchTopK(ctx, qc, candidates); err != nil || !ok {
				t.Fatalf("searchTopK(%q) = %v, %v", q, ok, err)
			}
			if snapshotOf(t, x) == before || try == 20 {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
		if len(want.Hits) > 0 {
			withHits++
		}
		if len(got) != len(want.Hits) {
			t.Errorf("%q: %d hits; Bleve %d", q, len(got), len(want.Hits))
			continue
		}
		near := func(a, b float64) bool { return math.Abs(a-b) <= 1e-12*math.Abs(b) }
		for i, w := range want.Hits {
			g := got[i]
			if math.Abs(g.Score-w.Score) > 1e-9*math.Abs(w.Score) {
				t.Errorf("%q: hit %d = %s %.17g; Bleve %s %.17g", q, i, g.ID, g.Score, w.ID, w.Score)
				break
			}
			if g.ID != w.ID {
				// A near tie: w must be among got's hits of (nearly) the
				// same score, or the near tie reaches past the last place.
				found := false
				for _, o := range got {
					found = found || (o.ID == w.ID && near(o.Score, w.Score))
				}
				last := want.Hits[len(want.Hits)-1].Score
				if !near(g.Score, w.Score) || (!found && !near(w.Score, last)) {
					t.Errorf("%q: hit %d = %s %.17g; Bleve %s %.17g", q, i, g.ID, g.Score, w.ID, w.Score)
					break
				}
				nearTies++
				continue
			}
			if !reflect.DeepEqual(g.Fields, w.Fields) {
				t.Errorf("%q: hit %d (%s): fields differ from Bleve's", q, i, g.ID)
				break
			}
		}
	}
	return withHits, nearTies
}

// snapshotOf is the index's current snapshot (to tell whether it changed).
func snapshotOf(t testing.TB, x *Index) *scorch.IndexSnapshot {
	adv, _ := x.current().Advanced()
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	s := r.(*scorch.IndexSnapshot)
	r.Close()
	return s
}

// TestTopKMatchesBleve: on the default corpus the scorer finds Bleve's top
// 50, in Bleve's order, with Bleve's scores and stored fields.
func TestTopKMatchesBleve(t *testing.T) {
	x, _ := engineForTest(t)
	qs := topkQuestions(t)
	n, near := compareWithBleve(t, x, qs)
	if n < len(qs)/2 {
		t.Errorf("only %d of %d questions had hits", n, len(qs))
	}
	t.Logf("%d questions with hits, %d hits placed differently in near ties", n, near)
}

// TestTopKMatchesBleveGenerated: the same on 1,000 generated articles,
// in many segments, before and after re-indexing part of them (deleted
// documents in older segments).
func TestTopKMatchesBleveGenerated(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a 1k index")
	}
	as := gen.Generate(benchSeed, 1000)
	x, err := Create(context.Background(), filepath.Join(t.TempDir(), "ix"), as, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	qs := topkQuestions(t)
	n, near := compareWithBleve(t, x, qs)
	t.Logf("%d questions with hits, %d hits placed differently in near ties", n, near)
	sameInParallel(t, x, qs)
	if err := x.Add(context.Background(), as[100:250], nil); err != nil {
		t.Fatal(err)
	}
	n, near = compareWithBleve(t, x, qs)
	t.Logf("after re-indexing 150 articles: %d questions with hits, %d hits placed differently in near ties", n, near)
}

// TestTopKMatchesBleveLarge compares on the benchmark corpora named in
// TALKSBOT_TOPK_CORPORA ("10k", "100k"; built and cached as for the
// benchmarks).
func TestTopKMatchesBleveLarge(t *testing.T) {
	names := os.Getenv("TALKSBOT_TOPK_CORPORA")
	if names == "" {
		t.Skip("set TALKSBOT_TOPK_CORPORA=\"10k\" (or \"1k 10k 100k\")")
	}
	for _, c := range benchCorpora {
		if !strings.Contains(" "+names+" ", " "+c.name+" ") {
			continue
		}
		t.Run(c.name, func(t *testing.T) {
			x, err := Open(indexDir(t, c))
			if err != nil {
				t.Fatal(err)
			}
			defer x.Close()
			n, near := compareWithBleve(t, x, topkQuestions(t))
			t.Logf("%d questions with hits, %d hits placed differently in near ties", n, near)
		})
	}
}

// TestTopKCancelled: a cancelled search stops with the context's error.
func TestTopKCancelled(t *testing.T) {
	x, _ := engineForTest(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	qc := queryClauses{content: []termClause{{fText, "troop", 1}}}
	if _, _, err := x.searchTopK(ctx, qc, candidates); !errors.Is(err, context.Canceled) {
		t.Errorf("searchTopK(cancelled) = %v; want context.Canceled", err)
	}
}

// TestTopKConcurrent: searches in parallel agree with each other (the
// score arrays are per search).
func TestTopKConcurrent(t *testing.T) {
	x, _ := engineForTest(t)
	ctx := context.Background()
	qs := benchQuestions
	want := make([]Answer, len(qs))
	for i, q := range qs {
		var err error
		if want[i], err = x.Ask(ctx, q, 3); err != nil {
			t.Fatal(err)
		}
	}
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range qs {
				j := (i + g) % len(qs)
				got, err := x.Ask(ctx, qs[j], 3)
				if err != nil || !samePassages(got.Passages, want[j].Passages) {
					t.Errorf("concurrent Ask(%q) differs (err %v)", qs[j], err)
				}
			}
		}()
	}
	wg.Wait()
}

// samePassages compares answers' passages by identity and BM25 score (the
// re-ranking's own scores may differ in the last bits between two runs).
func samePassages(a, b []Passage) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i].ArticleID != b[i].ArticleID || a[i].sent != b[i].sent || a[i].bm25 != b[i].bm25 {
			return false
		}
	}
	return true
}

// sameInParallel checks that scoring a question's segments on several
// cores (topk_parallel.go, large indexes only otherwise) finds exactly
// the hits, scores and order of scoring them one after another.
func sameInParallel(t *testing.T, x *Index, questions []string) {
	t.Helper()
	ctx := context.Background()
	old := parallelFrom
	defer func() { parallelFrom = old }()
	for _, q := range questions {
		qc, ok := clausesOf(t, x, q)
		if !ok {
			continue
		}
		parallelFrom = 1 << 62
		seq, _, err := x.searchTopK(ctx, qc, candidates)
		if err != nil {
			t.Fatal(err)
		}
		parallelFrom = 0
		par, _, err := x.searchTopK(ctx, qc, candidates)
		if err != nil {
			t.Fatal(err)
		}
		if len(par) != len(seq) {
			t.Fatalf("%q: %d hits in parallel, %d one after another", q, len(par), len(seq))
		}
		for i := range seq {
			if par[i].ID != seq[i].ID || par[i].Score != seq[i].Score {
				t.Fatalf("%q: hit %d in parallel %s %v, one after another %s %v", q, i, par[i].ID, par[i].Score, seq[i].ID, seq[i].Score)
			}
		}
	}
}
