package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/corpus/feeds"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// newFetcher makes the SSRF-safe fetcher of serve and the feed commands;
// tests replace it so that it reaches their loopback servers.
var newFetcher = func(opts ...ingest.Option) *ingest.Fetcher { return ingest.NewFetcher(opts...) }

// feedsPollCheck is how often serve looks for feeds due to be polled.
var feedsPollCheck = time.Minute

// openFeeds opens the feeds of an open data directory. Approving an item
// ingests its page through g.IngestURL: the path of /ingest url:, with its
// prose check, replacement rules and near-duplicate check.
func openFeeds(g *dataIngester, log *slog.Logger) (*feeds.Manager, error) {
	return feeds.Open(g.d.Dir, feeds.Config{
		Fetcher: g.fetch,
		Log:     log,
		Ingest: func(ctx context.Context, url string) (feeds.Ingested, error) {
			rep, err := g.IngestURL(ctx, url, bot.IngestOptions{}, func(string) {})
			if err != nil {
				return feeds.Ingested{}, err
			}
			return feeds.Ingested{Status: rep.Status, ID: rep.ID, Title: rep.Title, Outlet: rep.Outlet, Published: rep.Published,
				URL: rep.URL, Passages: rep.Passages, SameAs: rep.SameAs, SameTitle: rep.SameTitle}, nil
		},
		Library: func(ctx context.Context) ([]feeds.Known, error) {
			list, err := g.lib.Sources(ctx)
			out := make([]feeds.Known, 0, len(list))
			for _, s := range list {
				out = append(out, feeds.Known{ID: s.ID, Title: s.Title, URL: s.URL})
			}
			return out, err
		},
	})
}

// feedsService is the feeds of the data directory: here, or through the
// running serve that holds it. done releases it.
func feedsService(ctx context.Context, e env, dir, allow string) (svc bot.Feeds, done func(), err error) {
	opts, err := fetchOptions(e, allow, nil)
	if err != nil {
		return nil, nil, err
	}
	d, c, err := openOrDial(ctx, e, dir, writing)
	if err != nil {
		return nil, nil, err
	}
	if c != nil {
		return c, c.Close, nil
	}
	log := slog.New(slog.DiscardHandler) // slog is serve's; the command prints what happened
	g := &dataIngester{d: d, lib: &library{d: d}, fetch: newFetcher(opts...), log: log}
	m, err := openFeeds(g, log)
	if err != nil {
		d.Close()
		return nil, nil, err
	}
	return m, func() { d.Close() }, nil
}

// feedLister lists the feeds and the review queue: a running serve, or
// the state on disk.
type feedLister interface {
	Feeds(ctx context.Context) ([]feeds.Feed, error)
	Queue(ctx context.Context) ([]feeds.Item, error)
}

// feedsListing is what `feeds list` and `queue` read: the running serve
// that holds the data directory, else the feeds' state as it is on disk,
// read without the directory's lock, so that they answer at once beside
// an ingest and on a data directory this process cannot write.
func feedsListing(ctx context.Context, dir string) (feedLister, func(), error) {
	if err := checkDataDir(dir); err != nil {
		return nil, nil, err
	}
	if c, err := control.Dial(ctx, dir); err == nil {
		return c, c.Close, nil
	}
	l, err := feeds.OpenReadOnly(dir)
	if err != nil {
		return nil, nil, err
	}
	return l, func() {}, nil
}

