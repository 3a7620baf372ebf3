package index

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// briefID is an embedded brief: it quotes "About 2,500 U.S. troops are in
// Iraq", in answers and in the troops view.
const briefID = "ap-2024-01-25-talks-planned"

// mentions reports whether a view (or answer), as JSON, quotes the article.
func mentions(t *testing.T, v any, id string) bool {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(data), `"article_id":"`+id+`"`)
}

// checkGone fails unless the article is in neither the store nor the
// index, nor in answers and views.
func checkGone(t *testing.T, d *Data, id string) {
	t.Helper()
	ctx := context.Background()
	if d.Store.Has(id) {
		t.Errorf("%s is still in the store", id)
	}
	if n, err := d.passageCount(id); err != nil || n != 0 {
		t.Errorf("the index holds %d passages of %s (%v); want 0", n, id, err)
	}
	ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 10)
	if err != nil || mentions(t, ans, id) {
		t.Errorf("an answer still quotes %s (%v)", id, err)
	}
	if v, err := d.Troops(ctx); err != nil || mentions(t, v, id) {
		t.Errorf("the troops view still quotes %s (%v)", id, err)
	}
	if _, err := os.Stat(filepath.Join(d.Dir, removingFile)); err == nil {
		t.Errorf("%s is left after the removal", removingFile)
	}
}

func TestRemoveArticle(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if v, _ := d.Troops(ctx); !mentions(t, v, briefID) {
		t.Fatalf("the troops view does not quote %s before the removal: the test proves nothing", briefID)
	}
	want, _ := d.passageCount(briefID)
	res, err := d.RemoveArticle(ctx, briefID)
	if err != nil || res.ID != briefID || res.Passages != want || res.Title == "" {
		t.Fatalf("RemoveArticle(%s) = %+v, %v; want its %d passages", briefID, res, err, want)
	}
	checkGone(t, d, briefID)

	// An ingested article goes too.
	a := fillerArticle(3)
	if _, err := d.Ingest(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	if _, err := d.RemoveArticle(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	checkGone(t, d, a.ID)
	if ans, _ := d.Ask(ctx, fillerQuestion(3), 3); mentions(t, ans, a.ID) {
		t.Errorf("Ask(%q) still quotes the removed %s", fillerQuestion(3), a.ID)
	}

	for _, c := range []struct {
		id   string
		want error
	}{
		{briefID, ErrNoArticle}, // already removed
		{"no-such-article", ErrNoArticle},
		{corpus.SourceArticleID, ErrSourceArticle},
		{"../articles/x", corpus.ErrBadID},
	} {
		if _, err := d.RemoveArticle(ctx, c.id); !errors.Is(err, c.want) {
			t.Errorf("RemoveArticle(%q) = %v; want %v", c.id, err, c.want)
		}
	}
	if !d.Store.Has(corpus.SourceArticleID) {
		t.Errorf("the source article is gone")
	}

	// Nothing brings them back: not Reconcile, not a reopen (the store is
	// seeded from the embedded corpus only once), not a rebuild.
	if added, _, err := d.Reconcile(ctx); err != nil || added != 0 {
		t.Errorf("Reconcile = %d added, %v; want 0", added, err)
	}
	d.Close()
	if d, err = OpenData(ctx, dir, nil); err != nil {
		t.Fatal(err)
	}
	checkGone(t, d, briefID)
	if _, err := d.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	checkGone(t, d, briefID)
	checkGone(t, d, a.ID)
}

// TestOpenFinishesAnInterruptedRemoval leaves a removal at each point a
// crash could (REMOVING written, the index or the store done or not) and
// checks that opening finishes it, also when the index must be rebuilt.
func TestOpenFinishesAnInterruptedRemoval(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		name              string
		index, store, bad bool // steps done; the index damaged
	}{
		{name: "marked"},
		{name: "index done", index: true},
		{name: "store done", index: true, store: true},
		{name: "store before index", store: true},
		{name: "marked, index damaged", bad: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			d, err := OpenData(ctx, dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			if err := writeRemoving(dir, briefID); err != nil {
				t.Fatal(err)
			}
			if c.index {
				if err := d.Index.Remove(ctx, briefID); err != nil {
					t.Fatal(err)
				}
			}
			if c.store {
				if err := d.Store.Delete(briefID); err != nil {
					t.Fatal(err)
				}
			}
			live := d.Index.Dir()
			d.Close()
			if c.bad {
				os.WriteFile(filepath.Join(dir, currentFile), []byte("index-missing\n"), 0o644)
				os.RemoveAll(live)
			}
			d, err = OpenData(ctx, dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if d.Removed != briefID {
				t.Errorf("Removed = %q; want %q", d.Removed, briefID)
			}
			checkGone(t, d, briefID)
			if added, removed, err := d.Reconcile(ctx); err != nil || added != 0 || removed != 0 {
				t.Errorf("Reconcile after the open = %d added, %d removed, %v; want nothing to do", added, removed, err)
			}
		})
	}
}

// TestReindexFinishesAPendingRemoval: a removal whose undo failed leaves
// REMOVING while the process runs on; a rebuild must not index the
// article again (the next open would delete it, ingested again or not).
func TestReindexFinishesAPendingRemoval(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if err := writeRemoving(d.Dir, briefID); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Reindex(ctx, nil); err != nil {
		t.Fatal(err)
	}
	checkGone(t, d, briefID)
}
