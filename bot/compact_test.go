package bot

import (
	"context"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// The compact views of the embedded corpus, from a real index: golden
// files, pages within budget, no sentence twice, no false disagreement,
// and the timeline starting with the talks.
func TestCompactViewsOfTheCorpus(t *testing.T) {
	arts, err := corpus.Load(corpus.DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	x, err := index.Create(context.Background(), filepath.Join(t.TempDir(), "ix"), arts, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	views := IndexViews(x)
	snippetRe := regexp.MustCompile(`“([^”]+)”`)
	for _, name := range []string{"troops", "parties", "conditions", "timeline", "summary"} {
		v, err := views.View(context.Background(), name, ViewQuery{})
		if err != nil {
			t.Fatal(err)
		}
		ps := viewPages(v, nil)
		var pages []any
		for i, p := range ps.pages {
			pages = append(pages, rendered([]*discordgo.MessageEmbed{p}, pager("ID", i, ps)))
		}
		golden(t, "compact_"+name, pages)
		seen := map[string]bool{}
		for i, p := range ps.pages {
			if n := visibleRunes(p.Description); n > compactRunesPerPage || runes(p.Description) > maxCompactDescription {
				t.Errorf("/%s page %d: %d characters, over %d", name, i+1, n, compactRunesPerPage)
			}
			for _, m := range snippetRe.FindAllStringSubmatch(p.Description, -1) {
				if seen[m[1]] {
					t.Errorf("/%s shows “%s” twice", name, m[1])
				}
				seen[m[1]] = true
			}
			if strings.Contains(p.Description, "**approximately 2,500 U.S. troops** (") && strings.Contains(p.Description, " vs **2,500 troops**") {
				t.Errorf("/%s: one value under two hedges is called a disagreement", name)
			}
		}
		if ps.full == nil && name != "summary" {
			t.Errorf("/%s has no full quotes", name)
		}
		if name == "timeline" && !strings.Contains(ps.pages[0].Description, "**The talks, from 2023**") {
			t.Errorf("/timeline does not start with the talks: %s", ps.pages[0].Description)
		}
		if name == "troops" && !strings.Contains(ps.pages[0].Description, "**U.S. troops in Iraq**") {
			t.Errorf("/troops does not start with U.S. troops in Iraq: %s", ps.pages[0].Description)
		}
	}
}

// Every quote a compact view shows is, between its quotation marks, the
// whole sentence as the article has it (body[Start:End]) or its start cut
// at a clause boundary and marked with an ellipsis; no page ends on a
// heading; "our brief of the report" is said once, in the footer.
func TestCompactQuotesExact(t *testing.T) {
	arts, err := corpus.Load(corpus.DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	bodies := map[string]string{}
	for _, a := range arts {
		bodies[a.ID] = a.Body
	}
	x, err := index.Create(context.Background(), filepath.Join(t.TempDir(), "ix"), arts, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	views := IndexViews(x)
	codeSpan := regexp.MustCompile("`[^`]*`")
	quoteRe := regexp.MustCompile(`“((?:[^“”]|“[^“”]*”)+)”`)
	cuts := 0
	for _, name := range []string{"troops", "parties", "conditions", "timeline", "summary"} {
		v, err := views.View(context.Background(), name, ViewQuery{})
		if err != nil {
			t.Fatal(err)
		}
		// The sentences the view quotes, each checked against its article.
		var sentences []string
		for _, s := range v.Sections {
			for _, it := range s.Items {
				q := it.Quote
				body := bodies[q.ArticleID]
				if q.Start < 0 || q.End > len(body) || q.Start > q.End || body[q.Start:q.End] != q.Quote {
					t.Fatalf("/%s: %q is not body[%d:%d] of %s", name, q.Quote, q.Start, q.End, q.ArticleID)
				}
				sentences = append(sentences, oneLine(q.Quote))
			}
		}
		for i, p := range viewPages(v, nil).pages {
			var items []string // the item lines, without their labels (`2014 (resolved from “That was the year”)`)
			for _, line := range strings.Split(p.Description, "\n") {
				if strings.HasPrefix(line, "• ") {
					items = append(items, codeSpan.ReplaceAllString(line, ""))
				}
			}
			for _, m := range quoteRe.FindAllStringSubmatch(strings.Join(items, "\n"), -1) {
				shown := unescape(m[1])
				prefix, cut := strings.CutSuffix(shown, ellipsis)
				ok := false
				for _, s := range sentences {
					if s == shown || cut && strings.HasPrefix(s, prefix) && slices.Contains(clauseEnds(s), len(prefix)) {
						ok = true
						break
					}
				}
				if !ok {
					t.Errorf("/%s page %d: “%s” is neither a whole sentence nor one cut at a clause boundary", name, i+1, shown)
				}
				if cut {
					cuts++
				}
			}
			lines := strings.Split(p.Description, "\n")
			if last := lines[len(lines)-1]; strings.HasPrefix(last, "**") {
				t.Errorf("/%s page %d ends on the heading %s", name, i+1, last)
			}
			if strings.Contains(p.Description, "our brief") {
				t.Errorf("/%s page %d says “our brief” in its text, not only in the footer", name, i+1)
			}
			if p.Footer == nil || strings.Count(p.Footer.Text, "our brief of the report") != 1 {
				t.Errorf("/%s page %d: footer %v does not say once what a brief is", name, i+1, p.Footer)
			}
		}
	}
	if cuts == 0 {
		t.Error("no quote was cut: the test checks nothing of the cuts")
	}
}

func TestCompactQuote(t *testing.T) {
	mid := "Iraqi Defence Minister Thabet al-Abbasi said coalition forces would leave Baghdad and the rest of federal Iraq by September 2025"
	long := "Iraqi Defence Minister Thabet al-Abbasi said coalition forces would leave Baghdad and the rest of federal Iraq by September 2025 and the Kurdistan region a year later"
	for _, c := range []struct{ in, want string }{
		{"U.S. combat forces left the country in 2011.", "U.S. combat forces left the country in 2011."},
		// Under the length: whole, however it goes on.
		{"Once this evaluation is complete, a timetable for the departure of U.S. and coalition allies will be established.",
			"Once this evaluation is complete, a timetable for the departure of U.S. and coalition allies will be established."},
		// No clause boundary in reach: whole, never cut mid-clause.
		{long + ".", long + "."},
		// An attribution at the end is a clause of its own.
		{"The first formal session of the talks was held in Baghdad on 27 January 2024, the office of Iraqi Prime Minister Mohammed Shia al-Sudani said.",
			"The first formal session of the talks was held in Baghdad on 27 January 2024…"},
		{mid + ", and some would stay on in Erbil after that, the officials told reporters.", mid + "…"},
		{"The aim is to stop ISIS from re-emerging from north-east Syria and to keep up the pressure on its cells; this support is subject to conditions on the ground.",
			"The aim is to stop ISIS from re-emerging from north-east Syria and to keep up the pressure on its cells…"},
	} {
		if got := compactQuote(c.in); got != c.want {
			t.Errorf("compactQuote(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// An answer quoting briefs says once, in the footer of each page that
// quotes one, what a brief is; its sources carry only the mark.
func TestAnswerBriefSaidOnce(t *testing.T) {
	a := troopsAnswer(10)
	briefs := 0
	for _, p := range a.Passages {
		if p.Kind == "brief" {
			briefs++
		}
	}
	if briefs < 2 {
		t.Fatalf("the test answer quotes %d briefs; want several", briefs)
	}
	pages, src := renderAnswer(a, passagesPerPage)
	for i, p := range pages {
		for _, f := range p.Fields {
			if strings.Contains(f.Value, "our brief") {
				t.Errorf("page %d: a source says “our brief”: %s", i+1, f.Value)
			}
		}
		want := 0 // said once on a page that quotes a brief, else not at all
		if briefOnPage(a.Passages, i*passagesPerPage, (i+1)*passagesPerPage) {
			want = 1
		}
		if p.Footer == nil || strings.Count(p.Footer.Text, "our brief of the report") != want {
			t.Errorf("page %d: footer %v says what a brief is %d times; want %d", i+1, p.Footer, strings.Count(p.Footer.Text, "our brief of the report"), want)
		}
	}
	if strings.Count(src.Description, "our brief") != 0 || !strings.Contains(src.Description, briefMark) || !strings.HasPrefix(src.Footer.Text, briefMark) {
		t.Errorf("Sources: %q / %q; want the mark on each brief and its meaning once in the footer", src.Description, src.Footer.Text)
	}
}
