package index

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus/facts"
)

// Dates and statements: a claim is compared with the passages the answer
// engine finds for it, those that carry most of its words being about the
// same thing (claimrules.go has the thresholds).

// relevantPassage is a passage found for a claim, with how much of the
// claim it carries and the first of the claim's names it lacks.
type relevantPassage struct {
	p       *Passage
	share   float64 // of the claim's content words
	pshare  float64 // of the passage's content words the claim has
	missing string  // a name of the claim the passage does not name
	others  []string
}

func (x *Index) relevant(terms []string, names []claimName, ps []Passage) []relevantPassage {
	var out []relevantPassage
	for i := range ps {
		p := &ps[i]
		text := quoteText(p.quote())
		out = append(out, relevantPassage{
			p: p, share: x.overlap(terms, p.Quote), pshare: x.passageShare(terms, p),
			missing: missingName(names, text, facts.Figure{}), others: otherNames(names, p),
		})
	}
	return out
}

// passageShare is the share of a passage's content words (its figures and
// dates left out) the claim's terms carry.
func (x *Index) passageShare(terms []string, p *Passage) float64 {
	pt := x.claimTerms(p.Quote, spansOfFigures(p.facts)...)
	if len(pt) == 0 {
		return 0
	}
	return x.overlap(pt, strings.Join(terms, " "))
}

// sameEvent says whether a passage is about what the claim is about: most
// of the claim's words, or enough of them and most of the passage's.
func (r relevantPassage) sameEvent() bool {
	return r.share >= sameThing || (r.share >= eventShare && r.pshare >= eventPShare) || (r.share >= 0.25 && r.pshare >= 0.99)
}

// numbersIn are the numbers a text states in digits ("168", "2,500").
func numbersIn(s string) []string {
	var out []string
	for _, m := range digitsRe.FindAllString(s, -1) {
		out = append(out, strings.ReplaceAll(strings.TrimRight(m, ",."), ",", ""))
	}
	return out
}

var digitsRe = regexp.MustCompile(`\d[\d,.]*`)

// statesNumbers says whether passage text states every number of the claim
// outside its dates (a claim of "250 MPs" is not confirmed by "168").
func statesNumbers(claim string, f facts.Facts, text string) bool {
	b := []byte(claim)
	for _, d := range f.Dates {
		for i := max(0, d.Start); i < min(len(b), d.End); i++ {
			b[i] = ' '
		}
	}
	have := map[string]bool{}
	for _, n := range numbersIn(text) {
		have[n] = true
	}
	for _, n := range numbersIn(string(b)) {
		if !have[n] {
			return false
		}
	}
	return true
}

// otherNames are the places and parties a passage names that the claim
// does not.
func otherNames(names []claimName, p *Passage) []string {
	have := map[string]bool{}
	for _, n := range names {
		have[n.id] = true
		have[strings.ToLower(n.text)] = true
	}
	var out []string
	for _, m := range p.facts.Parties {
		if !have[m.ID] && !have[strings.ToLower(m.Text)] {
			out = append(out, m.Text)
			have[m.ID] = true
		}
	}
	return out
}

// withoutName is the claim's terms less those of a name.
func (x *Index) withoutName(terms []string, name string) []string {
	drop := map[string]bool{}
	for _, t := range x.analyze(name) {
		drop[t] = true
	}
	var out []string
	for _, t := range terms {
		if !drop[t] {
			out = append(out, t)
		}
	}
	return out
}

// substituted says whether passage r states the claim with another name
// where the claim has one: all the claim's other words, one of its names
// missing, and a name of its own instead ("held in Erbil" against "held
// in Baghdad").
func (x *Index) substituted(terms []string, r relevantPassage) bool {
	if r.missing == "" || len(r.others) == 0 {
		return false
	}
	rest := x.withoutName(terms, r.missing)
	return len(rest) >= 2 && x.overlap(rest, r.p.Quote) >= sameStatement
}

// dateMatches: a stated date and a passage's date name the same day,
// month or year at the coarser one's granularity.
func dateMatches(claimed, stated string) bool {
	a, b := dateKey(claimed), dateKey(stated)
	if md, ok := strings.CutPrefix(a, "--"); ok { // a day without its year
		switch len(b) {
		case 10:
			return b[5:] == md
		case 7:
			return b[5:] == md[:2]
		}
		return false
	}
	return a != "" && b != "" && (strings.HasPrefix(a, b) || strings.HasPrefix(b, a))
}

func passageDates(p *Passage) []facts.Date {
	var out []facts.Date
	for _, d := range p.facts.Dates {
		if d.Value != "" {
			out = append(out, d)
		}
	}
	return out
}

