package main

import (
	"context"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// maxIngestBytes caps one file or page.
const maxIngestBytes = 5 << 20

func cmdIngest(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "ingest")
	force := fs.Bool("force", false, "add near-duplicates of stored articles anyway")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("ingest: usage: talksbot ingest [--force] PATH|URL…")
	}
	d, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	defer d.Close()
	fetcher := ingest.NewFetcher()
	failed := 0
	for _, src := range pos {
		articles, err := readSource(ctx, fetcher, src)
		if err != nil {
			fmt.Fprintf(e.stderr, "✗ %s: %v\n", src, err)
			failed++
		}
		for _, it := range articles {
			if it.err != nil {
				fmt.Fprintf(e.stderr, "✗ %s: %v\n", it.name, it.err)
				failed++
				continue
			}
			res, err := d.Ingest(ctx, it.article, *force)
			if err != nil {
				fmt.Fprintf(e.stderr, "✗ %s: %v\n", it.name, err)
				failed++
				continue
			}
			fmt.Fprintln(e.stdout, describeIngest(it.name, res))
		}
	}
	if failed > 0 {
		return fmt.Errorf("ingest: %d source(s) not added", failed)
	}
	return nil
}

func describeIngest(name string, r index.IngestResult) string {
	switch r.Status {
	case index.Duplicate:
		return fmt.Sprintf("= %s: already have it as %s (use --force to add it anyway)", name, r.SameAs)
	case index.Unchanged:
		return fmt.Sprintf("= %s: already have it as %s, unchanged", name, r.ID)
	}
	return fmt.Sprintf("✓ %s: %s %s “%s” (%d passages)", name, r.Status, r.ID, r.Title, r.Passages)
}

type sourceItem struct {
	name    string
	article *corpus.Article
	err     error
}

// readSource turns a URL, a file or a folder of files into articles.
func readSource(ctx context.Context, f *ingest.Fetcher, src string) ([]sourceItem, error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		a, err := f.Fetch(ctx, src)
		return []sourceItem{{src, a, err}}, nil
	}
	info, err := os.Stat(src)
	if err != nil {
		return nil, err
	}
	if !info.IsDir() {
		a, err := readFile(src)
		return []sourceItem{{src, a, err}}, nil
	}
	var items []sourceItem
	err = filepath.WalkDir(src, func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".md", ".markdown", ".txt", ".html", ".htm":
			if !de.IsDir() {
				a, err := readFile(path)
				items = append(items, sourceItem{path, a, err})
			}
		}
		return nil
	})
	return items, err
}

func readFile(path string) (*corpus.Article, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ingest.FromReader(context.Background(), filepath.Base(path), "", f, maxIngestBytes)
}

func cmdReindex(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "reindex")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	d, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	defer d.Close()
	var bar *progressbar.ProgressBar
	res, err := d.Reindex(ctx, func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription("re-indexing"), progressbar.OptionShowCount(),
				progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
				progressbar.OptionSetPredictTime(true), progressbar.OptionSetVisibility(isTerminal(e.stderr)))
		}
		bar.Set(done)
	})
	if bar != nil {
		bar.Finish()
		fmt.Fprintln(e.stderr)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "re-indexed %d articles (%d passages) in %s\n", res.Articles, res.Passages, res.Took.Round(time.Millisecond))
	if res.Skipped != "" {
		fmt.Fprintf(e.stderr, "skipped:\n%s\n", res.Skipped)
	}
	return nil
}
