package index

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

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
