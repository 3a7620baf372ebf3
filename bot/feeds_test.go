package bot

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/corpus/feeds"
)

// fakeFeeds is a Feeds with one feed and two queued items; approving
// item 2 is refused as not prose.
type fakeFeeds struct {
	mu       sync.Mutex
	added    []string
	decided  map[string]string // item → "approved by …" / "rejected by …"
	interval time.Duration
}

func (f *fakeFeeds) AddFeed(ctx context.Context, url string, auto bool, interval time.Duration, by string) (feeds.AddResult, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if strings.Contains(url, "page") {
		return feeds.AddResult{}, fmt.Errorf("%s is an HTML page, not a feed: %w", url, feeds.ErrNotFeed)
	}
	f.added, f.interval = append(f.added, url+" by "+by), interval
	return feeds.AddResult{Feed: feeds.Feed{ID: "f1", URL: url, Title: "Wire", Interval: feeds.DefaultInterval},
		Poll: feeds.PollResult{Entries: 3, Queued: 2, OffTopic: 1}}, nil
}

func (f *fakeFeeds) Feeds(ctx context.Context) ([]feeds.Feed, error) {
	return []feeds.Feed{{ID: "f1", URL: "https://wire.example/rss", Title: "Wire", Interval: time.Hour, LastError: "fetch failed: HTTP 502", Failures: 2}}, nil
}

func (f *fakeFeeds) RemoveFeed(ctx context.Context, id, by string) (feeds.Feed, error) {
	if id != "f1" {
		return feeds.Feed{}, fmt.Errorf("%q: %w", id, feeds.ErrNoFeed)
	}
	return feeds.Feed{ID: "f1", URL: "https://wire.example/rss", Title: "Wire"}, nil
}

func (f *fakeFeeds) Queue(ctx context.Context) ([]feeds.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	var q []feeds.Item
	for _, it := range []feeds.Item{
		{ID: "1", Title: "Iraq talks open", URL: "https://wire.example/1", Outlet: "Wire", Published: "2024-01-25", Status: feeds.Pending},
		{ID: "2", Title: "Baghdad list", URL: "https://wire.example/2", Outlet: "Wire", Status: feeds.Pending},
	} {
		if f.decided[it.ID] == "" {
			q = append(q, it)
		}
	}
	return q, nil
}

func (f *fakeFeeds) Approve(ctx context.Context, id, by string) (feeds.Approval, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.decided[id] != "" {
		return feeds.Approval{}, fmt.Errorf("item %s: %w", id, feeds.ErrNotPending)
	}
	f.decided[id] = "approved by " + by
	if id == "2" {
		return feeds.Approval{Item: feeds.Item{ID: id, Title: "Baghdad list", Status: feeds.Refused}, Error: "not prose: reads like key:value lines or code"}, nil
	}
	return feeds.Approval{Item: feeds.Item{ID: id, Status: feeds.Approved, Article: "wire-2024-01-25-iraq-talks-open"},
		Ingested: feeds.Ingested{Status: "added", ID: "wire-2024-01-25-iraq-talks-open", Title: "Iraq talks open", Outlet: "Wire", Passages: 9}}, nil
}

func (f *fakeFeeds) Reject(ctx context.Context, id, by string) (feeds.Item, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.decided[id] = "rejected by " + by
	return feeds.Item{ID: id, Title: "Iraq talks open", Status: feeds.Rejected}, nil
}

