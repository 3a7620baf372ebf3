package index

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// uniqueBytes is the space the regular files under dir take that no other
// name shares (their link count is 1): what a copy adds to the disk.
func uniqueBytes(t *testing.T, dir string) (unique, total int64) {
	t.Helper()
	filepath.WalkDir(dir, func(p string, e os.DirEntry, err error) error {
		if err != nil || !e.Type().IsRegular() {
			return err
		}
		info, err := e.Info()
		if err != nil {
			return err
		}
		total += info.Size()
		if st, ok := info.Sys().(*syscall.Stat_t); ok && st.Nlink > 1 {
			return nil
		}
		unique += info.Size()
		return nil
	})
	return unique, total
}

// unshare makes path a file of its own, a copy, where it was a link.
func unshare(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path+".unshared", data, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(path+".unshared", path); err != nil {
		t.Fatal(err)
	}
}

// A copy of the live index links its segment files (written once, never
// changed) and writes only its own root file; the readers' snapshot links
// the article files too. The snapshot answers like the live index, and
// costs little disk.
func TestSnapshotLinksUnchangingFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Ingest(ctx, newArticle(t, "zorvani-lanterns", "The Quellmark envoys brought 77 zorvani lanterns to the talks in Baghdad, officials said on Monday.\n"), true); err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "copy")
	links, linked, err := copyIndex(d.current().(bleve.IndexCopyable), cp)
	if err != nil {
		t.Fatal(err)
	}
	segs, _ := filepath.Glob(filepath.Join(cp, "store", "*.zap"))
	_, total := uniqueBytes(t, cp)
	t.Logf("a copy of the live index: %d segment files, %d linked (%d bytes); %d bytes written", len(segs), links, linked, total-linked)
	if len(segs) == 0 || links != len(segs) {
		t.Errorf("the copy linked %d of its %d segment files; want all", links, len(segs))
	}
	if total-linked > 512<<10 {
		t.Errorf("the copy wrote %d bytes of its own; want only its root file", total-linked)
	}
	c, err := openReadOnly(cp)
	if err != nil {
		t.Fatalf("the linked copy does not open: %v", err)
	}
	c.Close()

	if err := d.Close(); err != nil { // publishes the snapshot of what it wrote
		t.Fatal(err)
	}
	gen, _ := SnapshotOf(dir)
	snapArticles := filepath.Join(dir, snapshotDir, articlesDir+"-"+strings.TrimPrefix(gen, indexPrefix))
	arts, _ := os.ReadDir(filepath.Join(dir, articlesDir))
	for _, a := range arts {
		ia, err1 := os.Stat(filepath.Join(dir, articlesDir, a.Name()))
		ib, err2 := os.Stat(filepath.Join(snapArticles, a.Name()))
		if strings.HasPrefix(a.Name(), ".") {
			continue
		}
		if err1 != nil || err2 != nil || !os.SameFile(ia, ib) {
			t.Errorf("article file %s of the snapshot is not a link to the store's (%v, %v)", a.Name(), err1, err2)
		}
	}
	if unique, total := uniqueBytes(t, filepath.Join(dir, snapshotDir)); total == 0 {
		t.Error("no snapshot")
	} else {
		t.Logf("the snapshot (two generations): %d bytes in its files, %d of them linked nowhere else", total, unique)
	}

	r, _, err := OpenSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ans, err := r.Ask(ctx, "How many zorvani lanterns did the Quellmark envoys bring?", 3)
	if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "zorvani-lanterns" {
		t.Errorf("Ask on the linked snapshot = %v, %+v; want zorvani-lanterns first", err, ans.Passages)
	}
}

// Generations published while a writer ingests (serve publishes after
// each ingest, beside the next) open read-only with every segment sound
// and answer, although the writer merges and deletes the segments they
// link; the last one holds every article. The writer's index is sound too.
func TestPublishBesideWrites(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pub := filepath.Join(t.TempDir(), "published")
	const n = 24
	var wg sync.WaitGroup
	wg.Add(1)
	done := make(chan struct{})
	go func() {
		defer wg.Done()
		defer close(done)
		for i := range n {
			body := fmt.Sprintf("The Quellmark envoys brought %d zorvani lanterns number%d to the talks in Baghdad, officials said on Monday.\n", 100+i, i)
			if _, err := d.Ingest(ctx, newArticle(t, fmt.Sprintf("lanterns-%02d", i), body), true); err != nil {
				t.Error(err)
				return
			}
		}
	}()
	published := 0
	for busy := true; busy; published++ {
		select {
		case <-done:
			busy = false
		default:
		}
		if _, err := d.Publish(ctx, pub); err != nil {
			t.Fatalf("publish %d beside the writer: %v", published, err)
		}
		r, err := OpenReplica(pub)
		if err != nil {
			t.Fatalf("open generation %d beside the writer: %v", published, err)
		}
		if ans, err := r.Ask(ctx, "How many U.S. troops are in Iraq?", 3); err != nil || len(ans.Passages) == 0 {
			t.Errorf("generation %d: Ask = %v, %d passages", published, err, len(ans.Passages))
		}
		r.Close()
		time.Sleep(5 * time.Millisecond)
	}
	wg.Wait()
	t.Logf("%d generations published beside %d ingests", published, n)
	r, err := OpenReplica(pub)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	for _, i := range []int{0, n / 2, n - 1} {
		q := fmt.Sprintf("Which envoys brought the lanterns number%d?", i)
		ans, err := r.Ask(ctx, q, 1)
		if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != fmt.Sprintf("lanterns-%02d", i) {
			t.Errorf("last generation: Ask(%q) = %v, %+v", q, err, ans.Passages)
		}
	}
	if err := verifySegments(d.current()); err != nil {
		t.Errorf("the writer's index after publishing beside it: %v", err)
	}
}