// cmdFeeds follows, lists and stops following feeds.
func cmdFeeds(ctx context.Context, e env, args []string) error {
	const usage = "feeds: usage: talksbot feeds add URL [--auto-approve] [--interval D] | feeds list [--json] | feeds remove URL|ID"
	fs, data := newFlags(e, "feeds")
	auto := fs.Bool("auto-approve", false, "add: ingest the feed's items on topic without review")
	interval := fs.Duration("interval", 0, fmt.Sprintf("add: how often to poll (default %s, from %s to %s)", feeds.DefaultInterval, feeds.MinInterval, feeds.MaxInterval))
	asJSON := fs.Bool("json", false, "list: as JSON")
	allow := fetchAllowFlag(fs, e)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	sub := ""
	if len(pos) > 0 {
		sub, pos = pos[0], pos[1:]
	}
	switch {
	case sub == "add" && len(pos) == 1, sub == "remove" && len(pos) == 1, sub == "list" && len(pos) == 0:
	default:
		return errors.New(usage)
	}
	if sub == "list" {
		l, done, err := feedsListing(ctx, *data)
		if err != nil {
			return fmt.Errorf("feeds list: %w", termErr(err))
		}
		defer done()
		return listFeeds(ctx, e, l, *asJSON)
	}
	svc, done, err := feedsService(ctx, e, *data, *allow)
	if err != nil {
		return err
	}
	defer done()
	by := osUser(e)
	switch sub {
	case "add":
		res, err := svc.AddFeed(ctx, pos[0], *auto, *interval, by)
		if err != nil {
			return fmt.Errorf("feeds add: %w%s", termErr(err), blockedHint(err))
		}
		f, p := res.Feed, res.Poll
		fmt.Fprintf(e.stdout, "✓ following %s “%s” every %s%s: %d items, %d queued, %d off topic, %d already held\n",
			termSafe(f.ID), feedTitle(f), f.Interval, autoNote(f.AutoApprove), p.Entries, p.Queued, p.OffTopic, p.Duplicates)
		if p.Unread > 0 {
			fmt.Fprintf(e.stdout, "  only its first %d items were read; %d more are not seen\n", p.Entries, p.Unread)
		}
		if res.Approving > 0 {
			fmt.Fprintf(e.stdout, "  approving %d item(s) in the background; talksbot queue shows those left\n", res.Approving)
		}
		failed := printApprovals(e, res.Approved)
		if p.Queued > 0 && !f.AutoApprove {
			fmt.Fprintln(e.stdout, "  review them with: talksbot queue")
		}
		if failed > 0 {
			return fmt.Errorf("feeds add: %d item(s) not added", failed)
		}
	case "remove":
		f, err := svc.RemoveFeed(ctx, pos[0], by)
		if err != nil {
			return fmt.Errorf("feeds remove: %w", termErr(err))
		}
		fmt.Fprintf(e.stdout, "✓ no longer following %s “%s” (%s)\n", termSafe(f.ID), feedTitle(f), termSafe(f.URL))
	}
	return nil
}

// listFeeds prints the feeds followed.
func listFeeds(ctx context.Context, e env, l feedLister, asJSON bool) error {
	list, err := l.Feeds(ctx)
	if err != nil {
		return fmt.Errorf("feeds list: %w", termErr(err))
	}
	if asJSON {
		return writeJSON(e.stdout, list)
	}
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, "No feeds followed. Add one: talksbot feeds add URL")
	}
	now := time.Now()
	for _, f := range list {
		fmt.Fprintf(e.stdout, "%s  “%s”  %s  every %s%s\n", termSafe(f.ID), feedTitle(f), termSafe(f.URL), f.Interval, autoNote(f.AutoApprove))
		fmt.Fprintf(e.stdout, "    last polled %s · next poll %s · %d queued, %d off topic, %d already held\n",
			stamp(f.LastPolled, now), stamp(f.NextPoll, now), f.Queued, f.OffTopic, f.Duplicates)
		if f.LastError != "" {
			fmt.Fprintf(e.stdout, "    last error (%d failed in a row): %s\n", f.Failures, termSafe(f.LastError))
		}
	}
	return nil
}

