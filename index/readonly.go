package index

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/talksbot/talksbot/corpus"
)

// ErrReadOnlyDir is the error of a write (ingest, remove, reindex) to a
// data directory opened with OpenDataReadOnly.
var ErrReadOnlyDir = errors.New("the data directory is open read-only")

// ErrNotWritable is what OpenData returns (wrapped) for a directory this
// process cannot write: OpenDataReadOnly may still answer from it.
var ErrNotWritable = errors.New("not writable")

// OpenDataReadOnly opens a data directory this process cannot write (a
// read-only mount, another user's files) to answer questions and list its
// articles from the index it holds, as it is: nothing is built, repaired or
// written, and Ingest, RemoveArticle and Reindex return ErrReadOnlyDir.
//
// It takes a shared lock on the directory's lock file, so a writer that
// holds it (another user's talksbot) is reported as *LockedError, like
// OpenData reports it, rather than read mid-write.
func OpenDataReadOnly(dir string) (*Data, error) {
	lock, err := lockShared(dir)
	if err != nil {
		return nil, err
	}
	d, err := openReadOnlyData(dir)
	if err != nil {
		lock.release()
		return nil, err
	}
	d.lock = lock
	return d, nil
}

func openReadOnlyData(dir string) (*Data, error) {
	if _, err := os.Stat(filepath.Join(dir, currentFile)); errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("data directory %s is not writable and holds no index to answer from (no %s): build one where it is writable (any talksbot command does), or use --data to choose another", dir, currentFile)
	}
	gen, err := readCurrent(dir)
	if err != nil {
		return nil, err
	}
	path := filepath.Join(dir, gen)
	bi, err := openReadOnly(path)
	if err != nil {
		return nil, err
	}
	st, err := corpus.OpenStore(filepath.Join(dir, articlesDir), nil)
	if err != nil {
		bi.Close()
		return nil, err
	}
	return &Data{Dir: dir, Store: st, Index: wrap(path, bi), readOnly: true, sharedOnly: true}, nil
}

// lockShared takes the directory's lock shared, opening its lock file for
// reading only. A directory without one has never been written by a
// talksbot that could still be writing it.
func lockShared(dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) {
		return &dirLock{}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := flockShared(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, lockedBy(dir, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	return &dirLock{f: f}, nil
}

// readOnlyErr is the error a write to a read-only data directory returns.
func (d *Data) readOnlyErr(op string) error {
	return fmt.Errorf("%s: %w (%s is not writable): make it writable, or run the command where it is", op, ErrReadOnlyDir, d.Dir)
}
