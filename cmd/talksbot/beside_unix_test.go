//go:build unix

package main

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
)

var (
	talksbotOnce sync.Once
	talksbotBin  string // removed by TestMain
	talksbotErr  error
)

// buildTalksbot builds this command once for the tests that run it as a
// process.
func buildTalksbot(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build talksbot with")
	}
	talksbotOnce.Do(func() {
		dir, err := os.MkdirTemp("", "talksbot-test")
		if err != nil {
			talksbotErr = err
			return
		}
		talksbotBin = filepath.Join(dir, "talksbot")
		if out, err := exec.Command(goBin, "build", "-ldflags=-s -w", "-o", talksbotBin, ".").CombinedOutput(); err != nil {
			talksbotErr = errors.New(string(out))
		}
	})
	if talksbotErr != nil {
		t.Fatalf("go build: %v", talksbotErr)
	}
	return talksbotBin
}

// talksbotCmd is the program run with data as its data directory, a home
// of the test's own and the variables given.
func talksbotCmd(t *testing.T, bin, data string, vars []string, args ...string) *exec.Cmd {
	cmd := exec.Command(bin, append(args, "--data", data)...)
	cmd.Env = append([]string{"PATH=" + os.Getenv("PATH"), "HOME=" + t.TempDir()}, vars...)
	return cmd
}

// timed runs cmd and returns its output and how long it took.
func timed(cmd *exec.Cmd) (stdout, stderr string, took time.Duration, err error) {
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	start := time.Now()
	err = cmd.Run()
	return out.String(), errb.String(), time.Since(start), err
}

// held reports whether another process holds the data directory's lock.
func held(t *testing.T, data string) bool {
	f, err := os.Open(filepath.Join(data, "LOCK"))
	if err != nil {
		return false
	}
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_SH|syscall.LOCK_NB); err != nil {
		return true
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
	return false
}

// TestReadersBesideAnIngest runs `talksbot ingest URL` of a page whose
// server does not answer until the test lets it (as a slow site would, for
// as long as the test needs), and meanwhile, as processes of their own,
// ask, sources and troops: each answers in under a second from the
// snapshot with a one-line note naming the ingest. A second writer waits,
// saying for whom, and gives up naming it; one run as a process says for
// whom it waits and goes on when the ingest ends. Once the ingest ends the
// page is answerable.
func TestReadersBesideAnIngest(t *testing.T) {
	bin := buildTalksbot(t)
	data := filepath.Join(t.TempDir(), "data")
	if _, _, err := runCmd(t, data, "sources"); err != nil { // the directory, built
		t.Fatal(err)
	}
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
	defer close(release)
	allow := "TALKSBOT_FETCH_ALLOW=" + strings.TrimPrefix(srv.URL, "http://")

	ingest := talksbotCmd(t, bin, data, []string{allow}, "ingest", srv.URL+"/vorquell.md")
	var ingestOut, ingestErr bytes.Buffer
	ingest.Stdout, ingest.Stderr = &ingestOut, &ingestErr
	if err := ingest.Start(); err != nil {
		t.Fatal(err)
	}
	defer ingest.Process.Kill()
	select {
	case <-asked: // it holds the directory and waits for the page
	case <-time.After(20 * time.Second):
		t.Fatalf("the ingest never fetched the page: %s", ingestErr.String())
	}
	pid := ingest.Process.Pid
	for _, args := range [][]string{{"ask", "How many U.S. troops are in Iraq?"}, {"sources"}, {"troops"}} {
		out, errOut, took, err := timed(talksbotCmd(t, bin, data, nil, args...))
		t.Logf("talksbot %s beside the ingest: %s, %s", args[0], took.Round(time.Millisecond), strings.TrimSpace(errOut))
		if err != nil || out == "" || !readerNote("an ingest", pid).MatchString(errOut) {
			t.Errorf("talksbot %s beside the ingest = %v, stdout %d bytes, stderr %q; want an answer and the note", args[0], err, len(out), errOut)
		}
		if took > time.Second {
			t.Errorf("talksbot %s took %s beside the ingest; want under a second", args[0], took)
		}
	}

	// A second writer, here in this process: it waits, and says for what.
	defer func(p time.Duration) { lockPatience = p }(lockPatience)
	lockPatience = time.Second
	file := filepath.Join(t.TempDir(), "a.md")
	os.WriteFile(file, []byte(remoteArticle), 0o644)
	_, errOut, err := runCmd(t, data, "ingest", file)
	holder := fmt.Sprintf("`talksbot ingest` (pid %d, running since ", pid)
	if !strings.HasPrefix(errOut, "talksbot: waiting for "+holder) {
		t.Errorf("a second ingest said %q; want it to wait for %s…", errOut, holder)
	}
	if err == nil || !strings.Contains(err.Error(), "is in use by "+holder) || !strings.HasSuffix(err.Error(), "): wait for it to finish, then run this again") {
		t.Errorf("a second ingest = %v; want it to name %s… and say to wait for it", err, holder)
	}

	// A second writer as a process of its own: it says whom it waits for,
	// and goes on once the ingest has finished.
	waiter := talksbotCmd(t, bin, data, nil, "ingest", file)
	var waitOut bytes.Buffer
	waitErr := &lockedBuffer{}
	waiter.Stdout, waiter.Stderr = &waitOut, waitErr
	if err := waiter.Start(); err != nil {
		t.Fatal(err)
	}
	defer waiter.Process.Kill()
	for deadline := time.Now().Add(10 * time.Second); !strings.Contains(waitErr.String(), "\n") && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if said := waitErr.String(); !strings.HasPrefix(said, "talksbot: waiting for "+holder) || !strings.HasSuffix(said, " to finish with "+data+" (up to 30s)…\n") {
		t.Errorf("a second ingest, a process, said %q; want it to wait for %s… and say so", said, holder)
	}

	release <- struct{}{}
	if err := ingest.Wait(); err != nil || !strings.Contains(ingestOut.String(), "✓ "+srv.URL+"/vorquell.md: added") {
		t.Fatalf("the ingest = %v\n%s%s", err, ingestOut.String(), ingestErr.String())
	}
	if err := waiter.Wait(); err != nil || !strings.Contains(waitOut.String(), "✓ "+file+": added brennic-accord") {
		t.Errorf("the waiting ingest after the first = %v\n%s%s", err, waitOut.String(), waitErr.String())
	}
	out, errOut, _, err := timed(talksbotCmd(t, bin, data, nil, "ask", "How many quibbits did the Vorquell delegation bring?"))
	if err != nil || !strings.Contains(out, "613 *quibbits*") || errOut != "" {
		t.Errorf("ask after the ingest = %v\n%s%s", err, out, errOut)
	}
}

