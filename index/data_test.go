package index

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

func newArticle(t *testing.T, id, body string) *corpus.Article {
	t.Helper()
	a := &corpus.Article{ID: id, Title: "Test " + id, Outlet: "Test Wire", URL: "https://example.com/" + id,
		Published: "2026-11-20", Kind: corpus.KindArticle, Body: body}
	a.Paragraphs = corpus.Split(body)
	return a
}

func TestOpenDataBuildsOnceThenOpens(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	first := d.Dir
	live := d.Index.Dir()
	d.Close()
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Index.Dir() != live || d.Dir != first {
		t.Errorf("second open used %s; want the existing index %s", d.Index.Dir(), live)
	}
	ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
	if err != nil || !quotesTroops(ans) {
		t.Fatalf("Ask on reopened index = %+v, %v", ans, err)
	}
}

func TestOpenDataLocked(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	// Bleve's lock is per process (bolt's flock); within one process a second
	// Open of the same directory times out just as from another process.
	_, err = OpenData(ctx, dir, nil)
	if !errors.Is(err, ErrLocked) {
		t.Fatalf("second OpenData = %v; want ErrLocked", err)
	}
}

func TestIngestReindexReconcile(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { d.Close() }()
	body := "The Zorblat Commission met in Erbil on 3 November 2026. It said 1,234 advisers would stay until 2027."
	a := newArticle(t, "zorblat-1", body)
	res, err := d.Ingest(ctx, a, false)
	if err != nil || res.Status != Added || res.Passages != 2 {
		t.Fatalf("Ingest = %+v, %v; want added with 2 passages", res, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "articles", "zorblat-1.md")); err != nil {
		t.Errorf("acknowledged article not on disk: %v", err)
	}
	ans, _ := d.Ask(ctx, "How many advisers will the Zorblat Commission keep?", 3)
	if len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "zorblat-1" {
		t.Fatalf("ingested article not answerable: %+v", ans)
	}
	if res, _ := d.Ingest(ctx, a, false); res.Status != Unchanged {
		t.Errorf("second Ingest = %s; want unchanged (idempotent)", res.Status)
	}
	copyA := newArticle(t, "zorblat-copy", body+" Reporting by a wire service.")
	if res, _ := d.Ingest(ctx, copyA, false); res.Status != Duplicate || res.SameAs != "zorblat-1" {
		t.Errorf("near-duplicate Ingest = %+v; want duplicate of zorblat-1", res)
	}
	if res, _ := d.Ingest(ctx, copyA, true); res.Status != Added {
		t.Errorf("forced Ingest = %+v; want added", res)
	}

	// Questions keep being answered during a re-index.
	var stop atomic.Bool
	var wg sync.WaitGroup
	var asked, failed atomic.Int64
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
				asked.Add(1)
				if err != nil || !quotesTroops(ans) {
					failed.Add(1)
				}
			}
		}()
	}
	old := d.Index.Dir()
	rr, err := d.Reindex(ctx, nil)
	stop.Store(true)
	wg.Wait()
	if err != nil {
		t.Fatal(err)
	}
	if failed.Load() != 0 {
		t.Errorf("%d of %d questions failed during the re-index", failed.Load(), asked.Load())
	}
	if rr.Articles != 32 {
		t.Errorf("reindex articles = %d; want 32", rr.Articles)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Errorf("old index %s still there after the switch", old)
	}
	if ans, _ := d.Ask(ctx, "Zorblat Commission advisers", 3); len(ans.Passages) == 0 || !strings.HasPrefix(ans.Passages[0].ArticleID, "zorblat") {
		t.Errorf("after reindex the ingested article is not answerable")
	}

	// An article written to the store but never indexed (a crash between
	// the two) is indexed on reconcile; one deleted from the store goes.
	late := newArticle(t, "late-one", "The Quuxian delegation arrived in Baghdad on 4 November 2026.")
	if err := d.Store.Put(late); err != nil {
		t.Fatal(err)
	}
	os.Remove(filepath.Join(dir, "articles", "zorblat-copy.md"))
	added, removed, err := d.Reconcile(ctx)
	if err != nil || added != 1 || removed != 1 {
		t.Errorf("Reconcile = %d added, %d removed, %v; want 1, 1", added, removed, err)
	}
	if ans, _ := d.Ask(ctx, "When did the Quuxian delegation arrive?", 3); len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "late-one" {
		t.Errorf("reconciled article not answerable")
	}
}

