package bot

import (
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"time"

	"github.com/talksbot/talksbot/index"
)

// Questions the fake answerer knows.
const (
	qTroops   = "How many U.S. troops are in Iraq?"
	qEveryone = "What did the @everyone post say?"
	qNothing  = "What colour is the Pentagon's cat?"
	qPanic    = "panic please"
)

// fakeAnswerer answers from canned data; it reads follow-ups as the
// engine does, to the bot's eye (the question as typed, FollowUpOf the
// question before), and keeps the turns it was asked when turns is set.
type fakeAnswerer struct{ turns *turnLog }

func (f fakeAnswerer) AskTurn(ctx context.Context, t index.Turn, n int) (index.Answer, error) {
	f.turns.add(t)
	ans, err := f.Ask(ctx, t.Standalone, n)
	if t.FollowUp {
		ans.FollowUpOf = t.Context
	}
	return ans, err
}

// turnLog is the turns a fakeAnswerer was asked, in order.
type turnLog struct {
	mu    sync.Mutex
	turns []index.Turn
}

func (l *turnLog) add(t index.Turn) {
	if l == nil {
		return
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.turns = append(l.turns, t)
}

func (l *turnLog) all() []index.Turn {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]index.Turn(nil), l.turns...)
}

func (fakeAnswerer) Ask(ctx context.Context, q string, n int) (index.Answer, error) {
	switch q {
	case qPanic:
		panic("the fake answerer was asked to panic")
	case qTroops:
		return troopsAnswer(n), nil
	case qEveryone:
		return everyoneAnswer(), nil
	}
	return index.Answer{Question: q, Kind: index.KindOther, Passages: []index.Passage{
		{Quote: "Iraq and the United States held the first session of talks on 27 January 2024.", ArticleID: "ap-2024-01-27",
			Title: "First session", Outlet: "Associated Press", URL: "https://example.com/ap", Published: "2024-01-27", Kind: "brief"},
	}}, nil
}

func troopsAnswer(n int) index.Answer {
	a := index.Answer{
		Question: qTroops, Kind: index.KindCount, Found: true,
		Answer: "fewer than 2,000 U.S. troops (Associated Press and Reuters, 2025-09-30); earlier reports: About 2,500 U.S. troops (Associated Press, 2024-01-25)",
		Claims: []index.Claim{
			{Value: "fewer than 2,000 U.S. troops", Sources: []index.Source{{ArticleID: "ap-reuters-2025", Outlet: "Associated Press and Reuters", Published: "2025-09-30"}}},
			{Value: "About 2,500 U.S. troops", Sources: []index.Source{
				{ArticleID: "ap-2024-01-25", Outlet: "Associated Press", Published: "2024-01-25"},
				{ArticleID: "ap-2024-09-27", Outlet: "Associated Press", Published: "2024-09-27"},
			}},
			{Value: "about 2,400 U.S. troops", Sources: []index.Source{{ArticleID: "crs-2024-02", Outlet: "Congressional Research Service", DateNote: "February 2024"}}},
		},
	}
	quotes := []string{
		"That leaves fewer than 2,000 U.S. troops in Iraq, mostly in Erbil.",
		"About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria.",
		"The U.S. administration would not say how many of the roughly 2,500 U.S. troops in Iraq would remain.",
	}
	for i := 0; i < min(n, 10); i++ {
		q := quotes[i%len(quotes)]
		a.Passages = append(a.Passages, index.Passage{
			Quote: q, ArticleID: fmt.Sprintf("article-%02d", i), Title: fmt.Sprintf("Report number %d on the drawdown", i+1),
			Outlet: "Associated Press", URL: fmt.Sprintf("https://example.com/news/%d?a=(b)", i), Published: fmt.Sprintf("2024-01-%02d", 10+i),
			Kind: []string{"brief", "article"}[i%2], Marks: marksOf(q, "U.S", "troops", "Iraq"),
		})
	}
	return a
}

// everyoneAnswer quotes text that tries to ping and to inject Markdown.
func everyoneAnswer() index.Answer {
	q := "Hey @everyone and @here, <@100000000000000020> and <@&100000000000000040>: [click me](https://evil.example/x) **now** > # heading `code` ||spoiler||"
	return index.Answer{Question: qEveryone, Kind: index.KindOther, Found: true, Passages: []index.Passage{{
		Quote: q, ArticleID: "hostile", Title: "A [masked](https://evil.example) title @everyone", Outlet: "@here Outlet",
		URL: "https://example.com/a)[x](https://evil.example", Published: "2024-02-01", Kind: "article", Marks: marksOf(q, "everyone"),
	}}}
}

