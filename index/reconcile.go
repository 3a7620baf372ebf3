package index

import (
	"context"
	"fmt"
	"os"
	"sort"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/talksbot/talksbot/corpus"
)

// newestChecked is how many of the store's newest article files are
// looked for in the index when a data directory is opened.
const newestChecked = 8

// unindexedNewest lists, among the store's newest article files (by
// modification time), those the index has no passage of: an index that
// silently opened an older snapshot (a truncated newest segment) lacks
// the articles acknowledged last. Cheap: a directory listing and a term
// query per article.
func (d *Data) unindexedNewest() []string {
	entries, err := os.ReadDir(d.Store.Dir())
	if err != nil {
		return nil
	}
	type file struct {
		id  string
		mod int64
	}
	var files []file
	for _, e := range entries {
		name := e.Name()
		if !strings.HasSuffix(name, ".md") || strings.HasPrefix(name, ".") {
			continue
		}
		info, err := e.Info()
		if err != nil {
			continue
		}
		files = append(files, file{strings.TrimSuffix(name, ".md"), info.ModTime().UnixNano()})
	}
	sort.Slice(files, func(i, j int) bool { return files[i].mod > files[j].mod })
	var missing []string
	for i := 0; i < len(files) && i < newestChecked; i++ {
		if !corpus.ValidID(files[i].id) {
			continue
		}
		if n, err := d.Index.passageCount(files[i].id); err == nil && n == 0 {
			missing = append(missing, files[i].id)
		}
	}
	return missing
}

// checkIndex is run on open: when the newest acknowledged articles are
// missing from the index, or a long article is marked as partly written (a
// crash between its batches), the index is brought in line with the store
// (Reconcile) before anything is answered.
func (d *Data) checkIndex(ctx context.Context) error {
	partial, err := d.Index.partialArticles()
	if err != nil {
		return err
	}
	if missing := d.unindexedNewest(); len(missing) > 0 || len(partial) > 0 {
		added, _, err := d.Reconcile(ctx)
		if err != nil {
			return err
		}
		d.Repaired = added
	}
	return nil
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
