package index

import (
	"context"
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
