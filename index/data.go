package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"

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

// IngestStatus says what Ingest did with an article.
type IngestStatus string

// Ingest outcomes.
const (
	Added     IngestStatus = "added"     // new article, stored and indexed
	Updated   IngestStatus = "updated"   // same id, new text: stored and re-indexed
	Unchanged IngestStatus = "unchanged" // same id and text: nothing to do
	Duplicate IngestStatus = "duplicate" // near-duplicate of another article: not added
	Replaces  IngestStatus = "replaces"  // would replace another article (its id or URL): not added
)

// IngestResult reports one ingest.
type IngestResult struct {
	Status   IngestStatus `json:"status"`
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Passages int          `json:"passages"`
	// SameAs is the article it duplicates or would replace (Duplicate,
	// Replaces), SameTitle that article's title.
	SameAs    string `json:"same_as,omitempty"`
	SameTitle string `json:"same_title,omitempty"`
	// Notes say which given metadata replaced the article's own (ingest.Apply).
	Notes []string `json:"notes,omitempty"`
}

// ErrWritesDisabled means an earlier index write failed (a full disk, say):
// the index keeps answering but takes no new articles until a rebuild.
var ErrWritesDisabled = errors.New("index writes are disabled after a failed write; free space and run `talksbot reindex`")

// Ingest stores an article durably and indexes it. It is acknowledged (nil
// error) only once the article file is on disk and the passages are in the
// index. An article whose text nearly repeats another's is refused as a
// Duplicate, one that would replace another article (its id or URL) as
// Replaces, unless force is set (see replace.go).
func (d *Data) Ingest(ctx context.Context, a *corpus.Article, force bool) (IngestResult, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res := IngestResult{ID: a.ID, Title: a.Title}
	if err := a.Validate(); err != nil {
		return res, fmt.Errorf("ingest %s: %w", a.ID, err)
	}
	if err := d.writableLocked(); err != nil {
		return res, fmt.Errorf("ingest %s: %w", a.ID, err)
	}
	if a.Paragraphs == nil {
		a.Paragraphs = corpus.Split(a.Body)
	}
	res.Passages = len(a.Passages())
	res.Status = Added
	stored := false
	if other, err := d.replaces(a, force); err != nil || other != nil {
		if other != nil {
			res.Status, res.SameAs, res.SameTitle = Replaces, other.ID, other.Title
		}
		return res, err
	}
	res.ID = a.ID // force may have given it the id of the article at its address
	if old, err := d.Store.Get(a.ID); err == nil {
		if old.Body == a.Body && old.Title == a.Title && old.Published == a.Published && old.Outlet == a.Outlet {
			n, err := d.passageCount(a.ID)
			if err != nil {
				return res, fmt.Errorf("ingest %s: %w", a.ID, err)
			}
			if n == res.Passages && !d.isPartial(a.ID) {
				res.Status = Unchanged
				return res, nil
			}
			// Stored but not (fully) indexed: a crash came between the two.
			// Index it now; it was not answerable before.
			stored = true
		} else {
			res.Status = Updated
		}
	}
	if err := d.checkSpace(int64(len(a.Body)) * spaceFactor); err != nil {
		return res, fmt.Errorf("ingest %s: %w", a.ID, err)
	}
	fp := corpus.Fingerprint(a.Body)
	if res.Status == Added && !stored && !force {
		if same, err := d.nearDuplicate(a.ID, fp); err != nil {
			return res, err
		} else if same != "" {
			res.Status, res.SameAs = Duplicate, same
			return res, nil
		}
	}
	if !stored {
		if err := d.Store.Put(a); err != nil {
			return res, fmt.Errorf("ingest %s: %w", a.ID, err)
		}
	}
	if err := d.safeAdd(ctx, []*corpus.Article{a}, nil); err != nil {
		return res, fmt.Errorf("ingest %s: stored, but indexing failed: %w", a.ID, err)
	}
	if d.fingerprints != nil { // else loaded from the store when first needed
		d.fingerprints[a.ID] = fp
	}
	d.noteURL(a)
	return res, nil
}

// spaceFactor estimates the index space an article takes, per byte of text
// (segments, term vectors, stored fields and merges in flight).
const spaceFactor = 20

