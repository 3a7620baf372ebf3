package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/readonlytest"
)

// shortTempDir is a temporary directory with a short path: a Unix socket's
// path has at most 107 bytes.
func shortTempDir(t *testing.T) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "tb")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	return dir
}

// holdData opens a data directory as `talksbot serve` does, with or
// without its control socket, until the test ends.
func holdData(t *testing.T, dir string, withSocket bool) *index.Data {
	t.Helper()
	holder := "talksbot ingest" // a command: no socket
	if withSocket {
		holder = "talksbot serve"
	}
	d, err := index.OpenData(index.WithHolder(context.Background(), holder), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	stop := func() {}
	if withSocket {
		stop, err = control.Start(&control.Server{Data: d, Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests())})
		if err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		stop()
		d.Close()
	})
	return d
}

const remoteArticle = `---
id: brennic-accord
title: Brennic envoys sign an accord
outlet: Test Wire
published: 2026-11-21
kind: article
---
The Brennic envoys signed an accord in Basra on 9 November 2026.

It keeps 318 quellan engineers in the port until 2028.
`

func TestCommandsWorkThroughARunningServer(t *testing.T) {
	data := shortTempDir(t)
	holdData(t, data, true)

	out, errOut, err := runCmd(t, data, "ask", "--json", "How many U.S. troops are in Iraq?")
	if err != nil {
		t.Fatalf("ask through the server: %v\n%s", err, errOut)
	}
	var ans index.Answer
	if err := json.Unmarshal([]byte(out), &ans); err != nil || ans.Outcome == "" || len(ans.Passages) == 0 || !strings.Contains(ans.Passages[0].Quote, "troops") {
		t.Errorf("ask --json through the server = %v\n%s", err, out)
	}
	if !strings.Contains(errOut, "going through it") || !strings.Contains(errOut, "talksbot.sock") {
		t.Errorf("ask does not say it goes through the server: %q", errOut)
	}

	folder := t.TempDir()
	os.WriteFile(filepath.Join(folder, "brennic.md"), []byte(remoteArticle), 0o644)
	os.WriteFile(filepath.Join(folder, "empty.txt"), []byte("  \n"), 0o644)
	out, errOut, err = runCmd(t, data, "ingest", folder)
	if err == nil || !strings.Contains(err.Error(), "1 source(s) not added") {
		t.Errorf("ingest of a folder with an empty file = %v; want 1 not added", err)
	}
	if !strings.Contains(out, "✓ "+filepath.Join(folder, "brennic.md")+": added brennic-accord") {
		t.Errorf("ingest through the server printed:\n%s", out)
	}
	if !strings.Contains(errOut, "✗ "+filepath.Join(folder, "empty.txt")+": empty text") {
		t.Errorf("ingest through the server, errors:\n%s", errOut)
	}
	out, _, err = runCmd(t, data, "ingest", filepath.Join(folder, "brennic.md"))
	if err != nil || !strings.Contains(out, "unchanged") {
		t.Errorf("second ingest = %v:\n%s", err, out)
	}

	out, _, err = runCmd(t, data, "ask", "--json", "How many quellan engineers stay in Basra?")
	ans = index.Answer{}
	json.Unmarshal([]byte(out), &ans)
	if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "brennic-accord" {
		t.Errorf("the article ingested through the server is not answerable: %v\n%s", err, out)
	}

	out, _, err = runCmd(t, data, "sources", "--json")
	if err != nil {
		t.Errorf("sources --json through the server: %v", err)
	}
	var rows []control.Source
	if err := json.Unmarshal([]byte(out), &rows); err != nil || len(rows) != 31 {
		t.Errorf("sources --json through the server = %d rows, %v; want 31", len(rows), err)
	}
	out, _, err = runCmd(t, data, "sources", "--wide")
	if err != nil || !regexp.MustCompile(`(?m)^brennic-accord +\S.* +Test Wire +2026-11-21 +article +2$`).MatchString(out) {
		t.Errorf("sources through the server = %v:\n%s", err, out)
	}
	out, _, err = runCmd(t, data, "show", "--json", "brennic-accord")
	if err != nil || !strings.Contains(out, "318 quellan engineers") {
		t.Errorf("show through the server = %v:\n%s", err, out)
	}
	if _, _, err := runCmd(t, data, "show", "no-such-article"); err == nil || !strings.Contains(err.Error(), "no article") {
		t.Errorf("show of a missing article through the server = %v", err)
	}

	out, errOut, err = runCmd(t, data, "reindex")
	if err != nil || !strings.Contains(out, "re-indexed 31 articles") {
		t.Errorf("reindex through the server = %v:\n%s%s", err, out, errOut)
	}
}

