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
	"sync"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Wire Service</title><link>https://news.example/</link>
<item><title>U.S. and Iraq open talks on the coalition's future</title><link>https://news.example/iraq-talks?utm_source=rss</link>
<guid>wire-1</guid><description>&lt;p&gt;Officials met in &lt;b&gt;Baghdad&lt;/b&gt;.&lt;/p&gt;</description><pubDate>Thu, 25 Jan 2024 10:00:00 GMT</pubDate></item>
<item><title>Local bakery wins a prize</title><link>https://news.example/bakery</link><guid>wire-2</guid><description>Bread.</description></item>
<item><title>Coalition troops to leave by 2026, officials say</title><link>https://news.example/coalition-2026</link><guid>wire-3</guid></item>
</channel></rss>`

const atomFeed = `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom Outlet</title><id>urn:x</id><updated>2024-01-26T00:00:00Z</updated>
<entry><title>Iraqi prime minister sets a timetable</title><id>urn:atom:1</id><link href="https://atom.example/a1"/>
<updated>2024-01-26T08:00:00Z</updated><summary>Al-Sudani spoke.</summary></entry>
</feed>`

const jsonFeed = `{"version": "https://jsonfeed.org/version/1.1", "title": "JSON Outlet",
"items": [{"id": "j1", "url": "https://json.example/j1", "title": "Erbil base to host fewer troops",
"content_text": "The base in the Kurdistan region.", "date_published": "2024-02-01T12:00:00Z"}]}`

const htmlPage = `<!doctype html><html><head><title>News</title></head><body><p>Not a feed.</p></body></html>`

func TestParse(t *testing.T) {
	for _, c := range []struct {
		name, ctype, data, title string
		first                    Entry
		n                        int
	}{
		{"rss", "application/rss+xml", rssFeed, "Wire Service", Entry{GUID: "wire-1", Link: "https://news.example/iraq-talks?utm_source=rss",
			Title: "U.S. and Iraq open talks on the coalition's future", Summary: "Officials met in Baghdad .", Published: "2024-01-25"}, 3},
		{"atom", "application/atom+xml", atomFeed, "Atom Outlet", Entry{GUID: "urn:atom:1", Link: "https://atom.example/a1",
			Title: "Iraqi prime minister sets a timetable", Summary: "Al-Sudani spoke.", Published: "2024-01-26"}, 1},
		{"json feed", "application/feed+json", jsonFeed, "JSON Outlet", Entry{GUID: "j1", Link: "https://json.example/j1",
			Title: "Erbil base to host fewer troops", Summary: "The base in the Kurdistan region.", Published: "2024-02-01"}, 1},
		{"rss labelled text/html", "text/html", rssFeed, "Wire Service", Entry{GUID: "wire-1"}, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			title, entries, err := Parse("https://x.example/feed", c.ctype, []byte(c.data))
			if err != nil {
				t.Fatal(err)
			}
			if title != c.title || len(entries) != c.n {
				t.Fatalf("Parse = %q, %d entries; want %q, %d", title, len(entries), c.title, c.n)
			}
			got := entries[0]
			if c.first.Link == "" {
				got = Entry{GUID: got.GUID}
			}
			if got != c.first {
				t.Errorf("first entry = %+v; want %+v", got, c.first)
			}
		})
	}
	for _, c := range []struct{ name, ctype, data, want string }{
		{"html page", "text/html; charset=utf-8", htmlPage, "is an HTML page, not a feed"},
		{"html without type", "", htmlPage, "is an HTML page, not a feed"},
		{"plain text", "text/plain", "hello there", "neither RSS, Atom nor JSON Feed"},
		{"other json", "application/json", `{"a": 1}`, "not a feed"},
	} {
		if _, _, err := Parse("https://x.example/p", c.ctype, []byte(c.data)); !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("Parse(%s) = %v; want ErrNotFeed saying %q", c.name, err, c.want)
		}
	}
}

func TestOnTopic(t *testing.T) {
	for _, c := range []struct {
		title, summary string
		want           bool
	}{
		{"U.S. and Iraq open talks", "", true},
		{"Iraqis react", "", true},
		{"Talks continue", "Officials met in Baghdad on Thursday.", true},
		{"Erbil airport reopens", "", true},
		{"Coalition troops to leave by 2026", "", true},
		{"Coalition says its mission against ISIS is ending", "", true},
		{"Kataib Hezbollah suspends attacks", "", true},
		{"German coalition government agrees budget", "", false},
		{"Local bakery wins a prize", "Bread.", false},
		{"Iraqing is not a word", "", false},
		{"U.S. troops in Syria", "", false},
	} {
		if got := OnTopic(c.title, c.summary); got != c.want {
			t.Errorf("OnTopic(%q, %q) = %v; want %v", c.title, c.summary, got, c.want)
		}
	}
}

func TestSameStory(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"U.S. and Iraq open talks on the coalition's future", "U.S. and Iraq open talks on the coalition's future - Reuters", true},
		{"US, Iraq open talks on coalition's future", "U.S. and Iraq open talks on the coalition future | AP News", false},
		{"Iraq and U.S. open formal talks on coalition future", "Iraq and U.S. open talks on coalition future", true},
		{"Iraq talks", "Iraq talks resume after attack", false},
		{"Erbil base to host fewer troops", "Iraqi prime minister sets a timetable", false},
	} {
		if got := sameStory(titleWords(c.a), titleWords(c.b)); got != c.want {
			t.Errorf("sameStory(%q, %q) = %v; want %v", c.a, c.b, got, c.want)
		}
	}
}

// feedServer serves feeds on loopback; it counts requests and answers a
// conditional request whose validators match with a 304.
type feedServer struct {
	*httptest.Server
	mu       sync.Mutex
	bodies   map[string]string
	types    map[string]string
	requests map[string]int
	notMod   map[string]int // 304s sent
	fail     map[string]int // status to fail with
}

func newFeedServer(t *testing.T) *feedServer {
	fs := &feedServer{bodies: map[string]string{}, types: map[string]string{}, requests: map[string]int{}, notMod: map[string]int{}, fail: map[string]int{}}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fs.mu.Lock()
		defer fs.mu.Unlock()
		p := r.URL.Path
		fs.requests[p]++
		if st := fs.fail[p]; st != 0 {
			http.Error(w, "down", st)
			return
		}
		body, ok := fs.bodies[p]
		if !ok {
			http.NotFound(w, r)
			return
		}
		etag := fmt.Sprintf(`"%x"`, len(body))
		const modified = "Thu, 25 Jan 2024 10:00:00 GMT"
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == modified {
			fs.notMod[p]++
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		w.Header().Set("Content-Type", fs.types[p])
		fmt.Fprint(w, body)
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *feedServer) set(path, ctype, body string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	fs.bodies[path], fs.types[path] = body, ctype
}

func (fs *feedServer) count(m map[string]int, path string) int {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return m[path]
}

// fakeLibrary is the store and the ingest path, recording what is ingested.
type fakeLibrary struct {
	mu       sync.Mutex
	articles []Known
	ingested []string
	refuse   map[string]error
}

func (l *fakeLibrary) ingest(ctx context.Context, addr string) (Ingested, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if err := l.refuse[addr]; err != nil {
		return Ingested{}, err
	}
	l.ingested = append(l.ingested, addr)
	id := fmt.Sprintf("art-%d", len(l.ingested))
	l.articles = append(l.articles, Known{ID: id, Title: "page " + addr, URL: addr})
	return Ingested{Status: "added", ID: id, Title: "page " + addr, Passages: 5}, nil
}

func (l *fakeLibrary) list(ctx context.Context) ([]Known, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Known(nil), l.articles...), nil
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

func newManager(t *testing.T, dir string, lib *fakeLibrary, clk *clock) *Manager {
	t.Helper()
	m, err := Open(dir, Config{Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests()), Ingest: lib.ingest, Library: lib.list, Now: clk.now})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func pendingTitles(t *testing.T, m *Manager) []string {
	t.Helper()
	q, err := m.Queue(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, it := range q {
		out = append(out, it.Title)
	}
	return out
}

// TestAddPollAndConditional: adding a feed queues its on-topic items and
// counts the off-topic one; the next poll sends the validators, gets a 304
// and changes nothing; a changed feed brings only its new items.
func TestAddPollAndConditional(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	lib := &fakeLibrary{}
	clk := &clock{t: time.Date(2024, 1, 25, 12, 0, 0, 0, time.UTC)}
	m := newManager(t, t.TempDir(), lib, clk)
	ctx := context.Background()
	res, err := m.AddFeed(ctx, srv.URL+"/rss", false, 0, "alice")
	if err != nil {
		t.Fatal(err)
	}
	if res.Feed.ID != "f1" || res.Feed.Title != "Wire Service" || res.Feed.Interval != DefaultInterval || res.Poll.Queued != 2 || res.Poll.OffTopic != 1 {
		t.Fatalf("AddFeed = %+v", res)
	}
	if got := pendingTitles(t, m); len(got) != 2 || got[0] != "U.S. and Iraq open talks on the coalition's future" {
		t.Fatalf("queue = %q", got)
	}
	if len(lib.ingested) != 0 {
		t.Fatalf("ingested %v without approval", lib.ingested)
	}
	clk.add(DefaultInterval)
	pr := m.PollDue(ctx)
	if len(pr) != 1 || !pr[0].NotChanged || srv.count(srv.notMod, "/rss") != 1 {
		t.Fatalf("second poll = %+v (304s: %d); want a 304", pr, srv.count(srv.notMod, "/rss"))
	}
	if got := pendingTitles(t, m); len(got) != 2 {
		t.Fatalf("after a 304 the queue = %q", got)
	}
	if pr := m.PollDue(ctx); len(pr) != 0 {
		t.Fatalf("a feed not due was polled: %+v", pr)
	}
	srv.set("/rss", "application/rss+xml", strings.Replace(rssFeed, "</channel>",
		`<item><title>Iraq asks for a timetable</title><link>https://news.example/timetable</link><guid>wire-4</guid></item></channel>`, 1))
	clk.add(DefaultInterval)
	pr = m.PollDue(ctx)
	if len(pr) != 1 || pr[0].Queued != 1 || pr[0].Seen != 3 {
		t.Fatalf("poll of the changed feed = %+v; want 1 queued, 3 seen", pr)
	}
	fs, _ := m.Feeds(ctx)
	if fs[0].LastError != "" || !fs[0].LastPolled.Equal(clk.now()) || !fs[0].NextPoll.Equal(clk.now().Add(DefaultInterval)) {
		t.Errorf("feed after polls = %+v", fs[0])
	}
}

