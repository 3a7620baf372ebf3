//go:build unix

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// listedFolder lists a folder holding one Markdown article, as ingest
// DIR does before it reads anything, and returns the folder, the file and
// its input.
func listedFolder(t *testing.T) (dir, file string, in input) {
	t.Helper()
	dir = t.TempDir()
	file = filepath.Join(dir, "talks.md")
	if err := os.WriteFile(file, []byte("# The talks\n\nThe delegations met in Geneva on Monday and agreed to meet again.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	inputs, skipped, err := listInputs(dir)
	if err != nil || len(inputs) != 1 || len(skipped) != 0 {
		t.Fatalf("listInputs(%s) = %v, %v, %v; want the one file", dir, inputs, skipped, err)
	}
	return dir, file, inputs[0]
}

// TestIngestFolderFileSwappedForLink (issue 24, round three, finding 1): a
// folder's file replaced by a symbolic link after the walk listed it is not
// followed: the file the link names (here one outside the folder, as
// /etc/shadow was to the attacker) is neither read nor quoted.
func TestIngestFolderFileSwappedForLink(t *testing.T) {
	secret := filepath.Join(t.TempDir(), "secret.md")
	if err := os.WriteFile(secret, []byte("# Secret\n\nROOT-ONLY-SECRET the password is swordfish and nobody else may read it.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, file, in := listedFolder(t)
	for _, target := range []string{secret, "talks-copy.md"} { // out of the folder, and within it
		os.Remove(file)
		if target == "talks-copy.md" {
			os.WriteFile(filepath.Join(filepath.Dir(file), target), []byte("# Secret\n\nROOT-ONLY-SECRET again.\n"), 0o644)
		}
		if err := os.Symlink(target, file); err != nil {
			t.Fatal(err)
		}
		a, err := in.read(context.Background(), ingest.NewFetcher())
		if err == nil || !errors.Is(err, errChanged) {
			t.Errorf("read of talks.md swapped for a link to %s = %v, %v; want errChanged", target, a, err)
		}
		if a != nil && strings.Contains(a.Body, "ROOT-ONLY-SECRET") {
			t.Errorf("the link to %s was followed: %q", target, a.Body)
		}
		if err != nil && strings.Contains(err.Error(), "\n") {
			t.Errorf("error is not one line: %q", err)
		}
	}
}

// TestIngestFolderFileSwappedForFIFO (finding 2): a folder's file replaced
// by a FIFO after the walk is refused at once; it hung ingest in open(2)
// (holding the data directory's lock) until something wrote to the FIFO.
func TestIngestFolderFileSwappedForFIFO(t *testing.T) {
	_, file, in := listedFolder(t)
	os.Remove(file)
	if err := syscall.Mkfifo(file, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	done := make(chan error, 1)
	go func() {
		_, err := in.read(context.Background(), ingest.NewFetcher())
		done <- err
	}()
	select {
	case err := <-done:
		if !errors.Is(err, errChanged) || !strings.Contains(err.Error(), "FIFO") {
			t.Errorf("read of talks.md swapped for a FIFO = %v; want errChanged saying it is a FIFO", err)
		}
	case <-time.After(5 * time.Second):
		// Release the blocked open(2) so that the test ends.
		if w, err := os.OpenFile(file, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatal("read of talks.md swapped for a FIFO blocked for 5s in open")
	}
}

// TestIngestFileNamedAloneMustBeRegular: a FIFO named on the command line
// is refused without blocking too.
func TestIngestFileNamedAloneMustBeRegular(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "pipe.md")
	if err := syscall.Mkfifo(fifo, 0o644); err != nil {
		t.Skip("no FIFOs here:", err)
	}
	in := input{name: fifo, path: fifo} // as listed before it became a FIFO
	done := make(chan error, 1)
	go func() { _, err := in.open(); done <- err }()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "not a regular file (a FIFO)") {
			t.Errorf("open of a FIFO = %v; want not a regular file", err)
		}
	case <-time.After(5 * time.Second):
		if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
			w.Close()
		}
		<-done
		t.Fatal("open of a FIFO blocked for 5s")
	}
}
