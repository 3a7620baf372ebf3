package index

import (
	"fmt"
	"math"
	"regexp"
	"strings"
	"unicode"

	"github.com/talksbot/talksbot/corpus/facts"
)

// The comparisons behind Check's verdicts (claims.go). All are general:
// figures as intervals, dates by the granularity they are stated in,
// statements by the words and names they share with a passage and whether
// one of them denies what the other says.

// Thresholds, tuned on the dev half of index/testdata/claims only.
var (
	// sameThing is the share of a claim's content words (its figures and
	// dates left out) a passage must carry to be about the same thing.
	sameThing = 0.6
	// sameStatement is that share for a claim with no figure or date,
	// which only its words can confirm.
	sameStatement = 0.75
	// dateShare is that share for a passage that states the claim's date.
	dateShare = 0.3
	// eventShare and eventPShare: a passage carrying this much of the
	// claim and this much of its own words in the claim is about the same
	// event too (a short passage, a long claim).
	eventShare, eventPShare = 0.35, 0.6
)

// exactTolerance and aboutTolerance are how far apart two figures stated
// as exact, or as "about", may be and still be the same figure (rounding).
const (
	exactTolerance = 0.005
	aboutTolerance = 0.02
)

// ---------------------------------------------------------------------------
// Figures

// figureMatch is how a figure of the coverage compares with a claimed one.
type figureMatch int

const (
	figUnclear figureMatch = iota // compatible, but the coverage is less precise
	figAgree
	figDiffer
)

// figureRange is what a figure says of a value, widened for rounding.
func figureRange(f facts.Figure) (lo, hi float64, point, ok bool) {
	switch f.Approx {
	case "exact":
		return f.Value * (1 - exactTolerance), f.Value * (1 + exactTolerance), true, true
	case "about":
		return f.Value * (1 - aboutTolerance), f.Value * (1 + aboutTolerance), true, true
	case "more than":
		return math.Nextafter(f.Value, math.Inf(1)), math.Inf(1), false, true
	case "at least":
		return f.Value, math.Inf(1), false, true
	case "fewer than":
		return 0, math.Nextafter(f.Value, 0), false, true
	case "up to":
		return 0, f.Value, false, true
	case "between":
		return f.Value, f.Max, false, true
	}
	return 0, 0, false, false
}

// compareFigures: the coverage's figure e agrees with the claimed c when
// what e says lies within what c says ("more than 2,000" and "about
// 2,500"), or both are the same figure up to rounding; it differs when
// they cannot both be true; otherwise the coverage is not precise enough
// ("fewer than 2,000" does not confirm 1,500).
func compareFigures(c, e facts.Figure) figureMatch {
	if c.Approx == "vague" || e.Approx == "vague" {
		if c.Approx == e.Approx && c.Value == e.Value {
			return figAgree
		}
		return figUnclear
	}
	cl, ch, cp, ok1 := figureRange(c)
	el, eh, ep, ok2 := figureRange(e)
	switch {
	case !ok1 || !ok2:
		return figUnclear
	case eh < cl || ch < el:
		return figDiffer
	case el >= cl && eh <= ch:
		return figAgree
	case cp && ep:
		return figAgree // both points, within each other's rounding
	}
	return figUnclear
}

// interchangeable units: a claim's "soldiers" (troops) and the coverage's
// "personnel" count the same people.
var unitFamily = map[string]string{"troops": "force", "personnel": "force", "advisers": "force", "fighters": "fighters"}

func sameUnit(a, b string) bool {
	if a == b {
		return true
	}
	fa, fb := unitFamily[a], unitFamily[b]
	return fa != "" && fa == fb
}