// marksOf marks every occurrence of words in q.
func marksOf(q string, words ...string) []index.Span {
	var spans []index.Span
	for i := 0; i < len(q); i++ {
		for _, w := range words {
			if strings.HasPrefix(q[i:], w) {
				spans = append(spans, index.Span{Start: i, End: i + len(w)})
			}
		}
	}
	return spans
}

// fakeLibrary holds n generated sources.
type fakeLibrary struct{ n int }

func (l fakeLibrary) Sources(ctx context.Context) ([]Source, error) {
	var out []Source
	for i := 0; i < l.n; i++ {
		out = append(out, Source{
			ID: fmt.Sprintf("article-%02d", i), Title: fmt.Sprintf("Talks on the coalition, part %d", i+1),
			Outlet: []string{"Associated Press", "Reuters", "Al Jazeera"}[i%3], Published: fmt.Sprintf("2024-%02d-%02d", 1+i%12, 1+i%28),
			Kind: []string{"brief", "article"}[i%2], URL: fmt.Sprintf("https://example.com/%d", i), Passages: 10 + i,
		})
	}
	return out, nil
}

// fakeViews returns a long view for every name.
type fakeViews struct{}

func (fakeViews) View(ctx context.Context, name string, q ViewQuery) (View, error) {
	if q.Article == "missing" {
		return View{}, ErrNoSuchArticle
	}
	v := View{Title: strings.ToUpper(name[:1]) + name[1:], Intro: "What the sources say about " + name + "."}
	if q.Article != "" || q.Topic != "" {
		v.Intro += fmt.Sprintf(" Article %q, topic %q.", q.Article, q.Topic)
	}
	for i := 0; i < 30; i++ {
		v.Sections = append(v.Sections, ViewSection{
			Heading: fmt.Sprintf("Item %d", i+1), Text: "Our note on item.",
			Items: []ViewItem{{Label: "2024-02-08", Quote: index.Passage{Quote: fmt.Sprintf("About %d U.S. troops are in Iraq, the report on the drawdown of the coalition says.", 2000+i), ArticleID: "reuters-1", Start: 100 * i, Outlet: "Reuters", Published: "2024-02-08", URL: "https://example.com/r"}}},
		})
	}
	return v, nil
}

// fakeIngester reports progress and succeeds.
type fakeIngester struct {
	mu    sync.Mutex
	got   []string
	steps int
	opts  []IngestOptions
}

func (f *fakeIngester) IngestURL(ctx context.Context, url string, opt IngestOptions, progress func(string)) (IngestReport, error) {
	f.record("url " + url)
	f.mu.Lock()
	f.opts = append(f.opts, opt)
	f.mu.Unlock()
	if strings.Contains(url, "fail") {
		return IngestReport{}, fmt.Errorf("fetch %s: 404 Not Found", url)
	}
	if strings.Contains(url, "same-address") && !opt.Force {
		return IngestReport{Status: "replaces", ID: "reuters-held", SameAs: "reuters-held", SameTitle: "The report already held", URL: url}, nil
	}
	if strings.Contains(url, "same-address") {
		return IngestReport{Status: "updated", ID: "reuters-held", Title: "The new report", URL: url, Passages: 5}, nil
	}
	for i := 1; i <= f.steps; i++ {
		progress(fmt.Sprintf("step %d of %d", i, f.steps))
	}
	return IngestReport{Status: "added", ID: "example-com-new", Title: "A new report", Outlet: "Example News",
		Published: "2024-03-01", URL: url, Passages: 12}, nil
}

func (f *fakeIngester) IngestAttachment(ctx context.Context, name, contentType string, r io.Reader, opt IngestOptions, progress func(string)) (IngestReport, error) {
	f.mu.Lock()
	f.opts = append(f.opts, opt)
	f.mu.Unlock()
	data, err := io.ReadAll(r)
	if err != nil {
		return IngestReport{}, err
	}
	f.record(fmt.Sprintf("file %s %s %q", name, contentType, data))
	progress("parsing")
	return IngestReport{Status: "added", ID: "uploaded", Title: name, Passages: 3}, nil
}

func (f *fakeIngester) Reindex(ctx context.Context, progress func(done, total int)) (ReindexReport, error) {
	f.record("reindex")
	for i := 0; i <= 3; i++ {
		progress(i*10, 30)
	}
	return ReindexReport{Articles: 30, Passages: 900, Took: 1500 * time.Millisecond}, nil
}

func (f *fakeIngester) record(s string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.got = append(f.got, s)
}

func (f *fakeIngester) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.got...)
}

// fakeClock is a settable clock.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// syncBuffer is a goroutine-safe log sink.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
