package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// While a writer holds the data directory, OpenSnapshot answers from the
// copy it left when it opened: the articles as they were, not the one it
// is ingesting; once the writer closes, the copy has that one too.
func TestSnapshotBesideAWriter(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := OpenData(WithHolder(ctx, "talksbot ingest"), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	gen, at := SnapshotOf(dir)
	if gen == "" || time.Since(at) > time.Minute {
		t.Fatalf("after the first open, SnapshotOf = %q, %v; want a snapshot made just now", gen, at)
	}
	_, err = OpenData(ctx, dir, nil)
	var le *LockedError
	if !errors.As(err, &le) || le.Command != "talksbot ingest" || le.PID != os.Getpid() || time.Since(le.Since) > time.Minute {
		t.Fatalf("OpenData beside the writer = %#v; want the holder's command, pid and start", err)
	}
	const q = "How many zorvani lanterns did the Quellmark envoys bring?"
	if _, err := w.Ingest(ctx, newArticle(t, "zorvani-lanterns", "The Quellmark envoys brought 77 zorvani lanterns to the talks in Baghdad, officials said on Monday.\n"), true); err != nil {
		t.Fatal(err)
	}

	r, asOf, err := OpenSnapshot(dir)
	if err != nil {
		t.Fatalf("OpenSnapshot beside the writer: %v", err)
	}
	if !asOf.Equal(at) || r.Dir != dir {
		t.Errorf("OpenSnapshot = Dir %s as of %v; want %s as of %v", r.Dir, asOf, dir, at)
	}
	if _, err := r.Store.Get("zorvani-lanterns"); err == nil {
		t.Error("the snapshot holds the article the writer is still ingesting")
	}
	ans, err := r.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
	if err != nil || len(ans.Passages) == 0 {
		t.Errorf("Ask on the snapshot = %v, %d passages", err, len(ans.Passages))
	}
	if _, err := r.Ingest(ctx, newArticle(t, "x", "Some text for the test.\n"), true); !errors.Is(err, ErrReadOnlyDir) {
		t.Errorf("Ingest on the snapshot = %v; want ErrReadOnlyDir", err)
	}
	r.Close()

	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if gen2, _ := SnapshotOf(dir); gen2 == gen {
		t.Fatalf("closing the writer left the snapshot %s as it was", gen)
	}
	r, _, err = OpenSnapshot(dir)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	ans, err = r.Ask(ctx, q, 3)
	if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "zorvani-lanterns" {
		t.Errorf("Ask(%q) on the new snapshot = %v, %+v; want zorvani-lanterns first", q, err, ans.Passages)
	}
}

// A process that only read leaves the snapshot as it was; a directory
// with no snapshot (one an older talksbot wrote) gets one when opened.
func TestSnapshotOnlyWhenStale(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	gen, _ := SnapshotOf(dir)
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	d.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
	d.Close()
	if again, _ := SnapshotOf(dir); again != gen {
		t.Errorf("a reader made a new snapshot %s (was %s)", again, gen)
	}

	os.RemoveAll(filepath.Join(dir, snapshotDir))
	if _, _, err := OpenSnapshot(dir); !errors.Is(err, ErrNoSnapshot) {
		t.Errorf("OpenSnapshot without one = %v; want ErrNoSnapshot", err)
	}
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if gen, _ := SnapshotOf(dir); gen == "" {
		t.Error("opening a directory without a snapshot made none")
	}
	// A copy a crash cut short is cleared by the next one made.
	tmp := filepath.Join(dir, snapshotDir, ".tmp-index-1")
	os.MkdirAll(tmp, 0o755)
	os.Chtimes(filepath.Join(dir, currentFile), time.Now().Add(time.Hour), time.Now().Add(time.Hour))
	d.refreshSnapshot(ctx)
	if _, err := os.Stat(tmp); err == nil {
		t.Error("a stale .tmp- copy was left in the snapshot")
	}
}

// The lock file names the holder for those it keeps out, and an old
// talksbot's lock file (a pid only) still reads.
func TestLockedBy(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, lockFile)
	os.WriteFile(path, []byte("4242\n"), 0o644)
	if le := lockedBy(dir, path); le.PID != 4242 || le.Command != "" || !le.Since.IsZero() {
		t.Errorf("lockedBy(an old lock file) = %+v", le)
	}
	os.WriteFile(path, []byte("4242\ntalksbot reindex\n2026-12-07T12:03:40Z\n"), 0o644)
	le := lockedBy(dir, path)
	if le.PID != 4242 || le.Command != "talksbot reindex" || !le.Since.Equal(time.Date(2026, 12, 7, 12, 3, 40, 0, time.UTC)) {
		t.Errorf("lockedBy = %+v", le)
	}
	if msg := le.Error(); !strings.Contains(msg, "by talksbot reindex, pid 4242, since ") {
		t.Errorf("LockedError = %q; want the holder named", msg)
	}
}

// Holder names the process holding the directory, this one included, and
// nobody once it has let go, though the lock file still names it.
func TestHolder(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	if le := Holder(dir); le != nil {
		t.Errorf("Holder of a new directory = %v", le)
	}
	d, err := OpenData(WithHolder(ctx, "talksbot reindex"), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if le := Holder(dir); le == nil || le.PID != os.Getpid() || le.Command != "talksbot reindex" {
		t.Errorf("Holder beside a writer = %+v; want this process, `talksbot reindex`", le)
	}
	d.Close()
	if le := Holder(dir); le != nil {
		t.Errorf("Holder after the writer closed = %+v; want none", le)
	}
	// A lock file naming a process that has ended (a crash).
	os.WriteFile(filepath.Join(dir, lockFile), []byte("2147483000\ntalksbot ingest\n2026-12-07T12:03:40Z\n"), 0o644)
	if le := Holder(dir); le != nil {
		t.Errorf("Holder with a dead holder's lock file = %+v; want none", le)
	}
}
