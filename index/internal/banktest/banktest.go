// Package banktest is the index the question bank is asked of, for tests:
// the embedded corpus and the real test pages, built once in one segment
// (as the trainer ranks on). It imports index and corpus; tests of index
// use it from the external test package index_test, and eval's tests use
// it too.
package banktest

import (
	"context"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/corpus/ingest/htmltext"
	"github.com/talksbot/talksbot/index"
)

var (
	once     sync.Once
	idx      *index.Index
	articles []*corpus.Article
	ids      map[string]string
	err      error
	dir      string
)

// Engine is the bank's index, its articles, and the id each test page got
// (for EvalSet.ResolvePages). It is built on first use and shared.
func Engine(t testing.TB) (*index.Index, []*corpus.Article, map[string]string) {
	t.Helper()
	once.Do(func() {
		var root string
		if root, err = moduleRoot(); err != nil {
			return
		}
		var pages map[string]*corpus.Article
		if pages, err = ingest.TestPages(context.Background(), htmltext.Extractor{}, filepath.Join(root, ingest.TestPagesDir)); err != nil {
			return
		}
		if articles, ids, err = corpus.WithTestPages(pages); err != nil {
			return
		}
		if dir, err = os.MkdirTemp("", "talksbot-bank-test-"); err != nil {
			return
		}
		idx, err = index.CreateCompact(context.Background(), filepath.Join(dir, "ix"), articles)
	})
	if err != nil {
		t.Fatal(err)
	}
	return idx, articles, ids
}

// Close closes the bank's index, if it was built, and removes it: a
// TestMain calls it after the tests.
func Close() {
	if idx != nil {
		idx.Close()
		os.RemoveAll(dir)
	}
}

// moduleRoot is the nearest directory above the working directory with a
// go.mod: tests run in their package's directory.
func moduleRoot() (string, error) {
	d, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		up := filepath.Dir(d)
		if up == d {
			return "", os.ErrNotExist
		}
		d = up
	}
}
