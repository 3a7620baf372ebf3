package chart

import (
	"math"
	"sort"
	"time"

	"github.com/talksbot/talksbot/index"
)

// TroopsChart is the data of the chart of troop figures over time: a
// series per place, a point per sourced figure, and the talks' key events
// as vertical lines.
type TroopsChart struct {
	Title  string   `json:"title"`
	Series []Series `json:"series"`
	Events []Event  `json:"events"`
	// Skipped counts the force-size figures not drawn: undated, or vague
	// ("hundreds of troops").
	Skipped Skipped `json:"skipped"`
}

// Skipped counts figures left off a chart, by why.
type Skipped struct {
	Undated int `json:"undated"`
	Vague   int `json:"vague"`
}

// Series is one force-size group of the troops view: what it counts, whose
// and where.
type Series struct {
	Name   string  `json:"name"` // the group's label: "U.S. troops in Iraq"
	Place  string  `json:"place"`
	Unit   string  `json:"unit"`
	Points []Point `json:"points"` // oldest first
}

// Point is one figure as one source states it.
type Point struct {
	At   string `json:"at"`    // where it goes on the time axis (YYYY-MM-DD)
	AsOf string `json:"as_of"` // the date the figure holds for, as the view gives it
	Text string `json:"text"`  // the figure as written: "roughly 2,500 U.S. troops"
	// Kind is the figure's hedge: exact, about, fewer than, up to, more
	// than, at least, between.
	Kind  string  `json:"kind"`
	Value float64 `json:"value"`
	// Lo and Hi are what the figure allows: [Value, Value] when exact or
	// about, [0, Value] fewer than or up to, [Value, Max] between; Hi is 0
	// when there is no upper bound (more than, at least).
	Lo     float64 `json:"lo"`
	Hi     float64 `json:"hi"`
	Mostly string  `json:"mostly_in,omitempty"`
	Source string  `json:"source"` // "AFP, 2024-01-26"
	// Jitter places the point beside others of its series at about the
	// same time, in marker widths (−1, 0, 1), so that each source shows.
	Jitter float64 `json:"jitter,omitempty"`
	// Differs: another source states an incompatible figure for about the
	// same time (within two months): 2,400 vs 2,500.
	Differs bool        `json:"differs,omitempty"`
	Quote   index.Quote `json:"quote"`
}

// Event is a key event of the talks, drawn as a labelled vertical line.
type Event struct {
	Kind     string `json:"kind"` // talks-open, end-date-agreed, drawdown, mission-ends, handover
	Label    string `json:"label"`
	Date     string `json:"date"` // as the timeline gives it
	At       string `json:"at"`
	DateText string `json:"date_text"` // the words of the date in the quote
	// Planned: the quote tells of it as still to come, and no later
	// article reports it done.
	Planned bool        `json:"planned,omitempty"`
	Quote   index.Quote `json:"quote"`
	// ReportedBy is the later article's sentence reporting it done.
	ReportedBy *index.Quote `json:"reported_by,omitempty"`
}

// forceUnits are the units of force sizes; forceStates the states a force
// size may be in (a count of the killed or the leaving is no force size).
var (
	forceUnits  = map[string]bool{"troops": true, "personnel": true, "advisers": true}
	forceStates = map[string]bool{"": true, "deployed": true, "stationed": true, "remaining": true, "present": true}
)

// sameTime is how far apart (in days) two figures may be and still
// describe the same moment, as the troops view's disagreements count it.
const sameTime = 62

