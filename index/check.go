package index

import (
	"context"
	"os"
	"sort"
	"strings"

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
