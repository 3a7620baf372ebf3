package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// crashArticle is generated article k: words no other article has
// ("vorquell7", "marnish7") make a question that must find it first.
func crashArticle(k int) string {
	return fmt.Sprintf(`---
id: crash-%d
title: Crash test article %d
outlet: Test Wire
published: 2026-03-03
kind: article
---
The Vorquell%d council met in Zandor%d on 3 March 2026.

It approved %d17 quibbits for the Marnish%d delegation, its chair said.
`, k, k, k, k, k, k)
}

func crashQuestion(k int) string {
	return fmt.Sprintf("How many quibbits did the Vorquell%d council approve for the Marnish%d delegation?", k, k)
}

var ackLine = regexp.MustCompile(`^✓ .*: (added|updated) (crash-\d+) `)

// TestCrashDuringIngest builds talksbot, runs `talksbot ingest` of small
// articles and kills it with SIGKILL at random moments, many times. After
// every kill each article the CLI acknowledged ("✓ … added", printed only
// once Ingest has returned) must be in the store and answerable, and the
// index must open. Some rounds kill a `talksbot reindex` instead. At the
// end every article is ingested again without a kill: those a kill cut
// short (stored but not indexed, or not stored) must all become answerable.
//
// TALKSBOT_CRASH_ROUNDS and TALKSBOT_CRASH_SEED set the number of rounds
// (default 16, within a time budget) and the random seed (logged).
func TestCrashDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary and kills it many times (about 40 s)")
	}
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build talksbot with")
	}
	start := time.Now()
	bin := filepath.Join(t.TempDir(), "talksbot")
	build := exec.Command(goBin, "build", "-ldflags=-s -w", "-o", bin, ".") // no symbols: a faster link
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	t.Logf("built talksbot in %s", time.Since(start).Round(time.Millisecond))

	// 16 rounds take about 35 s here; on a loaded machine the rounds stop
	// once 45 s have gone (build included), unless a count is asked for.
	rounds, budget := 16, 45*time.Second
	if n, err := strconv.Atoi(os.Getenv("TALKSBOT_CRASH_ROUNDS")); err == nil && n > 0 {
		rounds, budget = n, 0
	}
	seed := uint64(time.Now().UnixNano())
	if s, err := strconv.ParseUint(os.Getenv("TALKSBOT_CRASH_SEED"), 10, 64); err == nil {
		seed = s
	}
	t.Logf("seed %d (TALKSBOT_CRASH_SEED to repeat), %d rounds", seed, rounds)
	rng := rand.New(rand.NewPCG(seed, seed))

	data := filepath.Join(t.TempDir(), "data")
	work := t.TempDir()
	const perRound = 8
	acked := map[int]bool{}   // article numbers acknowledged so far
	var dirs []string         // one folder of articles per ingest round
	var killedMid, strays int // rounds killed in the middle of an ingest; stored, unacknowledged articles
	next, done := 0, 0
	for r := range rounds {
		if budget > 0 && time.Since(start) > budget && len(acked) > 0 {
			t.Logf("stopping after %d rounds: the time budget is spent", r)
			break
		}
		done++
		reindex := r%6 == 5 // every sixth round kills a rebuild instead
		var args []string
		if reindex {
			args = []string{"reindex", "--data", data}
		} else {
			dir := filepath.Join(work, fmt.Sprintf("round-%02d", r))
			os.Mkdir(dir, 0o755)
			for range perRound {
				os.WriteFile(filepath.Join(dir, fmt.Sprintf("a%03d.md", next)), []byte(crashArticle(next)), 0o644)
				next++
			}
			dirs = append(dirs, dir)
			args = []string{"ingest", "--data", data, dir}
		}
		// A third of the kills come at a random moment from the start
		// (start-up, opening, the first build in round 0), the others
		// shortly after the first acknowledgement, among the ingests.
		fromStart := rng.IntN(3) == 0 || reindex
		delay := time.Duration(50+rng.IntN(700)) * time.Millisecond
		if !fromStart {
			delay = time.Duration(rng.IntN(250)) * time.Millisecond
		}
		got, exited := runAndKill(t, bin, args, fromStart, delay)
		newAcks := 0
		for _, k := range got {
			if !acked[k] {
				newAcks++
			}
			acked[k] = true
		}
		if !exited && newAcks > 0 && newAcks < perRound {
			killedMid++
		}
		what := fmt.Sprintf("round %2d: %-7s killed after %3d ms", r, args[0], delay.Milliseconds())
		if !fromStart {
			what = fmt.Sprintf("round %2d: %-7s killed %3d ms after the first ack", r, args[0], delay.Milliseconds())
		}
		if exited {
			what = fmt.Sprintf("round %2d: %-7s finished before the kill", r, args[0])
		}
		strays = checkCrashState(t, data, acked, next)
		t.Logf("%s: %d new acknowledged, %d in all", what, newAcks, len(acked))
		if t.Failed() {
			t.Fatalf("round %d broke an acknowledged article (seed %d)", r, seed)
		}
		// The CLI itself answers for the newest acknowledged article.
		newest := -1
		for _, k := range got {
			newest = max(newest, k)
		}
		if newest >= 0 {
			out, err := exec.Command(bin, "ask", "--json", "--data", data, crashQuestion(newest)).Output()
			var ans index.Answer
			json.Unmarshal(out, &ans)
			if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != fmt.Sprintf("crash-%d", newest) {
				t.Fatalf("round %d: talksbot ask --json %q = %v: %s; want crash-%d first", r, crashQuestion(newest), err, out, newest)
			}
		}
	}
	t.Logf("%d rounds, %d killed in the middle of an ingest; %d acknowledged articles, each checked after every later kill; %d of the %d others were stored but not acknowledged",
		done, killedMid, len(acked), strays, next-len(acked))
	if len(acked) == 0 {
		t.Fatalf("no round acknowledged anything: the kills come too early for this machine")
	}

	// Ingest everything again, to the end: articles a kill cut short are
	// added now (stored ones too: they were not indexed), the others are
	// unchanged.
	cmd := exec.Command(bin, append([]string{"ingest", "--data", data}, dirs...)...)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("final ingest: %v\n%s%s", err, out, stderr.String())
	}
	all := map[int]bool{}
	for k := range next {
		all[k] = true
	}
	checkCrashState(t, data, all, next)
	t.Logf("after ingesting all %d articles again without a kill, all are answerable (%s in all)", next, time.Since(start).Round(time.Second))
}