// TroopsData is the chart of the force sizes of the troops view, with the
// key events of the timeline as lines.
func TroopsData(tv index.TroopsView, tl index.TimelineView) TroopsChart {
	c := TroopsChart{Title: "Troop figures by place, as each source reports them", Series: []Series{}, Events: []Event{}}
	for _, g := range tv.Groups {
		if !forceUnits[g.Unit] || !forceStates[g.State] || g.Place == "" || g.Of != "" || g.Against != "" {
			continue
		}
		s := Series{Name: g.Label, Place: g.Place, Unit: g.Unit}
		for _, f := range g.Figures {
			at, ok := place(f.AsOf)
			switch {
			case f.Approx == "vague":
				c.Skipped.Vague++
				continue
			case !ok:
				c.Skipped.Undated++
				continue
			}
			p := Point{At: day(at), AsOf: f.AsOf, Text: f.Text, Kind: f.Approx, Value: f.Value, Lo: f.Value, Hi: f.Value,
				Mostly: f.Mostly, Source: f.Quote.Source(), Quote: f.Quote}
			switch f.Approx {
			case "fewer than", "up to":
				p.Lo = 0
			case "more than", "at least":
				p.Hi = 0
			case "between":
				p.Hi = f.Max
			}
			s.Points = append(s.Points, p)
		}
		if len(s.Points) == 0 {
			continue
		}
		sort.SliceStable(s.Points, func(i, j int) bool { return s.Points[i].At < s.Points[j].At })
		c.Series = append(c.Series, s)
	}
	c.Events = keyEvents(tl)
	jitter(c.Series, span(c))
	for i := range c.Series {
		differs(c.Series[i].Points)
	}
	return c
}

// keyEvents are the picked milestones of the rules marked key.
func keyEvents(tl index.TimelineView) []Event {
	ps, _ := pick(candidates(tl))
	es := []Event{}
	for _, p := range ps {
		if !rules[p.rule].key {
			continue
		}
		e := Event{Kind: rules[p.rule].kind, Label: p.label, Date: p.e.Date, At: day(p.at),
			DateText: p.e.DateText, Planned: p.planned, Quote: p.e.Quote}
		if p.by != nil {
			q := p.by.e.Quote
			e.ReportedBy = &q
		}
		es = append(es, e)
	}
	sort.SliceStable(es, func(i, j int) bool { return es[i].At < es[j].At })
	return es
}

// span is the days the chart's time axis covers.
func span(c TroopsChart) float64 {
	lo, hi, ok := c.timeRange()
	if !ok {
		return 0
	}
	return hi.Sub(lo).Hours() / 24
}

// timeRange is the first and last date of the points and events.
func (c TroopsChart) timeRange() (lo, hi time.Time, ok bool) {
	add := func(s string) {
		t, err := time.Parse(time.DateOnly, s)
		if err != nil {
			return
		}
		if !ok || t.Before(lo) {
			lo = t
		}
		if !ok || t.After(hi) {
			hi = t
		}
		ok = true
	}
	for _, s := range c.Series {
		for _, p := range s.Points {
			add(p.At)
		}
	}
	for _, e := range c.Events {
		add(e.At)
	}
	return lo, hi, ok
}

// jitter sets points of a series side by side when they are closer in
// time than about a marker's width (an 80th of the span).
func jitter(ss []Series, spanDays float64) {
	near := spanDays / 80
	for si := range ss {
		ps := ss[si].Points
		for i := 0; i < len(ps); {
			j := i + 1
			for j < len(ps) && days(ps[j-1].At, ps[j].At) <= near {
				j++
			}
			n := j - i
			for k := i; k < j; k++ {
				ps[k].Jitter = float64(k-i) - float64(n-1)/2
			}
			i = j
		}
	}
}

// differs marks points a source of another figure contradicts.
func differs(ps []Point) {
	for i := range ps {
		for j := range ps {
			if i != j && ps[i].Quote.Outlet != ps[j].Quote.Outlet && math.Abs(days(ps[i].At, ps[j].At)) <= sameTime && disjoint(ps[i], ps[j]) {
				ps[i].Differs = true
			}
		}
	}
}

// disjoint reports whether two figures cannot both be true.
func disjoint(a, b Point) bool {
	alo, ahi := bounds(a)
	blo, bhi := bounds(b)
	return ahi < blo || bhi < alo
}

// bounds is the interval a figure allows, open ends made closed just
// inside.
func bounds(p Point) (lo, hi float64) {
	lo, hi = p.Lo, p.Hi
	switch p.Kind {
	case "more than":
		lo, hi = math.Nextafter(p.Value, math.Inf(1)), math.Inf(1)
	case "at least":
		hi = math.Inf(1)
	case "fewer than":
		hi = math.Nextafter(p.Value, 0)
	}
	return lo, hi
}

// days is b − a in days, for YYYY-MM-DD dates.
func days(a, b string) float64 {
	ta, _ := time.Parse(time.DateOnly, a)
	tb, _ := time.Parse(time.DateOnly, b)
	return tb.Sub(ta).Hours() / 24
}
