package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

func TestGenerateIsDeterministic(t *testing.T) {
	a, b := Generate(7, 40), Generate(7, 40)
	if !reflect.DeepEqual(a, b) {
		t.Fatal("Generate(7, 40) differs between two calls")
	}
	// Article i does not depend on how many are generated.
	if got := Article(7, 39); !reflect.DeepEqual(got, a[39]) {
		t.Errorf("Article(7, 39) = %s; want Generate(7, 40)[39] = %s", got.ID, a[39].ID)
	}
	if other := Generate(8, 40); reflect.DeepEqual(other[0].Body, a[0].Body) {
		t.Error("seeds 7 and 8 gave the same first article")
	}
}

func TestWrittenArticlesParse(t *testing.T) {
	const n = 300
	dir := t.TempDir()
	if err := Write(dir, 1, 0, n); err != nil {
		t.Fatal(err)
	}
	articles, err := corpus.Load(os.DirFS(dir))
	if err != nil {
		t.Fatalf("Load of generated articles: %v", err)
	}
	if len(articles) != n {
		t.Fatalf("Load found %d articles; want %d", len(articles), n)
	}
	want := map[string]*corpus.Article{}
	for _, a := range Generate(1, n) {
		want[a.ID] = a
	}
	for _, a := range articles {
		w := want[a.ID]
		if w == nil {
			t.Fatalf("article %s was not generated", a.ID)
		}
		if a.Body != w.Body || a.Title != w.Title || a.Published != w.Published || !reflect.DeepEqual(a.Paragraphs, w.Paragraphs) {
			t.Errorf("article %s reads back differently from the generated one", a.ID)
		}
	}
}

// TestVariety checks the corpus is not one template repeated: many
// distinct sentences, titles, outlets, years and words.
func TestVariety(t *testing.T) {
	articles := Generate(3, 500)
	sentences, titles, outlets, years, words := map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}, map[string]bool{}
	passages := 0
	for _, a := range articles {
		titles[a.Title] = true
		outlets[a.Outlet] = true
		if a.Published != "" {
			years[a.Published[:4]] = true
		}
		for _, p := range a.Passages() {
			passages++
			sentences[p.Text] = true
			for _, w := range strings.Fields(p.Text) {
				words[strings.ToLower(strings.Trim(w, ".,\"'"))] = true
			}
			if !bytes.Equal([]byte(a.Body[p.Start:p.End]), []byte(p.Text)) {
				t.Fatalf("%s: passage %d is not body[%d:%d]", a.ID, p.Sent, p.Start, p.End)
			}
		}
	}
	if per := float64(passages) / float64(len(articles)); per < 5 || per > 12 {
		t.Errorf("%.1f passages per article; want 5–12", per)
	}
	for _, c := range []struct {
		what string
		got  int
		min  int
	}{
		{"distinct sentences", len(sentences), passages * 6 / 10},
		{"distinct titles", len(titles), 250},
		{"outlets", len(outlets), 15},
		{"years", len(years), 4},
		{"distinct words", len(words), 1200},
	} {
		if c.got < c.min {
			t.Errorf("%d %s in 500 articles; want at least %d", c.got, c.what, c.min)
		}
	}
}

func TestWriteNamesFilesByID(t *testing.T) {
	dir := t.TempDir()
	if err := Write(dir, 1, 5, 7); err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{5, 6} {
		name := filepath.Join(dir, corpus.FileName(Article(1, i).ID))
		if _, err := os.Stat(name); err != nil {
			t.Errorf("article %d: %v", i, err)
		}
	}
}
