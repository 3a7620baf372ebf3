package feeds

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
)

// Refusals of the feed commands. Returned errors wrap one of these (or an
// ingest sentinel: ErrBadURL, ErrBlocked, ErrTooBig, ErrFetch; or ErrNotFeed).
var (
	ErrNoFeed     = errors.New("no such feed (talksbot feeds list shows them)")
	ErrFeedExists = errors.New("already followed")
	ErrInterval   = errors.New("bad interval")
	ErrTooMany    = errors.New("too many feeds")
)

// feedAccept is the Accept header of a feed request.
const feedAccept = "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, application/xml;q=0.8, text/xml;q=0.8, */*;q=0.1"

// AddResult says what adding a feed did: the feed, and what its first
// poll found.
type AddResult struct {
	Feed     Feed       `json:"feed"`
	Poll     PollResult `json:"poll"`
	Approved []Approval `json:"approved,omitempty"` // AutoApprove's ingests, done at once
	// Approving is how many AutoApprove ingests serve does in the
	// background (talksbot queue shows those left).
	Approving int `json:"approving,omitempty"`
}

// PollResult says what one poll of a feed did.
type PollResult struct {
	Feed       string `json:"feed"`
	NotChanged bool   `json:"not_changed,omitempty"` // a 304
	Entries    int    `json:"entries"`
	Queued     int    `json:"queued"`
	OffTopic   int    `json:"off_topic"`
	Duplicates int    `json:"duplicates"`
	Seen       int    `json:"seen"` // items seen before
	// Unread is how many items past the first maxEntries were not read.
	Unread int    `json:"unread,omitempty"`
	Error  string `json:"error,omitempty"`
	// queued are the ids of the items queued, for AutoApprove.
	queued []string
}

// AddFeed follows the feed at addr: it is fetched and parsed at once (so a
// page that is not a feed, a blocked address, one too big or unreachable
// is refused with the reason), its on-topic items are queued — or, with
// autoApprove, ingested — and it is polled every interval from then on
// (DefaultInterval when 0; from MinInterval to MaxInterval).
func (m *Manager) AddFeed(ctx context.Context, addr string, autoApprove bool, interval time.Duration, by string) (AddResult, error) {
	addr = withoutCredentials(strings.TrimSpace(addr))
	if interval == 0 {
		interval = DefaultInterval
	}
	if interval < MinInterval || interval > MaxInterval {
		return AddResult{}, fmt.Errorf("%w: %s (from %s to %s)", ErrInterval, interval, MinInterval, MaxInterval)
	}
	if _, ok := corpus.NormalizeURL(addr); !ok {
		return AddResult{}, fmt.Errorf("%w: %q is not an http or https address", ingest.ErrBadURL, addr)
	}
	m.mu.Lock()
	if m.disabled != nil {
		m.mu.Unlock()
		return AddResult{}, m.disabled
	}
	if f := m.feedLocked(addr); f != nil {
		m.mu.Unlock()
		return AddResult{}, fmt.Errorf("%s: %w as %s", addr, ErrFeedExists, f.ID)
	}
	if len(m.st.Feeds) >= maxFeeds {
		m.mu.Unlock()
		return AddResult{}, fmt.Errorf("%w: at most %d", ErrTooMany, maxFeeds)
	}
	m.mu.Unlock()

	raw, err := m.cfg.Fetcher.GetRaw(ctx, addr, feedAccept, ingest.Conditional{})
	if err != nil {
		return AddResult{}, err
	}
	title, entries, unread, err := parse(raw.URL, raw.ContentType, raw.Body)
	if err != nil {
		return AddResult{}, err
	}
	known := m.known(ctx)

	m.mu.Lock()
	if f := m.feedLocked(addr); f != nil { // added meanwhile
		m.mu.Unlock()
		return AddResult{}, fmt.Errorf("%s: %w as %s", addr, ErrFeedExists, f.ID)
	}
	now := m.cfg.Now()
	f := &Feed{ID: "f" + strconv.Itoa(m.st.NextFeed), URL: addr, Title: boundText(title, maxTitle), AutoApprove: autoApprove,
		Interval: interval, Added: now, AddedBy: by, ETag: boundValidator(raw.ETag), LastModified: boundValidator(raw.LastModified),
		LastPolled: now, NextPoll: now.Add(interval)}
	m.st.NextFeed++
	m.st.Feeds = append(m.st.Feeds, f)
	res := AddResult{Poll: m.mergeLocked(f, entries, known)}
	res.Poll.Unread = unread
	if err := m.saveLocked(); err != nil {
		m.mu.Unlock()
		return AddResult{}, err
	}
	res.Feed = *f
	m.mu.Unlock()
	if unread > 0 {
		m.cfg.Log.Warn("feed has more items than are read: the rest are not seen", "feed", f.ID, "read", maxEntries, "unread", unread)
	}
	m.cfg.Log.Info("feed added", "feed", f.ID, "url", addr, "title", title, "auto_approve", autoApprove, "by", by,
		"queued", res.Poll.Queued, "off_topic", res.Poll.OffTopic, "duplicates", res.Poll.Duplicates)
	if autoApprove {
		res.Approved, res.Approving = m.approveLater(ctx, res.Poll.queued)
	}
	return res, nil
}

