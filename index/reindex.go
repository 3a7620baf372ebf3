package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/talksbot/talksbot/corpus"
)

// rebuild builds a new index generation from the store and makes it current.
func (d *Data) rebuild(ctx context.Context, progress func(done, total int)) error {
	name := indexPrefix + strconv.FormatInt(time.Now().UnixNano(), 10)
	path := filepath.Join(d.Dir, name)
	b, err := d.build(ctx, path, progress)
	d.LoadErrors = b.loadErr
	if err != nil {
		os.RemoveAll(path)
		return err
	}
	x := b.x
	if err := writeCurrent(d.Dir, name); err != nil {
		x.Close()
		os.RemoveAll(path)
		return err
	}
	d.Index = x
	d.fingerprints = b.fingerprints
	removeStale(d.Dir, name)
	return nil
}

// buildChunk is how many articles a build reads and indexes at a time.
const buildChunk = 1000

// built is an index build from the store.
type built struct {
	x            *Index
	articles     int
	loadErr      error // article files that could not be used
	fingerprints map[string]corpus.Fingerprints
}

// build creates an index at path from the store's articles, read and
// indexed a chunk at a time so that memory holds a chunk, not the corpus;
// it fingerprints the articles on the way, for the near-duplicate check.
func (d *Data) build(ctx context.Context, path string, progress func(done, total int)) (built, error) {
	extra, err := d.ModeratorAliases()
	if err != nil {
		return built{}, err
	}
	x, err := CreateWithAliases(ctx, path, nil, extra, nil)
	if err != nil {
		return built{}, err
	}
	b := built{x: x, fingerprints: map[string]corpus.Fingerprints{}}
	files := 0
	mark := time.Now()
	b.loadErr, err = d.Store.LoadChunks(buildChunk, func(as []*corpus.Article, n int) error {
		files = n
		base := b.articles
		p := func(done, _ int) { // after each batch written
			if progress != nil {
				progress(base+done, n)
			}
			d.yieldToQuestions(ctx, time.Since(mark))
			mark = time.Now()
		}
		if err := x.Add(ctx, as, p); err != nil {
			return err
		}
		for _, a := range as {
			b.fingerprints[a.ID] = corpus.Fingerprint(a.Body)
		}
		b.articles += len(as)
		return nil
	})
	if err != nil {
		x.Close()
		return b, err
	}
	if progress != nil && files > b.articles { // files that could not be used
		progress(files, files)
	}
	return b, nil
}

// writeCurrent atomically points CURRENT at the index directory name.
func writeCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	if err := os.WriteFile(tmp, []byte(name+"\n"), 0o644); err != nil {
		return fmt.Errorf("switch index: %w", err)
	}
	f, err := os.Open(tmp)
	if err == nil {
		f.Sync()
		f.Close()
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("switch index: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// removeStale deletes index directories other than the live one: partial
// builds left by a crash, and replaced generations.
func removeStale(dir, live string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), indexPrefix) && e.Name() != live {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}

// ReindexResult reports a rebuild.
type ReindexResult struct {
	Articles int           `json:"articles"`
	Passages uint64        `json:"passages"`
	Took     time.Duration `json:"took_ns"`
	Skipped  string        `json:"skipped,omitempty"` // article files that could not be used
}

// Reindex rebuilds the whole index from the store into a new directory while
// the old one keeps answering, then switches to it atomically (an IndexAlias
// swap for this process, the CURRENT file for the next) and removes the old
// directory. Ingests wait for it; questions do not. A crash during the
// build leaves CURRENT on the old index; the partial one is removed on the
// next start.
//
// Reindex is also how writes come back after a failed write (a full disk):
// it works while they are disabled, and turns them on again.
func (d *Data) Reindex(ctx context.Context, progress func(done, total int)) (ReindexResult, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	if d.closed {
		return ReindexResult{}, errors.New("reindex: the data directory is closed")
	}
	if d.sharedOnly {
		return ReindexResult{}, d.readOnlyErr("reindex")
	}
	d.degradeLocked() // stop using a failed index before building beside it
	start := time.Now()
	// A removal whose undo failed is finished first: the rebuilt index
	// must not bring back what the next open would delete.
	removing, err := pendingRemoval(d.Dir, d.Store)
	if err != nil {
		return ReindexResult{}, fmt.Errorf("reindex: %w", err)
	}
	if err := d.checkSpace(dirSize(d.Index.Dir())); err != nil {
		return ReindexResult{}, fmt.Errorf("reindex: %w", err)
	}
	name := indexPrefix + strconv.FormatInt(time.Now().UnixNano(), 10)
	path := filepath.Join(d.Dir, name)
	b, err := d.build(ctx, path, progress)
	res := ReindexResult{Articles: b.articles}
	if b.loadErr != nil {
		res.Skipped = b.loadErr.Error()
	}
	if err != nil {
		os.RemoveAll(path)
		return res, fmt.Errorf("reindex: %w", err)
	}
	fresh := b.x
	if err := writeCurrent(d.Dir, name); err != nil {
		fresh.Close()
		os.RemoveAll(path)
		return res, fmt.Errorf("reindex: %w", err)
	}
	d.unwatch()
	old := d.swap(fresh)
	closeQuietly(old)
	os.RemoveAll(old.Name())
	d.writeErr = nil
	d.failed.Store(nil)
	d.readOnly = false
	d.damageMu.Lock()
	d.damage, d.verifiedAt = nil, time.Time{}
	d.damageMu.Unlock()
	d.watch()
	d.fingerprints = b.fingerprints
	if removing != "" {
		clearRemoving(d.Dir) // the new index was built without the file
	}
	res.Passages, _ = d.passageTotal()
	res.Took = time.Since(start)
	return res, nil
}

// swap makes fresh the index every search and write goes to, and returns
// the one it replaces. Searches in flight finish on the old one.
func (d *Data) swap(fresh *Index) bleve.Index {
	// The rebuilt index's aliases (a moderator's new sets, the names its
	// articles give people) answer from now on too.
	fresh.aliasMu.RLock()
	lex, toks, names := fresh.lexicon, fresh.lexTokens, fresh.names
	fresh.aliasMu.RUnlock()
	x := d.Index
	x.aliasMu.Lock()
	x.lexicon, x.lexTokens, x.names, x.table = lex, toks, names, nil
	x.aliasMu.Unlock()
	x.spansMu.Lock()
	x.spans = nil // analysed with the old lexicon's tokens
	x.spansMu.Unlock()
	return d.swapBleve(fresh.cur, fresh.dir)
}

func (d *Data) swapBleve(bi bleve.Index, dir string) bleve.Index {
	x := d.Index
	x.mu.Lock()
	old := x.cur
	x.cur = bi
	x.dir = dir
	x.mu.Unlock()
	x.alias.Swap([]bleve.Index{bi}, []bleve.Index{old})
	return old
}

// passageTotal counts the passages (not synonym definitions) indexed.
func (d *Data) passageTotal() (uint64, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	res, err := d.current().Search(req)
	if err != nil {
		return 0, err
	}
	return res.Total, nil
}