// TestAddFeedRefuses: a page that is not a feed, a private address, one
// too big, one unreachable, a bad interval, the same feed twice.
func TestAddFeedRefuses(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/page", "text/html", htmlPage)
	srv.set("/rss", "application/rss+xml", rssFeed)
	srv.set("/big", "application/rss+xml", strings.Repeat("x", 3000))
	m := newManager(t, t.TempDir(), &fakeLibrary{}, &clock{t: time.Now()})
	ctx := context.Background()
	if _, err := m.AddFeed(ctx, srv.URL+"/page", false, 0, ""); !errors.Is(err, ErrNotFeed) || !strings.Contains(err.Error(), "is an HTML page, not a feed") {
		t.Errorf("AddFeed(html page) = %v", err)
	}
	if _, err := m.AddFeed(ctx, "http://10.1.2.3/feed", false, 0, ""); !errors.Is(err, ingest.ErrBlocked) {
		t.Errorf("AddFeed(private) = %v; want ErrBlocked", err)
	}
	small, _ := Open(t.TempDir(), Config{Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests(), ingest.WithMaxBytes(1000))})
	if _, err := small.AddFeed(ctx, srv.URL+"/big", false, 0, ""); !errors.Is(err, ingest.ErrTooBig) {
		t.Errorf("AddFeed(too big) = %v; want ErrTooBig", err)
	}
	if _, err := m.AddFeed(ctx, srv.URL+"/missing", false, 0, ""); !errors.Is(err, ingest.ErrFetch) {
		t.Errorf("AddFeed(404) = %v; want ErrFetch", err)
	}
	if _, err := m.AddFeed(ctx, "ftp://x.example/feed", false, 0, ""); !errors.Is(err, ingest.ErrBadURL) {
		t.Errorf("AddFeed(ftp) = %v; want ErrBadURL", err)
	}
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, time.Minute, ""); !errors.Is(err, ErrInterval) {
		t.Errorf("AddFeed(1m) = %v; want ErrInterval", err)
	}
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, time.Hour, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := m.AddFeed(ctx, srv.URL+"/rss/", false, 0, ""); !errors.Is(err, ErrFeedExists) {
		t.Errorf("AddFeed(again) = %v; want ErrFeedExists", err)
	}
	if fs, _ := m.Feeds(ctx); len(fs) != 1 || fs[0].Interval != time.Hour {
		t.Errorf("feeds = %+v", fs)
	}
}

