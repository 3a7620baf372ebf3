package bot

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/corpus/feeds"
)

// Feeds follows feeds and keeps their review queue for moderators
// (*feeds.Manager). by is who asked, for the log.
type Feeds interface {
	AddFeed(ctx context.Context, url string, autoApprove bool, interval time.Duration, by string) (feeds.AddResult, error)
	Feeds(ctx context.Context) ([]feeds.Feed, error)
	RemoveFeed(ctx context.Context, idOrURL, by string) (feeds.Feed, error)
	Queue(ctx context.Context) ([]feeds.Item, error)
	Approve(ctx context.Context, id, by string) (feeds.Approval, error)
	Reject(ctx context.Context, id, by string) (feeds.Item, error)
}

// queueShown is how many items /queue shows, one action row each.
const queueShown = 5

// feedsCommands are /feeds' and /queue's entries in the command table.
func feedsCommands(moderator func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand) []*discordgo.ApplicationCommand {
	return []*discordgo.ApplicationCommand{
		moderator("feeds", "Follow news feeds; their items wait in /queue (moderators)",
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Follow an RSS, Atom or JSON feed",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: "url", Required: true, Description: "The feed's address", MaxLength: 2000},
					{Type: discordgo.ApplicationCommandOptionBoolean, Name: "auto-approve", Description: "Add its items on topic without review"},
					{Type: discordgo.ApplicationCommandOptionString, Name: "interval", Description: "How often to look, e.g. 30m or 2h (default 30m, at least 5m)", MaxLength: 20},
				},
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "The feeds followed: last polled, last error, next poll",
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Stop following a feed",
				Options: []*discordgo.ApplicationCommandOption{
					{Type: discordgo.ApplicationCommandOptionString, Name: "feed", Required: true, Description: "The feed's id (from /feeds list) or address", MaxLength: 2000},
				},
			}),
		moderator("queue", "Feed items waiting for review, with Approve and Reject buttons (moderators)"),
	}
}

// subcommand is the subcommand used and its options.
func (r *request) subcommand() (string, map[string]any) {
	for _, o := range r.ix.ApplicationCommandData().Options {
		if o.Type == discordgo.ApplicationCommandOptionSubCommand {
			opts := map[string]any{}
			for _, so := range o.Options {
				opts[so.Name] = so.Value
			}
			return o.Name, opts
		}
	}
	return "", nil
}

func (r *request) by() string { return "discord:" + userName(r.user()) + " (" + r.userID() + ")" }

func (b *Bot) cmdFeeds(ctx context.Context, r *request) error {
	if b.cfg.Feeds == nil {
		return userErrorf("Feeds are not available on this server.")
	}
	sub, opts := r.subcommand()
	str := func(k string) string { s, _ := opts[k].(string); return strings.TrimSpace(s) }
	switch sub {
	case "add":
		addr := str("url")
		auto, _ := opts["auto-approve"].(bool)
		var interval time.Duration
		if s := str("interval"); s != "" {
			d, err := time.ParseDuration(s)
			if err != nil {
				return userErrorf("`interval:` must be a duration such as 30m or 2h.")
			}
			interval = d
		}
		if err := r.deferReply(ctx, true); err != nil {
			return err
		}
		b.moderatorLog(r, "feeds add", "url", addr, "auto_approve", auto, "interval", interval)
		res, err := b.cfg.Feeds.AddFeed(ctx, addr, auto, interval, r.by())
		if err != nil {
			b.moderatorLog(r, "feeds add failed", "url", addr, "err", err)
			return userErrorf("Could not follow %s: %s", escape(truncate(addr, 200)), escape(err.Error()))
		}
		return r.edit(ctx, message{Embeds: []*discordgo.MessageEmbed{renderFeedAdded(res)}})
	case "list":
		list, err := b.cfg.Feeds.Feeds(ctx)
		if err != nil {
			return err
		}
		return r.reply(ctx, message{Embeds: []*discordgo.MessageEmbed{renderFeeds(list, b.now())}, Ephemeral: true})
	case "remove":
		which := str("feed")
		b.moderatorLog(r, "feeds remove", "feed", which)
		f, err := b.cfg.Feeds.RemoveFeed(ctx, which, r.by())
		if err != nil {
			return userErrorf("Could not remove the feed %s: %s", escape(truncate(which, 200)), escape(err.Error()))
		}
		return r.reply(ctx, message{Embeds: []*discordgo.MessageEmbed{{Type: discordgo.EmbedTypeRich, Color: colorInfo,
			Title:       "No longer following " + truncate(feedName(f), 200),
			Description: fmt.Sprintf("`%s` %s\nIts items waiting in /queue left with it; the items decided are remembered.", f.ID, escape(truncate(f.URL, 500)))}}, Ephemeral: true})
	}
	return userErrorf("Use `/feeds add`, `/feeds list` or `/feeds remove`.")
}

