//go:build unix

package feeds

import (
	"context"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// TestTooBigExtractIsNotRetried (issue 24 round three, finding 12): a
// feed item whose page the extractor program (a real ingest.Command, here
// a script that writes 5 MB) turns into a text over 4 MiB is Refused after
// one try; when that was "killed by broken pipe" (ErrExtractor) the item
// stayed pending and was fetched again for good.
func TestTooBigExtractIsNotRetried(t *testing.T) {
	old := retryAfter
	retryAfter = 10 * time.Millisecond
	defer func() { retryAfter = old }()
	prog := filepath.Join(t.TempDir(), "fake-extract")
	if err := os.WriteFile(prog, []byte("#!/bin/sh\ncat >/dev/null\nhead -c 5000000 /dev/zero | tr '\\0' a\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	x := &ingest.Command{Path: prog}
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	var calls atomic.Int64
	m, err := Open(t.TempDir(), Config{Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests()),
		Ingest: func(ctx context.Context, addr string) (Ingested, error) {
			calls.Add(1)
			_, err := ingest.FromHTML(ctx, x, []byte("<html><body><p>A page.</p></body></html>"), addr)
			return Ingested{}, err
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
	time.Sleep(500 * time.Millisecond)
	if q, _ := m.Queue(ctx); len(q) != 0 || calls.Load() != 2 {
		t.Errorf("after 500 ms: %d pending, %d ingests; want both items refused after one try each", len(q), calls.Load())
	}
	it, _ := m.Item("1")
	if it.Status != Refused {
		t.Errorf("item 1 = %s (%s); want refused", it.Status, it.Error)
	}
	t.Logf("item 1: %s: %s", it.Status, it.Error)
}
