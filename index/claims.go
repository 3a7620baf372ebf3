package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

// Checking a message: Check splits a text into its checkable claims (a
// sentence stating a figure, a date, a party, a place or a condition) and
// says for each what the coverage says, with the passages quoted
// verbatim: the figures of the troops view compared as intervals (the
// latest one for a claim about now), the dates and statements of the
// passages the answer engine finds about the same thing. The verdicts:
//
//	agrees       a passage about the same thing states it
//	differs      the passages about the same thing state something else
//	stale        a figure that was reported, but the latest coverage gives another
//	not_covered  the coverage does not say (or not precisely enough to tell)
//
// A verdict is "agrees" only when the figure, the date or every named
// party and place of the claim is found in a passage about the same thing;
// anything less is "not_covered". claimrules.go holds the comparisons.

// Verdict is what the coverage says of a claim.
type Verdict string

const (
	ClaimAgrees     Verdict = "agrees"
	ClaimDiffers    Verdict = "differs"
	ClaimStale      Verdict = "stale" // differs from the latest coverage; was reported earlier
	ClaimNotCovered Verdict = "not_covered"
)

// ClaimDiffers reports whether v says the claim is not what the coverage says
// (differs, or stale).
func (v Verdict) Differs() bool { return v == ClaimDiffers || v == ClaimStale }

// Words is the verdict for people.
func (v Verdict) Words() string {
	switch v {
	case ClaimAgrees:
		return "agrees with the coverage"
	case ClaimDiffers:
		return "differs from the coverage"
	case ClaimStale:
		return "differs from the latest coverage (was reported earlier)"
	}
	return "the coverage does not say"
}

// MaxCheckRunes is the longest text Check reads (a Discord message with
// Nitro is 4,000 characters); MaxClaims the claims it checks in one text.
const (
	MaxCheckRunes = 4000
	MaxClaims     = 10
)

var (
	ErrNothingToCheck = errors.New("there is nothing to check: give a sentence that states a figure, a date or a claim about the U.S.–Iraq talks")
	ErrCheckTooLong   = fmt.Errorf("the text is too long to check: at most %d characters", MaxCheckRunes)
)

// CheckResult is what the coverage says about the claims of a text.
type CheckResult struct {
	Text   string       `json:"text"`
	Claims []ClaimCheck `json:"claims"`
	// Skipped is how many sentences were not checked: they state nothing
	// checkable (a question, a greeting), or came after MaxClaims.
	Skipped int `json:"skipped,omitempty"`
}

// ClaimCheck is one claim and what the coverage says of it.
type ClaimCheck struct {
	Text    string  `json:"text"` // the claim as written: text[Start:End]
	Start   int     `json:"start"`
	End     int     `json:"end"`
	Kind    string  `json:"kind"` // figure, date or statement
	Verdict Verdict `json:"verdict"`
	// Note says why, in one line: "The latest coverage (Associated Press
	// and Reuters, 2025-09-30) gives fewer than 2,000 U.S. troops; 2,500
	// was reported up to 2024-09-27."
	Note string `json:"note"`
	// Found are the passages the verdict rests on (for not_covered, the
	// nearest ones), each quoted verbatim with its source.
	Found []Finding `json:"found"`
}

// Finding is a passage the coverage says something with.
type Finding struct {
	Quote Quote `json:"quote"`
	// Value is the figure or date the passage states, as written ("fewer
	// than 2,000 U.S. troops", "27 January 2024"); "" for a statement.
	Value string `json:"value,omitempty"`
	AsOf  string `json:"as_of,omitempty"` // the date it holds for (YYYY[-MM[-DD]])
	// Agrees says whether this passage states what the claim says.
	Agrees bool `json:"agrees"`
	// Latest marks the newest figure of its kind.
	Latest bool `json:"latest,omitempty"`
}

// CheckOptions adjust Check. Now is the date a claim in the present tense
// holds for (time.Now when zero).
type CheckOptions struct {
	Now time.Time
}

// Check finds the checkable claims in text and says what the coverage says
// of each.
func (x *Index) Check(ctx context.Context, text string) (CheckResult, error) {
	return x.CheckWith(ctx, text, CheckOptions{})
}

