package facts

import (
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

func day(s string) time.Time {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		panic(err)
	}
	return t
}

// fig is the part of a Figure a test pins down.
type fig struct {
	text, unit, whose, place, approx string
	value                            float64
}

func (f fig) matches(g Figure) bool {
	return g.Text == f.text && g.Unit == f.unit && g.Whose == f.whose && g.Place == f.place && g.Approx == f.approx && g.Value == f.value
}

func TestExtractArticle(t *testing.T) {
	a, err := corpus.Parse("ctx.md", []byte(`---
id: ctx
title: Context
outlet: Test
url: https://example.com
published: 2024-02-11
kind: article
---
Iraqi military spokesman Maj. Gen. Yahya Rasool said the meetings would continue. He said they would produce a timetable.

Calls for a withdrawal have come up since January 2020. That month a U.S. strike killed Qassem Soleimani.

Maj. Gen. Pat Ryder said there were no plans to withdraw U.S. troops from Iraq. Roughly 2,500 U.S. troops are deployed there.

The attack killed 3 U.S. soldiers and injured 47. Early reports gave the number of injured as 34 or as more than 40.

U.S. Defense Secretary Lloyd Austin named three factors for the timeline. They are the threat from ISIL and the capabilities of Iraqi forces.
`))
	if err != nil {
		t.Fatal(err)
	}
	fs := ExtractArticle(a)
	ps := a.Passages()
	at := func(prefix string) Facts {
		for i, p := range ps {
			if strings.HasPrefix(p.Text, prefix) {
				return fs[i]
			}
		}
		t.Fatalf("no passage %q", prefix)
		return Facts{}
	}
	if f := at("He said"); f.Speaker != "rasool" {
		t.Errorf("He said: speaker %q; want rasool", f.Speaker)
	}
	if f := at("That month"); len(f.Dates) == 0 || f.Dates[0].Value != "2020-01" || f.Dates[0].Origin != "resolved" {
		t.Errorf("That month: dates %+v; want 2020-01 resolved", f.Dates)
	}
	if f := at("Roughly"); len(f.Figures) != 1 || f.Figures[0].Place != "Iraq" || f.Figures[0].AsOf != "2024-02-11" {
		t.Errorf("deployed there: %+v; want place Iraq as of 2024-02-11", f.Figures)
	}
	f := at("Early reports")
	if len(f.Figures) != 2 || f.Figures[0].Value != 34 || f.Figures[0].Unit != "troops" || f.Figures[0].State != "injured" || f.Figures[1].Approx != "more than" {
		t.Errorf("number of injured: %+v; want 34 and more than 40 injured troops", f.Figures)
	}
	if f := at("They are"); !f.Condition || len(f.Conditions) == 0 || !f.Conditions[0].Back {
		t.Errorf("They are …: conditions %+v; want the factors continued", f.Conditions)
	}
	// Without context, the same sentences know less.
	if f := Extract("He said they would produce a timetable.", time.Time{}); f.Speaker != "" || f.SpeakerText != "He" {
		t.Errorf("Extract(He said …) speaker = %q (%q); want unresolved He", f.Speaker, f.SpeakerText)
	}
}

// TestExtractDefaultCorpus checks invariants over the whole default corpus.
func TestExtractDefaultCorpus(t *testing.T) {
	as, err := corpus.Load(corpus.DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range as {
		fs := ExtractArticle(a)
		for i, p := range a.Passages() {
			f := fs[i]
			for _, g := range f.Figures {
				if p.Text[g.Start:g.End] != g.Text || g.Unit == "" {
					t.Errorf("%s#%d: figure %+v", a.ID, p.Sent, g)
				}
			}
			for _, d := range f.Dates {
				if p.Text[d.Start:d.End] != d.Text || d.Origin == "unresolved" {
					t.Errorf("%s#%d: date %+v", a.ID, p.Sent, d)
				}
			}
			for _, m := range f.Parties {
				if p.Text[m.Start:m.End] != m.Text {
					t.Errorf("%s#%d: mention %+v", a.ID, p.Sent, m)
				}
			}
		}
	}
}