// checkDates: the claim agrees when a passage about the same thing (most
// of its words, all its names) states its dates; it differs when the
// passage most about it states other dates and none states its own.
func (x *Index) checkDates(c *ClaimCheck, s string, f facts.Facts, ps []Passage, lx *claimLexicon) {
	terms := x.claimTerms(s, spansOfFigures(f)...)
	names := x.claimNames(s, f, lx)
	var claimed []facts.Date
	for _, d := range f.Dates {
		if d.Value != "" {
			claimed = append(claimed, d)
		}
	}
	c.Verdict = ClaimNotCovered
	if len(claimed) == 0 || len(terms) == 0 {
		c.Note = "The claim's date could not be read."
		return
	}
	rs := x.relevant(terms, names, ps)
	var best *relevantPassage
	for i := range rs {
		r := &rs[i]
		if r.share < dateShare && !r.sameEvent() {
			continue
		}
		ds := passageDates(r.p)
		if len(ds) == 0 {
			continue
		}
		// all: every date of the claim is in the passage; fits: each is in
		// a sentence about the claim; seen: one of them is.
		all, fits, seen := true, true, false
		var said []string
		for _, cd := range claimed {
			ok, fit := false, false
			for _, pd := range ds {
				if !dateMatches(cd.Value, pd.Value) || opposite(cd.Rel, pd.Rel) {
					continue
				}
				ok, seen = true, true
				if x.dateSentenceFits(terms, s, r.p.Quote, pd.Text) &&
					(r.share >= sameThing || lx.otherPlace(sentenceOf(r.p.Quote, pd.Text), s) == "") {
					fit = true
					said = append(said, pd.Text)
					break
				}
			}
			all, fits = all && ok, fits && fit
		}
		switch {
		case all && fits && r.missing == "" && statesNumbers(s, f, r.p.Quote):
			if denies(s) != denies(r.p.Quote) {
				c.Verdict = ClaimDiffers
				c.Note = fmt.Sprintf("%s says otherwise.", r.p.quote().Source())
			} else {
				c.Verdict = ClaimAgrees
				c.Note = fmt.Sprintf("%s states %s.", r.p.quote().Source(), strings.Join(said, ", "))
			}
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote(), Value: strings.Join(said, ", "), AsOf: ds[0].Value, Agrees: c.Verdict == ClaimAgrees})
			return
		case all && fits && r.missing == "" && r.sameEvent() && !statesNumbers(s, f, r.p.Quote) && otherNumbers(r.p.Quote, s):
			c.Verdict = ClaimDiffers
			c.Note = fmt.Sprintf("%s gives other figures.", r.p.quote().Source())
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote(), Value: strings.Join(said, ", "), AsOf: ds[0].Value})
			return
		case all && x.substituted(terms, *r):
			c.Verdict = ClaimDiffers
			c.Note = fmt.Sprintf("%s names %s, not %s.", r.p.quote().Source(), strings.Join(r.others, ", "), r.missing)
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote(), Value: strings.Join(said, ", "), AsOf: ds[0].Value})
			return
		}
		if best == nil && (r.missing == "" || r.pshare >= 0.8) && !seen && r.sameEvent() {
			best = r
		}
	}
	if best != nil {
		ds := passageDates(best.p)
		var vals []string
		for _, d := range ds {
			vals = append(vals, d.Text)
		}
		c.Verdict = ClaimDiffers
		c.Note = fmt.Sprintf("%s gives %s, not %s.", best.p.quote().Source(), strings.Join(vals, ", "), claimed[0].Text)
		c.Found = appendFindings(c.Found, Finding{Quote: best.p.quote(), Value: strings.Join(vals, ", "), AsOf: ds[0].Value})
		return
	}
	c.Note = "No passage about this gives its date."
}

