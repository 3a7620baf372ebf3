package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"golang.org/x/net/netutil"

	"github.com/talksbot/talksbot/index"
)

// newLogger is serve's logger: text (for a terminal) or JSON lines, at the
// configured level, with secret replaced wherever it would appear.
func newLogger(c *config, w io.Writer, secret string) *slog.Logger {
	var lvl slog.Level
	if err := lvl.UnmarshalText([]byte(c.str("log-level"))); err != nil {
		lvl = slog.LevelInfo
	}
	opts := &slog.HandlerOptions{Level: lvl}
	out := &redactor{w: w, secret: secret}
	var l *slog.Logger
	if strings.EqualFold(c.str("log-format"), "json") {
		l = slog.New(slog.NewJSONHandler(out, opts))
	} else {
		l = slog.New(slog.NewTextHandler(out, opts))
	}
	stdLogTo(l) // Bleve's lines, at debug
	return l
}

// discordLog is where discordgo's log lines go: its Logger is one
// variable for the whole process.
var (
	discordLog     atomic.Pointer[slog.Logger]
	discordLogOnce sync.Once
)

// setDiscordLogger sends discordgo's log lines to log. (A Session's Debug
// and LogLevel stay at their defaults: discordgo's debug output carries the
// token.)
func setDiscordLogger(log *slog.Logger) {
	discordLog.Store(log)
	discordLogOnce.Do(func() { discordgo.Logger = discordLogger })
}

func discordLogger(level, caller int, format string, a ...any) {
	msg := fmt.Sprintf(format, a...)
	lvl := slog.LevelDebug
	switch level {
	case discordgo.LogError:
		lvl = slog.LevelError
	case discordgo.LogWarning:
		lvl = slog.LevelWarn
	case discordgo.LogInformational:
		lvl = slog.LevelInfo
	}
	if strings.Contains(msg, "web socket already opened") {
		// How the bot ends discordgo's reconnect loop after a fatal close
		// code (bot/gateway.go); not an error of its own.
		lvl = slog.LevelDebug
	}
	discordLog.Load().Log(context.Background(), lvl, "discordgo: "+msg)
}

// newRegistry is the Prometheus registry of serve: Go runtime and process
// metrics, and whatever the bot and the index add.
func newRegistry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return reg
}

// registerIndexMetrics adds the index's size, read when scraped.
func registerIndexMetrics(reg prometheus.Registerer, x *index.Index) error {
	return errors.Join(
		reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "talksbot_index_documents",
			Help: "Documents in the live index: passages and synonym definitions.",
		}, func() float64 {
			n, err := x.DocCount()
			if err != nil {
				return -1
			}
			return float64(n)
		})),
		reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "talksbot_index_bytes",
			Help: "Size on disk of the live index directory.",
		}, func() float64 { return float64(x.Size()) })),
	)
}

// probe is one readiness check: nil when ready.
type probe struct {
	name  string
	check func() error
}

// adminHandler serves the admin endpoint:
//
//	/healthz  200 while the process serves HTTP (liveness)
//	/readyz   200 when every probe passes, else 503 listing what is not ready
//	/metrics  Prometheus metrics
func adminHandler(reg *prometheus.Registry, probes []probe) http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		ready := true
		for _, p := range probes {
			if err := p.check(); err != nil {
				ready = false
				fmt.Fprintf(&b, "✗ %s: %v\n", p.name, err)
			} else {
				fmt.Fprintf(&b, "✓ %s\n", p.name)
			}
		}
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if !ready {
			w.WriteHeader(http.StatusServiceUnavailable)
		}
		io.WriteString(w, b.String())
	})
	mux.Handle("GET /metrics", promhttp.HandlerFor(reg, promhttp.HandlerOpts{Registry: reg}))
	return mux
}

// The admin endpoint's limits: any local user can connect to it, so idle
// and half-sent connections are closed and their number is capped (20,000
// idle keep-alives once exhausted serve's descriptors). Variables for tests.
var (
	adminIdleTimeout = 30 * time.Second
	adminReadTimeout = 10 * time.Second
	adminMaxConns    = 64
)

// startAdmin serves h on addr until stop is called.
func startAdmin(log *slog.Logger, addr string, h http.Handler) (stop func(), err error) {
	l, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("admin endpoint: %w", err)
	}
	l = netutil.LimitListener(l, adminMaxConns)
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       adminReadTimeout,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       adminIdleTimeout,
		ErrorLog:          slog.NewLogLogger(log.Handler(), slog.LevelWarn),
	}
	go srv.Serve(l)
	log.Info("admin endpoint: /healthz, /readyz, /metrics", "admin_addr", l.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(ctx)
	}, nil
}

// cmdHealthcheck asks a running serve's admin endpoint whether it is alive
// (or, with --ready, ready): the container's HEALTHCHECK, which has no curl.
func cmdHealthcheck(ctx context.Context, e env, args []string) error {
	c, err := loadConfig(e, "healthcheck", filterArgs(args, "--ready", "-ready"))
	if err != nil {
		return err
	}
	path := "/healthz"
	for _, a := range args {
		if a == "--ready" || a == "-ready" {
			path = "/readyz"
		}
	}
	addr := c.str("admin-addr")
	if addr == "" {
		return errors.New("healthcheck: the admin endpoint is off (TALKSBOT_ADMIN_ADDR is empty)")
	}
	u := "http://" + dialable(addr) + path
	ctx, cancel := context.WithTimeout(ctx, 2*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("healthcheck: %w", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("healthcheck: %s: %s\n%s", u, resp.Status, body)
	}
	fmt.Fprint(e.stdout, string(body))
	return nil
}

// filterArgs drops the given arguments.
func filterArgs(args []string, drop ...string) []string {
	var out []string
	for _, a := range args {
		keep := true
		for _, d := range drop {
			if a == d {
				keep = false
			}
		}
		if keep {
			out = append(out, a)
		}
	}
	return out
}

// dialable turns a listen address into one to connect to: an empty or
// unspecified host means this machine.
func dialable(addr string) string {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return addr
	}
	if ip := net.ParseIP(host); host == "" || (ip != nil && ip.IsUnspecified()) {
		host = "127.0.0.1"
	}
	return net.JoinHostPort(host, port)
}
