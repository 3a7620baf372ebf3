package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/talksbot/talksbot/bot"
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
	x       *index.Index
	st      *feedback.Store
	log     *slog.Logger
	metrics *bot.Metrics

	mu   sync.Mutex // one reload at a time: the poll's, or a pin's from Discord
	seen os.FileInfo
}

// watchPins loads the pins into x and reloads them on a change until ctx
// is done; stop waits for the watcher to end. The watcher is nil when the
// pin log cannot be opened (said in the log).
func watchPins(ctx context.Context, log *slog.Logger, x *index.Index, data string, m *bot.Metrics) (w *pinWatch, stop func()) {
	st, err := feedback.OpenReadOnly(data)
	if err != nil {
		log.Warn("pins not used", "err", err)
		return nil, func() {}
	}
	w = &pinWatch{x: x, st: st, log: log, metrics: m}
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
	return w, func() { cancel(); <-done }
}

// reload reads the pin log and hands its pins to the index when the file
// changed since the last look (or always, when first).
func (w *pinWatch) reload(ctx context.Context, first bool) {
	if w == nil {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
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
	w.metrics.LivePins(len(states) - retired)
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

// botPins is the bot's pin store (/gaps' pin flow): the data directory's
// pin log, each span checked against the index, each pin in effect at
// once (the watcher reloads rather than waiting for its next look).
type botPins struct {
	st *feedback.Store // serve's, writable
	x  *index.Index
	w  *pinWatch
}

func (p botPins) Pins(ctx context.Context) ([]index.Pin, error) {
	l, err := p.st.Pins()
	return l.Pins, err
}

func (p botPins) Pin(ctx context.Context, member string, pin index.Pin) (index.Pin, error) {
	pin.Generation = filepath.Base(p.x.Dir())
	if !pin.NotCovered {
		pas, err := p.x.PinPassage(ctx, pin.ArticleID, pin.Start, pin.End)
		if err != nil {
			return index.Pin{}, err
		}
		pin.Text = pas.Quote
	}
	got, err := p.st.Pin(member, pin)
	if errors.Is(err, feedback.ErrBadRecord) || errors.Is(err, feedback.ErrPinsFull) {
		// Said to the moderator in one line, as a span that is not whole sentences is.
		msg := strings.TrimPrefix(err.Error(), feedback.ErrBadRecord.Error()+": ")
		return index.Pin{}, fmt.Errorf("%w: %s", index.ErrBadPin, msg)
	}
	if err != nil {
		return index.Pin{}, err
	}
	p.w.reload(ctx, true)
	return got, nil
}
