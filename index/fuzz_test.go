package index

import (
	"context"
	"errors"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus"
)

// FuzzQuestion runs any question through the whole engine (checks,
// classification, concept analysis, search, ranking, short answer) over
// the real corpus: no panic, no error for a question CheckQuestion accepts,
// and every quote and claim is verbatim text of an article.
func FuzzQuestion(f *testing.F) {
	articles, err := corpus.Load(corpus.DefaultFS())
	if err != nil {
		f.Fatal(err)
	}
	bodies := map[string]string{}
	for _, a := range articles {
		bodies[a.ID] = a.Body
	}
	x, err := Create(context.Background(), filepath.Join(f.TempDir(), "idx"), articles, nil)
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { x.Close() })
	for _, q := range []string{
		"How many U.S. troops are in Iraq?", "who is the spokesperson for iraq's top military commander?",
		"*a*", "/.*/", "text:troops", "troops~2", "withdrawal?", `"unclosed phrase`, "+foo -bar ^2",
		"Kataib Hezbollah", "U.S.", "what's the name of Iraq's foreign minister who got the US letter?",
		"", "   ", "?!", strings.Repeat("troops ", 60), "\xff\xfe", "isis isil daesh", "Trump", "2,500",
		"when will the mission end by september 2025?", "why did they suspend attacks", "ال", "🇮🇶",
	} {
		f.Add(q)
	}
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, q string) {
		kind := Classify(q)
		if !slices.Contains([]Kind{KindCount, KindWho, KindCondition, KindWhen, KindWhere, KindWhy, KindYesNo, KindOther}, kind) {
			t.Fatalf("Classify(%q) = %q", q, kind)
		}
		_, checkErr := CheckQuestion(q)
		ans, err := x.Ask(ctx, q, 5)
		if checkErr != nil {
			if err == nil {
				t.Fatalf("Ask(%q) answered a question CheckQuestion refuses (%v)", q, checkErr)
			}
			if !errors.Is(err, ErrEmptyQuestion) && !errors.Is(err, ErrQuestionTooLong) {
				t.Fatalf("Ask(%q) = %v; want the CheckQuestion error %v", q, err, checkErr)
			}
			return
		}
		if err != nil {
			t.Fatalf("Ask(%q) = %v", q, err)
		}
		if len(ans.Passages) > 5 {
			t.Fatalf("Ask(%q, 5) gave %d passages", q, len(ans.Passages))
		}
		for _, p := range ans.Passages {
			body, ok := bodies[p.ArticleID]
			if !ok || p.Start < 0 || p.End > len(body) || p.Start > p.End || body[p.Start:p.End] != p.Quote {
				t.Fatalf("Ask(%q): quote %q is not %s[%d:%d]", q, p.Quote, p.ArticleID, p.Start, p.End)
			}
			for _, m := range p.Marks {
				if m.Start < 0 || m.End > len(p.Quote) || m.Start > m.End || !utf8.ValidString(p.Quote[m.Start:m.End]) {
					t.Fatalf("Ask(%q): mark [%d:%d] outside quote %q or cutting a character", q, m.Start, m.End, p.Quote)
				}
			}
		}
		for _, c := range ans.Claims {
			if !slices.ContainsFunc(ans.Passages, func(p Passage) bool { return strings.Contains(p.Quote, c.Value) }) {
				t.Fatalf("Ask(%q): claim %q is not quoted from a passage shown", q, c.Value)
			}
		}
	})
}
