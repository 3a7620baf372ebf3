package chart

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenCharts compares the data of each chart of the embedded corpus
// with testdata/golden/NAME.json; refresh them with
// `go test ./index/chart -update`.
func TestGoldenCharts(t *testing.T) {
	charts := map[string]any{
		"troops":   TroopsData(troopsView, timelineView),
		"timeline": TimelineData(timelineView),
	}
	for name, c := range charts {
		t.Run(name, func(t *testing.T) {
			var buf bytes.Buffer
			enc := json.NewEncoder(&buf)
			enc.SetIndent("", "  ")
			enc.SetEscapeHTML(false)
			if err := enc.Encode(c); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", name+".json")
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run `go test ./index/chart -update` to create it)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("%s chart data differs from %s (run with -update if the change is intended):\n%s", name, path, firstDiff(got, string(want)))
			}
		})
	}
}

func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return "line " + itoa(i+1) + ":\n  got:  " + a + "\n  want: " + b
		}
	}
	return ""
}

func itoa(n int) string { b, _ := json.Marshal(n); return string(b) }

// verbatim fails unless q is exactly its article's body[Start:End].
func verbatim(t *testing.T, what string, q index.Quote) {
	t.Helper()
	a := articles[q.ArticleID]
	if a == nil {
		t.Errorf("%s: quote of unknown article %q", what, q.ArticleID)
		return
	}
	if q.Start < 0 || q.End > len(a.Body) || q.Start > q.End || a.Body[q.Start:q.End] != q.Text {
		t.Errorf("%s: quote %q is not %s's body[%d:%d]", what, q.Text, q.ArticleID, q.Start, q.End)
	}
}

func seriesAt(c TroopsChart, place string) *Series {
	for i := range c.Series {
		if c.Series[i].Place == place {
			return &c.Series[i]
		}
	}
	return nil
}

func TestTroopsData(t *testing.T) {
	c := TroopsData(troopsView, timelineView)
	var places []string
	for _, s := range c.Series {
		places = append(places, s.Place)
		if !forceUnits[s.Unit] {
			t.Errorf("series %q counts %s, not a force size", s.Name, s.Unit)
		}
		for i, p := range s.Points {
			verbatim(t, s.Name, p.Quote)
			if !strings.Contains(p.Quote.Text, p.Text) {
				t.Errorf("%s: point %q is not in its quote %q", s.Name, p.Text, p.Quote.Text)
			}
			if p.Source != p.Quote.Source() || p.Source == "" {
				t.Errorf("%s: point %q has source %q", s.Name, p.Text, p.Source)
			}
			if i > 0 && p.At < s.Points[i-1].At {
				t.Errorf("%s: points out of date order: %s after %s", s.Name, p.At, s.Points[i-1].At)
			}
		}
	}
	if got := strings.Join(places, ", "); got != "Iraq, Syria, Kurdistan region" {
		t.Errorf("places = %s; want Iraq, Syria, Kurdistan region (no killed, injured, leaving or attacks)", got)
	}

	// Iraq: 2,500 and 2,400 from different sources, both shown as differing.
	iraq := seriesAt(c, "Iraq")
	find := func(s *Series, value float64, kind string) []Point {
		var ps []Point
		for _, p := range s.Points {
			if p.Value == value && (kind == "" || p.Kind == kind) {
				ps = append(ps, p)
			}
		}
		return ps
	}
	p2500, p2400 := find(iraq, 2500, ""), find(iraq, 2400, "about")
	if len(p2500) < 2 || len(p2400) != 1 {
		t.Fatalf("Iraq: %d points of 2,500 and %d of about 2,400; want several and one", len(p2500), len(p2400))
	}
	if p2400[0].Quote.Outlet == p2500[0].Quote.Outlet || !p2400[0].Differs || !p2500[0].Differs {
		t.Errorf("Iraq: 2,400 (%s, differs %v) and 2,500 (%s, differs %v) should be different sources that differ",
			p2400[0].Source, p2400[0].Differs, p2500[0].Source, p2500[0].Differs)
	}
	if p2400[0].AsOf != "2023-12" || p2400[0].At != "2023-12-15" {
		t.Errorf("Iraq 2,400 as of %s at %s; want 2023-12 at its middle", p2400[0].AsOf, p2400[0].At)
	}
	if ps := find(iraq, 2500, ""); ps[len(ps)-1].Differs {
		t.Errorf("Iraq: 2,500 of %s differs from nothing of its time", ps[len(ps)-1].Source)
	}
	fewer := find(iraq, 2000, "fewer than")
	if len(fewer) != 1 || fewer[0].Lo != 0 || fewer[0].Hi != 2000 || fewer[0].Mostly != "Erbil" {
		t.Errorf("Iraq fewer than 2,000 = %+v; want [0, 2000] mostly in Erbil", fewer)
	}
	// Side by side: points of one time are jittered around their place.
	sum, n := 0.0, 0
	for _, p := range iraq.Points {
		if p.At >= "2024-01-20" && p.At <= "2024-01-31" {
			sum += p.Jitter
			n++
		}
	}
	if n < 3 || sum != 0 {
		t.Errorf("Iraq late January 2024: %d points, jitter sum %v; want 3 or more, centred", n, sum)
	}

	if ps := find(seriesAt(c, "Syria"), 900, "about"); len(ps) < 2 {
		t.Errorf("Syria: %d points of about 900; want several", len(ps))
	}
	if k := seriesAt(c, "Kurdistan region"); k == nil || len(find(k, 1500, "about")) != 1 {
		t.Errorf("Kurdistan region: want about 1,500")
	}
	if c.Skipped != (Skipped{}) {
		t.Errorf("skipped %+v; every force size of the corpus is dated and precise", c.Skipped)
	}
}

