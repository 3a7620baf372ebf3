// Package feeds follows RSS, Atom and JSON feeds for new coverage and keeps
// a review queue of their items for moderators.
//
// A Manager keeps its state — the feeds followed, with their validators
// and poll record, and every item seen — in one file, DATA/feeds/state.json,
// written atomically (a temporary file, fsync, rename, fsync of the
// folder) after every change: a crash loses nothing acknowledged and never
// leaves a half-written state. Feeds are fetched with the SSRF-safe
// ingest.Fetcher (GetRaw) and parsed from those bytes by gofeed, which
// never fetches anything itself.
//
// Items on topic (OnTopic) are queued for review, or with a feed's
// AutoApprove ingested at once; off-topic items are counted and skipped.
// An item is never queued twice: not under the same GUID, nor at the same
// address (corpus.NormalizeURL), nor when the store already holds an
// article at its address, nor when its title names a story already seen
// (queued, approved or rejected) or stored. Every item seen is remembered,
// rejected ones included, so they do not come back.
package feeds

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
)

// Poll intervals.
const (
	DefaultInterval = 30 * time.Minute
	MinInterval     = 5 * time.Minute
	MaxInterval     = 24 * time.Hour
	// MaxBackoff caps the wait after failed polls: interval × 2^failures,
	// at most this.
	MaxBackoff = 24 * time.Hour
)

// Limits of the state.
const (
	maxFeeds      = 200
	maxPending    = 1000  // items waiting for review
	maxRemembered = 20000 // items seen, oldest forgotten first
)

// Item statuses.
const (
	Pending   = "pending"   // waiting for a moderator
	Approved  = "approved"  // ingested (by a moderator, or AutoApprove)
	Rejected  = "rejected"  // a moderator said no
	Refused   = "refused"   // ingest refused it (not prose, would replace…); Error says why
	Duplicate = "duplicate" // the store or the queue has it already; SameAs says which
	OffTopic  = "off-topic" // not about the talks: counted, not queued
)

// Feed is one feed followed.
type Feed struct {
	ID          string        `json:"id"`
	URL         string        `json:"url"`
	Title       string        `json:"title,omitempty"`
	AutoApprove bool          `json:"auto_approve,omitempty"`
	Interval    time.Duration `json:"interval"`
	Added       time.Time     `json:"added"`
	AddedBy     string        `json:"added_by,omitempty"`

	ETag         string    `json:"etag,omitempty"`
	LastModified string    `json:"last_modified,omitempty"`
	LastPolled   time.Time `json:"last_polled,omitzero"`
	LastError    string    `json:"last_error,omitempty"`
	Failures     int       `json:"failures,omitempty"` // consecutive failed polls
	NextPoll     time.Time `json:"next_poll"`

	Queued     int `json:"queued,omitempty"`     // items queued (or auto-approved)
	OffTopic   int `json:"off_topic,omitempty"`  // items skipped as off topic
	Duplicates int `json:"duplicates,omitempty"` // items skipped as already held
}

// Item is one feed item seen.
type Item struct {
	ID        string    `json:"id"`
	Feed      string    `json:"feed"`
	GUID      string    `json:"guid,omitempty"`
	URL       string    `json:"url,omitempty"`
	Title     string    `json:"title,omitempty"`
	Summary   string    `json:"summary,omitempty"`
	Outlet    string    `json:"outlet,omitempty"` // the feed's title
	Published string    `json:"published,omitempty"`
	Found     time.Time `json:"found"`
	Status    string    `json:"status"`
	Decided   time.Time `json:"decided,omitzero"`
	By        string    `json:"by,omitempty"`
	Article   string    `json:"article,omitempty"` // the article ingested
	SameAs    string    `json:"same_as,omitempty"` // what a duplicate repeats
	Error     string    `json:"error,omitempty"`   // why ingest refused or failed
}

// Ingested is what ingesting an item's page did (the bot's IngestReport).
type Ingested struct {
	Status    string `json:"status"` // added, updated, unchanged, duplicate, replaces
	ID        string `json:"id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet,omitempty"`
	Published string `json:"published,omitempty"`
	URL       string `json:"url,omitempty"`
	Passages  int    `json:"passages"`
	SameAs    string `json:"same_as,omitempty"`
	SameTitle string `json:"same_title,omitempty"`
}

// Known is an article the store holds.
type Known struct {
	ID, Title, URL string
}

// Config is what a Manager needs besides its directory.
type Config struct {
	// Fetcher fetches the feeds (ingest.NewFetcher() when nil).
	Fetcher *ingest.Fetcher
	// Ingest adds the page at url to the library, exactly as /ingest url:
	// does (prose check, replacement rules, near-duplicates). Required for
	// approvals.
	Ingest func(ctx context.Context, url string) (Ingested, error)
	// Library lists the stored articles (for the address and title checks);
	// nil checks none.
	Library func(ctx context.Context) ([]Known, error)
	Now     func() time.Time
	Log     *slog.Logger
}

// Manager follows feeds and keeps the review queue. It is safe for
// concurrent use; a poll holds its lock only to merge what it fetched.
type Manager struct {
	dir string
	cfg Config

	mu        sync.Mutex
	st        state
	saved     []byte          // the state as last written
	approving map[string]bool // items an approval is ingesting
	disabled  error           // why feeds are off (a damaged state), or nil
	running   bool            // Run runs: auto-approvals are done in the background
	kick      chan struct{}   // new items for the background approvals
	polling   map[string]bool // feeds being polled
}

