package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/blevesearch/bleve/v2"
)

// largestSegment is the largest segment file of the live index's current
// snapshot, once Bleve's merges have settled (a merge finishing later
// would replace the file damaged).
func largestSegment(t *testing.T, d *Data) string {
	t.Helper()
	var paths []string
	for start := time.Now(); time.Since(start) < 5*time.Second; time.Sleep(20 * time.Millisecond) {
		p, done, err := liveSegments(d.current())
		if err != nil {
			t.Fatal(err)
		}
		done()
		if len(p) == 1 || (len(p) == len(paths) && p[0] == paths[0] && time.Since(start) > time.Second) {
			break
		}
		paths = p
	}
	paths, done, err := liveSegments(d.current())
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	return largest(t, paths)
}

// largestIn is the largest segment file of the index in dir.
func largestIn(t *testing.T, dir string) string {
	t.Helper()
	zaps, _ := filepath.Glob(filepath.Join(dir, "store", "*.zap"))
	return largest(t, zaps)
}

func largest(t *testing.T, zaps []string) string {
	t.Helper()
	var best string
	var size int64
	for _, z := range zaps {
		if info, err := os.Stat(z); err == nil && info.Size() > size {
			best, size = z, info.Size()
		}
	}
	if best == "" {
		t.Fatal("no segment files")
	}
	return best
}

// usesSegment reports whether the live index reads the segment file.
func usesSegment(t *testing.T, d *Data, seg string) bool {
	t.Helper()
	paths, done, err := liveSegments(d.current())
	if err != nil {
		t.Fatal(err)
	}
	defer done()
	return slices.Contains(paths, seg)
}

// zeroBlock overwrites the 4 KiB block at the given share of the file with
// zeros, in place (the file stays mapped by an open index).
func zeroBlock(t *testing.T, path string, at float64) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	off := int64(float64(info.Size())*at) &^ 4095
	n := min(4096, info.Size()-off)
	f, err := os.OpenFile(path, os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if _, err := f.WriteAt(make([]byte, n), off); err != nil {
		t.Fatal(err)
	}
}

const troopsQuestion = "How many U.S. troops are in Iraq?"

var damageQuestions = []string{troopsQuestion, "Who leads Kataib Hezbollah?", "When did the talks start?", "Where are the U.S. bases?", "Why is the coalition leaving Iraq?"}

// A zeroed block in a segment file is found when the data directory is
// opened, and the index is rebuilt from the store. Bleve itself opens such
// an index, for most blocks, without complaint: questions then failed
// with "search: EOF" or silently lost passages. (A block that holds what
// Bleve reads on opening makes it fail to open, which was already rebuilt.)
func TestOpenRebuildsAnIndexWithAZeroedBlock(t *testing.T) {
	ctx := context.Background()
	checked := 0 // blocks Bleve opened over, that the checksum caught
	for _, at := range []float64{0.05, 0.2, 0.4, 0.6, 0.8} {
		dir := t.TempDir()
		d, err := OpenData(ctx, dir, nil)
		if err != nil {
			t.Fatal(err)
		}
		seg := largestSegment(t, d)
		live := d.Index.Dir()
		d.Close()
		zeroBlock(t, seg, at)
		bleveOpens := false
		if bi, err := bleve.OpenUsing(live, map[string]any{"read_only": true}); err == nil {
			bleveOpens = true
			bi.Close()
		}

		d, err = OpenData(ctx, dir, nil)
		if err != nil {
			t.Fatalf("block at %.0f%%: OpenData = %v; want the index rebuilt", at*100, err)
		}
		switch {
		case d.Damaged == nil && !usesSegment(t, d, seg):
			// Bleve skipped the snapshot holding the damaged segment and
			// opened the one before it (the merge's inputs still on disk):
			// nothing damaged is read.
			bleveOpens = false
		case !errors.Is(d.Damaged, ErrIndexDamaged):
			t.Errorf("block at %.0f%%: Damaged = %v; want ErrIndexDamaged", at*100, d.Damaged)
		}
		if bleveOpens {
			checked++
			if !strings.Contains(fmt.Sprint(d.Damaged), filepath.Base(seg)+": checksum") {
				t.Errorf("block at %.0f%%: Damaged = %v; want the checksum of %s named", at*100, d.Damaged, filepath.Base(seg))
			}
		}
		if ans, err := d.Ask(ctx, troopsQuestion, 3); err != nil || !quotesTroops(ans) {
			t.Errorf("block at %.0f%%: the rebuilt index does not answer: %+v, %v", at*100, ans.Passages, err)
		}
		d.Close()
	}
	if checked < 3 {
		t.Errorf("Bleve opened the index over only %d of the 5 zeroed blocks; the test needs others", checked)
	}
}

