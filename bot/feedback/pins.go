package feedback

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// The pin log, feedback/pins.jsonl: the moderators' pinned answers
// (index.Pin), one JSON line an operation, "pin" or "unpin". Reading it
// replays the operations: a pin replaces the live pin of the same
// question (index.PinKey), an unpin removes one. Writes take the store's
// LOCK, append one line and fsync it (the directory too when the file is
// new); a torn last line is skipped on read and cut off before the next
// write. When the file grows past MaxPinLogBytes it is compacted: the
// live pins written to a temporary file, synced and renamed over it, so a
// reader sees the old file or the new, whole.
const PinFile = "pins.jsonl"

// Bounds of the pin log.
const (
	MaxPins          = 1000    // live pins; past it Pin refuses
	MaxPinLogBytes   = 1 << 20 // compacted past this size
	MaxPinQuestion   = 300     // runes of a pinned question
	pinOp, unpinOp   = "pin", "unpin"
	pinIDBytes       = 3 // an id is 6 hex digits
	maxPinIDAttempts = 20
)

var (
	// ErrNoPin is returned by Unpin for an id that is not a live pin.
	ErrNoPin = errors.New("no such pin")
	// ErrPinsFull is returned by Pin when MaxPins pins are live.
	ErrPinsFull = errors.New("the pin store is full")
)

// pinRecord is one line of the pin log.
type pinRecord struct {
	Op string `json:"op"`
	index.Pin
}

// PinLog is what the pin log holds.
type PinLog struct {
	Pins    []index.Pin // the live pins, oldest first
	Skipped int         // lines that could not be read (a torn last line, a damaged record)
}

// Pins reads the live pins. It takes no lock and writes nothing.
func (s *Store) Pins() (PinLog, error) {
	data, err := os.ReadFile(s.pinPath())
	if errors.Is(err, fs.ErrNotExist) {
		return PinLog{}, nil
	}
	if err != nil {
		return PinLog{}, fmt.Errorf("read pins: %w", err)
	}
	return replayPins(data), nil
}

func (s *Store) pinPath() string { return filepath.Join(s.dir, PinFile) }

// replayPins is the live pins of a log's bytes.
func replayPins(data []byte) PinLog {
	var out PinLog
	var order []string // ids, in the order pinned
	live := map[string]index.Pin{}
	byKey := map[string]string{} // question key → live id
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 {
			out.Skipped++ // torn
			break
		}
		line := data[:i]
		data = data[i+1:]
		if len(bytes.TrimSpace(line)) == 0 {
			continue
		}
		var r pinRecord
		if json.Unmarshal(line, &r) != nil || r.ID == "" {
			out.Skipped++
			continue
		}
		switch r.Op {
		case pinOp:
			key := index.PinKey(r.Question)
			if old, ok := byKey[key]; ok {
				delete(live, old)
			}
			byKey[key] = r.ID
			live[r.ID] = r.Pin
			order = append(order, r.ID)
		case unpinOp:
			if p, ok := live[r.ID]; ok {
				delete(live, r.ID)
				delete(byKey, index.PinKey(p.Question))
			}
		default:
			out.Skipped++
		}
	}
	for _, id := range order {
		if p, ok := live[id]; ok {
			out.Pins = append(out.Pins, p)
			delete(live, id) // an id pinned twice is listed once
		}
	}
	return out
}

// Pin stores p, pinned by who (a member's id, or "cli:USER"; kept only as
// its salted hash, in By), and returns it as stored: with a new ID, By,
// At (now when zero) and the question clipped of its mentions. It
// replaces the live pin of the same question. The caller checks the span
// against the index (index.PinPassage) and sets Text to the quoted
// passage.
func (s *Store) Pin(who string, p index.Pin) (index.Pin, error) {
	if s.readOnly {
		return index.Pin{}, ErrReadOnly
	}
	q, err := index.CheckQuestion(p.Question)
	if err != nil {
		return index.Pin{}, fmt.Errorf("%w: %w", ErrBadRecord, err)
	}
	q = neutralizeMentions(q)
	switch {
	case utf8.RuneCountInString(q) > MaxPinQuestion:
		return index.Pin{}, fmt.Errorf("%w: a pinned question has at most %d characters", ErrBadRecord, MaxPinQuestion)
	case who == "":
		return index.Pin{}, fmt.Errorf("%w: no moderator", ErrBadRecord)
	case p.NotCovered && p.ArticleID != "":
		return index.Pin{}, fmt.Errorf("%w: a pin is a passage or \"does not say\", not both", ErrBadRecord)
	case !p.NotCovered && (p.ArticleID == "" || p.Text == "" || p.Start < 0 || p.End <= p.Start):
		return index.Pin{}, fmt.Errorf("%w: a passage pin needs its article, span and text", ErrBadRecord)
	}
	p.Question, p.By = q, s.member(who)
	if p.At.IsZero() {
		p.At = time.Now()
	}
	p.At = p.At.UTC()
	err = s.changePins(func(cur PinLog) (pinRecord, error) {
		replaces := false
		for _, o := range cur.Pins {
			replaces = replaces || index.PinKey(o.Question) == index.PinKey(q)
		}
		if len(cur.Pins) >= MaxPins && !replaces {
			return pinRecord{}, fmt.Errorf("%w (%d pins): unpin some first", ErrPinsFull, MaxPins)
		}
		id, err := newPinID(cur)
		p.ID = id
		return pinRecord{Op: pinOp, Pin: p}, err
	})
	if err != nil {
		return index.Pin{}, err
	}
	return p, nil
}

