package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// cmdServe runs the Discord bot: over the gateway, or as an HTTP
// interactions endpoint with --http. Its settings are in config.go.
func cmdServe(ctx context.Context, e env, args []string) error {
	c, err := loadConfig(e, "serve", args)
	if err != nil {
		return err
	}
	if len(c.args) > 0 {
		return fmt.Errorf("serve: unexpected argument %q (settings are flags or environment variables: talksbot config)", c.args[0])
	}
	if ps := c.problems(); len(ps) > 0 {
		return problemsError(ps)
	}
	token, _ := c.token()
	log := newLogger(c, e.stderr, token)
	setDiscordLogger(log)
	var api *url.URL
	if raw := c.str("discord-api-url"); raw != "" {
		api, _ = bot.ParseAPIURL(raw)
	}
	pub, _ := hex.DecodeString(c.str("discord-public-key"))

	reg := newRegistry()
	metrics, err := bot.NewMetrics(reg)
	if err != nil {
		return fmt.Errorf("serve: metrics: %w", err)
	}
	hosts := []string{"cdn.discordapp.com", "media.discordapp.net"}
	if api != nil {
		hosts = append(hosts, api.Hostname(), api.Host)
	}
	var attachments *http.Client // nil: the bot's plain client, for a fake Discord on loopback
	if api == nil {
		// Discord's CDN: every address dialled (each redirect hop too) must
		// be public, and every hop's host is checked by the bot.
		attachments = ingest.NewFetcher().Client
	}
	cfg := bot.Config{
		AttachmentClient: attachments,
		ApplicationID:    c.str("application-id"),
		ModRoles:         splitList(c.str("mod-role")),
		Mentions:         c.boolean("message-content"),
		Logger:           log,
		AttachmentHosts:  hosts,
		Metrics:          metrics,
	}
	var x *index.Index
	if c.boolean("read-only") {
		r, err := openReplica(ctx, log, c.str("data"), c.duration("reload-every"))
		if err != nil {
			return err
		}
		defer r.Close()
		x = r.Index
		cfg.Answerer, cfg.Library, cfg.Ingester = r, &library{load: r.Articles}, readOnlyIngester{}
		cfg.Remover, cfg.Aliases = readOnlyIngester{}, replicaAliases{r}
	} else {
		d, err := openData(ctx, e, c.str("data"))
		if err != nil {
			return err
		}
		defer d.Close()
		if d.Damaged != nil {
			log.Warn("rebuilt the damaged index from the article store", "err", d.Damaged)
		}
		// On start the index is brought in line with the store: articles a
		// crash left stored but unindexed are indexed, entries without an
		// article removed.
		if added, removed, err := d.Reconcile(ctx); err != nil {
			log.Error("reconcile the index with the article store", "err", err)
		} else if added += d.Repaired; added > 0 || removed > 0 {
			log.Info("reconciled the index with the article store", "indexed", added, "removed", removed)
		}
		x = d.Index
		pins, stopPins := watchPins(ctx, log, d.Index, c.str("data"), metrics) // the moderators' pins, reloaded on a change
		defer stopPins()
		lib := &library{d: d}
		opts, err := fetchOptions(e, c.str("fetch-allow"), log)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		if xc, err := placesOf(e.getenv).locate(); err != nil {
			log.Warn("HTML pages cannot be ingested", "err", err)
		} else {
			log.Info("HTML extractor", "path", xc.Path, "why", xc.Why)
		}
		if v := c.str("fetch-allow"); v != "" {
			log.Warn("fetching past the address check from the operator's allow-list", "fetch_allow", v)
		}
		g := &dataIngester{d: d, lib: lib, fetch: newFetcher(opts...), log: log, publish: c.str("publish")}
		g.publishNow(ctx)
		// d, not d.Index: Data.Ask answers from the read-only index after
		// a failed write (a full disk).
		cfg.Answerer, cfg.Library, cfg.Ingester = d, lib, g
		cfg.Remover = g
		fm, err := openFeeds(g, log)
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		cfg.Feeds = fm
		// Polls run beside the bot; they stop (and are waited for) before
		// the data directory closes.
		pctx, stopPolls := context.WithCancel(ctx)
		polled := make(chan struct{})
		go func() { defer close(polled); fm.Run(pctx, feedsPollCheck) }()
		defer func() { stopPolls(); <-polled }()
		aliases := &aliasEditor{d: d, log: log, changed: func(ctx context.Context) {
			g.lib.forget()
			g.publishNow(ctx)
		}}
		cfg.Aliases = aliases
		defer startControl(log, d, g, fm, aliases)()
		fb, err := openBotFeedback(c.str("data"), metrics)
		if err != nil {
			return fmt.Errorf("serve: feedback store: %w", err)
		}
		defer fb.Close()
		cfg.Feedback = botFeedback{fb}
		cfg.Pins = botPins{st: fb, x: d.Index, w: pins}
	}
	cfg.Views, cfg.Charts, cfg.Checker = bot.IndexViews(x), viewCharts{x}, x
	if err := registerIndexMetrics(reg, x); err != nil {
		return fmt.Errorf("serve: metrics: %w", err)
	}
	b := bot.New(cfg)
	s, err := bot.NewSession(token, api)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	httpMode := c.str("http") != ""
	if !httpMode {
		if err := setShards(s, c); err != nil {
			return err
		}
	}

	probes := []probe{{"index", func() error { _, err := x.DocCount(); return err }}}
	if !httpMode {
		probes = append(probes, probe{"gateway", func() error {
			if !b.Connected() {
				return errors.New("not connected to Discord's gateway")
			}
			return nil
		}})
	}
	if addr := c.str("admin-addr"); addr != "" {
		stop, err := startAdmin(log, addr, adminHandler(reg, probes))
		if err != nil {
			return fmt.Errorf("serve: %w", err)
		}
		defer stop()
	}
	guild := c.str("discord-guild-id")
	if !httpMode {
		return b.Run(ctx, s, guild)
	}
	return serveHTTP(ctx, log, b, s, pub, c.str("http"), guild)
}