// A segment damaged while the index is open (a zeroed block under the
// running process) makes a question fail saying the index is damaged and
// to run `talksbot reindex`, which mends it. Bleve's own error was
// "search: EOF" or "index read inconsistency detected", with no hint.
func TestAskOnADamagedIndexSaysReindex(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if ans, err := d.Ask(ctx, troopsQuestion, 3); err != nil || !quotesTroops(ans) {
		t.Fatalf("before the damage: %+v, %v", ans.Passages, err)
	}
	seg := largestSegment(t, d)
	zeroBlock(t, seg, 0.05)
	failed := 0
	for _, q := range damageQuestions {
		_, err = d.Ask(ctx, q, 3)
		if err == nil {
			continue
		}
		failed++
		if !errors.Is(err, ErrIndexDamaged) || !strings.Contains(err.Error(), "talksbot reindex") || !strings.Contains(err.Error(), filepath.Base(seg)) {
			t.Fatalf("Ask(%q) on the damaged index = %v; want ErrIndexDamaged naming %s and saying to run talksbot reindex", q, err, filepath.Base(seg))
		}
	}
	if failed == 0 {
		t.Fatalf("no question failed on the damaged index (%s)", seg)
	}
	if _, err := d.Reindex(ctx, nil); err != nil {
		t.Fatalf("Reindex = %v", err)
	}
	if ans, err := d.Ask(ctx, troopsQuestion, 3); err != nil || !quotesTroops(ans) {
		t.Errorf("after reindex: %+v, %v", ans.Passages, err)
	}
}

// Sound segments pass the check, however many batches and merges made
// them.
func TestVerifySegmentsPassesSoundIndexes(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for i := range 3 {
		a := newArticle(t, "zorblat-sound-"+string(rune('a'+i)), longBody(2*articleBatch+i, "Sound"+string(rune('a'+i))))
		if _, err := d.Ingest(ctx, a, true); err != nil {
			t.Fatal(err)
		}
	}
	if err := verifySegments(d.current()); err != nil {
		t.Errorf("verifySegments on a sound index = %v", err)
	}
}

// A replica does not switch to a published generation with a damaged
// segment: it keeps answering from the one it has.
func TestReplicaRefusesADamagedGeneration(t *testing.T) {
	ctx := context.Background()
	d, err := OpenData(ctx, t.TempDir(), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	pub := t.TempDir()
	if _, err := d.Publish(ctx, pub); err != nil {
		t.Fatal(err)
	}
	r, err := OpenReplica(pub)
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	first := r.Generation()
	a := newArticle(t, "zorblat-pub", "The Zorblat Commission met in Erbil on 3 November 2026.")
	if _, err := d.Ingest(ctx, a, false); err != nil {
		t.Fatal(err)
	}
	gen, err := d.Publish(ctx, pub)
	if err != nil {
		t.Fatal(err)
	}
	// Its segment files are links shared with the generation before and
	// the live index (linkcopy.go): damage this generation's alone.
	seg := largestIn(t, filepath.Join(pub, gen))
	unshare(t, seg)
	zeroBlock(t, seg, 0.2)
	bleveOpens := false
	if bi, err := bleve.OpenUsing(filepath.Join(pub, gen), map[string]any{"read_only": true}); err == nil {
		bleveOpens = true
		bi.Close()
	}
	switched, err := r.Refresh()
	if switched || err == nil || (bleveOpens && !errors.Is(err, ErrIndexDamaged)) {
		t.Errorf("Refresh to a damaged generation = %v, %v; want no switch and ErrIndexDamaged", switched, err)
	}
	if r.Generation() != first {
		t.Errorf("replica serves %s; want %s still", r.Generation(), first)
	}
	if ans, err := r.Ask(ctx, troopsQuestion, 3); err != nil || !quotesTroops(ans) {
		t.Errorf("the replica does not answer from the generation it kept: %v", err)
	}
}

// BenchmarkVerifySegments is the checksum check opening a data directory
// adds: every segment file read once, from the page cache ("warm") or
// after evicting it ("cold").
func BenchmarkVerifySegments(b *testing.B) {
	forEachCorpus(b, func(b *testing.B, c benchCorpus) {
		dir := indexDir(b, c)
		closeBenchIndex()
		x, err := Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		defer x.Close()
		for _, mode := range []string{"warm", "cold"} {
			b.Run(mode, func(b *testing.B) {
				for i := 0; i < b.N; i++ {
					if mode == "cold" {
						b.StopTimer()
						evictPageCache(dir)
						b.StartTimer()
					}
					if err := verifySegments(x.current()); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(dirSize(dir))/1e6, "MB-index")
			})
		}
	})
}
