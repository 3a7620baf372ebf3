package ingest

import (
	"errors"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

func TestArticleID(t *testing.T) {
	for _, c := range []struct {
		a    corpus.Article
		want string
	}{
		{corpus.Article{Title: "Iraq, U.S. form higher military commission", Outlet: "Xinhua", Published: "2024-01-25"}, "xinhua-2024-01-25-iraq-us-form-higher-military-commission"},
		{corpus.Article{Title: "The talks begin in Baghdad", Outlet: "Associated Press", Published: "2024-01-27"}, "associated-press-2024-01-27-talks-begin-baghdad"},
		{corpus.Article{Title: "Al-Sudanī's view", Outlet: "Rûdaw English", Published: "2024-02-01"}, "rudaw-english-2024-02-01-al-sudanis-view"},
		{corpus.Article{Title: "Talks begin", URL: "https://www.reuters.com/x"}, "reuters.com-talks-begin-"},
		{corpus.Article{Title: "Talks begin", Body: "Some text."}, "text-talks-begin-"},
		{corpus.Article{Title: "محادثات", Body: "نص"}, "text-"},
	} {
		got := ArticleID(&c.a)
		if !strings.HasPrefix(got, c.want) || !corpus.ValidID(got) || strings.HasSuffix(c.want, "-") && len(got) != len(c.want)+6 && c.want != "text-" {
			t.Errorf("ArticleID(%q, %q, %q) = %q; want %q…", c.a.Title, c.a.Outlet, c.a.Published, got, c.want)
		}
	}
	long := corpus.Article{Title: strings.Repeat("verylongword ", 40), Outlet: strings.Repeat("o", 90), Published: "2024-01-25"}
	if got := ArticleID(&long); !corpus.ValidID(got) || len(got) > 100 {
		t.Errorf("ArticleID(a long title) = %q (%d bytes); want a valid id of at most 100", got, len(got))
	}
}

// TestApply: given metadata wins, says what it replaced, and makes a
// derived id again; an id from front matter is kept.
func TestApply(t *testing.T) {
	a, err := FromText("notes.txt", []byte("Iraq and US form commission\n\nIraq and the United States formed a commission on Thursday. It will set the timeline for the coalition.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(a.ID, "text-iraq-us-form-commission-") {
		t.Errorf("FromText id = %q; want text-iraq-us-form-commission-…", a.ID)
	}
	notes, err := Apply(a, Meta{Title: "Iraq, US form commission", Outlet: "Xinhua", Published: "2024-01-25", URL: "https://english.news.cn/x.htm"})
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "xinhua-2024-01-25-iraq-us-form-commission" || a.Outlet != "Xinhua" || a.Published != "2024-01-25" || a.URL != "https://english.news.cn/x.htm" {
		t.Errorf("Apply = id %q, outlet %q, published %q, url %q", a.ID, a.Outlet, a.Published, a.URL)
	}
	if len(notes) != 1 || !strings.Contains(notes[0], "title: “Iraq, US form commission” given, over the article's “Iraq and US form commission”") {
		t.Errorf("Apply notes = %q; want one for the title", notes)
	}

	md, err := FromMarkdown("a.md", []byte("---\nid: kept-id\ntitle: T\noutlet: Reuters\nkind: article\n---\nA body.\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Apply(md, Meta{Outlet: "AP"}); err != nil || md.ID != "kept-id" || md.Outlet != "AP" {
		t.Errorf("Apply(front matter id) = id %q, outlet %q, %v; want kept-id, AP", md.ID, md.Outlet, err)
	}
	for _, m := range []Meta{{Published: "25 January 2024"}, {URL: "ftp://x"}} {
		if _, err := Apply(md, m); !errors.Is(err, ErrFormat) && !errors.Is(err, ErrBadURL) {
			t.Errorf("Apply(%+v) = %v; want refused", m, err)
		}
	}
}
