package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index/readonlytest"
)

// A data directory this process cannot write still answers questions and
// lists its articles, from the index it holds; every write says why not,
// and nothing in it changes.
func TestReadOnlyDataDirAnswers(t *testing.T) {
	ctx := context.Background()
	dir := filepath.Join(t.TempDir(), "data")
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Ingest(ctx, newArticle(t, "extra-wire", "The extra wire says 4,321 advisers stayed at the base. It said so twice."), false); err != nil {
		t.Fatal(err)
	}
	want, err := d.Ask(ctx, "How many advisers stayed at the base?", 3)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	before := snapshot(t, dir)
	readonlytest.Dir(t, dir)

	if _, err := OpenData(ctx, dir, nil); !errors.Is(err, ErrNotWritable) {
		t.Fatalf("OpenData on a read-only directory = %v; want ErrNotWritable", err)
	}
	r, err := OpenDataReadOnly(dir)
	if err != nil {
		t.Fatalf("OpenDataReadOnly: %v", err)
	}
	defer r.Close()
	got, err := r.Ask(ctx, "How many advisers stayed at the base?", 3)
	if err != nil {
		t.Fatal(err)
	}
	if got.Outcome != want.Outcome || got.Answer != want.Answer || len(got.Passages) == 0 || got.Passages[0].Quote != want.Passages[0].Quote {
		t.Errorf("read-only answer %v %q %d passages; want %v %q", got.Outcome, got.Answer, len(got.Passages), want.Outcome, want.Answer)
	}
	if !strings.Contains(got.Passages[0].Quote, "4,321 advisers") {
		t.Errorf("read-only answer's first passage %q; want the ingested article's", got.Passages[0].Quote)
	}
	as, err := r.Store.Load()
	if err != nil || len(as) == 0 {
		t.Errorf("read-only store: %d articles, %v", len(as), err)
	}
	writes := map[string]error{}
	_, writes["ingest"] = r.Ingest(ctx, newArticle(t, "more-wire", "Another wire says 99 advisers left. It said so once."), false)
	_, writes["remove"] = r.RemoveArticle(ctx, "extra-wire")
	_, writes["reindex"] = r.Reindex(ctx, nil)
	for op, err := range writes {
		if !errors.Is(err, ErrReadOnlyDir) || !strings.Contains(err.Error(), dir) {
			t.Errorf("%s on a read-only data directory = %v; want ErrReadOnlyDir naming it", op, err)
		}
	}
	if after := snapshot(t, dir); after != before {
		t.Errorf("the read-only directory changed:\nbefore %s\nafter  %s", before, after)
	}
}

// A read-only directory with no index says so, and how to get one.
func TestReadOnlyDataDirWithoutIndex(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	os.Mkdir(dir, 0o755)
	readonlytest.Dir(t, dir)
	_, err := OpenDataReadOnly(dir)
	if err == nil || !strings.Contains(err.Error(), "holds no index") || !strings.Contains(err.Error(), dir) {
		t.Errorf("OpenDataReadOnly on an empty directory = %v", err)
	}
}

// snapshot lists every file under dir with its size and modification time.
func snapshot(t *testing.T, dir string) string {
	t.Helper()
	var b strings.Builder
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		fmt.Fprintf(&b, "%s %d %s\n", path, info.Size(), info.ModTime())
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}
