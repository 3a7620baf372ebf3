package feeds

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"path/filepath"
	"time"
)

// Listing is the feeds' state as OpenReadOnly read it: to list, not to
// change.
type Listing struct{ m *Manager }

// Feeds lists the feeds followed, in the order they were added.
func (l *Listing) Feeds(ctx context.Context) ([]Feed, error) { return l.m.Feeds(ctx) }

// Queue lists the items waiting for review, oldest first.
func (l *Listing) Queue(ctx context.Context) ([]Item, error) { return l.m.Queue(ctx) }

// OpenReadOnly reads the feeds' state in the data directory dataDir to
// list it, writing nothing: it works on a data directory this process
// cannot write, and beside the process that holds it (the state is
// replaced atomically). A directory without state has no feeds.
func OpenReadOnly(dataDir string) (*Listing, error) {
	dir := filepath.Join(dataDir, Dir)
	m := &Manager{dir: dir, cfg: Config{Now: time.Now, Log: slog.New(slog.DiscardHandler)},
		approving: map[string]bool{}, polling: map[string]bool{}}
	m.st = state{Version: 1, NextFeed: 1, NextItem: 1}
	st, data, err := readState(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return &Listing{m}, nil
	case err != nil:
		return nil, fmt.Errorf("feeds: %w", err)
	}
	m.st = st
	m.saved = data
	m.scrubLocked()
	return &Listing{m}, nil
}