// sameFigureKind says whether the coverage's figure e counts what the
// claimed c counts: the unit, the state (killed, leaving…), what a
// percentage is of and whom attacks targeted; whose and where when both
// say.
func sameFigureKind(c, e facts.Figure) bool {
	if !sameUnit(c.Unit, e.Unit) || c.State != e.State || c.Of != e.Of {
		return false
	}
	if c.Against != "" && e.Against != "" && !strings.EqualFold(c.Against, e.Against) {
		return false
	}
	if c.Whose != "" && e.Whose != "" && !whoseCompatible(c.Whose, e.Whose) {
		return false
	}
	if c.Place != "" && !strings.EqualFold(c.Place, e.Place) {
		return false
	}
	return true
}

// whoseCompatible: "U.S." and "U.S. and coalition" may count the same force.
func whoseCompatible(a, b string) bool {
	a, b = strings.ToLower(a), strings.ToLower(b)
	return a == b || strings.Contains(a, b) || strings.Contains(b, a)
}

// presentTense matches the words of a claim about now.
var presentTense = regexp.MustCompile(`(?i)\b(is|are|has|have|remain|remains|still|now|currently|today|stay|stays|there are|there is)\b`)

// pastTense matches the words of a claim about a past moment.
var pastTense = regexp.MustCompile(`(?i)\b(was|were|had|did|used to|reported|numbered|stood|at the time|when)\b`)

// aboutNow says whether a claimed figure is said to hold now: no date of
// its own, in the present tense, and a count that changes (a death toll
// does not).
func aboutNow(s string, f facts.Figure) bool {
	if f.AsOfOrigin != "published" {
		return false
	}
	switch f.State {
	case "killed", "injured", "detained":
		return false
	}
	// No tense said ("2,500 US troops in Iraq") is about now too.
	return !pastTense.MatchString(s)
}

// claimAsOf is the date a claimed figure holds for: its own, else the one
// date the claim states ("there were 2,500 troops back in January 2024").
func claimAsOf(cf facts.Figure, f facts.Facts) facts.Figure {
	if cf.AsOfOrigin != "published" {
		return cf
	}
	var vals []string
	for _, d := range f.Dates {
		if d.Value != "" && !strings.HasPrefix(d.Value, "--") {
			vals = append(vals, d.Value)
		}
	}
	if len(vals) == 1 {
		cf.AsOf, cf.AsOfOrigin = vals[0], "stated"
	}
	return cf
}

// checkFigures sets c's verdict from the claim's figures compared with the
// coverage's figures of the same kind, about the same thing: a claim about
// now with the newest of them (an older figure it matches makes it stale),
// a claim about a date with those of about that date, any other with all.
// A claim of several figures differs if one does and agrees only if all do.
func (x *Index) checkFigures(c *ClaimCheck, s string, f facts.Facts, figs []figureSeen, lx *claimLexicon) {
	terms := x.claimTerms(s, spansOfFigures(f)...)
	names := x.claimNames(s, f, lx)
	verdicts := []Verdict{}
	var notes []string
	for _, cf := range f.Figures {
		v, note, found := x.checkFigure(s, claimAsOf(cf, f), terms, names, figs)
		verdicts = append(verdicts, v)
		notes = append(notes, note)
		c.Found = appendFindings(c.Found, found...)
	}
	c.Verdict = combine(verdicts)
	c.Note = strings.Join(notes, " ")
}

// combine is the verdict of a claim from its parts'.
func combine(vs []Verdict) Verdict {
	out := ClaimAgrees
	for _, v := range vs {
		switch {
		case v == ClaimDiffers:
			return ClaimDiffers
		case v == ClaimStale:
			out = ClaimStale
		case v == ClaimNotCovered && out == ClaimAgrees:
			out = ClaimNotCovered
		}
	}
	if len(vs) == 0 {
		return ClaimNotCovered
	}
	return out
}

