package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index/internal/banktest"

	"github.com/talksbot/talksbot/index"

	"github.com/talksbot/talksbot/corpus"
)

// floor is what the engine must keep on a question set: measured figures
// (docs/EVALUATION.md) rounded down, less about one question. It covers
// how often each outcome is said, not only how often it is right when
// said: the share of answerable questions answered (right), of
// unanswerable ones said not to be covered, and at most how many
// answerable ones are turned away.
type floor struct {
	top1, top3 float64
	// answeredPrec and notCoveredPrec are checked whenever the outcome is
	// said at all; answeredShare and notCoveredShare are shares of the
	// answerable and unanswerable questions; maxRefused caps the share of
	// answerable questions said not to be covered.
	answeredPrec, notCoveredPrec, shortPrec float64
	answeredShare, notCoveredShare          float64
	maxRefused                              float64
}

// evalFloors: the bank's train and dev splits (train chose the model, dev
// the rules and settings), and the old sets kept for comparison. The
// bank's test split is not here: it is read once, at the end of an issue,
// after the last change (docs/EVALUATION.md).
var evalFloors = map[string]floor{
	"../testdata/bank/train.json":   {top1: 0.64, top3: 0.79, answeredPrec: 0.90, notCoveredPrec: 0.88, shortPrec: 0.95, answeredShare: 0.14, notCoveredShare: 0.25, maxRefused: 0.02},
	"../testdata/bank/dev.json":     {top1: 0.62, top3: 0.74, answeredPrec: 0.90, notCoveredPrec: 0.80, shortPrec: 0.95, answeredShare: 0.18, notCoveredShare: 0.21, maxRefused: 0.02},
	"../testdata/eval/dev.json":     {top1: 0.67, top3: 0.93, answeredPrec: 0.90, notCoveredPrec: 0.80, shortPrec: 0.95, maxRefused: 0.03},
	"../testdata/eval/heldout.json": {top1: 0.61, top3: 0.87, answeredPrec: 0.90, notCoveredPrec: 0.00, shortPrec: 0.95, maxRefused: 0.03},
}

// TestMain removes the bank's index after the tests.
func TestMain(m *testing.M) {
	code := m.Run()
	banktest.Close()
	os.Exit(code)
}

func loadResolved(t testing.TB, path string, ids map[string]string) Set {
	t.Helper()
	set, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := set.ResolvePages(ids); err != nil {
		t.Fatal(err)
	}
	return set
}

func TestEvalFloors(t *testing.T) {
	x, articles, ids := banktest.Engine(t)
	for path, fl := range evalFloors {
		t.Run(path, func(t *testing.T) {
			rep, err := Evaluate(context.Background(), x, articles, loadResolved(t, path, ids), nil)
			if err != nil {
				t.Fatal(err)
			}
			e, b := rep.Engine, rep.Baseline
			t.Logf("engine: top-1 %.3f top-3 %.3f; answered %d/%d right, may answer %d, does not say %d/%d true; short %d/%d right",
				e.Top1, e.Top3, e.AnsweredRight, e.Answered, e.MayAnswer, e.NotCoveredRight, e.NotCovered, e.ShortRight, e.ShortAnswers)
			t.Logf("baseline: top-1 %.3f top-3 %.3f", b.Top1, b.Top3)
			if e.Top1 < fl.top1 || e.Top3 < fl.top3 {
				t.Errorf("ranking fell below its floor: top-1 %.3f (floor %.2f), top-3 %.3f (floor %.2f)", e.Top1, fl.top1, e.Top3, fl.top3)
			}
			if e.Answered > 0 && e.AnsweredPrec < fl.answeredPrec {
				t.Errorf(`"answered" is right %d of %d times (floor %.2f)`, e.AnsweredRight, e.Answered, fl.answeredPrec)
			}
			if e.NotCovered > 0 && e.NotCoveredPrec < fl.notCoveredPrec {
				t.Errorf(`"does not say" is true %d of %d times (floor %.2f)`, e.NotCoveredRight, e.NotCovered, fl.notCoveredPrec)
			}
			if e.ShortAnswers > 0 && e.ShortPrec < fl.shortPrec {
				t.Errorf("short answers are right %d of %d times (floor %.2f)", e.ShortRight, e.ShortAnswers, fl.shortPrec)
			}
			if e.AnsweredRecall < fl.answeredShare {
				t.Errorf(`"answered" (right) for %.3f of answerable questions (floor %.3f)`, e.AnsweredRecall, fl.answeredShare)
			}
			if e.NotCoveredRecall < fl.notCoveredShare {
				t.Errorf(`"does not say" for %.3f of unanswerable questions (floor %.3f)`, e.NotCoveredRecall, fl.notCoveredShare)
			}
			if refused := float64(e.NotCovered-e.NotCoveredRight) / float64(max(1, e.Answerable)); refused > fl.maxRefused {
				t.Errorf(`"does not say" for %.3f of answerable questions (at most %.3f)`, refused, fl.maxRefused)
			}
			if e.Top1 <= b.Top1 || e.MRR <= b.MRR {
				t.Errorf("engine (top-1 %.3f, MRR %.3f) does not beat the baseline (top-1 %.3f, MRR %.3f)", e.Top1, e.MRR, b.Top1, b.MRR)
			}
		})
	}
}

