package main

import (
	"io"
	"os"
	"path/filepath"
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
	got, err := train("../../testdata/bank", "../../../corpus/ingest/testdata", io.Discard)
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
	la, lb := splitLines(a), splitLines(b)
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			if len(x) > 300 {
				x = x[:300] + "…"
			}
			if len(y) > 300 {
				y = y[:300] + "…"
			}
			return "line " + itoa(i+1) + ":\n  retrained: " + x + "\n  committed: " + y
		}
	}
	return ""
}

func splitLines(s string) []string {
	var out []string
	start := 0
	for i := 0; i < len(s); i++ {
		if s[i] == '\n' {
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
