package index

import "testing"

// A follow-up takes what it leaves out from the question before it; a
// question with a subject of its own stands alone.
func TestFollowUp(t *testing.T) {
	for _, c := range []struct {
		prev, q, want string
		follow        bool
		kind          Kind
	}{
		{"how many US troops are in Iraq?", "and in Syria?", "how many US troops are in Syria?", true, KindCount},
		{"how many US troops are in Iraq?", "what about syria", "how many US troops are in syria?", true, KindCount},
		{"how many us troops r in iraq", "syria?", "how many us troops are in syria?", true, KindCount},
		{"who funds and arms Kataib Hezbollah?", "when did the US put them on the terror list", "when did the US put Kataib Hezbollah on the terror list?", true, KindWhen},
		{"how many US troops r left in Iraq?", "where r most of them", "where r most of US troops are left in Iraq?", true, KindWhere},
		{"how many troops leave in the first year?", "and the rest of them, by when", "how many troops leave in the first year rest?", true, KindWhen},
		{"when was the commission agreed on?", "n the first actual session?", "when was the first actual session?", true, KindWhen},
		{"who at the Pentagon said the US is not withdrawing?", "and what were they saying in jan 2024", "and what were Pentagon saying in jan 2024?", true, KindOther},
		{"when did Sudani visit Washington?", "and Abbasi at the Pentagon?", "when did Abbasi visit Washington pentagon?", true, KindWhen},
		{"how many US troops were in Iraq in 2024?", "and now?", "how many US troops were in Iraq now?", true, KindCount},
		{"how many US troops were hurt at Tower 22?", "when was that?", "when was US troops were hurt at Tower 22?", true, KindWhen},
		{"what happened at tower 22", "how many were hurt", "how many were hurt (tower 22)?", true, KindCount},
		{"why did Kataib Hezbollah suspend its attacks?", "who said so?", "who said Kataib Hezbollah suspend its attacks?", true, KindWho},
		{"when did the talks start?", "why?", "why (talks start)?", true, KindWhy},
		{"how many US troops are in Iraq?", "who is Kataib Hezbollah?", "who is Kataib Hezbollah?", false, KindWho},
		{"how many US troops are in Iraq?", "who is rasool", "who is rasool", false, KindWho},
		{"how many US troops are in Iraq?", "when will the coalition mission end?", "when will the coalition mission end?", false, KindWhen},
		{"", "and in Syria?", "and in Syria?", false, KindOther},
	} {
		got := FollowUp(NewTurn(c.prev), c.q)
		if got.Standalone != c.want || got.FollowUp != c.follow || got.Kind != c.kind {
			t.Errorf("FollowUp(%q, %q) = %q (follow-up %v, %s), want %q (%v, %s)", c.prev, c.q, got.Standalone, got.FollowUp, got.Kind, c.want, c.follow, c.kind)
		}
	}
}

// How every turn of the conversations is read, golden: a change to the
// rules shows here turn by turn (go test ./index -run TestFollowUpReadings -update).
func TestFollowUpReadings(t *testing.T) {
	type reading struct {
		ID       string `json:"id"`
		Turn     int    `json:"turn"`
		Q        string `json:"q"`
		ReadAs   string `json:"read_as"`
		Kind     Kind   `json:"kind"`
		FollowUp bool   `json:"follow_up,omitempty"`
		Writer   string `json:"writer_standalone"`
	}
	var out []reading
	for _, path := range []string{"testdata/conversations/dev.json", "testdata/conversations/test.json"} {
		set, err := LoadConvSet(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range set.Conversations {
			var prev Turn
			for i, ct := range c.Turns {
				turn := NewTurn(ct.Q)
				if i > 0 {
					turn = FollowUp(prev, ct.Q)
				}
				prev = turn
				out = append(out, reading{c.ID, i + 1, ct.Q, turn.Standalone, turn.Kind, turn.FollowUp, ct.Standalone})
			}
		}
	}
	goldenJSON(t, "testdata/golden/followups.json", out)
}