// cmdQueue lists the feed items waiting for review, approves or rejects them.
func cmdQueue(ctx context.Context, e env, args []string) error {
	const usage = "queue: usage: talksbot queue [--json] | queue approve ID… | queue reject ID…"
	fs, data := newFlags(e, "queue")
	asJSON := fs.Bool("json", false, "as JSON")
	allow := fetchAllowFlag(fs, e)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	sub := ""
	if len(pos) > 0 {
		sub, pos = pos[0], pos[1:]
	}
	switch {
	case sub == "" && len(pos) == 0, (sub == "approve" || sub == "reject") && len(pos) > 0:
	default:
		return errors.New(usage)
	}
	if sub == "" {
		l, done, err := feedsListing(ctx, *data)
		if err != nil {
			return fmt.Errorf("queue: %w", termErr(err))
		}
		defer done()
		return listQueue(ctx, e, l, *asJSON)
	}
	svc, done, err := feedsService(ctx, e, *data, *allow)
	if err != nil {
		return err
	}
	defer done()
	by := osUser(e)
	switch sub {
	case "approve":
		var all []feeds.Approval
		failed := 0
		for _, id := range pos {
			a, err := svc.Approve(ctx, id, by)
			if err != nil {
				fmt.Fprintln(e.stderr, failLine(termSafe(id), termErr(err)))
				failed++
				continue
			}
			all = append(all, a)
		}
		if failed += printApprovals(e, all); failed > 0 {
			return fmt.Errorf("queue approve: %d item(s) not added", failed)
		}
	case "reject":
		failed := 0
		for _, id := range pos {
			it, err := svc.Reject(ctx, id, by)
			if err != nil {
				fmt.Fprintln(e.stderr, failLine(termSafe(id), termErr(err)))
				failed++
				continue
			}
			fmt.Fprintf(e.stdout, "✓ rejected %s “%s”: it will not come back\n", termSafe(it.ID), termSafe(it.Title))
		}
		if failed > 0 {
			return fmt.Errorf("queue reject: %d item(s) not rejected", failed)
		}
	}
	return nil
}

// printApprovals prints one line an approval, as ingest does, and returns
// how many did not add their page.
func printApprovals(e env, list []feeds.Approval) (failed int) {
	t := termSafe
	for _, a := range list {
		g := a.Ingested
		switch {
		case a.Error != "" && g.Status == "duplicate":
			fmt.Fprintf(e.stdout, "= %s: %s\n", t(a.Item.ID), t(a.Error))
		case a.Error != "":
			fmt.Fprintf(e.stderr, "✗ %s: %s\n", t(a.Item.ID), t(a.Error))
			failed++
		case g.Status == string(index.Unchanged):
			fmt.Fprintf(e.stdout, "= %s: already have it as %s “%s”\n", t(a.Item.ID), t(g.ID), t(g.Title))
		default:
			fmt.Fprintf(e.stdout, "✓ %s: %s %s “%s” (%d passages)\n", t(a.Item.ID), t(g.Status), t(g.ID), t(g.Title), g.Passages)
		}
	}
	return failed
}

func feedTitle(f feeds.Feed) string { return termSafe(cmpOr(f.Title, "untitled")) }

func autoNote(auto bool) string {
	if auto {
		return " (auto-approve)"
	}
	return ""
}

func stamp(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	s := t.UTC().Format("2006-01-02 15:04 UTC")
	if d := now.Sub(t).Round(time.Minute); d > 0 {
		return s + " (" + d.String() + " ago)"
	} else if d < 0 {
		return s + " (in " + (-d).String() + ")"
	}
	return s
}

func cmpOr(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// listQueue prints the items waiting for review.
func listQueue(ctx context.Context, e env, l feedLister, asJSON bool) error {
	q, err := l.Queue(ctx)
	if err != nil {
		return fmt.Errorf("queue: %w", termErr(err))
	}
	if asJSON {
		if q == nil {
			q = []feeds.Item{}
		}
		return writeJSON(e.stdout, q)
	}
	if len(q) == 0 {
		fmt.Fprintln(e.stdout, "No feed items are waiting for review.")
	}
	for _, it := range q {
		t := termSafe
		fmt.Fprintf(e.stdout, "%s  “%s”  %s · %s · from %s\n    %s\n", t(it.ID), t(it.Title), t(cmpOr(it.Outlet, "no outlet")), t(cmpOr(it.Published, "no date")), t(it.Feed), t(it.URL))
		if it.Error != "" {
			fmt.Fprintf(e.stdout, "    last approval failed: %s\n", t(it.Error))
		}
	}
	return nil
}
