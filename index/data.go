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
	"time"

	"github.com/blevesearch/bleve/v2"

	"github.com/talksbot/talksbot/corpus"
)

// Data directory layout:
//
//	articles/       the store of record (corpus.Store)
//	CURRENT         the name of the live index directory
//	index-<n>/      Bleve indexes; only the one CURRENT names is live
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

	writeMu      sync.Mutex // one writer at a time: ingests and rebuilds
	writeErr     error      // a failed index write; set until a rebuild succeeds
	fingerprints map[string]corpus.Fingerprints
}

// OpenData opens the data directory, creating it from the embedded default
// corpus on first use and building the index when there is none. progress
// (may be nil) is told of a build.
func OpenData(ctx context.Context, dir string, progress func(done, total int)) (*Data, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	st, err := corpus.OpenStore(filepath.Join(dir, articlesDir), corpus.DefaultFS())
	if err != nil {
		return nil, err
	}
	d := &Data{Dir: dir, Store: st}
	if name, err := os.ReadFile(filepath.Join(dir, currentFile)); err == nil {
		live := strings.TrimSpace(string(name))
		x, err := Open(filepath.Join(dir, live))
		if err == nil {
			d.Index = x
			removeStale(dir, live) // a rebuild that crashed before its switch
			return d, nil
		}
		if errors.Is(err, ErrLocked) {
			return nil, err
		}
		// A broken index is rebuilt from the store below.
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := d.rebuild(ctx, progress); err != nil {
		return nil, err
	}
	return d, nil
}

// rebuild builds a new index generation from the store and makes it current.
func (d *Data) rebuild(ctx context.Context, progress func(done, total int)) error {
	articles, loadErr := d.Store.Load()
	d.LoadErrors = loadErr
	name := indexPrefix + strconv.FormatInt(time.Now().UnixNano(), 10)
	path := filepath.Join(d.Dir, name)
	x, err := Create(ctx, path, articles, progress)
	if err != nil {
		os.RemoveAll(path)
		return err
	}
	if err := writeCurrent(d.Dir, name); err != nil {
		x.Close()
		os.RemoveAll(path)
		return err
	}
	d.Index = x
	removeStale(d.Dir, name)
	return nil
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
)

// IngestResult reports one ingest.
type IngestResult struct {
	Status   IngestStatus `json:"status"`
	ID       string       `json:"id"`
	Title    string       `json:"title"`
	Passages int          `json:"passages"`
	// SameAs is the article it duplicates (Duplicate only).
	SameAs string `json:"same_as,omitempty"`
}

// ErrWritesDisabled means an earlier index write failed (a full disk, say):
// the index keeps answering but takes no new articles until a rebuild.
var ErrWritesDisabled = errors.New("index writes are disabled after a failed write; free space and run `talksbot reindex`")

// Ingest stores an article durably and indexes it. It is acknowledged (nil
// error) only once the article file is on disk and the passages are in the
// index. An article whose text nearly repeats another's is refused as a
// Duplicate unless force is set.
func (d *Data) Ingest(ctx context.Context, a *corpus.Article, force bool) (IngestResult, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	res := IngestResult{ID: a.ID, Title: a.Title}
	if err := a.Validate(); err != nil {
		return res, fmt.Errorf("ingest %s: %w", a.ID, err)
	}
	if d.writeErr != nil {
		return res, fmt.Errorf("ingest %s: %w (%v)", a.ID, ErrWritesDisabled, d.writeErr)
	}
	if a.Paragraphs == nil {
		a.Paragraphs = corpus.Split(a.Body)
	}
	res.Passages = len(a.Passages())
	res.Status = Added
	if old, err := d.Store.Get(a.ID); err == nil {
		if old.Body == a.Body && old.Title == a.Title && old.Published == a.Published && old.Outlet == a.Outlet {
			res.Status = Unchanged
			return res, nil
		}
		res.Status = Updated
	}
	if res.Status == Added && !force {
		if same, err := d.nearDuplicate(a); err != nil {
			return res, err
		} else if same != "" {
			res.Status, res.SameAs = Duplicate, same
			return res, nil
		}
	}
	if err := d.Store.Put(a); err != nil {
		return res, fmt.Errorf("ingest %s: %w", a.ID, err)
	}
	if err := d.safeAdd(ctx, []*corpus.Article{a}, nil); err != nil {
		return res, fmt.Errorf("ingest %s: stored, but indexing failed: %w", a.ID, err)
	}
	d.fingerprints[a.ID] = corpus.Fingerprint(a.Body)
	return res, nil
}

// safeAdd indexes articles, turning a failed write (or Bleve's panic on the
// batch after one) into a sticky error that disables writes.
func (d *Data) safeAdd(ctx context.Context, articles []*corpus.Article, progress func(done, total int)) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("index write panicked: %v", r)
		}
		if err != nil && ctx.Err() == nil {
			d.writeErr = err
		}
	}()
	return d.Add(ctx, articles, progress)
}

