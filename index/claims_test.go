package index

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

func TestCompareFigures(t *testing.T) {
	fig := func(v float64, approx string) facts.Figure {
		return facts.Figure{Value: v, Approx: approx, Unit: "troops"}
	}
	tests := []struct {
		claim, cover facts.Figure
		want         figureMatch
	}{
		{fig(2500, "exact"), fig(2500, "about"), figAgree},
		{fig(2500, "about"), fig(2500, "exact"), figAgree},
		{fig(2500, "exact"), fig(2400, "about"), figDiffer},
		{fig(2500, "exact"), fig(2000, "fewer than"), figDiffer},
		{fig(1500, "exact"), fig(2000, "fewer than"), figUnclear}, // "fewer than 2,000" does not confirm 1,500
		{fig(3000, "fewer than"), fig(2000, "fewer than"), figAgree},
		{fig(2000, "more than"), fig(2500, "about"), figAgree},
		{fig(5000, "exact"), fig(2500, "about"), figDiffer},
		{facts.Figure{Value: 200, Approx: "vague"}, facts.Figure{Value: 200, Approx: "vague"}, figAgree},
		{facts.Figure{Value: 200, Approx: "vague"}, fig(500, "exact"), figUnclear},
	}
	for _, tt := range tests {
		if got := compareFigures(tt.claim, tt.cover); got != tt.want {
			t.Errorf("compareFigures(%v %s, %v %s) = %d; want %d", tt.claim.Value, tt.claim.Approx, tt.cover.Value, tt.cover.Approx, got, tt.want)
		}
	}
}

