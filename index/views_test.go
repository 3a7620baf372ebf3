package index

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// viewsForTest computes every view on the shared index of the default corpus.
func viewsForTest(t *testing.T) (map[string]any, []*corpus.Article) {
	t.Helper()
	x, articles := engineForTest(t)
	ctx := context.Background()
	views := map[string]any{}
	var err error
	must := func(name string, v any, e error) {
		if e != nil && err == nil {
			err = e
		}
		views[name] = v
	}
	tv, e := x.Troops(ctx)
	must("troops", tv, e)
	pv, e := x.Parties(ctx)
	must("parties", pv, e)
	cv, e := x.Conditions(ctx)
	must("conditions", cv, e)
	tl, e := x.Timeline(ctx)
	must("timeline", tl, e)
	s, e := x.Summary(ctx, SummaryOptions{})
	must("summary", s, e)
	s, e = x.Summary(ctx, SummaryOptions{ArticleID: "iraq-us-talks"})
	must("summary-article", s, e)
	s, e = x.Summary(ctx, SummaryOptions{Topic: "withdrawal timetable", N: 4})
	must("summary-topic", s, e)
	if err != nil {
		t.Fatal(err)
	}
	return views, articles
}

// TestGoldenViews compares each view's JSON with testdata/golden/NAME.json;
// refresh them with `go test ./index -run Golden -update`.
func TestGoldenViews(t *testing.T) {
	views, _ := viewsForTest(t)
	for name, v := range views {
		t.Run(name, func(t *testing.T) { goldenJSON(t, filepath.Join("testdata", "golden", name+".json"), v) })
	}
}

// goldenJSON compares v, as indented JSON, with the file at path (-update
// rewrites it).
func goldenJSON(t *testing.T, path string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		t.Fatal(err)
	}
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
		t.Fatalf("%v (run the test with -update to create it)", err)
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs (run with -update if the change is intended):\n%s", path, firstDiff(buf.String(), string(want)))
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

// quotesOf collects every Quote in a view, wherever it sits.
func quotesOf(v any) []Quote {
	var out []Quote
	b, _ := json.Marshal(v)
	var walk func(any)
	walk = func(x any) {
		switch x := x.(type) {
		case map[string]any:
			if _, ok := x["article_id"]; ok {
				if _, ok := x["text"]; ok {
					if _, ok := x["sent"]; ok {
						var q Quote
						qb, _ := json.Marshal(x)
						json.Unmarshal(qb, &q)
						out = append(out, q)
					}
				}
			}
			for _, y := range x {
				walk(y)
			}
		case []any:
			for _, y := range x {
				walk(y)
			}
		}
	}
	var root any
	json.Unmarshal(b, &root)
	walk(root)
	return out
}

// TestViewQuotesAreVerbatim checks every quote of every view against the
// article bodies: each is exactly body[start:end], with the article's metadata.
func TestViewQuotesAreVerbatim(t *testing.T) {
	views, articles := viewsForTest(t)
	byID := map[string]*corpus.Article{}
	for _, a := range articles {
		byID[a.ID] = a
	}
	for name, v := range views {
		qs := quotesOf(v)
		if len(qs) == 0 {
			t.Errorf("%s: no quotes", name)
		}
		for _, q := range qs {
			a := byID[q.ArticleID]
			if a == nil {
				t.Errorf("%s: quote from unknown article %q", name, q.ArticleID)
				continue
			}
			if q.Start < 0 || q.End > len(a.Body) || q.Start >= q.End || a.Body[q.Start:q.End] != q.Text {
				t.Errorf("%s: quote %q is not %s body[%d:%d]", name, q.Text, q.ArticleID, q.Start, q.End)
			}
			if q.Outlet != a.Outlet || q.Published != a.Published || q.Title != a.Title || q.Kind != a.Kind {
				t.Errorf("%s: quote from %s has metadata %+v", name, a.ID, q)
			}
		}
	}
}

// The facts of ../shared/coverage-facts.md, as the views must list them.

// wantFigure is a figure of the coverage: where it is stated and what it is.
type wantFigure struct {
	article, text string
	value         float64
	approx        string
	unit, whose   string
	place, state  string
	asOf          string
}

