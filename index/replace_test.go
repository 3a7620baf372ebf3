package index

import (
	"context"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// TestIngestReplacesNeedsForce: an article under the id or at the address
// of another article held is refused as Replaces, naming it, unless forced;
// a new version of the same article (same address) is an update.
func TestIngestReplacesNeedsForce(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	source, err := d.Store.Get(corpus.SourceArticleID)
	if err != nil {
		t.Fatal(err)
	}
	body := "The Quorvian envoys met in Erbil on 3 November 2026. They agreed that 412 zelnik advisers would stay."

	impostor := newArticle(t, corpus.SourceArticleID, body)
	res, err := d.Ingest(ctx, impostor, false)
	if err != nil || res.Status != Replaces || res.SameAs != corpus.SourceArticleID || res.SameTitle != source.Title {
		t.Errorf("Ingest(id: %s) = %+v, %v; want replaces %s “%s”", corpus.SourceArticleID, res, err, corpus.SourceArticleID, source.Title)
	}
	if got, _ := d.Store.Get(corpus.SourceArticleID); got.Body != source.Body {
		t.Errorf("the source article was replaced without force")
	}

	held := newArticle(t, "quorvian-envoys", body)
	if res, err := d.Ingest(ctx, held, false); err != nil || res.Status != Added {
		t.Fatalf("Ingest(quorvian-envoys) = %+v, %v", res, err)
	}
	sameURL := newArticle(t, "other-id", "A different text about Vantrel envoys in Basra. They met twice in December.")
	sameURL.URL = "https://www.example.com/quorvian-envoys/?utm_source=x"
	res, err = d.Ingest(ctx, sameURL, false)
	if err != nil || res.Status != Replaces || res.SameAs != "quorvian-envoys" {
		t.Errorf("Ingest(the address of quorvian-envoys) = %+v, %v; want replaces quorvian-envoys", res, err)
	}
	again := newArticle(t, "quorvian-envoys-under-a-new-id", body+" Again.")
	again.URL = sameURL.URL
	again.Title = held.Title
	if res, err := d.Ingest(ctx, again, false); err != nil || res.Status != Updated || res.ID != "quorvian-envoys" {
		t.Errorf("Ingest(the same page under another id) = %+v, %v; want quorvian-envoys updated", res, err)
	}
	newVersion := newArticle(t, "quorvian-envoys", body+" The talks resume in January.")
	if res, err := d.Ingest(ctx, newVersion, false); err != nil || res.Status != Updated {
		t.Errorf("Ingest(a new version, same address) = %+v, %v; want updated", res, err)
	}

	res, err = d.Ingest(ctx, sameURL, true)
	if err != nil || res.Status != Updated || res.ID != "quorvian-envoys" {
		t.Errorf("forced Ingest(the address of quorvian-envoys) = %+v, %v; want it updated under quorvian-envoys", res, err)
	}
	if _, err := d.Store.Get("other-id"); err == nil {
		t.Errorf("forced, the article at a held address was stored beside it")
	}
	if res, err := d.Ingest(ctx, impostor, true); err != nil || res.Status != Updated {
		t.Errorf("forced Ingest(id: %s) = %+v, %v; want updated", corpus.SourceArticleID, res, err)
	}
}
