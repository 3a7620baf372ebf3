package index

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/talksbot/talksbot/corpus"
)

// longBody is an article body of n numbered sentences, one a paragraph.
func longBody(n int, word string) string {
	var sb strings.Builder
	for i := range n {
		fmt.Fprintf(&sb, "The %s commission held meeting number %d in Erbil.\n", word, i+1)
	}
	return sb.String()
}

// An article longer than articleBatch passages is written in several
// batches: every passage is indexed, the last one answers, and an update
// that shortens it deletes the passages it no longer has.
func TestLongArticleInSeveralBatches(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	const n = 3*articleBatch + 17
	a := newArticle(t, "zorblat-long", longBody(n, "Zorblat"))
	res, err := d.Ingest(ctx, a, false)
	if err != nil || res.Status != Added || res.Passages != n {
		t.Fatalf("Ingest = %+v, %v; want added with %d passages", res, err, n)
	}
	if got, _ := d.passageCount(a.ID); got != n {
		t.Errorf("indexed %d passages; want %d", got, n)
	}
	ans, err := d.Ask(ctx, fmt.Sprintf("When did the Zorblat commission hold meeting number %d?", n), 1)
	if err != nil || len(ans.Passages) == 0 || !strings.Contains(ans.Passages[0].Quote, fmt.Sprintf("number %d ", n)) {
		t.Errorf("the last passage does not answer: %+v, %v", ans.Passages, err)
	}

	short := newArticle(t, "zorblat-long", "The Zorblat commission was dissolved. Its meetings ended.")
	if res, err := d.Ingest(ctx, short, false); err != nil || res.Status != Updated {
		t.Fatalf("update = %+v, %v", res, err)
	}
	if got, _ := d.passageCount(a.ID); got != 2 {
		t.Errorf("after the update %d passages are indexed; want 2", got)
	}
}

// crashAfter indexes a the way Add does but stops after its first
// batches, as a crash would: what is left is the index a killed ingest
// leaves behind.
func crashAfter(t *testing.T, d *Data, a *corpus.Article, batches int) {
	t.Helper()
	bi := d.Index.current()
	written := 0
	err := d.Index.buildBatches(context.Background(), bi, []*corpus.Article{a}, func(b *bleve.Batch, done int) bool {
		if written == batches {
			return false
		}
		if err := bi.Batch(b); err != nil {
			t.Fatal(err)
		}
		written++
		return true
	})
	if err != nil || written != batches {
		t.Fatalf("crashAfter: %d batches written, %v", written, err)
	}
}

// A crash between the batches of a long article leaves it partly indexed
// and marked so; opening the data directory indexes the rest before
// anything is answered, for a new article and for an update of the same
// length whose first batches replaced some of the old passages.
func TestOpenRepairsALongArticleCutShort(t *testing.T) {
	ctx := context.Background()
	const n = 3*articleBatch + 17
	for _, update := range []bool{false, true} {
		dir := t.TempDir()
		d, err := OpenData(ctx, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		a := newArticle(t, "zorblat-cut", longBody(n, "Zorblat"))
		if update {
			if res, err := d.Ingest(ctx, a, false); err != nil || res.Status != Added {
				t.Fatalf("Ingest = %+v, %v", res, err)
			}
			a = newArticle(t, "zorblat-cut", longBody(n, "Quuxian"))
		}
		if err := d.Store.Put(a); err != nil {
			t.Fatal(err)
		}
		crashAfter(t, d, a, 2)
		d.Close()

		d, err = OpenData(ctx, dir, nil)
		if err != nil {
			t.Fatalf("OpenData = %v", err)
		}
		if got, _ := d.passageCount(a.ID); got != n || d.Repaired != 1 || d.isPartial(a.ID) {
			t.Errorf("update %v: after reopening %d passages are indexed (Repaired %d, partial %v); want %d (Repaired 1, not partial)", update, got, d.Repaired, d.isPartial(a.ID), n)
		}
		ans, err := d.Ask(ctx, fmt.Sprintf("When did the Quuxian commission hold meeting number %d?", n), 1)
		if update && (err != nil || len(ans.Passages) == 0 || !strings.Contains(ans.Passages[0].Quote, fmt.Sprintf("Quuxian commission held meeting number %d ", n))) {
			t.Errorf("the updated article's last passage does not answer: %+v, %v", ans.Passages, err)
		}
		d.Close()
	}
}