var coverageFigures = []wantFigure{
	// U.S. troops in Iraq; the sources differ between 2,500 and 2,400.
	{"ap-2024-01-25-talks-planned", "About 2,500 U.S. troops", 2500, "about", "troops", "U.S.", "Iraq", "", "2024-01-25"},
	{"afp-2024-01-26-timeline-factors", "About 2,500 U.S. troops", 2500, "about", "troops", "U.S.", "Iraq", "", "2024-01-26"},
	{"reuters-2024-01-26-talks-agreed", "2,500 troops", 2500, "exact", "troops", "U.S.", "Iraq", "", "2024-01-26"},
	{"reuters-2024-01-08-no-withdrawal-plans", "Roughly 2,500 U.S. troops", 2500, "about", "troops", "U.S.", "Iraq", "", "2024-01-08"},
	{"ap-2024-09-27-bases-under-new-deal", "roughly 2,500 U.S. troops", 2500, "about", "troops", "U.S.", "Iraq", "", "2024-09-27"},
	{"iraq-us-talks", "approximately 2,500 U.S. troops", 2500, "about", "troops", "U.S.", "Iraq", "", "2024-01"},
	{"crs-2024-02-attacks-and-troop-levels", "about 2,400 U.S. troops", 2400, "about", "troops", "U.S.", "Iraq", "", "2023-12"},
	{"ap-reuters-2025-09-30-drawdown-begins", "fewer than 2,000 U.S. troops", 2000, "fewer than", "troops", "U.S.", "Iraq", "", "2025-09-30"},
	{"ap-reuters-2025-09-30-drawdown-begins", "about 20 percent", 20, "about", "percent", "U.S.", "Iraq", "reduction", "2025-09-30"},
	// U.S. troops in Syria: 900 vs 800.
	{"ap-2024-01-25-talks-planned", "about 900 U.S. troops", 900, "about", "troops", "U.S.", "Syria", "", "2024-01-25"},
	{"afp-2024-01-26-timeline-factors", "about 900 U.S. troops", 900, "about", "troops", "U.S.", "Syria", "", "2024-01-26"},
	{"state-pentagon-2024-09-27-transition-briefings", "About 900 U.S. troops", 900, "about", "troops", "U.S.", "Syria", "", "2024-09-27"},
	{"crs-2024-02-attacks-and-troop-levels", "800", 800, "exact", "troops", "U.S.", "Syria", "", "2023-12"},
	{"ap-reuters-2025-09-30-drawdown-begins", "under 1,000 troops", 1000, "fewer than", "troops", "U.S.", "Syria", "", "2025-09-30"},
	// Other forces and people.
	{"reuters-2024-01-26-talks-agreed", "Hundreds of other troops", 200, "vague", "troops", "European", "", "", "2024-01-26"},
	{"reuters-2024-09-06-two-phase-understanding", "hundreds of troops", 200, "vague", "troops", "", "", "leaving", "2024-09-06"},
	{"rudaw-2025-12-31-federal-iraq-mission-ends", "About 1,500 U.S. and coalition personnel", 1500, "about", "personnel", "U.S. and coalition", "Kurdistan region", "", "2025-12-31"},
	{"rudaw-2025-12-31-federal-iraq-mission-ends", "seven countries", 7, "exact", "countries", "", "", "", "2025-12-31"},
	{"npr-2024-01-20-ain-al-asad-attack", "Several U.S. personnel", 3, "vague", "personnel", "U.S.", "", "", "2024-01-20"},
	{"state-pentagon-2024-09-27-transition-briefings", "about 9,000 detained ISIS fighters", 9000, "about", "fighters", "ISIS", "", "detained", "2024-09-27"},
	{"reuters-2024-07-23-withdrawal-timeline", "more than 80 members", 80, "more than", "members", "coalition", "", "", "2024-07-23"},
	{"reuters-2024-07-23-withdrawal-timeline", "three main bases", 3, "exact", "bases", "coalition", "Baghdad, western Anbar and the Kurdistan region", "", "2024-07-23"},
	// Tower 22: killed and injured, with the early reports that differ.
	{"wikipedia-tower-22-drone-attack", "3 U.S. soldiers", 3, "exact", "troops", "U.S.", "", "killed", ""},
	{"wikipedia-tower-22-drone-attack", "47", 47, "exact", "troops", "U.S.", "", "injured", ""},
	{"wikipedia-tower-22-drone-attack", "34", 34, "exact", "troops", "U.S.", "", "injured", ""},
	{"wikipedia-tower-22-drone-attack", "more than 40", 40, "more than", "troops", "U.S.", "", "injured", ""},
	// Attacks and strikes.
	{"reuters-2024-01-30-kataib-hezbollah-suspends-attacks", "more than 150 attacks", 150, "more than", "attacks", "Islamic Resistance in Iraq", "", "", "2024-01-30"},
	{"crs-2024-02-attacks-and-troop-levels", "more than 60 times", 60, "more than", "attacks", "Iran-backed militias", "Iraq", "", "2024-02-04"},
	{"afp-anadolu-2024-02-11-talks-resume", "more than 165 times", 165, "more than", "attacks", "", "", "", "2024-02-11"},
	{"ap-2024-02-07-baghdad-drone-strike", "about 85 targets", 85, "about", "targets", "", "Iraq and Syria", "", "2024-02-03"},
	{"rudaw-2025-12-31-federal-iraq-mission-ends", "4 ISIS attacks", 4, "exact", "attacks", "ISIS", "", "", "2025"},
	{"rudaw-2025-12-31-federal-iraq-mission-ends", "42", 42, "exact", "attacks", "ISIS", "", "", "2024"},
	// ISIS at its height.
	{"dod-2024-01-25-background-briefing", "more than 100,000 square kilometres", 100000, "more than", "square kilometres", "ISIS", "", "", "2024-01-25"},
	{"dod-2024-01-25-background-briefing", "More than 11 million people", 11e6, "more than", "people", "", "", "", "2024-01-25"},
	{"afp-2024-01-26-timeline-factors", "about a third", 1.0 / 3, "about", "fraction", "ISIS", "Iraq", "", "2014"},
	// The vote to expel foreign troops.
	{"rudaw-2025-12-31-federal-iraq-mission-ends", "168 of its 329 members", 168, "exact", "members", "Iraqi parliament", "", "in favour", "2020"},
	{"rudaw-2025-12-31-federal-iraq-mission-ends", "329 members", 329, "exact", "members", "Iraqi parliament", "", "", "2020"},
	// Durations.
	{"joint-statement-2024-09-27-mission-end-date", "12 months", 12, "exact", "months", "", "", "", "2024-09-27"},
	{"joint-statement-2024-09-27-mission-end-date", "nine months", 9, "exact", "months", "", "", "", "2024-09-27"},
	{"thenational-2024-09-08-abbasi-confirms-agreement", "two years", 2, "exact", "years", "", "", "", "2024-09-08"},
	{"state-pentagon-2024-09-27-transition-briefings", "at least one more year", 1, "at least", "years", "", "", "", "2024-09-27"},
	{"ap-aljazeera-2024-01-27-first-session", "about a decade", 10, "about", "years", "", "", "", "2024-01-27"},
}

