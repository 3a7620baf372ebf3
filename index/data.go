package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// Data directory layout:
//
//	articles/       the store of record (corpus.Store)
//	CURRENT         the name of the live index directory
//	index-<n>/      Bleve indexes; only the one CURRENT names is live
//	LOCK            held by the process using the directory; its pid,
//	                command and start (lock.go)
//	snapshot/       a copy of the index for readers while LOCK is held,
//	                hard-linking its unchanging files (snapshot.go)
//	feedback/       votes and unanswered questions (package bot/feedback)
const (
	articlesDir = "articles"
	currentFile = "CURRENT"
	indexPrefix = "index-"
)

// Data is an open data directory: the article store and the live index.
type Data struct {
	Dir   string
	Store *corpus.Store
	*Index
	// LoadErrors reports article files that could not be used (the others
	// were indexed).
	LoadErrors error

	// MinFree is the free space, in bytes, writes leave on the data
	// directory's file system: an ingest or rebuild that would go below it
	// is refused with ErrNoSpace. 0 means DefaultMinFree; negative turns
	// the check off.
	MinFree int64

	// RebuildYield is how much a rebuild (Reindex, a repair) gives way to
	// questions: while they keep coming (one within the last second), it
	// pauses after each batch for RebuildYield times the time the batch
	// took, so it uses at most 1/(1+RebuildYield) of the cores it would and
	// takes up to 1+RebuildYield times as long. Questions are answered
	// from the live index meanwhile. 0 means DefaultRebuildYield; negative
	// never pauses.
	RebuildYield float64

	lock    *dirLock
	writeMu sync.Mutex // one writer at a time: ingests and rebuilds
	// Removed is the article whose removal a crash interrupted, finished
	// by opening (see remove.go); "" when there was none.
	Removed string
	// Repaired is how many articles opening re-indexed because the index
	// lacked the newest acknowledged ones (checkIndex).
	Repaired int
	// Damaged is the damage opening found in the index (a segment file
	// that fails its checksum, or an index Bleve cannot open; it matches
	// ErrIndexDamaged): the index was rebuilt from the store. Nil when the
	// index was sound or new.
	Damaged error

	damageMu   sync.Mutex // guards damage and verifiedAt
	damage     error      // a damaged segment a failing search found; cleared by a rebuild
	verifiedAt time.Time  // when a failing search last had the segments checked

	writeErr     error // a failed index write; set until a rebuild succeeds
	readOnly     bool  // the live index was reopened read-only after a failure
	sharedOnly   bool  // opened with OpenDataReadOnly: never writes
	closed       bool
	failed       atomic.Pointer[failure] // an index failure; cleared by a rebuild
	watched      string                  // the store path whose background errors reach us
	fingerprints map[string]corpus.Fingerprints
	urls         map[string]string // normalised URL → stored article id (replace.go)
	lastAsk      atomic.Int64      // when a question last came in (Unix nanoseconds)
}

// DefaultRebuildYield is Data.RebuildYield's default: with it a rebuild
// of the default corpus, run back to back, leaves the 2 cores of our
// machines about 600 answers a second (BENCHMARKS.md, load).
const DefaultRebuildYield = 6

const (
	askingWindow = time.Second     // questions this recent make a rebuild yield
	maxYield     = 2 * time.Second // the longest single pause
)

// rebuildPause is how long a rebuild pauses after spent of work: 0 unless
// questions are coming in.
func (d *Data) rebuildPause(spent time.Duration) time.Duration {
	y := d.RebuildYield
	if y == 0 {
		y = DefaultRebuildYield
	}
	if y < 0 || time.Since(time.Unix(0, d.lastAsk.Load())) > askingWindow {
		return 0
	}
	return min(time.Duration(y*float64(spent)), maxYield)
}

// yieldToQuestions pauses a rebuild after spent of work, if questions
// are coming in (see RebuildYield).
func (d *Data) yieldToQuestions(ctx context.Context, spent time.Duration) {
	pause := d.rebuildPause(spent)
	if pause <= 0 {
		return
	}
	t := time.NewTimer(pause)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
	}
}

// OpenData opens the data directory, creating it from the embedded default
// corpus on first use and building the index when there is none. progress
// (may be nil) is told of a build.
//
// Only one process at a time may use a data directory: OpenData fails at
// once with a *LockedError (matching ErrLocked) while another holds it.
func OpenData(ctx context.Context, dir string, progress func(done, total int)) (*Data, error) {
	if err := prepareDir(dir); err != nil {
		return nil, err
	}
	lock, err := lockDir(ctx, dir)
	if err != nil {
		if errors.Is(err, ErrLocked) {
			return nil, err
		}
		return nil, notWritable(dir, err)
	}
	d, err := openLocked(ctx, dir, progress)
	if err != nil {
		lock.release()
		return nil, err
	}
	d.lock = lock
	d.watch()
	d.refreshSnapshot(ctx) // for readers while we hold the lock (snapshot.go)
	return d, nil
}