// TestBackoff: failed polls are recorded and wait interval × 2^failures,
// capped; a success resets them.
func TestBackoff(t *testing.T) {
	for _, c := range []struct {
		failures int
		want     time.Duration
	}{{0, 30 * time.Minute}, {1, time.Hour}, {2, 2 * time.Hour}, {5, 16 * time.Hour}, {6, MaxBackoff}, {100, MaxBackoff}} {
		if got := Backoff(30*time.Minute, c.failures); got != c.want {
			t.Errorf("Backoff(30m, %d) = %s; want %s", c.failures, got, c.want)
		}
	}
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	clk := &clock{t: time.Date(2024, 1, 25, 12, 0, 0, 0, time.UTC)}
	m := newManager(t, t.TempDir(), &fakeLibrary{}, clk)
	ctx := context.Background()
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, 0, ""); err != nil {
		t.Fatal(err)
	}
	srv.mu.Lock()
	srv.fail["/rss"] = http.StatusBadGateway
	srv.mu.Unlock()
	for i, wait := range []time.Duration{time.Hour, 2 * time.Hour, 4 * time.Hour} {
		fs, _ := m.Feeds(ctx)
		clk.add(fs[0].NextPoll.Sub(clk.now()))
		before := srv.count(srv.requests, "/rss")
		pr := m.PollDue(ctx)
		fs, _ = m.Feeds(ctx)
		if len(pr) != 1 || pr[0].Error == "" || fs[0].Failures != i+1 || !strings.Contains(fs[0].LastError, "502") || !fs[0].NextPoll.Equal(clk.now().Add(wait)) {
			t.Fatalf("failed poll %d = %+v, feed %+v; want next poll in %s", i+1, pr, fs[0], wait)
		}
		if srv.count(srv.requests, "/rss") != before+1 {
			t.Fatalf("poll %d made %d requests", i+1, srv.count(srv.requests, "/rss")-before)
		}
		clk.add(wait - time.Minute)
		if pr := m.PollDue(ctx); len(pr) != 0 {
			t.Fatalf("polled during the backoff: %+v", pr)
		}
		clk.add(-(wait - time.Minute))
	}
	srv.mu.Lock()
	delete(srv.fail, "/rss")
	srv.mu.Unlock()
	fs, _ := m.Feeds(ctx)
	clk.add(fs[0].NextPoll.Sub(clk.now()))
	m.PollDue(ctx)
	fs, _ = m.Feeds(ctx)
	if fs[0].Failures != 0 || fs[0].LastError != "" || !fs[0].NextPoll.Equal(clk.now().Add(DefaultInterval)) {
		t.Errorf("after a good poll the feed = %+v", fs[0])
	}
}