// wantParty is an actor of the coverage with the words that must be merged into it.
type wantParty struct {
	id, side string
	aliases  []string
}

var coverageParties = []wantParty{
	{"us", "", []string{"United States", "U.S.", "Washington"}},
	{"iraq", "", []string{"Iraq", "Iraqi government"}},
	{"coalition", "", []string{"U.S.-led coalition", "Global Coalition", "coalition"}},
	{"isis", "", []string{"Islamic State group", "ISIL", "Daesh", "ISIS"}},
	{"iran", "", []string{"Iran"}},
	{"hmc", "", []string{"Higher Military Commission", "HMC"}},
	{"iraq-foreign-ministry", "iraq", nil},
	{"iraq-foreign-minister", "iraq", nil},
	{"iraq-parliament", "iraq", nil},
	{"iraqi-forces", "iraq", []string{"Iraqi forces", "Iraqi security forces", "Iraqi army"}},
	{"iraqi-officials", "iraq", []string{"Iraqi officials", "Iraqi sources"}},
	{"sudani", "iraq", []string{"Mohammed Shia al-Sudani", "Sudani"}},
	{"rasool", "iraq", []string{"Yahya Rasool", "Rasool"}},
	{"abbasi", "iraq", []string{"Thabet al-Abbasi", "Abbasi"}},
	{"muhammadawi", "iraq", []string{"Qais al-Muhammadawi", "Muhammadawi"}},
	{"joint-operations-command", "iraq", nil},
	{"pmf", "iraq", nil},
	{"krg", "", nil},
	{"barzani", "krg", nil},
	{"peshmerga", "krg", nil},
	{"austin", "us", []string{"Lloyd Austin", "Austin"}},
	{"ryder", "us", []string{"Pat Ryder", "Ryder"}},
	{"singh", "us", nil},
	{"parnell", "us", nil},
	{"romanowski", "us", nil},
	{"state-department-spokesperson", "us", nil},
	{"pentagon", "us", nil},
	{"centcom", "us", nil},
	{"crs", "us", nil},
	{"us-officials", "us", nil},
	{"leahy", "coalition", nil},
	{"iran-backed-militias", "iran", []string{"Iran-backed militias", "Iran-backed groups", "Iranian-backed militants"}},
	{"islamic-resistance-in-iraq", "iran-backed-militias", nil},
	{"kataib-hezbollah", "iran-backed-militias", nil},
	{"harakat-al-nujaba", "iran-backed-militias", nil},
	{"asaib-ahl-al-haq", "iran-backed-militias", nil},
	{"abu-taqwa", "harakat-al-nujaba", nil},
	{"abu-baqir-al-saadi", "kataib-hezbollah", []string{"Abu Baqir al-Saadi", "Wissam Mohammed al-Saadi"}},
	{"khazali", "asaib-ahl-al-haq", nil},
	{"irgc-quds-force", "iran", nil},
	{"soleimani", "iran", nil},
	{"muhandis", "", nil},
	{"iran-commander-spokesperson", "iran", nil},
	{"alhurra", "", nil},
}

// wantQuote is a sentence a view must quote (as a quote or as context).
type wantQuote struct{ article, text string }

