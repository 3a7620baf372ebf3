package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// ErrExtractor is a failure of the HTML extractor itself rather than of the
// page: none configured or installed, or it crashed, timed out or ran out
// of memory on the page (see Command).
var ErrExtractor = errors.New("HTML extractor failed")

// Extractor finds the article in an HTML page. Extract returns the fields
// the page gives — Title ("" when none), Author, URL (the canonical URL the
// page names, unchecked), Outlet (the site name), Published (YYYY-MM-DD or
// "") and Body (paragraphs separated by blank lines) — which FromHTML checks
// and completes. An error that does not wrap ErrExtractor means the page
// holds no article.
//
// The implementations: Command runs the talksbot-extract program, so that
// untrusted pages are parsed in a process that can be limited and killed
// (and talksbot does not link the extractor's heavy dependencies);
// corpus/ingest/htmltext.Extractor runs in this process (the program
// itself, and tests).
type Extractor interface {
	Extract(ctx context.Context, page []byte, pageURL string) (*corpus.Article, error)
}

// FromHTML extracts the article in an HTML page with x (see Extractor).
// pageURL is where the page was read from ("" for a saved file); it is the
// article's URL unless the page names a canonical URL on the same site
// (a page cannot claim another site's address). The outlet falls back to
// the host name without "www.", the title to the first words of the text.
// A page with no main text gives ErrNotArticle; one whose text is too big,
// ErrTextTooBig; a nil x, or an extractor that fails, ErrExtractor.
func FromHTML(ctx context.Context, x Extractor, data []byte, pageURL string) (*corpus.Article, error) {
	if len(data) > DefaultMaxBytes {
		return nil, tooBig(int64(len(data)), DefaultMaxBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	if pageURL != "" {
		u, err := url.Parse(pageURL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return nil, fmt.Errorf("%w: page URL %q is not an http or https URL", ErrBadURL, pageURL)
		}
	}
	if x == nil {
		return nil, fmt.Errorf("%w: no HTML extractor is configured", ErrExtractor)
	}
	got, err := x.Extract(ctx, data, pageURL)
	switch {
	case errors.Is(err, ErrExtractor), errors.Is(err, ErrTextTooBig), ctx.Err() != nil && err != nil:
		return nil, err
	case err != nil:
		return nil, fmt.Errorf("%w: %v", ErrNotArticle, err)
	case got == nil:
		return nil, fmt.Errorf("%w: no main text found", ErrNotArticle)
	}
	// What the extractor says is checked here, whichever process it ran in.
	var paras []string
	for _, p := range strings.Split(got.Body, "\n\n") {
		if p = collapse(p); p != "" {
			paras = append(paras, p)
		}
	}
	if len(paras) == 0 {
		return nil, fmt.Errorf("%w: no main text found", ErrNotArticle)
	}
	a := &corpus.Article{
		Title:     collapse(got.Title),
		Author:    collapse(got.Author),
		URL:       chooseURL(got.URL, pageURL),
		Outlet:    collapse(got.Outlet),
		Published: plausibleDate(strings.TrimSpace(got.Published)),
		Body:      strings.Join(paras, "\n\n"),
	}
	if a.Title == "" {
		a.Title = firstWords(paras[0], 80)
	}
	if a.Outlet == "" {
		a.Outlet = hostOutlet(a.URL)
	}
	return finish(a)
}

// chooseURL picks the article's URL: the page's canonical URL when it is on
// the same site as the page (or the page's address is unknown), else the
// address the page was read from.
func chooseURL(canonical, pageURL string) string {
	_, ch, cok := corpus.NormalizeURLHost(canonical)
	_, ph, pok := corpus.NormalizeURLHost(pageURL)
	switch {
	case cok && (!pok || sameSite(ch, ph)):
		return canonical
	case pok:
		return pageURL
	}
	return ""
}

// sameSite reports whether two hosts (already without "www.") are the same
// or one is a subdomain of the other.
func sameSite(a, b string) bool {
	return a == b || strings.HasSuffix(a, "."+b) || strings.HasSuffix(b, "."+a)
}

// hostOutlet names an outlet after a URL's host, without "www.".
func hostOutlet(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
}

// firstWords shortens s to at most n runes, cut at a space, with "…".
func firstWords(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n-1])
	if i := strings.LastIndex(cut, " "); i > 0 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}

// plausibleDate returns d if it is a YYYY-MM-DD date after 1900 and not in
// the future, else "".
func plausibleDate(d string) string {
	t, err := time.Parse(time.DateOnly, d)
	if err != nil || t.Year() <= 1900 || t.After(time.Now().AddDate(0, 0, 1)) {
		return ""
	}
	return d
}
