package feedback

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/readonlytest"
)

var t0 = time.Date(2024, 2, 1, 10, 0, 0, 0, time.UTC)

func openStore(t *testing.T, dir string) *Store {
	t.Helper()
	s, err := Open(dir)
	if err != nil {
		t.Fatal(err)
	}
	if s.ReadOnly() {
		t.Fatalf("Open(%s) is read-only", dir)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

func vote(answer, q, v string, min int) Vote {
	return Vote{
		Time: t0.Add(time.Duration(min) * time.Minute), AnswerID: answer, Question: q, Outcome: index.MayAnswer, Vote: v,
		FirstPassage: Passage{ArticleID: "ap-2024-01-25-talks-planned", Start: 804, End: 880, Text: "About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria."},
	}
}

func mustVote(t *testing.T, s *Store, user string, v Vote) {
	t.Helper()
	if err := s.RecordVote(user, v); err != nil {
		t.Fatalf("RecordVote(%s, %+v): %v", user, v, err)
	}
}

func mustAsk(t *testing.T, s *Store, q string, o index.Outcome, min int) {
	t.Helper()
	if err := s.RecordAsked(Asked{Time: t0.Add(time.Duration(min) * time.Minute), Question: q, Outcome: o}); err != nil {
		t.Fatalf("RecordAsked(%q): %v", q, err)
	}
}

func list(t *testing.T, s *Store) Records {
	t.Helper()
	r, err := s.List()
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestRecordsSurviveReopen(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	mustVote(t, s, "111", vote("m1", "How many U.S. troops are in Iraq?", Up, 0))
	mustAsk(t, s, "who pays for the bases", index.NotCovered, 1)
	mustAsk(t, s, "  when do the talks end  ", index.MayAnswer, 2)
	s.Close()
	if err := s.RecordVote("111", vote("m1", "x y", Up, 3)); !errors.Is(err, ErrReadOnly) {
		t.Errorf("RecordVote after Close = %v; want ErrReadOnly", err)
	}

	r := list(t, openStore(t, dir))
	if len(r.Votes) != 1 || r.Votes[0].Question != "How many U.S. troops are in Iraq?" || r.Votes[0].FirstPassage.Start != 804 || !r.Votes[0].Time.Equal(t0) {
		t.Errorf("votes after reopen = %+v", r.Votes)
	}
	want := []Asked{{t0.Add(time.Minute), "who pays for the bases", index.NotCovered}, {t0.Add(2 * time.Minute), "when do the talks end", index.MayAnswer}}
	if fmt.Sprint(r.Asked) != fmt.Sprint(want) || r.Skipped != 0 {
		t.Errorf("asked after reopen = %v (skipped %d); want %v", r.Asked, r.Skipped, want)
	}
	// Also through a read-only opening, which creates nothing.
	ro, err := OpenReadOnly(dir)
	if err != nil {
		t.Fatal(err)
	}
	if r2 := list(t, ro); len(r2.Votes) != 1 || len(r2.Asked) != 2 {
		t.Errorf("OpenReadOnly lists %+v", r2)
	}
	if err := ro.RecordAsked(Asked{Question: "q", Outcome: index.NotCovered}); !errors.Is(err, ErrReadOnly) {
		t.Errorf("RecordAsked on a read-only store = %v; want ErrReadOnly", err)
	}
}

// A torn last line (a crash in the middle of a write) is skipped, never
// fatal, and the next append does not glue onto it; a damaged line in
// the middle is skipped and the others read.
func TestTornLastLine(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	mustAsk(t, s, "first question", index.NotCovered, 0)
	mustAsk(t, s, "second question", index.NotCovered, 1)
	seg := filepath.Join(s.Dir(), "asked-000001.jsonl")
	f, err := os.OpenFile(seg, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.WriteString(`{"time":"2024-02-01T10:02:00Z","question":"torn qu`)
	f.Close()

	r := list(t, s)
	if len(r.Asked) != 2 || r.Skipped != 1 {
		t.Fatalf("with a torn last line: %d asked, %d skipped; want 2 and 1", len(r.Asked), r.Skipped)
	}
	s.Close()
	s = openStore(t, dir)
	mustAsk(t, s, "third question", index.NotCovered, 3)
	r = list(t, s)
	if len(r.Asked) != 3 || r.Asked[2].Question != "third question" || r.Skipped != 0 {
		t.Fatalf("after an append past a torn line: %+v", r)
	}
	data, _ := os.ReadFile(seg)
	if bytes.Contains(data, []byte("torn")) || bytes.Count(data, []byte("\n")) != 3 {
		t.Errorf("the torn line was not cut off:\n%s", data)
	}

	// A damaged line in the middle.
	damaged := bytes.Replace(data, []byte(`{"time":"2024-02-01T10:01`), []byte(`{"time":2024-02-01T10:01`), 1)
	os.WriteFile(seg, damaged, 0o600)
	r = list(t, s)
	if len(r.Asked) != 2 || r.Skipped != 1 || r.Asked[1].Question != "third question" {
		t.Errorf("with a damaged middle line: %+v", r)
	}
}

// Members are on disk only as HMAC-SHA256(salt, id), the salt made once
// (0600) and kept across openings.
func TestMemberIsSaltedHash(t *testing.T) {
	dir := t.TempDir()
	const user = "912345678901234567"
	s := openStore(t, dir)
	mustVote(t, s, user, vote("m1", "how many troops", Up, 0))
	s.Close()

	salt, err := os.ReadFile(filepath.Join(dir, Subdir, "SALT"))
	if err != nil || len(salt) != 32 {
		t.Fatalf("SALT: %d bytes, %v", len(salt), err)
	}
	for _, name := range []string{"", "SALT", "votes-000001.jsonl"} {
		info, err := os.Stat(filepath.Join(dir, Subdir, name))
		if err != nil {
			t.Fatal(err)
		}
		if perm := info.Mode().Perm(); perm&0o077 != 0 {
			t.Errorf("%s/%s is mode %v; want no access for others", Subdir, name, perm)
		}
	}
	m := hmac.New(sha256.New, salt)
	m.Write([]byte(user))
	want := hex.EncodeToString(m.Sum(nil))[:16]

	s = openStore(t, dir)
	mustVote(t, s, user, vote("m2", "how many troops", Down, 1))
	vs, err := s.Votes()
	if err != nil || len(vs) != 2 {
		t.Fatalf("Votes() = %v, %v", vs, err)
	}
	for _, v := range vs {
		if v.Member != want {
			t.Errorf("Member = %q; want HMAC-SHA256(salt, id)[:16] = %q (same salt after reopening)", v.Member, want)
		}
	}
	// No file holds the raw id, nor the full hash's hex with it.
	err = filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if bytes.Contains(data, []byte(user)) || bytes.Contains(data, []byte(user[:12])) {
			t.Errorf("%s holds the raw member id", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Another store has another salt: hashes are not comparable across.
	other := openStore(t, t.TempDir())
	if other.member(user) == want {
		t.Error("two stores hash a member alike: the salt is not random")
	}
}

// A member's second vote on the same answer replaces the first in the
// listings; other members' votes and other answers stay. Totals count
// every vote cast.
func TestRepeatedVoteReplaces(t *testing.T) {
	s := openStore(t, t.TempDir())
	mustVote(t, s, "alice", vote("m1", "how many troops", Up, 0))
	mustVote(t, s, "bob", vote("m1", "how many troops", Up, 1))
	mustVote(t, s, "alice", vote("m2", "who said so", Up, 2))
	mustVote(t, s, "alice", vote("m1", "how many troops", Down, 3))
	vs, err := s.Votes()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, v := range vs {
		got = append(got, fmt.Sprintf("%s %s %d", v.AnswerID, v.Vote, v.Time.Sub(t0)/time.Minute))
	}
	if want := "[m1 up 1 m2 up 2 m1 down 3]"; fmt.Sprint(got) != want {
		t.Errorf("Votes() = %v; want %s", got, want)
	}
	tot, err := s.Totals()
	if err != nil {
		t.Fatal(err)
	}
	if tot.Votes[VoteKey{Up, index.MayAnswer}] != 3 || tot.Votes[VoteKey{Down, index.MayAnswer}] != 1 || len(tot.Votes) != 2 {
		t.Errorf("Totals().Votes = %v; want 3 up and 1 down, may_answer", tot.Votes)
	}
	mustAsk(t, s, "who pays", index.NotCovered, 4)
	mustAsk(t, s, "who pays", index.NotCovered, 5)
	mustAsk(t, s, "who said", index.MayAnswer, 6)
	if tot, _ := s.Totals(); fmt.Sprint(tot.Asked) != "map[may_answer:1 not_covered:2]" {
		t.Errorf("Totals().Asked = %v", tot.Asked)
	}
}

func TestBadRecords(t *testing.T) {
	s := openStore(t, t.TempDir())
	for name, v := range map[string]Vote{
		"no vote":      {AnswerID: "m", Question: "how many", Outcome: index.MayAnswer},
		"bad vote":     {AnswerID: "m", Question: "how many", Outcome: index.MayAnswer, Vote: "meh"},
		"no answer id": {Question: "how many", Outcome: index.MayAnswer, Vote: Up},
		"no question":  {AnswerID: "m", Question: "  ", Outcome: index.MayAnswer, Vote: Up},
		"too long":     {AnswerID: "m", Question: strings.Repeat("why ", 80), Outcome: index.MayAnswer, Vote: Up},
		"bad outcome":  {AnswerID: "m", Question: "how many", Outcome: "maybe", Vote: Up},
		"huge passage": {AnswerID: "m", Question: "how many", Outcome: index.MayAnswer, Vote: Up, FirstPassage: Passage{Text: strings.Repeat("x", maxRecord)}},
	} {
		if err := s.RecordVote("u", v); !errors.Is(err, ErrBadRecord) {
			t.Errorf("RecordVote(%s) = %v; want ErrBadRecord", name, err)
		}
	}
	if err := s.RecordVote("", vote("m", "q q", Up, 0)); !errors.Is(err, ErrBadRecord) {
		t.Errorf("RecordVote with no member = %v; want ErrBadRecord", err)
	}
	// An answered question is no gap: nothing is stored.
	if err := s.RecordAsked(Asked{Question: "how many", Outcome: index.Answered}); err != nil {
		t.Errorf("RecordAsked(answered) = %v; want nil", err)
	}
	if r := list(t, s); len(r.Votes)+len(r.Asked) != 0 {
		t.Errorf("bad records were stored: %+v", r)
	}
}

// Each log stays within its segments: the oldest records age out, the
// newest are all kept, in order.
func TestBounded(t *testing.T) {
	s := openStore(t, t.TempDir())
	s.MaxSegmentBytes, s.MaxSegments = 1000, 3
	const n = 200
	for i := range n {
		mustAsk(t, s, fmt.Sprintf("question number %d", i), index.NotCovered, i)
	}
	entries, _ := os.ReadDir(s.Dir())
	var files int
	var total int64
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), "asked-") {
			info, _ := e.Info()
			files++
			total += info.Size()
			if info.Size() > s.MaxSegmentBytes {
				t.Errorf("%s is %d bytes, over the segment bound", e.Name(), info.Size())
			}
		}
	}
	if files != 3 || total > 3*s.MaxSegmentBytes {
		t.Errorf("asked log: %d files, %d bytes; want 3 files of at most 3,000 bytes", files, total)
	}
	r := list(t, s)
	if len(r.Asked) == 0 || len(r.Asked) >= n {
		t.Fatalf("%d of %d records kept", len(r.Asked), n)
	}
	for i, a := range r.Asked { // the newest, contiguous
		if want := fmt.Sprintf("question number %d", n-len(r.Asked)+i); a.Question != want {
			t.Fatalf("record %d = %q; want %q", i, a.Question, want)
		}
	}
	if len(r.Asked) < 20 { // two full segments at least, of about 85-byte records
		t.Errorf("only %d records kept in 3,000 bytes", len(r.Asked))
	}
}

// Appends from many goroutines are all kept, whole.
func TestConcurrentAppends(t *testing.T) {
	s := openStore(t, t.TempDir())
	const workers, each = 8, 40
	var wg sync.WaitGroup
	errs := make(chan error, workers*each)
	for w := range workers {
		wg.Go(func() {
			for i := range each {
				if i%2 == 0 {
					errs <- s.RecordVote(fmt.Sprintf("user%d", w), vote(fmt.Sprintf("m%d-%d", w, i), "how many troops", Down, i))
				} else {
					errs <- s.RecordAsked(Asked{Question: fmt.Sprintf("question %d from %d", i, w), Outcome: index.NotCovered})
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	r := list(t, s)
	if len(r.Votes) != workers*each/2 || len(r.Asked) != workers*each/2 || r.Skipped != 0 {
		t.Errorf("%d votes, %d asked, %d skipped; want %d, %d, 0", len(r.Votes), len(r.Asked), r.Skipped, workers*each/2, workers*each/2)
	}
	seen := map[string]bool{}
	for _, a := range r.Asked {
		seen[a.Question] = true
	}
	if len(seen) != workers*each/2 {
		t.Errorf("%d distinct questions; want %d", len(seen), workers*each/2)
	}
}

// A read-only data directory is read; nothing is written to it.
func TestReadOnlyDataDirectory(t *testing.T) {
	dir := t.TempDir()
	s := openStore(t, dir)
	mustVote(t, s, "u", vote("m1", "how many troops", Up, 0))
	s.Close()
	fresh := t.TempDir()
	readonlytest.Dir(t, dir)
	readonlytest.Dir(t, fresh)

	for name, d := range map[string]string{"with feedback": dir, "without": fresh} {
		s, err := Open(d)
		if err != nil {
			t.Fatalf("Open(%s) on a read-only directory: %v", name, err)
		}
		if !s.ReadOnly() {
			t.Errorf("Open(%s) on a read-only directory: not ReadOnly", name)
		}
		if err := s.RecordVote("u", vote("m2", "how many troops", Up, 1)); !errors.Is(err, ErrReadOnly) {
			t.Errorf("RecordVote(%s) = %v; want ErrReadOnly", name, err)
		}
		r := list(t, s)
		if want := map[string]int{"with feedback": 1, "without": 0}[name]; len(r.Votes) != want {
			t.Errorf("%s: %d votes; want %d", name, len(r.Votes), want)
		}
	}
	if _, err := Open(filepath.Join(t.TempDir(), "missing")); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("Open(missing) = %v; want 'does not exist'", err)
	}
}