func openLocked(ctx context.Context, dir string, progress func(done, total int)) (*Data, error) {
	st, err := corpus.OpenStore(filepath.Join(dir, articlesDir), corpus.DefaultFS())
	if err != nil {
		return nil, err
	}
	st.RemoveTemp() // files of writes a crash interrupted; we hold the lock
	removing, err := pendingRemoval(dir, st)
	if err != nil {
		return nil, err
	}
	d := &Data{Dir: dir, Store: st}
	if name, err := os.ReadFile(filepath.Join(dir, currentFile)); err == nil {
		live := strings.TrimSpace(string(name))
		// A CURRENT naming anything but our own generation is never
		// followed (it would open another directory's index, and
		// removeStale would delete ours): the index is rebuilt below.
		var x *Index
		err := fmt.Errorf("%s names %q, not an index generation of %s", currentFile, live, dir)
		if isGeneration(live) {
			x, err = Open(filepath.Join(dir, live))
		}
		if err == nil {
			err = verifySegments(x.cur)
			if err != nil {
				x.Close()
			}
		}
		if err == nil {
			d.Index = x
			removeStale(dir, live) // a rebuild that crashed before its switch
			if err := d.finishRemoval(removing); err != nil {
				x.Close()
				return nil, err
			}
			if err := d.checkIndex(ctx); err != nil {
				x.Close()
				return nil, fmt.Errorf("the index lacks acknowledged articles and could not be repaired (run `talksbot reindex`): %w", err)
			}
			return d, nil
		}
		if errors.Is(err, ErrLocked) {
			return nil, err
		}
		// A broken or damaged index is rebuilt from the store below.
		if !errors.Is(err, ErrIndexDamaged) {
			err = fmt.Errorf("%w: %v", ErrIndexDamaged, err)
		}
		d.Damaged = err
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := d.rebuild(ctx, progress); err != nil {
		return nil, err
	}
	if err := d.finishRemoval(removing); err != nil {
		d.Index.Close()
		return nil, err
	}
	return d, nil
}

// prepareDir makes sure dir is a directory, creating it (but not its
// parents: a missing parent is more likely a typo than a wish) if need be.
func prepareDir(dir string) error {
	info, err := os.Stat(dir)
	switch {
	case err == nil && !info.IsDir():
		return fmt.Errorf("data directory %s is not a directory: use --data to choose another", dir)
	case err == nil:
		return nil
	case !errors.Is(err, fs.ErrNotExist):
		return fmt.Errorf("data directory %s: %w", dir, err)
	}
	parent := filepath.Dir(filepath.Clean(dir))
	if _, err := os.Stat(parent); errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("data directory %s does not exist, nor does %s: create it, or use --data to choose another", dir, parent)
	}
	if err := os.Mkdir(dir, 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return notWritable(dir, err)
	}
	return nil
}

// notWritable explains a data directory talksbot cannot write to.
func notWritable(dir string, err error) error {
	return fmt.Errorf("data directory %s is %w (%v): talksbot keeps its index, articles and lock there; fix its permissions, or use --data to choose another", dir, ErrNotWritable, err)
}

// Close closes the index and lets other processes use the directory.
func (d *Data) Close() error {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	if d.closed {
		return nil
	}
	d.closed = true
	d.refreshSnapshot(context.Background()) // what we wrote, for the readers beside the next writer
	d.unwatch()
	var err error
	if d.Index != nil {
		err = d.Index.Close()
	}
	d.lock.release()
	return err
}

// Ask answers a question like Index.Ask, from the read-only index after a
// failure. A panic inside Bleve (a search touching a segment Bleve dropped
// after a failed write, before the failure was noticed) disables writes,
// and the question is asked again once the index is reopened.
func (d *Data) Ask(ctx context.Context, q string, n int) (Answer, error) {
	return d.AskTurn(ctx, Turn{Question: q, Standalone: q}, n)
}

// AskTurn is Ask for one turn of a conversation (see FollowUp).
func (d *Data) AskTurn(ctx context.Context, t Turn, n int) (Answer, error) {
	d.lastAsk.Store(time.Now().UnixNano())
	d.waitReopened(ctx)
	ans, err := d.askOnce(ctx, t, n)
	if err != nil && d.failed.Load() != nil && ctx.Err() == nil {
		d.waitReopened(ctx)
		ans, err = d.askOnce(ctx, t, n)
	}
	return ans, err
}

// reopenWait bounds how long a question waits for the index to be reopened
// after a failure.
const reopenWait = 10 * time.Second

// waitReopened waits, if the index failed, until it is reopened read-only.
func (d *Data) waitReopened(ctx context.Context) {
	f := d.failed.Load()
	if f == nil {
		return
	}
	t := time.NewTimer(reopenWait)
	defer t.Stop()
	select {
	case <-f.reopened:
	case <-ctx.Done():
	case <-t.C:
	}
}

func (d *Data) askOnce(ctx context.Context, t Turn, n int) (ans Answer, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("ask: the index failed (%v): %w", r, errUnreadable)
			if strings.Contains(string(debug.Stack()), "github.com/blevesearch/") {
				d.fail(fmt.Errorf("search panicked: %v", r))
			}
			err = d.explainSearchFailure(err)
		}
	}()
	ans, err = d.Index.AskTurn(ctx, t, n)
	if err != nil {
		err = d.explainSearchFailure(err)
	}
	return ans, err
}
