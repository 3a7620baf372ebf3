package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestPublishAndReplica: the writer publishes generations; a read-only
// replica answers from one and follows CURRENT to the next.
func TestPublishAndReplica(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pub := filepath.Join(t.TempDir(), "published")

	if _, err := OpenReplica(pub); err == nil || !strings.Contains(err.Error(), "publish") {
		t.Errorf("OpenReplica before any publish = %v; want an error saying to publish", err)
	}
	gen1, err := d.Publish(ctx, pub)
	if err != nil {
		t.Fatal(err)
	}
	r, err := OpenReplica(pub)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	if r.Generation() != gen1 {
		t.Errorf("replica serves %s; want %s", r.Generation(), gen1)
	}
	ans, err := r.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
	if err != nil || !quotesTroops(ans) {
		t.Fatalf("replica Ask = %+v, %v", ans, err)
	}
	arts, err := r.Articles()
	if err != nil || len(arts) != 30 {
		t.Fatalf("replica Articles = %d, %v; want 30", len(arts), err)
	}
	if changed, err := r.Refresh(); changed || err != nil {
		t.Errorf("Refresh without a new generation = %v, %v", changed, err)
	}

	// The writer takes an article and publishes again; the replica switches.
	const q = "What did the zebra commission decide about the lighthouse?"
	a := newArticle(t, "zebra-2026", "The zebra commission decided to repaint the lighthouse in Basra before the talks.")
	if _, err := d.Ingest(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	gen2, err := d.Publish(ctx, pub)
	if err != nil {
		t.Fatal(err)
	}
	if changed, err := r.Refresh(); !changed || err != nil || r.Generation() != gen2 {
		t.Fatalf("Refresh = %v, %v, serving %s; want a switch to %s", changed, err, r.Generation(), gen2)
	}
	ans, err = r.Ask(ctx, q, 3)
	if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "zebra-2026" {
		t.Fatalf("replica after refresh: %+v, %v; want the new article first", ans.Passages, err)
	}
	if arts, _ := r.Articles(); len(arts) != 31 {
		t.Errorf("replica Articles after refresh = %d; want 31", len(arts))
	}

	// A third generation: only two are kept.
	if _, err := d.Publish(ctx, pub); err != nil {
		t.Fatal(err)
	}
	entries, _ := os.ReadDir(pub)
	var gens []string
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), indexPrefix) || strings.HasPrefix(e.Name(), articlesDir) {
			gens = append(gens, e.Name())
		}
	}
	if len(gens) != 4 {
		t.Errorf("published directory holds %v; want two generations (index and articles each)", gens)
	}
	if _, err := os.Stat(filepath.Join(pub, gen1)); !os.IsNotExist(err) {
		t.Errorf("the oldest generation %s was not removed", gen1)
	}
	// The replica still answers from gen2 (its files were not removed).
	if _, err := r.Ask(ctx, q, 3); err != nil {
		t.Errorf("replica on a superseded generation: %v", err)
	}
}

// A replica cannot open the index a writer holds: it needs a published copy.
func TestReplicaOfLiveDirectory(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	_, err = OpenReplica(dir)
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), "--publish") {
		t.Errorf("OpenReplica of a live data directory = %v; want ErrLocked and a hint to publish", err)
	}
}
