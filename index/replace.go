package index

import (
	"fmt"

	"github.com/talksbot/talksbot/corpus"
)

// replaces returns the stored article that ingesting a would replace
// without being the same article, or nil: one held under a's id that is
// another article (another address; without addresses, another title),
// or one held under another id at a's address with another title. With
// force there is none, and an article at a's address under another id is
// replaced: a takes its id, as it does when the titles are the same.
// d.writeMu must be held.
func (d *Data) replaces(a *corpus.Article, force bool) (*corpus.Article, error) {
	if old, err := d.Store.Get(a.ID); err == nil {
		if force || sameArticle(old, a) || old.Body == a.Body {
			return nil, nil
		}
		return old, nil
	}
	norm, ok := corpus.NormalizeURL(a.URL)
	if !ok {
		return nil, nil
	}
	if d.urls == nil {
		urls := map[string]string{}
		_, err := d.Store.LoadChunks(500, func(articles []*corpus.Article, _ int) error {
			for _, o := range articles {
				if n, ok := corpus.NormalizeURL(o.URL); ok {
					urls[n] = o.ID
				}
			}
			return nil
		})
		if err != nil {
			return nil, fmt.Errorf("ingest %s: look for its address among the stored articles: %w", a.ID, err)
		}
		d.urls = urls
	}
	id, ok := d.urls[norm]
	if !ok || id == a.ID {
		return nil, nil
	}
	old, err := d.Store.Get(id)
	if n, ok := corpus.NormalizeURL(urlOf(old)); err != nil || !ok || n != norm {
		delete(d.urls, norm) // removed or changed since
		return nil, nil
	}
	if force || old.Title == a.Title {
		// Forced, or the same page again (stored under another id, say
		// one made before ids were readable): it updates that article.
		a.ID = old.ID
		return nil, nil
	}
	return old, nil
}

// sameArticle reports whether old and a are one article in two versions:
// the same address, or without addresses the same title.
func sameArticle(old, a *corpus.Article) bool {
	on, ok1 := corpus.NormalizeURL(old.URL)
	an, ok2 := corpus.NormalizeURL(a.URL)
	if ok1 || ok2 {
		return ok1 && ok2 && on == an
	}
	return old.Title == a.Title
}

// noteURL records a's address once it is stored.
func (d *Data) noteURL(a *corpus.Article) {
	if n, ok := corpus.NormalizeURL(a.URL); ok && d.urls != nil {
		d.urls[n] = a.ID
	}
}

func urlOf(a *corpus.Article) string {
	if a == nil {
		return ""
	}
	return a.URL
}
