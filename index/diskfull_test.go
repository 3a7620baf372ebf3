//go:build linux

package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// diskFullScenario fills the disk under dir with ingests (fill's caller has
// made it small), checks that talksbot degrades as it should, calls
// restore to give the space back, and checks that a rebuild brings writes
// back. wantErr is the write error the full disk gives.
func diskFullScenario(t *testing.T, dir string, setLimit, restore func(), wantErr string) {
	ctx := context.Background()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { d.Close() }()
	d.MinFree = -1 // no free-space check: drive the writes into the wall
	setLimit()

	// Questions keep coming while the disk fills.
	var stop atomic.Bool
	var wg sync.WaitGroup
	var asked, failed atomic.Int64
	var firstErr atomic.Value
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for !stop.Load() {
				ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
				asked.Add(1)
				if err != nil || !quotesTroops(ans) {
					failed.Add(1)
					firstErr.CompareAndSwap(nil, fmt.Sprint(err))
				}
			}
		}()
	}
	var acked []int
	var writeErr error
	for i := 0; i < 500 && writeErr == nil; i++ {
		if _, err := d.Ingest(ctx, fillerArticle(i), true); err != nil {
			writeErr = err
			break
		}
		acked = append(acked, i)
	}
	if writeErr == nil {
		stop.Store(true)
		wg.Wait()
		t.Fatalf("500 ingests and the disk is not full")
	}
	t.Logf("after %d acknowledged ingests: %v", len(acked), writeErr)
	if !strings.Contains(writeErr.Error(), wantErr) && !errors.Is(writeErr, ErrWritesDisabled) {
		t.Errorf("first failed ingest = %v; want %q or ErrWritesDisabled", writeErr, wantErr)
	}
	// The next one is refused. When the index failed (Bleve's background
	// writer usually meets the full disk first), the failure is sticky and
	// says what to do; when the article store failed first (its write is
	// atomic: nothing half-written, no state to protect), the disk is
	// still full and the store refuses again. Under load either comes
	// first, so both are accepted — never an acknowledged ingest.
	_, err = d.Ingest(ctx, fillerArticle(1000), true)
	switch {
	case errors.Is(err, ErrWritesDisabled):
		if !strings.Contains(err.Error(), "talksbot reindex") {
			t.Errorf("refusal %q does not say what to do", err)
		}
		if _, _, err := d.Reconcile(ctx); !errors.Is(err, ErrWritesDisabled) {
			t.Errorf("Reconcile after a failed write = %v; want ErrWritesDisabled", err)
		}
	case err != nil && strings.Contains(writeErr.Error(), "store article") && strings.Contains(err.Error(), wantErr):
		t.Logf("the article store met the full disk first; the next ingest: %v", err)
	default:
		t.Fatalf("Ingest after a failed write = %v; want ErrWritesDisabled (or the store's %q again)", err, wantErr)
	}
	time.Sleep(200 * time.Millisecond) // questions on the reopened index
	stop.Store(true)
	wg.Wait()
	if failed.Load() > 0 {
		t.Errorf("%d of %d questions asked while the disk filled failed; first: %v", failed.Load(), asked.Load(), firstErr.Load())
	}
	t.Logf("%d questions asked while the disk filled, %d failed", asked.Load(), failed.Load())
	for _, i := range acked {
		checkAnswerable(t, d, i)
	}
	if _, err := os.Stat(filepath.Join(dir, "articles", "fill-1000.md")); err == nil {
		t.Errorf("a refused article was stored")
	}

	// A rebuild before space is back: it fails and leaves the old index
	// answering with writes off, or (when the failed write was a big
	// merge, whose partial file is gone) the compact new index fits, and
	// writes are on again. Either way questions are answered.
	if _, err := d.Reindex(ctx, nil); err != nil {
		t.Logf("reindex on the full disk: %v", err)
		if d.WritesDisabled() == nil {
			t.Errorf("a failed reindex turned writes back on")
		}
	} else {
		t.Logf("reindex on the full disk fitted")
		if err := d.WritesDisabled(); err != nil {
			t.Errorf("writes still disabled after a rebuild: %v", err)
		}
	}
	if ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3); err != nil || !quotesTroops(ans) {
		t.Errorf("after a reindex on the full disk: Ask = %v, %v", quotesTroops(ans), err)
	}

	restore()
	rr, err := d.Reindex(ctx, nil)
	if err != nil {
		t.Fatalf("Reindex once space is back: %v", err)
	}
	t.Logf("reindex with space back: %d articles in %s", rr.Articles, rr.Took)
	if err := d.WritesDisabled(); err != nil {
		t.Errorf("writes still disabled after the rebuild: %v", err)
	}
	if res, err := d.Ingest(ctx, fillerArticle(2000), true); err != nil || res.Status != Added {
		t.Fatalf("Ingest after the rebuild = %+v, %v; want added", res, err)
	}
	checkAnswerable(t, d, 2000)
	for _, i := range acked {
		checkAnswerable(t, d, i)
	}

	// And it all survives a restart.
	d.Close()
	d, err = OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkAnswerable(t, d, 2000)
	if len(acked) > 0 {
		checkAnswerable(t, d, acked[len(acked)-1])
	}
}

