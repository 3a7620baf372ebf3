package index

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestCurrentOutsideTheDataDirectory: a CURRENT naming a path out of the
// data directory ("index-../../../b/index-1") is not followed. The writer used
// to open the other directory's index and delete its own; it now rebuilds
// its own from the store, and a replica refuses the name the same way
// (isGeneration, shared).
func TestCurrentOutsideTheDataDirectory(t *testing.T) {
	ctx := context.Background()
	parent := t.TempDir()
	a, b := filepath.Join(parent, "a"), filepath.Join(parent, "b")
	var lives []string
	for _, dir := range []string{a, b} {
		d, err := OpenData(ctx, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		lives = append(lives, d.Index.Dir())
		d.Close()
	}
	hostile := indexPrefix + "../../../b/" + filepath.Base(lives[1])
	if err := os.WriteFile(filepath.Join(a, currentFile), []byte(hostile+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := OpenData(ctx, a, nil)
	if err != nil {
		t.Fatalf("OpenData with CURRENT %q = %v; want a rebuild", hostile, err)
	}
	defer d.Close()
	if got := filepath.Clean(d.Index.Dir()); !strings.HasPrefix(got, a+string(filepath.Separator)) {
		t.Errorf("OpenData with CURRENT %q opened %s; want an index inside %s", hostile, got, a)
	}
	if d.Damaged == nil {
		t.Errorf("OpenData with CURRENT %q: Damaged = nil; want the rebuild reported", hostile)
	}
	if _, err := os.Stat(lives[1]); err != nil {
		t.Errorf("the other directory's index %s: %v; want it untouched", lives[1], err)
	}
	if ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3); err != nil || !quotesTroops(ans) {
		t.Errorf("rebuilt index does not answer: %v", err)
	}
	for _, name := range []string{hostile, indexPrefix + `..\x`, "../index-1", "index-1\x00"} {
		if isGeneration(name) {
			t.Errorf("isGeneration(%q) = true; want false", name)
		}
	}
	if !isGeneration("index-12") {
		t.Errorf("isGeneration(%q) = false; want true", "index-12")
	}
}