// setShards sets the Session's shard, asking Discord for the recommended
// count when the configured count is auto.
func setShards(s *discordgo.Session, c *config) error {
	id, count := c.integer("shard-id"), c.shardCount()
	if count == 0 {
		gb, err := s.GatewayBot()
		if err != nil {
			return fmt.Errorf("serve: ask Discord for the recommended shard count: %w", err)
		}
		count = max(gb.Shards, 1)
		if id >= count {
			return fmt.Errorf("serve: shard %d does not exist: Discord recommends %d shard(s) (ids 0 to %d)", id, count, count-1)
		}
	}
	s.ShardID, s.ShardCount = id, count
	return nil
}

// serveHTTP serves the HTTP interactions endpoint until ctx is done.
func serveHTTP(ctx context.Context, log *slog.Logger, b *bot.Bot, s *discordgo.Session, pub ed25519.PublicKey, addr, guild string) error {
	if err := b.Register(ctx, s, guild); err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("serve --http: %w", err)
	}
	srv := &http.Server{
		Handler:           b.HTTPHandler(s, pub),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      30 * time.Second,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	log.Info("serving the HTTP interactions endpoint; set it as the Interactions Endpoint URL", "addr", l.Addr().String())
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(l) }()
	select {
	case err := <-errc:
		return fmt.Errorf("serve --http: %w", err)
	case <-ctx.Done():
	}
	log.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	srv.Shutdown(sctx)
	b.Drain(sctx)
	return nil
}

func splitList(s string) []string {
	if out := strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }); len(out) > 0 {
		return out
	}
	return nil // none, as before
}

// redactor hides a secret in everything written through it.
type redactor struct {
	mu     sync.Mutex
	w      io.Writer
	secret string
}

func (r *redactor) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	s := strings.ReplaceAll(string(p), r.secret, "[token]")
	if _, err := io.WriteString(r.w, s); err != nil {
		return 0, err
	}
	return len(p), nil
}

// library lists the store's articles for the bot, cached briefly
// (autocomplete asks on every keystroke).
type library struct {
	d    *index.Data                       // the writer's store; or
	load func() ([]*corpus.Article, error) // a replica's articles

	mu   sync.Mutex
	at   time.Time
	list []bot.Source
}

func (l *library) Sources(ctx context.Context) ([]bot.Source, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.list != nil && time.Since(l.at) < time.Minute {
		return l.list, nil
	}
	load := l.load
	if load == nil {
		load = l.d.Store.Load
	}
	articles, err := load()
	if len(articles) == 0 && err != nil {
		return nil, err
	}
	list := make([]bot.Source, 0, len(articles))
	for _, a := range articles {
		list = append(list, control.SourceOf(a))
	}
	l.list, l.at = list, time.Now()
	return list, nil
}

func (l *library) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = nil
}

// dataIngester adds articles to the data directory for /ingest and /reindex,
// and publishes the index for replicas after each change when publish is set.
type dataIngester struct {
	d       *index.Data
	lib     *library
	fetch   *ingest.Fetcher
	log     *slog.Logger
	publish string
}

func (g *dataIngester) IngestURL(ctx context.Context, u string, opt bot.IngestOptions, progress func(string)) (bot.IngestReport, error) {
	progress("Fetching " + u + "…")
	a, err := g.fetch.Fetch(ctx, u)
	if err != nil {
		return bot.IngestReport{}, err
	}
	return g.add(ctx, a, opt, progress)
}

