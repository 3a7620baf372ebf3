package chart

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/talksbot/talksbot/index"
)

// MaxMilestones is the most milestones a timeline chart shows: more are
// not legible at phone width.
const MaxMilestones = 12

// TimelineChart is the data of the chart of the talks' milestones: points
// on a time axis, each with a short label.
type TimelineChart struct {
	Title string `json:"title"`
	// From is the first day shown: 1 January of the year before the talks
	// opened (the coverage before it is history, not the talks).
	From       string      `json:"from"`
	Milestones []Milestone `json:"milestones"` // in date order
	// AxisFrom and AxisTo are the first and last day of the time axis
	// (YYYY-MM-DD): the title's years are theirs.
	AxisFrom string `json:"axis_from,omitempty"`
	AxisTo   string `json:"axis_to,omitempty"`
	// Left counts the timeline's events from From on that are not shown:
	// not about the talks (attacks, strikes), other reports of a shown
	// milestone's kind, a year with finer milestones, or beyond
	// MaxMilestones.
	Left int `json:"left_out"`
}

// Milestone is a dated step of the talks.
type Milestone struct {
	Label    string `json:"label"` // "talks open"; or the quote's own words: "The rest would leave"
	Date     string `json:"date"`  // as the timeline gives it
	At       string `json:"at"`
	DateText string `json:"date_text"`
	// Rule is the kind of milestone the rules recognised ("talks-open"),
	// "" when the label is words of the quote.
	Rule    string `json:"rule,omitempty"`
	Planned bool   `json:"planned,omitempty"`
	// ReportedBy is the later article's sentence that reports a planned
	// milestone done (its state and label are then that article's).
	ReportedBy *index.Quote `json:"reported_by,omitempty"`
	// Quote is the sentence the label comes from; Sources every source
	// that dates a sentence about the talks to this date, the quote's
	// first.
	Quote   index.Quote `json:"quote"`
	Sources []string    `json:"sources"`
	reports int
}

// relevant words make a dated sentence about the talks; violent ones
// about the war around them (unless a rule recognises the sentence).
const (
	relevant = "talks|negotiations|negotiation|session|round|commission|dialogue|statement|agreed|agreement|mission|withdraw|withdrawal|withdrawals|withdrawing|leave|leaving|handed|handover|control|visited|transition|end|ended|ending|phase|drawdown|stay|remain|justifications"
	violent  = "attack|attacks|attacked|strike|strikes|drone|killed|retaliatory"
)

// TimelineData is the chart of the talks' milestones in the timeline view.
func TimelineData(v index.TimelineView) TimelineChart {
	cs := candidates(v)
	from := talksStart(cs)
	var shown []cand
	for _, c := range cs {
		if c.at.Before(from) {
			continue
		}
		if _, _, ok := match(c); ok || hasAny(c.ws, relevant) && !hasAny(c.ws, violent) {
			shown = append(shown, c)
		}
	}
	ps, rest := pick(shown)
	var ms []Milestone
	byDate := map[string]int{}
	// add makes m the milestone of c's date, or c another source of the
	// milestone of its date.
	add := func(m *Milestone, c cand) {
		if i, ok := byDate[c.e.Date]; ok {
			if src := c.e.Quote.Source(); !containsString(ms[i].Sources, src) {
				ms[i].Sources = append(ms[i].Sources, src)
			}
			if !c.reported {
				ms[i].reports++
			}
			return
		}
		if m == nil {
			return
		}
		byDate[c.e.Date] = len(ms)
		m.Date, m.At, m.DateText, m.Planned, m.Quote = c.e.Date, day(c.at), c.e.DateText, c.planned, c.e.Quote
		m.Sources, m.reports = []string{c.e.Quote.Source()}, 0
		if !c.reported {
			m.reports = 1 // Left counts the timeline's events, not the reports
		}
		ms = append(ms, *m)
	}
	for _, p := range ps {
		m := &Milestone{Label: p.label, Rule: rules[p.rule].kind}
		add(m, p.cand)
		if p.by != nil {
			i := byDate[p.e.Date]
			q := p.by.e.Quote
			ms[i].ReportedBy = &q
			if src := q.Source(); !containsString(ms[i].Sources, src) {
				ms[i].Sources = append(ms[i].Sources, src)
			}
		}
	}
	for _, c := range shown {
		// A quote's words label it only when they have a subject of their
		// own ("The rest would leave" has none).
		if _, _, ok := match(c); !ok && !c.reported && !index.LeansBack(c.e.Quote.Text) {
			add(&Milestone{Label: quoteLabel(c.e)}, c)
		}
	}
	for _, c := range rest { // other reports of a kind count only as sources of a shown date
		add(nil, c)
	}
	ms = dropCoarse(ms)
	if len(ms) > MaxMilestones {
		sort.SliceStable(ms, func(i, j int) bool { return weight(ms[i]) > weight(ms[j]) })
		ms = ms[:MaxMilestones]
	}
	sort.SliceStable(ms, func(i, j int) bool { return ms[i].At < ms[j].At })
	t := TimelineChart{Milestones: []Milestone{}}
	if !from.IsZero() {
		t.From = day(from)
	}
	inRange := 0
	for _, c := range cs {
		if !c.at.Before(from) && !c.reported {
			inRange++
		}
	}
	t.Left = inRange
	for _, m := range ms {
		t.Left -= m.reports
		t.Milestones = append(t.Milestones, m)
	}
	t.Title = "The talks' milestones"
	if n := len(ms); n > 0 {
		lo, hi := axis(ms[0].At, ms[n-1].At)
		t.AxisFrom, t.AxisTo = day(lo), day(hi)
		t.Title += fmt.Sprintf(", %d–%d", lo.Year(), hi.Year())
	}
	return t
}

