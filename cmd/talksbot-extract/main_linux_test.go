package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// These tests run the program as talksbot does (ingest.Command) and watch
// it from outside, in /proc: its parent, process group, environment and
// limits, and whether it is still alive. Issue 24 round three, findings 6,
// 7 and 11.

// hangPage makes the program hang (its test hook): a page that takes for
// ever.
const hangPage = "<html><body><p>talksbot-extract-test:hang</p></body></html>"

// parentEnv, set to the program's path, makes the test binary a parent
// that runs the program on hangPage through ingest.Command and waits.
const parentEnv = "TALKSBOT_EXTRACT_TEST_PARENT"

var (
	progOnce sync.Once
	progBin  string
	progErr  error
)

func TestMain(m *testing.M) {
	if bin := os.Getenv(parentEnv); bin != "" {
		c := &ingest.Command{Path: bin, Timeout: 2 * time.Minute, Env: []string{testHookEnv + "=1"}}
		_, err := c.Extract(context.Background(), []byte(hangPage), "")
		fmt.Fprintln(os.Stderr, "parent: the extractor returned:", err)
		os.Exit(0)
	}
	code := m.Run()
	if progBin != "" {
		os.RemoveAll(filepath.Dir(progBin))
	}
	os.Exit(code)
}

// program builds this command once.
func program(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build talksbot-extract with")
	}
	progOnce.Do(func() {
		dir, err := os.MkdirTemp("", "talksbot-extract-test")
		if err != nil {
			progErr = err
			return
		}
		progBin = filepath.Join(dir, "talksbot-extract")
		if out, err := exec.Command(goBin, "build", "-o", progBin, ".").CombinedOutput(); err != nil {
			progErr = errors.New(string(out))
		}
	})
	if progErr != nil {
		t.Fatalf("go build: %v", progErr)
	}
	return progBin
}

// procStat is a process's state, parent and process group, from
// /proc/PID/stat; ok is false when there is no such process.
func procStat(pid int) (state byte, ppid, pgrp int, ok bool) {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0, 0, 0, false
	}
	i := bytes.LastIndexByte(b, ')')
	f := strings.Fields(string(b[i+1:]))
	if len(f) < 3 {
		return 0, 0, 0, false
	}
	ppid, _ = strconv.Atoi(f[1])
	pgrp, _ = strconv.Atoi(f[2])
	return f[0][0], ppid, pgrp, true
}

// alive: the process exists and is not a zombie.
func alive(pid int) bool {
	state, _, _, ok := procStat(pid)
	return ok && state != 'Z'
}

// children are the live processes of parent ppid running exe.
func children(ppid int, exe string) []int {
	entries, _ := os.ReadDir("/proc")
	var pids []int
	for _, e := range entries {
		pid, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		if state, pp, _, ok := procStat(pid); !ok || pp != ppid || state == 'Z' {
			continue
		}
		if target, err := os.Readlink(fmt.Sprintf("/proc/%d/exe", pid)); err == nil && target == exe {
			pids = append(pids, pid)
		}
	}
	return pids
}

// waitChild waits for a child of ppid running exe and returns its pid.
func waitChild(t *testing.T, ppid int, exe string) int {
	t.Helper()
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if pids := children(ppid, exe); len(pids) > 0 {
			return pids[0]
		}
	}
	t.Fatalf("no %s started by %d within 20 s", exe, ppid)
	return 0
}

var limitLine = regexp.MustCompile(`(?m)^(Max [a-z ]+?)\s{2,}(\S+)\s+(\S+)`)

// waitLimit waits until the process's soft and hard limit named (as in
// /proc/PID/limits: "Max cpu time") is want, which the program sets on
// itself at start; it returns the last seen.
func waitLimit(pid int, name, want string) string {
	var got string
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		b, err := os.ReadFile(fmt.Sprintf("/proc/%d/limits", pid))
		if err != nil {
			return "gone"
		}
		for _, m := range limitLine.FindAllStringSubmatch(string(b), -1) {
			if m[1] == name {
				got = m[2] + "/" + m[3]
			}
		}
		if got == want+"/"+want {
			return want
		}
	}
	return got
}