func TestTroopsEvents(t *testing.T) {
	c := TroopsData(troopsView, timelineView)
	want := []struct{ kind, at, quote string }{
		{"talks-open", "2024-01-27", "The first formal session of the talks was held in Baghdad on 27 January 2024"},
		{"end-date-agreed", "2024-09-27", "said in a joint statement on 27 September 2024"},
		{"mission-ends", "2025-09-15", "no later than the end of September 2025"},
		// The plan to start leaving in November 2024 gives way to the
		// drawdown the latest article reports.
		{"drawdown", "2025-09-30", "The number of U.S. troops in Iraq falls by about 20 percent."},
		{"handover", "2026-01-17", "had taken full control of Ain al-Asad"},
	}
	if len(c.Events) != len(want) {
		t.Errorf("%d events; want %d", len(c.Events), len(want))
	}
	for i, w := range want {
		if i >= len(c.Events) {
			break
		}
		e := c.Events[i]
		if e.Kind != w.kind || e.At != w.at || !strings.Contains(e.Quote.Text, w.quote) {
			t.Errorf("event %d = %s at %s from %q; want %s at %s from …%s…", i, e.Kind, e.At, e.Quote.Text, w.kind, w.at, w.quote)
		}
		if !strings.Contains(e.Quote.Text, e.DateText) {
			t.Errorf("event %s: date %q not in its quote", e.Kind, e.DateText)
		}
		verbatim(t, e.Kind, e.Quote)
	}
	for _, e := range c.Events {
		// The mission's end by September 2025 was a plan when agreed; the
		// latest article (Rudaw, 31 December 2025) reports it ended.
		if e.Planned {
			t.Errorf("event %s planned; the latest article on it reports it done", e.Kind)
		}
		if e.Kind == "mission-ends" && (e.ReportedBy == nil || !strings.Contains(e.ReportedBy.Text, "had ended") || e.Label != "mission ended in federal Iraq") {
			t.Errorf("mission-ends = %q reported by %+v; want the report that it had ended in federal Iraq", e.Label, e.ReportedBy)
		}
		if e.ReportedBy != nil {
			verbatim(t, e.Kind, *e.ReportedBy)
		}
	}
}