func TestClaimProse(t *testing.T) {
	x, _ := engineForTest(t)
	lx, err := x.claimLexicon(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct{ in, want string }{
		{"US hit ~85 targets in iraq+syria on feb 3", "US hit about 85 targets in Iraq and Syria on February 3"},
		{"isis held over 100k sq km with 11 million+ people", "ISIS held over 100,000 square kilometres with more than 11 million people"},
		{"The Tower 22 drone hit was on Jan 28 2024 iirc", "The Tower 22 drone hit was on 28 January 2024"},
		{"abbasi sed austin wanted a 3rd year", "Abbasi said Austin wanted a third year"},
		{"they may leave in may 2025", "They may leave in May 2025"},
	}
	for _, tt := range tests {
		if got := claimProse(tt.in, lx); got != tt.want {
			t.Errorf("claimProse(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
	if ds := yearlessDates("They resumed on 11 February after the pause"); len(ds) != 1 || ds[0].Value != "--02-11" {
		t.Errorf("yearlessDates = %+v; want --02-11", ds)
	}
	if !dateMatches("--02-11", "2024-02-11") || dateMatches("--02-11", "2024-02-12") || !dateMatches("2024-01", "2024-01-27") || dateMatches("2011", "2014") {
		t.Error("dateMatches: a day without its year, or a month, against full dates")
	}
}

// TestCheckFigures: the example, a figure true earlier but since
// changed, differs from the latest with the date it was true; a false
// figure never agrees; the latest figure agrees; a figure for a stated
// date is compared with that date's.
func TestCheckFigures(t *testing.T) {
	x, _ := engineForTest(t)
	check := func(text string) ClaimCheck {
		t.Helper()
		res, err := x.CheckWith(context.Background(), text, CheckOptions{Now: claimsNow})
		if err != nil || len(res.Claims) != 1 {
			t.Fatalf("Check(%q) = %+v, %v; want one claim", text, res, err)
		}
		return res.Claims[0]
	}
	c := check("2,500 US troops are in Iraq.")
	if c.Verdict != ClaimStale || !c.Verdict.Differs() || !strings.Contains(c.Note, "fewer than 2,000") || !strings.Contains(c.Note, "was true on 2024-") {
		t.Errorf("2,500 now: %s %q; want stale, the latest figure and when 2,500 was true", c.Verdict, c.Note)
	}
	latest, earlier := false, false
	for _, f := range c.Found {
		latest = latest || (f.Latest && !f.Agrees && strings.Contains(f.Value, "2,000"))
		earlier = earlier || (f.Agrees && !f.Latest && strings.Contains(f.Value, "2,500"))
	}
	if !latest || !earlier {
		t.Errorf("2,500 now: found %+v; want the latest figure (differing) and the earlier one (agreeing)", c.Found)
	}
	for _, text := range []string{"5,000 US troops are still in Iraq.", "There are 10,000 American soldiers in Iraq today."} {
		if c := check(text); c.Verdict != ClaimDiffers {
			t.Errorf("%q: %s %q; want differs", text, c.Verdict, c.Note)
		}
	}
	if c := check("Fewer than 2,000 U.S. troops are in Iraq now."); c.Verdict != ClaimAgrees {
		t.Errorf("the latest figure: %s %q; want agrees", c.Verdict, c.Note)
	}
	if c := check("In December 2023 there were about 2,400 U.S. troops in Iraq."); c.Verdict != ClaimAgrees {
		t.Errorf("a dated figure: %s %q; want agrees", c.Verdict, c.Note)
	}
	if c := check("The Tower 22 attack killed 5 U.S. soldiers."); c.Verdict != ClaimDiffers {
		t.Errorf("a death toll: %s %q; want differs", c.Verdict, c.Note)
	}
}

// TestCheckDatesAndStatements: a date or a place changed is differs, a
// claim about what the coverage never mentions is not covered, a position
// later dropped is stale.
func TestCheckDatesAndStatements(t *testing.T) {
	x, _ := engineForTest(t)
	tests := []struct {
		text string
		want Verdict
	}{
		{"The first formal session of the talks was held in Baghdad on 27 January 2024.", ClaimAgrees},
		{"The first formal session of the talks was held in Baghdad on 15 March 2024.", ClaimDiffers},
		{"The first formal session of the talks was held in Erbil on 27 January 2024.", ClaimDiffers},
		{"Emmanuel Macron hosted the talks in Paris in 2024.", ClaimNotCovered},
		{"Washington demands that militia attacks stop before any talks begin.", ClaimStale},
	}
	for _, tt := range tests {
		v, res := messageVerdict(t, x, tt.text)
		if v != tt.want {
			note := ""
			if len(res.Claims) > 0 {
				note = res.Claims[0].Note
			}
			t.Errorf("Check(%q) = %s (%s); want %s", tt.text, v, note, tt.want)
		}
	}
}

// TestCheckQuotesAreVerbatim: every passage a check shows, for every dev
// claim, is exactly body[start:end] of its article, with outlet and date.
func TestCheckQuotesAreVerbatim(t *testing.T) {
	x, articles := engineForTest(t)
	bodies := map[string]string{}
	for _, a := range articles {
		bodies[a.ID] = a.Body
	}
	shown := 0
	for _, c := range loadClaims(t, "testdata/claims/dev.json") {
		res, err := x.CheckWith(context.Background(), c.Text, CheckOptions{Now: claimsNow})
		if errors.Is(err, ErrNothingToCheck) {
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		for _, cc := range res.Claims {
			if res.Text[cc.Start:cc.End] != cc.Text {
				t.Errorf("claim %q is not text[%d:%d]", cc.Text, cc.Start, cc.End)
			}
			if cc.Note == "" {
				t.Errorf("claim %q has no note", cc.Text)
			}
			for _, f := range cc.Found {
				q := f.Quote
				body, ok := bodies[q.ArticleID]
				if !ok || q.Start < 0 || q.End > len(body) || body[q.Start:q.End] != q.Text {
					t.Errorf("quote %q is not body[%d:%d] of %s", q.Text, q.Start, q.End, q.ArticleID)
				}
				if corpus.OutletName(q.ArticleID, q.Outlet) == "" || q.URL == "" && q.ArticleID != "iraq-us-talks" {
					t.Errorf("quote %q lacks its outlet or link: %+v", q.Text, q)
				}
				shown++
			}
		}
	}
	if shown < 20 {
		t.Errorf("only %d passages shown over the dev claims", shown)
	}
}

func TestCheckErrors(t *testing.T) {
	x, _ := engineForTest(t)
	for _, text := range []string{"", "   ", "?!", "How many troops are there?", "hi all"} {
		if _, err := x.Check(context.Background(), text); !errors.Is(err, ErrNothingToCheck) {
			t.Errorf("Check(%q) err = %v; want ErrNothingToCheck", text, err)
		}
	}
	if _, err := x.Check(context.Background(), strings.Repeat("2,500 troops are in Iraq. ", 200)); !errors.Is(err, ErrCheckTooLong) {
		t.Errorf("a long text: err = %v; want ErrCheckTooLong", err)
	}
	res, err := x.Check(context.Background(), strings.Repeat("About 2,500 U.S. troops are in Iraq. ", 12))
	if err != nil || len(res.Claims) != MaxClaims || res.Skipped != 2 {
		t.Errorf("12 claims: %d checked, %d skipped, %v; want %d and 2", len(res.Claims), res.Skipped, err, MaxClaims)
	}
}
