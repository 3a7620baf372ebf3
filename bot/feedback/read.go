package feedback

import (
	"encoding/json"

	"github.com/talksbot/talksbot/index"
)

// Records is what the store holds.
type Records struct {
	Votes []Vote // oldest first; a member's repeated vote on an answer replaces the earlier
	Asked []Asked
	// Skipped counts lines that could not be read: a torn last line,
	// a damaged record.
	Skipped int
}

// List reads every record.
func (s *Store) List() (Records, error) {
	var r Records
	var all []Vote
	n, err := s.votes.readLines(func(line []byte) bool {
		var v Vote
		if json.Unmarshal(line, &v) != nil || v.Question == "" || v.Vote != Up && v.Vote != Down {
			return false
		}
		all = append(all, v)
		return true
	})
	r.Skipped += n
	if err != nil {
		return r, err
	}
	r.Votes = latestVotes(all)
	n, err = s.asked.readLines(func(line []byte) bool {
		var a Asked
		if json.Unmarshal(line, &a) != nil || a.Question == "" {
			return false
		}
		r.Asked = append(r.Asked, a)
		return true
	})
	r.Skipped += n
	return r, err
}

// Votes lists the votes, oldest first, a member's repeated vote on the
// same answer replacing the earlier one (and taking its place in time).
func (s *Store) Votes() ([]Vote, error) {
	r, err := s.List()
	return r.Votes, err
}

// latestVotes keeps each member's last vote on each answer.
func latestVotes(all []Vote) []Vote {
	type key struct{ answer, member string }
	last := map[key]int{}
	for i, v := range all {
		last[key{v.AnswerID, v.Member}] = i
	}
	out := make([]Vote, 0, len(last))
	for i, v := range all {
		if last[key{v.AnswerID, v.Member}] == i {
			out = append(out, v)
		}
	}
	return out
}

// VoteKey labels a vote count: the vote and the outcome of the answer
// voted on (the labels of a Prometheus counter).
type VoteKey struct {
	Vote    string
	Outcome index.Outcome
}

// Totals are the counts of what the store holds, as a counter would have
// counted it: every vote recorded (replaced ones too, each was cast) and
// every question recorded. Read them at start so /metrics begins from
// what is on disk; records aged out by rotation are not counted.
type Totals struct {
	Votes map[VoteKey]int
	Asked map[index.Outcome]int
}

// Totals counts the records on disk.
func (s *Store) Totals() (Totals, error) {
	t := Totals{Votes: map[VoteKey]int{}, Asked: map[index.Outcome]int{}}
	_, err := s.votes.readLines(func(line []byte) bool {
		var v Vote
		if json.Unmarshal(line, &v) != nil || v.Vote != Up && v.Vote != Down {
			return false
		}
		t.Votes[VoteKey{v.Vote, v.Outcome}]++
		return true
	})
	if err != nil {
		return t, err
	}
	_, err = s.asked.readLines(func(line []byte) bool {
		var a Asked
		if json.Unmarshal(line, &a) != nil {
			return false
		}
		t.Asked[a.Outcome]++
		return true
	})
	return t, err
}
