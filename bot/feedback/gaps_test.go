package feedback

import (
	"fmt"
	"slices"
	"testing"

	"github.com/talksbot/talksbot/index"
)

// Chat-style questions with typos group by wording: counts, outcomes,
// down-votes, the commonest wording first.
func TestGapsGroupSimilarWording(t *testing.T) {
	s := openStore(t, t.TempDir())
	asks := []struct {
		q string
		o index.Outcome
	}{
		{"how many us troops in iraq", index.NotCovered},
		{"how many us troops in iraq", index.MayAnswer},
		{"hw many US troops r in iraq?", index.MayAnswer},
		{"How many U.S. troops are in Iraq?", index.NotCovered},
		{"how many us troops in irak", index.MayAnswer},
		{"number of american soldiers iraq", index.NotCovered},
		{"how many us troops in syria", index.NotCovered},
		{"when did the talks start", index.NotCovered},
		{"wen did talks strt", index.MayAnswer},
		{"when will the talks end", index.NotCovered},
		{"who pays for the bases", index.MayAnswer},
	}
	for i, a := range asks {
		mustAsk(t, s, a.q, a.o, i)
	}
	mustVote(t, s, "alice", vote("m1", "hw mny troops r in iraq", Down, 20))
	mustVote(t, s, "bob", vote("m1", "hw mny troops r in iraq", Down, 21))
	mustVote(t, s, "carol", vote("m2", "who is the iraqi military spokesman", Down, 22))
	mustVote(t, s, "carol", vote("m3", "what is the hmc", Up, 23)) // only liked: no gap

	gaps, err := s.Gaps(0)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, g := range gaps {
		ws := append([]string{g.Question}, g.Wordings...)
		got = append(got, fmt.Sprintf("%d nc=%d may=%d down=%d up=%d %s %q", g.Count, g.Outcomes.NotCovered, g.Outcomes.MayAnswer, g.Down, g.Up, g.Kind, ws))
	}
	want := []string{
		// "hw mny troops r in iraq" (no "us") is worded unlike the others: 2 of 3 words.
		`3 nc=3 may=3 down=0 up=0 count ["how many us troops in iraq" "hw many US troops r in iraq?" "How many U.S. troops are in Iraq?" "how many us troops in irak" "number of american soldiers iraq"]`,
		`2 nc=0 may=0 down=2 up=0 count ["hw mny troops r in iraq"]`,
		`1 nc=1 may=1 down=0 up=0 when ["when did the talks start" "wen did talks strt"]`,
		`1 nc=0 may=0 down=1 up=0 who ["who is the iraqi military spokesman"]`,
		`1 nc=1 may=0 down=0 up=0 when ["when will the talks end"]`,
		`1 nc=1 may=0 down=0 up=0 count ["how many us troops in syria"]`,
		`0 nc=0 may=1 down=0 up=0 who ["who pays for the bases"]`,
	}
	if !slices.Equal(got, want) {
		t.Errorf("Gaps(0):\n%s\nwant:\n%s", join(got), join(want))
	}
	if top, _ := s.Gaps(2); len(top) != 2 || top[0].Question != "how many us troops in iraq" {
		t.Errorf("Gaps(2) = %d groups, first %q", len(top), top[0].Question)
	}
}

func join(ss []string) string {
	out := ""
	for _, s := range ss {
		out += "  " + s + "\n"
	}
	return out
}

func TestFormOf(t *testing.T) {
	for q, want := range map[string]string{
		"how many us troops in iraq":         "count|iraq troop us",
		"hw many US troops r in iraq?":       "count|iraq troop us",
		"How many U.S. troops are in Iraq?":  "count|iraq troop us",
		"number of american soldiers iraq":   "count|iraq troop us",
		"wen did talks strt":                 "when|strt talk",
		"what's the deal with the HMC":       "other|deal hmc",
		"what is it":                         "other|is it what",
		"who's behind the attacks on Erbil?": "who|attack behind erbil",
	} {
		if got := formOf(q).key; got != want {
			t.Errorf("formOf(%q) = %q; want %q", q, got, want)
		}
	}
}

func TestSimilar(t *testing.T) {
	for _, tt := range []struct {
		a, b string
		want bool
	}{
		{"how many us troops in iraq", "how many us troops in irak", true},
		{"when did the talks start", "wen did talks strt", true},
		{"what did kataib hezbollah say about the attacks", "wat did KH say abt the atacks", true},
		{"when did the coalition withdrawal from baghdad begin", "wen did coalition withdrawl frm bagdad begin", true}, // 4 words in 5, far apart in edits
		{"how many us troops in iraq", "how many us troops in syria", false},
		{"when did the talks start", "when will the talks end", false},
		{"when did us troops arrive in iraq", "why did us troops arrive in iraq", false}, // another kind
		{"who leads the militias", "who funds the militias", false},
	} {
		if got := similar(formOf(tt.a), formOf(tt.b)); got != tt.want {
			t.Errorf("similar(%q, %q) = %v; want %v (forms %q, %q)", tt.a, tt.b, got, tt.want, formOf(tt.a).key, formOf(tt.b).key)
		}
	}
}
