package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The committed model is exactly what go generate makes from the
// committed bank: every parameter (means, scales, weights, thresholds,
// their calibration, the follow-up weights, the short-answer kinds), as
// written. Training is deterministic — one index segment, sums in a fixed
// order, full-batch descent from zero — so nobody edited the weights by
// hand, and the bank and the code still give them.
func TestCommittedModelIsReproducible(t *testing.T) {
	if testing.Short() {
		t.Skip("trains the model (about a minute)")
	}
	got, err := train("../../testdata/bank", "../../../corpus/ingest/testdata", "../../testdata/conversations/dev.json", io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "model_trained.go")
	if err := writeModel(path, got); err != nil {
		t.Fatal(err)
	}
	a, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../../model_trained.go")
	if err != nil {
		t.Fatal(err)
	}
	if string(a) != string(b) {
		t.Errorf("retraining gives another model than the committed one: run go generate ./index and commit it\n%s", firstDiff(string(a), string(b)))
	}
}

// firstDiff shows the first line where two texts differ.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := range min(len(la), len(lb)) {
		if la[i] != lb[i] {
			return fmt.Sprintf("line %d:\n  retrained: %.300s\n  committed: %.300s", i+1, la[i], lb[i])
		}
	}
	return fmt.Sprintf("%d lines retrained, %d committed", len(la), len(lb))
}
