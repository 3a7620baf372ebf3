package index

import (
	"context"
	"fmt"
	"strings"
	"testing"

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

// A crash between the batches of a long article leaves it partly
// indexed; opening the data directory indexes the rest before anything is
// answered.
func TestOpenRepairsALongArticleCutShort(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	const n = 3*articleBatch + 17
	a := newArticle(t, "zorblat-cut", longBody(n, "Zorblat"))
	if res, err := d.Ingest(ctx, a, false); err != nil || res.Status != Added {
		t.Fatalf("Ingest = %+v, %v", res, err)
	}
	// What a crash after the first two batches leaves: the passages after
	// them are not in the index.
	bi := d.Index.current()
	b := bi.NewBatch()
	for i := 2 * articleBatch; i < n; i++ {
		b.Delete(corpus.PassageID(a.ID, i))
	}
	if err := bi.Batch(b); err != nil {
		t.Fatal(err)
	}
	d.Close()

	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatalf("OpenData = %v", err)
	}
	defer d.Close()
	if got, _ := d.passageCount(a.ID); got != n || d.Repaired != 1 {
		t.Errorf("after reopening %d passages are indexed (Repaired %d); want %d (Repaired 1)", got, d.Repaired, n)
	}
}
