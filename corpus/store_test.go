package corpus

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
)

// An id that walks out of the store is refused before a path is built
// from it: a Markdown file outside the data directory is never read.
func TestStoreGetRefusesPathIDs(t *testing.T) {
	root := t.TempDir()
	store := filepath.Join(root, "data", "articles")
	if err := os.MkdirAll(store, 0o755); err != nil {
		t.Fatal(err)
	}
	outside := "---\nid: x\ntitle: Outside\n---\nA secret sentence outside the store.\n"
	if err := os.WriteFile(filepath.Join(root, "x.md"), []byte(outside), 0o644); err != nil {
		t.Fatal(err)
	}
	s := &Store{dir: store}
	for _, id := range []string{"../../x", "../x", "/etc/passwd", "a/../../x", "", ".hidden", "X"} {
		if a, err := s.Get(id); !errors.Is(err, ErrBadID) {
			t.Errorf("Get(%q) = %v, %v; want ErrBadID", id, a, err)
		}
	}
}
