//go:build unix

package main

// The load test: many concurrent /ask interactions through the bot's real
// path (Discord's HTTP interactions endpoint on loopback, signed with a
// generated Ed25519 key, the serve command's bot, library and ingester over
// a real data directory) while articles are ingested and the index is
// rebuilt, back to back. It runs only when TALKSBOT_LOAD is set:
//
//	TALKSBOT_LOAD=20s go test -run TestLoad -v ./cmd/talksbot
//
// TALKSBOT_LOAD_CLIENTS (default 16) concurrent clients;
// TALKSBOT_LOAD_ARTICLES (default 0) generated articles added to the
// default corpus first; TALKSBOT_LOAD_WRITES what runs meanwhile: "ingest
// reindex" (the default: both, each back to back), "reindex", "ingest" or
// "none". See docs/BENCHMARKS.md.

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/gen"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// loadQuestions are the questions the clients ask in turn: those of the
// index benchmarks.
var loadQuestions = func() []string {
	data, err := os.ReadFile("../../index/testdata/bench-questions.txt")
	if err != nil {
		panic(err)
	}
	var out []string
	for _, line := range strings.Split(string(data), "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}()

func TestLoad(t *testing.T) {
	raw := os.Getenv("TALKSBOT_LOAD")
	if raw == "" {
		t.Skip("set TALKSBOT_LOAD=20s to run the load test (see docs/BENCHMARKS.md)")
	}
	duration, err := time.ParseDuration(raw)
	if err != nil {
		t.Fatalf("TALKSBOT_LOAD=%q: %v", raw, err)
	}
	clients := envInt(t, "TALKSBOT_LOAD_CLIENTS", 16)
	extra := envInt(t, "TALKSBOT_LOAD_ARTICLES", 0)
	writes := os.Getenv("TALKSBOT_LOAD_WRITES")
	if writes == "" {
		writes = "ingest reindex"
	}
	doIngest, doReindex := strings.Contains(writes, "ingest"), strings.Contains(writes, "reindex")
	if !doIngest && !doReindex && writes != "none" {
		t.Fatalf("TALKSBOT_LOAD_WRITES=%q: want \"ingest reindex\", \"ingest\", \"reindex\" or \"none\"", writes)
	}
	ctx := context.Background()

	// The data directory: the default corpus, plus generated articles.
	dataDir := t.TempDir()
	store := filepath.Join(dataDir, "articles")
	if _, err := corpus.OpenStore(store, corpus.DefaultFS()); err != nil {
		t.Fatal(err)
	}
	if err := gen.Write(store, 1, 0, extra); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	d, err := index.OpenData(ctx, dataDir, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	t.Logf("built the index of %d articles in %s", 30+extra, time.Since(start).Round(time.Millisecond))

	// The bot as `talksbot serve --http` builds it, without the cooldown.
	token := "MTAwMDAwMDAwMDAwMDAwMDAy.load.token"
	fd := fakediscord.New(t, fakediscord.WithToken(token))
	api, _ := bot.ParseAPIURL(fd.URL())
	s, err := bot.NewSession(token, api)
	if err != nil {
		t.Fatal(err)
	}
	log := slog.New(slog.DiscardHandler)
	metrics, err := bot.NewMetrics(newRegistry())
	if err != nil {
		t.Fatal(err)
	}
	lib := &library{d: d}
	ing := &dataIngester{d: d, lib: lib, fetch: ingest.NewFetcher(), log: log}
	b := bot.New(bot.Config{Answerer: d, Library: lib, Views: bot.IndexViews(d.Index), Ingester: ing, Metrics: metrics,
		Logger: log, Burst: 1 << 30, Per: time.Second})
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(b.HTTPHandler(s, pub))
	defer srv.Close()

	// Signed requests: each with an interaction ID of its own (the bot
	// answers a replayed ID "already handled"), signed as it is sent; the
	// signing is the clients' CPU, counted against the 2 cores too.
	type signed struct{ body, sig, ts string }
	var seq atomic.Int64
	request := func(c int, q string) signed {
		qj, _ := json.Marshal(q)
		id := strconv.FormatInt(1_000_000+seq.Add(1), 10)
		ts := strconv.FormatInt(time.Now().Unix(), 10)
		body := `{"id":"` + id + `","application_id":"` + fakediscord.AppID + `","type":2,"token":"tok` + id + `","version":1,"guild_id":"` + fakediscord.GuildID +
			`","channel_id":"` + fakediscord.ChannelID + `","member":{"user":{"id":"` + strconv.Itoa(1000+c) + `","username":"u"},"roles":[],"permissions":"0"},` +
			`"data":{"id":"3","name":"ask","type":1,"options":[{"name":"question","type":3,"value":` + string(qj) + `}]}}`
		return signed{body, hex.EncodeToString(ed25519.Sign(priv, []byte(ts+body))), ts}
	}
	transport := &http.Transport{MaxIdleConnsPerHost: clients, MaxConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 10 * time.Second}
	ask := func(r signed) (time.Duration, error) {
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(r.body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Signature-Ed25519", r.sig)
		req.Header.Set("X-Signature-Timestamp", r.ts)
		t0 := time.Now()
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		took := time.Since(t0)
		if err != nil {
			return took, err
		}
		if resp.StatusCode != http.StatusOK {
			return took, fmt.Errorf("status %d: %.200s", resp.StatusCode, body)
		}
		var out struct {
			Type int `json:"type"`
			Data struct {
				Embeds []json.RawMessage `json:"embeds"`
			} `json:"data"`
		}
		if err := json.Unmarshal(body, &out); err != nil || out.Type != 4 || len(out.Data.Embeds) == 0 {
			return took, fmt.Errorf("not an answer: %.200s", body)
		}
		return took, nil
	}
	for _, q := range loadQuestions { // warm up
		if _, err := ask(request(0, q)); err != nil {
			t.Fatal(err)
		}
	}

	// Writers: ingest generated articles one after another, and rebuild
	// the index back to back, until the clients stop.
	stop := make(chan struct{})
	var writers sync.WaitGroup
	var ingests, reindexes, writeErrs atomic.Int64
	var firstWriteErr atomic.Value
	writeErr := func(err error) {
		writeErrs.Add(1)
		firstWriteErr.CompareAndSwap(nil, err.Error())
	}
	writer := func(on bool, run func()) {
		if on {
			writers.Add(1)
			go func() { defer writers.Done(); run() }()
		}
	}
	writer(doIngest, func() {
		for i := 0; ; i++ {
			select {
			case <-stop:
				return
			default:
			}
			a := gen.Article(2, i)
			if _, err := ing.IngestAttachment(ctx, corpus.FileName(a.ID), "text/markdown", bytes.NewReader(a.Marshal()), bot.IngestOptions{}, func(string) {}); err != nil {
				writeErr(err)
				continue
			}
			ingests.Add(1)
		}
	})
	writer(doReindex, func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			if _, err := ing.Reindex(ctx, nil); err != nil {
				writeErr(err)
				continue
			}
			reindexes.Add(1)
		}
	})

	// Clients.
	var (
		mu    sync.Mutex
		lat   []time.Duration
		errs  int
		first error
	)
	cpu0, wall0 := processCPU(), time.Now()
	deadline := wall0.Add(duration)
	var wg sync.WaitGroup
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var mine []time.Duration
			var bad int
			var firstBad error
			for i := c; time.Now().Before(deadline); i++ {
				took, err := ask(request(c, loadQuestions[i%len(loadQuestions)]))
				if err != nil {
					bad++
					if firstBad == nil {
						firstBad = err
					}
					continue
				}
				mine = append(mine, took)
			}
			mu.Lock()
			lat = append(lat, mine...)
			errs += bad
			if first == nil {
				first = firstBad
			}
			mu.Unlock()
		}()
	}
	wg.Wait()
	wall := time.Since(wall0)
	cpu := processCPU() - cpu0
	close(stop)
	writers.Wait()

	sort.Slice(lat, func(i, j int) bool { return lat[i] < lat[j] })
	q := func(p float64) time.Duration {
		if len(lat) == 0 {
			return 0
		}
		return lat[min(len(lat)-1, int(p*float64(len(lat))))]
	}
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d.Microseconds())/1000) }
	qps := float64(len(lat)) / wall.Seconds()
	// On a shared machine the process gets less than its cores: answers
	// per CPU-second (clients, writers and all) times the cores is what
	// the cores would give on their own.
	perCPU := float64(len(lat)) / cpu.Seconds()
	summary := fmt.Sprintf("LOAD articles=%d clients=%d duration=%s answered=%d qps=%.0f p50=%s p95=%s p99=%s max=%s errors=%d ingests=%d reindexes=%d write_errors=%d cpu=%.0f%% of %d cores answers_per_cpu_s=%.0f rss=%.0fMB",
		30+extra, clients, wall.Round(time.Millisecond), len(lat), qps, ms(q(0.50)), ms(q(0.95)), ms(q(0.99)), ms(q(1)), errs,
		ingests.Load(), reindexes.Load(), writeErrs.Load(), 100*cpu.Seconds()/wall.Seconds(), runtime.GOMAXPROCS(0), perCPU, peakRSSMB())
	t.Log(summary)
	if out := os.Getenv("TALKSBOT_LOAD_OUT"); out != "" {
		os.WriteFile(out, []byte(summary+"\n"), 0o644)
	}
	if errs > 0 {
		t.Errorf("%d of %d questions failed; the first: %v", errs, errs+len(lat), first)
	}
	if n := writeErrs.Load(); n > 0 {
		t.Errorf("%d ingests or re-indexes failed; the first: %v", n, firstWriteErr.Load())
	}
	if doReindex && reindexes.Load() == 0 {
		// A large corpus takes longer to rebuild than the test runs: the
		// first re-index ran throughout (and ingests waited for it).
		t.Logf("no re-index finished within %s: one ran throughout", duration)
	}
}

func envInt(t *testing.T, name string, def int) int {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		t.Fatalf("%s=%q: %v", name, v, err)
	}
	return n
}

// processCPU is the CPU time the process has used.
func processCPU() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// peakRSSMB is the process's peak resident size (Linux; 0 elsewhere).
func peakRSSMB() float64 {
	data, err := os.ReadFile("/proc/self/status")
	if err != nil {
		return 0
	}
	for _, line := range strings.Split(string(data), "\n") {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			kb, _ := strconv.ParseFloat(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 64)
			return kb / 1024
		}
	}
	return 0
}