// axis is the time axis of milestones from first to last (YYYY-MM-DD): a
// thirtieth of the span (at least 20 days) either side, within their
// years, so that the title's years are the axis's.
func axis(first, last string) (lo, hi time.Time) {
	a, _ := time.Parse(time.DateOnly, first)
	b, _ := time.Parse(time.DateOnly, last)
	pad := max(b.Sub(a)/30, 20*24*time.Hour)
	lo, hi = a.Add(-pad), b.Add(pad)
	if lo.Year() < a.Year() {
		lo = time.Date(a.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if hi.Year() > b.Year() {
		hi = time.Date(b.Year(), 12, 31, 0, 0, 0, 0, time.UTC)
	}
	return lo, hi
}

// talksStart is 1 January of the year before the talks opened; without an
// opening, of the first dated sentence about talks, or of the first dated
// sentence.
func talksStart(cs []cand) time.Time {
	ps, _ := pick(cs)
	for _, p := range ps {
		if rules[p.rule].kind == "talks-open" {
			return time.Date(p.at.Year()-1, 1, 1, 0, 0, 0, 0, time.UTC)
		}
	}
	var first, earliest time.Time
	for _, c := range cs {
		if hasAny(c.ws, "talks|negotiations") && (first.IsZero() || c.at.Before(first)) {
			first = c.at
		}
		if earliest.IsZero() || c.at.Before(earliest) {
			earliest = c.at
		}
	}
	if first.IsZero() {
		first = earliest
	}
	if first.IsZero() {
		return first
	}
	return time.Date(first.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
}

// dropCoarse drops a milestone dated only by its year when another falls
// in that year: on 1 July it would stand where nothing happened.
func dropCoarse(ms []Milestone) []Milestone {
	var out []Milestone
	for _, m := range ms {
		finer := false
		for _, o := range ms {
			finer = finer || precision(m.Date) == 1 && precision(o.Date) > 1 && strings.HasPrefix(o.Date, m.Date)
		}
		if !finer {
			out = append(out, m)
		}
	}
	return out
}

// weight ranks milestones when there are too many: those the rules
// recognise, then the most reported.
func weight(m Milestone) int {
	w := len(m.Sources)
	if m.Rule != "" {
		w += 100
	}
	return w
}

// prepositions may lead into a date ("on 5 January 2024").
var prepositions = map[string]bool{"on": true, "in": true, "by": true, "until": true, "since": true, "after": true,
	"before": true, "between": true, "from": true, "at": true, "during": true, "through": true}

// maxLabel is the longest label in bytes; maxLabelWords in words.
const (
	maxLabel      = 42
	maxLabelWords = 5
)

// quoteLabel is a milestone's label from its quote's words: the sentence
// without its date and attribution, what was said rather than who said
// it, its first few words: "On 5 January 2024, Sudani said the
// coalition's justifications had ended." → "the coalition's
// justifications had ended".
func quoteLabel(e index.TimelineEvent) string {
	t := e.Quote.Text
	if i := strings.Index(t, e.DateText); i >= 0 {
		before := strings.TrimRight(t[:i], " ")
		for {
			j := strings.LastIndexByte(before, ' ')
			if !prepositions[strings.ToLower(before[j+1:])] {
				break
			}
			before = strings.TrimRight(before[:j+1], " ")
		}
		t = before + t[i+len(e.DateText):]
	}
	t = strings.TrimLeft(t, " ,")
	if i := strings.LastIndex(t, ", "); i > 0 && hasAny(words(t[i:]), "said|says|according to") {
		t = t[:i]
	}
	if _, after, ok := strings.Cut(t, " said "); ok {
		t = after
	}
	t = strings.TrimRight(t, " .;:,")
	ws := strings.Fields(t)
	for len(ws) > 1 && hasAny(words(ws[0]), "that") {
		ws = ws[1:]
	}
	cut := false
	for len(ws) > 1 && (len(ws) > maxLabelWords || len(strings.Join(ws, " ")) > maxLabel) {
		ws, cut = ws[:len(ws)-1], true
	}
	label := strings.TrimRight(strings.Join(ws, " "), ",;:")
	if cut {
		label += "…"
	}
	return label
}
