package feeds

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestStateIsPrivate: DATA/feeds and state.json are the owner's only
// (they name moderators and the feeds followed), also when an older
// version left them 0755 and 0644; links with user:password@ are kept and
// shown without the credentials.
func TestStateIsPrivate(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", strings.Replace(rssFeed, "https://news.example/iraq-talks", "https://reader:hunter2@news.example/iraq-talks", 1))
	lib := &fakeLibrary{}
	clk := &clock{t: time.Date(2024, 1, 25, 12, 0, 0, 0, time.UTC)}
	ctx := context.Background()

	data := t.TempDir()
	m := newManager(t, data, lib, clk)
	feedURL := strings.Replace(srv.URL, "http://", "http://bob:s3cret@", 1) + "/rss"
	if _, err := m.AddFeed(ctx, feedURL, false, 0, "alice"); err != nil {
		t.Fatal(err)
	}
	checkMode(t, filepath.Join(data, Dir), dirMode)
	checkMode(t, filepath.Join(data, Dir, stateFile), fileMode)
	raw, err := os.ReadFile(filepath.Join(data, Dir, stateFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"s3cret", "hunter2"} {
		if strings.Contains(string(raw), secret) {
			t.Errorf("state.json holds the credential %q", secret)
		}
	}
	fs, _ := m.Feeds(ctx)
	q, _ := m.Queue(ctx)
	if len(fs) != 1 || strings.Contains(fs[0].URL, "@") || len(q) == 0 || strings.Contains(q[0].URL, "@") {
		t.Errorf("feeds %+v, queue %+v; want links without credentials", fs, q)
	}

	// A state an older version wrote: open folder and file, credentials kept.
	old := t.TempDir()
	dir := filepath.Join(old, Dir)
	os.Mkdir(dir, 0o755)
	os.Chmod(dir, 0o755)
	state := `{"version":1,"next_feed":2,"next_item":2,"feeds":[{"id":"f1","url":"https://bob:s3cret@feeds.example/rss","interval":1800000000000,"added":"2024-01-01T00:00:00Z","added_by":"alice","next_poll":"2030-01-01T00:00:00Z"}],` +
		`"items":[{"id":"1","feed":"f1","url":"https://reader:hunter2@news.example/a","title":"Iraq talks","found":"2024-01-01T00:00:00Z","status":"pending"}]}`
	if err := os.WriteFile(filepath.Join(dir, stateFile), []byte(state), 0o644); err != nil {
		t.Fatal(err)
	}
	os.Chmod(filepath.Join(dir, stateFile), 0o644)
	l, err := OpenReadOnly(old)
	if err != nil {
		t.Fatal(err)
	}
	fs, _ = l.Feeds(ctx)
	q, _ = l.Queue(ctx)
	if len(fs) != 1 || fs[0].URL != "https://feeds.example/rss" || len(q) != 1 || q[0].URL != "https://news.example/a" {
		t.Errorf("listing an old state: feeds %+v, queue %+v; want links without credentials", fs, q)
	}
	newManager(t, old, lib, clk)
	checkMode(t, dir, dirMode)
	checkMode(t, filepath.Join(dir, stateFile), fileMode)
}

func checkMode(t *testing.T, path string, want os.FileMode) {
	t.Helper()
	info, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != want {
		t.Errorf("mode of %s = %#o; want %#o", path, got, want)
	}
}