// TestDiskFullTmpfs fills a 3 MiB tmpfs: the real "no space left on
// device". It needs the right to mount (root in a container); it is
// skipped otherwise, and TestDiskFullFileSizeLimit covers the same ground.
func TestDiskFullTmpfs(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a disk")
	}
	mnt := filepath.Join(t.TempDir(), "disk")
	if err := os.Mkdir(mnt, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mount("tmpfs", mnt, "tmpfs", 0, "size=3m"); err != nil {
		t.Skipf("cannot mount a tmpfs (%v): see TestDiskFullFileSizeLimit", err)
	}
	t.Cleanup(func() {
		if err := syscall.Unmount(mnt, syscall.MNT_DETACH); err != nil {
			t.Errorf("unmount %s: %v", mnt, err)
		}
	})
	grow := func() {
		if err := syscall.Mount("tmpfs", mnt, "tmpfs", syscall.MS_REMOUNT, "size=64m"); err != nil {
			t.Fatalf("grow the tmpfs: %v", err)
		}
	}
	diskFullScenario(t, filepath.Join(mnt, "data"), func() {}, grow, "no space left on device")
}

// TestDiskFullFileSizeLimit makes writes fail with a file-size limit
// (RLIMIT_FSIZE), which needs no privilege: a write past the limit fails
// with EFBIG ("file too large"). The Go runtime installs a handler for
// SIGXFSZ, so the signal the kernel also sends does not kill the process
// (its default action would). The limit applies to the whole process, so
// the scenario runs in a child: this test binary again, on this test only.
func TestDiskFullFileSizeLimit(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a disk")
	}
	dir, set, restore, ok := fileSizeLimitChild(t, 256<<10)
	if ok {
		diskFullScenario(t, dir, set, restore, "file too large")
	}
}

// fileSizeLimitChild runs the calling test again in a child process and
// reports ok = false; in that child it returns ok = true, a data directory
// and functions that set and lift a file-size limit of limit bytes.
func fileSizeLimitChild(t *testing.T, limit uint64) (dir string, set, restore func(), ok bool) {
	dir = os.Getenv("TALKSBOT_FSIZE_CHILD")
	if dir == "" {
		cmd := exec.Command(os.Args[0], "-test.run=^"+t.Name()+"$", "-test.v", "-test.count=1")
		cmd.Env = append(os.Environ(), "TALKSBOT_FSIZE_CHILD="+filepath.Join(t.TempDir(), "data"))
		out, err := cmd.CombinedOutput()
		t.Logf("child:\n%s", out)
		if err != nil {
			t.Fatalf("child: %v", err)
		}
		return "", nil, nil, false
	}
	var old syscall.Rlimit
	if err := syscall.Getrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
		t.Fatal(err)
	}
	set = func() {
		lim := old
		lim.Cur = limit
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &lim); err != nil {
			t.Fatalf("setrlimit: %v", err)
		}
	}
	restore = func() {
		if err := syscall.Setrlimit(syscall.RLIMIT_FSIZE, &old); err != nil {
			t.Fatalf("setrlimit: %v", err)
		}
	}
	t.Cleanup(restore)
	return dir, set, restore, true
}

// bigArticle is a filler article of at least size bytes.
func bigArticle(i, size int) *corpus.Article {
	big := fillerArticle(i)
	for k := 1; len(big.Body) < size; k++ {
		big.Body += "\n\n" + fillerArticle(i*1000+k).Body
	}
	big.Paragraphs = corpus.Split(big.Body)
	return big
}