// RemoveFeed stops following a feed (by id or address). Its items waiting
// for review leave the queue; the items decided are remembered, so the
// feed added again does not bring back what was rejected.
func (m *Manager) RemoveFeed(ctx context.Context, idOrURL, by string) (Feed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.disabled != nil {
		return Feed{}, m.disabled
	}
	f := m.feedLocked(strings.TrimSpace(idOrURL))
	if f == nil {
		return Feed{}, fmt.Errorf("%q: %w", idOrURL, ErrNoFeed)
	}
	m.st.Feeds = slices.DeleteFunc(m.st.Feeds, func(o *Feed) bool { return o == f })
	m.st.Items = slices.DeleteFunc(m.st.Items, func(it *Item) bool { return it.Feed == f.ID && it.Status == Pending })
	if err := m.saveLocked(); err != nil {
		return Feed{}, err
	}
	m.cfg.Log.Info("feed removed", "feed", f.ID, "url", f.URL, "by", by)
	return *f, nil
}

// Poll fetches one feed now (conditionally: a 304 changes nothing but the
// poll's time), queues its new on-topic items, and records the outcome:
// after a failure the next poll waits interval × 2^failures (at most
// MaxBackoff). A failed poll is an error in PollResult, not a returned
// error; the returned error is for a feed that is not there or a state
// that could not be saved.
func (m *Manager) Poll(ctx context.Context, id string) (PollResult, error) {
	m.mu.Lock()
	if m.disabled != nil {
		m.mu.Unlock()
		return PollResult{}, m.disabled
	}
	f := m.feedLocked(id)
	if f == nil {
		m.mu.Unlock()
		return PollResult{}, fmt.Errorf("%q: %w", id, ErrNoFeed)
	}
	if m.polling[f.ID] {
		m.mu.Unlock()
		return PollResult{Feed: f.ID}, nil
	}
	m.polling[f.ID] = true
	id, addr, cond := f.ID, f.URL, ingest.Conditional{ETag: f.ETag, LastModified: f.LastModified}
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.polling, id)
		m.mu.Unlock()
	}()

	// Nothing is held while fetching: questions, commands and other
	// feeds go on.
	res := PollResult{Feed: id}
	var title string
	var entries []Entry
	unread := 0
	raw, err := m.cfg.Fetcher.GetRaw(ctx, addr, feedAccept, cond)
	if err == nil && raw.Status != 304 {
		title, entries, unread, err = parse(raw.URL, raw.ContentType, raw.Body)
	}
	var known []Known
	if err == nil && raw.Status != 304 {
		known = m.known(ctx)
	}
	if ctx.Err() != nil {
		return res, ctx.Err() // shutting down: not the feed's failure
	}

	m.mu.Lock()
	f = m.feedLocked(id)
	if f == nil { // removed meanwhile
		m.mu.Unlock()
		return res, nil
	}
	now := m.cfg.Now()
	f.LastPolled = now
	switch {
	case err != nil:
		f.Failures++
		f.LastError = boundText(err.Error(), maxErrorText)
		f.NextPoll = now.Add(Backoff(f.Interval, f.Failures))
		res.Error = f.LastError
	case raw.Status == 304:
		f.Failures, f.LastError = 0, ""
		f.NextPoll = now.Add(f.Interval)
		res.NotChanged = true
	default:
		f.Failures, f.LastError = 0, ""
		f.NextPoll = now.Add(f.Interval)
		f.ETag, f.LastModified = boundValidator(raw.ETag), boundValidator(raw.LastModified)
		if title != "" {
			f.Title = boundText(title, maxTitle)
		}
		merged := m.mergeLocked(f, entries, known)
		merged.Feed = res.Feed
		merged.Unread = unread
		res = merged
	}
	auto := f.AutoApprove
	if serr := m.saveLocked(); serr != nil {
		m.mu.Unlock()
		return res, serr
	}
	m.mu.Unlock()
	if res.Unread > 0 {
		m.cfg.Log.Warn("feed has more items than are read: the rest are not seen", "feed", id, "read", maxEntries, "unread", res.Unread)
	}
	if res.Error != "" {
		m.cfg.Log.Warn("feed poll failed", "feed", id, "url", addr, "err", res.Error)
	} else if !res.NotChanged {
		m.cfg.Log.Info("feed polled", "feed", id, "entries", res.Entries, "queued", res.Queued,
			"off_topic", res.OffTopic, "duplicates", res.Duplicates, "seen", res.Seen)
	}
	if auto {
		m.approveLater(ctx, res.queued)
	}
	return res, nil
}

