package facts

import (
	"testing"
	"time"
)

func TestExtractFiguresTricky(t *testing.T) {
	tests := []struct {
		name string
		s    string
		want []fig
	}{
		{"two figures, two places",
			"About 2,500 U.S. troops are deployed in Iraq, and about 900 U.S. troops are in Syria.",
			[]fig{{"About 2,500 U.S. troops", "troops", "U.S.", "Iraq", "about", 2500}, {"about 900 U.S. troops", "troops", "U.S.", "Syria", "about", 900}}},
		{"elided unit takes the figure before",
			"In December 2023, U.S. Central Command reported about 2,400 U.S. troops in Iraq and 800 in Syria.",
			[]fig{{"about 2,400 U.S. troops", "troops", "U.S.", "Iraq", "about", 2400}, {"800", "troops", "U.S.", "Syria", "exact", 800}}},
		{"hundreds of mostly European troops are not the 2,500 U.S. troops",
			"The U.S. has 2,500 troops in Iraq advising local forces against a resurgence of Daesh; hundreds of mostly European troops also serve in the coalition.",
			[]fig{{"2,500 troops", "troops", "U.S.", "Iraq", "exact", 2500}, {"hundreds of mostly European troops", "troops", "European", "", "vague", 200}}},
		{"an appositive names whose troops",
			"Hundreds of other troops, mostly European, also serve in the coalition.",
			[]fig{{"Hundreds of other troops", "troops", "European", "", "vague", 200}}},
		{"percent, then fewer than 2,000 without a unit",
			"U.S. troop numbers in Iraq fall by about 20 percent, leaving fewer than 2,000, mostly in Erbil.",
			[]fig{{"about 20 percent", "percent", "U.S.", "Iraq", "about", 20}, {"fewer than 2,000", "troops", "U.S.", "Iraq", "fewer than", 2000}}},
		{"fewer than, with its unit",
			"That leaves fewer than 2,000 U.S. troops in Iraq, mostly in Erbil.",
			[]fig{{"fewer than 2,000 U.S. troops", "troops", "U.S.", "Iraq", "fewer than", 2000}}},
		{"a range",
			"Officials said between 2,000 and 2,500 U.S. troops would stay in Iraq.",
			[]fig{{"between 2,000 and 2,500 U.S. troops", "troops", "U.S.", "Iraq", "between", 2000}}},
		{"a range with a hyphen",
			"The coalition keeps 2,000-2,500 troops in Iraq.",
			[]fig{{"2,000-2,500 troops", "troops", "coalition", "Iraq", "between", 2000}}},
		{"the place after other words",
			"About 1,500 U.S. and coalition personnel from seven countries were in the Kurdistan region, Muhammadawi said.",
			[]fig{{"About 1,500 U.S. and coalition personnel", "personnel", "U.S. and coalition", "Kurdistan region", "about", 1500}, {"seven countries", "countries", "", "", "exact", 7}}},
		{"the place before the number",
			"The U.S. force in Syria was cut to under 1,000 troops.",
			[]fig{{"under 1,000 troops", "troops", "U.S.", "Syria", "fewer than", 1000}}},
		{"times of attack, by whom",
			"Iran-backed groups attacked U.S. personnel in Iraq more than 60 times between October 2023 and 4 February 2024.",
			[]fig{{"more than 60 times", "attacks", "Iran-backed militias", "Iraq", "more than", 60}}},
		{"attacks suffered are not the victims' own",
			"Coalition forces had come under attack more than 165 times since mid-October 2023.",
			[]fig{{"more than 165 times", "attacks", "", "", "more than", 165}}},
		{"identifiers are not counts",
			"It staffs brigades 45, 46 and 47 of the Popular Mobilization Forces near Tower 22.",
			nil},
		{"years are not counts",
			"In 2020, Iraq's parliament voted to expel foreign troops, with 168 of its 329 members in favour.",
			[]fig{{"168 of its 329 members", "members", "Iraqi parliament", "", "exact", 168}, {"329 members", "members", "Iraqi parliament", "", "exact", 329}}},
		{"killed and injured",
			"The attack killed 3 U.S. soldiers and injured 47.",
			[]fig{{"3 U.S. soldiers", "troops", "U.S.", "", "exact", 3}, {"47", "troops", "U.S.", "", "exact", 47}}},
		{"millions",
			"More than 11 million people lived in the area it controlled.",
			[]fig{{"More than 11 million people", "people", "", "", "more than", 11e6}}},
		{"X of N",
			"The United States leads a coalition of more than 80 members.",
			[]fig{{"more than 80 members", "members", "coalition", "", "more than", 80}}},
		{"a month name is not a place",
			"About 2,500 U.S. troops in December remained.",
			[]fig{{"About 2,500 U.S. troops", "troops", "U.S.", "", "about", 2500}}},
		{"a name with a place inside is not a place",
			"The Islamic Resistance in Iraq has claimed more than 150 attacks.",
			[]fig{{"more than 150 attacks", "attacks", "Islamic Resistance in Iraq", "", "more than", 150}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := ExtractFigures(tt.s)
			if len(got) != len(tt.want) {
				t.Fatalf("ExtractFigures(%q) = %d figures %+v; want %d", tt.s, len(got), got, len(tt.want))
			}
			for i, w := range tt.want {
				if !w.matches(got[i]) {
					t.Errorf("ExtractFigures(%q)[%d] = %+v; want %+v", tt.s, i, got[i], w)
				}
				if got[i].Text != tt.s[got[i].Start:got[i].End] {
					t.Errorf("figure text %q is not s[%d:%d]", got[i].Text, got[i].Start, got[i].End)
				}
			}
		})
	}
}