// The reader's note: the snapshot's time, the holder's command and pid.
func readerNote(what string, pid int) *regexp.Regexp {
	return regexp.MustCompile(fmt.Sprintf(`^talksbot: answering from the index as of (\d{4}-\d\d-\d\d )?\d\d:\d\d; %s is running \(`+"`talksbot %s`"+`, pid %d, since \d\d:\d\d:\d\d\)\n$`,
		regexp.QuoteMeta(what), strings.Fields(what)[1], pid))
}

// While another command holds the data directory, readers answer at once
// from the snapshot it left, saying so; writers wait for it, saying for
// what, and then fail naming it.
func TestCommandsBesideAHolder(t *testing.T) {
	defer func(p time.Duration) { lockPatience = p }(lockPatience)
	lockPatience = 2 * time.Second // a holder that keeps the directory past it
	data := shortTempDir(t)
	holdData(t, data, false)
	file := filepath.Join(t.TempDir(), "a.md")
	os.WriteFile(file, []byte(remoteArticle), 0o644)
	holder := fmt.Sprintf("`talksbot ingest` (pid %d, running since ", os.Getpid())
	for _, args := range [][]string{
		{"ask", "How many U.S. troops are in Iraq?"},
		{"sources"},
		{"show", "iraq-us-talks"},
		{"troops"},
	} {
		start := time.Now()
		out, errOut, err := runCmd(t, data, args...)
		took := time.Since(start)
		if err != nil || out == "" || !readerNote("an ingest", os.Getpid()).MatchString(errOut) {
			t.Errorf("talksbot %s beside an ingest = %v, stderr %q; want an answer and the note", args[0], err, errOut)
		}
		if took > time.Second {
			t.Errorf("talksbot %s took %s beside an ingest; want it at once", args[0], took)
		}
	}
	for _, args := range [][]string{{"ingest", file}, {"reindex"}} {
		start := time.Now()
		_, errOut, err := runCmd(t, data, args...)
		took := time.Since(start)
		if !strings.HasPrefix(errOut, "talksbot: waiting for "+holder) || !strings.Contains(errOut, ") to finish with "+data+" (up to 2s)…") {
			t.Errorf("talksbot %s said %q while it waited; want what it waits for", args[0], errOut)
		}
		want := "the data directory " + data + " is in use by " + holder
		if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "): wait for it to finish, then run this again") {
			t.Errorf("talksbot %s = %v; want %q…: wait for it to finish, then run this again", args[0], err, want)
		}
		if !errors.Is(err, index.ErrLocked) {
			t.Errorf("talksbot %s: the error does not match index.ErrLocked", args[0])
		}
		if took < 2*time.Second || took > 4*time.Second {
			t.Errorf("talksbot %s gave up after %s; want about 2 s (lockPatience)", args[0], took)
		}
	}
}

// A serve whose control socket does not answer is not waited for.
func TestCommandsFailFastWhenTheServeDoesNotAnswer(t *testing.T) {
	data := shortTempDir(t)
	holdData(t, data, false)
	os.WriteFile(filepath.Join(data, "talksbot.sock"), nil, 0o600) // a socket file nobody listens on
	start := time.Now()
	_, _, err := runCmd(t, data, "reindex")
	want := fmt.Sprintf("the data directory %s is in use by `talksbot ingest` (pid %d, running since ", data, os.Getpid())
	if err == nil || !strings.HasPrefix(err.Error(), want) || !strings.HasSuffix(err.Error(), "), which does not answer on talksbot.sock: restart it, or use --data") {
		t.Errorf("reindex beside a serve that does not answer = %v; want %q…", err, want)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("reindex took %s to fail; want under 3 s", took)
	}
}