var coverageConditions = []wantQuote{
	{"iraq-us-talks", "Once this evaluation is complete, a timetable"},
	{"iraq-us-talks", "if the coalition were to abruptly withdraw"},
	{"xinhua-2024-01-26-higher-military-commission", "They will assess the threat posed by the Islamic State group and the capabilities of Iraqi forces."},
	{"xinhua-2024-01-26-higher-military-commission", "A timetable will then be set"},
	{"xinhua-2024-01-26-higher-military-commission", "After that, Iraq will move to bilateral relations"},
	{"afp-2024-01-26-timeline-factors", "named three factors that will shape the timeline"},
	{"afp-2024-01-26-timeline-factors", "They are the threat from ISIL, operational and environmental requirements, and the capability levels of Iraqi security forces."},
	{"afp-2024-01-26-timeline-factors", "Working groups will produce a timeline"},
	{"shafaq-2024-01-state-department-spokesperson", "timeline based on the ISIS threat, the operational environment and Iraqi capabilities"},
	{"politico-2024-01-25-letter-announces-talks", "demanded that militia attacks stop before any talks could begin"},
	{"politico-2024-01-25-letter-announces-talks", "It later dropped that condition."},
	{"joint-statement-2024-09-27-mission-end-date", "subject to conditions on the ground"},
	{"joint-statement-2024-09-27-mission-end-date", "until September 2026"},
	{"joint-statement-2024-09-27-mission-end-date", "within 12 months and no later than the end of September 2025"},
	{"ap-2024-01-25-talks-planned", "Iraq wants a clear timetable"},
	{"afp-anadolu-2024-02-11-talks-resume", "produce a timetable for a deliberate, gradual reduction of advisers"},
	{"thenational-2024-09-08-abbasi-confirms-agreement", "two years were not enough"},
	{"ap-2024-09-27-bases-under-new-deal", "after the U.S. election in November 2024"},
	{"reuters-2024-01-08-no-withdrawal-plans", "at the invitation of the Iraqi government"},
	{"rudaw-964media-2024-09-01-kurdistan-and-isis-threat", "some U.S. presence is necessary"},
}

// notConditions are sentences with a cue word that state no condition.
var notConditions = []wantQuote{
	{"ap-2024-01-25-talks-planned", "agreed on the summer before, in 2023"},
	{"joint-statement-2024-09-27-mission-end-date", "The decision came after nine months of talks"},
	{"reuters-2024-02-08-strikes-push-government", "a factor for instability"},
}

// wantEvent is a dated event: the date, where it is stated and how.
type wantEvent struct {
	date, article, text, origin string
}