// nearDuplicate is the id of a stored article whose text nearly repeats
// a's (the same wire story on another site, a lightly edited copy), or "".
func (d *Data) nearDuplicate(a *corpus.Article) (string, error) {
	if d.fingerprints == nil {
		arts, _ := d.Store.Load()
		d.fingerprints = make(map[string]corpus.Fingerprints, len(arts))
		for _, o := range arts {
			d.fingerprints[o.ID] = corpus.Fingerprint(o.Body)
		}
	}
	fp := corpus.Fingerprint(a.Body)
	for id, o := range d.fingerprints {
		if id != a.ID && fp.Similar(o) {
			return id, nil
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
func (d *Data) Reindex(ctx context.Context, progress func(done, total int)) (ReindexResult, error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	start := time.Now()
	articles, loadErr := d.Store.Load()
	res := ReindexResult{Articles: len(articles)}
	if loadErr != nil {
		res.Skipped = loadErr.Error()
	}
	name := indexPrefix + strconv.FormatInt(time.Now().UnixNano(), 10)
	path := filepath.Join(d.Dir, name)
	fresh, err := Create(ctx, path, articles, progress)
	if err != nil {
		os.RemoveAll(path)
		return res, fmt.Errorf("reindex: %w", err)
	}
	if err := writeCurrent(d.Dir, name); err != nil {
		fresh.Close()
		os.RemoveAll(path)
		return res, fmt.Errorf("reindex: %w", err)
	}
	old := d.swap(fresh)
	old.Close()
	os.RemoveAll(old.Name())
	d.writeErr = nil
	d.fingerprints = nil
	res.Passages, _ = d.passageTotal()
	res.Took = time.Since(start)
	return res, nil
}

// swap makes fresh the index every search and write goes to, and returns
// the one it replaces. Searches in flight finish on the old one.
func (d *Data) swap(fresh *Index) bleve.Index {
	x := d.Index
	x.mu.Lock()
	old := x.cur
	x.cur = fresh.cur
	x.dir = fresh.dir
	x.mu.Unlock()
	x.alias.Swap([]bleve.Index{fresh.cur}, []bleve.Index{old})
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
// not indexed (written before a crash) are indexed; articles indexed but no
// longer on disk are removed.
func (d *Data) Reconcile(ctx context.Context) (added, removed int, err error) {
	d.writeMu.Lock()
	defer d.writeMu.Unlock()
	articles, loadErr := d.Store.Load()
	d.LoadErrors = loadErr
	indexed, err := d.indexedArticles(len(articles) + 1000)
	if err != nil {
		return 0, 0, err
	}
	var missing []*corpus.Article
	inStore := map[string]bool{}
	for _, a := range articles {
		inStore[a.ID] = true
		if n, ok := indexed[a.ID]; !ok || n != len(a.Passages()) {
			missing = append(missing, a)
		}
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
