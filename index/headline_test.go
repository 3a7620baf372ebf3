package index_test

import (
	"context"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/internal/banktest"
)

// The headline question is answered — not hedged — with the latest figure
// first, its date and outlets, and the 2024 figure after it; every value
// is quoted in a passage shown.
func TestHeadlineAnswered(t *testing.T) {
	x, _, _ := banktest.Engine(t)
	for _, q := range []string{"How many U.S. troops are in Iraq?", "how many us troops r in iraq"} {
		ans, err := x.Ask(context.Background(), q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Outcome != index.Answered || len(ans.Claims) < 2 {
			t.Fatalf("Ask(%q) = %s with %d claims (%q); want answered with the latest and the 2024 figures", q, ans.Outcome, len(ans.Claims), ans.Answer)
		}
		if !strings.Contains(ans.Claims[0].Value, "2,000") || ans.Claims[0].Sources[0].Published != "2025-09-30" {
			t.Errorf("Ask(%q): first claim %q (%v); want the September 2025 figure first", q, ans.Claims[0].Value, ans.Claims[0].Sources)
		}
		if !strings.Contains(ans.Answer, "2,500") || !strings.Contains(ans.Answer, "earlier") {
			t.Errorf("Ask(%q) answer %q lacks the 2024 figure as an earlier report", q, ans.Answer)
		}
		for _, c := range ans.Claims {
			quoted := false
			for _, p := range ans.Passages {
				quoted = quoted || strings.Contains(p.Quote, c.Value)
			}
			if !quoted {
				t.Errorf("Ask(%q): claim %q is in no passage shown", q, c.Value)
			}
		}
	}
}

// A question about someone, a source or a year the coverage never
// mentions is refused, and the refusal names it.
func TestRefusalSaysWhy(t *testing.T) {
	x, _, _ := banktest.Engine(t)
	for q, want := range map[string]string{
		"What did Emmanuel Macron say about the talks?":              "never mentions Emmanuel Macron",
		"what did the Wall Street Journal report about the drawdown": "holds nothing from the Wall Street Journal",
		"how many US troops will be in Iraq in 2031?":                "never mentions 2031",
		"how many us troops r in mosul":                              "never mentions mosul",
	} {
		ans, err := x.Ask(context.Background(), q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Outcome != index.NotCovered || !strings.Contains(ans.Reason, want) {
			t.Errorf("Ask(%q) = %s, reason %q; want not covered, %q", q, ans.Outcome, ans.Reason, want)
		}
	}
	// Words the coverage uses, outlets it holds, and English words it does
	// not use are no reason to refuse.
	for _, q := range []string{"what did Reuters say about the troops?", "according to the AP, when did the first session take place?",
		"who bankrolls and equips KH?", "what's the headcount of us forces in iraq"} {
		ans, err := x.Ask(context.Background(), q, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Reason != "" {
			t.Errorf("Ask(%q) refused: %s", q, ans.Reason)
		}
	}
}
