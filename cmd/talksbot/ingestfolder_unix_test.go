//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A folder with a FIFO and a symbolic link named *.md beside a real
// article: the ingest finishes at once, adds the article, skips the two
// with a message each, and the link's target is never read.
func TestIngestFolderSkipsFIFOsAndSymlinks(t *testing.T) {
	data := t.TempDir()
	dir := t.TempDir()
	secret := filepath.Join(t.TempDir(), "secret.txt")
	os.WriteFile(secret, []byte("Secret notes\n\nThe password of the vault is swordfish and nobody must know it at all.\n"), 0o600)
	if err := os.Symlink(secret, filepath.Join(dir, "shadow.md")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.md"), 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "real.txt"), []byte("Talks resume in Baghdad\n\nIraqi and U.S. officials met again in Baghdad on Sunday to discuss the future of the coalition. Both sides said the talks would continue next week.\n"), 0o644)
	done := make(chan struct{})
	var out, errOut string
	var err error
	go func() {
		out, errOut, err = runCmd(t, data, "ingest", dir)
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("ingest of a folder with a FIFO did not finish")
	}
	if err != nil || !strings.Contains(out, "real.txt: added") {
		t.Errorf("ingest = %v\nstdout: %s\nstderr: %s", err, out, errOut)
	}
	for _, want := range []string{"pipe.md: skipped: not a regular file (a FIFO)", "shadow.md: skipped: a symbolic link"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("stderr lacks %q:\n%s", want, errOut)
		}
	}
	show, _, _ := runCmd(t, data, "ask", "--json", "what is the password of the vault")
	if strings.Contains(show, "swordfish") {
		t.Errorf("the link's target was ingested:\n%s", show)
	}
	// Named on its own, a FIFO is refused, not read.
	if _, errOut, err := runCmd(t, data, "ingest", filepath.Join(dir, "pipe.md")); err == nil || !strings.Contains(errOut, "not a regular file") {
		t.Errorf("ingest FIFO = %v, %s", err, errOut)
	}
}

// show with an id that walks out of the data directory reads nothing.
func TestShowRefusesPathIDs(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCmd(t, data, "sources"); err != nil {
		t.Fatal(err)
	}
	outside := filepath.Join(filepath.Dir(data), "x.md")
	os.WriteFile(outside, []byte("---\nid: x\ntitle: Outside\n---\nA secret sentence.\n"), 0o644)
	defer os.Remove(outside)
	out, _, err := runCmd(t, data, "show", "../../x")
	if err == nil || strings.Contains(out, "secret") {
		t.Errorf("show ../../x = %v:\n%s", err, out)
	}
}
