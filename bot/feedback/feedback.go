// Package feedback keeps what members tell the bot about its answers — 👍
// and 👎 votes — and the questions the coverage did not answer, in the
// data directory, and reads them back: as votes, as question-bank entries
// to label (Bank) and as coverage gaps grouped by wording (Gaps).
//
// Layout, in the data directory:
//
//	feedback/                  0700
//	  SALT                     32 random bytes (0600), made once: a member is kept
//	                           only as HMAC-SHA256(SALT, user id), 16 hex digits
//	  LOCK                     flock'd by a writer while it appends
//	  votes-000001.jsonl …     votes, one JSON object a line (0600)
//	  asked-000001.jsonl …     questions answered not_covered or may_answer
//	  pins.jsonl               the moderators' pinned answers (pins.go)
//
// Records are acknowledged (a nil error) only once written and synced
// (fsync of the file, and of the directory when a segment file is new). A
// torn last line — a crash in the middle of a write, never acknowledged —
// is skipped on read and cut off before the next append. Concurrent
// appends share an fsync (group commit); appends from several processes
// take turns on LOCK. Readers take no lock: a CLI reads while serve
// appends, and a read-only data directory is read without writing
// anything.
//
// Each log is bounded by rotation, not refusal: it is kept in segment
// files of at most MaxSegmentBytes (8 MiB); when the newest is full a new
// one is started and, past MaxSegments (4), the oldest is removed. So a
// log holds its newest 24–32 MiB, and the oldest records age out.
package feedback

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"syscall"
	"time"

	"github.com/talksbot/talksbot/index"
)

// Subdir is the store's directory in the data directory.
const Subdir = "feedback"

// Defaults of Store.MaxSegmentBytes and Store.MaxSegments.
const (
	DefaultSegmentBytes = 8 << 20
	DefaultSegments     = 4
)

// maxRecord is the largest record (one JSON line) the store takes.
const maxRecord = 32 << 10

// The two votes.
const (
	Up   = "up"
	Down = "down"
)

var (
	// ErrReadOnly is returned by the Record methods of a store opened
	// read-only, or whose directory cannot be written.
	ErrReadOnly = errors.New("the feedback store is read-only")
	// ErrBadRecord is returned for a record that cannot be stored.
	ErrBadRecord = errors.New("bad feedback record")
)

// Passage is the answer's first passage, as the bot showed it.
type Passage struct {
	ArticleID string `json:"article_id"`
	Start     int    `json:"start"` // byte offsets in the article's body
	End       int    `json:"end"`
	Text      string `json:"text"` // exactly body[Start:End]
}

// PassageOf is p as a feedback Passage.
func PassageOf(p index.Passage) Passage {
	return Passage{ArticleID: p.ArticleID, Start: p.Start, End: p.End, Text: p.Quote}
}

// Vote is one member's 👍 or 👎 on an answer.
type Vote struct {
	Time time.Time `json:"time"`
	// AnswerID names the answer voted on (the bot's message or page-set
	// id): a member's later vote on the same answer replaces the earlier
	// one in listings.
	AnswerID     string        `json:"answer_id"`
	Question     string        `json:"question"`
	Outcome      index.Outcome `json:"outcome"`
	FirstPassage Passage       `json:"first_passage"` // zero when the answer had none
	Vote         string        `json:"vote"`          // Up or Down
	// Member is the salted hash of the member's id; RecordVote sets it.
	Member string `json:"member"`
}

// Asked is a question the coverage did not answer (outcome not_covered)
// or may answer (may_answer): the record of coverage gaps. Who asked is
// not kept.
type Asked struct {
	Time     time.Time     `json:"time"`
	Question string        `json:"question"`
	Outcome  index.Outcome `json:"outcome"`
}

// Store is an open feedback store. Its methods may be called from many
// goroutines.
type Store struct {
	// MaxSegmentBytes and MaxSegments bound each log (package comment);
	// zero means the defaults. Set them before the first record.
	MaxSegmentBytes int64
	MaxSegments     int

	dir      string
	readOnly bool
	salt     []byte
	lock     *os.File // LOCK, for writers
	writeMu  sync.Mutex
	votes    *segLog
	asked    *segLog
}

// Open opens the feedback store of the data directory dir, creating its
// directory and salt on first use. When dir cannot be written (a
// read-only volume, a replica's copy) the store is opened read-only:
// ReadOnly says so, and the Record methods return ErrReadOnly.
func Open(dir string) (*Store, error) {
	s := newStore(dir)
	err := os.Mkdir(s.dir, 0o700)
	switch {
	case err == nil || errors.Is(err, fs.ErrExist):
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("open feedback: data directory %s does not exist", dir)
	case unwritable(err):
		s.readOnly = true
		return s, nil
	default:
		return nil, fmt.Errorf("open feedback: %w", err)
	}
	lock, err := os.OpenFile(filepath.Join(s.dir, "LOCK"), os.O_RDWR|os.O_CREATE, 0o600)
	if unwritable(err) {
		s.readOnly = true
		return s, nil
	}
	if err != nil {
		return nil, fmt.Errorf("open feedback: %w", err)
	}
	s.lock = lock
	if err := s.loadSalt(); err != nil {
		lock.Close()
		return nil, err
	}
	return s, nil
}