var coverageEvents = []wantEvent{
	{"2003", "ap-2024-01-25-talks-planned", "since the 2003 invasion", "stated"},
	{"2009", "handwiki-kataib-hezbollah", "terrorist organisation in 2009", "stated"},
	{"2011", "ap-2024-01-25-talks-planned", "left the country in 2011", "stated"},
	{"2014", "ap-2024-01-25-talks-planned", "returned in 2014", "stated"},
	{"2014", "afp-2024-01-26-timeline-factors", "The coalition was formed in 2014.", "stated"},
	{"2014", "afp-2024-01-26-timeline-factors", "That was the year ISIL overran", "resolved"},
	{"2020-01", "ap-2024-01-25-talks-planned", "since January 2020", "stated"},
	{"2020-01", "ap-2024-01-25-talks-planned", "That month a U.S. strike near Baghdad airport killed Iranian general Qassem Soleimani", "resolved"},
	{"2020", "rudaw-2025-12-31-federal-iraq-mission-ends", "Iraq's parliament voted to expel foreign troops", "stated"},
	{"2023", "ap-2024-01-25-talks-planned", "the summer before, in 2023", "stated"},
	{"2023-08", "xinhua-2024-01-26-higher-military-commission", "Negotiations between the two sides had started in August 2023.", "stated"},
	{"2023-08", "aljazeera-2024-01-25-talks-agreed", "which was agreed in August 2023", "stated"},
	{"2023-08", "dod-2024-01-25-background-briefing", "Joint Security Cooperation Dialogue in August 2023", "stated"},
	{"2023-10", "afp-anadolu-2024-02-11-talks-resume", "since mid-October 2023", "stated"},
	{"2023-10", "crs-2024-02-attacks-and-troop-levels", "between October 2023 and 4 February 2024", "stated"},
	{"2024-02-04", "crs-2024-02-attacks-and-troop-levels", "between October 2023 and 4 February 2024", "stated"},
	{"2023-12", "crs-2024-02-attacks-and-troop-levels", "In December 2023, U.S. Central Command reported", "stated"},
	{"2024-01-04", "crisisgroup-rudaw-2024-01-04-abu-taqwa-strike", "killed Abu Taqwa", "stated"},
	{"2024-01-05", "crisisgroup-rudaw-2024-01-04-abu-taqwa-strike", "Sudani said the coalition's justifications had ended", "stated"},
	{"2024-01-20", "npr-2024-01-20-ain-al-asad-attack", "attacked Ain al-Asad air base", "stated"},
	{"2024-01-25", "dod-2024-01-25-background-briefing", "at a background briefing on 25 January 2024", "stated"},
	{"2024-01-27", "ap-aljazeera-2024-01-27-first-session", "The first formal session of the talks was held in Baghdad", "stated"},
	{"2024-01-28", "wikipedia-tower-22-drone-attack", "hit Tower 22", "stated"},
	{"2024-02-02", "wikipedia-tower-22-drone-attack", "U.S. retaliatory strikes began", "stated"},
	{"2024-02-03", "ap-2024-02-07-baghdad-drone-strike", "about 85 targets", "stated"},
	{"2024-02-11", "afp-anadolu-2024-02-11-talks-resume", "They resumed on 11 February 2024.", "stated"},
	{"2024-04-15", "dod-2024-07-23-security-cooperation-dialogue", "visited Washington on 15 April 2024", "stated"},
	{"2024-07-22", "dod-2024-07-23-security-cooperation-dialogue", "On 22 and 23 July 2024, Austin hosted", "stated"},
	{"2024-09", "reuters-2024-07-23-withdrawal-timeline", "Iraq wanted withdrawals to begin in September 2024", "stated"},
	{"2025-09", "reuters-2024-07-23-withdrawal-timeline", "end formally by September 2025", "stated"},
	{"2025-09", "reuters-2024-09-06-two-phase-understanding", "hundreds of troops would leave by September 2025", "stated"},
	{"2026-12", "reuters-2024-09-06-two-phase-understanding", "The rest would leave by the end of 2026", "stated"},
	{"2025-09", "thenational-2024-09-08-abbasi-confirms-agreement", "the rest of federal Iraq by September 2025", "stated"},
	{"2026-09", "thenational-2024-09-08-abbasi-confirms-agreement", "leave the Kurdistan region by September 2026", "stated"},
	{"2024-09-27", "joint-statement-2024-09-27-mission-end-date", "in a joint statement on 27 September 2024", "stated"},
	{"2025-09", "joint-statement-2024-09-27-mission-end-date", "no later than the end of September 2025", "stated"},
	{"2026-09", "joint-statement-2024-09-27-mission-end-date", "until September 2026", "stated"},
	{"2024-09-27", "state-pentagon-2024-09-27-transition-briefings", "the United States is not withdrawing from Iraq", "stated"},
	{"2025-09", "state-pentagon-2024-09-27-transition-briefings", "The first phase runs until September 2025.", "stated"},
	{"2024-11", "ap-2024-09-27-bases-under-new-deal", "after the U.S. election in November 2024", "stated"},
	{"2026", "ap-2024-09-27-bases-under-new-deal", "stay there after 2026", "stated"},
	{"2025-12-31", "rudaw-2025-12-31-federal-iraq-mission-ends", "Speaking on 31 December 2025", "stated"},
	{"2026-01-07/week", "rudaw-2025-12-31-federal-iraq-mission-ends", "handed over the following week", "resolved"},
	{"2026-01-17", "rudaw-2025-12-31-federal-iraq-mission-ends", "full control of Ain al-Asad by 17 January 2026", "stated"},
	{"2025", "rudaw-2025-12-31-federal-iraq-mission-ends", "4 ISIS attacks in 2025", "stated"},
	{"2024", "rudaw-2025-12-31-federal-iraq-mission-ends", "down from 42 in 2024", "stated"},
}