// TestFeedsCommands: /feeds and /queue through the fake Discord; both, and
// the queue's buttons, are for moderators only, checked by the bot.
func TestFeedsCommands(t *testing.T) {
	h := newHarness(t)
	ff := &fakeFeeds{decided: map[string]string{}}
	h.bot.cfg.Feeds = ff

	t.Run("refused for members", func(t *testing.T) {
		for _, in := range []fakediscord.Interaction{
			{Name: "feeds", GuildID: fakediscord.OtherGuildID, Options: subcommand("add", opt("url", str("https://wire.example/rss")))},
			{Name: "queue", GuildID: fakediscord.OtherGuildID},
			{Type: discordgo.InteractionMessageComponent, CustomID: "qa:1"},
			{Type: discordgo.InteractionMessageComponent, CustomID: "qr:1"},
			{Type: discordgo.InteractionMessageComponent, CustomID: "qa:1", DM: true},
		} {
			_, cb := h.interact(t, in)
			if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "moderators") && !strings.Contains(cb.Data.Content, "direct messages") {
				t.Errorf("member's %s%s: %s", in.Name, in.CustomID, cb.raw)
			}
		}
		if len(ff.added) != 0 || len(ff.decided) != 0 {
			t.Errorf("a member changed the feeds: %v %v", ff.added, ff.decided)
		}
	})

	t.Run("add, list, remove", func(t *testing.T) {
		token, cb := h.interact(t, fakediscord.Interaction{Name: "feeds", Permissions: fakediscord.AdminPermissions,
			Options: subcommand("add", opt("url", str("https://wire.example/rss")), opt("interval", str("2h")))})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Fatalf("/feeds add: %s", cb.raw)
		}
		h.waitEdit(t, token, "Following Wire")
		if len(ff.added) != 1 || !strings.Contains(ff.added[0], "by discord:") || ff.interval != 2*time.Hour {
			t.Errorf("added %v every %s", ff.added, ff.interval)
		}
		token, _ = h.interact(t, fakediscord.Interaction{Name: "feeds", Permissions: fakediscord.AdminPermissions,
			Options: subcommand("add", opt("url", str("https://wire.example/page")))})
		h.waitEdit(t, token, "is an HTML page, not a feed")
		_, cb = h.interact(t, fakediscord.Interaction{Name: "feeds", Permissions: fakediscord.AdminPermissions, Options: subcommand("add", opt("url", str("https://x.example/rss")), opt("interval", str("often")))})
		if !strings.Contains(cb.Data.Content, "duration") {
			t.Errorf("bad interval: %s", cb.raw)
		}
		_, cb = h.interact(t, fakediscord.Interaction{Name: "feeds", Permissions: fakediscord.AdminPermissions, Options: subcommand("list")})
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || len(cb.Data.Embeds) != 1 || !strings.Contains(string(cb.raw), "HTTP 502") || !strings.Contains(string(cb.raw), "next") {
			t.Errorf("/feeds list: %s", cb.raw)
		}
		_, cb = h.interact(t, fakediscord.Interaction{Name: "feeds", Permissions: fakediscord.AdminPermissions, Options: subcommand("remove", opt("feed", str("f9")))})
		if !strings.Contains(cb.Data.Content, "no such feed") {
			t.Errorf("/feeds remove f9: %s", cb.raw)
		}
		_, cb = h.interact(t, fakediscord.Interaction{Name: "feeds", Permissions: fakediscord.AdminPermissions, Options: subcommand("remove", opt("feed", str("f1")))})
		if len(cb.Data.Embeds) != 1 || !strings.Contains(cb.Data.Embeds[0].Title, "No longer following") {
			t.Errorf("/feeds remove f1: %s", cb.raw)
		}
	})

	t.Run("queue and its buttons", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "queue", GuildID: fakediscord.OtherGuildID, Roles: []string{modRole}})
		raw := string(cb.raw)
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || len(cb.Data.Embeds) != 2 || len(cb.Data.Components) != 2 ||
			!strings.Contains(raw, `"qa:1"`) || !strings.Contains(raw, `"qr:2"`) || cb.Data.Embeds[0].URL != "https://wire.example/1" ||
			!strings.Contains(cb.Data.Embeds[0].Description, "Wire") || !strings.Contains(cb.Data.Embeds[0].Description, "2024") {
			t.Fatalf("/queue: %s", raw)
		}
		token, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: "qa:1", Permissions: fakediscord.AdminPermissions})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Fatalf("Approve: %s", cb.raw)
		}
		body := h.waitEdit(t, token, "Added to the library")
		if !strings.Contains(body, "wire-2024-01-25-iraq-talks-open") || !strings.Contains(body, "9 passages") {
			t.Errorf("Approve's reply: %s", body)
		}
		token, _ = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: "qa:2", Permissions: fakediscord.AdminPermissions})
		h.waitEdit(t, token, "not prose")
		token, _ = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: "qa:1", Permissions: fakediscord.AdminPermissions})
		h.waitEdit(t, token, "already decided")
		_, cb = h.interact(t, fakediscord.Interaction{Name: "queue", Permissions: fakediscord.AdminPermissions})
		if !strings.Contains(cb.Data.Content, "No feed items") {
			t.Errorf("/queue after deciding both: %s", cb.raw)
		}
		if !strings.HasPrefix(ff.decided["1"], "approved by discord:") {
			t.Errorf("decided %v", ff.decided)
		}
		if l := h.logs.String(); !strings.Contains(l, `action="queue approve"`) || !strings.Contains(l, "item=1") {
			t.Errorf("approval not logged:\n%s", l)
		}
	})
}
