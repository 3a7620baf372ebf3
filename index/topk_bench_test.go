package index

import (
	"context"
	"testing"
	"time"
)

// BenchmarkTopK is the search Ask now runs, alone: the top-k scorer of
// topk.go on the query of each benchmark question, with the stored fields
// of the 50 winners (BenchmarkBleveSearch is the same request through
// Bleve's own search loop).
func BenchmarkTopK(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		x := benchIndex(b, c)
		ctx := context.Background()
		qcs := make([]queryClauses, len(benchQuestions))
		for i, q := range benchQuestions {
			qcs[i] = benchClauses(b, x, q)
			if _, ok, err := x.searchTopK(ctx, qcs[i], candidates); err != nil || !ok {
				b.Fatal(ok, err)
			}
		}
		var lat latencies
		b.ReportAllocs()
		b.ResetTimer()
		lat.start()
		for i := 0; i < b.N; i++ {
			t := time.Now()
			if _, _, err := x.searchTopK(ctx, qcs[i%len(qcs)], candidates); err != nil {
				b.Fatal(err)
			}
			lat.d = append(lat.d, time.Since(t))
		}
		b.StopTimer()
		lat.report(b)
	})
}

// BenchmarkAskPlainBleve is BenchmarkAsk with Bleve's own search loop
// (Index.UsePlainBleve): the pipeline as it was before topk.go.
func BenchmarkAskPlainBleve(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		x := benchIndex(b, c)
		x.UsePlainBleve(true)
		defer x.UsePlainBleve(false)
		benchAsk(b, x)
	})
}

// benchClauses are the query clauses Ask builds for q.
func benchClauses(b testing.TB, x *Index, q string) queryClauses {
	b.Helper()
	qc, ok := clausesOf(b, x, q)
	if !ok {
		b.Fatalf("no concepts in %q", q)
	}
	return qc
}

// clausesOf are the query clauses Ask builds for q; ok is false when q
// has no concepts (Ask searches nothing).
func clausesOf(t testing.TB, x *Index, q string) (qc queryClauses, ok bool) {
	t.Helper()
	adv, err := x.current().Advanced()
	if err != nil {
		t.Fatal(err)
	}
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	a := x.analyzeQuestion(context.Background(), r, q)
	if len(a.concepts) == 0 {
		return queryClauses{}, false
	}
	return clausesFor(a.concepts, a.Kind), true
}
