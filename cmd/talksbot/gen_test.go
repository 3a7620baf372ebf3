package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestGenThenIngest(t *testing.T) {
	out := filepath.Join(t.TempDir(), "gen")
	stdout, _, err := runCmd(t, t.TempDir(), "gen", "--n", "12", "--out", out)
	if err != nil || !strings.Contains(stdout, "wrote 12 generated articles") {
		t.Fatalf("gen = %q, %v", stdout, err)
	}
	files, _ := os.ReadDir(out)
	if len(files) != 12 {
		t.Fatalf("gen wrote %d files; want 12", len(files))
	}
	stdout, stderr, err := runCmd(t, t.TempDir(), "ingest", out)
	if err != nil {
		t.Fatalf("ingest of generated articles: %v\n%s", err, stderr)
	}
	if n := strings.Count(stdout, "✓"); n != 12 {
		t.Errorf("ingest added %d of 12 generated articles:\n%s%s", n, stdout, stderr)
	}
}
