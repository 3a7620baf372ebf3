package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index/readonlytest"
)

func TestOpenDataErrors(t *testing.T) {
	ctx := context.Background()
	t.Run("missing parent", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "no", "such", "data")
		_, err := OpenData(ctx, dir, nil)
		if err == nil || !strings.Contains(err.Error(), "does not exist") || !strings.Contains(err.Error(), "--data") {
			t.Errorf("OpenData(%s) = %v; want a clear 'does not exist' error", dir, err)
		}
		if _, err := os.Stat(filepath.Dir(dir)); err == nil {
			t.Errorf("OpenData created the missing parents")
		}
	})
	t.Run("missing, parent exists", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		d, err := OpenData(ctx, dir, nil)
		if err != nil {
			t.Fatalf("OpenData(%s) = %v; want it created", dir, err)
		}
		d.Close()
	})
	t.Run("a file", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "data")
		os.WriteFile(dir, []byte("x"), 0o644)
		_, err := OpenData(ctx, dir, nil)
		if err == nil || !strings.Contains(err.Error(), "not a directory") {
			t.Errorf("OpenData on a file = %v", err)
		}
	})
	for _, built := range []bool{false, true} {
		name := "read-only, empty"
		if built {
			name = "read-only, built"
		}
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			os.Mkdir(dir, 0o755)
			if built {
				d, err := OpenData(ctx, dir, nil)
				if err != nil {
					t.Fatal(err)
				}
				d.Close()
			}
			readonlytest.Dir(t, dir)
			d, err := OpenData(ctx, dir, nil)
			if err == nil {
				d.Close()
				t.Fatalf("OpenData on a read-only directory succeeded")
			}
			if !strings.Contains(err.Error(), "not writable") || !strings.Contains(err.Error(), dir) {
				t.Errorf("OpenData on a read-only directory = %v; want it to say the directory is not writable", err)
			}
		})
	}
}

func TestOpenDataLockedSaysWho(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	_, err = OpenData(ctx, dir, nil)
	var le *LockedError
	if !errors.As(err, &le) || le.PID != os.Getpid() || !errors.Is(err, ErrLocked) {
		t.Fatalf("second OpenData = %v; want a LockedError naming pid %d", err, os.Getpid())
	}
	d.Close()
	// Closing lets the next one in.
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatalf("OpenData after Close = %v", err)
	}
	d.Close()
}

// A crash between storing an article and indexing it leaves it on disk but
// unanswerable; ingesting it again must index it, not call it unchanged.
func TestIngestAfterCrashBetweenStoreAndIndex(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() }) // the d of the moment: it is reopened below
	a := fillerArticle(7)
	if err := d.Store.Put(a); err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, "articles", ".tmp-123"), []byte("half a write"), 0o644)
	d.Close()
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "articles", ".tmp-123")); err == nil {
		t.Errorf("the temporary file of an interrupted write is still there")
	}
	// Opening found the stored article missing from the index and
	// indexed it; ingesting it again changes nothing.
	if d.Repaired != 1 {
		t.Errorf("opening re-indexed %d articles; want the 1 stored but unindexed", d.Repaired)
	}
	checkAnswerable(t, d, 7)
	if res, _ := d.Ingest(ctx, fillerArticle(7), false); res.Status != Unchanged {
		t.Errorf("second Ingest = %s; want unchanged", res.Status)
	}
	// --force before any duplicate check once crashed on a nil map.
	if res, err := d.Ingest(ctx, fillerArticle(8), true); err != nil || res.Status != Added {
		t.Errorf("forced Ingest = %+v, %v", res, err)
	}
}