func (x *Index) checkFigure(s string, cf facts.Figure, terms []string, names []claimName, figs []figureSeen) (Verdict, string, []Finding) {
	var cands []figureSeen
	for _, e := range figs {
		if !sameFigureKind(cf, e.fig) {
			continue
		}
		text := e.quote.Text + " " + e.quote.Title
		if missingName(names, text, cf) != "" {
			continue
		}
		cands = append(cands, e)
	}
	what := strings.TrimSpace(cf.Text)
	if len(cands) == 0 {
		return ClaimNotCovered, fmt.Sprintf("The coverage gives no figure of this kind (%s).", what), nil
	}
	cf = placeNamed(s, cf, cands)
	cands = onePlace(cf, cands)
	finding := func(e figureSeen, agrees, latest bool) Finding {
		return Finding{Quote: e.quote, Value: e.fig.Text, AsOf: e.fig.AsOf, Agrees: agrees, Latest: latest}
	}
	switch {
	case aboutNow(s, cf):
		latest := dateKey(cands[0].fig.AsOf)
		var newest, older []figureSeen
		for _, e := range cands {
			if dateKey(e.fig.AsOf) == latest {
				newest = append(newest, e)
			} else {
				older = append(older, e)
			}
		}
		var out []Finding
		agree, unclear := false, false
		for _, e := range newest {
			m := compareFigures(cf, e.fig)
			agree = agree || m == figAgree
			unclear = unclear || m == figUnclear
			out = append(out, finding(e, m == figAgree, true))
		}
		src := newest[0].quote.Source()
		switch {
		case agree:
			return ClaimAgrees, fmt.Sprintf("The latest coverage (%s) gives %s.", src, newest[0].fig.Text), out
		case unclear:
			// Within what the latest says, and stated precisely before.
			for _, e := range older {
				if compareFigures(cf, e.fig) == figAgree {
					out = append(out, finding(e, true, false))
					return ClaimAgrees, fmt.Sprintf("The latest coverage (%s) gives %s; %s was reported on %s (%s).",
						src, newest[0].fig.Text, e.fig.Text, e.fig.AsOf, e.quote.Source()), out
				}
			}
			return ClaimNotCovered, fmt.Sprintf("The latest coverage (%s) gives only %s.", src, newest[0].fig.Text), out
		}
		for _, e := range older {
			if compareFigures(cf, e.fig) == figAgree {
				out = append(out, finding(e, true, false))
				return ClaimStale, fmt.Sprintf("The latest coverage (%s) gives %s; %s was true on %s (%s).",
					src, newest[0].fig.Text, what, e.fig.AsOf, e.quote.Source()), out
			}
		}
		return ClaimDiffers, fmt.Sprintf("The latest coverage (%s) gives %s.", src, newest[0].fig.Text), out
	case cf.AsOfOrigin == "stated" || cf.AsOfOrigin == "resolved":
		var near []figureSeen
		for _, e := range cands {
			if datesNear(cf.AsOf, e.fig.AsOf) {
				near = append(near, e)
			}
		}
		if len(near) == 0 {
			return ClaimNotCovered, fmt.Sprintf("The coverage gives no figure of this kind for %s.", cf.AsOf), []Finding{finding(cands[0], false, true)}
		}
		return judgeAll(cf, what, near, finding, fmt.Sprintf(" for %s", cf.AsOf))
	}
	return judgeAll(cf, what, cands, finding, "")
}

// judgeAll: agrees if a figure of the coverage agrees, differs if every
// one differs, else the coverage is not precise enough.
func judgeAll(cf facts.Figure, what string, cands []figureSeen, finding func(figureSeen, bool, bool) Finding, when string) (Verdict, string, []Finding) {
	var out []Finding
	allDiffer := true
	for _, e := range cands {
		m := compareFigures(cf, e.fig)
		if m == figAgree {
			return ClaimAgrees, fmt.Sprintf("%s states %s%s.", e.quote.Source(), e.fig.Text, when), []Finding{finding(e, true, false)}
		}
		allDiffer = allDiffer && m == figDiffer
		if len(out) < 3 {
			out = append(out, finding(e, false, false))
		}
	}
	if allDiffer {
		return ClaimDiffers, fmt.Sprintf("The coverage gives %s%s (%s), not %s.", cands[0].fig.Text, when, cands[0].quote.Source(), what), out
	}
	return ClaimNotCovered, fmt.Sprintf("The coverage gives only %s%s (%s).", cands[0].fig.Text, when, cands[0].quote.Source()), out
}

