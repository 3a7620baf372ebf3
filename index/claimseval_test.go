package index

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/facts"
)

// The written claims (index/testdata/claims): about 80 messages written
// blind by someone who read the corpus, each with the verdict the coverage
// supports. dev.json is the even positions of the writer's file and the
// only half the rules were tuned on; test.json (the odd positions) is read
// once, after the last change, with CLAIMS_TEST=1 (docs/CHECK.md).

type writtenClaim struct {
	Text     string `json:"text"`
	Verdict  string `json:"verdict"` // agrees, differs, stale, not covered
	Kind     string `json:"kind"`
	Evidence []struct {
		Article  string `json:"article"`
		Contains string `json:"contains"`
	} `json:"evidence"`
	Note string `json:"note"`
}

func loadClaims(t testing.TB, path string) []writtenClaim {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Claims []writtenClaim `json:"claims"`
	}
	if err := json.Unmarshal(b, &f); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return f.Claims
}

// claimsNow is the date the written claims are checked as of.
var claimsNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

// said is a verdict as the written claims name it.
func said(v Verdict) string {
	switch v {
	case ClaimAgrees:
		return "agrees"
	case ClaimDiffers:
		return "differs"
	case ClaimStale:
		return "stale"
	}
	return "not covered"
}

// messageVerdict is what Check says of a whole message: its claims'
// verdicts combined (a message none of whose sentences is checkable is
// not covered).
func messageVerdict(t testing.TB, x *Index, text string) (Verdict, CheckResult) {
	res, err := x.CheckWith(context.Background(), text, CheckOptions{Now: claimsNow})
	if err != nil {
		return ClaimNotCovered, res
	}
	var vs []Verdict
	for _, c := range res.Claims {
		vs = append(vs, c.Verdict)
	}
	return combine(vs), res
}

// claimScore counts what was said and how often it was right.
type claimScore struct {
	n              int
	said           map[string]int // by verdict said: agrees, differs (stale included), not covered
	right          map[string]int
	agreedFalse    int // "agrees" said of a differing or stale claim
	expected       map[string]int
	staleSaidStale int
}

func newClaimScore() *claimScore {
	return &claimScore{said: map[string]int{}, right: map[string]int{}, expected: map[string]int{}}
}

// add scores one claim: agrees is right of an agreeing claim, differs (or
// stale) of a differing or stale one, not covered of one not covered.
func (s *claimScore) add(want, got string) {
	s.n++
	s.expected[want]++
	class := func(v string) string {
		if v == "stale" {
			return "differs"
		}
		return v
	}
	s.said[class(got)]++
	if class(got) == class(want) {
		s.right[class(got)]++
	}
	if got == "agrees" && (want == "differs" || want == "stale") {
		s.agreedFalse++
	}
	if got == "stale" && want == "stale" {
		s.staleSaidStale++
	}
}

func (s *claimScore) prec(v string) float64 {
	if s.said[v] == 0 {
		return 1
	}
	return float64(s.right[v]) / float64(s.said[v])
}

func (s *claimScore) share(v string) float64 { return float64(s.said[v]) / float64(max(1, s.n)) }

func (s *claimScore) String() string {
	return fmt.Sprintf("%d claims: agrees said %d (%.0f%% right), differs/stale said %d (%.0f%% right), not covered said %d (%.0f%% right); agrees said of a false or stale claim: %d; right overall %d/%d",
		s.n, s.said["agrees"], 100*s.prec("agrees"), s.said["differs"], 100*s.prec("differs"),
		s.said["not covered"], 100*s.prec("not covered"), s.agreedFalse,
		s.right["agrees"]+s.right["differs"]+s.right["not covered"], s.n)
}

var numberRe = regexp.MustCompile(`\d[\d,.]*`)

// baselineVerdict is the plain baseline: the answer engine's top passage
// for the message; "agrees" when it shares the message's first figure (or
// year), "differs" when the message has a figure and the passage another,
// else not covered.
func baselineVerdict(t testing.TB, x *Index, text string) string {
	q, err := CheckQuestion(text)
	if err != nil {
		return "not covered"
	}
	if r := []rune(q); len(r) > MaxQuestionRunes {
		q = string(r[:MaxQuestionRunes])
	}
	a, err := x.Ask(context.Background(), q, 1)
	if err != nil || len(a.Passages) == 0 || a.Outcome == NotCovered {
		return "not covered"
	}
	nums := numberRe.FindAllString(text, -1)
	if len(nums) == 0 {
		return "not covered"
	}
	top := a.Passages[0].Quote
	n := strings.TrimRight(nums[0], ",.")
	if strings.Contains(strings.ReplaceAll(top, ",", ""), strings.ReplaceAll(n, ",", "")) {
		return "agrees"
	}
	if numberRe.MatchString(top) {
		return "differs"
	}
	return "not covered"
}

