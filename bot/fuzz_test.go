package bot

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// FuzzRenderAnswer checks that any quote renders within Discord's limits,
// as valid UTF-8, and can neither mention anyone nor mask a link.
func FuzzRenderAnswer(f *testing.F) {
	f.Add("Hey @everyone [x](https://e) **b**", "T", 0, 3)
	f.Add(strings.Repeat("é ", 900), "<@123>", 1, 2000)
	f.Add("\xff\xfe@here", "", 5, 1)
	f.Fuzz(func(t *testing.T, quote, title string, start, end int) {
		p := index.Passage{Quote: quote, Title: title, Outlet: title, URL: "https://example.com/" + title, Marks: []index.Span{{Start: start, End: end}}}
		a := index.Answer{Question: title + "?", Found: true, Passages: []index.Passage{p, p, p, p}, Claims: []index.Claim{{Value: quote, Sources: []index.Source{{Outlet: title}}}}}
		pages, src := renderAnswer(a, passagesPerPage)
		m := message{Embeds: append(pages, src)}.fitted()
		checkLimits(t, "fuzz", m.Content, m.Embeds)
		for _, e := range m.Embeds {
			for _, s := range embedTexts(e) {
				if !utf8.ValidString(s) {
					t.Fatalf("invalid UTF-8: %q", s)
				}
				for _, bad := range []string{"@everyone", "@here", "<@"} {
					if strings.Contains(s, bad) {
						t.Fatalf("%q survives in %q", bad, s)
					}
				}
			}
		}
		if esc := escape(quote); strings.Contains(esc, "](") && !strings.Contains(esc, `\](`) {
			t.Fatalf("escape(%q) = %q keeps a link", quote, esc)
		}
	})
}

func embedTexts(e *discordgo.MessageEmbed) []string {
	out := []string{e.Title, e.Description}
	for _, f := range e.Fields {
		out = append(out, f.Name, f.Value)
	}
	if e.Footer != nil {
		out = append(out, e.Footer.Text)
	}
	return out
}
