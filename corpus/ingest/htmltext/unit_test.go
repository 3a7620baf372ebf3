package htmltext

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
)

func TestCleanBlocks(t *testing.T) {
	long := "The talks between Iraq and the United States resumed on Thursday in Baghdad, officials said."
	blocks := []block{
		{text: long},
		{text: "Close"},
		{text: "Fullscreen"},
		{text: "Loading Comments…"},
		{text: "Iraq's prime minister said the coalition's mission would end, his office said on Friday."},
		{text: long}, // the text kept twice
		{text: "Kataib Hezbollah claims attack", linkRunes: 30},
		{text: "A sentence with a link in it, which is the article's own text and stays where it is.", linkRunes: 6},
		{text: "The commission met for the first time in late January, with military officers of both countries."},
		{text: "Other concerns"}, // a subheading of the article
		{text: "The second half of the article goes on after its subheading, as articles do, for a while."},
		{text: "Other Opinion Columns"},
		{text: "What went viral 5 years ago today and how it changed the internet forever, a look back."},
	}
	got, repeats := cleanBlocks(blocks)
	want := []string{long, blocks[4].text, blocks[7].text, blocks[8].text, blocks[9].text, blocks[10].text}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("cleanBlocks kept\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if repeats != 1 {
		t.Errorf("cleanBlocks: %d repeats; want 1", repeats)
	}
}

func TestBetter(t *testing.T) {
	p := func(i int) string {
		return fmt.Sprintf("Paragraph %d of the article says what the officials said about the talks in Baghdad.", i)
	}
	var full []string
	for i := range 10 {
		full = append(full, p(i))
	}
	gallery := append([]string{p(0), p(1), p(2), p(3), p(4)}, "Caption of a photo in a gallery that came with the page, about another story.")
	tests := []struct {
		name       string
		traf, read []string
		want       []string
	}{
		{"trafilatura kept a fragment", full[:2], full, full},
		{"trafilatura is merely shorter", full[:6], full, full[:6]},
		{"readability need not hold trafilatura's lines", []string{"A standfirst that sums up the article in a sentence or two of its own words.", p(0)}, full, full},
		{"trafilatura found nothing", nil, full, full},
		{"neither found prose", []string{"Menu"}, []string{"Home"}, []string{"Menu"}},
		{"readability took a gallery", full[:5], gallery, full[:5]},
	}
	for _, tt := range tests {
		if got := better(tt.traf, tt.read); strings.Join(got, "|") != strings.Join(tt.want, "|") {
			t.Errorf("%s: better kept %q; want %d paragraphs", tt.name, got, len(tt.want))
		}
	}
	if needsSecondOpinion(full, 0, 100) {
		t.Errorf("needsSecondOpinion(10 paragraphs, no repeats, 100 page words) = true")
	}
	if !needsSecondOpinion(full, 1, 100) || !needsSecondOpinion(full[:1], 0, 100) || !needsSecondOpinion(nil, 0, 0) {
		t.Errorf("needsSecondOpinion is false for a text that repeats itself, is short or is nothing")
	}
}

func TestCleanTitle(t *testing.T) {
	page, _ := url.Parse("https://www.dw.com/en/x")
	tests := []struct{ title, site, want string }{
		{"Obama admits US gun laws are his 'biggest frustration' - BBC News", "BBC News", "Obama admits US gun laws are his 'biggest frustration'"},
		{"Berlin confronts Germany's colonial past | DW | 19.01.2020", "DW.COM", "Berlin confronts Germany's colonial past"},
		{"Talks resume – Reuters", "Reuters", "Talks resume"},
		{"Iraq - U.S. talks resume", "Reuters", "Iraq - U.S. talks resume"},
		{"Plain headline", "", "Plain headline"},
	}
	for _, tt := range tests {
		if got := cleanTitle(tt.title, tt.site, page); got != tt.want {
			t.Errorf("cleanTitle(%q, %q) = %q; want %q", tt.title, tt.site, got, tt.want)
		}
	}
}

func TestCleanAuthors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Jeffrey Gettleman; JEFFREY GETTLEMAN", "Jeffrey Gettleman"},
		{"Username", ""},
		{" Jane  Roe ;John Doe", "Jane Roe; John Doe"},
	}
	for _, tt := range tests {
		if got := cleanAuthors(tt.in); got != tt.want {
			t.Errorf("cleanAuthors(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}

func TestBylineName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"By Daniel Kahn Gillmor, Senior Staff Technologist, ACLU", "Daniel Kahn Gillmor"},
		{"by Erin Cunningham", "Erin Cunningham"},
		{"April 28, 2019 at 6:01 am", ""},
		{"Follow @someone", ""},
		{"Username", ""},
		{"more stories from our reporters in the region today", ""},
	}
	for _, tt := range tests {
		if got := bylineName(tt.in); got != tt.want {
			t.Errorf("bylineName(%q) = %q; want %q", tt.in, got, tt.want)
		}
	}
}