func (b *Bot) cmdQueue(ctx context.Context, r *request) error {
	if b.cfg.Feeds == nil {
		return userErrorf("Feeds are not available on this server.")
	}
	q, err := b.cfg.Feeds.Queue(ctx)
	if err != nil {
		return err
	}
	return r.reply(ctx, renderQueue(q))
}

// onQueueButton runs an Approve (qa:ID) or Reject (qr:ID) button: for
// moderators only, checked here whatever message the button is on.
func (b *Bot) onQueueButton(ctx context.Context, r *request, kind, id string) error {
	if err := b.checkModerator(r, "queue"); err != nil {
		return err
	}
	if b.cfg.Feeds == nil {
		return userErrorf("Feeds are not available on this server.")
	}
	if kind == "qr" {
		b.moderatorLog(r, "queue reject", "item", id)
		it, err := b.cfg.Feeds.Reject(ctx, id, r.by())
		if err != nil {
			return userErrorf("Could not reject item %s: %s", escape(id), escape(err.Error()))
		}
		return r.reply(ctx, message{Ephemeral: true, Embeds: []*discordgo.MessageEmbed{{Type: discordgo.EmbedTypeRich, Color: colorInfo,
			Title: "Rejected", Description: link(truncate(it.Title, 200), it.URL) + "\nIt will not come back from its feed."}}})
	}
	if err := r.deferReply(ctx, true); err != nil {
		return err
	}
	b.moderatorLog(r, "queue approve", "item", id)
	a, err := b.cfg.Feeds.Approve(ctx, id, r.by())
	if err != nil {
		b.moderatorLog(r, "queue approve failed", "item", id, "err", err)
		return userErrorf("Could not approve item %s: %s", escape(id), escape(err.Error()))
	}
	b.cfg.Metrics.ingest(cmpStatus(a))
	b.moderatorLog(r, "queue approve done", "item", id, "status", a.Item.Status, "article", a.Ingested.ID, "err", a.Error)
	return r.edit(ctx, message{Embeds: []*discordgo.MessageEmbed{renderApproval(a)}})
}

func cmpStatus(a feeds.Approval) string {
	if a.Error != "" && a.Ingested.Status == "" {
		return "error"
	}
	return a.Ingested.Status
}

func feedName(f feeds.Feed) string {
	if f.Title != "" {
		return f.Title
	}
	return f.URL
}

func renderFeedAdded(res feeds.AddResult) *discordgo.MessageEmbed {
	f := res.Feed
	desc := fmt.Sprintf("`%s` %s\nEvery %s. First look: %d items, %s queued, %d off topic, %d already held.",
		f.ID, escape(truncate(f.URL, 500)), f.Interval, res.Poll.Entries, plural(res.Poll.Queued, "item"), res.Poll.OffTopic, res.Poll.Duplicates)
	if f.AutoApprove {
		added := 0
		for _, a := range res.Approved {
			if a.OK() {
				added++
			}
		}
		desc += fmt.Sprintf("\nAuto-approve: %d of %d added to the library.", added, len(res.Approved))
	} else if res.Poll.Queued > 0 {
		desc += "\nReview them with /queue."
	}
	return &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorInfo, Title: "Following " + truncate(feedName(f), 200), Description: desc}
}

