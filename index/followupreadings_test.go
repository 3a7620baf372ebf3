package index_test

import (
	"testing"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/eval"
)

// How every turn of the conversations is read, golden: a change to the
// rules shows here turn by turn (go test ./index -run TestFollowUpReadings -update).
func TestFollowUpReadings(t *testing.T) {
	type reading struct {
		ID       string     `json:"id"`
		Turn     int        `json:"turn"`
		Q        string     `json:"q"`
		After    string     `json:"read_after,omitempty"`
		Kind     index.Kind `json:"kind"`
		FollowUp bool       `json:"follow_up,omitempty"`
		Writer   string     `json:"writer_standalone"`
	}
	var out []reading
	for _, path := range []string{"testdata/conversations/dev.json"} {
		set, err := eval.LoadConvSet(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range set.Conversations {
			var prev index.Turn
			for i, ct := range c.Turns {
				turn := index.NewTurn(ct.Q)
				if i > 0 {
					turn = index.FollowUp(prev, ct.Q)
				}
				prev = turn
				out = append(out, reading{c.ID, i + 1, ct.Q, turn.Context, turn.Kind, turn.FollowUp, ct.Standalone})
			}
		}
	}
	index.GoldenJSON(t, "testdata/golden/followups.json", out)
}
