//go:build unix

package index

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"syscall"
	"testing"
)

// TestRemoveKilled kills a process (SIGKILL) in the middle of
// RemoveArticle, after each of its steps, and opens the data directory as
// the next talksbot would: the article is in both the store and the index
// (killed before anything was written) or in neither, and stays so.
func TestRemoveKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("runs a child process per step")
	}
	ctx := context.Background()
	template := filepath.Join(t.TempDir(), "data")
	d, err := OpenData(ctx, template, nil)
	if err != nil {
		t.Fatal(err)
	}
	before, _ := d.passageCount(briefID)
	d.Close()
	for _, step := range []string{"begin", "marked", "index", "store"} {
		t.Run(step, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "data")
			if err := os.CopyFS(dir, os.DirFS(template)); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command(os.Args[0], "-test.run=^TestRemoveKilledChild$", "-test.count=1")
			cmd.Env = append(os.Environ(), "TALKSBOT_REMOVE_CHILD="+dir, "TALKSBOT_REMOVE_KILL_AT="+step)
			out, err := cmd.CombinedOutput()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the child was not killed at %q: %v\n%s", step, err, out)
			}
			d, err := OpenData(ctx, dir, nil)
			if err != nil {
				t.Fatalf("the data directory does not open after a kill at %q: %v", step, err)
			}
			defer d.Close()
			// Serve reconciles on start: it must not undo the removal.
			if _, _, err := d.Reconcile(ctx); err != nil {
				t.Fatal(err)
			}
			if step == "begin" {
				if n, _ := d.passageCount(briefID); !d.Store.Has(briefID) || n != before {
					t.Errorf("killed before the removal began: stored %v, %d passages; want stored, %d", d.Store.Has(briefID), n, before)
				}
				return
			}
			checkGone(t, d, briefID)
		})
	}
}

// TestRemoveKilledChild is TestRemoveKilled's child: it removes briefID
// and kills itself after the step TALKSBOT_REMOVE_KILL_AT.
func TestRemoveKilledChild(t *testing.T) {
	dir := os.Getenv("TALKSBOT_REMOVE_CHILD")
	if dir == "" {
		t.Skip("run by TestRemoveKilled")
	}
	at := os.Getenv("TALKSBOT_REMOVE_KILL_AT")
	d, err := OpenData(context.Background(), dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	removeStep = func(step string) {
		if step == at {
			syscall.Kill(os.Getpid(), syscall.SIGKILL)
			select {} // the signal is on its way
		}
	}
	d.RemoveArticle(context.Background(), briefID)
	t.Fatalf("RemoveArticle returned without reaching step %q", at)
}