// Unpin removes the live pin id, by who, and returns it.
func (s *Store) Unpin(who, id string) (index.Pin, error) {
	if s.readOnly {
		return index.Pin{}, ErrReadOnly
	}
	var gone index.Pin
	err := s.changePins(func(cur PinLog) (pinRecord, error) {
		for _, p := range cur.Pins {
			if p.ID == id {
				gone = p
				return pinRecord{Op: unpinOp, Pin: index.Pin{ID: id, By: s.member(who), At: time.Now().UTC()}}, nil
			}
		}
		return pinRecord{}, fmt.Errorf("%w %q", ErrNoPin, id)
	})
	return gone, err
}

// changePins appends the record op makes of the live pins, under the
// store's write lock, and compacts the log when it has grown too big.
func (s *Store) changePins(op func(cur PinLog) (pinRecord, error)) error {
	if err := s.lockWrite(); err != nil {
		return err
	}
	defer s.unlockWrite()
	path := s.pinPath()
	size, err := repairTail(path)
	isNew := errors.Is(err, fs.ErrNotExist)
	if err != nil && !isNew {
		return fmt.Errorf("pin: %w", err)
	}
	var cur PinLog
	if !isNew {
		data, err := os.ReadFile(path)
		if err != nil {
			return fmt.Errorf("pin: %w", err)
		}
		cur = replayPins(data)
	}
	rec, err := op(cur)
	if err != nil {
		return err
	}
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadRecord, err)
	}
	if len(line) >= maxRecord {
		return fmt.Errorf("%w: %d bytes, over %d", ErrBadRecord, len(line), maxRecord)
	}
	line = append(line, '\n')
	if size+int64(len(line)) > MaxPinLogBytes {
		next := replayPins(append(mustRead(path), line...))
		return s.compactPins(next.Pins)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o600)
	if err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	defer f.Close()
	_, err = f.Write(line)
	if err == nil {
		err = f.Sync()
	}
	if err == nil && isNew {
		err = corpus.SyncDir(s.dir)
	}
	if err != nil {
		f.Truncate(size)
		f.Sync()
		return fmt.Errorf("pin: %w", err)
	}
	return nil
}

func mustRead(path string) []byte {
	data, _ := os.ReadFile(path)
	return data
}

// compactPins replaces the log by one pin line per live pin.
func (s *Store) compactPins(pins []index.Pin) error {
	var buf bytes.Buffer
	for _, p := range pins {
		line, err := json.Marshal(pinRecord{Op: pinOp, Pin: p})
		if err != nil {
			return fmt.Errorf("pin: compact: %w", err)
		}
		buf.Write(append(line, '\n'))
	}
	tmp, err := os.CreateTemp(s.dir, PinFile+".tmp-*")
	if err != nil {
		return fmt.Errorf("pin: compact: %w", err)
	}
	defer os.Remove(tmp.Name())
	_, err = tmp.Write(buf.Bytes())
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), s.pinPath())
	}
	if err == nil {
		err = corpus.SyncDir(s.dir)
	}
	if err != nil {
		return fmt.Errorf("pin: compact: %w", err)
	}
	return nil
}

// newPinID is a random id no live pin has.
func newPinID(cur PinLog) (string, error) {
	taken := map[string]bool{}
	for _, p := range cur.Pins {
		taken[p.ID] = true
	}
	b := make([]byte, pinIDBytes)
	for range maxPinIDAttempts {
		rand.Read(b)
		if id := hex.EncodeToString(b); !taken[id] {
			return id, nil
		}
	}
	return "", errors.New("pin: no free id")
}

// neutralizeMentions keeps a stored question from pinging anyone when it
// is shown: "@everyone", "@here" and "<@…>" get a zero-width space after
// the "@".
func neutralizeMentions(q string) string {
	return strings.NewReplacer("@everyone", "@\u200beveryone", "@here", "@\u200bhere",
		"<@", "<@\u200b").Replace(q)
}
