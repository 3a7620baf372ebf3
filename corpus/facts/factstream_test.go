package facts_test

import (
	"reflect"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
	"github.com/talksbot/talksbot/corpus/gen"
)

// ArticleFacts, passage by passage, gives what ExtractArticle gives at
// once, context included, on the corpus and on generated coverage.
func TestArticleFactsIsExtractArticle(t *testing.T) {
	arts, err := corpus.Load(corpus.DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	arts = append(arts, gen.Generate(3, 50)...)
	for _, a := range arts {
		want := facts.ExtractArticle(a)
		e := facts.NewArticleFacts(a)
		for i, p := range a.Passages() {
			if e.Next() != i {
				t.Fatalf("%s: Next = %d; want %d", a.ID, e.Next(), i)
			}
			if got := e.Extract(p); !reflect.DeepEqual(got, want[i]) {
				t.Errorf("%s passage %d: Extract = %+v; ExtractArticle gave %+v", a.ID, i, got, want[i])
			}
		}
	}
}