// TestExtractorDiesWithItsParent (finding 6): kill -9 the parent while the
// program is on a slow page, and the program is gone within seconds
// (Pdeathsig), not left running under PID 1 until its page is done.
func TestExtractorDiesWithItsParent(t *testing.T) {
	bin := program(t)
	parent := exec.Command(os.Args[0], "-test.run=^$")
	parent.Env = append(os.Environ(), parentEnv+"="+bin)
	if err := parent.Start(); err != nil {
		t.Fatal(err)
	}
	pid := waitChild(t, parent.Process.Pid, bin)
	t.Cleanup(func() { syscall.Kill(pid, syscall.SIGKILL) })
	time.Sleep(300 * time.Millisecond) // on the page
	if !alive(pid) {
		t.Fatalf("the extractor %d ended before its parent was killed", pid)
	}
	parent.Process.Signal(syscall.SIGKILL)
	parent.Wait()
	start := time.Now()
	for alive(pid) {
		if time.Since(start) > 5*time.Second {
			_, ppid, _, _ := procStat(pid)
			t.Fatalf("the extractor %d still runs 5 s after its parent was killed (its parent now %d)", pid, ppid)
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Logf("the extractor was gone %v after its parent was killed", time.Since(start).Round(time.Millisecond))
}

// TestExtractorEndsOnItsOwn (finding 6): with its parent still there but
// not killing it (here the test, which only waits), the program ends
// itself a second after its time (TALKSBOT_EXTRACT_MAX_TIME), saying so,
// and the kernel holds it to twice that time plus a second of CPU
// (RLIMIT_CPU, seen in /proc); started by hand, with no limits given, it
// takes the defaults.
func TestExtractorEndsOnItsOwn(t *testing.T) {
	bin := program(t)
	cmd := exec.Command(bin)
	cmd.Env = []string{testHookEnv + "=1", ingest.ExtractTimeoutEnv + "=1s"}
	cmd.Stdin = strings.NewReader(hangPage)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	if got := waitLimit(cmd.Process.Pid, "Max cpu time", "3"); got != "3" {
		t.Errorf("CPU limit (soft/hard) = %s; want 3 s (twice 1 s plus one)", got)
	}
	select {
	case err := <-done:
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() != 3 || !strings.Contains(stderr.String(), "took more than 1s on the page: exiting") {
			t.Errorf("the program ended with %v, stderr %q; want exit status 3 saying it took too long", err, stderr.String())
		}
		if d := time.Since(start); d > 8*time.Second {
			t.Errorf("the program took %v to end itself; want about 2 s", d)
		}
	case <-time.After(15 * time.Second):
		cmd.Process.Kill()
		<-done
		t.Fatalf("the program still ran 15 s after it started with a time of 1 s")
	}

	// By hand: the defaults (30 s, 768 MiB).
	hand := exec.Command(bin)
	hand.Env = []string{testHookEnv + "=1"}
	hand.Stdin = strings.NewReader(hangPage)
	if err := hand.Start(); err != nil {
		t.Fatal(err)
	}
	defer hand.Wait()
	defer hand.Process.Kill()
	if got := waitLimit(hand.Process.Pid, "Max cpu time", "61"); got != "61" {
		t.Errorf("by hand: CPU limit = %s; want 61 s", got)
	}
	if got, want := waitLimit(hand.Process.Pid, "Max data size", strconv.Itoa(ingest.DefaultExtractMemory)), strconv.Itoa(ingest.DefaultExtractMemory); got != want {
		t.Errorf("by hand: data limit = %s; want %s", got, want)
	}
}

// TestExtractorEnvironmentAndLimits (findings 7 and 11): the program's
// whole environment is its limits and what Command.Env passes on purpose,
// none of talksbot's (DISCORD_TOKEN); its memory is limited (RLIMIT_DATA
// and GOMEMLIMIT) and so is its CPU; it runs in a process group of its own,
// which Command kills.
func TestExtractorEnvironmentAndLimits(t *testing.T) {
	bin := program(t)
	t.Setenv("DISCORD_TOKEN", "MTIz.secret.token")
	t.Setenv("TALKSBOT_ADMIN_SECRET", "another")
	c := &ingest.Command{Path: bin, Timeout: 20 * time.Second, Memory: 256 << 20, Env: []string{testHookEnv + "=1"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { _, err := c.Extract(ctx, []byte(hangPage), ""); done <- err }()
	pid := waitChild(t, os.Getpid(), bin)

	raw, err := os.ReadFile(fmt.Sprintf("/proc/%d/environ", pid))
	if err != nil {
		t.Fatal(err)
	}
	env := strings.Split(strings.TrimRight(string(raw), "\x00"), "\x00")
	slices.Sort(env)
	want := []string{"GOMEMLIMIT=201326592", ingest.ExtractMemoryEnv + "=268435456", ingest.ExtractTimeoutEnv + "=20s", testHookEnv + "=1"}
	if !slices.Equal(env, want) {
		t.Errorf("the extractor's environment = %q; want only %q", env, want)
	}
	if got := waitLimit(pid, "Max data size", "268435456"); got != "268435456" {
		t.Errorf("data limit = %s; want 268435456 (256 MiB)", got)
	}
	if got := waitLimit(pid, "Max cpu time", "41"); got != "41" {
		t.Errorf("CPU limit = %s; want 41 s", got)
	}
	if _, _, pgrp, _ := procStat(pid); pgrp != pid {
		t.Errorf("the extractor %d is in process group %d; want its own", pid, pgrp)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, ingest.ErrExtractor) {
			t.Errorf("Extract after cancel = %v; want ErrExtractor", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Extract still running 5 s after its context was cancelled")
	}
	if alive(pid) {
		t.Errorf("the extractor %d outlived Extract", pid)
	}
}

// TestAtMostMaxExtractors (finding 11): six pages at once run at most
// MaxExtractors programs (counted in /proc); a caller waiting for one gives
// up when its context ends, without starting a program.
func TestAtMostMaxExtractors(t *testing.T) {
	bin := program(t)
	c := &ingest.Command{Path: bin, Timeout: time.Minute, Env: []string{testHookEnv + "=1"}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	const pages = 6
	errs := make(chan error, pages)
	for range pages {
		go func() { _, err := c.Extract(ctx, []byte(hangPage), ""); errs <- err }()
	}
	most := 0
	for deadline := time.Now().Add(3 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		most = max(most, len(children(os.Getpid(), bin)))
	}
	if most != ingest.MaxExtractors {
		t.Errorf("%d pages at once ran up to %d extractors; want %d", pages, most, ingest.MaxExtractors)
	}

	wait, stop := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer stop()
	start := time.Now()
	_, err := c.Extract(wait, []byte(hangPage), "")
	if !errors.Is(err, context.DeadlineExceeded) || !errors.Is(err, ingest.ErrExtractor) || !strings.Contains(err.Error(), "waited for one of the") {
		t.Errorf("Extract while all are busy = %v; want it to give up waiting with its context", err)
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("a waiting Extract gave up after %v; want 200 ms", d)
	}
	if n := len(children(os.Getpid(), bin)); n > ingest.MaxExtractors {
		t.Errorf("%d extractors run; want at most %d", n, ingest.MaxExtractors)
	}

	cancel()
	for range pages {
		select {
		case <-errs:
		case <-time.After(10 * time.Second):
			t.Fatal("an Extract still ran 10 s after its context was cancelled")
		}
	}
	if left := children(os.Getpid(), bin); len(left) > 0 {
		t.Errorf("extractors %v still run after every Extract returned", left)
	}
}
