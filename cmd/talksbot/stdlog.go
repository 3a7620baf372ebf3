package main

import (
	"context"
	"io"
	"log"
	"log/slog"
	"strings"
)

// The standard library's log is Bleve's: scorch prints there, unasked,
// lines such as "unable to load snapshot, …, continuing" when an index is
// repaired. A command keeps them out of the terminal (its own message says
// what happened); serve sends them to its slog at debug (stdLogTo).
func init() { log.SetOutput(io.Discard) }

// stdLogTo sends the standard library's log lines to l at debug.
func stdLogTo(l *slog.Logger) {
	log.SetFlags(0)
	log.SetPrefix("")
	log.SetOutput(stdLogWriter{l})
}

type stdLogWriter struct{ l *slog.Logger }

func (w stdLogWriter) Write(p []byte) (int, error) {
	w.l.Log(context.Background(), slog.LevelDebug, strings.TrimSpace(string(p)), "from", "bleve")
	return len(p), nil
}
