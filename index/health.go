package index

import (
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
)

// What happens when the disk fills up (measured with Bleve v2.6.3; see
// diskfull_test.go):
//
//   - the Batch whose segment cannot be written returns the error ("no space
//     left on device", or "file too large" under a file-size limit);
//   - from then on the in-memory snapshot holds a segment Bleve has already
//     closed, and the next search touching it panics in the caller's
//     goroutine (zapx inverted_text_cache.go: assignment to entry in nil
//     map). Ingest searches too (to count an article's old passages), which
//     is why "the next Batch panicked". Bleve's persister keeps retrying
//     the failed snapshot in a loop of its own.
//
// So after a failed write the live index is closed and reopened read-only
// from disk (the last snapshot Bleve fsynced: every acknowledged article),
// and writes stay off until a rebuild (Reindex) succeeds. A free-space
// check before every write keeps most full disks from getting that far.

// DefaultMinFree is the free space, in bytes, that writes leave on the data
// directory's file system unless Data.MinFree says otherwise.
const DefaultMinFree = 32 << 20

// ErrNoSpace means a write was refused before it started because the disk
// is nearly full. Nothing is disabled: free space and try again.
var ErrNoSpace = errors.New("not enough free disk space")

// asyncCallback is the name under which Bleve reports errors of its
// background goroutines (persister, merger, introducer) to us.
const asyncCallback = "talksbot"

// asyncWatchers maps a Bleve store path to the function told of its
// background failures.
var asyncWatchers sync.Map

func init() {
	scorch.RegistryAsyncErrorCallbacks[asyncCallback] = func(err error, path string) {
		if !errors.Is(err, scorch.ErrPersist) && !errors.Is(err, scorch.ErrAsyncPanic) {
			return // cleanup errors (an old file not removed) are harmless
		}
		if fn, ok := asyncWatchers.Load(filepath.Clean(path)); ok {
			fn.(func(error))(err)
		}
	}
}

// bleveConfig is the runtime configuration of every on-disk index.
func bleveConfig(readOnly bool) map[string]any {
	c := map[string]any{"bolt_timeout": "1s", "asyncErrorCallbackName": asyncCallback}
	if readOnly {
		c["read_only"] = true
	}
	return c
}

// storePath is where Bleve keeps the segments of the index in dir (the
// path its background errors name).
func storePath(dir string) string { return filepath.Clean(filepath.Join(dir, "store")) }

// watch routes the live index's background failures to d.fail.
func (d *Data) watch() {
	d.unwatch()
	d.watched = storePath(d.Index.Dir())
	asyncWatchers.Store(d.watched, func(err error) { d.fail(fmt.Errorf("index background write: %w", err)) })
}

func (d *Data) unwatch() {
	if d.watched != "" {
		asyncWatchers.Delete(d.watched)
		d.watched = ""
	}
}

// fail records an index failure: writes are off from now on, and the live
// index is reopened read-only as soon as no writer is busy. It returns at
// once (it may be called from Bleve's own goroutines, which closing the
// index waits for).
func (d *Data) fail(err error) {
	if d.failed.CompareAndSwap(nil, newFailure(err)) {
		go func() {
			d.writeMu.Lock()
			defer d.writeMu.Unlock()
			d.degradeLocked()
		}()
	}
}

// failure is an index failure not yet repaired by a rebuild.
type failure struct {
	err      error
	reopened chan struct{} // closed once the index is reopened read-only (or that failed)
}

func newFailure(err error) *failure { return &failure{err: err, reopened: make(chan struct{})} }

// writableLocked says whether writes may go ahead, reopening the index
// read-only first if a failure was recorded. d.writeMu must be held.
func (d *Data) writableLocked() error {
	if d.closed {
		return errors.New("the data directory is closed")
	}
	if d.sharedOnly {
		return d.readOnlyErr("write")
	}
	d.degradeLocked()
	if d.writeErr != nil {
		return fmt.Errorf("%w (%v)", ErrWritesDisabled, d.writeErr)
	}
	return nil
}

// degradeLocked acts on a recorded failure: the live index is closed and
// opened again read-only, from what Bleve last persisted. d.writeMu must
// be held.
func (d *Data) degradeLocked() {
	f := d.failed.Load()
	if f == nil || d.readOnly || d.closed {
		return
	}
	defer close(f.reopened)
	if d.writeErr == nil {
		d.writeErr = f.err
	}
	d.readOnly = true
	d.unwatch()
	x := d.Index
	dir := x.Dir()
	// No search may be running on the broken index when it closes: Bleve
	// reads segments in goroutines of its own, where a closed segment
	// panics past any recover. Holding x.mu waits for the top-k scorer's
	// searches; swapping the alias to nothing waits for Bleve's. Questions
	// meanwhile wait for f.reopened (AskTurn) or fail and are asked again.
	x.mu.Lock()
	defer x.mu.Unlock()
	broken := x.cur
	x.alias.Swap(nil, []bleve.Index{broken})
	closeQuietly(broken)
	bi, err := bleve.OpenUsing(dir, bleveConfig(true))
	if err != nil {
		// Questions now fail with "index is closed" until a rebuild; say
		// why in the error writers get.
		x.alias.Add(broken)
		d.writeErr = fmt.Errorf("%v; reopening the index read-only failed too: %v", d.writeErr, err)
		return
	}
	x.cur = bi
	x.alias.Swap([]bleve.Index{bi}, nil)
}

// closeQuietly closes an index that may be in a bad state.
func closeQuietly(bi bleve.Index) {
	defer func() { recover() }()
	bi.Close()
}

// WritesDisabled reports why ingests are refused (nil when they are not).
func (d *Data) WritesDisabled() error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	if d.writeErr != nil {
		return fmt.Errorf("%w (%v)", ErrWritesDisabled, d.writeErr)
	}
	if f := d.failed.Load(); f != nil {
		return fmt.Errorf("%w (%v)", ErrWritesDisabled, f.err)
	}
	return nil
}

// checkSpace refuses a write of about need bytes when it would leave less
// than the minimum free space on the data directory's file system.
func (d *Data) checkSpace(need int64) error {
	keep := d.MinFree
	switch {
	case keep < 0:
		return nil
	case keep == 0:
		keep = DefaultMinFree
	}
	free, ok := freeBytes(d.Dir)
	if !ok || free >= keep+need {
		return nil
	}
	return fmt.Errorf("%w: %s free on the file system of %s, and talksbot keeps %s free besides the %s this needs: free some space, then try again",
		ErrNoSpace, sizeLabel(free), d.Dir, sizeLabel(keep), sizeLabel(need))
}

// dirSize is the total size of the files under dir.
func dirSize(dir string) int64 {
	var n int64
	filepath.WalkDir(dir, func(_ string, de fs.DirEntry, err error) error {
		if err == nil && !de.IsDir() {
			if info, err := de.Info(); err == nil {
				n += info.Size()
			}
		}
		return nil
	})
	return n
}

func sizeLabel(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
