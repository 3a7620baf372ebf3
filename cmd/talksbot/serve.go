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
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// cmdServe runs the Discord bot: over the gateway, or as an HTTP
// interactions endpoint with --http.
func cmdServe(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "serve")
	httpAddr := fs.String("http", "", "serve Discord's HTTP interactions endpoint on `ADDR` (e.g. :8080) instead of the gateway; needs DISCORD_PUBLIC_KEY")
	guild := fs.String("discord-guild-id", e.getenv("DISCORD_GUILD_ID"), "register the commands in this guild only: instant, for testing (env DISCORD_GUILD_ID)")
	apiRaw := fs.String("discord-api-url", e.getenv("DISCORD_API_URL"), "another Discord-compatible API, e.g. a local fake (env DISCORD_API_URL; default Discord's)")
	pubHex := fs.String("discord-public-key", e.getenv("DISCORD_PUBLIC_KEY"), "the application's public key, hex, for --http (env DISCORD_PUBLIC_KEY)")
	modRoles := fs.String("mod-role", e.getenv("TALKSBOT_MOD_ROLE"), "role IDs, comma-separated, that may use /ingest and /reindex besides Manage Server (env TALKSBOT_MOD_ROLE)")
	mentionsDef, _ := strconv.ParseBool(e.getenv("TALKSBOT_MESSAGE_CONTENT"))
	mentions := fs.Bool("message-content", mentionsDef, "answer messages that mention the bot; enable the Message Content intent first (env TALKSBOT_MESSAGE_CONTENT)")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	// The token is read from the environment only: a command line is
	// visible to every user of the machine.
	token := strings.TrimSpace(e.getenv("DISCORD_TOKEN"))
	if token == "" {
		return errors.New("serve: set DISCORD_TOKEN to the bot's token (Developer Portal → your application → Bot → Reset Token); see docs/DISCORD.md")
	}
	log := slog.New(slog.NewTextHandler(&redactor{w: e.stderr, secret: token}, &slog.HandlerOptions{Level: slog.LevelInfo}))
	discordgo.Logger = func(level, caller int, format string, a ...any) {
		lvl := slog.LevelDebug
		switch level {
		case discordgo.LogError:
			lvl = slog.LevelError
		case discordgo.LogWarning:
			lvl = slog.LevelWarn
		case discordgo.LogInformational:
			lvl = slog.LevelInfo
		}
		log.Log(context.Background(), lvl, "discordgo: "+fmt.Sprintf(format, a...))
	}
	var api *url.URL
	if *apiRaw != "" {
		var err error
		if api, err = bot.ParseAPIURL(*apiRaw); err != nil {
			return fmt.Errorf("serve: %w", err)
		}
	}
	var pub ed25519.PublicKey
	if *httpAddr != "" {
		k, err := hex.DecodeString(strings.TrimSpace(*pubHex))
		if err != nil || len(k) != ed25519.PublicKeySize {
			return errors.New("serve --http: set DISCORD_PUBLIC_KEY to the application's public key (64 hex digits, Developer Portal → General Information)")
		}
		pub = k
	}

	d, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	defer d.Close()
	lib := &library{d: d}
	hosts := []string{"cdn.discordapp.com", "media.discordapp.net"}
	if api != nil {
		hosts = append(hosts, api.Hostname(), api.Host)
	}
	b := bot.New(bot.Config{
		Answerer:        d.Index,
		Library:         lib,
		Views:           bot.IndexViews(d.Index),
		Ingester:        &dataIngester{d: d, lib: lib, fetch: ingest.NewFetcher()},
		ModRoles:        splitList(*modRoles),
		Mentions:        *mentions,
		Logger:          log,
		AttachmentHosts: hosts,
	})
	s, err := bot.NewSession(token, api)
	if err != nil {
		return fmt.Errorf("serve: %w", err)
	}
	if *httpAddr == "" {
		return b.Run(ctx, s, *guild)
	}
	return serveHTTP(ctx, log, b, s, pub, *httpAddr, *guild)
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
	var out []string
	for _, f := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ' ' }) {
		out = append(out, f)
	}
	return out
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
	d *index.Data

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
	articles, err := l.d.Store.Load()
	if len(articles) == 0 && err != nil {
		return nil, err
	}
	list := make([]bot.Source, 0, len(articles))
	for _, a := range articles {
		list = append(list, bot.Source{ID: a.ID, Title: a.Title, Outlet: a.Outlet, Published: a.Published,
			DateNote: a.DateNote, Kind: a.Kind, URL: a.URL, Passages: len(a.Passages())})
	}
	l.list, l.at = list, time.Now()
	return list, nil
}

func (l *library) forget() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.list = nil
}

// dataIngester adds articles to the data directory for /ingest and /reindex.
type dataIngester struct {
	d     *index.Data
	lib   *library
	fetch *ingest.Fetcher
}

func (g *dataIngester) IngestURL(ctx context.Context, u string, force bool, progress func(string)) (bot.IngestReport, error) {
	progress("Fetching " + u + "…")
	a, err := g.fetch.Fetch(ctx, u)
	if err != nil {
		return bot.IngestReport{}, err
	}
	return g.add(ctx, a, force, progress)
}

func (g *dataIngester) IngestAttachment(ctx context.Context, name, contentType string, r io.Reader, force bool, progress func(string)) (bot.IngestReport, error) {
	a, err := ingest.FromReader(ctx, name, contentType, r, maxIngestBytes)
	if err != nil {
		return bot.IngestReport{}, err
	}
	return g.add(ctx, a, force, progress)
}

func (g *dataIngester) add(ctx context.Context, a *corpus.Article, force bool, progress func(string)) (bot.IngestReport, error) {
	progress(fmt.Sprintf("Read “%s” (%s, %s); storing and indexing it…", a.Title, a.OutletLabel(), a.DateLabel()))
	res, err := g.d.Ingest(ctx, a, force)
	if err != nil {
		return bot.IngestReport{}, err
	}
	g.lib.forget()
	return bot.IngestReport{Status: string(res.Status), ID: res.ID, Title: res.Title, Outlet: a.Outlet,
		Published: a.Published, URL: a.URL, Passages: res.Passages, SameAs: res.SameAs}, nil
}

func (g *dataIngester) Reindex(ctx context.Context, progress func(done, total int)) (bot.ReindexReport, error) {
	res, err := g.d.Reindex(ctx, progress)
	g.lib.forget()
	if err != nil {
		return bot.ReindexReport{}, err
	}
	return bot.ReindexReport{Articles: res.Articles, Passages: int(res.Passages), Took: res.Took, Skipped: res.Skipped}, nil
}
