package bot

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// maxAttachmentBytes caps an /ingest file.
const maxAttachmentBytes = 5 << 20

func (b *Bot) cmdSources(ctx context.Context, r *request) error {
	list, err := b.cfg.Library.Sources(ctx)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	return b.paged(ctx, r, renderSources(list, sourcesPerPage))
}

func (b *Bot) cmdHelp(ctx context.Context, r *request) error {
	list, err := b.cfg.Library.Sources(ctx)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	e := renderHelp(list, b.cfg.Views != nil, b.cfg.Ingester != nil, b.cfg.Mentions)
	return r.reply(ctx, message{Embeds: []*discordgo.MessageEmbed{e}, Ephemeral: true})
}

// articleChoices are the library's articles matching what is typed, best
// first: title prefix, then word prefix, then anywhere in title, outlet or ID.
func articleChoices(list []Source, typed string) []*discordgo.ApplicationCommandOptionChoice {
	typed = strings.ToLower(strings.TrimSpace(typed))
	type scored struct {
		s     Source
		score int
	}
	var hits []scored
	for _, s := range list {
		title := strings.ToLower(s.Title)
		score := 0
		switch {
		case typed == "":
			score = 1
		case strings.HasPrefix(title, typed):
			score = 4
		case strings.Contains(" "+title, " "+typed):
			score = 3
		case strings.Contains(title, typed):
			score = 2
		case strings.Contains(strings.ToLower(s.Outlet+" "+s.ID), typed):
			score = 1
		}
		if score > 0 {
			hits = append(hits, scored{s, score})
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].score != hits[j].score {
			return hits[i].score > hits[j].score
		}
		return hits[i].s.Published > hits[j].s.Published
	})
	var out []*discordgo.ApplicationCommandOptionChoice
	for _, h := range hits {
		if runes(h.s.ID) > maxChoiceValue {
			continue
		}
		suffix := " — " + outletLabel(h.s.Outlet) + ", " + dateLabel(h.s.Published, h.s.DateNote)
		name := truncate(h.s.Title, max(20, maxChoiceName-runes(suffix))) + suffix
		out = append(out, &discordgo.ApplicationCommandOptionChoice{Name: truncate(name, maxChoiceName), Value: h.s.ID})
		if len(out) == maxChoices {
			break
		}
	}
	return out
}

// progress shows a long command's progress by editing its deferred reply,
// at most once every ProgressEvery; messages in between are skipped (the
// result replaces them anyway).
type progress struct {
	b    *Bot
	r    *request
	ctx  context.Context
	mu   sync.Mutex
	last time.Time
	done bool
}

func (b *Bot) progress(ctx context.Context, r *request) *progress {
	return &progress{b: b, r: r, ctx: ctx}
}

func (p *progress) say(text string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if p.done || p.b.cfg.ProgressEvery > 0 && !p.last.IsZero() && now.Sub(p.last) < p.b.cfg.ProgressEvery {
		return
	}
	p.last = now
	if err := p.r.edit(p.ctx, message{Content: "⏳ " + escape(oneLine(text))}); err != nil {
		p.b.log.Warn("progress edit failed", "err", err, "interaction", p.r.describe())
	}
}

// stop lets no more progress through, so it cannot overwrite the result.
func (p *progress) stop() {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.done = true
}

func (b *Bot) moderatorLog(r *request, action string, args ...any) {
	attrs := append([]any{"action", action, "user", r.userID(), "user_name", userName(r.user()), "guild", r.ix.GuildID, "channel", r.ix.ChannelID}, args...)
	b.log.Info("moderator action", attrs...)
}

func (b *Bot) cmdIngest(ctx context.Context, r *request) error {
	if b.cfg.Ingester == nil {
		return userErrorf("Ingest is not available on this server yet.")
	}
	rawURL, fileID, force := strings.TrimSpace(r.str("url")), r.str("file"), r.boolean("force")
	opt := IngestOptions{Force: force, Title: strings.TrimSpace(r.str("title")), Outlet: strings.TrimSpace(r.str("outlet")),
		Published: strings.TrimSpace(r.str("published"))}
	if rawURL == "" && fileID == "" {
		return userErrorf("Give `url:` (the article's address) or `file:` (the article as an attachment, with `url:` its address if you like).")
	}
	if opt.Published != "" {
		if _, err := time.Parse(time.DateOnly, opt.Published); err != nil {
			return userErrorf("`published:` must be a date written YYYY-MM-DD, such as 2024-01-25.")
		}
	}
	var att *discordgo.MessageAttachment
	if rawURL != "" {
		if u, err := url.Parse(rawURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return userErrorf("`url:` must be a web address starting with https:// or http://.")
		}
	}
	if fileID != "" {
		opt.URL, rawURL = rawURL, "" // the file's address: nothing to fetch
		if res := r.ix.ApplicationCommandData().Resolved; res != nil {
			att = res.Attachments[fileID]
		}
		if att == nil {
			return userErrorf("I could not find the attached file. Attach it again.")
		}
		if att.Size > maxAttachmentBytes {
			return userErrorf("The file is %s; I take files up to %s.", sizeLabel(int64(att.Size)), sizeLabel(maxAttachmentBytes))
		}
	}
	if err := r.deferReply(ctx, true); err != nil {
		return err
	}
	return b.runIngest(ctx, r, ingestJob{user: r.userID(), rawURL: rawURL, att: att, opt: opt})
}