// TestTroopsDataRules checks what a chart takes from a view it was not
// golden-tested on: states and units left off, hedges drawn as such, the
// undated and the vague counted.
func TestTroopsDataRules(t *testing.T) {
	q := index.Quote{Text: "…", ArticleID: "a", Outlet: "Outlet A", Published: "2031-05-01"}
	fig := func(text string, v, max float64, approx, asOf string) index.FigureEntry {
		return index.FigureEntry{Text: text, Value: v, Max: max, Approx: approx, AsOf: asOf, Quote: q}
	}
	tv := index.TroopsView{Groups: []index.FigureGroup{
		{Label: "U.S. troops in Narnia", Unit: "troops", Whose: "U.S.", Place: "Narnia", Figures: []index.FigureEntry{
			fig("more than 300 troops", 300, 0, "more than", "2031-04"),
			fig("between 200 and 400 troops", 200, 400, "between", "2031-03-02"),
			fig("up to 500 troops", 500, 0, "up to", "2031"),
			fig("hundreds of troops", 200, 0, "vague", "2031-02-01"),
			fig("350 troops", 350, 0, "exact", ""),
		}},
		{Label: "U.S. troops (killed)", Unit: "troops", Whose: "U.S.", Place: "Narnia", State: "killed", Figures: []index.FigureEntry{fig("3", 3, 0, "exact", "2031-01-01")}},
		{Label: "attacks on U.S. in Narnia", Unit: "attacks", Place: "Narnia", Figures: []index.FigureEntry{fig("9 attacks", 9, 0, "exact", "2031-01-01")}},
		{Label: "U.S. troops", Unit: "troops", Whose: "U.S.", Figures: []index.FigureEntry{fig("400 troops", 400, 0, "exact", "2031-01-01")}},
	}}
	c := TroopsData(tv, index.TimelineView{})
	if len(c.Series) != 1 || c.Series[0].Place != "Narnia" {
		t.Fatalf("series = %+v; want Narnia's force size only", c.Series)
	}
	got := map[string][2]float64{}
	for _, p := range c.Series[0].Points {
		got[p.Kind] = [2]float64{p.Lo, p.Hi}
	}
	want := map[string][2]float64{"more than": {300, 0}, "between": {200, 400}, "up to": {0, 500}}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: [lo, hi] = %v; want %v", k, got[k], w)
		}
	}
	if c.Skipped != (Skipped{Undated: 1, Vague: 1}) {
		t.Errorf("skipped = %+v; want 1 undated, 1 vague", c.Skipped)
	}
	if len(c.Events) != 0 {
		t.Errorf("events from an empty timeline: %+v", c.Events)
	}
	// Up to 500 (2031) and more than 300 (April 2031) are compatible; one
	// outlet never differs from itself.
	for _, p := range c.Series[0].Points {
		if p.Differs {
			t.Errorf("%q differs", p.Text)
		}
	}
}

