//go:build unix

package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
)

// since is what was written to l after its first n bytes, and its length.
func (l *lockedBuffer) since(n int) (string, int) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()[n:], l.b.Len()
}

// chatProcess is `talksbot chat --json` running as a process of its own.
type chatProcess struct {
	t      *testing.T
	cmd    *exec.Cmd
	in     io.WriteCloser
	lines  chan string
	stderr *lockedBuffer
	seen   int // stderr bytes already looked at
}

func startChat(t *testing.T, bin, data string) *chatProcess {
	t.Helper()
	cmd := talksbotCmd(t, bin, data, nil, "chat", "--json")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	c := &chatProcess{t: t, cmd: cmd, in: in, lines: make(chan string, 16), stderr: &lockedBuffer{}}
	cmd.Stderr = c.stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { cmd.Process.Kill(); cmd.Wait() })
	go func() {
		sc := bufio.NewScanner(out)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			c.lines <- sc.Text()
		}
		close(c.lines)
	}()
	return c
}

// ask sends a question and returns the answer, how long it took, and
// what the chat said on stderr meanwhile.
func (c *chatProcess) ask(q string) (index.Answer, time.Duration, string) {
	c.t.Helper()
	start := time.Now()
	if _, err := fmt.Fprintln(c.in, q); err != nil {
		c.t.Fatalf("chat: %v", err)
	}
	var a index.Answer
	select {
	case line, ok := <-c.lines:
		if !ok {
			said, _ := c.stderr.since(0)
			c.t.Fatalf("the chat ended before answering %q: %s", q, said)
		}
		if err := json.Unmarshal([]byte(line), &a); err != nil {
			c.t.Fatalf("chat answered %q with %q: %v", q, line, err)
		}
	case <-time.After(20 * time.Second):
		c.t.Fatalf("the chat did not answer %q in 20 s", q)
	}
	took := time.Since(start)
	// stderr comes through a pipe of its own: what the chat said before
	// it answered may not have been read yet. Wait until it stays still.
	_, n := c.stderr.since(c.seen)
	for still := time.Duration(0); still < 150*time.Millisecond; {
		time.Sleep(25 * time.Millisecond)
		if _, m := c.stderr.since(c.seen); m != n {
			n, still = m, 0
		} else {
			still += 25 * time.Millisecond
		}
	}
	said, n := c.stderr.since(c.seen)
	c.seen = n
	return a, took, said
}

// quotes reports whether the answer's first passage is from an article
// whose id holds article.
func quotes(a index.Answer, article string) bool {
	return len(a.Passages) > 0 && strings.Contains(a.Passages[0].ArticleID, article)
}

