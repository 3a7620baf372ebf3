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