func TestFigureDetails(t *testing.T) {
	f := Extract("U.S. troop numbers in Iraq fall by about 20 percent, leaving fewer than 2,000, mostly in Erbil.", day("2025-09-30"))
	if len(f.Figures) != 2 {
		t.Fatalf("figures = %+v", f.Figures)
	}
	if p := f.Figures[0]; p.Of != "troops" || p.State != "reduction" {
		t.Errorf("percent = %+v; want of troops, state reduction", p)
	}
	if p := f.Figures[1]; p.Mostly != "Erbil" || p.State != "" || !p.Elided || p.AsOf != "2025-09-30" || p.AsOfOrigin != "published" {
		t.Errorf("fewer than 2,000 = %+v; want mostly in Erbil, elided, as of the article's date", p)
	}
	f = Extract("The attack killed 3 U.S. soldiers and injured 47.", time.Time{})
	if f.Figures[0].State != "killed" || f.Figures[1].State != "injured" {
		t.Errorf("states = %q, %q; want killed, injured", f.Figures[0].State, f.Figures[1].State)
	}
	f = Extract("Iraqi figures count 4 ISIS attacks in 2025, down from 42 in 2024.", day("2025-12-31"))
	if f.Figures[0].AsOf != "2025" || f.Figures[1].AsOf != "2024" || f.Figures[1].Unit != "attacks" || f.Figures[1].Whose != "ISIS" {
		t.Errorf("figures = %+v; want 4 attacks in 2025, 42 ISIS attacks in 2024", f.Figures)
	}
	f = Extract("Iran-backed groups attacked U.S. personnel in Iraq more than 60 times between October 2023 and 4 February 2024.", time.Time{})
	if g := f.Figures[0]; g.Against != "U.S." || g.AsOf != "2024-02-04" {
		t.Errorf("attacks = %+v; want against U.S., as of the end of the range", g)
	}
	f = Extract("About 900 U.S. troops in Syria help guard about 9,000 detained ISIS fighters.", time.Time{})
	if g := f.Figures[1]; g.State != "detained" || g.Whose != "ISIS" || g.Place != "" {
		t.Errorf("fighters = %+v; want detained ISIS fighters with no place of their own", g)
	}
}
