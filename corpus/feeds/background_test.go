package feeds

import (
	"context"
	"errors"
	"fmt"
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

// tooBigText stands for ingest's "text too big" refusal (ErrTextTooBig),
// which is ErrTooBig.
type tooBigText struct{}

func (tooBigText) Error() string        { return "text too big" }
func (tooBigText) Is(target error) bool { return target == ingest.ErrTooBig }

// TestTooBigItemIsRefusedForGood: an item whose extracted text is too big
// is Refused, and the background approvals do not try it again.
func TestTooBigItemIsRefusedForGood(t *testing.T) {
	old := retryAfter
	retryAfter = 10 * time.Millisecond
	defer func() { retryAfter = old }()
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	var calls atomic.Int64
	m, err := Open(t.TempDir(), Config{Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests()),
		Ingest: func(ctx context.Context, addr string) (Ingested, error) {
			calls.Add(1)
			return Ingested{}, fmt.Errorf("ingest %s: %w", addr, tooBigText{})
		}})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	ran := make(chan struct{})
	go func() { defer close(ran); m.Run(ctx, 10*time.Millisecond) }()
	defer func() { cancel(); <-ran }()
	for !m.isRunning() {
		time.Sleep(time.Millisecond)
	}
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", true, 0, "alice"); err != nil {
		t.Fatal(err)
	}
	time.Sleep(300 * time.Millisecond)
	if q, _ := m.Queue(ctx); len(q) != 0 || calls.Load() != 2 {
		t.Errorf("after 300 ms: %d pending, %d ingests; want both items refused after one try each", len(q), calls.Load())
	}
	if it, _ := m.Item("1"); it.Status != Refused {
		t.Errorf("item 1 = %s; want refused", it.Status)
	}
}
