package bot

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// golden compares v, as indented JSON, with testdata/golden/name.json.
func golden(t *testing.T, name string, v any) {
	t.Helper()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
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
		t.Fatalf("%v (run go test ./bot -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(buf.Bytes(), want) {
		t.Errorf("%s differs from %s (run with -update if the change is intended):\n%s", name, path, buf.String())
	}
}

// rendered is a message as it goes on the wire.
func rendered(embeds []*discordgo.MessageEmbed, comps []discordgo.MessageComponent) map[string]any {
	d := message{Embeds: embeds, Components: comps}.responseData()
	return map[string]any{"embeds": d.Embeds, "components": d.Components, "allowed_mentions": d.AllowedMentions}
}

func TestRenderGolden(t *testing.T) {
	sources, _ := fakeLibrary{n: 12}.Sources(t.Context())
	answer := troopsAnswer(10)
	pages, src := renderAnswer(answer, passagesPerPage)
	ps := &pageSet{pages: pages, next: "More passages", sources: src}
	notFound := index.Answer{Question: "What colour is the Pentagon's cat?", Passages: answer.Passages[:2]}
	nfPages, _ := renderAnswer(notFound, passagesPerPage)
	nothing, _ := renderAnswer(index.Answer{Question: "Zebras?"}, passagesPerPage)
	hostile, _ := renderAnswer(everyoneAnswer(), passagesPerPage)
	view := renderView(View{Title: "Troops", Intro: "Troop numbers as each source gives them.", Sections: []ViewSection{
		{Heading: "About 2,500 U.S. troops", Text: "Most reports before the drawdown.", Items: []ViewItem{{Label: "2024-01-11 · About 2,500", Quote: answer.Passages[1]}, {Quote: answer.Passages[2]}}},
		{Heading: "Fewer than 2,000", Items: []ViewItem{{Quote: answer.Passages[0]}}},
	}})
	for _, c := range []struct {
		name string
		v    any
	}{
		{"answer_page1", rendered(pages[:1], pager("ID", 0, ps))},
		{"answer_page2", rendered(pages[1:2], pager("ID", 1, ps))},
		{"answer_sources", rendered([]*discordgo.MessageEmbed{src}, nil)},
		{"answer_not_found", rendered(nfPages, nil)},
		{"answer_nothing", rendered(nothing, nil)},
		{"answer_hostile", rendered(hostile, nil)},
		{"sources_page1", rendered(renderSources(sources, sourcesPerPage)[:1], nil)},
		{"help", rendered([]*discordgo.MessageEmbed{renderHelp(sources, true, false, true)}, nil)},
		{"view", rendered(view, nil)},
		{"ingest_added", rendered([]*discordgo.MessageEmbed{renderIngest(IngestReport{Status: "added", ID: "x-1", Title: "New", Outlet: "AP", Published: "2024-01-01", URL: "https://example.com/x", Passages: 4})}, nil)},
		{"ingest_duplicate", rendered([]*discordgo.MessageEmbed{renderIngest(IngestReport{Status: "duplicate", ID: "x-2", SameAs: "x-1"})}, nil)},
		{"reindex", rendered([]*discordgo.MessageEmbed{renderReindex(ReindexReport{Articles: 30, Passages: 900, Took: 1234567890})}, nil)},
	} {
		t.Run(c.name, func(t *testing.T) { golden(t, c.name, c.v) })
	}
}

