package index

import (
	"context"
	"strings"
	"testing"
)

func TestNormalizeChat(t *testing.T) {
	for q, want := range map[string]string{
		"hw mny troops r in irak":             "how many troops are in irak",
		"wat did KH say abt the attacks":      "what did Kataib Hezbollah say about the attacks",
		"is the PM ok w the yanks leaving":    "is the prime minister ok w the American troops leaving",
		"hiw many troops":                     "how many troops",
		"How many U.S. troops are in Iraq?":   "How many U.S. troops are in Iraq?",
		"did they tell us when the talks end": "did they tell us when the talks end", // "us" is a pronoun here, and never replaced
	} {
		if got, _ := normalizeChat(q); got != want {
			t.Errorf("normalizeChat(%q) = %q, want %q", q, got, want)
		}
		if got := NormalizeChat(q); got != want {
			t.Errorf("NormalizeChat(%q) = %q, want %q", q, got, want)
		}
	}
}

// Spelling is corrected against the index's own words, and a word the
// index knows is never corrected.
func TestSpellingAgainstTheIndex(t *testing.T) {
	x, _ := engineForTest(t)
	ctx := context.Background()
	for q, want := range map[string]string{
		"hw mny troops r in irak":           "irak→iraq",
		"when was soliemani killed":         "soliemani→soleimani",
		"how many atacks on american bases": "atacks→attack",
	} {
		tr, err := x.Trace(ctx, q, 3, DefaultModel())
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, c := range tr.Analysis.Corrections {
			if c.Why == "spelling" {
				got = append(got, c.From+"→"+c.To)
			}
		}
		if !strings.Contains(strings.Join(got, " "), want) {
			t.Errorf("%q: spelling corrections %v, want %s", q, got, want)
		}
	}
	adv, _ := x.current().Advanced()
	r, err := adv.Reader()
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	// Every word of every article is known to the index: none is corrected.
	_, articles := engineForTest(t)
	seen := map[string]bool{}
	for _, a := range articles {
		for _, w := range wordRe.FindAllString(a.Body, -1) {
			w = strings.TrimRight(w, ".'’-")
			if seen[w] {
				continue
			}
			seen[w] = true
			if _, fixes := x.concepts(ctx, r, w); len(fixes) > 0 {
				t.Errorf("known word %q corrected: %v", w, fixes)
			}
		}
	}
	if len(seen) < 600 {
		t.Errorf("only %d words checked", len(seen))
	}
}

// A sentence announcing a list is quoted with the sentence that gives it,
// and the window is still exactly a span of the body.
func TestAnswerWindow(t *testing.T) {
	x, articles := engineForTest(t)
	ans, err := x.Ask(context.Background(), "What factors will set the timeline?", 3)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ans.Passages {
		if !strings.Contains(p.Quote, "named three factors") {
			continue
		}
		if !strings.Contains(p.Quote, "They are the threat from ISIL") {
			t.Errorf("lead-in quoted without the list: %q", p.Quote)
		}
		for _, a := range articles {
			if a.ID == p.ArticleID && a.Body[p.Start:p.End] != p.Quote {
				t.Errorf("window %q is not body[%d:%d]", p.Quote, p.Start, p.End)
			}
		}
		return
	}
	t.Errorf("no passage with the three factors among %d", len(ans.Passages))
}

// The three outcomes: a question with no word the coverage has is "does
// not say"; every answer says one of the three.
func TestOutcomes(t *testing.T) {
	x, _ := engineForTest(t)
	ans, err := x.Ask(context.Background(), "Zebras?", 3)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Outcome != NotCovered || ans.Found || ans.Answer != "" {
		t.Errorf("Zebras? = %s found=%v answer=%q; want not covered", ans.Outcome, ans.Found, ans.Answer)
	}
	for _, q := range []string{"How many U.S. troops are in Iraq?", "who is the iraqi prime minister", "what is the salary of the french ambassador"} {
		ans, err := x.Ask(context.Background(), q, 3)
		if err != nil {
			t.Fatal(err)
		}
		switch ans.Outcome {
		case Answered, MayAnswer, NotCovered:
		default:
			t.Errorf("%q: outcome %q", q, ans.Outcome)
		}
		if ans.Found != (ans.Outcome == Answered) || ans.Answer != "" && ans.Outcome != Answered {
			t.Errorf("%q: found=%v answer=%q with outcome %s", q, ans.Found, ans.Answer, ans.Outcome)
		}
	}
}

// English words one letter from a question word are left alone.
func TestNormalizeKeepsEnglishWords(t *testing.T) {
	for _, q := range []string{"which man leads the militia", "is it hot in baghdad", "did they leave then", "who told them", "dogs of war"} {
		if got, fixes := normalizeChat(q); got != q {
			t.Errorf("normalizeChat(%q) = %q (%v); want it unchanged", q, got, fixes)
		}
	}
}
