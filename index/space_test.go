package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// fillerArticle is a generated article of 40 sentences whose words
// ("fill7word3") occur nowhere else, so a question can find it at rank 1.
func fillerArticle(i int) *corpus.Article {
	var b strings.Builder
	for j := range 40 {
		fmt.Fprintf(&b, "Fill%dword%d and mark%dx%d spoke of withdrawal %d of troops number %d in Baghdad.\n\n", i, j, i, j, i*j, j)
	}
	a := &corpus.Article{ID: fmt.Sprintf("fill-%d", i), Title: fmt.Sprintf("Filler %d", i), Outlet: "Test Wire",
		Kind: corpus.KindArticle, Body: strings.TrimSpace(b.String())}
	a.Paragraphs = corpus.Split(a.Body)
	return a
}

func fillerQuestion(i int) string { return fmt.Sprintf("What about fill%dword3 and mark%dx3?", i, i) }

// checkAnswerable fails the test unless the question about filler article
// i finds it first.
func checkAnswerable(t *testing.T, d *Data, i int) {
	t.Helper()
	ans, err := d.Ask(context.Background(), fillerQuestion(i), 1)
	if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != fmt.Sprintf("fill-%d", i) {
		t.Errorf("Ask(%q) = %+v, %v; want fill-%d first", fillerQuestion(i), ans.Passages, err, i)
	}
}

func TestWritesRefusedWhenDiskNearlyFull(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, ok := freeBytes(dir); !ok {
		t.Skip("free space unknown on this system")
	}
	d.MinFree = 1 << 62
	_, err = d.Ingest(ctx, fillerArticle(1), false)
	if !errors.Is(err, ErrNoSpace) || !strings.Contains(err.Error(), "free some space") {
		t.Errorf("Ingest on a nearly full disk = %v; want ErrNoSpace saying what to do", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "articles", "fill-1.md")); err == nil {
		t.Errorf("a refused article was stored")
	}
	if _, err := d.Reindex(ctx, nil); !errors.Is(err, ErrNoSpace) {
		t.Errorf("Reindex on a nearly full disk = %v; want ErrNoSpace", err)
	}
	if err := d.WritesDisabled(); err != nil {
		t.Errorf("a refused write disabled writes: %v", err)
	}
	d.MinFree = 0 // the default margin
	if res, err := d.Ingest(ctx, fillerArticle(1), false); err != nil || res.Status != Added {
		t.Errorf("Ingest with space = %+v, %v", res, err)
	}
	checkAnswerable(t, d, 1)
}
