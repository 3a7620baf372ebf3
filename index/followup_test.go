package index

import "testing"

// A follow-up is kept as typed and read with the question before as its
// context; a question with a subject of its own stands alone; greetings
// are never a context, and carry the one before them.
func TestFollowUp(t *testing.T) {
	for _, c := range []struct {
		prev, q string
		follow  bool
		kind    Kind
	}{
		{"how many US troops are in Iraq?", "and in Syria?", true, KindCount},
		{"how many US troops are in Iraq?", "what about syria", true, KindCount},
		{"how many us troops r in iraq", "syria?", true, KindCount},
		{"who funds and arms Kataib Hezbollah?", "when did the US put them on the terror list", true, KindWhen},
		{"how many troops leave in the first year?", "and the rest of them, by when", true, KindWhen},
		{"how many US troops were in Iraq in 2024?", "and now?", true, KindCount},
		{"how many US troops were hurt at Tower 22?", "when was that?", true, KindWhen},
		{"why did Kataib Hezbollah suspend its attacks?", "who said so?", true, KindWho},
		{"when did the talks start?", "why?", true, KindWhy},
		{"how many US troops are in Iraq?", "who is Kataib Hezbollah?", false, KindWho},
		{"how many US troops are in Iraq?", "who is rasool", false, KindWho},
		{"how many US troops are in Iraq?", "when will the coalition mission end?", false, KindWhen},
		{"", "and in Syria?", false, KindOther},
	} {
		got := FollowUp(NewTurn(c.prev), c.q)
		if got.Standalone != c.q || got.FollowUp != c.follow || got.Kind != c.kind || c.follow && got.Context != c.prev {
			t.Errorf("FollowUp(%q, %q) = %q (follow-up %v of %q, %s), want %q as typed (%v, %s)", c.prev, c.q, got.Standalone, got.FollowUp, got.Context, got.Kind, c.q, c.follow, c.kind)
		}
	}
	// "thanks" is answered as chat, and the question after it follows the
	// one before it.
	first := NewTurn("how many US troops are in Iraq?")
	thanks := FollowUp(first, "thanks!")
	if !thanks.Chat || thanks.FollowUp {
		t.Fatalf("FollowUp(…, %q) = %+v; want a chat turn", "thanks!", thanks)
	}
	next := FollowUp(thanks, "and in syria?")
	if !next.FollowUp || next.Context != first.Question || next.Kind != KindCount {
		t.Errorf("after thanks: %+v; want a follow-up of %q", next, first.Question)
	}
	for _, q := range []string{"hi", "Hello there!", "ok cool", "thx", "thank you so much"} {
		if !NewTurn(q).Chat {
			t.Errorf("NewTurn(%q) is not chat", q)
		}
	}
	for _, q := range []string{"hi how many troops are there", "ok so when did the talks start", "thanks, and who leads them?"} {
		if NewTurn(q).Chat {
			t.Errorf("NewTurn(%q) is chat; it asks something", q)
		}
	}
}
