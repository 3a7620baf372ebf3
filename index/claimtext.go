package index

import (
	"fmt"
	"strings"

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
	missing string  // a name of the claim the passage does not name
	others  []string
}

func (x *Index) relevant(terms []string, names []claimName, ps []Passage) []relevantPassage {
	var out []relevantPassage
	for i := range ps {
		p := &ps[i]
		text := quoteText(p.quote())
		out = append(out, relevantPassage{
			p: p, share: x.overlap(terms, p.Quote), missing: missingName(names, text, facts.Figure{}),
			others: otherNames(names, p),
		})
	}
	return out
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
func (x *Index) checkDates(c *ClaimCheck, s string, f facts.Facts, ps []Passage) {
	terms := x.claimTerms(s, spansOfFigures(f)...)
	names := claimNames(s, f)
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
		if r.share < sameThing {
			continue
		}
		ds := passageDates(r.p)
		if len(ds) == 0 {
			continue
		}
		all := true
		var said []string
		for _, cd := range claimed {
			ok := false
			for _, pd := range ds {
				if dateMatches(cd.Value, pd.Value) {
					ok = true
					said = append(said, pd.Text)
					break
				}
			}
			all = all && ok
		}
		switch {
		case all && r.missing == "":
			if denies(s) != denies(r.p.Quote) {
				c.Verdict = ClaimDiffers
				c.Note = fmt.Sprintf("%s says otherwise.", r.p.quote().Source())
			} else {
				c.Verdict = ClaimAgrees
				c.Note = fmt.Sprintf("%s states %s.", r.p.quote().Source(), strings.Join(said, ", "))
			}
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote(), Value: strings.Join(said, ", "), AsOf: ds[0].Value, Agrees: c.Verdict == ClaimAgrees})
			return
		case all && x.substituted(terms, *r):
			c.Verdict = ClaimDiffers
			c.Note = fmt.Sprintf("%s names %s, not %s.", r.p.quote().Source(), strings.Join(r.others, ", "), r.missing)
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote(), Value: strings.Join(said, ", "), AsOf: ds[0].Value})
			return
		}
		if best == nil && r.missing == "" && !all && r.share >= sameStatement {
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
func (x *Index) checkStatement(c *ClaimCheck, s string, f facts.Facts, ps []Passage) {
	terms := x.claimTerms(s)
	names := claimNames(s, f)
	c.Verdict = ClaimNotCovered
	if len(terms) < 2 {
		c.Note = "The claim is too short to check."
		return
	}
	for _, r := range x.relevant(terms, names, ps) {
		switch {
		case r.share >= sameStatement && r.missing == "":
			if denies(s) != denies(r.p.Quote) {
				c.Verdict = ClaimDiffers
				c.Note = fmt.Sprintf("%s says otherwise.", r.p.quote().Source())
			} else {
				c.Verdict = ClaimAgrees
				c.Note = fmt.Sprintf("%s says so.", r.p.quote().Source())
			}
			c.Found = appendFindings(c.Found, Finding{Quote: r.p.quote(), Agrees: c.Verdict == ClaimAgrees})
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