// checkStatement: a claim with no figure or date agrees when a passage
// carries most of its words and all its names and denies what it denies;
// it differs when such a passage denies it, or says it of another name.
func (x *Index) checkStatement(c *ClaimCheck, s string, f facts.Facts, ps []Passage, lx *claimLexicon) {
	terms := x.claimTerms(s)
	names := x.claimNames(s, f, lx)
	c.Verdict = ClaimNotCovered
	if len(terms) < 2 {
		c.Note = "The claim is too short to check."
		return
	}
	for _, r := range x.relevant(terms, names, ps) {
		switch {
		case r.share >= sameStatement && r.missing == "" && statesNumbers(s, f, r.p.Quote) && !sameRoles(f, r.p.facts):
			c.Note = fmt.Sprintf("%s names the same parties the other way round.", r.p.quote().Source())
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote()})
			return
		case r.share >= sameStatement && r.missing == "" && statesNumbers(s, f, r.p.Quote):
			if denies(s) != denies(r.p.Quote) {
				c.Verdict = ClaimDiffers
				c.Note = fmt.Sprintf("%s says otherwise.", r.p.quote().Source())
			} else {
				c.Verdict = ClaimAgrees
				c.Note = fmt.Sprintf("%s says so.", r.p.quote().Source())
			}
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote(), Agrees: c.Verdict == ClaimAgrees})
			return
		case r.share >= sameStatement && r.missing == "" && !statesNumbers(s, f, r.p.Quote) && otherNumbers(r.p.Quote, s):
			c.Verdict = ClaimDiffers
			c.Note = fmt.Sprintf("%s gives other figures.", r.p.quote().Source())
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote()})
			return
		case x.substituted(terms, r):
			c.Verdict = ClaimDiffers
			c.Note = fmt.Sprintf("%s names %s, not %s.", r.p.quote().Source(), strings.Join(r.others, ", "), r.missing)
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote()})
			return
		}
	}
	c.Note = "No passage of the coverage states this."
}

// staleAfter is how much newer than the passage a claim about now agrees
// with another passage about the same thing must be for the agreement to
// be in doubt.
const staleAfter = 180 * 24 * time.Hour

// olderThanTheNews: a claim about now ("there are no plans…", "still")
// that agrees only with a passage when a passage about the same thing is
// half a year newer is not confirmed: what was true then may have changed
// since. It becomes "the coverage does not say", with both passages.
func (x *Index) olderThanTheNews(c *ClaimCheck, s string, ps []Passage) {
	if !presentTense.MatchString(s) || pastTense.MatchString(s) || len(c.Found) == 0 {
		return
	}
	q := c.Found[0].Quote
	told, ok := parseDateValue(q.sortDate())
	if !ok {
		return
	}
	terms := x.claimTerms(s)
	for i := range ps {
		p := &ps[i]
		d, ok := parseDateValue(p.quote().sortDate())
		if !ok || d.Sub(told) < staleAfter || x.overlap(terms, p.Quote) < dateShare {
			continue
		}
		c.Verdict = ClaimNotCovered
		c.Note = fmt.Sprintf("%s said so; newer coverage (%s) may tell otherwise.", q.Source(), p.quote().Source())
		c.Found[0].Agrees = false
		c.Found = appendFindings(c.Found, Finding{Quote: p.quote()})
		return
	}
}

// revocation matches a passage saying a position was given up.
var revocation = regexp.MustCompile(`(?i)\b(later (?:dropped|abandoned|reversed|withdrew|softened|changed|gave up)|no longer|dropped (?:that|the|this|its) (?:condition|demand|position)|backed away from)\b`)

// revoked: a claim that agrees with a position the coverage says was
// given up since (in the passage, or the sentence after it) is stale.
func (x *Index) revoked(ctx context.Context, c *ClaimCheck, ps []Passage) {
	if len(c.Found) == 0 {
		return
	}
	q := c.Found[0].Quote
	for i := range ps {
		p := &ps[i]
		if p.ArticleID != q.ArticleID || p.Start != q.Start {
			continue
		}
		text, by := p.Quote, p.quote()
		if !revocation.MatchString(text) {
			next := x.neighbour(ctx, p, 1)
			if next == nil || !revocation.MatchString(next.Quote) {
				return
			}
			text, by = next.Quote, next.quote()
		}
		c.Verdict = ClaimStale
		m := revocation.FindString(text)
		c.Note = fmt.Sprintf("%s said so, and then that it was %s.", q.Source(), strings.TrimPrefix(strings.ToLower(m), "later "))
		c.Note = fmt.Sprintf("It was so at first (%s), but the coverage says it %s.", q.Source(), strings.ToLower(m))
		c.Found[0].Agrees = false
		if by.Start != q.Start {
			c.Found = appendFindings(c.Found, Finding{Quote: by})
		}
		return
	}
}

