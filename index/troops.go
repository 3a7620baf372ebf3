package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"
)

// TroopsView is every figure of the coverage: force sizes and other counts,
// grouped by what they count, whose, where and in what state.
type TroopsView struct {
	Groups    []FigureGroup `json:"groups"`
	Figures   int           `json:"figures"`
	Truncated bool          `json:"truncated,omitempty"`
}

// FigureGroup is the figures of one unit, side, place and state, newest
// first, with the disagreements between sources.
type FigureGroup struct {
	Label         string         `json:"label"` // "U.S. troops in Iraq"
	Unit          string         `json:"unit"`
	Whose         string         `json:"whose,omitempty"`
	Place         string         `json:"place,omitempty"`
	State         string         `json:"state,omitempty"`
	Of            string         `json:"of,omitempty"`
	Against       string         `json:"against,omitempty"`
	Figures       []FigureEntry  `json:"figures"`
	Disagreements []Disagreement `json:"disagreements,omitempty"`
}

// FigureEntry is one figure as one source states it.
type FigureEntry struct {
	Text       string  `json:"text"` // the figure as written
	Value      float64 `json:"value"`
	Max        float64 `json:"max,omitempty"`
	Approx     string  `json:"approx"`
	Mostly     string  `json:"mostly_in,omitempty"`
	AsOf       string  `json:"as_of,omitempty"`
	AsOfOrigin string  `json:"as_of_origin,omitempty"` // stated, resolved, published, date note
	Quote      Quote   `json:"quote"`
}

// Disagreement is sources stating incompatible figures for the same thing
// at about the same time (2,500 vs 2,400 U.S. troops in Iraq).
type Disagreement struct {
	From   string           `json:"from"` // the dates the figures hold for
	To     string           `json:"to"`
	Claims []DisagreedValue `json:"claims"`
	Note   string           `json:"note"`
}

// DisagreedValue is one side of a disagreement.
type DisagreedValue struct {
	Text    string   `json:"text"`
	Sources []string `json:"sources"` // "Reuters, 2024-01-26"
}

// durations are units of time: two of them state different spans, not
// different counts of one thing.
var durations = toSet("years months weeks days")

// disagreementWindow is how far apart (in days) the dates of two figures
// may be for them to describe the same moment.
const disagreementWindow = 62

// unitOrder ranks units: force sizes first.
var unitOrder = []string{"troops", "personnel", "advisers", "fighters", "percent", "attacks", "targets", "bases", "members", "countries", "people", "square kilometres", "fraction", "years", "months"}

func unitRank(u string) int {
	for i, x := range unitOrder {
		if x == u {
			return i
		}
	}
	return len(unitOrder)
}

// Troops lists the figures of the coverage.
func (x *Index) Troops(ctx context.Context) (TroopsView, error) {
	ps, truncated, err := x.viewPassages(ctx, termQuery(fHas, "figure"), false)
	if err != nil {
		return TroopsView{}, fmt.Errorf("troops: %w", err)
	}
	v := TroopsView{Groups: []FigureGroup{}, Truncated: truncated}
	index := map[string]int{}
	for _, p := range ps {
		for _, f := range p.facts.Figures {
			key := strings.Join([]string{f.Unit, f.Whose, f.Place, f.State, f.Of, f.Against}, "|")
			i, ok := index[key]
			if !ok {
				i = len(v.Groups)
				index[key] = i
				g := FigureGroup{Unit: f.Unit, Whose: f.Whose, Place: f.Place, State: f.State, Of: f.Of, Against: f.Against}
				g.Label = g.label()
				v.Groups = append(v.Groups, g)
			}
			v.Groups[i].Figures = append(v.Groups[i].Figures, FigureEntry{
				Text: f.Text, Value: f.Value, Max: f.Max, Approx: f.Approx, Mostly: f.Mostly,
				AsOf: f.AsOf, AsOfOrigin: f.AsOfOrigin, Quote: p.Quote,
			})
			v.Figures++
		}
	}
	for i := range v.Groups {
		g := &v.Groups[i]
		sort.SliceStable(g.Figures, func(a, b int) bool {
			fa, fb := g.Figures[a], g.Figures[b]
			if ta, tb := dateKey(fa.AsOf), dateKey(fb.AsOf); ta != tb {
				return ta > tb
			}
			return readingLess(fa.Quote, fb.Quote)
		})
		if !durations[g.Unit] {
			g.Disagreements = disagreements(g.Figures)
		}
	}
	sort.SliceStable(v.Groups, func(a, b int) bool {
		ga, gb := v.Groups[a], v.Groups[b]
		if ra, rb := unitRank(ga.Unit), unitRank(gb.Unit); ra != rb {
			return ra < rb
		}
		if len(ga.Figures) != len(gb.Figures) {
			return len(ga.Figures) > len(gb.Figures)
		}
		if na, nb := dateKey(ga.Figures[0].AsOf), dateKey(gb.Figures[0].AsOf); na != nb {
			return na > nb
		}
		return ga.Label < gb.Label
	})
	return v, nil
}