// runAndKill runs talksbot and kills it with SIGKILL after delay (counted
// from the start, or from the first acknowledgement). It returns the
// articles acknowledged before the kill and whether the process exited
// first.
func runAndKill(t *testing.T, bin string, args []string, fromStart bool, delay time.Duration) (acked []int, exited bool) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	firstAck := make(chan struct{})
	readDone := make(chan struct{})
	go func() {
		defer close(readDone)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			m := ackLine.FindStringSubmatch(sc.Text())
			if m == nil {
				continue
			}
			k, _ := strconv.Atoi(m[2][len("crash-"):])
			mu.Lock()
			if len(acked) == 0 {
				close(firstAck)
			}
			acked = append(acked, k)
			mu.Unlock()
		}
	}()
	waitDone := make(chan error, 1)
	go func() {
		<-readDone // Wait closes the pipe: read it all first
		waitDone <- cmd.Wait()
	}()
	if !fromStart {
		select {
		case <-firstAck:
		case <-waitDone:
			return acked, true
		case <-time.After(10 * time.Second):
		}
	}
	select {
	case <-time.After(delay):
		cmd.Process.Kill() // SIGKILL
		<-waitDone
	case err := <-waitDone:
		if err != nil {
			t.Errorf("talksbot %v failed before the kill: %v\n%s", args, err, stderr.String())
		}
		exited = true
	}
	mu.Lock()
	defer mu.Unlock()
	return acked, exited
}

// checkCrashState opens the data directory as the next talksbot would and
// checks that every article in want is stored and answerable first. It
// returns how many of the articles below next not in want are stored (a
// kill between storing and indexing, or before the acknowledgement).
func checkCrashState(t *testing.T, data string, want map[int]bool, next int) (strays int) {
	t.Helper()
	ctx := context.Background()
	d, err := index.OpenData(ctx, data, nil)
	if err != nil {
		t.Errorf("the index does not open after the kill: %v", err)
		return 0
	}
	defer d.Close()
	for k := range next {
		a, err := d.Store.Get(fmt.Sprintf("crash-%d", k))
		if !want[k] {
			if err == nil {
				strays++
			}
			continue
		}
		if err != nil {
			t.Errorf("acknowledged article crash-%d is not in the store: %v", k, err)
			continue
		}
		if len(a.Passages()) != 2 {
			t.Errorf("stored crash-%d has %d passages; want 2", k, len(a.Passages()))
		}
		ans, err := d.Ask(ctx, crashQuestion(k), 1)
		if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != fmt.Sprintf("crash-%d", k) {
			t.Errorf("acknowledged article crash-%d is not answerable: Ask(%q) = %+v, %v", k, crashQuestion(k), ans.Passages, err)
		}
	}
	if _, err := corpus.Load(os.DirFS(filepath.Join(data, "articles"))); err != nil {
		t.Errorf("the store has a broken file after the kill: %v", err)
	}
	return strays
}
