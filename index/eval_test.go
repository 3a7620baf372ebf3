package index

import (
	"context"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// Floors the engine must keep on the committed question sets (measured
// figures, rounded down; see README "Evaluation"). The held-out set is not
// used for tuning.
// claims is the share of the short answers' values (answerable questions)
// quoted from a passage that answers the question.
var evalFloors = map[string]struct{ top1, top3, abstain, claims float64 }{
	"testdata/eval/dev.json":     {top1: 0.80, top3: 0.93, abstain: 0.83, claims: 0.95},
	"testdata/eval/heldout.json": {top1: 0.66, top3: 0.84, abstain: 0.70, claims: 0.83},
}

func TestEvalFloors(t *testing.T) {
	x, articles := engineForTest(t)
	for path, floor := range evalFloors {
		t.Run(path, func(t *testing.T) {
			set, err := LoadEvalSet(path)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := Evaluate(context.Background(), x, articles, set)
			if err != nil {
				t.Fatal(err)
			}
			e, b := rep.Engine, rep.Baseline
			t.Logf("engine: top-1 %.1f%% top-3 %.1f%% MRR %.3f abstain %.1f%% answered %.1f%%", 100*e.Top1, 100*e.Top3, e.MRR, 100*e.Abstain, 100*e.Answered)
			t.Logf("baseline: top-1 %.1f%% top-3 %.1f%% MRR %.3f", 100*b.Top1, 100*b.Top3, b.MRR)
			if e.Top1 < floor.top1 || e.Top3 < floor.top3 || e.Abstain < floor.abstain {
				t.Errorf("engine fell below its floor: top-1 %.3f (floor %.2f), top-3 %.3f (floor %.2f), abstain %.3f (floor %.2f)",
					e.Top1, floor.top1, e.Top3, floor.top3, e.Abstain, floor.abstain)
			}
			if right := float64(e.ClaimsRight) / float64(max(1, e.Claims)); right < floor.claims {
				t.Errorf("short answers: %d of %d values quoted from an answering passage (%.3f, floor %.2f)", e.ClaimsRight, e.Claims, right, floor.claims)
			}
			if e.Top1 <= b.Top1 || e.MRR <= b.MRR {
				t.Errorf("engine (top-1 %.3f, MRR %.3f) does not beat the baseline (top-1 %.3f, MRR %.3f)", e.Top1, e.MRR, b.Top1, b.MRR)
			}
		})
	}
}

// TestEvalQuotesAreVerbatim: every passage the engine returns for every
// question of the sets is exactly a span of its article's body, and every
// claim of a short answer is verbatim text of one of the passages.
func TestEvalQuotesAreVerbatim(t *testing.T) {
	x, articles := engineForTest(t)
	byID := map[string]*corpus.Article{}
	for _, a := range articles {
		byID[a.ID] = a
	}
	checked := 0
	for path := range evalFloors {
		set, err := LoadEvalSet(path)
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range set.Questions {
			ans, err := x.Ask(context.Background(), q.Q, 3)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range ans.Passages {
				a := byID[p.ArticleID]
				if a == nil {
					t.Fatalf("Ask(%q): passage from unknown article %q", q.Q, p.ArticleID)
				}
				if p.Start < 0 || p.End > len(a.Body) || p.Start >= p.End || a.Body[p.Start:p.End] != p.Quote {
					t.Errorf("Ask(%q): quote %q is not %s body[%d:%d]", q.Q, p.Quote, p.ArticleID, p.Start, p.End)
				}
				if p.Title != a.Title || p.Outlet != a.Outlet || p.URL != a.URL || p.Published != a.Published {
					t.Errorf("Ask(%q): passage metadata differs from article %s", q.Q, a.ID)
				}
				checked++
			}
			for _, c := range ans.Claims {
				in := false
				for _, p := range ans.Passages {
					in = in || strings.Contains(p.Quote, c.Value)
				}
				if !in {
					t.Errorf("Ask(%q): claim %q is not verbatim text of a quoted passage", q.Q, c.Value)
				}
			}
		}
	}
	if checked < 200 {
		t.Errorf("checked only %d quotes", checked)
	}
}