func renderFeeds(list []feeds.Feed, now time.Time) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorInfo, Title: "Feeds followed"}
	if len(list) == 0 {
		e.Description = "None yet. Add one with `/feeds add url:`."
		return e
	}
	for i, f := range list {
		if i == maxFeedFields {
			e.Description = fmt.Sprintf("%d more: `talksbot feeds list` shows them all.", len(list)-i)
			break
		}
		v := fmt.Sprintf("%s\nevery %s%s · last polled %s · next %s", escape(truncate(f.URL, 300)), f.Interval, autoLabel(f.AutoApprove), ago(f.LastPolled, now), when(f.NextPoll, now))
		if f.LastError != "" {
			v += fmt.Sprintf("\n⚠ %d failed: %s", f.Failures, escape(truncate(f.LastError, 300)))
		}
		v += fmt.Sprintf("\n%d queued · %d off topic · %d already held", f.Queued, f.OffTopic, f.Duplicates)
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: truncate(f.ID+" · "+feedName(f), 250), Value: truncate(v, 1000)})
	}
	return e
}

const maxFeedFields = 10

func autoLabel(auto bool) string {
	if auto {
		return " · auto-approve"
	}
	return ""
}

func ago(t, now time.Time) string {
	if t.IsZero() {
		return "never"
	}
	return now.Sub(t).Round(time.Minute).String() + " ago"
}

func when(t, now time.Time) string {
	if !t.After(now) {
		return "now"
	}
	return "in " + t.Sub(now).Round(time.Minute).String()
}

func renderQueue(q []feeds.Item) message {
	m := message{Ephemeral: true}
	if len(q) == 0 {
		m.Content = "No feed items are waiting for review."
		return m
	}
	m.Content = fmt.Sprintf("%s waiting for review, oldest first.", plural(len(q), "item"))
	if len(q) > queueShown {
		m.Content += fmt.Sprintf(" Showing %d; decide these to see more (or use `talksbot queue`).", queueShown)
	}
	for _, it := range q[:min(len(q), queueShown)] {
		desc := fmt.Sprintf("%s · %s · item `%s`", escape(outletLabel(it.Outlet)), escape(dateLabel(it.Published, "")), it.ID)
		if it.Summary != "" {
			desc += "\n" + escape(truncate(it.Summary, 300))
		}
		if it.Error != "" {
			desc += "\n⚠ The last approval failed: " + escape(truncate(it.Error, 300))
		}
		m.Embeds = append(m.Embeds, &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorInfo,
			Title: truncate(it.Title, 250), URL: it.URL, Description: desc})
		m.Components = append(m.Components, discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Approve " + truncate(it.ID, 20), Style: discordgo.SuccessButton, CustomID: "qa:" + it.ID},
			discordgo.Button{Label: "Reject " + truncate(it.ID, 20), Style: discordgo.DangerButton, CustomID: "qr:" + it.ID},
		}})
	}
	return m
}

// renderApproval says what approving an item did: what was added, or why not.
func renderApproval(a feeds.Approval) *discordgo.MessageEmbed {
	g := a.Ingested
	switch {
	case a.Error != "" && a.Item.Status == feeds.Pending:
		return &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorWarn, Title: "Not added yet",
			Description: fmt.Sprintf("%s\n%s\nIt stays in the queue: try again later, or reject it.", link(truncate(a.Item.Title, 200), a.Item.URL), escape(truncate(a.Error, 1000)))}
	case g.Status == "duplicate" || g.Status == "replaces":
		return renderIngest(IngestReport{Status: g.Status, ID: g.ID, Title: g.Title, URL: g.URL, SameAs: g.SameAs, SameTitle: g.SameTitle})
	case a.Error != "":
		return &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorWarn, Title: "Refused",
			Description: fmt.Sprintf("%s\n%s", link(truncate(a.Item.Title, 200), a.Item.URL), escape(truncate(a.Error, 1000)))}
	}
	return renderIngest(IngestReport{Status: g.Status, ID: g.ID, Title: g.Title, Outlet: g.Outlet, Published: g.Published, URL: g.URL, Passages: g.Passages})
}
