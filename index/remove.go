package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/talksbot/talksbot/corpus"
)

// Removing an article takes three durable steps, so that a crash (even
// kill -9) at any point leaves the article either wholly there or wholly
// gone, from the store and the index alike:
//
//  1. REMOVING, in the data directory, names the article (a temporary
//     file, fsynced, renamed into place, the directory fsynced);
//  2. its passages are deleted from the index (one Bleve batch, which
//     returns once it is on disk);
//  3. its file is deleted from the store (the folder fsynced);
//
// then REMOVING is deleted. Opening a data directory that has REMOVING
// finishes the removal it names before anything else: the file is deleted
// before the index is opened or rebuilt (so neither a rebuild nor
// Reconcile can index it again), then its passages are deleted from the
// index. A crash before REMOVING is on disk leaves the article as it was.
//
// A failure while the process lives is undone where it can be: a failed
// step 2 leaves the article as it was (a Bleve batch is all or nothing);
// a failed step 3 puts the passages back. Only if that fails too does
// REMOVING stay, and the next open finishes the removal.
const removingFile = "REMOVING"

// ErrNoArticle means the store has no article with the id given.
var ErrNoArticle = errors.New("no such article (talksbot sources lists the ids)")

// ErrSourceArticle means a removal named the source article: it is the
// article talksbot is about, kept exactly as given, and cannot be removed.
var ErrSourceArticle = errors.New("the source article cannot be removed: it is the article talksbot is about")

// RemoveResult reports a removal.
type RemoveResult struct {
	ID       string `json:"id"`
	Title    string `json:"title"`
	Passages int    `json:"passages"` // the passages the index held
}

// removeStep, when set (tests), is called after each step of a removal:
// "begin" (before anything is written), "marked", "index" and "store".
var removeStep func(step string)

func stepDone(step string) {
	if removeStep != nil {
		removeStep(step)
	}
}

// RemoveArticle removes an article from the store and the index, durably:
// when it returns nil the article is gone from both, and no crash brings it
// back; when it fails, the article is still in both (or, if the failure
// could not be undone, the next open finishes the removal). Any article may
// be removed but the source article (ErrSourceArticle); an embedded one
// stays removed, since the store is seeded from the binary only when it
// does not exist yet.
func (d *Data) RemoveArticle(ctx context.Context, id string) (RemoveResult, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res := RemoveResult{ID: id}
	if !corpus.ValidID(id) {
		return res, fmt.Errorf("remove %q: %w", id, corpus.ErrBadID)
	}
	if id == corpus.SourceArticleID {
		return res, fmt.Errorf("remove %s: %w", id, ErrSourceArticle)
	}
	if err := d.writableLocked(); err != nil {
		return res, fmt.Errorf("remove %s: %w", id, err)
	}
	if !d.Store.Has(id) {
		return res, fmt.Errorf("remove %s: %w", id, ErrNoArticle)
	}
	a, err := d.Store.Get(id) // an unreadable file can be removed too
	if err == nil {
		res.Title = a.Title
	}
	if res.Passages, err = d.passageCount(id); err != nil {
		return res, fmt.Errorf("remove %s: %w", id, err)
	}
	stepDone("begin")
	if err := writeRemoving(d.Dir, id); err != nil {
		return res, fmt.Errorf("remove %s: %w", id, err)
	}
	stepDone("marked")
	if err := d.safeRemove(id); err != nil {
		if cerr := clearRemoving(d.Dir); cerr != nil {
			return res, fmt.Errorf("remove %s: the index could not be changed (%w), and %s could not be deleted (%v): the removal will be finished when the data directory is next opened", id, err, removingFile, cerr)
		}
		return res, fmt.Errorf("remove %s: the index could not be changed; the article is kept: %w", id, err)
	}
	stepDone("index")
	if err := d.Store.Delete(id); err != nil {
		if a != nil && d.safeAdd(context.WithoutCancel(ctx), []*corpus.Article{a}, nil) == nil && clearRemoving(d.Dir) == nil {
			return res, fmt.Errorf("remove %s: the article is kept: %w", id, err)
		}
		return res, fmt.Errorf("remove %s: its passages are out of the index but its file could not be deleted (%w): the removal will be finished when the data directory is next opened", id, err)
	}
	stepDone("store")
	delete(d.fingerprints, id)
	// If this fails, the next open repeats steps 2 and 3, which do nothing.
	clearRemoving(d.Dir)
	return res, nil
}

// safeRemove deletes an article's passages from the index, turning a
// failed write (or a panic in Bleve) into the sticky error that disables
// writes, as safeAdd does. d.writeMu must be held.
func (d *Data) safeRemove(id string) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("index write panicked: %v", r)
		}
		if err != nil {
			d.failed.CompareAndSwap(nil, newFailure(err))
			d.degradeLocked()
		}
	}()
	return d.Index.Remove(context.Background(), id)
}

// writeRemoving durably writes REMOVING, naming the article id.
func writeRemoving(dir, id string) error {
	tmp := filepath.Join(dir, removingFile+".tmp")
	if err := os.WriteFile(tmp, []byte(id+"\n"), 0o644); err != nil {
		return fmt.Errorf("record the removal: %w", err)
	}
	f, err := os.Open(tmp)
	if err != nil {
		return fmt.Errorf("record the removal: %w", err)
	}
	err = f.Sync()
	f.Close()
	if err != nil {
		return fmt.Errorf("record the removal: %w", err)
	}
	if err := os.Rename(tmp, filepath.Join(dir, removingFile)); err != nil {
		return fmt.Errorf("record the removal: %w", err)
	}
	return corpus.SyncDir(dir)
}

// clearRemoving deletes REMOVING once a removal is complete (or undone).
func clearRemoving(dir string) error {
	if err := os.Remove(filepath.Join(dir, removingFile)); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}
	return corpus.SyncDir(dir)
}

// pendingRemoval is the article a removal a crash interrupted names, or "".
// The store's part of it is finished at once: its file is deleted, before
// the index is opened or rebuilt from the store.
func pendingRemoval(dir string, st *corpus.Store) (string, error) {
	data, err := os.ReadFile(filepath.Join(dir, removingFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("finish an interrupted removal: %w", err)
	}
	id := strings.TrimSpace(string(data))
	if !corpus.ValidID(id) || id == corpus.SourceArticleID { // not ours: a removal never names these
		return "", clearRemoving(dir)
	}
	if err := st.Delete(id); err != nil {
		return "", fmt.Errorf("finish the interrupted removal of %s: %w", id, err)
	}
	return id, nil
}

// finishRemoval deletes from the index the passages of an article whose
// removal a crash interrupted (pendingRemoval), and clears REMOVING.
func (d *Data) finishRemoval(id string) error {
	if id == "" {
		return nil
	}
	if err := d.safeRemove(id); err != nil {
		return fmt.Errorf("finish the interrupted removal of %s: %w", id, err)
	}
	d.Removed = id
	return clearRemoving(d.Dir)
}
