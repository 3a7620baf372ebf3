package corpus

import "sort"

// WithTestPages is what the question bank is asked of: the embedded corpus
// and the real test pages (by name, as ingest.TestPages reads them, added
// in the order of their names), with the id each page got.
func WithTestPages(pages map[string]*Article) ([]*Article, map[string]string, error) {
	arts, err := Load(DefaultFS())
	if err != nil {
		return nil, nil, err
	}
	names := make([]string, 0, len(pages))
	for n := range pages {
		names = append(names, n)
	}
	sort.Strings(names)
	ids := map[string]string{}
	for _, n := range names {
		ids[n] = pages[n].ID
		arts = append(arts, pages[n])
	}
	return arts, ids, nil
}