// safeAdd indexes articles, turning a failed write (or Bleve's panic on the
// batch after one) into a sticky error that disables writes: the index is
// reopened read-only (see health.go). d.writeMu must be held.
func (d *Data) safeAdd(ctx context.Context, articles []*corpus.Article, progress func(done, total int)) (err error) {
	defer func() {
		if err != nil && ctx.Err() == nil {
			d.failed.CompareAndSwap(nil, newFailure(err))
			d.degradeLocked()
		}
	}()
	done := make(chan error, 1)
	go func() {
		defer func() {
			if r := recover(); r != nil {
				done <- fmt.Errorf("index write panicked: %v", r)
			}
		}()
		done <- d.Add(ctx, articles, progress)
	}()
	// A Bleve batch waits for its persister; if that goroutine died (a
	// recovered panic, reported as a background failure) the batch would
	// wait forever. Give up on it then, leaving it blocked.
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	var failedAt time.Time
	for {
		select {
		case err := <-done:
			return err
		case <-tick.C:
			f := d.failed.Load()
			switch {
			case f == nil:
			case failedAt.IsZero():
				failedAt = time.Now()
			case time.Since(failedAt) > stuckWrite:
				return fmt.Errorf("index write did not finish after a failure in the background: %w", f.err)
			}
		}
	}
}

// stuckWrite is how long a write may go on after a background failure.
const stuckWrite = 5 * time.Second

// nearDuplicate is the id of a stored article other than id whose text
// nearly repeats the one fingerprinted fp (the same wire story on another
// site, a lightly edited copy), or "".
func (d *Data) nearDuplicate(id string, fp corpus.Fingerprints) (string, error) {
	if d.fingerprints == nil {
		fps, err := d.Store.Fingerprints()
		if err != nil {
			return "", fmt.Errorf("near-duplicate check: %w", err)
		}
		d.fingerprints = fps
	}
	for other, o := range d.fingerprints {
		if other != id && fp.Similar(o) {
			return other, nil
		}
	}
	return "", nil
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

// Reconcile brings the index in line with the store: articles on disk but
// not indexed, or partly (written before a crash), are indexed; articles
// indexed but no longer on disk are removed.
func (d *Data) Reconcile(ctx context.Context) (added, removed int, err error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	if err := d.writableLocked(); err != nil {
		return 0, 0, fmt.Errorf("reconcile: %w", err)
	}
	articles, loadErr := d.Store.Load()
	d.LoadErrors = loadErr
	indexed, err := d.indexedArticles(len(articles) + 1000)
	if err != nil {
		return 0, 0, err
	}
	partial := map[string]bool{} // long articles a crash cut short
	ids, err := d.Index.partialArticles()
	if err != nil {
		return 0, 0, fmt.Errorf("reconcile: %w", err)
	}
	for _, id := range ids {
		partial[id] = true
	}
	var missing []*corpus.Article
	inStore := map[string]bool{}
	for _, a := range articles {
		inStore[a.ID] = true
		if n, ok := indexed[a.ID]; !ok || n != len(a.Passages()) || partial[a.ID] {
			missing = append(missing, a)
		}
	}
	var need int64
	for _, a := range missing {
		need += int64(len(a.Body)) * spaceFactor
	}
	if err := d.checkSpace(need); err != nil {
		return 0, 0, fmt.Errorf("reconcile: %w", err)
	}
	if err := d.safeAdd(ctx, missing, nil); err != nil {
		return 0, 0, fmt.Errorf("reconcile: %w", err)
	}
	for id := range indexed {
		if !inStore[id] && !isBadFile(loadErr, id) {
			if err := d.Remove(ctx, id); err != nil {
				return len(missing), removed, fmt.Errorf("reconcile: %w", err)
			}
			removed++
		}
	}
	return len(missing), removed, nil
}

// isBadFile reports whether the load error mentions the article's file: an
// unreadable file is reported, not dropped from the index.
func isBadFile(loadErr error, id string) bool {
	return loadErr != nil && strings.Contains(loadErr.Error(), corpus.FileName(id))
}

// indexedArticles maps each article id in the index to its passage count.
// At most limit articles are listed.
func (d *Data) indexedArticles(limit int) (map[string]int, error) {
	req := bleve.NewSearchRequestOptions(bleve.NewMatchAllQuery(), 0, 0, false)
	req.AddFacet("a", bleve.NewFacetRequest(fArticle, limit))
	res, err := d.current().Search(req)
	if err != nil {
		return nil, fmt.Errorf("list indexed articles: %w", err)
	}
	out := map[string]int{}
	if f := res.Facets["a"]; f != nil && f.Terms != nil {
		for _, t := range f.Terms.Terms() {
			out[t.Term] = t.Count
		}
	}
	return out, nil
}