// TestCoverageFacts checks that the views list every figure, party,
// condition and dated event of ../shared/coverage-facts.md: figures with
// the right unit, side, place and date and no others; each party once,
// its aliases merged, linked to its side; the conditions; the events.
func TestCoverageFacts(t *testing.T) {
	views, _ := viewsForTest(t)
	found, total := 0, 0
	defer func() { t.Logf("coverage facts found: %d of %d", found, total) }()

	// Figures: the view lists exactly the expected ones.
	tv := views["troops"].(TroopsView)
	type key struct{ article, text string }
	got := map[key][]FigureGroup{}
	for _, g := range tv.Groups {
		for _, f := range g.Figures {
			k := key{f.Quote.ArticleID, f.Text}
			gg := g
			gg.Figures = []FigureEntry{f}
			got[k] = append(got[k], gg)
		}
	}
	for _, w := range coverageFigures {
		total++
		gs := got[key{w.article, w.text}]
		if len(gs) != 1 {
			t.Errorf("figure %q of %s: listed %d times; want once", w.text, w.article, len(gs))
			continue
		}
		g, f := gs[0], gs[0].Figures[0]
		if f.Value != w.value || f.Approx != w.approx || g.Unit != w.unit || g.Whose != w.whose || g.Place != w.place || g.State != w.state || f.AsOf != w.asOf {
			t.Errorf("figure %q of %s = %g %s %s, whose %q, place %q, state %q, as of %q; want %g %s %s, whose %q, place %q, state %q, as of %q",
				w.text, w.article, f.Value, f.Approx, g.Unit, g.Whose, g.Place, g.State, f.AsOf, w.value, w.approx, w.unit, w.whose, w.place, w.state, w.asOf)
			continue
		}
		found++
		delete(got, key{w.article, w.text})
	}
	for k := range got {
		t.Errorf("figure %q of %s is not in the coverage facts", k.text, k.article)
	}
	if tv.Figures != len(coverageFigures) {
		t.Errorf("troops view has %d figures; want %d", tv.Figures, len(coverageFigures))
	}
	// The disagreements the sources keep.
	for _, d := range []struct{ label, a, b string }{
		{"U.S. troops in Iraq", "about 2,400 U.S. troops", "2,500"},
		{"U.S. troops in Syria", "800", "about 900 U.S. troops"},
	} {
		total++
		ok := false
		for _, g := range tv.Groups {
			if g.Label != d.label {
				continue
			}
			for _, dis := range g.Disagreements {
				if strings.Contains(dis.Note, d.a) && strings.Contains(dis.Note, d.b) {
					ok = true
				}
			}
		}
		if ok {
			found++
		} else {
			t.Errorf("troops: no disagreement %s vs %s in %q", d.a, d.b, d.label)
		}
	}

	// No false disagreements: one article's early and final counts, and
	// one value under different hedges, are not sources that differ.
	for _, g := range tv.Groups {
		for _, dis := range g.Disagreements {
			total++
			if strings.Contains(dis.Note, "approximately 2,500 U.S. troops") && strings.Contains(dis.Note, "vs 2,500 troops") || g.State == "injured" {
				t.Errorf("troops: false disagreement in %q: %s", g.Label, dis.Note)
			} else {
				found++
			}
		}
	}

	// Parties: each once, aliases merged, sides linked.
	pv := views["parties"].(PartiesView)
	byID := map[string]PartyEntry{}
	owner := map[string]string{}
	for _, p := range pv.Parties {
		if _, dup := byID[p.ID]; dup {
			t.Errorf("party %s listed twice", p.ID)
		}
		byID[p.ID] = p
		if !p.Known() {
			t.Errorf("party %q is not in the alias table", p.ID)
		}
		for _, a := range p.Aliases {
			if o, dup := owner[a]; dup {
				t.Errorf("alias %q belongs to %s and %s", a, o, p.ID)
			}
			owner[a] = p.ID
		}
		if p.Quote.Text == "" {
			t.Errorf("party %s has no quote", p.ID)
		}
	}
	for _, w := range coverageParties {
		total++
		p, ok := byID[w.id]
		if !ok {
			t.Errorf("party %s is not listed", w.id)
			continue
		}
		bad := p.Side != w.side
		for _, a := range w.aliases {
			if owner[a] != w.id {
				t.Errorf("alias %q belongs to %q; want %s", a, owner[a], w.id)
				bad = true
			}
		}
		if bad {
			t.Errorf("party %s: side %q, aliases %v; want side %q", w.id, p.Side, p.Aliases, w.side)
			continue
		}
		found++
	}
	if len(pv.Parties) != len(coverageParties) {
		t.Errorf("parties view has %d parties; want %d", len(pv.Parties), len(coverageParties))
	}
	// Officials are linked to the side they speak for.
	for side, official := range map[string]string{"iraq": "Mohammed Shia al-Sudani", "us": "Lloyd Austin", "coalition": "Kevin Leahy", "kataib-hezbollah": "Abu Baqir al-Saadi"} {
		if !contains(byID[side].Officials, official) {
			t.Errorf("party %s: officials %v lack %s", side, byID[side].Officials, official)
		}
	}
	// Who said what.
	for id, quote := range map[string]string{"rasool": "Rasool said", "ryder": "Ryder said", "sudani": "Sudani said"} {
		if p := byID[id]; p.Statements == 0 || !p.QuoteSaysIt {
			t.Errorf("party %s: %d statements, quote %q; want a statement such as %q", id, p.Statements, p.Quote.Text, quote)
		}
	}

	// Conditions.
	cv := views["conditions"].(ConditionsView)
	inConditions := func(w wantQuote) bool {
		for _, c := range cv.Conditions {
			if c.Quote.ArticleID == w.article && strings.Contains(c.Quote.Text, w.text) ||
				c.Context != nil && c.Context.ArticleID == w.article && strings.Contains(c.Context.Text, w.text) {
				return true
			}
		}
		return false
	}
	for _, w := range coverageConditions {
		total++
		if inConditions(w) {
			found++
		} else {
			t.Errorf("conditions: %q of %s is not listed", w.text, w.article)
		}
	}
	for _, w := range notConditions {
		if inConditions(w) {
			t.Errorf("conditions: %q of %s is listed; it states no condition", w.text, w.article)
		}
	}

	// Timeline: every event, in order.
	tl := views["timeline"].(TimelineView)
	for _, w := range coverageEvents {
		total++
		ok := false
		for _, e := range tl.Events {
			if e.Date == w.date && e.Quote.ArticleID == w.article && strings.Contains(e.Quote.Text, w.text) {
				ok = e.Origin == w.origin
				if !ok {
					t.Errorf("timeline: %s %q has origin %s; want %s", w.date, w.text, e.Origin, w.origin)
				}
			}
		}
		if ok {
			found++
		} else {
			t.Errorf("timeline: no event %s %q of %s", w.date, w.text, w.article)
		}
	}
	if tl.Unresolved != 0 {
		t.Errorf("timeline: %d unresolved dates; want 0", tl.Unresolved)
	}
	for i := 1; i < len(tl.Events); i++ {
		a, _ := parseDateValue(tl.Events[i-1].Date)
		b, _ := parseDateValue(tl.Events[i].Date)
		if b.Before(a) {
			t.Errorf("timeline out of order: %s before %s", tl.Events[i-1].Date, tl.Events[i].Date)
		}
	}
}

