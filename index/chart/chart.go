// Package chart turns the index's views into charts: troop figures over
// time (TroopsData) and the talks' milestones (TimelineData). The data of a
// chart is a plain struct, tested without pixels; its Render draws it as a
// PNG of Width×Height pixels with gonum.org/v1/plot.
//
// Nothing in a chart is hard-coded about the talks: the series are the
// force-size groups of the troops view, and the event lines and milestones
// are picked from the timeline's dated sentences by rules on their words
// (rules.go). Every point, line and milestone keeps the quote it comes from.
package chart

import (
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus/facts"
	"github.com/talksbot/talksbot/index"
)

// Width and Height are the size of every chart in pixels: 16:9, which a
// Discord embed shows whole on a phone.
const (
	Width  = 1200
	Height = 675
)

// place is where a date value of the views (YYYY, YYYY-MM, YYYY-MM-DD,
// YYYY-MM-DD/week) goes on a time axis: a day on that day, a month on its
// 15th, a year on 1 July, a week on its first day.
func place(v string) (time.Time, bool) {
	v, _, _ = strings.Cut(v, "/")
	if t, err := time.Parse(time.DateOnly, v); err == nil {
		return t, true
	}
	if t, err := time.Parse("2006-01", v); err == nil {
		return t.AddDate(0, 0, 14), true
	}
	if t, err := time.Parse("2006", v); err == nil {
		return t.AddDate(0, 6, 0), true
	}
	return time.Time{}, false
}

// precision is how finely a date value is stated: 3 a day, 2 a month, 1 a
// year, 0 not a date.
func precision(v string) int {
	v, _, _ = strings.Cut(v, "/")
	switch len(v) {
	case len("2006-01-02"):
		return 3
	case len("2006-01"):
		return 2
	case len("2006"):
		return 1
	}
	return 0
}

// sourceDate is when the quote's source was published (or the date its
// note names), as a time; ok is false when it is undated.
func sourceDate(q index.Quote) (time.Time, bool) {
	d := q.Published
	if d == "" {
		d = facts.NoteDate(q.DateNote)
	}
	return place(d)
}

// words is a sentence's words in lower case, between spaces (" the talks
// open "), for matching words and phrases with strings.Contains.
func words(s string) string {
	var b strings.Builder
	b.WriteByte(' ')
	space := true
	for _, r := range strings.ToLower(s) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '-' || r == '\'' || r == '’' {
			b.WriteRune(r)
			space = false
		} else if !space {
			b.WriteByte(' ')
			space = true
		}
	}
	if !space {
		b.WriteByte(' ')
	}
	return b.String()
}

// hasAny reports whether ws (from words) has one of the words or phrases
// of alts, separated by "|".
func hasAny(ws, alts string) bool {
	for _, a := range strings.Split(alts, "|") {
		if strings.Contains(ws, " "+a+" ") {
			return true
		}
	}
	return false
}

// future words say a sentence tells of something to come.
const future = "will|would|could|should|plan|plans|planned|expected|expects|wants|wanted|intends|to begin|to end|to start"

// planned reports whether an event dated at is, as its quote tells it,
// still to come: a date after its source's and a word of the future.
func planned(at time.Time, q index.Quote) bool {
	if pub, ok := sourceDate(q); ok && !at.After(pub) {
		return false
	}
	return hasAny(words(q.Text), future)
}

// day formats a time as the JSON of the charts does.
func day(t time.Time) string { return t.Format(time.DateOnly) }

// shortDate is a date value for a chart's labels: "27 Jan 2024", "Sep
// 2025", "2026".
func shortDate(v string) string {
	t, ok := place(v)
	if !ok {
		return v
	}
	switch precision(v) {
	case 3:
		return t.Format("2 Jan 2006")
	case 2:
		return t.Format("Jan 2006")
	}
	return t.Format("2006")
}