// TestReadersBesideAReindex stops a `talksbot reindex` (SIGSTOP) while it
// holds the data directory: ask and where answer at once from the index
// as it was before, naming the reindex.
func TestReadersBesideAReindex(t *testing.T) {
	bin := buildTalksbot(t)
	data := filepath.Join(t.TempDir(), "data")
	if _, _, err := runCmd(t, data, "sources"); err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(data, "CURRENT"))
	if err != nil {
		t.Fatal(err)
	}
	snap, _ := index.SnapshotOf(data) // of the index before the reindex
	reindex := talksbotCmd(t, bin, data, nil, "reindex")
	if err := reindex.Start(); err != nil {
		t.Fatal(err)
	}
	defer reindex.Process.Kill()
	deadline := time.Now().Add(10 * time.Second)
	names := func() bool { // the lock file is written just after the lock is taken
		b, _ := os.ReadFile(filepath.Join(data, "LOCK"))
		return strings.HasPrefix(string(b), fmt.Sprintf("%d\ntalksbot reindex\n", reindex.Process.Pid))
	}
	for !held(t, data) || !names() {
		if time.Now().After(deadline) {
			t.Fatal("the reindex never took the data directory")
		}
		time.Sleep(time.Millisecond)
	}
	reindex.Process.Signal(syscall.SIGSTOP)
	pid := reindex.Process.Pid

	out, errOut, took, err := timed(talksbotCmd(t, bin, data, nil, "ask", "How many U.S. troops are in Iraq?"))
	t.Logf("ask beside the reindex: %s, %s", took.Round(time.Millisecond), strings.TrimSpace(errOut))
	if err != nil || !strings.Contains(out, "Answer:") || !readerNote("a reindex", pid).MatchString(errOut) {
		t.Errorf("ask beside the reindex = %v\n%s%s", err, out, errOut)
	}
	if took > time.Second {
		t.Errorf("ask took %s beside the reindex; want under a second", took)
	}
	out, _, _, err = timed(talksbotCmd(t, bin, data, nil, "where"))
	if err != nil || snap == "" || !strings.Contains(out, "index generation  "+snap+"\n") {
		t.Errorf("where beside the reindex = %v\n%s\nwant the generation %s, the snapshot of the index before it", err, out, snap)
	}

	reindex.Process.Signal(syscall.SIGCONT)
	if err := reindex.Wait(); err != nil {
		t.Fatalf("the reindex: %v", err)
	}
	after, _ := os.ReadFile(filepath.Join(data, "CURRENT"))
	if bytes.Equal(before, after) {
		t.Errorf("CURRENT is %s before and after the reindex", before)
	}
}
