// Command askmin is the floor talksbot ask's start-up is measured against
// (scripts/startup.sh, docs/BENCHMARKS.md): a program that opens the index of a
// data directory, read-only, and runs one Bleve search for a question — a
// disjunction of match queries of it on the sentence, its synonyms and the
// sentence before (the fields talksbot's retrieval searches), 50 hits with
// their stored fields — and prints the first hit. No analysis, no ranking.
//
//	go run ./scripts/askmin DATA "How many U.S. troops are in Iraq?"
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: askmin DATA QUESTION")
		os.Exit(2)
	}
	if err := run(os.Args[1], os.Args[2]); err != nil {
		fmt.Fprintln(os.Stderr, "askmin:", err)
		os.Exit(1)
	}
}

func run(data, question string) error {
	cur, err := os.ReadFile(filepath.Join(data, "CURRENT"))
	if err != nil {
		return err
	}
	idx, err := bleve.OpenUsing(filepath.Join(data, strings.TrimSpace(string(cur))), map[string]any{"read_only": true, "bolt_timeout": "1s"})
	if err != nil {
		return err
	}
	defer idx.Close()
	var qs []query.Query
	for _, field := range []string{"text", "syn", "ctx"} {
		q := bleve.NewMatchQuery(question)
		q.SetField(field)
		qs = append(qs, q)
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDisjunctionQuery(qs...), 50, 0, false)
	req.Fields = []string{"*"}
	res, err := idx.Search(req)
	if err != nil {
		return err
	}
	if len(res.Hits) > 0 {
		fmt.Println(res.Hits[0].ID, res.Hits[0].Fields["text"])
	}
	return nil
}
