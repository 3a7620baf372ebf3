package feedback

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
)

func passagePin(q string) index.Pin {
	return index.Pin{Question: q, ArticleID: "ap-2024-01-25-talks-planned", Start: 804, End: 880,
		Text: "About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria.", Generation: "index-7"}
}

func livePins(t *testing.T, s *Store) []index.Pin {
	t.Helper()
	l, err := s.Pins()
	if err != nil {
		t.Fatal(err)
	}
	if l.Skipped != 0 {
		t.Errorf("Pins skipped %d lines", l.Skipped)
	}
	return l.Pins
}

// Pins survive reopening; a pin of the same words replaces the earlier;
// an unpin removes; who pinned is the member's salted hash; a question
// is stored without its mentions and refused past 300 characters.
func TestPinLog(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	a, err := s.Pin("111", passagePin("How many U.S. troops are in Iraq?"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := s.Pin("cli:ana", index.Pin{Question: "Who pays for the bases? @everyone <@42>", NotCovered: true})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID == "" || a.ID == b.ID || a.By != s.member("111") || a.By == "111" || a.At.IsZero() {
		t.Errorf("stored pin %+v: want a fresh id, the salted hash of 111 and a time", a)
	}
	if strings.Contains(b.Question, "@everyone") || strings.Contains(b.Question, "<@4") {
		t.Errorf("stored question %q still mentions", b.Question)
	}
	// The same words, other punctuation: replaces a.
	c, err := s.Pin("222", passagePin("how many U.S. troops are in Iraq"))
	if err != nil {
		t.Fatal(err)
	}
	s.Close()

	s = openStore(t, dir)
	got := livePins(t, s)
	if len(got) != 2 || got[0].ID != b.ID || got[1].ID != c.ID || got[1].Generation != "index-7" || got[1].Text == "" {
		t.Fatalf("after reopen: %+v; want b then c", got)
	}
	if _, err := s.Unpin("111", b.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Unpin("111", b.ID); !errors.Is(err, ErrNoPin) {
		t.Errorf("second Unpin(%s) = %v; want ErrNoPin", b.ID, err)
	}
	if got := livePins(t, s); len(got) != 1 || got[0].ID != c.ID {
		t.Errorf("after unpin: %+v; want only c", got)
	}
	for _, bad := range []index.Pin{
		{Question: strings.Repeat("why ", 80), NotCovered: true},
		{Question: "a passage without text", ArticleID: "x", Start: 0, End: 4},
		{Question: "both", NotCovered: true, ArticleID: "x"},
		{Question: "   ", NotCovered: true},
	} {
		if _, err := s.Pin("1", bad); !errors.Is(err, ErrBadRecord) {
			t.Errorf("Pin(%.30q) = %v; want ErrBadRecord", bad.Question, err)
		}
	}
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := livePins(t, ro); len(got) != 1 {
		t.Errorf("read-only: %d pins; want 1", len(got))
	}
	if _, err := ro.Pin("1", passagePin("q")); !errors.Is(err, ErrReadOnly) {
		t.Errorf("Pin on a read-only store = %v; want ErrReadOnly", err)
	}
}

// The log stays under its bound: re-pinning the same question over and
// over compacts it to the live pins.
func TestPinLogCompacts(t *testing.T) {
	s := openStore(t, t.TempDir())
	keep, err := s.Pin("1", index.Pin{Question: "who pays for the bases", NotCovered: true})
	if err != nil {
		t.Fatal(err)
	}
	p := passagePin("how many troops are in iraq")
	p.Text = strings.Repeat("x", 20<<10)
	for range 120 { // 120 × 20 KiB: past 1 MiB
		if _, err := s.Pin("1", p); err != nil {
			t.Fatal(err)
		}
	}
	info, err := os.Stat(s.pinPath())
	if err != nil {
		t.Fatal(err)
	}
	if info.Size() > MaxPinLogBytes {
		t.Errorf("pin log is %d bytes; want at most %d", info.Size(), MaxPinLogBytes)
	}
	if got := livePins(t, s); len(got) != 2 || got[0].ID != keep.ID {
		t.Errorf("after compaction: %d pins (first %s); want 2, %s first", len(got), got[0].ID, keep.ID)
	}
}

// A torn last line is skipped on read and cut off by the next pin.
func TestPinLogTornLine(t *testing.T) {
	s := openStore(t, t.TempDir())
	if _, err := s.Pin("1", passagePin("how many troops are in iraq")); err != nil {
		t.Fatal(err)
	}
	tearPinLog(t, s.pinPath())
	l, err := s.Pins()
	if err != nil || len(l.Pins) != 1 || l.Skipped != 1 {
		t.Fatalf("with a torn line: %d pins, %d skipped, %v; want 1 and 1", len(l.Pins), l.Skipped, err)
	}
	if _, err := s.Pin("1", index.Pin{Question: "who pays", NotCovered: true}); err != nil {
		t.Fatal(err)
	}
	if got := livePins(t, s); len(got) != 2 {
		t.Errorf("after a pin past the torn line: %d pins; want 2", len(got))
	}
}

// tearPinLog appends half a record, as a power loss in the middle of a
// write would leave it.
func tearPinLog(t *testing.T, path string) {
	t.Helper()
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"op":"pin","id":"torn","question":"half a`)
	f.Close()
}

// TestPinLogKill9 runs a child process that pins and unpins as fast as it
// can, printing each acknowledged operation, and kills it with SIGKILL at
// a random moment, many times; between some rounds half a record is left
// at the end of the log (what a power loss can leave; a kill cannot tear a
// single write). After every kill each acknowledged pin must be read back
// live, each acknowledged unpin gone, and the next child must cut the
// torn line and go on.
func TestPinLogKill9(t *testing.T) {
	if os.Getenv("TALKSBOT_PIN_CHILD") != "" {
		pinChild(os.Getenv("TALKSBOT_PIN_CHILD"), os.Getenv("TALKSBOT_PIN_ROUND"))
		return
	}
	dir := t.TempDir()
	seed := uint64(time.Now().UnixNano())
	rng := rand.New(rand.NewPCG(seed, seed))
	pinned := map[string]string{} // acknowledged live pin id → question
	unpinned := map[string]bool{}
	unpinning := map[string]bool{} // an unpin started: its pin may be gone unacknowledged
	const rounds = 12
	killedMid, torn, ops := 0, 0, 0
	for r := range rounds {
		if r%3 == 2 {
			if _, err := os.Stat(filepath.Join(dir, Subdir, PinFile)); err == nil {
				tearPinLog(t, filepath.Join(dir, Subdir, PinFile))
				torn++
			}
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestPinLogKill9$")
		cmd.Env = append(os.Environ(), "TALKSBOT_PIN_CHILD="+dir, fmt.Sprintf("TALKSBOT_PIN_ROUND=%d", r))
		var stderr strings.Builder
		cmd.Stderr = &stderr
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The kill comes at a random moment after the first acknowledgement.
		delay := time.Duration(rng.IntN(60)) * time.Millisecond
		var timer *time.Timer
		sc := bufio.NewScanner(out)
		acks := 0
		for sc.Scan() {
			if timer == nil {
				timer = time.AfterFunc(delay, func() { cmd.Process.Kill() })
			}
			f := strings.SplitN(sc.Text(), " ", 3)
			switch {
			case len(f) == 3 && f[0] == "pin":
				pinned[f[1]] = f[2]
				acks++
			case len(f) == 2 && f[0] == "unpinning":
				unpinning[f[1]] = true
			case len(f) == 2 && f[0] == "unpin":
				delete(pinned, f[1])
				unpinned[f[1]] = true
				acks++
			}
		}
		if timer != nil {
			timer.Stop()
		}
		err = cmd.Wait()
		var exit *exec.ExitError
		switch {
		case err == nil:
			t.Logf("round %d: the child finished before the kill", r)
		case errors.As(err, &exit) && exit.ExitCode() == -1: // killed by the signal
			killedMid++
		default:
			t.Fatalf("round %d: the child failed: %v\n%s", r, err, stderr.String())
		}
		ops += acks
		ro, err := OpenReadOnly(dir)
		if err != nil {
			t.Fatal(err)
		}
		l, err := ro.Pins()
		if err != nil {
			t.Fatalf("round %d: read pins after the kill: %v", r, err)
		}
		live := map[string]string{}
		for _, p := range l.Pins {
			live[p.ID] = p.Question
		}
		for id, q := range pinned {
			if live[id] != q && !(live[id] == "" && unpinning[id]) {
				t.Errorf("round %d: acknowledged pin %s (%q) reads back as %q", r, id, q, live[id])
			}
		}
		for id := range unpinned {
			if _, ok := live[id]; ok && pinned[id] == "" {
				t.Errorf("round %d: acknowledged unpin %s is still live", r, id)
			}
		}
		if t.Failed() {
			t.Fatalf("seed %d", seed)
		}
	}
	s := openStore(t, dir)
	if _, err := s.Pin("1", index.Pin{Question: "after the kills", NotCovered: true}); err != nil {
		t.Fatal(err)
	}
	if l, _ := s.Pins(); l.Skipped != 0 {
		t.Errorf("after a last pin, %d lines are still skipped: the torn line was not repaired", l.Skipped)
	}
	t.Logf("%d rounds, %d killed in the middle; %d operations acknowledged, all read back (%d pins live, %d unpinned); %d torn lines left and repaired",
		rounds, killedMid, ops, len(pinned), len(unpinned), torn)
	if len(pinned)+len(unpinned) == 0 {
		t.Fatal("no operation was acknowledged: the kills come too early")
	}
}

// pinChild pins 80 questions of its round, unpinning every third,
// printing each operation once it has returned.
func pinChild(dir, round string) {
	s, err := Open(dir)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	var last string
	for i := range 80 {
		q := fmt.Sprintf("round %s question %d about the talks", round, i)
		pin := index.Pin{Question: q, NotCovered: true}
		if i%2 == 1 {
			pin = passagePin(q)
		}
		p, err := s.Pin("child", pin)
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(2)
		}
		fmt.Printf("pin %s %s\n", p.ID, p.Question)
		if i%3 == 2 {
			fmt.Printf("unpinning %s\n", last) // under way: may or may not be done if killed
			if _, err := s.Unpin("child", last); err != nil {
				fmt.Fprintln(os.Stderr, err)
				os.Exit(2)
			}
			fmt.Printf("unpin %s\n", last)
		}
		last = p.ID
	}
}