// Backoff is the wait before the next poll after failures consecutive
// failed polls: interval × 2^failures, at most MaxBackoff.
func Backoff(interval time.Duration, failures int) time.Duration {
	d := interval
	for range min(failures, 20) {
		d *= 2
		if d >= MaxBackoff {
			return MaxBackoff
		}
	}
	return d
}

// PollDue polls, one after another, every feed whose next poll is due.
func (m *Manager) PollDue(ctx context.Context) []PollResult {
	m.mu.Lock()
	now := m.cfg.Now()
	var due []string
	for _, f := range m.st.Feeds {
		if !f.NextPoll.After(now) {
			due = append(due, f.ID)
		}
	}
	m.mu.Unlock()
	var out []PollResult
	for _, id := range due {
		if ctx.Err() != nil {
			break
		}
		res, err := m.Poll(ctx, id)
		if err != nil && ctx.Err() == nil {
			m.cfg.Log.Error("feed poll", "feed", id, "err", err)
		}
		out = append(out, res)
	}
	return out
}

// Run polls the feeds as they fall due until ctx is done, looking every
// check (a minute when 0).
func (m *Manager) Run(ctx context.Context, check time.Duration) {
	if check <= 0 {
		check = time.Minute
	}
	m.mu.Lock()
	m.running = true
	m.mu.Unlock()
	approved := make(chan struct{})
	go func() { defer close(approved); m.approveLoop(ctx, check) }()
	defer func() {
		<-approved
		m.mu.Lock()
		m.running = false
		m.mu.Unlock()
	}()
	t := time.NewTicker(check)
	defer t.Stop()
	for {
		m.PollDue(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// known lists the stored articles; a failure is logged and checks none.
func (m *Manager) known(ctx context.Context) []Known {
	if m.cfg.Library == nil {
		return nil
	}
	list, err := m.cfg.Library(ctx)
	if err != nil {
		m.cfg.Log.Warn("feeds: list the stored articles", "err", err)
	}
	return list
}

// mergeLocked records a feed's entries: each one not seen before is
// remembered, and queued if it is on topic and held nowhere yet. m.mu
// must be held.
func (m *Manager) mergeLocked(f *Feed, entries []Entry, known []Known) PollResult {
	res := PollResult{Feed: f.ID, Entries: len(entries)}
	guids := map[string]bool{}
	urls := map[string]string{}
	type titled struct {
		words map[string]bool
		what  string
	}
	for _, it := range m.st.Items {
		if it.GUID != "" {
			guids[it.Feed+"\x00"+it.GUID] = true
		}
		if n, ok := corpus.NormalizeURL(it.URL); ok {
			urls[n] = "queue item " + it.ID
		}
	}
	stored := map[string]string{}
	for _, k := range known {
		if n, ok := corpus.NormalizeURL(k.URL); ok {
			stored[n] = k.ID
		}
	}
	// The titles seen are read only when a new item on topic needs them
	// (most polls bring none).
	var titles []titled
	loaded := false
	loadTitles := func() {
		if loaded {
			return
		}
		loaded = true
		for _, it := range m.st.Items {
			if it.Status != OffTopic && it.Status != Duplicate {
				titles = append(titles, titled{titleWords(it.Title), "queue item " + it.ID + " “" + it.Title + "”"})
			}
		}
		for _, k := range known {
			titles = append(titles, titled{titleWords(k.Title), "article " + k.ID + " “" + k.Title + "”"})
		}
	}
	pending := 0
	for _, it := range m.st.Items {
		if it.Status == Pending {
			pending++
		}
	}
	now := m.cfg.Now()
	for _, e := range entries {
		e.Link = withoutCredentials(e.Link)
		if len(e.Link) > maxLink {
			continue // absurd: nothing to ingest, and not kept
		}
		e.Title = boundText(e.Title, maxTitle)
		guid := withoutCredentials(e.GUID)
		if guid == "" {
			guid = e.Link
		}
		guid = boundGUID(guid)
		norm, linkOK := corpus.NormalizeURL(e.Link)
		if guid != "" && guids[f.ID+"\x00"+guid] {
			res.Seen++
			continue
		}
		if linkOK && urls[norm] != "" {
			res.Seen++
			continue
		}
		if !linkOK {
			continue // nothing to ingest
		}
		it := &Item{ID: strconv.Itoa(m.st.NextItem), Feed: f.ID, GUID: guid, URL: e.Link, Title: e.Title,
			Outlet: f.Title, Published: e.Published, Found: now}
		words := titleWords(e.Title)
		switch {
		case !OnTopic(e.Title, e.Summary):
			it.Status, it.Title = OffTopic, cut(e.Title, 200)
			res.OffTopic++
			f.OffTopic++
		case stored[norm] != "":
			it.Status, it.SameAs = Duplicate, "article "+stored[norm]
			res.Duplicates++
			f.Duplicates++
		default:
			it.Status = Pending
			loadTitles()
			for _, t := range titles {
				if sameStory(words, t.words) {
					it.Status, it.SameAs = Duplicate, t.what
					res.Duplicates++
					f.Duplicates++
					break
				}
			}
		}
		if it.Status == Pending {
			if pending >= maxPending {
				continue // not remembered: it comes back once the queue has room
			}
			pending++
			it.Summary = e.Summary
			res.Queued++
			f.Queued++
			res.queued = append(res.queued, it.ID)
			titles = append(titles, titled{words, "queue item " + it.ID + " “" + it.Title + "”"})
		}
		m.st.NextItem++
		m.st.Items = append(m.st.Items, it)
		guids[f.ID+"\x00"+guid] = true
		urls[norm] = "queue item " + it.ID
	}
	m.forgetLocked()
	return res
}

// forgetLocked drops the oldest decided items beyond maxRemembered, and
// beyond maxStateBytes of state.
func (m *Manager) forgetLocked() {
	extra := len(m.st.Items) - maxRemembered
	size := 0
	for _, it := range m.st.Items {
		size += itemSize(it)
	}
	if extra <= 0 && size <= maxStateBytes {
		return
	}
	m.st.Items = slices.DeleteFunc(m.st.Items, func(it *Item) bool {
		if it.Status != Pending && (extra > 0 || size > maxStateBytes) {
			extra--
			size -= itemSize(it)
			return true
		}
		return false
	})
}