// Known reports whether the entry is a party of the alias table.
func (p PartyEntry) Known() bool { _, ok := facts.PartyByID(p.ID); return ok }

// TestSourceArticleSummary checks the summary of the source article: at
// most 5 sentences covering its main points.
func TestSourceArticleSummary(t *testing.T) {
	views, _ := viewsForTest(t)
	s := views["summary-article"].(Summary)
	if len(s.Sentences) == 0 || len(s.Sentences) > 5 {
		t.Fatalf("summary has %d sentences; want 1 to 5", len(s.Sentences))
	}
	var all []string
	for i, x := range s.Sentences {
		if x.Quote.ArticleID != "iraq-us-talks" {
			t.Errorf("sentence from %s", x.Quote.ArticleID)
		}
		if i > 0 && x.Quote.Sent <= s.Sentences[i-1].Quote.Sent {
			t.Errorf("sentences not in reading order: %d after %d", x.Quote.Sent, s.Sentences[i-1].Quote.Sent)
		}
		all = append(all, x.Quote.Text)
	}
	text := strings.Join(all, "\n")
	for point, re := range map[string]string{
		"the talks' aim: assess the ISIS threat":            `(?i)\b(assess|evaluat)`,
		"then a timetable":                                  `(?i)\b(timetable|timeline)\b`,
		"about 2,500 U.S. troops":                           `2,500 U\.S\. troops`,
		"U.S. strikes prompting calls to end the coalition": `(?i)prompted.*end to the coalition.*U\.S\. strikes on Iran-backed militants`,
		"the risk of an abrupt withdrawal":                  `(?i)abruptly withdraw`,
		"Iraqi sovereignty":                                 `(?i)Iraq's sovereignty|maintain its sovereignty`,
	} {
		if !regexp.MustCompile(re).MatchString(text) {
			t.Errorf("summary misses %s:\n%s", point, text)
		}
	}
}

func TestSummaryOptions(t *testing.T) {
	x, _ := engineForTest(t)
	ctx := context.Background()
	if _, err := x.Summary(ctx, SummaryOptions{ArticleID: "no-such-article"}); err == nil {
		t.Error("Summary(no-such-article) = nil error; want an error")
	}
	s, err := x.Summary(ctx, SummaryOptions{Topic: "zzyzx qwerty"})
	if err != nil || len(s.Sentences) != 0 {
		t.Errorf("Summary(topic with no match) = %d sentences, %v; want none", len(s.Sentences), err)
	}
	s, err = x.Summary(ctx, SummaryOptions{N: 1000})
	if err != nil || len(s.Sentences) != summaryMax {
		t.Errorf("Summary(N 1000) = %d sentences, %v; want %d", len(s.Sentences), err, summaryMax)
	}
	s, err = x.Summary(ctx, SummaryOptions{ArticleID: "xinhua-2024-01-26-higher-military-commission", Topic: "timetable", N: 2})
	if err != nil || len(s.Sentences) == 0 || len(s.Sentences) > 2 || s.Scope != "topic" {
		t.Fatalf("Summary(article and topic) = %+v, %v", s, err)
	}
	for _, x := range s.Sentences {
		if x.Quote.ArticleID != "xinhua-2024-01-26-higher-military-commission" {
			t.Errorf("Summary(article and topic) quotes %s", x.Quote.ArticleID)
		}
	}
	// Redundancy: no two sentences of a summary say the same.
	s, _ = x.Summary(ctx, SummaryOptions{N: 10})
	seen := map[string]bool{}
	for _, x := range s.Sentences {
		if seen[x.Quote.Text] {
			t.Errorf("summary repeats %q", x.Quote.Text)
		}
		seen[x.Quote.Text] = true
	}
}

