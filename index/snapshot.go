package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Readers beside a writer. Bleve lets no process open an index another
// holds, and the writer's lock keeps every other process out of the data
// directory while an ingest, a removal or a rebuild runs. So a process that
// held the lock leaves a copy for readers before it lets go, and when it
// opens a directory whose copy is older than its articles or index. The
// copy shares the files that never change (segments, articles) as hard
// links, and has its own root file (linkcopy.go): a few hundred kilobytes,
// not the index and the store again.
//
//	snapshot/   a published directory (see Publish): CURRENT,
//	            index-<n>/ and articles-<n>/, the newest two generations
//
// OpenSnapshot answers from it without the lock: the index as it was when
// the copy was made, never a half-written one.
const snapshotDir = "snapshot"

// ErrNoSnapshot is OpenSnapshot's error for a data directory whose writer
// left no copy (one written by an older talksbot, or never written).
var ErrNoSnapshot = errors.New("no snapshot of the index to answer from")

// OpenSnapshot opens the copy of dir's index its last writer published,
// read-only and without the lock, for questions and listings while another
// process holds the directory. It returns when the copy was made. The
// Data's Dir is dir (files read beside the index, such as the moderators'
// aliases, are the live ones); its Store is the copy's articles, and its
// writes return ErrReadOnlyDir.
func OpenSnapshot(dir string) (*Data, time.Time, error) {
	sdir := filepath.Join(dir, snapshotDir)
	var err error
	for range 3 { // a writer may prune the generation read between two reads
		var d *Data
		var at time.Time
		d, at, err = openSnapshotOnce(dir, sdir)
		if err == nil || errors.Is(err, ErrNoSnapshot) {
			return d, at, err
		}
		time.Sleep(20 * time.Millisecond)
	}
	return nil, time.Time{}, err
}

func openSnapshotOnce(dir, sdir string) (*Data, time.Time, error) {
	if _, err := os.Stat(filepath.Join(sdir, currentFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, time.Time{}, fmt.Errorf("data directory %s: %w", dir, ErrNoSnapshot)
	}
	gen, err := readCurrent(sdir)
	if err != nil {
		return nil, time.Time{}, err
	}
	path := filepath.Join(sdir, gen)
	bi, err := openReadOnly(path)
	if err != nil {
		return nil, time.Time{}, err
	}
	st := replicaStore(sdir, gen)
	if st == nil {
		bi.Close()
		return nil, time.Time{}, fmt.Errorf("data directory %s: the snapshot %s has no articles", dir, gen)
	}
	d := &Data{Dir: dir, Store: st, Index: wrap(path, bi), readOnly: true, sharedOnly: true}
	return d, time.Unix(0, genNumber(gen)), nil
}

// snapshotStale reports whether the snapshot is missing or older than what
// it copies: the articles (their folder changes with every file written,
// replaced or removed) and CURRENT (a rebuild).
func (d *Data) snapshotStale() bool { return staleSnapshot(d.Dir, d.Store.Dir()) }

// SnapshotStale reports whether dir's snapshot is missing or older than
// its articles or its index: a reader that must answer from what the
// directory holds now (not while a writer runs) cannot use it.
func SnapshotStale(dir string) bool { return staleSnapshot(dir, filepath.Join(dir, articlesDir)) }

func staleSnapshot(dir, articles string) bool {
	gen, at := SnapshotOf(dir)
	if gen == "" {
		return true
	}
	for _, p := range []string{articles, filepath.Join(dir, currentFile)} {
		if info, err := os.Stat(p); err == nil && info.ModTime().After(at) {
			return true
		}
	}
	return false
}

// refreshSnapshot publishes a new snapshot when the last one is stale. It
// is best-effort: a reader beside the next writer then answers from an
// older copy, and says how old. d.writeMu must be held (or d not shared
// yet).
func (d *Data) refreshSnapshot(ctx context.Context) {
	if d.sharedOnly || d.readOnly || d.Index == nil || d.failed.Load() != nil || !d.snapshotStale() {
		return
	}
	if d.checkSpace(dirSize(d.Index.Dir())+dirSize(d.Store.Dir())) != nil {
		return
	}
	sdir := filepath.Join(d.Dir, snapshotDir)
	entries, _ := os.ReadDir(sdir)
	for _, e := range entries { // copies a crash cut short; we hold the lock
		if strings.HasPrefix(e.Name(), ".tmp-") {
			os.RemoveAll(filepath.Join(sdir, e.Name()))
		}
	}
	d.Publish(ctx, sdir)
}

// FromSnapshot reports whether d answers from its directory's snapshot
// (OpenSnapshot) rather than the directory's own index.
func (d *Data) FromSnapshot() bool {
	return d.Index != nil && filepath.Dir(d.Index.Dir()) == filepath.Join(d.Dir, snapshotDir)
}

// Generation is the name of the index generation d answers from: the
// directory's (CURRENT) or, for a snapshot, the snapshot's.
func (d *Data) Generation() string { return filepath.Base(d.Index.Dir()) }

// SnapshotOf names the snapshot of dir's index that readers answer from
// while another process holds dir, and when it was made; "" when there is
// none.
func SnapshotOf(dir string) (gen string, at time.Time) {
	gen, err := readCurrent(filepath.Join(dir, snapshotDir))
	if err != nil {
		return "", time.Time{}
	}
	return gen, time.Unix(0, genNumber(gen))
}

// PassageCount is how many passages the index holds (synonym definitions
// aside).
func (d *Data) PassageCount() (uint64, error) { return d.passageTotal() }