// scoreClaims runs Check and the baseline over claims.
func scoreClaims(t *testing.T, x *Index, claims []writtenClaim, verbose bool) (engine, baseline *claimScore) {
	engine, baseline = newClaimScore(), newClaimScore()
	for i, c := range claims {
		v, res := messageVerdict(t, x, c.Text)
		got := said(v)
		engine.add(c.Verdict, got)
		baseline.add(c.Verdict, baselineVerdict(t, x, c.Text))
		if verbose && got != c.Verdict {
			t.Logf("%d. want %s, got %s: %q", i, c.Verdict, got, c.Text)
			for _, cc := range res.Claims {
				t.Logf("     [%s %s] %q — %s", cc.Kind, cc.Verdict, cc.Text, cc.Note)
			}
		}
	}
	return engine, baseline
}

// TestClaimsDev holds the checker to its floor on the dev claims: agrees
// and differs each right at least 90% of the times said, "agrees" never
// said of a false or stale claim, and each verdict said at least as often
// as measured (rounded down, less a claim), so saying "not covered" to
// everything cannot pass.
func TestClaimsDev(t *testing.T) {
	x, _ := engineForTest(t)
	claims := loadClaims(t, "testdata/claims/dev.json")
	engine, baseline := scoreClaims(t, x, claims, os.Getenv("CLAIMS_VERBOSE") != "")
	t.Logf("dev, Check:    %s", engine)
	t.Logf("dev, baseline: %s", baseline)
	if engine.agreedFalse > 0 {
		t.Errorf("agrees said of %d false or stale claims; want 0", engine.agreedFalse)
	}
	for _, v := range []string{"agrees", "differs"} {
		if p := engine.prec(v); p < 0.9 {
			t.Errorf("%s right %.2f of the times said; want ≥ 0.90", v, p)
		}
	}
	for v, min := range devShareFloor {
		if s := engine.share(v); s < min {
			t.Errorf("%s said of %.2f of the claims; want ≥ %.2f", v, s, min)
		}
	}
}

// devShareFloor is how often each verdict is said on dev, at least.
var devShareFloor = map[string]float64{"agrees": 0.22, "differs": 0.20, "not covered": 0.50}

// TestClaimsTest prints the figures on the test claims. It runs only with
// CLAIMS_TEST=1: once, after the last change to the rules.
func TestClaimsTest(t *testing.T) {
	if os.Getenv("CLAIMS_TEST") == "" {
		t.Skip("the test claims are read once, after the last change: CLAIMS_TEST=1")
	}
	x, _ := engineForTest(t)
	engine, baseline := scoreClaims(t, x, loadClaims(t, "testdata/claims/test.json"), false)
	t.Logf("test, Check:    %s", engine)
	t.Logf("test, baseline: %s", baseline)
}

// TestClaimDebug shows how one claim is read: CLAIM_DEBUG="TEXT".
func TestClaimDebug(t *testing.T) {
	text := os.Getenv("CLAIM_DEBUG")
	if text == "" {
		t.Skip("CLAIM_DEBUG=TEXT")
	}
	x, _ := engineForTest(t)
	lx, err := x.claimLexicon(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range claimSentences(text) {
		prose := claimProse(s.Text, lx)
		f := claimFacts(prose, facts.Extract(prose, claimsNow))
		t.Logf("prose %q", prose)
		for _, g := range f.Figures {
			t.Logf("  figure %v %s %s whose=%q place=%q state=%q as_of=%s/%s %q", g.Value, g.Approx, g.Unit, g.Whose, g.Place, g.State, g.AsOf, g.AsOfOrigin, g.Text)
		}
		for _, d := range f.Dates {
			t.Logf("  date %q %s", d.Text, d.Value)
		}
		terms := x.claimTerms(prose, spansOfFigures(f)...)
		t.Logf("  terms %v", terms)
		for _, n := range x.claimNames(prose, f, lx) {
			t.Logf("  name %s %q", n.id, n.text)
		}
		ans, miss, _ := x.claimPassages(context.Background(), prose)
		t.Logf("  missing %v", miss)
		ps := ans.Passages
		t.Logf("  ask: %s %q", ans.Outcome, ans.Reason)
		for _, r := range x.relevant(terms, x.claimNames(prose, f, lx), ps) {
			var ds []string
			for _, d := range passageDates(r.p) {
				ds = append(ds, d.Value)
			}
			t.Logf("  %.2f missing=%q others=%v dates=%v %q", r.share, r.missing, r.others, ds, r.p.Quote)
		}
	}
}