func TestEscape(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain text, 2,500 troops.", "plain text, 2,500 troops."},
		{"@everyone @here", "@\u200beveryone @\u200bhere"},
		{"<@123> <@&456> <#789>", "<\u200b@\u200b123> <\u200b@\u200b&456> <\u200b#789>"},
		{"[click](https://evil)", `\[click\]\(https://evil\)`},
		{"**bold** _it_ ~~s~~ `c` ||sp||", `\*\*bold\*\* \_it\_ \~\~s\~\~ \` + "`c\\` " + `\|\|sp\|\|`},
		{"# head\n> quote\n- item\n1. one", "\\# head\n\\> quote\n\\- item\n1\\. one"},
		{"U.S.-led - not a list", "U.S.-led - not a list"},
		{`back\slash`, `back\\slash`},
		{"bad \xff utf8", "bad \uFFFD utf8"},
	} {
		if got := escape(c.in); got != c.want {
			t.Errorf("escape(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, c := range []struct {
		in   string
		max  int
		want string
	}{
		{"short", 10, "short"},
		{"the quick brown fox jumps", 12, "the quick…"},
		{"ééééééééééé", 5, "éééé…"},
		{"日本語のテキストです", 4, "日本語…"},
		{"word", 1, "…"},
		{"word", 0, ""},
		{"averyveryverylongwordwithoutspaces", 10, "averyvery…"},
	} {
		got := truncate(c.in, c.max)
		if got != c.want {
			t.Errorf("truncate(%q, %d) = %q; want %q", c.in, c.max, got, c.want)
		}
		if !utf8.ValidString(got) || runes(got) > max(c.max, 0) {
			t.Errorf("truncate(%q, %d) = %q: invalid or too long", c.in, c.max, got)
		}
	}
}

func TestFitMessageLimits(t *testing.T) {
	long := strings.Repeat("word ", 3000)
	e := &discordgo.MessageEmbed{Title: long, Description: long, Footer: &discordgo.MessageEmbedFooter{Text: long}}
	for i := 0; i < 40; i++ {
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: long, Value: long})
	}
	m := message{Content: long, Embeds: []*discordgo.MessageEmbed{e, {Description: long}}}.fitted()
	checkLimits(t, "fitted", m.Content, m.Embeds)
	if e.Title != long {
		t.Error("fitted changed the caller's embed")
	}
	// Quotes keep their Markdown balanced when cut.
	q := strings.Repeat("U.S. troops in Iraq and Syria. ", 80)
	got := fitQuote(q, marksOf(q, "troops"), 300)
	if runes(got) > 300 || strings.Count(got, "**")%2 != 0 || !strings.HasSuffix(got, ellipsis) {
		t.Errorf("fitQuote = %q (%d runes)", got, runes(got))
	}
}

func TestArticleChoices(t *testing.T) {
	list, _ := fakeLibrary{n: 40}.Sources(t.Context())
	list = append(list, Source{ID: strings.Repeat("x", 101), Title: "Too long an ID"})
	if got := articleChoices(list, ""); len(got) != maxChoices {
		t.Errorf("choices for nothing typed: %d; want %d", len(got), maxChoices)
	}
	got := articleChoices(list, "part 3")
	if len(got) == 0 || !strings.HasPrefix(got[0].Name, "Talks on the coalition, part 3") {
		t.Errorf("choices for %q start with %v", "part 3", got)
	}
	if got := articleChoices(list, "too long"); len(got) != 0 {
		t.Errorf("an ID over 100 characters was offered: %v", got)
	}
}

func TestCooldown(t *testing.T) {
	clock := &fakeClock{t: time.Unix(1700000000, 0)}
	c := newCooldown(3, 10*time.Second, clock.Now)
	for i := 0; i < 3; i++ {
		if ok, _ := c.allow("u"); !ok {
			t.Fatalf("question %d refused", i+1)
		}
	}
	ok, wait := c.allow("u")
	if ok || wait <= 0 || wait > 4*time.Second {
		t.Fatalf("4th question: ok=%v wait=%v; want refused, wait ≤ 3.4s", ok, wait)
	}
	if ok, _ := c.allow("other"); !ok {
		t.Error("another user was refused")
	}
	clock.Advance(wait)
	if ok, _ := c.allow("u"); !ok {
		t.Error("refused after waiting")
	}
}

// checkLimits fails when a message breaks one of Discord's limits.
func checkLimits(t *testing.T, what, content string, embeds []*discordgo.MessageEmbed) {
	t.Helper()
	if runes(content) > maxContent || !utf8.ValidString(content) {
		t.Errorf("%s: content of %d runes", what, runes(content))
	}
	if len(embeds) > maxEmbeds {
		t.Errorf("%s: %d embeds", what, len(embeds))
	}
	total := 0
	for _, e := range embeds {
		total += embedSize(e)
		if runes(e.Title) > maxTitle || runes(e.Description) > maxDescription || len(e.Fields) > maxFields {
			t.Errorf("%s: embed title %d, description %d, %d fields", what, runes(e.Title), runes(e.Description), len(e.Fields))
		}
		for _, f := range e.Fields {
			if runes(f.Name) > maxFieldName || runes(f.Value) > maxFieldValue || f.Name == "" || f.Value == "" {
				t.Errorf("%s: field name %d, value %d runes", what, runes(f.Name), runes(f.Value))
			}
		}
		if e.Footer != nil && runes(e.Footer.Text) > maxFooter {
			t.Errorf("%s: footer of %d runes", what, runes(e.Footer.Text))
		}
	}
	if total > maxEmbedTotal {
		t.Errorf("%s: embeds total %d runes", what, total)
	}
}

// A hedged answer says so, in its own colour, with no short answer; the
// read-as line shows what the engine understood.
func TestRenderMayAnswer(t *testing.T) {
	answer := troopsAnswer(3)
	answer.Outcome, answer.Found, answer.Claims, answer.Answer = index.MayAnswer, false, nil, ""
	answer.ReadAs = "how many troops are in iraq"
	pages, _ := renderAnswer(answer, passagesPerPage)
	d := pages[0].Description
	if !strings.HasPrefix(d, "**These passages may answer it**") || !strings.Contains(d, "Read as: how many troops are in iraq") || strings.Contains(d, "Answer:") {
		t.Errorf("may-answer description = %q", d)
	}
	if pages[0].Color != colorMaybe {
		t.Errorf("may-answer colour = %#x, want %#x", pages[0].Color, colorMaybe)
	}
	answer.Outcome = index.NotCovered
	if pages, _ := renderAnswer(answer, passagesPerPage); !strings.HasPrefix(pages[0].Description, "**Not in the coverage.**") || pages[0].Color != colorNotFound {
		t.Errorf("not-covered description = %q", pages[0].Description)
	}
}

// A follow-up's answer says in small text which question it followed on
// from, whatever the outcome, under the short answer; never a rewritten
// question.
func TestRenderFollowUp(t *testing.T) {
	for _, outcome := range []index.Outcome{index.Answered, index.MayAnswer, index.NotCovered} {
		answer := troopsAnswer(3)
		answer.Question, answer.Outcome, answer.Found = "and in Syria?", outcome, outcome == index.Answered
		answer.FollowUpOf = qTroops
		pages, _ := renderAnswer(answer, passagesPerPage)
		d := pages[0].Description
		if !strings.Contains(d, "\n-# Follow-up of: "+escape(qTroops)) || strings.Contains(d, "Read as") || pages[0].Title != "Q: and in Syria?" {
			t.Errorf("%s follow-up: title %q, description %q", outcome, pages[0].Title, d)
		}
	}
}

// TestRenderIngestReplacesAndNotes: a refused replacement names the article
// it would replace; given metadata is listed.
func TestRenderIngestReplacesAndNotes(t *testing.T) {
	e := renderIngest(IngestReport{Status: "replaces", ID: "iraq-us-talks", SameAs: "iraq-us-talks", SameTitle: "Iraq pushes for end to U.S. coalition"})
	if e.Title != "Would replace another article" || !strings.Contains(e.Description, "`iraq-us-talks` “Iraq pushes for end to U.S. coalition”") || !strings.Contains(e.Description, "force:True") {
		t.Errorf("renderIngest(replaces) = %q: %q", e.Title, e.Description)
	}
	e = renderIngest(IngestReport{Status: "added", ID: "x", Title: "T", Notes: []string{"title: “T” given, over the article's “U”"}})
	if len(e.Fields) != 1 || !strings.Contains(e.Fields[0].Value, "given, over") {
		t.Errorf("renderIngest(added, notes) fields = %+v", e.Fields)
	}
}
