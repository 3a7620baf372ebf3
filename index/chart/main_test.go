package chart

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// The views of the embedded corpus, computed once from a real index built
// the way the default data directory is (about a second).
var (
	troopsView   index.TroopsView
	timelineView index.TimelineView
	articles     = map[string]*corpus.Article{}
)

func TestMain(m *testing.M) {
	if err := loadViews(); err != nil {
		fmt.Fprintln(os.Stderr, "chart tests:", err)
		os.Exit(1)
	}
	os.Exit(m.Run())
}

func loadViews() error {
	as, err := corpus.Load(corpus.DefaultFS())
	if err != nil {
		return err
	}
	for _, a := range as {
		articles[a.ID] = a
	}
	dir, err := os.MkdirTemp("", "talksbot-chart-test-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	x, err := index.Create(ctx, filepath.Join(dir, "ix"), as, nil)
	if err != nil {
		return err
	}
	defer x.Close()
	if troopsView, err = x.Troops(ctx); err != nil {
		return err
	}
	timelineView, err = x.Timeline(ctx)
	return err
}
