package index

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus/facts"
)

// A summary of the whole coverage covers its time: the talks' milestones
// are news when they happen, so the coverage comes in bursts of reports
// (January 2024, September 2024, September 2025 …). Each burst, a period,
// gives the summary its milestone first: the most central of its sentences
// that report an event of the period itself, not a plan for later or
// background from before. The other sentences are then the most central
// of the rest, as before.

// periodGap is how many days without a dated source start a new period.
const periodGap = 45

// period is a span of the coverage's source dates.
type period struct{ from, to time.Time }

func (p period) holds(t time.Time) bool { return !t.Before(p.from) && !t.After(p.to) }

// sourceTime is when a passage's source was published (or the month its
// date note names); ok is false when it is undated.
func sourceTime(q Quote) (time.Time, bool) {
	return dateTime(q.sortDate())
}

// dateTime places a date value (YYYY-MM-DD, YYYY-MM, YYYY; a week by its
// first day) at its first day.
func dateTime(v string) (time.Time, bool) {
	v, _, _ = strings.Cut(v, "/")
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if len(v) == len(layout) {
			if t, err := time.Parse(layout, v); err == nil {
				return t, true
			}
		}
	}
	return time.Time{}, false
}

// dateEnd is the last day of a date value: the month's last for a month.
func dateEnd(v string) (time.Time, bool) {
	t, ok := dateTime(v)
	if !ok {
		return t, false
	}
	v, _, _ = strings.Cut(v, "/")
	switch len(v) {
	case len("2006-01"):
		return t.AddDate(0, 1, -1), true
	case len("2006"):
		return t.AddDate(1, 0, -1), true
	}
	return t, true
}

// periods are the bursts of the coverage: its sources' dates, split where
// periodGap days pass without one.
func periods(ps []viewPassage) []period {
	var ts []time.Time
	for _, p := range ps {
		if t, ok := sourceTime(p.Quote); ok {
			ts = append(ts, t)
		}
	}
	sort.Slice(ts, func(i, j int) bool { return ts[i].Before(ts[j]) })
	var out []period
	for _, t := range ts {
		if n := len(out); n > 0 && t.Sub(out[n-1].to) <= periodGap*24*time.Hour {
			out[n-1].to = t
			continue
		}
		out = append(out, period{t, t})
	}
	return out
}

// eventWeight is how clearly a passage reports an event of period p, 0
// when it reports none: most when it dates one to a day in p ("on 27
// September 2024"), then to a month of p, then a figure of a change that
// holds in p ("falls by about 20 percent"), a statement made (its source
// being of p), a figure that holds in p; one more when a verb of change
// says something happened ("ended", "began", "held"). A date that only
// says when someone spoke ("officials said in briefings on …"), bounds a
// plan ("by September 2025") or a span begun earlier ("since October
// 2023") is not the event's.
func eventWeight(p viewPassage, pd period) int {
	w := 0
	for _, d := range p.facts.Dates {
		if d.Origin != "stated" || !eventRel[d.Rel] || spokenAt(p.Text, d) {
			continue
		}
		from, ok1 := dateTime(d.Value)
		to, ok2 := dateEnd(d.Value)
		if !ok1 || !ok2 || to.Before(pd.from) || from.After(pd.to.AddDate(0, 0, 1)) {
			continue
		}
		switch len(d.Value) {
		case len("2006-01-02"):
			w = max(w, 6)
		case len("2006-01"):
			w = max(w, 4)
		}
	}
	for _, f := range p.facts.Figures {
		if t, ok := dateTime(f.AsOf); ok && pd.holds(t) {
			w = max(w, 1)
			if f.State != "" {
				w = max(w, 3)
			}
		}
	}
	if p.facts.SpeakerText != "" {
		w = max(w, 2)
	}
	if w > 0 && changeRe.MatchString(p.Text) {
		w++
	}
	return w
}

// changeRe are verbs saying that something happened.
var changeRe = regexp.MustCompile(`\b(?:ended|began|begun|started|agreed|announced|signed|held|left|withdrew|withdrawn|handed|completed|concluded|resumed|suspended|reduced|cut|fell|falls|opened|closed|launched|expired|voted|took)\b`)

// eventRel are the relations of a date to the event it dates.
var eventRel = map[string]bool{"": true, "on": true, "in": true}

// spokenAt reports whether the words before date d say only when someone
// spoke; a joint statement's date is its event's.
var spokenRe = regexp.MustCompile(`(?i)\b(?:said|says|speaking|spoke|briefings?|told|according|reported|report)\b`)

func spokenAt(text string, d facts.Date) bool {
	if d.Start <= 0 || d.Start > len(text) {
		return false
	}
	before := strings.Fields(text[:d.Start])
	if len(before) > 6 {
		before = before[len(before)-6:]
	}
	near := strings.Join(before, " ")
	return spokenRe.MatchString(near) && !strings.Contains(strings.ToLower(near), "statement")
}

// milestones picks, for each period of the coverage, in date order, its
// most central passage among the eligible ones that report an event of
// that period most clearly, none repeating another; at most n.
func milestones(ps []viewPassage, vs []vec, scores []float64, ok []bool, n int) []int {
	var out []int
	for _, pd := range periods(ps) {
		best, bestW := -1, 0
		for i, p := range ps {
			if !ok[i] || vs[i].n < minSummaryTerms {
				continue
			}
			if t, dated := sourceTime(p.Quote); !dated || !pd.holds(t) {
				continue
			}
			w := eventWeight(p, pd)
			if w == 0 || redundantWith(vs, i, out) {
				continue
			}
			if w > bestW || w == bestW && scores[i] > scores[best] {
				best, bestW = i, w
			}
		}
		if best >= 0 {
			out = append(out, best)
		}
	}
	if len(out) > n { // more periods than sentences: the most central
		sort.SliceStable(out, func(a, b int) bool { return scores[out[a]] > scores[out[b]] })
		out = out[:n]
	}
	return out
}

// redundantWith reports whether passage i repeats one of those taken.
func redundantWith(vs []vec, i int, taken []int) bool {
	for _, j := range taken {
		if cosine(vs[i], vs[j]) > redundancy {
			return true
		}
	}
	return false
}