func TestCrashedRebuildIsCleanedUp(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	live := d.Index.Dir()
	d.Close()
	partial := filepath.Join(dir, indexPrefix+"999")
	os.MkdirAll(partial, 0o755)
	os.WriteFile(filepath.Join(partial, "junk"), []byte("half a build"), 0o644)
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if d.Index.Dir() != live {
		t.Errorf("opened %s; want the live index %s", d.Index.Dir(), live)
	}
	if _, err := os.Stat(partial); !os.IsNotExist(err) {
		t.Errorf("partial rebuild %s not removed", partial)
	}
}

func TestCorruptIndexIsRebuilt(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	live := d.Index.Dir()
	d.Close()
	os.WriteFile(filepath.Join(live, "index_meta.json"), []byte("{not json"), 0o644)
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatalf("OpenData on a corrupt index = %v; want a rebuild from the store", err)
	}
	defer d.Close()
	if ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3); err != nil || !quotesTroops(ans) {
		t.Errorf("rebuilt index does not answer: %v", err)
	}
}

// A rebuild pauses for questions only while they come, for RebuildYield
// times its work (at most maxYield), and stops pausing when its context
// ends.
func TestRebuildYieldsToQuestions(t *testing.T) {
	d := &Data{RebuildYield: 4}
	spent := 20 * time.Millisecond
	if p := d.rebuildPause(spent); p != 0 {
		t.Errorf("no questions: pause %v", p)
	}
	d.lastAsk.Store(time.Now().UnixNano())
	if p := d.rebuildPause(spent); p != 80*time.Millisecond {
		t.Errorf("questions coming: pause %v, want 80ms", p)
	}
	if p := d.rebuildPause(time.Hour); p != maxYield {
		t.Errorf("a long batch: pause %v, want %v", p, maxYield)
	}
	d.RebuildYield = 0 // the default
	if p := d.rebuildPause(spent); p != DefaultRebuildYield*spent {
		t.Errorf("default: pause %v, want %v", p, DefaultRebuildYield*spent)
	}
	d.RebuildYield = -1
	if p := d.rebuildPause(spent); p != 0 {
		t.Errorf("RebuildYield < 0: pause %v", p)
	}
	d.RebuildYield = 0
	start := time.Now()
	d.yieldToQuestions(context.Background(), spent)
	if took := time.Since(start); took < DefaultRebuildYield*spent {
		t.Errorf("yieldToQuestions paused %v, want at least %v", took, DefaultRebuildYield*spent)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	start = time.Now()
	d.yieldToQuestions(ctx, time.Hour) // a 2 s pause, cut short
	if took := time.Since(start); took > maxYield/2 {
		t.Errorf("a cancelled rebuild paused %v", took)
	}
	d.lastAsk.Store(time.Now().Add(-2 * askingWindow).UnixNano())
	if p := d.rebuildPause(spent); p != 0 {
		t.Errorf("questions stopped: pause %v", p)
	}
}

// The newest acknowledged articles are checked on open: an index that
// lost them (an older snapshot opened silently after its newest segment
// was truncated, or simply missing them) is repaired from the store
// before anything is answered.
func TestOpenRepairsAnIndexMissingTheNewestArticles(t *testing.T) {
	ctx := context.Background()
	for _, damage := range []string{"removed from the index", "newest segment truncated"} {
		t.Run(damage, func(t *testing.T) {
			dir := t.TempDir()
			d, err := OpenData(ctx, dir, nil)
			if err != nil {
				t.Fatal(err)
			}
			a := newArticle(t, "zorblat-late", "The Zorblat Commission met in Erbil on 3 November 2026. It said 1,234 advisers would stay until 2027.")
			if res, err := d.Ingest(ctx, a, false); err != nil || res.Status != Added {
				t.Fatalf("Ingest = %+v, %v", res, err)
			}
			live := d.Index.Dir()
			if damage == "removed from the index" {
				if err := d.Index.Remove(ctx, "zorblat-late"); err != nil {
					t.Fatal(err)
				}
			}
			d.Close()
			if damage == "newest segment truncated" {
				zaps, _ := filepath.Glob(filepath.Join(live, "store", "*.zap"))
				if len(zaps) == 0 {
					t.Skip("no segment files")
				}
				sort.Strings(zaps)
				newest := zaps[len(zaps)-1]
				info, _ := os.Stat(newest)
				if err := os.Truncate(newest, info.Size()/2); err != nil {
					t.Fatal(err)
				}
			}
			d, err = OpenData(ctx, dir, nil)
			if err != nil {
				t.Fatalf("OpenData after the damage = %v", err)
			}
			defer d.Close()
			ans, err := d.Ask(ctx, "How many advisers will the Zorblat Commission keep?", 3)
			if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "zorblat-late" {
				t.Errorf("the acknowledged article is not answerable after reopening: %+v, %v", ans.Passages, err)
			}
		})
	}
}