// placeNamed gives a claimed figure with no place of its own ("the 900
// U.S. troops there") the place of the coverage's figures the claim names.
func placeNamed(s string, cf facts.Figure, cands []figureSeen) facts.Figure {
	if cf.Place != "" {
		return cf
	}
	lower := strings.ToLower(s)
	for _, e := range cands {
		if p := e.fig.Place; p != "" && wordIndex(lower, strings.ToLower(p), false) >= 0 {
			cf.Place = p
			return cf
		}
	}
	return cf
}

// onePlace keeps, for a claim that names no place, the figures of the
// place most of them hold for (troops in Iraq, not in Syria).
func onePlace(cf facts.Figure, cands []figureSeen) []figureSeen {
	if cf.Place != "" {
		return cands
	}
	count := map[string]int{}
	best := ""
	for _, e := range cands {
		p := strings.ToLower(e.fig.Place)
		count[p]++
		if count[p] > count[best] || (count[p] == count[best] && p < best) {
			best = p
		}
	}
	var out []figureSeen
	for _, e := range cands {
		if strings.ToLower(e.fig.Place) == best {
			out = append(out, e)
		}
	}
	return out
}

// datesNear: two date values (YYYY[-MM[-DD]]) name the same moment at the
// coarser one's granularity, or lie within disagreementWindow days.
func datesNear(a, b string) bool {
	a, b = dateKey(a), dateKey(b)
	if a == "" || b == "" {
		return false
	}
	if strings.HasPrefix(a, b) || strings.HasPrefix(b, a) {
		return true
	}
	ta, ok1 := parseDateValue(a)
	tb, ok2 := parseDateValue(b)
	if !ok1 || !ok2 || len(a) < 7 || len(b) < 7 {
		return false
	}
	return math.Abs(ta.Sub(tb).Hours()/24) <= disagreementWindow
}

func spansOfFigures(f facts.Facts) [][2]int {
	var out [][2]int
	for _, g := range f.Figures {
		out = append(out, [2]int{g.Start, g.End})
	}
	for _, d := range f.Dates {
		out = append(out, [2]int{d.Start, d.End})
	}
	return out
}

// appendFindings adds findings, each passage once.
func appendFindings(out []Finding, fs ...Finding) []Finding {
	for _, f := range fs {
		dup := false
		for _, g := range out {
			if g.Quote.ArticleID == f.Quote.ArticleID && g.Quote.Start == f.Quote.Start && g.Value == f.Value {
				dup = true
			}
		}
		if !dup && len(out) < 4 {
			out = append(out, f)
		}
	}
	return out
}

// ---------------------------------------------------------------------------
// Words and names

// claimTerms are a claim's content words as the index analyses them, the
// spans cut (its figures and dates) left out, and no numbers.
func (x *Index) claimTerms(s string, cut ...[2]int) []string {
	b := []byte(s)
	for _, c := range cut {
		for i := max(0, c[0]); i < min(len(b), c[1]); i++ {
			b[i] = ' '
		}
	}
	seen := map[string]bool{}
	var out []string
	for _, t := range x.analyze(string(b)) {
		if seen[t] || strings.IndexFunc(t, unicode.IsLetter) < 0 || isMonth(t) || claimFiller[t] {
			continue
		}
		seen[t] = true
		out = append(out, t)
	}
	return out
}

// claimFiller are words of a claim that say it is a claim, not what it says.
var claimFiller = toSet(`said say says according report reported claim claims actual actually current currently now still today there
	lol lmao fwiw iirc imo imho tbh btw idk afaik ngl smh tho though like just basically literally really so ok okay yeah yes yep nope
	period done relax guys folks people anyone someone somebody everyone reminder forget forgot remember know think thought seem seems seemed
	sure link source share forwarded deleted pretty kinda sorta stuff thing things whole lot`)