// CheckWith is Check with options.
func (x *Index) CheckWith(ctx context.Context, text string, opt CheckOptions) (CheckResult, error) {
	if !utf8.ValidString(text) {
		text = strings.ToValidUTF8(text, "\uFFFD")
	}
	if n := utf8.RuneCountInString(text); n > MaxCheckRunes {
		return CheckResult{}, fmt.Errorf("%w (this one has %d)", ErrCheckTooLong, n)
	}
	if strings.IndexFunc(text, isWordRune) < 0 {
		return CheckResult{}, ErrNothingToCheck
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	res := CheckResult{Text: text, Claims: []ClaimCheck{}}
	lx, err := x.claimLexicon(ctx)
	if err != nil {
		return CheckResult{}, fmt.Errorf("check: %w", err)
	}
	var figs []figureSeen
	figsRead := false
	for _, s := range claimSentences(text) {
		prose := claimProse(s.Text, lx)
		f := claimFacts(prose, facts.Extract(prose, opt.Now))
		if !checkable(prose, f) {
			res.Skipped++
			continue
		}
		if len(res.Claims) == MaxClaims {
			res.Skipped++
			continue
		}
		if len(f.Figures) > 0 && !figsRead {
			var err error
			if figs, err = x.figuresSeen(ctx); err != nil {
				return CheckResult{}, fmt.Errorf("check: %w", err)
			}
			figsRead = true
		}
		c, err := x.checkClaim(ctx, s, prose, f, figs, lx, opt)
		if err != nil {
			return CheckResult{}, fmt.Errorf("check: %w", err)
		}
		res.Claims = append(res.Claims, c)
	}
	if len(res.Claims) == 0 {
		return res, ErrNothingToCheck
	}
	return res, nil
}

// claimSentence is a sentence of the text checked.
type claimSentence struct {
	Text       string
	Start, End int
}

// claimSentences splits text into sentences (lines, then sentences).
func claimSentences(text string) []claimSentence {
	var out []claimSentence
	for _, p := range corpus.Split(text) {
		for _, s := range p.Sentences {
			out = append(out, claimSentence{Text: text[s.Start:s.End], Start: s.Start, End: s.End})
		}
	}
	return out
}

// checkable says whether a sentence states something the coverage can
// confirm: a figure, a date, a known party or place, a condition, or
// five words or more. A question states nothing.
func checkable(s string, f facts.Facts) bool {
	t := strings.TrimSpace(s)
	if strings.HasSuffix(t, "?") || len(strings.Fields(t)) < 3 {
		return false
	}
	if len(f.Figures) > 0 || len(f.Dates) > 0 || f.Condition || len(f.Conditions) > 0 {
		return true
	}
	for _, m := range f.Parties {
		if m.Known() {
			return true
		}
	}
	// Any other statement of some length: what it names (places, events)
	// is for the coverage to confirm.
	return len(strings.Fields(t)) >= 5
}

// checkClaim checks one sentence: its figures against the figures of the
// coverage, else its dates, else it as a statement; a claim whose figure
// or date agrees must still name what the passage names.
func (x *Index) checkClaim(ctx context.Context, s claimSentence, prose string, f facts.Facts, figs []figureSeen, lx *claimLexicon, opt CheckOptions) (ClaimCheck, error) {
	c := ClaimCheck{Text: s.Text, Start: s.Start, End: s.End, Found: []Finding{}}
	ans, missing, err := x.claimPassages(ctx, prose)
	if err != nil {
		return c, err
	}
	ps := ans.Passages
	switch {
	case len(f.Figures) > 0:
		c.Kind = "figure"
		x.checkFigures(&c, prose, f, figs, lx)
		if c.Verdict == ClaimNotCovered && len(f.Dates) > 0 {
			// No figure of this kind: its dates may still be checked.
			d := ClaimCheck{Text: c.Text, Start: c.Start, End: c.End, Found: []Finding{}}
			x.checkDates(&d, prose, f, ps, lx)
			if d.Verdict != ClaimNotCovered {
				d.Kind = "date"
				c = d
			}
		}
	case len(f.Dates) > 0:
		c.Kind = "date"
		x.checkDates(&c, prose, f, ps, lx)
	default:
		c.Kind = "statement"
		x.checkStatement(&c, prose, f, ps, lx)
	}
	if len(missing) > 0 {
		// The claim names what the coverage never mentions: it can neither
		// confirm nor deny it, unless a passage says all the rest of the
		// claim with another name in its place.
		c.Verdict, c.Note, c.Found = ClaimNotCovered, missingReason(missing), []Finding{}
		x.unknownInstead(ctx, &c, prose, f, ps, missing, lx)
	}
	if c.Verdict == ClaimAgrees {
		x.revoked(ctx, &c, ps)
	}
	if c.Verdict == ClaimAgrees {
		x.olderThanTheNews(&c, prose, ps)
	}
	if c.Verdict == ClaimNotCovered && len(c.Found) == 0 {
		for i := 0; i < len(ps) && i < 2; i++ {
			c.Found = append(c.Found, Finding{Quote: ps[i].quote()})
		}
		if c.Note == "" {
			c.Note = "No passage of the coverage states this."
		}
	}
	return c, nil
}

// claimPassages are the passages the answer engine finds for a claim,
// read as a question (at most MaxQuestionRunes of it).
func (x *Index) claimPassages(ctx context.Context, s string) (Answer, []Missing, error) {
	q := s
	if utf8.RuneCountInString(q) > MaxQuestionRunes {
		r := []rune(q)[:MaxQuestionRunes]
		q = string(r)
		if i := strings.LastIndexByte(q, ' '); i > 0 {
			q = q[:i]
		}
	}
	t, err := x.Trace(ctx, q, 10, DefaultModel())
	switch {
	case errors.Is(err, ErrEmptyQuestion):
		return Answer{}, nil, nil
	case err != nil:
		return Answer{}, nil, err
	}
	return t.Answer, t.Analysis.Missing, nil
}

// quote is a passage as a view quote.
func (p *Passage) quote() Quote {
	return Quote{Text: p.Quote, ArticleID: p.ArticleID, Title: p.Title, Outlet: p.Outlet, Published: p.Published,
		DateNote: p.DateNote, URL: p.URL, Kind: p.Kind, Sent: p.sent, Start: p.Start, End: p.End}
}

// figureSeen is a figure of the coverage with its passage.
type figureSeen struct {
	fig   facts.Figure
	quote Quote
}

// figuresSeen reads every figure of the coverage (the troops view's
// passages), newest first.
func (x *Index) figuresSeen(ctx context.Context) ([]figureSeen, error) {
	ps, _, err := x.viewPassages(ctx, termQuery(fHas, "figure"), false)
	if err != nil {
		return nil, err
	}
	var out []figureSeen
	for _, p := range ps {
		for _, f := range p.facts.Figures {
			out = append(out, figureSeen{fig: f, quote: p.Quote})
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return dateKey(out[i].fig.AsOf) > dateKey(out[j].fig.AsOf) })
	return out, nil
}
