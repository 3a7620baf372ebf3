package feeds

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"
	"unicode/utf8"
)

// TestStateIsBounded: a hostile feed's items carry 20 KB GUIDs and titles,
// 5 KB links and a 10 KB ETag, new ones every poll; what the state keeps
// of each is bounded (GUIDs hashed, titles cut at a rune boundary, the
// absurd links skipped, the ETag not kept), and so is the state's size.
func TestStateIsBounded(t *testing.T) {
	var poll atomic.Int64
	huge := strings.Repeat("é", 10000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := poll.Add(1)
		w.Header().Set("ETag", `"`+strings.Repeat("e", 10000)+`"`)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Iraq `+huge+`</title>`)
		for i := range 20 {
			fmt.Fprintf(w, `<item><title>Iraq coalition talks %d-%d %s</title><link>https://news.example/%d-%d</link><guid>%s-%d-%d</guid></item>`,
				n, i, huge, n, i, huge, n, i)
			fmt.Fprintf(w, `<item><title>Iraq troops %d-%d</title><link>https://news.example/%s</link></item>`, n, i, strings.Repeat("x", 5000))
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	defer srv.Close()
	clk := &clock{t: time.Date(2024, 1, 25, 12, 0, 0, 0, time.UTC)}
	data := t.TempDir()
	m := newManager(t, data, &fakeLibrary{}, clk)
	ctx := context.Background()
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, 0, "alice"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		clk.add(DefaultInterval)
		m.PollDue(ctx)
	}
	info, err := os.Stat(filepath.Join(data, Dir, stateFile))
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > 400<<10 { // 80 items, about 2 KB each
		t.Errorf("state.json is %d bytes after 4 polls; want it bounded", info.Size())
	}
	fs, _ := m.Feeds(ctx)
	if f := fs[0]; f.ETag != "" || utf8.RuneCountInString(f.Title) > maxTitle {
		t.Errorf("feed keeps ETag of %d bytes, title of %d runes", len(f.ETag), utf8.RuneCountInString(f.Title))
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if len(m.st.Items) != 80 {
		t.Errorf("%d items kept; want the 80 with sane links", len(m.st.Items))
	}
	for _, it := range m.st.Items {
		if len(it.GUID) > maxGUID || len(it.URL) > maxLink || utf8.RuneCountInString(it.Title) > maxTitle || !utf8.ValidString(it.Title) {
			t.Fatalf("item %s keeps GUID %d bytes, URL %d bytes, title %d runes", it.ID, len(it.GUID), len(it.URL), utf8.RuneCountInString(it.Title))
		}
	}
	// The byte bound itself: decided items beyond it are forgotten.
	for i := range 5000 {
		m.st.Items = append(m.st.Items, &Item{ID: fmt.Sprint("x", i), Status: Rejected, Summary: strings.Repeat("s", 4000)})
	}
	m.forgetLocked()
	size := 0
	for _, it := range m.st.Items {
		size += itemSize(it)
	}
	if size > maxStateBytes {
		t.Errorf("after forgetLocked the items take %d bytes; want at most %d", size, maxStateBytes)
	}
}

// TestDamagedStateDisablesFeeds: a state.json that is not JSON, or absurdly
// big, does not stop Open (serve starts): every feeds command says feeds
// are disabled and what to do, and the file is left as it was.
func TestDamagedStateDisablesFeeds(t *testing.T) {
	for _, c := range []struct {
		name string
		body func(path string) error
	}{
		{"not JSON", func(path string) error { return os.WriteFile(path, []byte(`{"version":1,"feeds":[`), 0o600) }},
		{"too big", func(path string) error { return os.Truncate(path, maxReadBytes+1) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			data := t.TempDir()
			path := filepath.Join(data, Dir, stateFile)
			os.MkdirAll(filepath.Dir(path), 0o700)
			os.WriteFile(path, nil, 0o600)
			if err := c.body(path); err != nil {
				t.Fatal(err)
			}
			before, _ := os.Stat(path)
			m := newManager(t, data, &fakeLibrary{}, &clock{t: time.Now()})
			ctx := context.Background()
			_, ferr := m.Feeds(ctx)
			_, aerr := m.AddFeed(ctx, "https://feeds.example/rss", false, 0, "alice")
			_, qerr := m.Approve(ctx, "1", "alice")
			for _, err := range []error{ferr, aerr, qerr} {
				if !errors.Is(err, ErrDisabled) || !strings.Contains(err.Error(), "move "+path+" aside") {
					t.Errorf("on a damaged state: %v; want ErrDisabled saying what to do", err)
				}
			}
			if _, err := OpenReadOnly(data); !errors.Is(err, ErrDisabled) {
				t.Errorf("OpenReadOnly = %v; want ErrDisabled", err)
			}
			if after, _ := os.Stat(path); after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
				t.Errorf("the damaged state was rewritten")
			}
		})
	}
}