// label names a group for people: "U.S. troops in Iraq", "attacks by
// Iran-backed militias on U.S. in Iraq".
func (g FigureGroup) label() string {
	var b strings.Builder
	w := func(s string) {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(s)
	}
	switch g.Unit {
	case "attacks":
		w("attacks")
		if g.Whose != "" {
			w("by " + g.Whose)
		}
		if g.Against != "" {
			w("on " + g.Against)
		}
	case "percent":
		w("percent")
		if g.State != "" {
			w(g.State)
		}
		if g.Of != "" || g.Whose != "" {
			w("of " + strings.TrimSpace(g.Whose+" "+g.Of))
		}
	default:
		if g.Whose != "" {
			w(g.Whose)
		}
		w(g.Unit)
		if g.State != "" {
			w(g.State) // "U.S. troops injured", "troops leaving"
		}
	}
	if g.Place != "" {
		w("in " + g.Place)
	}
	return b.String()
}

// CountsItself reports whether a figure as written says what it counts
// ("about 2,500 U.S. troops", "more than 150 attacks", "20 percent"), unlike
// "47" or "800", which need their group's label beside them.
func CountsItself(text, unit string) bool {
	low := strings.ToLower(text)
	for _, w := range strings.Fields(strings.ToLower(unit)) {
		if strings.Contains(low, strings.TrimSuffix(w, "s")) {
			return true
		}
	}
	return strings.Contains(low, "%") || unit == "attacks" && strings.Contains(low, "times")
}

// dateKey orders date values (YYYY, YYYY-MM, YYYY-MM-DD); "" sorts first.
func dateKey(v string) string {
	v, _, _ = strings.Cut(v, "/")
	return v
}

// interval is what a figure says of a value: [lo, hi].
func interval(f FigureEntry) (lo, hi float64, ok bool) {
	switch f.Approx {
	case "exact", "about":
		return f.Value, f.Value, true
	case "more than":
		return math.Nextafter(f.Value, math.Inf(1)), math.Inf(1), true
	case "at least":
		return f.Value, math.Inf(1), true
	case "fewer than":
		return 0, math.Nextafter(f.Value, 0), true
	case "up to":
		return 0, f.Value, true
	case "between":
		return f.Value, f.Max, true
	}
	return 0, 0, false // vague: "hundreds"
}

// disagreements finds figures of one group that hold for about the same
// time (within disagreementWindow days of each other) and cannot all be
// true, as different articles state them. The same value with different
// hedges ("approximately 2,500", "2,500") is one claim; figures without a
// date are never compared, nor one article's figures with each other
// (early reports and the final count are not sources that differ).
func disagreements(figs []FigureEntry) []Disagreement {
	type dated struct {
		f FigureEntry
		t time.Time
	}
	var ds []dated
	for _, f := range figs {
		if _, _, ok := interval(f); !ok {
			continue
		}
		if t, ok := parseDateValue(f.AsOf); ok {
			ds = append(ds, dated{f, t})
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].t.Before(ds[j].t) })
	var out []Disagreement
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && ds[j].t.Sub(ds[j-1].t) <= disagreementWindow*24*time.Hour {
			j++
		}
		var c []FigureEntry
		for _, d := range ds[i:j] {
			c = append(c, d.f)
		}
		i = j
		if d, ok := disagreement(c); ok {
			out = append(out, d)
		}
	}
	return out
}

// figureClaim is one value of a cluster and who states it.
type figureClaim struct {
	lo, hi   float64
	text     string
	sources  []string
	articles map[string]bool
}

// disagreement is a cluster's claims when two of them, stated by
// different articles, cannot both be true.
func disagreement(c []FigureEntry) (Disagreement, bool) {
	var claims []*figureClaim
	d := Disagreement{From: c[0].AsOf, To: c[0].AsOf}
	for _, f := range c {
		d.From = minDate(d.From, f.AsOf)
		d.To = maxDate(d.To, f.AsOf)
		lo, hi, _ := interval(f)
		var cl *figureClaim
		for _, x := range claims {
			if x.lo == lo && x.hi == hi {
				cl = x
			}
		}
		if cl == nil {
			cl = &figureClaim{lo: lo, hi: hi, text: f.Text, articles: map[string]bool{}}
			claims = append(claims, cl)
		}
		cl.articles[f.Quote.ArticleID] = true
		if src := f.Quote.Source(); !contains(cl.sources, src) {
			cl.sources = append(cl.sources, src)
		}
	}
	conflict := false
	for i, a := range claims {
		for _, b := range claims[i+1:] {
			if (a.hi < b.lo || b.hi < a.lo) && !sameSingleArticle(a.articles, b.articles) {
				conflict = true
			}
		}
	}
	if !conflict {
		return Disagreement{}, false
	}
	var parts []string
	for _, cl := range claims {
		d.Claims = append(d.Claims, DisagreedValue{Text: cl.text, Sources: cl.sources})
		parts = append(parts, fmt.Sprintf("%s (%s)", cl.text, strings.Join(cl.sources, "; ")))
	}
	when := d.From
	if d.To != d.From {
		when += " to " + d.To
	}
	d.Note = "sources differ (" + when + "): " + strings.Join(parts, " vs ")
	return d, true
}

// sameSingleArticle is whether two claims come from one and the same
// article only.
func sameSingleArticle(a, b map[string]bool) bool {
	if len(a) != 1 || len(b) != 1 {
		return false
	}
	for id := range a {
		return b[id]
	}
	return false
}

func minDate(a, b string) string {
	if dateKey(b) < dateKey(a) {
		return b
	}
	return a
}

func maxDate(a, b string) string {
	if dateKey(b) > dateKey(a) {
		return b
	}
	return a
}
