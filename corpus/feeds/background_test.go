package feeds

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// TestAutoApproveInTheBackground: with Run running (serve), AddFeed with
// autoApprove answers at once — ingests used to run inline, past the
// control socket's 60 s, and block the poll loop — and the items are
// approved in the background; an ingest that failed is tried again
// rather than left pending for good.
func TestAutoApproveInTheBackground(t *testing.T) {
	old := retryAfter
	retryAfter = 50 * time.Millisecond
	defer func() { retryAfter = old }()
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	release := make(chan struct{})
	var calls atomic.Int64
	lib := &fakeLibrary{}
	m, err := Open(t.TempDir(), Config{Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests()), Library: lib.list,
		Ingest: func(ctx context.Context, addr string) (Ingested, error) {
			if calls.Add(1) == 1 {
				return Ingested{}, errors.New("fetch: connection reset") // transient: stays pending
			}
			select {
			case <-release:
			case <-ctx.Done():
				return Ingested{}, ctx.Err()
			}
			return lib.ingest(ctx, addr)
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { defer close(ran); m.Run(ctx, 20*time.Millisecond) }()
	defer func() { cancel(); <-ran }()
	for !m.isRunning() {
		time.Sleep(time.Millisecond)
	}

	start := time.Now()
	res, err := m.AddFeed(ctx, srv.URL+"/rss", true, 0, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 2*time.Second || res.Approving != 2 || len(res.Approved) != 0 {
		t.Fatalf("AddFeed with auto-approve took %s: approving %d, approved %d; want an answer at once, 2 in the background", d, res.Approving, len(res.Approved))
	}
	close(release)
	deadline := time.Now().Add(5 * time.Second)
	for {
		q, _ := m.Queue(ctx)
		if len(q) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("after 5 s %d items still pending (%+v); want them approved, the failed one retried", len(q), q)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if calls.Load() < 3 {
		t.Errorf("%d ingests; want the failed one tried again", calls.Load())
	}
}
