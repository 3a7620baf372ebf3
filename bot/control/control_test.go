package control

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// serve opens a data directory and serves its control socket until the
// test ends, as `talksbot serve` does.
func serve(t *testing.T) (*index.Data, *Server) {
	t.Helper()
	// A short path: a socket's path has at most 107 bytes.
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	d, err := index.OpenData(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	s := &Server{Data: d, Fetcher: ingest.NewFetcher(ingest.AllowLoopbackForTests())}
	stop, err := Start(s)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		stop()
		d.Close()
	})
	return d, s
}

const article = `---
id: quorvian-talks
title: Quorvian envoys meet in Erbil
outlet: Test Wire
url: https://example.com/quorvian
published: 2026-11-20
kind: article
---
The Quorvian envoys met in Erbil on 3 November 2026.

They agreed that 412 zelnik advisers would stay until 2027.
`

func TestThroughTheSocket(t *testing.T) {
	ctx := context.Background()
	d, s := serve(t)
	var changed int
	s.Changed = func(context.Context) { changed++ }

	info, err := os.Lstat(SocketPath(d.Dir))
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode()&fs.ModeSocket == 0 || info.Mode().Perm() != 0o600 {
		t.Errorf("socket mode = %v; want a socket with 0600", info.Mode())
	}

	c, err := Dial(ctx, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.PID != os.Getpid() {
		t.Errorf("ping pid = %d; want %d", c.PID, os.Getpid())
	}

	ans, err := c.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
	local, _ := d.Ask(ctx, "How many U.S. troops are in Iraq?", 3)
	if err != nil || ans.Outcome != local.Outcome || len(ans.Passages) != 3 || ans.Answer != local.Answer || ans.Passages[0].Quote != local.Passages[0].Quote {
		t.Fatalf("remote Ask = %+v, %v; want the local answer %q", ans, err, local.Answer)
	}
	if _, err := c.Ask(ctx, "   ", 3); err == nil || !strings.Contains(err.Error(), "empty") {
		t.Errorf("remote Ask of an empty question = %v", err)
	}

	res, err := c.Ingest(ctx, IngestRequest{Name: "quorvian.md", Data: []byte(article)})
	if err != nil || res.Status != index.Added || res.ID != "quorvian-talks" {
		t.Fatalf("remote Ingest = %+v, %v", res, err)
	}
	if changed != 1 {
		t.Errorf("Changed called %d times; want 1", changed)
	}
	if res, _ := c.Ingest(ctx, IngestRequest{Name: "quorvian.md", Data: []byte(article)}); res.Status != index.Unchanged {
		t.Errorf("second remote Ingest = %s; want unchanged", res.Status)
	}
	ans, err = c.Ask(ctx, "How many zelnik advisers will stay?", 1)
	if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "quorvian-talks" {
		t.Errorf("ingested article not answerable through the socket: %+v, %v", ans.Passages, err)
	}

	_, err = c.Ingest(ctx, IngestRequest{Name: "x.png", Data: []byte("\x89PNG\r\n\x1a\n\x00\x00")})
	if !strings.Contains(fmt.Sprint(err), "wrong type") {
		t.Errorf("remote Ingest of a PNG = %v; want wrong type", err)
	}
	_, err = c.Ingest(ctx, IngestRequest{Name: "big.txt", Data: []byte(strings.Repeat("a", ingest.DefaultMaxBytes+1))})
	if !strings.Contains(fmt.Sprint(err), "too big") {
		t.Errorf("remote Ingest of 5 MiB + 1 = %v; want too big", err)
	}

	page := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "Vantrel envoys arrive in Baghdad\n\nThe Vantrel envoys arrived in Baghdad on 5 November 2026 with 77 proposals. They said the talks would last a week.\n")
	}))
	defer page.Close()
	res, err = c.Ingest(ctx, IngestRequest{URL: page.URL + "/vantrel.txt"})
	if err != nil || res.Status != index.Added {
		t.Errorf("remote Ingest of a URL = %+v, %v", res, err)
	}

	rows, err := c.Sources(ctx)
	if err != nil || len(rows) != 32 {
		t.Errorf("remote Sources = %d rows, %v; want 32", len(rows), err)
	}
	a, err := c.Show(ctx, "quorvian-talks")
	if err != nil || a.Title != "Quorvian envoys meet in Erbil" || !strings.Contains(a.Body, "412 zelnik") {
		t.Errorf("remote Show = %+v, %v", a, err)
	}
	if _, err := c.Show(ctx, "no-such-thing"); !errors.Is(err, ErrNotFound) {
		t.Errorf("remote Show of a missing article = %v; want ErrNotFound", err)
	}
	// An id that walks out of the store reads nothing there: a valid
	// article file beside the data directory stays unread.
	outside := filepath.Join(filepath.Dir(d.Store.Dir()), "..", "x.md")
	os.WriteFile(outside, []byte("---\nid: x\ntitle: Outside\n---\nA secret sentence.\n"), 0o644)
	defer os.Remove(outside)
	for _, id := range []string{"../../x", "..%2F..%2Fx", "/etc/passwd"} {
		if a, err := c.Show(ctx, id); !errors.Is(err, ErrNotFound) {
			t.Errorf("remote Show(%q) = %+v, %v; want ErrNotFound", id, a, err)
		}
	}

	var calls, last int
	rr, err := c.Reindex(ctx, func(done, total int) { calls++; last = done })
	if err != nil || rr.Articles != 32 || rr.Passages == 0 {
		t.Fatalf("remote Reindex = %+v, %v", rr, err)
	}
	if calls == 0 || last != 32 {
		t.Errorf("reindex progress: %d calls, last %d; want some, ending at 32", calls, last)
	}
	ans, err = c.Ask(ctx, "How many zelnik advisers will stay?", 1)
	if err != nil || len(ans.Passages) == 0 || ans.Passages[0].ArticleID != "quorvian-talks" {
		t.Errorf("after a remote reindex: %+v, %v", ans.Passages, err)
	}
}