func TestTimelineData(t *testing.T) {
	c := TimelineData(timelineView)
	if c.From != "2023-01-01" {
		t.Errorf("from %s; want 2023-01-01, the year before the talks opened", c.From)
	}
	if n := len(c.Milestones); n == 0 || n > MaxMilestones {
		t.Fatalf("%d milestones; want 1 to %d", n, MaxMilestones)
	}
	byRule := map[string]Milestone{}
	dates := map[string]bool{}
	for i, m := range c.Milestones {
		verbatim(t, m.Label, m.Quote)
		if m.At < c.From {
			t.Errorf("milestone %q at %s, before %s", m.Label, m.At, c.From)
		}
		if i > 0 && m.At < c.Milestones[i-1].At {
			t.Errorf("milestones out of order: %s after %s", m.At, c.Milestones[i-1].At)
		}
		if dates[m.Date] {
			t.Errorf("two milestones dated %s", m.Date)
		}
		dates[m.Date] = true
		if m.Label == "" || len(m.Label) > maxLabel+len("forces leave ") {
			t.Errorf("label %q: want a short label", m.Label)
		}
		if len(m.Sources) == 0 || m.Sources[0] != m.Quote.Source() {
			t.Errorf("%q: sources %v should start with its quote's %q", m.Label, m.Sources, m.Quote.Source())
		}
		if hasAny(words(m.Quote.Text), violent) && m.Rule == "" {
			t.Errorf("%q: a sentence about the fighting, not the talks: %q", m.Label, m.Quote.Text)
		}
		if m.Rule == "" {
			for _, w := range strings.Fields(strings.TrimSuffix(m.Label, "…")) {
				if !strings.Contains(m.Quote.Text, w) {
					t.Errorf("label %q: %q is not a word of its quote %q", m.Label, w, m.Quote.Text)
				}
			}
		} else {
			byRule[m.Rule] = m
		}
	}
	for rule, at := range map[string]string{"talks-open": "2024-01-27", "end-date-agreed": "2024-09-27", "mission-ends": "2025-09-15",
		"commission": "2023-08-15", "drawdown": "2025-09-30"} {
		if m, ok := byRule[rule]; !ok || m.At != at {
			t.Errorf("%s at %s (found %v); want %s", rule, m.At, ok, at)
		}
	}
	if m := byRule["mission-ends"]; len(m.Sources) < 3 || m.Planned || m.ReportedBy == nil {
		t.Errorf("the end by September 2025: sources %v, planned %v, reported by %v; want every report of it, done as the latest reports", m.Sources, m.Planned, m.ReportedBy)
	}
	if m := byRule["drawdown"]; m.Planned {
		t.Errorf("the drawdown of September 2025 is drawn planned")
	}
	// The deadly strikes the coverage's titles report are milestones; the
	// other attacks and strikes of 2023–2024 are not.
	strikes := map[string]string{}
	for _, m := range c.Milestones {
		if m.Rule == "strike" {
			strikes[m.At] = m.Label
		}
	}
	for at, words := range map[string]string{"2024-01-04": "strike in Baghdad", "2024-01-28": "Tower 22"} {
		if !strings.Contains(strikes[at], words) {
			t.Errorf("strike at %s = %q; want a label with %q (strikes: %v)", at, strikes[at], words, strikes)
		}
	}
	if len(strikes) != 2 {
		t.Errorf("strikes %v; want the two deadly ones", strikes)
	}
	if c.Left <= 0 {
		t.Errorf("left out %d; the other attacks and strikes of 2023–2024 are not milestones", c.Left)
	}
	// The title's years are the axis's.
	if c.Title != "The talks' milestones, 2023–2026" || c.AxisFrom[:4] != "2023" || c.AxisTo[:4] != "2026" {
		t.Errorf("title %q, axis %s to %s", c.Title, c.AxisFrom, c.AxisTo)
	}
	// No label without a subject: a quote's words label a milestone only
	// when the sentence stands on its own.
	for _, m := range c.Milestones {
		if m.Rule == "" && index.LeansBack(m.Quote.Text) {
			t.Errorf("label %q comes from %q, which needs the sentence before it", m.Label, m.Quote.Text)
		}
	}
}