// unknownInstead: a claim naming what the coverage never mentions differs
// when a passage carries all its other words and names, with a name of
// its own where the claim has the unknown one ("moving to a base in
// Basra" against "They would move to Harir base in Erbil").
func (x *Index) unknownInstead(ctx context.Context, c *ClaimCheck, s string, f facts.Facts, ps []Passage, missing []Missing, lx *claimLexicon) {
	terms := x.claimTerms(s, spansOfFigures(f)...)
	for _, m := range missing {
		if m.What != "name" {
			return
		}
		terms = x.withoutName(terms, m.Text)
	}
	if len(terms) < 3 {
		return
	}
	names := x.claimNames(s, f, lx)
	for _, r := range x.relevant(terms, names, ps) {
		if r.share >= 0.8 && r.missing == "" && otherCapitals(r.p.Quote, s) && statesNumbers(s, f, r.p.Quote) {
			c.Verdict = ClaimDiffers
			c.Note = fmt.Sprintf("%s %s says the rest of it, naming another instead.", missingReason(missing), r.p.quote().Source())
			c.Found = []Finding{{Quote: r.p.quote()}}
			return
		}
	}
}

// otherCapitals says whether text names (a capitalised word inside a
// sentence) something claim does not.
func otherCapitals(text, claim string) bool {
	lc := strings.ToLower(claim)
	for _, w := range wordSpans(text) {
		word := text[w[0]:w[1]]
		if w[0] == 0 || !startsUpper(word) || len(word) < 3 || isMonth(strings.ToLower(word)) {
			continue
		}
		if prev := strings.TrimRight(text[:w[0]], " "); strings.HasSuffix(prev, ".") || strings.HasSuffix(prev, "\"") {
			continue // a sentence's first word
		}
		if !strings.Contains(lc, strings.ToLower(word)) {
			return true
		}
	}
	return false
}

// otherNumbers says whether text states a number claim does not.
func otherNumbers(text, claim string) bool {
	have := map[string]bool{}
	for _, n := range numbersIn(claim) {
		have[n] = true
	}
	for _, n := range numbersIn(text) {
		if !have[n] {
			return true
		}
	}
	return false
}

// opposite says whether two dates' relations point opposite ways ("by
// September 2025" is not "after September 2025").
func opposite(a, b string) bool {
	side := func(r string) int {
		switch r {
		case "by", "until", "before":
			return -1
		case "after", "since", "from":
			return 1
		}
		return 0
	}
	return side(a)*side(b) < 0
}

// anaphor matches a sentence that leans on the one before ("They resumed
// on 11 February 2024.").
var anaphor = regexp.MustCompile(`^(?:They|It|He|She|This|That|These|Those|The talks|The same)\b`)

// dateSentenceFits: in a window of two sentences, the sentence that
// states the date must itself be about the claim, or lean on the sentence
// before without naming anything the claim does not ("He said they would
// leave the Kurdistan region by September 2026" does not date the claim's
// "federal Iraq").
func (x *Index) dateSentenceFits(terms []string, claim, quote, dateText string) bool {
	sents := claimSentences(quote)
	if len(sents) < 2 {
		return true
	}
	for _, st := range sents {
		if !strings.Contains(st.Text, dateText) {
			continue
		}
		if x.overlap(terms, st.Text) >= dateShare {
			return true
		}
		if anaphor.MatchString(st.Text) && !otherCapitals(st.Text, claim) {
			return true
		}
	}
	return false
}

// sameRoles says whether the parties a claim and a passage both name come
// in the same order, leaving out who is quoted saying it: "Iraq proposed
// a third year and Austin refused" is not "Austin proposed a third year,
// and Iraq refused it, Abbasi said".
func sameRoles(cf, pf facts.Facts) bool {
	speakers := func(f facts.Facts) map[string]bool {
		m := map[string]bool{f.Speaker: f.Speaker != ""}
		for _, id := range f.Speakers {
			m[id] = true
		}
		return m
	}
	cs, ps := speakers(cf), speakers(pf)
	skip := map[string]bool{}
	for id := range cs {
		if ps[id] && id != "" {
			skip[id] = true // who both quote
		}
	}
	order := func(f facts.Facts) []string {
		var out []string
		seen := map[string]bool{}
		for _, m := range f.Parties {
			if m.Known() && !skip[m.ID] && !seen[m.ID] {
				seen[m.ID] = true
				out = append(out, m.ID)
			}
		}
		return out
	}
	a, b := order(cf), order(pf)
	inB := map[string]int{}
	for i, id := range b {
		inB[id] = i
	}
	last := -1
	for _, id := range a {
		i, ok := inB[id]
		if !ok {
			continue
		}
		if i < last {
			return false
		}
		last = i
	}
	return true
}

// sentenceOf is the sentence of quote that holds part ("" when none does).
func sentenceOf(quote, part string) string {
	for _, st := range claimSentences(quote) {
		if strings.Contains(st.Text, part) {
			return st.Text
		}
	}
	return quote
}