// A turn of a conversation crosses the socket whole: every field of
// index.Turn (the context, its kind and article, the chat carry) comes
// out as it went in, and the server answers it as the data directory
// does, read as a follow-up.
func TestTurnCrossesTheSocket(t *testing.T) {
	var turn index.Turn
	v := reflect.ValueOf(&turn).Elem()
	for i := range v.NumField() {
		f, ft := v.Field(i), v.Type().Field(i)
		if !ft.IsExported() {
			t.Errorf("index.Turn.%s is unexported: it would not cross the control socket", ft.Name)
			continue
		}
		switch f.Kind() {
		case reflect.String:
			f.SetString("value of " + ft.Name)
		case reflect.Bool:
			f.SetBool(true)
		default:
			t.Errorf("index.Turn.%s is a %s: give it a value here", ft.Name, f.Kind())
		}
	}
	body, err := json.Marshal(AskRequest{Question: turn.Question, N: 3, Turn: &turn})
	if err != nil {
		t.Fatal(err)
	}
	var req AskRequest
	if err := json.Unmarshal(body, &req); err != nil {
		t.Fatal(err)
	}
	if req.Turn == nil || !reflect.DeepEqual(*req.Turn, turn) {
		t.Errorf("turn through JSON = %+v; want %+v", req.Turn, turn)
	}

	ctx := context.Background()
	d, _ := serve(t)
	c, err := Dial(ctx, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	first := index.NewTurn("How many U.S. troops are in Iraq?")
	ans, err := d.AskTurn(ctx, first, 3)
	if err != nil {
		t.Fatal(err)
	}
	follow := index.FollowUp(first.Answered(ans), "and in Syria?")
	remote, err := c.AskTurn(ctx, follow, 3)
	if err != nil {
		t.Fatal(err)
	}
	local, _ := d.AskTurn(ctx, follow, 3)
	got, _ := json.Marshal(remote)
	want, _ := json.Marshal(local)
	if remote.FollowUpOf != first.Question || string(got) != string(want) {
		t.Errorf("remote AskTurn = %s; want the local answer, a follow-up of %q: %s", got, first.Question, want)
	}
}

func TestDialFailsFast(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	start := time.Now()
	if _, err := Dial(ctx, dir); !errors.Is(err, ErrNoServer) {
		t.Errorf("Dial with no socket = %v; want ErrNoServer", err)
	}
	// A socket nobody serves: connecting works (the kernel queues it), no
	// answer comes.
	l, err := net.Listen("unix", SocketPath(dir))
	if err != nil {
		t.Skipf("cannot make a socket in %s: %v", dir, err)
	}
	defer l.Close()
	if _, err := Dial(ctx, dir); !errors.Is(err, ErrNoServer) {
		t.Errorf("Dial to a silent socket = %v; want ErrNoServer", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("Dial took %s to give up; want under 3 s", took)
	}
}

func TestListenReplacesStaleSocket(t *testing.T) {
	dir, err := os.MkdirTemp("", "ctl")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(dir)
	// A socket left by a process killed with -9.
	l, err := net.Listen("unix", SocketPath(dir))
	if err != nil {
		t.Fatal(err)
	}
	l.(*net.UnixListener).SetUnlinkOnClose(false)
	l.Close()
	os.Mkdir(filepath.Join(dir, ".s123"), 0o700) // an interrupted Listen
	l, err = Listen(dir)
	if err != nil {
		t.Fatalf("Listen over a stale socket = %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, ".s123")); err == nil {
		t.Errorf("an interrupted Listen's directory is still there")
	}
	// A live one is not taken over.
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
	if _, err := Listen(dir); err == nil || !strings.Contains(err.Error(), "another process answers") {
		t.Errorf("Listen over a live socket = %v", err)
	}
	l.Close()
	if _, err := os.Lstat(SocketPath(dir)); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Close left the socket: %v", err)
	}
	os.WriteFile(SocketPath(dir), []byte("not a socket"), 0o644)
	if _, err := Listen(dir); err == nil || !strings.Contains(err.Error(), "not a socket") {
		t.Errorf("Listen over a file = %v", err)
	}
}

func TestWritesDisabledSurvivesTheTrip(t *testing.T) {
	err := remoteError("ingest x: index writes are disabled…", codeWritesDisabled)
	if !errors.Is(err, index.ErrWritesDisabled) {
		t.Errorf("remote writes-disabled error is not ErrWritesDisabled")
	}
	if _, code := classify(fmt.Errorf("ingest x: %w", index.ErrNoSpace)); code != codeNoSpace {
		t.Errorf("classify(ErrNoSpace) = %s", code)
	}
}

// TestRemoteIngestRefusesNotProse: through the socket, text that is not
// prose is refused with ErrNotProse unless forced.
func TestRemoteIngestRefusesNotProse(t *testing.T) {
	ctx := context.Background()
	d, _ := serve(t)
	c, err := Dial(ctx, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	passwd := []byte("root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\n")
	_, err = c.Ingest(ctx, IngestRequest{Name: "passwd", Data: passwd})
	if !errors.Is(err, ingest.ErrNotProse) {
		t.Errorf("remote Ingest of /etc/passwd = %v; want %v", err, ingest.ErrNotProse)
	}
	res, err := c.Ingest(ctx, IngestRequest{Name: "passwd", Data: passwd, Force: true})
	if err != nil || res.Status != index.Added {
		t.Errorf("forced remote Ingest of /etc/passwd = %+v, %v; want added", res, err)
	}
}

func TestRemoveThroughTheSocket(t *testing.T) {
	ctx := context.Background()
	d, s := serve(t)
	var changed int
	s.Changed = func(context.Context) { changed++ }
	c, err := Dial(ctx, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	const id = "ap-2024-01-25-talks-planned"
	res, err := c.Remove(ctx, id, "tester")
	if err != nil || res.ID != id || res.Passages == 0 {
		t.Fatalf("Remove(%s) = %+v, %v", id, res, err)
	}
	if changed != 1 || d.Store.Has(id) {
		t.Errorf("after Remove: Changed called %d times, stored %v; want 1, false", changed, d.Store.Has(id))
	}
	if _, err := c.Show(ctx, id); !errors.Is(err, ErrNotFound) {
		t.Errorf("Show(%s) after Remove = %v; want ErrNotFound", id, err)
	}
	if _, err := c.Remove(ctx, id, "tester"); !errors.Is(err, index.ErrNoArticle) {
		t.Errorf("second Remove(%s) = %v; want index.ErrNoArticle", id, err)
	}
	if _, err := c.Remove(ctx, "iraq-us-talks", "tester"); err == nil || !strings.Contains(err.Error(), "source article") {
		t.Errorf("Remove(source article) = %v; want refused", err)
	}
}
