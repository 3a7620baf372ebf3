package bot

import (
	"context"
	"path/filepath"
	"regexp"
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