// state is what state.json holds.
type state struct {
	Version  int     `json:"version"`
	NextFeed int     `json:"next_feed"`
	NextItem int     `json:"next_item"`
	Feeds    []*Feed `json:"feeds"`
	Items    []*Item `json:"items"`
}

// Dir is the folder of the feeds' state in a data directory.
const Dir = "feeds"

const stateFile = "state.json"

// Open opens the feeds' state in the data directory dataDir (creating its
// folder).
func Open(dataDir string, cfg Config) (*Manager, error) {
	dir := filepath.Join(dataDir, Dir)
	if err := os.MkdirAll(dir, dirMode); err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	tighten(dir)
	if cfg.Fetcher == nil {
		cfg.Fetcher = ingest.NewFetcher()
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Log == nil {
		cfg.Log = slog.New(slog.DiscardHandler)
	}
	m := &Manager{dir: dir, cfg: cfg, approving: map[string]bool{}, polling: map[string]bool{}, kick: make(chan struct{}, 1)}
	// A temporary file is a write a crash interrupted: the state it was to
	// replace is still whole.
	os.Remove(filepath.Join(dir, stateFile+".tmp"))
	st, data, err := readState(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		m.st = state{Version: 1, NextFeed: 1, NextItem: 1}
	case errors.Is(err, ErrDisabled):
		// A damaged state must not stop the bot: feeds are off, and say why.
		m.disabled = err
		cfg.Log.Error("feeds are disabled", "err", err)
	case err != nil:
		return nil, fmt.Errorf("feeds: %w", err)
	default:
		m.st, m.saved = st, data
		m.scrubLocked()
		m.boundLocked()
	}
	return m, nil
}

// ErrDisabled means the feeds' state could not be read: serve runs without
// feeds until it is moved aside.
var ErrDisabled = errors.New("feeds are disabled")

// readState reads and parses state.json of dir; a state too big or not
// JSON is ErrDisabled, saying what to do.
func readState(dir string) (state, []byte, error) {
	path := filepath.Join(dir, stateFile)
	var st state
	info, err := os.Stat(path)
	if err != nil {
		return st, nil, err
	}
	fix := fmt.Sprintf("move %s aside and restart to follow feeds afresh", path)
	if info.Size() > maxReadBytes {
		return st, nil, fmt.Errorf("%w: %s is %d MB, too big to be a state talksbot wrote: %s", ErrDisabled, path, info.Size()>>20, fix)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return st, nil, err
	}
	if err := json.Unmarshal(data, &st); err != nil {
		return state{}, nil, fmt.Errorf("%w: %s is damaged (%v): %s", ErrDisabled, path, err, fix)
	}
	return st, data, nil
}

// saveStep, when set (tests), is called during a save after each step:
// "temp" (the temporary file written and fsynced), "renamed". An error
// stops the save there, as a crash would.
var saveStep func(step string) error

// saveLocked writes the state durably. On failure the state in memory
// goes back to what was last written, so nothing unacknowledged is seen.
// m.mu must be held.
func (m *Manager) saveLocked() (err error) {
	if m.disabled != nil {
		return m.disabled
	}
	defer func() {
		if err != nil {
			m.restoreLocked()
		}
	}()
	data, err := json.MarshalIndent(m.st, "", " ")
	if err != nil {
		return fmt.Errorf("feeds: save: %w", err)
	}
	path := filepath.Join(m.dir, stateFile)
	tmp := path + ".tmp"
	f, err := os.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_TRUNC, fileMode)
	if err != nil {
		return fmt.Errorf("feeds: save: %w", err)
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err == nil && saveStep != nil {
		err = saveStep("temp")
	}
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("feeds: save: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("feeds: save: %w", err)
	}
	if saveStep != nil {
		if err := saveStep("renamed"); err != nil {
			return fmt.Errorf("feeds: save: %w", err)
		}
	}
	if err := corpus.SyncDir(m.dir); err != nil {
		return fmt.Errorf("feeds: save: %w", err)
	}
	m.saved = data
	return nil
}

func (m *Manager) restoreLocked() {
	st := state{Version: 1, NextFeed: 1, NextItem: 1}
	if m.saved != nil {
		json.Unmarshal(m.saved, &st)
	}
	m.st = st
}

func (m *Manager) feedLocked(idOrURL string) *Feed {
	norm, _ := corpus.NormalizeURL(idOrURL)
	for _, f := range m.st.Feeds {
		if f.ID == idOrURL || f.URL == idOrURL {
			return f
		}
		if n, ok := corpus.NormalizeURL(f.URL); ok && norm != "" && n == norm {
			return f
		}
	}
	return nil
}

func (m *Manager) itemLocked(id string) *Item {
	for _, it := range m.st.Items {
		if it.ID == id {
			return it
		}
	}
	return nil
}

// Feeds lists the feeds followed, in the order they were added.
func (m *Manager) Feeds(ctx context.Context) ([]Feed, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.disabled != nil {
		return nil, m.disabled
	}
	out := make([]Feed, 0, len(m.st.Feeds))
	for _, f := range m.st.Feeds {
		out = append(out, *f)
	}
	return out, nil
}

// Queue lists the items waiting for review, oldest first.
func (m *Manager) Queue(ctx context.Context) ([]Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.disabled != nil {
		return nil, m.disabled
	}
	var out []Item
	for _, it := range m.st.Items {
		if it.Status == Pending {
			out = append(out, *it)
		}
	}
	return out, nil
}

// Item is one item seen, by id.
func (m *Manager) Item(id string) (Item, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if it := m.itemLocked(id); it != nil {
		return *it, true
	}
	return Item{}, false
}