// OpenReadOnly opens the feedback store of the data directory dir for
// reading only: it creates, writes and locks nothing (a directory without
// one reads as empty), so it is safe from another user or while serve
// appends.
func OpenReadOnly(dir string) (*Store, error) {
	info, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("open feedback: data directory %s: %w", dir, err)
	}
	if !info.IsDir() {
		return nil, fmt.Errorf("open feedback: data directory %s is not a directory", dir)
	}
	s := newStore(dir)
	s.readOnly = true
	return s, nil
}

func newStore(dir string) *Store {
	s := &Store{dir: filepath.Join(dir, Subdir)}
	s.votes = &segLog{s: s, name: "votes"}
	s.asked = &segLog{s: s, name: "asked"}
	return s
}

// unwritable reports whether err says the directory cannot be written.
func unwritable(err error) bool {
	return errors.Is(err, fs.ErrPermission) || errors.Is(err, syscall.EROFS)
}

// Dir is the store's directory.
func (s *Store) Dir() string { return s.dir }

// ReadOnly reports whether the store takes no records.
func (s *Store) ReadOnly() bool { return s.readOnly }

// Close releases the store's files.
func (s *Store) Close() error {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if s.lock == nil {
		return nil
	}
	err := s.lock.Close()
	s.lock = nil // later records fail with ErrReadOnly
	return err
}

func (s *Store) segmentBytes() int64 {
	if s.MaxSegmentBytes > 0 {
		return s.MaxSegmentBytes
	}
	return DefaultSegmentBytes
}

func (s *Store) segmentCount() int {
	if s.MaxSegments > 0 {
		return s.MaxSegments
	}
	return DefaultSegments
}

func (s *Store) lockWrite() error {
	s.writeMu.Lock()
	if s.lock == nil {
		s.writeMu.Unlock()
		return ErrReadOnly
	}
	if err := flock(s.lock); err != nil {
		s.writeMu.Unlock()
		return fmt.Errorf("record feedback: lock: %w", err)
	}
	return nil
}

func (s *Store) unlockWrite() {
	funlock(s.lock)
	s.writeMu.Unlock()
}

// RecordVote stores a vote by the member userID (kept only as its salted
// hash, in v.Member). v.Time defaults to now.
func (s *Store) RecordVote(userID string, v Vote) error {
	if s.readOnly {
		return ErrReadOnly
	}
	q, err := index.CheckQuestion(v.Question)
	switch {
	case err != nil:
		return fmt.Errorf("%w: %w", ErrBadRecord, err)
	case v.Vote != Up && v.Vote != Down:
		return fmt.Errorf("%w: vote %q is neither %q nor %q", ErrBadRecord, v.Vote, Up, Down)
	case v.AnswerID == "" || len(v.AnswerID) > 200:
		return fmt.Errorf("%w: the answer id must be 1 to 200 bytes", ErrBadRecord)
	case userID == "":
		return fmt.Errorf("%w: no member", ErrBadRecord)
	case !knownOutcome(v.Outcome):
		return fmt.Errorf("%w: outcome %q", ErrBadRecord, v.Outcome)
	}
	v.Question = q
	v.Member = s.member(userID)
	if v.Time.IsZero() {
		v.Time = time.Now()
	}
	v.Time = v.Time.UTC()
	return s.record(s.votes, v)
}

// RecordAsked stores a question answered not_covered or may_answer; an
// answered one is not a gap, and nothing is stored (nil). a.Time
// defaults to now.
func (s *Store) RecordAsked(a Asked) error {
	if a.Outcome == index.Answered {
		return nil
	}
	if s.readOnly {
		return ErrReadOnly
	}
	q, err := index.CheckQuestion(a.Question)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadRecord, err)
	}
	if !knownOutcome(a.Outcome) {
		return fmt.Errorf("%w: outcome %q", ErrBadRecord, a.Outcome)
	}
	a.Question = q
	if a.Time.IsZero() {
		a.Time = time.Now()
	}
	a.Time = a.Time.UTC()
	return s.record(s.asked, a)
}

func knownOutcome(o index.Outcome) bool {
	return o == index.Answered || o == index.MayAnswer || o == index.NotCovered
}

func (s *Store) record(l *segLog, rec any) error {
	line, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrBadRecord, err)
	}
	if len(line) >= maxRecord {
		return fmt.Errorf("%w: %d bytes, over %d", ErrBadRecord, len(line), maxRecord)
	}
	return l.append(append(line, '\n'))
}

// member is the salted hash that stands for a member's id.
func (s *Store) member(userID string) string {
	m := hmac.New(sha256.New, s.salt)
	m.Write([]byte(userID))
	return hex.EncodeToString(m.Sum(nil))[:16]
}