func (g *dataIngester) IngestAttachment(ctx context.Context, name, contentType string, r io.Reader, opt bot.IngestOptions, progress func(string)) (bot.IngestReport, error) {
	a, err := ingest.FromReader(ctx, g.htmlExtractor(), name, contentType, r, maxIngestBytes)
	if err != nil {
		return bot.IngestReport{}, err
	}
	return g.add(ctx, a, opt, progress)
}

// htmlExtractor reads uploaded HTML: the fetcher's (nil without a fetcher:
// HTML is then refused).
func (g *dataIngester) htmlExtractor() ingest.Extractor {
	if g.fetch == nil {
		return nil
	}
	return g.fetch.Extractor
}

func (g *dataIngester) add(ctx context.Context, a *corpus.Article, opt bot.IngestOptions, progress func(string)) (bot.IngestReport, error) {
	notes, err := ingest.Apply(a, ingest.Meta{Title: opt.Title, Outlet: opt.Outlet, Published: opt.Published, URL: opt.URL})
	if err != nil {
		return bot.IngestReport{}, err
	}
	force := opt.Force
	if !force {
		if err := ingest.CheckProse(a); err != nil {
			return bot.IngestReport{}, err
		}
	}
	progress(fmt.Sprintf("Read “%s” (%s, %s); storing and indexing it…", a.Title, a.OutletLabel(), a.DateLabel()))
	res, err := g.d.Ingest(ctx, a, force)
	if err != nil {
		return bot.IngestReport{}, err
	}
	g.lib.forget()
	if res.Status == index.Added || res.Status == index.Updated {
		g.publishNow(ctx)
	}
	return bot.IngestReport{Status: string(res.Status), ID: res.ID, Title: res.Title, Outlet: a.Outlet,
		Published: a.Published, URL: a.URL, Passages: res.Passages, SameAs: res.SameAs, SameTitle: res.SameTitle, Notes: notes}, nil
}

func (g *dataIngester) Reindex(ctx context.Context, progress func(done, total int)) (bot.ReindexReport, error) {
	res, err := g.d.Reindex(ctx, progress)
	g.lib.forget()
	if err != nil {
		return bot.ReindexReport{}, err
	}
	g.publishNow(ctx)
	return bot.ReindexReport{Articles: res.Articles, Passages: int(res.Passages), Took: res.Took, Skipped: res.Skipped}, nil
}

// publishNow publishes the index for replicas, if this process is the
// writer of a scaled-out deployment. A failure is logged: the writer goes
// on answering, and replicas keep the generation they have.
func (g *dataIngester) publishNow(ctx context.Context) {
	if g.publish == "" {
		return
	}
	start := time.Now()
	gen, err := g.d.Publish(ctx, g.publish)
	if err != nil {
		g.log.Error("publish the index for replicas", "dir", g.publish, "err", err)
		return
	}
	g.log.Info("published the index for replicas", "dir", g.publish, "generation", gen, "took", time.Since(start).Round(time.Millisecond))
}

// readOnlyIngester is the Ingester of a replica: it refuses.
type readOnlyIngester struct{}

var errReadOnly = errors.New("this talksbot is a read-only replica: articles are added on the writer, and reach the replicas with its next published index")

func (readOnlyIngester) IngestURL(context.Context, string, bot.IngestOptions, func(string)) (bot.IngestReport, error) {
	return bot.IngestReport{}, errReadOnly
}

func (readOnlyIngester) IngestAttachment(context.Context, string, string, io.Reader, bot.IngestOptions, func(string)) (bot.IngestReport, error) {
	return bot.IngestReport{}, errReadOnly
}

func (readOnlyIngester) Reindex(context.Context, func(done, total int)) (bot.ReindexReport, error) {
	return bot.ReindexReport{}, errReadOnly
}

// openReplica opens a published data directory read-only and switches to
// each new generation it finds, checking every interval until ctx is done.
func openReplica(ctx context.Context, log *slog.Logger, dir string, every time.Duration) (*index.Replica, error) {
	r, err := index.OpenReplica(dir)
	if err != nil {
		return nil, err
	}
	log.Info("serving a read-only replica", "dir", dir, "generation", r.Generation(), "reload_every", every)
	go func() {
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
			}
			switched, err := r.Refresh()
			switch {
			case err != nil:
				log.Warn("look for a new index generation", "dir", dir, "err", err)
			case switched:
				log.Info("switched to a new index generation", "generation", r.Generation())
			}
		}
	}()
	return r, nil
}
