// Package bot is talksbot on Discord: slash commands, quoted embeds, buttons,
// moderator commands and mentions, over the gateway (a discordgo Session) or
// Discord's HTTP interactions endpoint. Both share the same handlers; the
// answers come from small interfaces (Answerer, Library, Views, Ingester)
// so the package knows nothing of Bleve.
package bot

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// Answerer answers a question with at most n passages.
type Answerer interface {
	Ask(ctx context.Context, q string, n int) (index.Answer, error)
}

// Library lists the articles the bot holds.
type Library interface {
	Sources(ctx context.Context) ([]Source, error)
}

// Source is one article the bot holds.
type Source struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	DateNote  string `json:"date_note,omitempty"`
	Kind      string `json:"kind"`
	URL       string `json:"url"`
	Passages  int    `json:"passages"`
}

// Ingester adds articles and rebuilds the index for moderators. progress
// may be called from any goroutine.
type Ingester interface {
	IngestURL(ctx context.Context, url string, opt IngestOptions, progress func(string)) (IngestReport, error)
	IngestAttachment(ctx context.Context, name, contentType string, r io.Reader, opt IngestOptions, progress func(string)) (IngestReport, error)
	Reindex(ctx context.Context, progress func(done, total int)) (ReindexReport, error)
}

// IngestOptions are /ingest's options besides the source: force, and the
// article's metadata as the moderator gives it (empty: not given), which
// wins over the article's own. URL is the address of an attached file.
type IngestOptions struct {
	Force     bool
	Title     string
	Outlet    string
	Published string // YYYY-MM-DD
	URL       string
}

// IngestReport says what an ingest did.
type IngestReport struct {
	Status    string // "added", "updated", "unchanged", "duplicate" or "replaces"
	ID        string
	Title     string
	Outlet    string
	Published string
	URL       string
	Passages  int
	SameAs    string   // the stored article a duplicate repeats, or a replacement would replace
	SameTitle string   // that article's title
	Notes     []string // given metadata that replaced the article's own
}

// ReindexReport says what a rebuild did.
type ReindexReport struct {
	Articles int
	Passages int
	Took     time.Duration
	Skipped  string // article files that could not be used
}

// Config is what a Bot needs. Answerer and Library are required; Views and
// Ingester may be nil (their commands then say they are not available).
type Config struct {
	Answerer Answerer
	Library  Library
	Views    Views
	Ingester Ingester
	// Remover removes articles (/remove); nil: /remove says it is not
	// available.
	Remover Remover
	// Feeds follows feeds and keeps their review queue (/feeds, /queue);
	// nil: they say they are not available.
	Feeds Feeds
	// Aliases keeps the alias lexicon (/aliases); nil: it says it is not
	// available.
	Aliases Aliases

	// ApplicationID is the application's id, for servers that do not name
	// it (READY without "application", no GET /oauth2/applications/@me).
	// The id Discord names wins over it, with a warning when they differ.
	ApplicationID string

	// ModRoles are role IDs whose members may use moderator commands, in
	// addition to members with Manage Server or Administrator.
	ModRoles []string
	// Mentions answers messages that mention the bot (needs the message
	// content intent enabled for the application).
	Mentions bool

	Logger *slog.Logger
	// Now is the clock (cooldowns, page expiry); time.Now when nil.
	Now func() time.Time
	// Cooldown allows Burst questions per user every Per (3 per 10 s when zero).
	Burst int
	Per   time.Duration
	// ProgressEvery spaces out progress edits of long moderator commands
	// (1 s when zero; negative: every progress message is shown).
	ProgressEvery time.Duration
	// AttachmentClient downloads /ingest attachments (a 30 s client when nil);
	// AttachmentHosts are the hosts it may download from (Discord's CDN when nil).
	AttachmentClient *http.Client
	AttachmentHosts  []string

	// Metrics counts questions, ingests, rebuilds and gateway reconnects
	// (NewMetrics); nil counts nothing.
	Metrics *Metrics

	// Feedback keeps votes and coverage gaps (/gaps); nil keeps none and
	// the answers show no vote buttons.
	Feedback Feedback
	// Pins keeps the moderators' pinned answers (/gaps' pin buttons);
	// nil shows no pin buttons.
	Pins Pins
	// Charts draws /troops' and /timeline's charts; nil shows none.
	Charts Charts
	// Checker checks the claims of a message ("Check this message"); nil:
	// the command says it is not available.
	Checker Checker
}

// Bot answers Discord interactions. Create it with New; it is safe for
// concurrent use.
type Bot struct {
	cfg      Config
	log      *slog.Logger
	now      func() time.Time
	cool     *cooldown
	pages    *pageStore
	fixes    *fixStore     // what /gaps' pin flow showed (gapfix.go)
	confirms *confirmStore // ingests waiting for a moderator's confirmation (confirm.go)
	contexts *contexts     // members' last questions, for follow-ups
	threads  threadSet     // threads opened for follow-ups
	handlers map[string]handler
	gw       *gateway
	replays  replayGuard // interactions the HTTP endpoint has run

	mu        sync.Mutex
	botUserID string
	appID     string // from READY
	inflight  sync.WaitGroup
	closed    bool
}

// New returns a Bot.
func New(cfg Config) *Bot {
	b := &Bot{cfg: cfg, log: cfg.Logger, now: cfg.Now}
	if b.log == nil {
		b.log = slog.New(slog.DiscardHandler)
	}
	if b.now == nil {
		b.now = time.Now
	}
	burst, per := cfg.Burst, cfg.Per
	if burst <= 0 {
		burst = 3
	}
	if per <= 0 {
		per = 10 * time.Second
	}
	if b.cfg.ProgressEvery == 0 {
		b.cfg.ProgressEvery = time.Second
	}
	if b.cfg.AttachmentClient == nil {
		b.cfg.AttachmentClient = &http.Client{Timeout: 30 * time.Second}
	}
	if b.cfg.AttachmentHosts == nil {
		b.cfg.AttachmentHosts = []string{"cdn.discordapp.com", "media.discordapp.net"}
	}
	b.cool = newCooldown(burst, per, b.now)
	b.pages = newPageStore(b.now, pageTTL, maxPageSets)
	b.confirms = newConfirmStore(b.now)
	b.fixes = newFixStore(b.now)
	b.contexts = newContexts(b.now, followUpTTL, maxContexts)
	b.threads = threadSet{max: maxContexts}
	b.handlers = b.handlerTable()
	b.gw = newGateway(b)
	return b
}

// Intents are the gateway intents the bot needs.
func (b *Bot) Intents() discordgo.Intent {
	if b.cfg.Mentions {
		return discordgo.IntentsGuildMessages | discordgo.IntentsDirectMessages | discordgo.IntentMessageContent
	}
	return discordgo.IntentsNone
}

// begin counts a handler in flight; it is false once the bot is shutting down.
func (b *Bot) begin() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return false
	}
	b.inflight.Add(1)
	return true
}

func (b *Bot) end() { b.inflight.Done() }

// Drain stops taking new interactions and waits for those in flight, until
// ctx is done.
func (b *Bot) Drain(ctx context.Context) error {
	b.mu.Lock()
	b.closed = true
	b.mu.Unlock()
	done := make(chan struct{})
	go func() { b.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (b *Bot) setBotUser(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.botUserID = id
}

func (b *Bot) setAppID(id string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.appID = id
}

func (b *Bot) appIDFromReady() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.appID
}

func (b *Bot) botUser() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.botUserID
}