// ingestJob is one /ingest: what to read, with which options, for whom.
type ingestJob struct {
	user   string
	rawURL string
	att    *discordgo.MessageAttachment
	opt    IngestOptions
}

func (j ingestJob) what() string {
	if j.att != nil {
		return j.att.Filename
	}
	return j.rawURL
}

// runIngest does an ingest whose reply is deferred, showing its progress
// and then its report. An article refused as a near-duplicate or because
// it would replace another comes with buttons to add it anyway (confirm.go).
func (b *Bot) runIngest(ctx context.Context, r *request, j ingestJob) error {
	what := j.what()
	b.moderatorLog(r, "ingest", "source", what, "force", j.opt.Force)
	p := b.progress(ctx, r)
	p.say("Working on " + what + "…")
	var rep IngestReport
	var err error
	if j.att != nil {
		var body io.ReadCloser
		body, err = b.download(ctx, j.att)
		if err == nil {
			p.say("Downloaded " + j.att.Filename + "; reading it…")
			rep, err = b.cfg.Ingester.IngestAttachment(ctx, j.att.Filename, j.att.ContentType, body, j.opt, p.say)
			body.Close()
		}
	} else {
		rep, err = b.cfg.Ingester.IngestURL(ctx, j.rawURL, j.opt, p.say)
	}
	p.stop()
	if err != nil {
		b.cfg.Metrics.ingest("error")
		b.moderatorLog(r, "ingest failed", "source", what, "err", err)
		return userErrorf("Could not add %s: %s", escape(what), escape(err.Error()))
	}
	b.cfg.Metrics.ingest(rep.Status)
	b.moderatorLog(r, "ingest done", "source", what, "status", rep.Status, "article", rep.ID, "passages", rep.Passages)
	m := message{Embeds: []*discordgo.MessageEmbed{renderIngest(rep)}, Components: []discordgo.MessageComponent{}}
	if (rep.Status == "replaces" || rep.Status == "duplicate") && !j.opt.Force {
		j.opt.Force = true
		m.Components = confirmButtons(b.confirms.put(j), rep.Status)
	}
	return r.edit(ctx, m)
}

func (b *Bot) cmdReindex(ctx context.Context, r *request) error {
	if b.cfg.Ingester == nil {
		return userErrorf("Reindex is not available on this server yet.")
	}
	if err := r.deferReply(ctx, true); err != nil {
		return err
	}
	b.moderatorLog(r, "reindex")
	p := b.progress(ctx, r)
	p.say("Rebuilding the index; questions are still answered meanwhile…")
	rep, err := b.cfg.Ingester.Reindex(ctx, func(done, total int) {
		p.say(fmt.Sprintf("Rebuilding the index: %d of %d articles…", done, total))
	})
	p.stop()
	b.cfg.Metrics.reindex(rep.Took, err)
	if err != nil {
		b.moderatorLog(r, "reindex failed", "err", err)
		return userErrorf("The rebuild failed: %s. The old index keeps answering.", escape(err.Error()))
	}
	b.moderatorLog(r, "reindex done", "articles", rep.Articles, "passages", rep.Passages, "took", rep.Took)
	return r.edit(ctx, message{Embeds: []*discordgo.MessageEmbed{renderReindex(rep)}})
}

// download fetches an attachment from Discord's CDN (or an allowed host).
func (b *Bot) download(ctx context.Context, att *discordgo.MessageAttachment) (io.ReadCloser, error) {
	u, err := url.Parse(att.URL)
	if err != nil || !b.attachmentHostAllowed(u) {
		return nil, userErrorf("I only download attachments from Discord.")
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	resp, err := b.attachmentClient().Do(req)
	if err != nil {
		var notAllowed *hopError
		if errors.As(err, &notAllowed) {
			return nil, userErrorf("I only download attachments from Discord (the file's address redirected elsewhere).")
		}
		return nil, fmt.Errorf("download attachment: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, userErrorf("Discord would not give me the file (HTTP %d). Attach it again.", resp.StatusCode)
	}
	return struct {
		io.Reader
		io.Closer
	}{io.LimitReader(resp.Body, maxAttachmentBytes+1), resp.Body}, nil
}

// hopError is a redirect to a host attachments may not come from.
type hopError struct{ url string }

func (e *hopError) Error() string { return "redirect to " + e.url + ": not an attachment host" }

// attachmentClient is the configured client, checking every redirect hop
// against the attachment hosts too (the client's own dialer checks the
// addresses: serve gives it the SSRF-safe fetcher's).
func (b *Bot) attachmentClient() *http.Client {
	c := *b.cfg.AttachmentClient
	next := c.CheckRedirect
	c.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !b.attachmentHostAllowed(req.URL) {
			return &hopError{req.URL.Redacted()}
		}
		if len(via) >= 3 {
			return fmt.Errorf("more than 3 redirects")
		}
		if next != nil {
			return next(req, via)
		}
		return nil
	}
	return &c
}

func (b *Bot) attachmentHostAllowed(u *url.URL) bool {
	if u.Scheme == "https" && slices.Contains(b.cfg.AttachmentHosts, u.Hostname()) {
		return true
	}
	// Test servers and self-hosted Discord-compatible servers are named
	// with their port.
	return (u.Scheme == "https" || u.Scheme == "http") && slices.Contains(b.cfg.AttachmentHosts, u.Host) && u.Port() != ""
}

func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
