package corpus

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"reflect"
	"strings"
	"testing"
	"testing/fstest"
)

const goodFile = `---
id: good-one
title: A good article
outlet: Example News
url: https://example.com/a
published: 2024-01-26
kind: article
---
First paragraph. It has two sentences.

Second paragraph about 2,500 U.S. troops.
`

func TestParse(t *testing.T) {
	a, err := Parse("good.md", []byte(goodFile))
	if err != nil {
		t.Fatalf("Parse(good) = %v", err)
	}
	if a.ID != "good-one" || a.Outlet != "Example News" || a.Published != "2024-01-26" || a.Kind != KindArticle {
		t.Errorf("Parse(good) metadata = %+v", a)
	}
	if want := "First paragraph. It has two sentences.\n\nSecond paragraph about 2,500 U.S. troops."; a.Body != want {
		t.Errorf("Body = %q; want %q", a.Body, want)
	}
	if got := len(a.Paragraphs); got != 2 {
		t.Fatalf("paragraphs = %d; want 2", got)
	}
	if got := len(a.Passages()); got != 3 {
		t.Errorf("passages = %d; want 3", got)
	}
}

func TestParseErrors(t *testing.T) {
	replace := func(old, new string) string { return strings.Replace(goodFile, old, new, 1) }
	tests := []struct {
		name, file, want string
	}{
		{"missing id", replace("id: good-one\n", ""), "missing id"},
		{"bad id", replace("id: good-one", "id: Good One!"), "bad id"},
		{"broken front matter", replace("title: A good article", "title: [unclosed"), "broken front matter"},
		{"unknown field", replace("kind: article", "kind: article\ncolour: red"), "broken front matter"},
		{"no front matter", "Just text.\n", "no front matter"},
		{"unclosed front matter", "---\nid: x\ntitle: y\n", "not closed"},
		{"empty body", strings.SplitAfter(goodFile, "---\n")[0] + strings.SplitAfter(goodFile, "---\n")[1] + "\n  \n", "empty body"},
		{"bad kind", replace("kind: article", "kind: blog"), "kind is"},
		{"bad date", replace("2024-01-26", "26/01/2024"), "not a YYYY-MM-DD"},
		{"brief without based_on", replace("kind: article", "kind: brief"), "based_on"},
		{"missing title", replace("title: A good article\n", ""), "missing title"},
		{"not utf-8", "---\nid: x\n\xff\n---\nbody\n", "not UTF-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("bad.md", []byte(tt.file))
			if err == nil {
				t.Fatalf("Parse = nil error; want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) || !strings.HasPrefix(err.Error(), "bad.md: ") {
				t.Errorf("Parse error = %q; want it to name the file and contain %q", err, tt.want)
			}
		})
	}
}

func TestMarshalRoundTrip(t *testing.T) {
	a, err := Parse("good.md", []byte(goodFile))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("again.md", a.Marshal())
	if err != nil {
		t.Fatalf("Parse(Marshal) = %v", err)
	}
	if !reflect.DeepEqual(a, b) {
		t.Errorf("round trip changed the article:\n%+v\n%+v", a, b)
	}
}

func TestLoadKeepsGoodArticles(t *testing.T) {
	fsys := fstest.MapFS{
		"a.md":     {Data: []byte(goodFile)},
		"b.md":     {Data: []byte(strings.Replace(goodFile, "id: good-one\n", "", 1))},
		"c.md":     {Data: []byte(goodFile)}, // duplicate id
		"d.md":     {Data: []byte(strings.Replace(goodFile, "good-one", "other", 1))},
		"notes.tx": {Data: []byte("ignored")},
	}
	arts, err := Load(fsys)
	if len(arts) != 2 || arts[0].ID != "good-one" || arts[1].ID != "other" {
		t.Errorf("Load kept %d articles; want good-one and other", len(arts))
	}
	if err == nil {
		t.Fatal("Load error = nil; want errors for b.md and c.md")
	}
	for _, want := range []string{"b.md: missing id", `c.md: duplicate id "good-one" (already used by a.md)`} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("Load error = %q; want it to contain %q", err, want)
		}
	}
}