// A chat left open holds nothing a writer waits for: beside it an ingest,
// a removal and a reindex finish at once (they waited 30 s and failed
// naming the chat). Its next question answers from the generation they
// published; while an ingest holds the directory it answers at once from
// the generation before, with the readers' note naming the ingest, and
// after it from the new one, saying so.
func TestChatBesideWriters(t *testing.T) {
	bin := buildTalksbot(t)
	data := filepath.Join(t.TempDir(), "data")
	if _, _, err := runCmd(t, data, "sources"); err != nil {
		t.Fatal(err)
	}
	chat := startChat(t, bin, data)
	if a, _, said := chat.ask("How many U.S. troops are in Iraq?"); len(a.Passages) == 0 || said != "" {
		t.Fatalf("the chat's first answer = %+v, stderr %q", a, said)
	}

	// Writers beside the chat finish at once.
	file := filepath.Join(t.TempDir(), "brennic.md")
	os.WriteFile(file, []byte(remoteArticle), 0o644)
	writer := func(args ...string) string {
		t.Helper()
		cmd := talksbotCmd(t, bin, data, nil, args...)
		timer := time.AfterFunc(10*time.Second, func() { cmd.Process.Kill() })
		defer timer.Stop()
		out, errOut, took, err := timed(cmd)
		t.Logf("talksbot %s beside the chat: %s", args[0], took.Round(time.Millisecond))
		if err != nil || errOut != "" || took > 5*time.Second {
			t.Fatalf("talksbot %s beside an open chat = %v after %s\n%s%s", args[0], err, took.Round(time.Millisecond), out, errOut)
		}
		return out
	}
	const brennicQ = "What did the Brennic envoys sign?"
	if out := writer("ingest", file); !strings.Contains(out, "added brennic-accord") {
		t.Errorf("ingest beside the chat printed %q", out)
	}
	if a, _, said := chat.ask(brennicQ); !quotes(a, "brennic-accord") || said != "" {
		t.Errorf("after the ingest the chat answered %+v (stderr %q); want the new article first, from the new generation", a.Passages, said)
	}
	writer("reindex")
	if a, _, said := chat.ask(brennicQ); !quotes(a, "brennic-accord") || said != "" {
		t.Errorf("after the reindex the chat answered %+v (stderr %q)", a.Passages, said)
	}
	writer("remove", "brennic-accord")
	if a, _, _ := chat.ask(brennicQ); quotes(a, "brennic-accord") {
		t.Errorf("after the removal the chat still quotes the removed article: %+v", a.Passages)
	}

	// An ingest that holds the directory (its page is slow to come).
	asked := make(chan struct{}, 1)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked <- struct{}{}
		select {
		case <-release:
		case <-time.After(30 * time.Second):
		}
		w.Header().Set("Content-Type", "text/markdown")
		fmt.Fprint(w, "# Vorquell envoys reach Baghdad\n\nThe Vorquell delegation brought 613 quibbits to the talks in Baghdad on Monday, Iraqi officials said. "+
			"The envoys met the foreign minister at the ministry and left for Erbil in the evening.\n")
	}))
	defer srv.Close()
	ingest := talksbotCmd(t, bin, data, []string{"TALKSBOT_FETCH_ALLOW=" + strings.TrimPrefix(srv.URL, "http://")}, "ingest", srv.URL+"/vorquell.md")
	var ingestOut, ingestErr bytes.Buffer
	ingest.Stdout, ingest.Stderr = &ingestOut, &ingestErr
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	defer ingest.Process.Kill()
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatalf("the ingest never fetched the page: %s", ingestErr.String())
	}
	const vorquellQ = "How many quibbits did the Vorquell delegation bring?"
	a, took, said := chat.ask(vorquellQ)
	t.Logf("the chat beside a held ingest: %s, %q", took.Round(time.Millisecond), said)
	if quotes(a, "vorquell") || len(a.Passages) == 0 || !readerNote("an ingest", ingest.Process.Pid).MatchString(said) || took > time.Second {
		t.Errorf("beside the held ingest the chat answered %+v after %s, stderr %q; want an answer from the generation before, at once, with the note", a.Passages, took, said)
	}
	if a, _, said := chat.ask("How many U.S. troops are in Iraq?"); len(a.Passages) == 0 || said != "" {
		t.Errorf("the next question beside the same ingest = %+v, stderr %q; want an answer and no second note", a.Passages, said)
	}
	close(release)
	if err := ingest.Wait(); err != nil || !strings.Contains(ingestOut.String(), ": added ") {
		t.Fatalf("the held ingest = %v\n%s%s", err, ingestOut.String(), ingestErr.String())
	}
	a, _, said = chat.ask(vorquellQ)
	if !quotes(a, "vorquell") || !strings.HasPrefix(said, "talksbot: answering from the index as of ") || !strings.HasSuffix(said, " (`talksbot ingest` has finished)\n") {
		t.Errorf("after the held ingest the chat answered %+v, stderr %q; want the new article, and a line saying the ingest finished", a.Passages, said)
	}

	chat.in.Close()
	if err := chat.cmd.Wait(); err != nil {
		said, _ := chat.stderr.since(0)
		t.Errorf("the chat ended with %v: %s", err, said)
	}
}
