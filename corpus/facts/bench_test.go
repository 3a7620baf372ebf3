package facts_test

import (
	"testing"

	"github.com/talksbot/talksbot/corpus/facts"
	"github.com/talksbot/talksbot/corpus/gen"
)

// BenchmarkExtractArticle is fact extraction, the part of ingest that is
// not Bleve's (BenchmarkIngest in package index has both): one operation
// is every passage of one generated article.
func BenchmarkExtractArticle(b *testing.B) {
	arts := gen.Generate(1, 200)
	passages := 0
	for _, a := range arts {
		passages += len(a.Passages())
	}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		facts.ExtractArticle(arts[i%len(arts)])
	}
	b.ReportMetric(float64(b.N)*float64(passages)/float64(len(arts))/b.Elapsed().Seconds(), "passages/s")
}
