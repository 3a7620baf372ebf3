package ingest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/corpus"
)

// TestPagesDir is where the real news pages kept for tests live, from the
// repository's root.
const TestPagesDir = "corpus/ingest/testdata"

// TestPages reads the real news pages kept for tests under root
// (news-html/NAME/source.html and news-html-trafilatura/NAME.html), each
// as ingest reads a saved page, keyed by NAME. The question bank refers
// to them as "fixture:NAME": their ids depend on how ingest makes ids.
// x reads the pages (FromHTML).
func TestPages(ctx context.Context, x Extractor, root string) (map[string]*corpus.Article, error) {
	a, _ := filepath.Glob(filepath.Join(root, "news-html", "*", "source.html"))
	b, _ := filepath.Glob(filepath.Join(root, "news-html-trafilatura", "*.html"))
	files := append(a, b...)
	if len(files) == 0 {
		return nil, fmt.Errorf("no test pages under %s", root)
	}
	sort.Strings(files)
	out := map[string]*corpus.Article{}
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".html")
		if name == "source" {
			name = filepath.Base(filepath.Dir(f))
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return nil, err
		}
		art, err := Detect(ctx, x, filepath.Base(f), "text/html", data)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", f, err)
		}
		out[name] = art
	}
	return out, nil
}