// overlap is the share of terms text carries (a term or a word naming the
// same thing), each weighed by how rare it is in the coverage.
func (x *Index) overlap(terms []string, text string) float64 {
	if len(terms) == 0 {
		return 0
	}
	var lx *claimLexicon
	if v, ok := lexicons.Load(x); ok {
		lx = v.(*claimLexicon)
	}
	have := map[string]bool{}
	for _, t := range x.analyze(text) {
		have[t] = true
	}
	var got, all float64
	for _, t := range terms {
		w := lx.weight(t)
		all += w
		if have[t] {
			got += w
			continue
		}
		for s := range x.sameOf(t) {
			if have[s] {
				got += w
				break
			}
		}
	}
	return got / all
}

// claimName is a party, place or proper name a claim names.
type claimName struct {
	id, text string
	place    bool
}

// claimNames are the known parties and proper names of a claim, and its
// capitalised words past the first (names the extractor does not know:
// "held in Erbil").
func (x *Index) claimNames(s string, f facts.Facts, lx *claimLexicon) []claimName {
	var out []claimName
	covered := make([]bool, len(s))
	mark := func(a, b int) {
		for i := max(0, a); i < min(len(s), b); i++ {
			covered[i] = true
		}
	}
	for _, m := range f.Parties {
		out = append(out, claimName{id: m.ID, text: m.Text, place: m.Place})
		mark(m.Start, m.End)
	}
	for _, n := range f.Names {
		if n.Start < len(covered) && !covered[n.Start] {
			out = append(out, claimName{id: "name:" + n.Text, text: n.Text})
			mark(n.Start, n.End)
		}
	}
	for _, g := range f.Figures {
		mark(g.Start, g.End)
	}
	for _, d := range f.Dates {
		mark(d.Start, d.End)
	}
	first := true
	for _, w := range wordSpans(s) {
		word := s[w[0]:w[1]]
		if first {
			first = false
			continue
		}
		if covered[w[0]] || !startsUpper(word) || isMonth(strings.ToLower(word)) || len(word) < 3 {
			continue
		}
		if lx != nil && lx.caps[strings.ToLower(word)] == "" {
			continue // not a name the coverage writes: the engine's missing names judge it
		}
		out = append(out, claimName{id: "word:" + strings.ToLower(word), text: word})
		covered[w[0]] = true
	}
	return out
}

// wordSpans are the byte spans of s's words (letters, digits, ' and -).
func wordSpans(s string) [][2]int {
	var out [][2]int
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '-'
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, [2]int{start, len(s)})
	}
	return out
}

// missingName is the first name of the claim text does not name (by the
// party's aliases or the name's words), leaving out what the figure cf
// itself says (its side and place, compared on their own).
func missingName(names []claimName, text string, cf facts.Figure) string {
	ids := map[string]bool{}
	for _, m := range facts.FindParties(text) {
		ids[m.ID] = true
	}
	lower := strings.ToLower(text)
	for _, n := range names {
		if cf.Text != "" && (strings.Contains(cf.Text, n.text) || strings.EqualFold(cf.Place, n.text)) {
			continue
		}
		if ids[n.id] || strings.Contains(lower, strings.ToLower(n.text)) {
			continue
		}
		if p, ok := facts.PartyByID(n.id); ok && partyNamed(p, lower) {
			continue
		}
		return n.text
	}
	return ""
}

func partyNamed(p facts.Party, lower string) bool {
	for _, a := range p.Aliases {
		if a != "" && strings.Contains(lower, strings.ToLower(a)) {
			return true
		}
	}
	return false
}

// negation matches words that deny what a sentence says.
var negation = regexp.MustCompile(`(?i)\b(not|no|never|none|neither|nor|without|denied|denies|deny|rejected|rejects|refused|refuses|refuse)\b|n't\b`)

func denies(s string) bool { return negation.MatchString(s) }

// quoteText is a quote with its article's title, for the names it is about.
func quoteText(q Quote) string { return q.Text + " " + q.Title }