// TestTimelineRules runs the rules on a coverage they were not written
// for: a deadly attack its title reports, a deadline a later article
// reports met, a plan to leave overtaken by a report of troops leaving, a
// sentence whose subject is in the sentence before.
func TestTimelineRules(t *testing.T) {
	q := func(id, pub, title, text string) index.Quote {
		return index.Quote{Text: text, ArticleID: id, Title: title, Outlet: "Outlet " + id, Published: pub}
	}
	ev := func(date, dateText, rel string, qq index.Quote) index.TimelineEvent {
		return index.TimelineEvent{Date: date, DateText: dateText, Origin: "stated", Relation: rel, Quote: qq}
	}
	tl := index.TimelineView{
		Events: []index.TimelineEvent{
			ev("2030-02-10", "10 February 2030", "on", q("a", "2030-02-10", "Narnia and Archenland open talks", "The first round of talks was held in Cair Paravel on 10 February 2030.")),
			ev("2030-03-03", "3 March 2030", "on", q("b", "2030-03-04", "Drone attack on Camp Beruna kills 4 soldiers", "On 3 March 2030, a drone hit Camp Beruna, a base near the Great River.")),
			ev("2030-03-20", "20 March 2030", "on", q("c", "2030-03-21", "Talks go on", "Rockets and a drone strike hit the capital on 20 March 2030, officials said.")),
			ev("2030-12", "December 2030", "by", q("d", "2030-04-01", "Deal sets end date", "The mission will end by December 2030, the two governments said.")),
			ev("2030-06", "June 2030", "in", q("e", "2030-04-02", "Plan for troops", "Officials said the troops would start leaving in June 2030.")),
			ev("2031-03", "March 2031", "by", q("e", "2030-04-02", "Plan for troops", "The rest would leave by March 2031, the officials said.")),
		},
		Reported: []index.TimelineEvent{
			{Date: "2030-11-20", Origin: "published", Quote: q("f", "2030-11-20", "Troops go", "Archenland troops left Beruna and the capital.")},
			{Date: "2031-01-05", Origin: "published", Quote: q("g", "2031-01-05", "Mission over", "A commander said the mission in western Narnia had ended.")},
		},
	}
	c := TimelineData(tl)
	byRule := map[string]Milestone{}
	for _, m := range c.Milestones {
		byRule[m.Rule] = m
		if m.Rule == "" && strings.Contains(m.Label, "rest") {
			t.Errorf("label %q has no subject", m.Label)
		}
	}
	if m := byRule["strike"]; m.At != "2030-03-03" || m.Label != "drone attack on Camp Beruna" {
		t.Errorf("strike = %q at %s; want the deadly attack the title reports (not the one it does not)", m.Label, m.At)
	}
	if m := byRule["mission-ends"]; m.At != "2030-12-15" || m.Planned || m.Label != "mission ended in western Narnia" || m.ReportedBy == nil {
		t.Errorf("mission-ends = %+v; want December 2030, done as the latest article reports", m)
	}
	if m := byRule["drawdown"]; m.At != "2030-11-20" || m.Planned {
		t.Errorf("drawdown = %+v; want the report of troops leaving on 20 November 2030, done", m)
	}
	if want := c.AxisFrom[:4] + "–" + c.AxisTo[:4]; !strings.HasSuffix(c.Title, want) || c.AxisTo > "2030-12-31" {
		t.Errorf("title %q, axis %s to %s; want the axis's years, within the milestones' years", c.Title, c.AxisFrom, c.AxisTo)
	}
}

func TestQuoteLabel(t *testing.T) {
	tests := []struct{ text, date, want string }{
		{"On 5 January 2024, Sudani said the coalition's justifications had ended.", "5 January 2024", "the coalition's justifications had ended"},
		{"The rest would leave by the end of 2026, according to the sources.", "the end of 2026", "The rest would leave"},
		{"Negotiations between the two sides had started in August 2023.", "August 2023", "Negotiations between the two sides…"},
		{"Officials said that a new round was held on 3 May 2031 in Baghdad.", "3 May 2031", "a new round was held…"},
	}
	for _, tt := range tests {
		e := index.TimelineEvent{DateText: tt.date, Quote: index.Quote{Text: tt.text}}
		if got := quoteLabel(e); got != tt.want {
			t.Errorf("quoteLabel(%q) = %q; want %q", tt.text, got, tt.want)
		}
	}
}

func TestEmptyViews(t *testing.T) {
	if c := TroopsData(index.TroopsView{}, index.TimelineView{}); len(c.Series) != 0 || len(c.Events) != 0 {
		t.Errorf("TroopsData of nothing = %+v", c)
	}
	if c := TimelineData(index.TimelineView{}); len(c.Milestones) != 0 || c.From != "" || c.Left != 0 {
		t.Errorf("TimelineData of nothing = %+v", c)
	}
}