// TestBleveAfterFailedBatch records what Bleve v2.6.3 itself does when a
// batch cannot be persisted, with nothing of Data's in the way. Measured
// here (every run so far): the batch returns the write error; Bleve's
// persister goes on retrying the snapshot in a loop, reporting each
// failure as an async error (about a thousand a second); merges fail too
// and are reported only that way; and the next search panics in the
// caller's goroutine ("assignment to entry in nil map", zapx
// inverted_text_cache.go:94: a segment Bleve has closed is still in the
// snapshot). Bleve's own goroutines recover their panics and report them
// as async errors; a persister that died so would leave batches waiting
// for ever, which is why safeAdd stops waiting once a failure is known.
func TestBleveAfterFailedBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a disk")
	}
	dir, set, _, ok := fileSizeLimitChild(t, 64<<10)
	if !ok {
		return
	}
	ctx := context.Background()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	x, err := Create(ctx, filepath.Join(dir, "index-1"), []*corpus.Article{fillerArticle(1)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var async []string
	asyncWatchers.Store(storePath(x.Dir()), func(err error) {
		mu.Lock()
		defer mu.Unlock()
		async = append(async, err.Error())
	})
	defer asyncWatchers.Delete(storePath(x.Dir()))
	set()
	done := make(chan error, 1)
	start := time.Now()
	go func() { done <- x.Add(ctx, []*corpus.Article{bigArticle(2, 40<<10)}, nil) }()
	hung := false
	select {
	case err := <-done:
		t.Logf("the batch past the limit returned after %s: %v", time.Since(start).Round(time.Millisecond), err)
		if err == nil {
			t.Errorf("a batch past the file-size limit succeeded")
		}
	case <-time.After(10 * time.Second):
		hung = true
		t.Logf("the batch past the limit has not returned after 10 s")
	}
	mu.Lock()
	kinds := map[string]int{}
	for _, e := range async {
		kind, _, _ := strings.Cut(e, ": got err")
		kind, _, _ = strings.Cut(kind, ": merging err")
		kinds[kind]++
	}
	t.Logf("Bleve's async errors: %v (first: %.300q)", kinds, async)
	if hung && len(async) == 0 {
		t.Errorf("the batch hung and Bleve reported nothing: Data could not notice")
	}
	mu.Unlock()
	var v any
	func() {
		defer func() { v = recover() }()
		x.passageCount("fill-1")
	}()
	t.Logf("a search after it, in the caller's goroutine: panic = %v", v)
}

// TestIngestAfterFailedBatch is the same failure through Data: the ingest
// returns (within stuckWrite) with an error, writes are refused, questions
// are answered from the index reopened read-only, and a rebuild with the
// limit lifted brings writes back.
func TestIngestAfterFailedBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("fills a disk")
	}
	dir, set, restore, ok := fileSizeLimitChild(t, 128<<10)
	if !ok {
		return
	}
	ctx := context.Background()
	d, err := OpenData(ctx, dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	d.MinFree = -1
	if _, err := d.Ingest(ctx, fillerArticle(1), false); err != nil {
		t.Fatal(err)
	}
	set()
	// Which write hits the limit first varies: the article file (refused,
	// nothing disabled), the batch, or a background merge.
	disabled := false
	for i := 2; i < 8 && !disabled; i++ {
		start := time.Now()
		_, err := d.Ingest(ctx, bigArticle(i, 40<<10), false)
		t.Logf("ingest past the limit, after %s: %v", time.Since(start).Round(time.Millisecond), err)
		if err == nil {
			t.Fatal("an ingest past the file-size limit succeeded")
		}
		if time.Since(start) > stuckWrite+5*time.Second {
			t.Errorf("the failed ingest took %s", time.Since(start))
		}
		disabled = errors.Is(err, ErrWritesDisabled)
	}
	if !disabled {
		t.Errorf("writes never got disabled")
	}
	if ans, err := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3); err != nil || !quotesTroops(ans) {
		t.Errorf("Ask after the failure = %v, %v", ans.Found, err)
	}
	checkAnswerable(t, d, 1)
	restore()
	if _, err := d.Reindex(ctx, nil); err != nil {
		t.Fatalf("Reindex with the limit lifted: %v", err)
	}
	if res, err := d.Ingest(ctx, fillerArticle(99), false); err != nil || res.Status != Added {
		t.Errorf("Ingest after the rebuild = %+v, %v", res, err)
	}
	checkAnswerable(t, d, 99)
	// Articles stored before their indexing failed were indexed by the
	// rebuild: the store is the record.
	for i := 2; i < 8; i++ {
		if _, err := os.Stat(filepath.Join(dir, "articles", fmt.Sprintf("fill-%d.md", i))); err == nil {
			checkAnswerable(t, d, i)
		}
	}
}
