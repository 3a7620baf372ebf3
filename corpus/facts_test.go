package corpus

import (
	"strings"
	"testing"
	"time"
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

func TestExtractDates(t *testing.T) {
	saturday := day("2024-01-27") // a Saturday
	tuesday := day("2024-01-30")
	tests := []struct {
		s         string
		published time.Time
		text      string
		value     string
		origin    string
	}{
		{"The talks resumed on Saturday.", tuesday, "on Saturday", "2024-01-27", "resolved"},
		{"The talks will resume on Saturday.", tuesday, "on Saturday", "2024-02-03", "resolved"},
		{"The talks resumed on Saturday.", saturday, "on Saturday", "2024-01-27", "resolved"},
		{"The talks resumed last Saturday.", saturday, "last Saturday", "2024-01-20", "resolved"},
		{"The talks resume next Saturday.", saturday, "next Saturday", "2024-02-03", "resolved"},
		{"The talks resumed on Saturday.", time.Time{}, "on Saturday", "", "unresolved"},
		{"Talks will resume next week.", tuesday, "next week", "2024-02-06/week", "resolved"},
		{"Withdrawals would start the following year.", day("2024-09-27"), "the following year", "2025", "resolved"},
		{"Speaking on 31 December 2025, he said Ain al-Asad would be handed over the following week.", day("2025-12-31"), "the following week", "2026-01-07/week", "resolved"},
		{"On 22 and 23 July 2024, Austin hosted Iraqi Defence Minister Thabet al-Abbasi.", time.Time{}, "22 and 23 July 2024", "2024-07-22", "stated"},
		{"The rest would leave by the end of 2026.", time.Time{}, "the end of 2026", "2026-12", "stated"},
		{"It will end no later than the end of September 2025.", time.Time{}, "the end of September 2025", "2025-09", "stated"},
		{"Attacks have risen since mid-October 2023.", time.Time{}, "mid-October 2023", "2023-10", "stated"},
		{"U.S. forces have been in Iraq since the 2003 invasion.", time.Time{}, "2003", "2003", "stated"},
		{"The commission was agreed on January 25, 2024.", time.Time{}, "January 25, 2024", "2024-01-25", "stated"},
	}
	for _, tt := range tests {
		ds := ExtractDates(tt.s, tt.published)
		var got *Date
		for i := range ds {
			if ds[i].Text == tt.text {
				got = &ds[i]
			}
		}
		if got == nil {
			t.Errorf("ExtractDates(%q) = %+v; want %q", tt.s, ds, tt.text)
			continue
		}
		if got.Value != tt.value || got.Origin != tt.origin {
			t.Errorf("ExtractDates(%q, %s): %q = %q (%s); want %q (%s)", tt.s, tt.published.Format(time.DateOnly), tt.text, got.Value, got.Origin, tt.value, tt.origin)
		}
	}
	if ds := ExtractDates("The talks resumed on 11 February 2024.", time.Time{}); len(ds) != 1 || ds[0].Rel != "on" {
		t.Errorf("rel of \"on 11 February 2024\" = %+v; want on", ds)
	}
	if ds := ExtractDates("Iraq wants the coalition to end by September 2025.", time.Time{}); len(ds) != 1 || ds[0].Rel != "by" {
		t.Errorf("rel of \"by September 2025\" = %+v; want by", ds)
	}
}

func TestExtractNames(t *testing.T) {
	tests := []struct {
		s                           string
		text, title, role, side, id string
	}{
		{"Iraqi Prime Minister Mohammed Shia al-Sudani visited Washington.", "Mohammed Shia al-Sudani", "Prime Minister", "", "iraq", "sudani"},
		{"U.S. Defense Secretary Lloyd Austin said the talks would begin.", "Lloyd Austin", "Defense Secretary", "", "us", "austin"},
		{"Iraqi military spokesman Maj. Gen. Yahya Rasool said the meetings would continue.", "Yahya Rasool", "Maj. Gen.", "military spokesman", "iraq", "rasool"},
		{"Qais Khazali, leader of Asaib Ahl al-Haq, thanked the government.", "Qais Khazali", "", "leader of Asaib Ahl al-Haq", "asaib-ahl-al-haq", "khazali"},
		{"Sudani told the coalition's commander, Maj. Gen. Kevin Leahy, that ISIS was beaten.", "Kevin Leahy", "Maj. Gen.", "coalition's commander", "coalition", "leahy"},
		{"Deputy Pentagon press secretary Sabrina Singh made the same point.", "Sabrina Singh", "", "Deputy Pentagon press secretary", "us", "singh"},
		{"Kurdistan Region Prime Minister Masrour Barzani said some U.S. presence is necessary.", "Masrour Barzani", "Prime Minister", "", "krg", "barzani"},
		{"Lt. Gen. Qais al-Muhammadawi, deputy commander of Iraq's Joint Operations Command, said the mission had ended.", "Qais al-Muhammadawi", "Lt. Gen.", "deputy commander of Iraq's Joint Operations Command", "iraq", "muhammadawi"},
		// A name the table does not know.
		{"Iraqi Foreign Minister Fuad Hussein met the envoy.", "Fuad Hussein", "Foreign Minister", "", "iraq", ""},
		{"British Ambassador Jane Doe, speaking for London, said so.", "Jane Doe", "Ambassador", "speaking for London", "", ""},
	}
	for _, tt := range tests {
		var got *Name
		for _, n := range ExtractNames(tt.s) {
			if n.Text == tt.text {
				got = &n
			}
		}
		if got == nil {
			t.Errorf("ExtractNames(%q) = %+v; want %q", tt.s, ExtractNames(tt.s), tt.text)
			continue
		}
		if got.Title != tt.title || got.Role != tt.role || got.Side != tt.side || got.Party != tt.id {
			t.Errorf("ExtractNames(%q): %q = title %q, role %q, side %q, party %q; want %q, %q, %q, %q", tt.s, tt.text, got.Title, got.Role, got.Side, got.Party, tt.title, tt.role, tt.side, tt.id)
		}
		if tt.s[got.Start:got.End] != got.Text {
			t.Errorf("name %q is not s[%d:%d]", got.Text, got.Start, got.End)
		}
		if got.Title != "" && !strings.HasSuffix(tt.s[:got.Start], got.Title+" ") {
			t.Errorf("title %q is not right before the name in %q", got.Title, tt.s)
		}
	}
	for _, s := range []string{"Kataib Hezbollah is an Iraqi Shia armed group.", "Deputy Pentagon press secretary Sabrina Singh made the same point."} {
		for _, n := range ExtractNames(s) {
			if n.Text == "Iraqi Shia" || n.Text == "Deputy Pentagon" {
				t.Errorf("ExtractNames(%q) has %q: not a name", s, n.Text)
			}
		}
	}
}

func TestPartyAliases(t *testing.T) {
	for alias, id := range map[string]string{
		"ISIS": "isis", "ISIL": "isis", "Daesh": "isis", "Islamic State": "isis", "Islamic State group": "isis",
		"U.S.": "us", "United States": "us", "Washington": "us",
		"HMC": "hmc", "Higher Military Commission": "hmc",
		"Sudani": "sudani", "Mohammed Shia al-Sudani": "sudani",
		"Wissam Mohammed al-Saadi": "abu-baqir-al-saadi", "Abu Baqir al-Saadi": "abu-baqir-al-saadi",
		"Global Coalition": "coalition", "U.S.-led coalition": "coalition",
	} {
		if got := PartyOf(alias); got != id {
			t.Errorf("PartyOf(%q) = %q; want %q", alias, got, id)
		}
	}
	for _, p := range Parties() {
		if p.Side != "" {
			if _, ok := PartyByID(p.Side); !ok {
				t.Errorf("party %s: side %q is not a party", p.ID, p.Side)
			}
		}
		if p.Role == "" || p.Name == "" || len(p.Aliases) == 0 {
			t.Errorf("party %s lacks a name, role or alias", p.ID)
		}
		switch p.Kind {
		case PartyGovernment, PartyForce, PartyMilitia, PartyOrganisation, PartyOfficial:
		default:
			t.Errorf("party %s: kind %q", p.ID, p.Kind)
		}
	}
	ms := FindParties("Iraq and the United States agreed to set up the Higher Military Commission (HMC) with the U.S.-led coalition, Iraq's Foreign Ministry said.")
	var ids []string
	for _, m := range ms {
		ids = append(ids, m.ID)
	}
	if got, want := strings.Join(ids, " "), "iraq us hmc hmc coalition iraq-foreign-ministry"; got != want {
		t.Errorf("FindParties = %s; want %s", got, want)
	}
	if ms := FindParties("About 2,500 U.S. troops are in Iraq."); len(ms) != 2 || !ms[1].Place || ms[0].Place {
		t.Errorf("FindParties: %+v; want U.S. as actor, Iraq as place", ms)
	}
}

func TestSpeakers(t *testing.T) {
	tests := []struct{ s, text, id string }{
		{"The mission had become \"a factor for instability\", Rasool said.", "Rasool", "rasool"},
		{"Maj. Gen. Pat Ryder, speaking for the Pentagon, said there were no plans to withdraw.", "Maj. Gen. Pat Ryder", "ryder"},
		{"Austin proposed a third year, and Iraq refused it, Abbasi said.", "Abbasi", "abbasi"},
		{"Some U.S. advisers were likely to stay, according to Iraqi sources.", "Iraqi sources", "iraqi-officials"},
		{"The first session was held in Baghdad, the office of Iraqi Prime Minister Mohammed Shia al-Sudani said.", "the office of Iraqi Prime Minister Mohammed Shia al-Sudani", "sudani"},
		{"Washington says the timing of the talks is not linked to those attacks.", "Washington", "us"},
		{"A senior official called it \"not a withdrawal\", and added: \"This is a transition\".", "A senior official", ""},
		{"The talks were held in Baghdad.", "", ""},
	}
	for _, tt := range tests {
		f := Extract(tt.s, time.Time{})
		if f.SpeakerText != tt.text || f.Speaker != tt.id {
			t.Errorf("Extract(%q) speaker = %q (%q); want %q (%q)", tt.s, f.SpeakerText, f.Speaker, tt.text, tt.id)
		}
	}
	f := Extract("The coalition's mission will end, the United States and Iraq said in a joint statement.", time.Time{})
	if strings.Join(f.Speakers, " ") != "us iraq" {
		t.Errorf("joint statement speakers = %v; want us iraq", f.Speakers)
	}
}

// TestExtractArticle checks what context adds: speakers of "He said",
// dates of "that month", places of "there", units of "the number of injured".
func TestExtractArticle(t *testing.T) {
	a, err := Parse("ctx.md", []byte(`---
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

func TestConditionCues(t *testing.T) {
	tests := []struct {
		s     string
		kinds string
	}{
		{"Once this evaluation is complete, a timetable for the departure of U.S. and coalition allies will be established.", "prerequisite timetable"},
		{"Washington had at first demanded that militia attacks stop before any talks could begin.", "prerequisite"},
		{"The aim is to stop ISIS from re-emerging, and this support is subject to conditions on the ground.", "proviso proviso"},
		{"That shift is to follow a timeline based on the ISIS threat.", "timetable basis"},
		{"The coalition will keep supporting operations in Syria until September 2026.", "deadline"},
		{"Forces would start leaving after the U.S. election in November 2024.", "prerequisite"},
		{"The talks will run through a commission the two governments agreed on the summer before, in 2023.", ""},
		{"The decision came after nine months of talks.", ""},
		{"The mission had become \"a factor for instability\", Rasool said.", ""},
	}
	for _, tt := range tests {
		var kinds []string
		for _, c := range ConditionCues(tt.s) {
			kinds = append(kinds, c.Kind)
		}
		if got := strings.Join(kinds, " "); got != tt.kinds {
			t.Errorf("ConditionCues(%q) = %q; want %q", tt.s, got, tt.kinds)
		}
	}
}

// TestExtractDefaultCorpus checks invariants over the whole default corpus.
func TestExtractDefaultCorpus(t *testing.T) {
	as, err := Load(DefaultFS())
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
