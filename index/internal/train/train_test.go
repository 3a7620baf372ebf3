package main

import (
	"math"
	"slices"
	"testing"

	"github.com/talksbot/talksbot/index"
)

// The committed model is what go generate makes from the committed bank,
// up to the noise of Bleve's scores (BM25's average length is estimated
// per segment, and segments merge at their own pace): nobody edited the
// weights by hand, and the bank and the code still give them.
func TestCommittedModelIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model (about 20 s)")
	}
	got, err := train("../../testdata/bank", "../../../corpus/ingest/testdata")
	if err != nil {
		t.Fatal(err)
	}
	want := index.DefaultModel()
	near := func(name string, a, b []float64, abs, rel float64) {
		if len(a) != len(b) {
			t.Fatalf("%s: %d parameters, committed %d: run go generate ./index", name, len(a), len(b))
		}
		for i := range a {
			if math.Abs(a[i]-b[i]) > abs+rel*math.Abs(b[i]) {
				t.Errorf("%s[%d] = %.4f, committed %.4f: run go generate ./index", name, i, a[i], b[i])
			}
		}
	}
	for _, l := range []struct {
		name string
		a, b *index.Linear
	}{{"rank", &got.Rank, &want.Rank}, {"answer", &got.Answer, &want.Answer}, {"covered", &got.Covered, &want.Covered}} {
		near(l.name+".W", l.a.W, l.b.W, 0.05, 0.1)
		near(l.name+".B", []float64{l.a.B}, []float64{l.b.B}, 0.05, 0.1)
	}
	// Thresholds are out-of-fold probabilities: one question more or less
	// above a line moves them in steps.
	near("thresholds", []float64{got.AnswerAt, got.CoveredBelow, got.Evidence}, []float64{want.AnswerAt, want.CoveredBelow, want.Evidence}, 0.1, 0)
	if !slices.Equal(got.ShortKinds, want.ShortKinds) {
		t.Errorf("short answers for %v, committed %v", got.ShortKinds, want.ShortKinds)
	}
}
