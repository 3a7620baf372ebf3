//go:build unix

package feeds

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestStateKilled: a child process saves the state again and again,
// printing each acknowledged save; it is SIGKILLed at some point. The state
// then opens, whole, with every acknowledged item.
func TestStateKilled(t *testing.T) {
	if dir := os.Getenv("TALKSBOT_FEEDS_CRASH_CHILD"); dir != "" {
		m, err := Open(dir, Config{})
		if err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		for i := 0; ; i++ {
			m.mu.Lock()
			id := strconv.Itoa(m.st.NextItem)
			m.st.NextItem++
			m.st.Items = append(m.st.Items, &Item{ID: id, Feed: "f1", URL: "https://x.example/" + id, Title: strings.Repeat("Iraq talks ", 20), Status: Pending, Found: time.Now()})
			err := m.saveLocked()
			m.mu.Unlock()
			if err != nil {
				fmt.Println("error", err)
				os.Exit(1)
			}
			fmt.Println("acked", id)
		}
	}
	dir := t.TempDir()
	for run := range 6 {
		cmd := exec.Command(os.Args[0], "-test.run=^TestStateKilled$")
		cmd.Env = append(os.Environ(), "TALKSBOT_FEEDS_CRASH_CHILD="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		acked := 0
		sc := bufio.NewScanner(out)
		deadline := time.Now().Add(time.Duration(20+run*15) * time.Millisecond)
		for sc.Scan() {
			line := sc.Text()
			if n, ok := strings.CutPrefix(line, "acked "); ok {
				acked, _ = strconv.Atoi(n)
			} else if strings.HasPrefix(line, "error") {
				t.Fatal(line)
			}
			if acked > 0 && time.Now().After(deadline) {
				break
			}
		}
		cmd.Process.Signal(syscall.SIGKILL)
		cmd.Wait()
		m, err := Open(dir, Config{})
		if err != nil {
			t.Fatalf("run %d: reopen after kill -9: %v", run, err)
		}
		q, _ := m.Queue(context.Background())
		if len(q) < acked || len(q) > 0 && q[len(q)-1].ID != strconv.Itoa(len(q)) {
			t.Fatalf("run %d: %d items after kill -9; %d were acknowledged", run, len(q), acked)
		}
	}
}