// TestViewsOnIngestedArticle checks that the views read what the index
// holds: an article added later shows up in each of them.
func TestViewsOnIngestedArticle(t *testing.T) {
	ctx := context.Background()
	a, err := corpus.Parse("new.md", []byte(`---
id: new-report
title: A later report
outlet: Example Wire
url: https://example.com/new
published: 2026-03-04
kind: article
---
Iraqi Foreign Minister Fuad Hussein said on Saturday that about 1,200 U.S. troops remain in the Kurdistan region. The last advisers will leave once the Kurdistan Regional Government agrees, Hussein said.
`))
	if err != nil {
		t.Fatal(err)
	}
	x, err := Create(ctx, filepath.Join(t.TempDir(), "ix"), []*corpus.Article{a}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	tv, err := x.Troops(ctx)
	if err != nil || len(tv.Groups) != 1 || tv.Groups[0].Label != "U.S. troops in Kurdistan region" || tv.Groups[0].Figures[0].AsOf != "2026-02-28" {
		t.Errorf("Troops = %+v, %v; want about 1,200 U.S. troops in the Kurdistan region", tv, err)
	}
	tl, err := x.Timeline(ctx)
	if err != nil || len(tl.Events) != 1 || tl.Events[0].Date != "2026-02-28" || tl.Events[0].Origin != "resolved" {
		t.Errorf("Timeline = %+v, %v; want Saturday 2026-02-28, resolved", tl, err)
	}
	pv, err := x.Parties(ctx)
	var hussein *PartyEntry
	for i := range pv.Parties {
		if pv.Parties[i].Name == "Fuad Hussein" {
			hussein = &pv.Parties[i]
		}
	}
	if err != nil || hussein == nil || hussein.Title != "Foreign Minister" || hussein.Side != "iraq" || hussein.Statements != 2 || hussein.Kind != facts.PartyOfficial {
		t.Errorf("Parties: Fuad Hussein = %+v, %v; want the Iraqi Foreign Minister, quoted twice", hussein, err)
	}
	cv, err := x.Conditions(ctx)
	if err != nil || len(cv.Conditions) != 1 || cv.Conditions[0].Kind != "prerequisite" {
		t.Errorf("Conditions = %+v, %v; want the advisers' leaving once the KRG agrees", cv, err)
	}
	if err := x.Remove(ctx, a.ID); err != nil {
		t.Fatal(err)
	}
	if tv, _ := x.Troops(ctx); tv.Figures != 0 {
		t.Errorf("Troops after Remove = %d figures; want 0", tv.Figures)
	}
}

// A disagreement needs incompatible values from different articles at
// about the same time; hedges of one value are one claim.
func TestDisagreements(t *testing.T) {
	fig := func(text string, v float64, approx, asOf, article string) FigureEntry {
		return FigureEntry{Text: text, Value: v, Approx: approx, AsOf: asOf, Quote: Quote{ArticleID: article, Outlet: article, Published: asOf}}
	}
	for _, c := range []struct {
		name  string
		figs  []FigureEntry
		notes []string
	}{
		{"hedges of one value", []FigureEntry{
			fig("approximately 2,500", 2500, "about", "2024-01-20", "a"),
			fig("2,500", 2500, "exact", "2024-01-26", "b"),
		}, nil},
		{"two values, three sources", []FigureEntry{
			fig("about 2,400", 2400, "about", "2023-12", "crs"),
			fig("approximately 2,500", 2500, "about", "2024-01-20", "a"),
			fig("2,500", 2500, "exact", "2024-01-26", "b"),
		}, []string{"sources differ (2023-12 to 2024-01-26): about 2,400 (crs, 2023-12) vs approximately 2,500 (a, 2024-01-20; b, 2024-01-26)"}},
		{"one article's early and final counts", []FigureEntry{
			fig("34", 34, "exact", "2024-01-28", "w"),
			fig("47", 47, "exact", "2024-01-28", "w"),
		}, nil},
		{"undated figures", []FigureEntry{
			fig("34", 34, "exact", "", "w"),
			fig("47", 47, "exact", "", "x"),
		}, nil},
		{"a year apart", []FigureEntry{
			fig("2,500", 2500, "exact", "2024-01-26", "a"),
			fig("fewer than 2,000", 2000, "fewer than", "2025-09-30", "b"),
		}, nil},
		{"compatible bounds", []FigureEntry{
			fig("under 1,000", 1000, "fewer than", "2025-09-30", "a"),
			fig("about 900", 900, "about", "2025-09-20", "b"),
		}, nil},
	} {
		var notes []string
		for _, d := range disagreements(c.figs) {
			notes = append(notes, d.Note)
		}
		if strings.Join(notes, "\n") != strings.Join(c.notes, "\n") {
			t.Errorf("%s: disagreements %q, want %q", c.name, notes, c.notes)
		}
	}
}

// Only the source article is called "source article"; another article
// without an outlet (an ingested text file) is "outlet unknown".
func TestOnlyTheSourceArticleIsCalledSo(t *testing.T) {
	if got := (Quote{ArticleID: "iraq-us-talks", DateNote: "late January 2024"}).Source(); got != "source article, late January 2024" {
		t.Errorf("source article: %q", got)
	}
	if got := (Quote{ArticleID: "text-3a087d3d6f"}).Source(); got != "outlet unknown, undated" {
		t.Errorf("an ingested text: %q", got)
	}
	if got := SourceList([]Source{{ArticleID: "text-3a087d3d6f"}}, 2); got != "outlet unknown" {
		t.Errorf("an ingested text in a claim's sources: %q", got)
	}
}
