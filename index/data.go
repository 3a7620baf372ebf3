package index

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// Data directory layout:
//
//	articles/       the store of record (corpus.Store)
//	CURRENT         the name of the live index directory
//	index-<n>/      Bleve indexes; only the one CURRENT names is live
const (
	articlesDir = "articles"
	currentFile = "CURRENT"
	indexPrefix = "index-"
)

// Data is an open data directory: the article store and the live index.
type Data struct {
	Dir   string
	Store *corpus.Store
	*Index
	// LoadErrors reports article files that could not be used (the others
	// were indexed).
	LoadErrors error
}

// OpenData opens the data directory, creating it from the embedded default
// corpus on first use and building the index when there is none. progress
// (may be nil) is told of a build.
func OpenData(ctx context.Context, dir string, progress func(done, total int)) (*Data, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	st, err := corpus.OpenStore(filepath.Join(dir, articlesDir), corpus.DefaultFS())
	if err != nil {
		return nil, err
	}
	d := &Data{Dir: dir, Store: st}
	if name, err := os.ReadFile(filepath.Join(dir, currentFile)); err == nil {
		x, err := Open(filepath.Join(dir, strings.TrimSpace(string(name))))
		if err == nil {
			d.Index = x
			return d, nil
		}
		if errors.Is(err, ErrLocked) {
			return nil, err
		}
		// A broken index is rebuilt from the store below.
	} else if !errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("data directory: %w", err)
	}
	if err := d.rebuild(ctx, progress); err != nil {
		return nil, err
	}
	return d, nil
}

// rebuild builds a new index generation from the store and makes it current.
func (d *Data) rebuild(ctx context.Context, progress func(done, total int)) error {
	articles, loadErr := d.Store.Load()
	d.LoadErrors = loadErr
	name := indexPrefix + strconv.FormatInt(time.Now().UnixNano(), 10)
	path := filepath.Join(d.Dir, name)
	x, err := Create(ctx, path, articles, progress)
	if err != nil {
		os.RemoveAll(path)
		return err
	}
	if err := writeCurrent(d.Dir, name); err != nil {
		x.Close()
		os.RemoveAll(path)
		return err
	}
	d.Index = x
	removeStale(d.Dir, name)
	return nil
}

// writeCurrent atomically points CURRENT at the index directory name.
func writeCurrent(dir, name string) error {
	tmp := filepath.Join(dir, currentFile+".tmp")
	if err := os.WriteFile(tmp, []byte(name+"\n"), 0o644); err != nil {
		return fmt.Errorf("switch index: %w", err)
	}
	f, err := os.Open(tmp)
	if err == nil {
		f.Sync()
		f.Close()
	}
	if err := os.Rename(tmp, filepath.Join(dir, currentFile)); err != nil {
		return fmt.Errorf("switch index: %w", err)
	}
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
	return nil
}

// removeStale deletes index directories other than the live one: partial
// builds left by a crash, and replaced generations.
func removeStale(dir, live string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		if e.IsDir() && strings.HasPrefix(e.Name(), indexPrefix) && e.Name() != live {
			os.RemoveAll(filepath.Join(dir, e.Name()))
		}
	}
}
