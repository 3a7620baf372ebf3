package index

import (
	"context"
	"fmt"
	"sort"
)

// TimelineView is the dated events of the coverage in order.
type TimelineView struct {
	Events []TimelineEvent `json:"events"`
	// Reported are the sentences of dated articles that report something
	// done without a date of their own, dated by their article (origin
	// "published"; reported.go): not events of the timeline, but what the
	// latest article says of a plan.
	Reported []TimelineEvent `json:"reported"`
	// Unresolved counts relative dates that could not be placed (the
	// article has no date).
	Unresolved int  `json:"unresolved,omitempty"`
	Truncated  bool `json:"truncated,omitempty"`
}

// TimelineEvent is a sentence with a date.
type TimelineEvent struct {
	Date     string `json:"date"`           // YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD/week
	Last     string `json:"last,omitempty"` // the last day of a span of days
	DateText string `json:"date_text"`      // the words of the date, verbatim
	Origin   string `json:"origin"`         // stated, resolved from a relative date, or published (Reported)
	// Relation is how the date relates to the event: on, in, by, until,
	// since, after, before, between, and (the end of a range) or "".
	Relation string `json:"relation,omitempty"`
	Quote    Quote  `json:"quote"`
}

// Timeline lists the dated events of the coverage in order.
func (x *Index) Timeline(ctx context.Context) (TimelineView, error) {
	ps, truncated, err := x.viewPassages(ctx, termQuery(fHas, "date"), false)
	if err != nil {
		return TimelineView{}, fmt.Errorf("timeline: %w", err)
	}
	v := TimelineView{Events: []TimelineEvent{}, Truncated: truncated}
	for _, p := range ps {
		seen := map[string]int{}
		for _, d := range p.facts.Dates {
			if d.Value == "" {
				v.Unresolved++
				continue
			}
			e := TimelineEvent{Date: d.Value, Last: d.Last, DateText: d.Text, Origin: d.Origin, Relation: d.Rel, Quote: p.Quote}
			if i, dup := seen[d.Value]; dup { // "the summer before, in 2023": keep the stated one
				if v.Events[i].Origin != "stated" && d.Origin == "stated" {
					v.Events[i] = e
				}
				continue
			}
			seen[d.Value] = len(v.Events)
			v.Events = append(v.Events, e)
		}
	}
	sort.SliceStable(v.Events, func(i, j int) bool {
		a, b := v.Events[i], v.Events[j]
		ta, _ := parseDateValue(a.Date)
		tb, _ := parseDateValue(b.Date)
		if !ta.Equal(tb) {
			return ta.Before(tb)
		}
		if la, lb := len(dateKey(a.Date)), len(dateKey(b.Date)); la != lb {
			return la < lb // the year before its days
		}
		return readingLess(a.Quote, b.Quote)
	})
	if v.Reported, err = x.reported(ctx); err != nil {
		return v, fmt.Errorf("timeline: %w", err)
	}
	if v.Reported, err = x.reported(ctx); err != nil {
		return v, fmt.Errorf("timeline: %w", err)
	}
	return v, nil
}
