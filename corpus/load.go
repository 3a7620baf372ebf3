package corpus

import (
	"errors"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"strings"
)

// Load reads every *.md article in fsys (top level only). Articles that
// cannot be used are left out and reported in the returned error (one line
// per file, naming the file and the problem); the others are returned,
// sorted by id.
func Load(fsys fs.FS) ([]*Article, error) {
	var out []*Article
	loadErr, err := LoadChunks(fsys, 1000, func(as []*Article, _ int) error {
		out = append(out, as...)
		return nil
	})
	if err != nil {
		return nil, err
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, loadErr
}

// LoadChunks reads the *.md articles of fsys (top level only) in file name
// order and hands them to fn chunk at a time, with the number of files, so
// that memory holds one chunk rather than the corpus. Articles that cannot
// be used are left out and reported in loadErr, as Load does; err is a
// failure to list the files or fn's first error, which stops the reading.
func LoadChunks(fsys fs.FS, chunk int, fn func(articles []*Article, files int) error) (loadErr, err error) {
	return eachArticle(fsys, chunk, Parse, fn)
}

// eachArticle is LoadChunks with the parser to use.
func eachArticle(fsys fs.FS, chunk int, parse func(string, []byte) (*Article, error), fn func([]*Article, int) error) (loadErr, err error) {
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	sort.Strings(names)
	var (
		batch []*Article
		errs  []error
		seen  = map[string]string{}
	)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		a, err := parse(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if first, dup := seen[a.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: duplicate id %q (already used by %s)", name, a.ID, first))
			continue
		}
		seen[a.ID] = name
		batch = append(batch, a)
		if len(batch) >= chunk {
			if err := fn(batch, len(names)); err != nil {
				return errors.Join(errs...), err
			}
			batch = nil
		}
	}
	if len(batch) > 0 {
		if err := fn(batch, len(names)); err != nil {
			return errors.Join(errs...), err
		}
	}
	return errors.Join(errs...), nil
}

// LoadFingerprints is the MinHash signature of every article of fsys that Load
// would return, by id. It reads the text without splitting it into
// sentences, so it costs a tenth of Load.
func LoadFingerprints(fsys fs.FS) (map[string]Fingerprints, error) {
	out := map[string]Fingerprints{}
	_, err := eachArticle(fsys, 1000, parseUnsplit, func(as []*Article, _ int) error {
		for _, a := range as {
			out[a.ID] = Fingerprint(a.Body)
		}
		return nil
	})
	return out, err
}

// FileName is the file an article is stored under.
func FileName(id string) string { return path.Clean(strings.ToLower(id)) + ".md" }