// TestDedupe: an item is queued once — not again under the same GUID, nor
// at the same address with tracking parameters from another feed, nor when
// the store holds its address, nor under a title the queue or the store
// has; a rejected item does not come back, even with its feed added again.
func TestDedupe(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	// Another feed: the first story's address with other tracking
	// parameters, a stored article's address, a stored article's title
	// under a new address, and the first story's title under a new address.
	srv.set("/other", "application/rss+xml", `<rss version="2.0"><channel><title>Other</title>
<item><title>Iraq talks, another headline</title><link>https://www.news.example/iraq-talks/?fbclid=abc</link><guid>o-1</guid></item>
<item><title>Iraq stored story</title><link>https://stored.example/a?utm_medium=x</link><guid>o-2</guid></item>
<item><title>Baghdad hosts the higher military commission</title><link>https://new.example/hmc</link><guid>o-3</guid></item>
<item><title>U.S. and Iraq open talks on the coalition's future - Other</title><link>https://other.example/talks</link><guid>o-4</guid></item>
<item><title>Iraq and a new story entirely</title><link>https://other.example/new</link><guid>o-5</guid></item>
</channel></rss>`)
	lib := &fakeLibrary{articles: []Known{
		{ID: "stored-a", Title: "Something else", URL: "https://stored.example/a"},
		{ID: "stored-hmc", Title: "Baghdad hosts the higher military commission", URL: "https://elsewhere.example/hmc"},
	}}
	clk := &clock{t: time.Date(2024, 1, 25, 12, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	m := newManager(t, dir, lib, clk)
	ctx := context.Background()
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, 0, ""); err != nil {
		t.Fatal(err)
	}
	res, err := m.AddFeed(ctx, srv.URL+"/other", false, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	if res.Poll.Queued != 1 || res.Poll.Seen != 1 || res.Poll.Duplicates != 3 {
		t.Errorf("second feed's first poll = %+v; want 1 queued (o-5), 1 seen (same address), 3 duplicates", res.Poll)
	}
	for guid, want := range map[string]string{"o-2": "article stored-a", "o-3": "article stored-hmc", "o-4": "queue item 1"} {
		found := false
		m.mu.Lock()
		for _, it := range m.st.Items {
			if it.GUID == guid {
				found = true
				if it.Status != Duplicate || !strings.HasPrefix(it.SameAs, want) {
					t.Errorf("item %s = %+v; want a duplicate of %s", guid, it, want)
				}
			}
		}
		m.mu.Unlock()
		if !found {
			t.Errorf("item %s not remembered", guid)
		}
	}
	// Same GUID again: nothing new (the validators are ignored by a feed
	// whose body changed, so this is a full fetch).
	srv.set("/rss", "application/rss+xml", strings.Replace(rssFeed, "Wire Service", "Wire Service (new title)", 1))
	clk.add(DefaultInterval)
	for _, pr := range m.PollDue(ctx) {
		if pr.Queued != 0 || pr.NotChanged == false && pr.Seen == 0 {
			t.Errorf("poll again = %+v; want nothing queued", pr)
		}
	}
	// Reject the first story; removing and adding its feed again does not
	// bring it back.
	q, _ := m.Queue(ctx)
	if _, err := m.Reject(ctx, q[0].ID, "bob"); err != nil {
		t.Fatal(err)
	}
	if _, err := m.Reject(ctx, q[0].ID, "bob"); !errors.Is(err, ErrNotPending) {
		t.Errorf("Reject twice = %v; want ErrNotPending", err)
	}
	if _, err := m.RemoveFeed(ctx, "f1", ""); err != nil {
		t.Fatal(err)
	}
	if _, err := m.RemoveFeed(ctx, "f1", ""); !errors.Is(err, ErrNoFeed) {
		t.Errorf("RemoveFeed twice = %v; want ErrNoFeed", err)
	}
	m2 := newManager(t, dir, lib, clk) // and reopened
	res, err = m2.AddFeed(ctx, srv.URL+"/rss", false, 0, "")
	if err != nil {
		t.Fatal(err)
	}
	for _, title := range pendingTitles(t, m2) {
		if title == q[0].Title {
			t.Errorf("the rejected item %q came back", title)
		}
	}
	if res.Poll.Queued != 1 { // the third story: its pending item left with its feed
		t.Errorf("feed added again = %+v; want only the story that was pending", res.Poll)
	}
}

// TestApprove: approving ingests through Config.Ingest and records the
// outcome; a refusal gives its reason and leaves the item refused, a
// failed fetch leaves it pending; auto-approve ingests on-topic items only.
func TestApprove(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	srv.set("/auto", "application/atom+xml", atomFeed)
	lib := &fakeLibrary{refuse: map[string]error{
		"https://news.example/coalition-2026": fmt.Errorf("https://news.example/coalition-2026: %w: reads like key:value lines", ingest.ErrNotProse),
	}}
	clk := &clock{t: time.Date(2024, 1, 25, 12, 0, 0, 0, time.UTC)}
	m := newManager(t, t.TempDir(), lib, clk)
	ctx := context.Background()
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, 0, ""); err != nil {
		t.Fatal(err)
	}
	q, _ := m.Queue(ctx)
	a, err := m.Approve(ctx, q[0].ID, "alice")
	if err != nil || !a.OK() || a.Ingested.ID != "art-1" || a.Item.Article != "art-1" || a.Item.By != "alice" {
		t.Fatalf("Approve = %+v, %v", a, err)
	}
	if _, err := m.Approve(ctx, q[0].ID, "alice"); !errors.Is(err, ErrNotPending) {
		t.Errorf("Approve twice = %v; want ErrNotPending", err)
	}
	a, err = m.Approve(ctx, q[1].ID, "alice")
	if err != nil || a.OK() || a.Item.Status != Refused || !strings.Contains(a.Error, "not prose") {
		t.Errorf("Approve(not prose) = %+v, %v; want refused with the reason", a, err)
	}
	lib.refuse["https://atom.example/a1"] = fmt.Errorf("%w: timed out", ingest.ErrFetch)
	res, err := m.AddFeed(ctx, srv.URL+"/auto", true, 0, "")
	if err != nil || len(res.Approved) != 1 || res.Approved[0].Item.Status != Pending || !strings.Contains(res.Approved[0].Error, "timed out") {
		t.Fatalf("auto-approve with a failing fetch = %+v, %v; want the item left pending", res, err)
	}
	delete(lib.refuse, "https://atom.example/a1")
	if _, err := m.Approve(ctx, res.Poll.queued[0], "auto-approve"); err != nil {
		t.Fatal(err)
	}
	if len(lib.ingested) != 2 || lib.ingested[1] != "https://atom.example/a1" {
		t.Errorf("ingested %v", lib.ingested)
	}
	if _, err := m.Approve(ctx, "999", ""); !errors.Is(err, ErrNoItem) {
		t.Errorf("Approve(unknown) = %v; want ErrNoItem", err)
	}
}

// TestStateSurvives: the state is the same after reopening; a save that
// a crash interrupts (the temporary file written, not renamed) leaves the
// state as it was acknowledged, in memory and on disk, and the leftover
// temporary file is ignored.
func TestStateSurvives(t *testing.T) {
	srv := newFeedServer(t)
	srv.set("/rss", "application/rss+xml", rssFeed)
	clk := &clock{t: time.Date(2024, 1, 25, 12, 0, 0, 0, time.UTC)}
	dir := t.TempDir()
	lib := &fakeLibrary{}
	m := newManager(t, dir, lib, clk)
	ctx := context.Background()
	if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, 0, "alice"); err != nil {
		t.Fatal(err)
	}
	before, _ := m.Queue(ctx)
	m2 := newManager(t, dir, lib, clk)
	after, _ := m2.Queue(ctx)
	fs, _ := m2.Feeds(ctx)
	if len(after) != len(before) || after[0] != before[0] || len(fs) != 1 || fs[0].ETag == "" || fs[0].AddedBy != "alice" {
		t.Fatalf("reopened: queue %+v, feeds %+v; want %+v", after, fs, before)
	}

	for _, step := range []string{"temp", "renamed"} {
		t.Run(step, func(t *testing.T) {
			dir := t.TempDir()
			m := newManager(t, dir, lib, clk)
			if _, err := m.AddFeed(ctx, srv.URL+"/rss", false, 0, ""); err != nil {
				t.Fatal(err)
			}
			q, _ := m.Queue(ctx)
			saveStep = func(s string) error {
				if s == step {
					return errors.New("crash")
				}
				return nil
			}
			_, err := m.Reject(ctx, q[0].ID, "bob")
			// A crash before the rename leaves a temporary file behind.
			os.WriteFile(filepath.Join(dir, Dir, stateFile+".tmp"), []byte(`{"version": 1, "feeds": [`), 0o644)
			saveStep = nil
			if step == "temp" {
				if err == nil {
					t.Fatal("Reject with a crash before the rename succeeded")
				}
				if q2, _ := m.Queue(ctx); len(q2) != len(q) {
					t.Errorf("in memory after the failed save the queue has %d items; want %d (nothing unacknowledged)", len(q2), len(q))
				}
			}
			m2, err := Open(dir, Config{})
			if err != nil {
				t.Fatalf("reopen after the crash: %v", err)
			}
			q2, _ := m2.Queue(ctx)
			want := len(q)
			if step == "renamed" {
				want-- // renamed: on disk, if not yet acknowledged
			}
			if len(q2) != want {
				t.Errorf("reopened after a crash at %s: %d items pending; want %d", step, len(q2), want)
			}
			if _, err := os.Stat(filepath.Join(dir, Dir, stateFile+".tmp")); err == nil {
				t.Error("the temporary file is still there")
			}
		})
	}
}
