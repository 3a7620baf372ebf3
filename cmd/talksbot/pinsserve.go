package main

import (
	"context"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/talksbot/talksbot/bot/feedback"
	"github.com/talksbot/talksbot/index"
)

// pinPoll is how often serve looks at the pin log for a change (a pin made
// with talksbot pin or unpin, or by another process).
const pinPoll = 2 * time.Second

// pinWatch keeps an index's pins those of the data directory's pin log:
// loaded at start, and again whenever the log's file changes (its size,
// time or inode), looked at every pinPoll.
type pinWatch struct {
	x    *index.Index
	st   *feedback.Store
	log  *slog.Logger
	seen os.FileInfo
}

// watchPins loads the pins into x and reloads them on a change until ctx
// is done; stop waits for the watcher to end.
func watchPins(ctx context.Context, log *slog.Logger, x *index.Index, data string) (stop func()) {
	st, err := feedback.OpenReadOnly(data)
	if err != nil {
		log.Warn("pins not used", "err", err)
		return func() {}
	}
	w := &pinWatch{x: x, st: st, log: log}
	w.reload(ctx, true)
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(pinPoll)
		defer t.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-t.C:
				w.reload(ctx, false)
			}
		}
	}()
	return func() { cancel(); <-done }
}

// reload reads the pin log and hands its pins to the index when the file
// changed since the last look (or always, when first).
func (w *pinWatch) reload(ctx context.Context, first bool) {
	info, err := os.Stat(filepath.Join(w.st.Dir(), feedback.PinFile))
	if err != nil {
		info = nil
	}
	if !first && sameFile(w.seen, info) {
		return
	}
	l, err := w.st.Pins()
	if err != nil {
		w.log.Warn("read the pins", "err", err)
		return
	}
	w.seen = info
	states := w.x.SetPins(ctx, l.Pins)
	retired := 0
	for _, s := range states {
		if s.Retired != "" {
			retired++
			w.log.Info("pin retired", "id", s.Pin.ID, "why", s.Retired)
		}
	}
	if !first || len(states) > 0 {
		w.log.Info("pins loaded", "live", len(states)-retired, "retired", retired)
	}
}

func sameFile(a, b os.FileInfo) bool {
	if a == nil || b == nil {
		return a == nil && b == nil
	}
	return os.SameFile(a, b) && a.Size() == b.Size() && a.ModTime().Equal(b.ModTime())
}