func TestDefaultCorpus(t *testing.T) {
	arts, err := Load(DefaultFS())
	if err != nil {
		t.Fatalf("default corpus: %v", err)
	}
	if len(arts) < 25 {
		t.Fatalf("default corpus has %d articles; want the source article and the briefs", len(arts))
	}
	var seed *Article
	for _, a := range arts {
		if a.ID == "iraq-us-talks" {
			seed = a
		}
		if a.Kind == KindBrief && (a.URL == "" || a.Outlet == "") {
			t.Errorf("brief %s must name the outlet and link the report it restates", a.ID)
		}
		for _, p := range a.Passages() {
			if a.Body[p.Start:p.End] != p.Text {
				t.Errorf("%s: passage %d is not body[%d:%d]", a.ID, p.Sent, p.Start, p.End)
			}
		}
	}
	if seed == nil {
		t.Fatal("the source article iraq-us-talks is missing")
	}
	// The source article's text is kept exactly as given (../shared/seed).
	sum := sha256.Sum256([]byte(seed.Body))
	if got, want := hex.EncodeToString(sum[:]), "4434c19a76c45d207f16e6ebb9a8c0e381bc67b229d570488f60a9eb3ed35b9f"; got != want {
		t.Errorf("source article body sha256 = %s; want %s (the seed's)", got, want)
	}
	if data, err := os.ReadFile("../../shared/seed/iraq-us-talks.txt"); err == nil && string(data) != seed.Body {
		t.Error("source article body differs from ../shared/seed/iraq-us-talks.txt")
	}
}

func TestSplitSentences(t *testing.T) {
	tests := []struct {
		body string
		want []string
	}{
		{"Currently, there are approximately 2,500 U.S. troops stationed in Iraq. However, recent developments matter.",
			[]string{"Currently, there are approximately 2,500 U.S. troops stationed in Iraq.", "However, recent developments matter."}},
		{"Maj. Gen. Yahya Rasool said the talks would go on. Lt. Gen. Qais al-Muhammadawi agreed.",
			[]string{"Maj. Gen. Yahya Rasool said the talks would go on.", "Lt. Gen. Qais al-Muhammadawi agreed."}},
		{"The strike came on Jan. 4 in Baghdad. The Pentagon called it self-defence.",
			[]string{"The strike came on Jan. 4 in Baghdad.", "The Pentagon called it self-defence."}},
		{"The session was held on 27 January 2024. Sudani met senior officers.",
			[]string{"The session was held on 27 January 2024.", "Sudani met senior officers."}},
		{"It killed 3 U.S. soldiers and injured 47. Iran denied involvement.",
			[]string{"It killed 3 U.S. soldiers and injured 47.", "Iran denied involvement."}},
		{`Officials said it was "not a withdrawal". They repeated it.`,
			[]string{`Officials said it was "not a withdrawal".`, "They repeated it."}},
		{"1. First item is here. Second.", []string{"1. First item is here.", "Second."}},
	}
	for _, tt := range tests {
		ps := Split(tt.body)
		var got []string
		for _, p := range ps {
			for _, s := range p.Sentences {
				if tt.body[s.Start:s.End] != s.Text {
					t.Errorf("Split(%q): sentence %q is not body[%d:%d]", tt.body, s.Text, s.Start, s.End)
				}
				got = append(got, s.Text)
			}
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Split(%q) = %q; want %q", tt.body, got, tt.want)
		}
	}
}

func TestSplitParagraphs(t *testing.T) {
	body := "One. Two.\n\n  Three.\nFour."
	ps := Split(body)
	if len(ps) != 3 {
		t.Fatalf("Split = %d paragraphs; want 3", len(ps))
	}
	if got := body[ps[1].Start:ps[1].End]; got != "Three." {
		t.Errorf("paragraph 2 = %q; want %q", got, "Three.")
	}
}

func TestStore(t *testing.T) {
	dir := t.TempDir() + "/articles"
	st, err := OpenStore(dir, DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	arts, err := st.Load()
	if err != nil || len(arts) < 25 {
		t.Fatalf("seeded store: %d articles, %v", len(arts), err)
	}
	a, _ := Parse("good.md", []byte(goodFile))
	if err := st.Put(a); err != nil {
		t.Fatal(err)
	}
	got, err := st.Get("good-one")
	if err != nil || got.Body != a.Body {
		t.Fatalf("Get after Put = %v, %v", got, err)
	}
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp") {
			t.Errorf("temporary file %s left behind", e.Name())
		}
	}
	if _, err := OpenStore(dir, DefaultFS()); err != nil {
		t.Errorf("reopen: %v", err)
	}
}