// TestEvalQuotesAreVerbatim: every passage the engine returns for every
// question of every set, windows included, is exactly a span of its
// article's body, and every claim of a short answer (said or not) is
// verbatim text of a passage it came from, and of one shown when said.
func TestEvalQuotesAreVerbatim(t *testing.T) {
	x, articles, ids := banktest.Engine(t)
	byID := map[string]*corpus.Article{}
	for _, a := range articles {
		byID[a.ID] = a
	}
	checked, windows := 0, 0
	for path := range evalFloors {
		for _, q := range loadResolved(t, path, ids).Questions {
			tr, err := x.Trace(context.Background(), q.Q, 3, index.DefaultModel())
			if err != nil {
				t.Fatal(err)
			}
			ans := tr.Answer
			for _, p := range ans.Passages {
				a := byID[p.ArticleID]
				if a == nil {
					t.Fatalf("Ask(%q): passage from unknown article %q", q.Q, p.ArticleID)
				}
				if p.Start < 0 || p.End > len(a.Body) || p.Start >= p.End || a.Body[p.Start:p.End] != p.Quote {
					t.Errorf("Ask(%q): quote %q is not %s body[%d:%d]", q.Q, p.Quote, p.ArticleID, p.Start, p.End)
				}
				for _, m := range p.Marks {
					if m.Start < 0 || m.End > len(p.Quote) || m.Start >= m.End {
						t.Errorf("Ask(%q): mark %v outside quote %q", q.Q, m, p.Quote)
					}
				}
				if p.Title != a.Title || p.Outlet != a.Outlet || p.URL != a.URL || p.Published != a.Published {
					t.Errorf("Ask(%q): passage metadata differs from article %s", q.Q, a.ID)
				}
				widened := true
				for _, c := range tr.Candidates {
					widened = widened && !(c.ArticleID == p.ArticleID && c.Start == p.Start && c.End == p.End)
				}
				if widened {
					windows++
				}
				checked++
			}
			for _, c := range tr.Decision.ShortAnswer() {
				if !strings.Contains(c.Quoted().Quote, c.Value) {
					t.Errorf("Ask(%q): claim %q is not verbatim text of its passage %q", q.Q, c.Value, c.Quoted().Quote)
				}
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
	if checked < 1500 || windows == 0 {
		t.Errorf("checked only %d quotes, %d of them windows", checked, windows)
	}
	t.Logf("%d quotes checked, %d of them windows", checked, windows)
}

// convFloors are the follow-up conversations' floors: the share of
// follow-up turns answered right, and of answerable follow-ups whose
// first passage answers them, each a little under what was measured
// (README, "Follow-up conversations").
// (The test conversations are read once, at the end of an issue.)
var convFloors = map[string]struct{ followUpsRight, top1, overAlone float64 }{
	"../testdata/conversations/dev.json": {0.74, 0.63, 0.15}, // 79/106 right since the engine answers more (80 before)
}

// Reading a follow-up after the question before must pay: more follow-up
// turns right, and better first passages, than asking each turn alone,
// and than plain Bleve given the previous question's words too.
func TestConversationFloors(t *testing.T) {
	x, articles, _ := banktest.Engine(t)
	for path, fl := range convFloors {
		t.Run(path, func(t *testing.T) {
			set, err := LoadConvSet(path)
			if err != nil {
				t.Fatal(err)
			}
			rep, err := EvaluateConversations(context.Background(), x, articles, set, nil)
			if err != nil {
				t.Fatal(err)
			}
			ctx, alone, base := rep.Systems[0], rep.Systems[1], rep.Systems[3]
			frac := func(s ConvScores) float64 { return float64(s.FollowUpsRight) / float64(s.FollowUps) }
			t.Logf("follow-ups right: with context %d/%d, alone %d/%d, baseline %d/%d; top-1 %.3f vs %.3f",
				ctx.FollowUpsRight, ctx.FollowUps, alone.FollowUpsRight, alone.FollowUps, base.FollowUpsRight, base.FollowUps, ctx.Later.Top1, alone.Later.Top1)
			if frac(ctx) < fl.followUpsRight || ctx.Later.Top1 < fl.top1 {
				t.Errorf("follow-ups fell below their floors: %.3f right (floor %.2f), top-1 %.3f (floor %.2f)", frac(ctx), fl.followUpsRight, ctx.Later.Top1, fl.top1)
			}
			if ctx.Later.Top1 < alone.Later.Top1+fl.overAlone {
				t.Errorf("later turns' first passage right %.3f with context, %.3f alone: want %.2f more", ctx.Later.Top1, alone.Later.Top1, fl.overAlone)
			}
			if ctx.FollowUpsRight <= alone.FollowUpsRight || ctx.Later.Top1 <= alone.Later.Top1 || ctx.FollowUpsRight <= base.FollowUpsRight {
				t.Errorf("context does not pay: %d right with it, %d alone, %d for the baseline", ctx.FollowUpsRight, alone.FollowUpsRight, base.FollowUpsRight)
			}
		})
	}
}

// A question still to be labelled (as talksbot feedback writes a
// down-voted one) is refused, not scored as unanswerable.
func TestLoadEvalSetRefusesUnlabelled(t *testing.T) {
	dir := t.TempDir()
	for name, tt := range map[string]struct {
		json, want string
	}{
		"todo":     {`{"questions":[{"q":"is it over","kind":"yes/no","answerable":null,"expect":[],"label":"todo"}]}`, "not labelled yet"},
		"labelled": {`{"questions":[{"q":"is it over","kind":"yes/no","answerable":false,"expect":[]}]}`, ""},
	} {
		path := filepath.Join(dir, name+".json")
		if err := os.WriteFile(path, []byte(tt.json), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := Load(path)
		if tt.want == "" && err != nil || tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("LoadEvalSet(%s) = %v; want an error containing %q", name, err, tt.want)
		}
	}
}
