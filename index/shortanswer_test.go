package index

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus/facts"
)

// A death toll answers "how many died", not "how many troops are there".
func TestFigureWantCasualties(t *testing.T) {
	killed := facts.Figure{Value: 3, Unit: facts.CanonicalUnit("soldiers"), Whose: "U.S.", State: "killed"}
	if askedFigure("how many soldiers did america have in iraq?", nil).matches(killed) {
		t.Error("a count of troops matched a death toll")
	}
	if !askedFigure("how many US troops died in the drone strike?", nil).matches(killed) {
		t.Error("a count of deaths did not match a death toll")
	}
}

// A place typed in lower case counts when the passages' figures name it,
// and other words after "in" do not.
func TestAskedFigureLowerCasePlace(t *testing.T) {
	hits := []Passage{{facts: facts.Facts{Figures: []facts.Figure{
		{Unit: "troops", Place: "Syria"},
		{Unit: "troops", Place: "Baghdad, western Anbar and the Kurdistan region"},
	}}}}
	for q, want := range map[string]string{
		"what's the size of the US force over in syria?":    "syria",
		"how many troops are in the kurdistan region now?":  "kurdistan region",
		"how many US troops died in that drone hit?":        "",
		"how many troops are in Syria?":                     "Syria",
		"how many troops were at western anbar bases then?": "western anbar",
	} {
		if got := askedFigure(q, hits).place; got != want {
			t.Errorf("askedFigure(%q).place = %q, want %q", q, got, want)
		}
	}
}

// The short answer to the headline question in chat's words holds troop
// counts only: no death toll presented as a disagreement.
func TestShortAnswerHoldsNoCasualties(t *testing.T) {
	x, _ := engineForTest(t)
	for _, q := range []string{
		"how many GIs did america have in iraq when the talks kicked off?",
		"How many U.S. troops are in Iraq?",
		"how many american soldiers are still in iraq",
	} {
		claims := shortClaims(t, x, q)
		if len(claims) == 0 {
			t.Errorf("Ask(%q): no short answer", q)
		}
		for _, c := range claims {
			for _, f := range c.quoted.facts.Figures {
				if strings.Contains(c.Value, f.Text) && (f.State == "killed" || f.State == "injured") {
					t.Errorf("Ask(%q): claim %q is a casualty count", q, c.Value)
				}
			}
		}
	}
}

// "in syria" keeps Iraq's troop figures out of the answer about Syria.
func TestShortAnswerKeepsToTheLowerCasePlace(t *testing.T) {
	x, _ := engineForTest(t)
	claims := shortClaims(t, x, "what's the size of the US force over in syria?")
	if len(claims) == 0 {
		t.Fatal("no short answer")
	}
	for _, c := range claims {
		for _, f := range c.quoted.facts.Figures {
			if strings.Contains(c.Value, f.Text) && f.Place != "" && !strings.EqualFold(f.Place, "Syria") {
				t.Errorf("claim %q counts troops in %s", c.Value, f.Place)
			}
		}
	}
}

// shortClaims is the short answer the passages give for q, whether or not
// the decision lets the engine say it: the short-answer stage alone.
func shortClaims(t testing.TB, x *Index, q string) []Claim {
	t.Helper()
	tr, err := x.Trace(context.Background(), q, 5, DefaultModel())
	if err != nil {
		t.Fatal(err)
	}
	return tr.Decision.claims
}

// "How many were injured" is never answered by the killed, nor by a
// force's size: what happened to those counted must be what is asked.
func TestFigureWantKeepsTheState(t *testing.T) {
	injured := askedFigure("how many soldiers were injured in the attack?", nil)
	for _, f := range []facts.Figure{
		{Value: 3, Unit: "troops", Whose: "U.S.", State: "killed"},
		{Value: 2500, Unit: "troops", Whose: "U.S.", Place: "Iraq"},
	} {
		if injured.matches(f) {
			t.Errorf("a question about the injured matched %+v", f)
		}
	}
	if !injured.matches(facts.Figure{Value: 34, State: "injured"}) {
		t.Error("a question about the injured did not match the injured")
	}
}

// A count question that names no place is answered for one place: the
// one most of the strong passages' figures count, never another place
// (the newest figure, Syria's) presented as "the answer"; nor is a
// count of those leaving compared with a force's size.
func TestShortAnswerKeepsToOnePlace(t *testing.T) {
	pass := func(score float64, article, published string, figs ...facts.Figure) Passage {
		return Passage{Share: score, ArticleID: article, Published: published, facts: facts.Facts{Figures: figs}}
	}
	ps := []Passage{
		pass(1, "ap-2025", "2025-09-30", facts.Figure{Text: "under 1,000 troops", Value: 1000, Approx: "fewer than", Unit: "troops", Place: "Syria"}),
		pass(0.9, "afp-2024", "2024-01-26", facts.Figure{Text: "About 2,500 U.S. troops", Value: 2500, Approx: "about", Unit: "troops", Whose: "U.S.", Place: "Iraq"}),
		pass(0.9, "reuters-2024", "2024-01-26", facts.Figure{Text: "2,500 troops", Value: 2500, Approx: "exact", Unit: "troops", Place: "Iraq"}),
		pass(0.8, "reuters-2024-09", "2024-09-06", facts.Figure{Text: "hundreds of troops", Value: 100, Approx: "vague", Unit: "troops", State: "leaving"}),
	}
	claims := shortAnswer("how many troops does the US have?", KindCount, ps, 0.5)
	var got []string
	for _, c := range claims {
		got = append(got, fmt.Sprintf("%s (%d sources)", c.Value, len(c.Sources)))
	}
	if want := []string{"About 2,500 U.S. troops (2 sources)"}; !slices.Equal(got, want) {
		t.Errorf("claims %q, want %q", got, want)
	}
	claims = shortAnswer("how many troops are leaving?", KindCount, ps, 0.5)
	if len(claims) != 1 || claims[0].Value != "hundreds of troops" {
		t.Errorf("leaving: claims %v, want hundreds of troops", claims)
	}
}