// TestServeSharesItsDataDirectory runs the real serve command (against a
// fake Discord) and the CLI beside it.
func TestServeSharesItsDataDirectory(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	data := shortTempDir(t)
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_DATA": data})
	sock := filepath.Join(data, "talksbot.sock")
	deadline := time.Now().Add(30 * time.Second)
	for {
		if _, err := os.Stat(sock); err == nil {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("serve made no control socket:\n%s", logs)
		}
		time.Sleep(20 * time.Millisecond)
	}
	file := filepath.Join(t.TempDir(), "brennic.md")
	os.WriteFile(file, []byte(remoteArticle), 0o644)
	if out, errOut, err := runCmd(t, data, "ingest", file); err != nil || !strings.Contains(out, "added brennic-accord") {
		t.Fatalf("ingest beside serve = %v:\n%s%s", err, out, errOut)
	}
	out, _, err := runCmd(t, data, "ask", "How many quellan engineers stay in Basra?")
	if err != nil || !strings.Contains(out, "318 *quellan* *engineers*") {
		t.Errorf("ask beside serve = %v:\n%s", err, out)
	}
	if !strings.Contains(logs.String(), "control: ingest") {
		t.Errorf("serve did not log the ingest:\n%s", logs)
	}
	// Stopping while serve still registers its commands fails the
	// registration (context canceled): on a loaded machine the socket
	// answers before that.
	wctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := fd.WaitCall(wctx, func(c fakediscord.Call) bool {
		return c.Method == http.MethodPut && strings.HasSuffix(c.Route, "/commands") && c.Status == 200
	}); err != nil {
		t.Fatalf("serve did not register its commands: %v\n%s", err, logs)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Lstat(sock); err == nil {
		t.Errorf("serve left its socket behind")
	}
	// Serve is gone: the CLI opens the directory itself.
	if out, _, err := runCmd(t, data, "ask", "How many quellan engineers stay in Basra?"); err != nil || !strings.Contains(out, "quellan") {
		t.Errorf("ask after serve stopped = %v:\n%s", err, out)
	}
}

func TestCorruptArticleFileIsNamed(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCmd(t, data, "sources"); err != nil {
		t.Fatal(err)
	}
	bad := filepath.Join(data, "articles", "broken-one.md")
	os.WriteFile(bad, []byte("---\nid: broken-one\ntitle: [unclosed\n---\nBody.\n"), 0o644)
	out, errOut, err := runCmd(t, data, "reindex")
	if err != nil || !strings.Contains(out, "re-indexed 30 articles") {
		t.Fatalf("reindex with a corrupt file = %v:\n%s", err, out)
	}
	if !strings.Contains(errOut, "broken-one.md") || !strings.Contains(errOut, "broken front matter") {
		t.Errorf("reindex does not name the corrupt file:\n%s", errOut)
	}
	out, errOut, err = runCmd(t, data, "ask", "How many U.S. troops are in Iraq?")
	if err != nil || !strings.Contains(out, "2,500") {
		t.Errorf("ask with a corrupt file beside the others = %v:\n%s", err, out)
	}
	_ = errOut
}

// Commands started at once on one data directory take turns: one that
// finds it held by another short command (no control socket) waits for it
// instead of failing.
func TestParallelCommandsTakeTurns(t *testing.T) {
	data := shortTempDir(t)
	d := holdData(t, data, false)
	go func() {
		time.Sleep(500 * time.Millisecond)
		d.Close()
	}()
	var wg sync.WaitGroup
	errs := make(chan error, 4)
	for range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out, _, err := runCmd(t, data, "ask", "How many U.S. troops are in Iraq?")
			if err == nil && !strings.Contains(out, "troops") {
				err = fmt.Errorf("no answer: %s", out)
			}
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Errorf("an ask started beside others failed: %v", err)
		}
	}
}

// A data directory this process cannot write still answers: ask, sources,
// show and the views read its index as it is; ingest says it cannot.
func TestReadOnlyDataDirCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	want, _, err := runCmd(t, data, "ask", "--json", "How many U.S. troops are in Iraq?")
	if err != nil {
		t.Fatal(err)
	}
	readonlytest.Dir(t, data)
	out, errOut, err := runCmd(t, data, "ask", "--json", "How many U.S. troops are in Iraq?")
	if err != nil {
		t.Fatalf("ask on a read-only data directory: %v", err)
	}
	var ans index.Answer
	if err := json.Unmarshal([]byte(out), &ans); err != nil || len(ans.Passages) == 0 || out != want {
		t.Errorf("ask on a read-only data directory: %v, printed\n%s\nwant, as when it was writable,\n%s", err, out, want)
	}
	if !strings.Contains(errOut, "is not writable: answering from its index as it is") {
		t.Errorf("ask on a read-only data directory said on stderr %q; want a note that it reads it as it is", errOut)
	}
	for _, args := range [][]string{{"sources"}, {"show", "iraq-us-talks"}, {"troops"}, {"chat"}} {
		if out, _, err := runCmd(t, data, args...); err != nil || (args[0] != "chat" && out == "") {
			t.Errorf("%v on a read-only data directory: %v, printed %q", args, err, out)
		}
	}
	text := filepath.Join(t.TempDir(), "note.txt")
	os.WriteFile(text, []byte("The wire reported that 321 advisers stayed at the base. Officials confirmed the figure on Monday.\n"), 0o644)
	if _, _, err := runCmd(t, data, "ingest", text); err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("ingest into a read-only data directory = %v; want it to say the directory is not writable", err)
	}
}
