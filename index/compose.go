package index

import (
	"context"
	"regexp"
	"sort"
	"strings"
)

// compose is stage 6: the answer as it is said — the outcome, the short
// answer (only when answered, and only for kinds whose short answers
// proved precise), and the passages quoted, each widened to the
// sentences it needs.
func (x *Index) compose(ctx context.Context, a *Analysis, ps []Passage, d Decision, m *Model, n int) Answer {
	ans := Answer{Question: a.Question, Kind: a.Kind, Outcome: d.Outcome, Found: d.Outcome == Answered, Passages: []Passage{}}
	if a.Normalized != a.Question || len(a.Corrections) > 0 {
		ans.ReadAs = a.Normalized
		ans.Corrections = a.Corrections
	}
	ans.FollowUpOf = a.Context
	if ans.Outcome == NotCovered && len(d.Missing) > 0 {
		ans.Reason = d.Why
	}
	if ans.Found && m.givesShort(a.Kind) {
		ans.Claims = d.claims
	}
	if len(ans.Claims) > n {
		ans.Claims = ans.Claims[:n]
	}
	ans.Answer = renderClaims(a.Kind, ans.Claims)
	ans.Passages = quotedPassages(ps, ans.Claims, n)
	for i := range ans.Passages {
		x.widen(ctx, &ans.Passages[i], a.Kind)
	}
	return ans
}

// widen makes p the contiguous span of sentences that answers: a sentence
// that announces what follows ("… named three factors:") takes the next
// one, a sentence that leans on the one before ("He said …", "The group
// …") takes that one. The quote stays exactly body[Start:End].
func (x *Index) widen(ctx context.Context, p *Passage, kind Kind) {
	if next := x.neighbour(ctx, p, +1); next != nil && !strings.Contains(next.lead, "\n\n") {
		// A list announced ("named three factors"), a list continued ("These
		// include …"), or for a why question the reason given next ("The
		// group said it wanted to avoid …").
		why := kind == KindWhy && !p.facts.Reason && !purposeRe.MatchString(p.Quote) &&
			(next.facts.Reason || purposeRe.MatchString(next.Quote)) && anaphorRe.MatchString(next.Quote)
		if p.features[ftLeadIn] == 1 || continuesRe.MatchString(next.Quote) || why {
			p.Quote += next.lead + next.Quote
			p.End = next.End
		}
	}
	// "He said …" leans on its own paragraph's sentences, not on the one
	// after a blank line (a brief's next point).
	if p.features[ftAnaphor] == 1 && !strings.Contains(p.lead, "\n\n") {
		if prev := x.neighbour(ctx, p, -1); prev != nil {
			shift := len(prev.Quote) + len(p.lead)
			p.Quote = prev.Quote + p.lead + p.Quote
			p.Start = prev.Start
			p.Marks = append([]Span(nil), p.Marks...) // the candidate keeps its own
			for i := range p.Marks {
				p.Marks[i].Start += shift
				p.Marks[i].End += shift
			}
		}
	}
}

// continuesRe finds a sentence that goes on with the one before: the
// items of what it announced.
var continuesRe = regexp.MustCompile(`^(?:(?:These|They|Those|Such \w+)\s+(?:include|included|includes|are|were|cover|covered|involve|involved)\b|(?:Among them|For example|For instance|Examples include)\b)`)

// quotedPassages picks the n passages to show, best first: the passage each
// claim is quoted from, then the best of the others, so every figure or
// name of the short answer is in a quoted passage.
func quotedPassages(ps []Passage, claims []Claim, n int) []Passage {
	keep := map[*Passage]bool{}
	out := make([]Passage, 0, n)
	for _, c := range claims { // in the answer's order: the latest figure's passage first
		if c.quoted != nil && !keep[c.quoted] && len(out) < n {
			keep[c.quoted] = true
			out = append(out, *c.quoted)
		}
	}
	var rest []Passage
	for i := range ps {
		if len(out)+len(rest) >= n {
			break
		}
		if !keep[&ps[i]] {
			rest = append(rest, ps[i])
		}
	}
	if len(claims) == 0 {
		sortPassages(rest)
	}
	return append(out, rest...)
}

// sortPassages orders passages best first, keeping the order of ties.
func sortPassages(ps []Passage) {
	sort.SliceStable(ps, func(i, j int) bool { return ps[i].logit > ps[j].logit })
}
