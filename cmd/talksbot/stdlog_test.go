package main

import (
	"bytes"
	"log"
	"log/slog"
	"os"
	"strings"
	"testing"
)

// TestBleveLogIsQuiet: the standard library's log, where Bleve prints
// its repair lines, does not reach a command's terminal; under serve the
// lines go to slog at debug.
func TestBleveLogIsQuiet(t *testing.T) {
	if log.Writer() == os.Stderr {
		t.Fatal("the standard log writes to stderr: Bleve's lines reach the terminal")
	}
	var b bytes.Buffer
	defer log.SetOutput(log.Writer())
	stdLogTo(slog.New(slog.NewTextHandler(&b, &slog.HandlerOptions{Level: slog.LevelDebug})))
	log.Printf("unable to load snapshot, %v, continuing", "boom")
	if got := b.String(); !strings.Contains(got, "level=DEBUG") || !strings.Contains(got, "unable to load snapshot, boom, continuing") {
		t.Errorf("routed log line = %q; want it at debug", got)
	}
}
