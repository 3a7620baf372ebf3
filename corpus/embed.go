package corpus

import (
	"embed"
	"io/fs"
)

//go:embed articles/*.md
var defaultFS embed.FS

// DefaultFS is the default corpus shipped in the binary: the source article
// and our briefs of related public reports.
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultFS, "articles")
	if err != nil {
		panic(err) // the embedded folder always exists
	}
	return sub
}

// SourceArticleID is the source article's id: the one article without an
// outlet that is called "the source article".
const SourceArticleID = "iraq-us-talks"

// OutletName is an article's outlet for people: the outlet, "source
// article" for the source article, else "outlet unknown".
func OutletName(id, outlet string) string {
	switch {
	case outlet != "":
		return outlet
	case id == SourceArticleID:
		return "source article"
	}
	return "outlet unknown"
}
