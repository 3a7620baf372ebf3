package feeds

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// TestItemsPastTheCapAreReported: of a feed of 600 items the first 500
// are read, and the poll says (and logs) that 100 were not — it was silent.
func TestItemsPastTheCapAreReported(t *testing.T) {
	srv := newFeedServer(t)
	var b strings.Builder
	b.WriteString(`<?xml version="1.0"?><rss version="2.0"><channel><title>Big</title>`)
	for i := range 600 {
		fmt.Fprintf(&b, `<item><title>Bakery %d</title><link>https://news.example/%d</link><guid>g%d</guid></item>`, i, i, i)
	}
	b.WriteString(`</channel></rss>`)
	srv.set("/rss", "application/rss+xml", b.String())
	var logs bytes.Buffer
	m, err := Open(t.TempDir(), Config{Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests()), Now: (&clock{t: time.Now()}).now,
		Log: slog.New(slog.NewTextHandler(&logs, nil))})
	if err != nil {
		t.Fatal(err)
	}
	res, err := m.AddFeed(context.Background(), srv.URL+"/rss", false, 0, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if res.Poll.Entries != maxEntries || res.Poll.Unread != 100 {
		t.Errorf("AddFeed of 600 items: %d entries, %d unread; want %d and 100", res.Poll.Entries, res.Poll.Unread, maxEntries)
	}
	if !strings.Contains(logs.String(), "unread=100") {
		t.Errorf("log = %q; want the unread items logged", logs.String())
	}
}
