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
	names, err := fs.Glob(fsys, "*.md")
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	sort.Strings(names)
	var (
		out  []*Article
		errs []error
		seen = map[string]string{}
	)
	for _, name := range names {
		data, err := fs.ReadFile(fsys, name)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
			continue
		}
		a, err := Parse(name, data)
		if err != nil {
			errs = append(errs, err)
			continue
		}
		if first, dup := seen[a.ID]; dup {
			errs = append(errs, fmt.Errorf("%s: duplicate id %q (already used by %s)", name, a.ID, first))
			continue
		}
		seen[a.ID] = name
		out = append(out, a)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out, errors.Join(errs...)
}

// FileName is the file an article is stored under.
func FileName(id string) string { return path.Clean(strings.ToLower(id)) + ".md" }
