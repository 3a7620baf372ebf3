package feeds

import (
	"bytes"
	"errors"
	"fmt"
	"html"
	"mime"
	"regexp"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/mmcdole/gofeed"
)

// ErrNotFeed means an address gave something that is not an RSS, Atom or
// JSON feed (an HTML page, say).
var ErrNotFeed = errors.New("not a feed")

// Entry is one item of a parsed feed.
type Entry struct {
	GUID      string
	Link      string
	Title     string
	Summary   string // plain text, at most maxSummary runes
	Published string // YYYY-MM-DD, or ""
}

// maxSummary caps the summary kept of an item.
const maxSummary = 400

// maxEntries caps the entries read from one feed.
const maxEntries = 500

// Parse reads an RSS, Atom or JSON feed (gofeed detects which) from bytes
// the caller fetched: gofeed never fetches anything itself here. It
// returns the feed's title and its entries. Anything else is ErrNotFeed,
// with what it is when that is plain: "… is an HTML page, not a feed".
func Parse(addr, contentType string, data []byte) (title string, entries []Entry, err error) {
	title, entries, _, err = parse(addr, contentType, data)
	return title, entries, err
}

// parse is Parse, also saying how many items past maxEntries were not read.
func parse(addr, contentType string, data []byte) (title string, entries []Entry, unread int, err error) {
	if isHTML(contentType, data) {
		return "", nil, 0, fmt.Errorf("%s is an HTML page, not a feed (give the address of its RSS, Atom or JSON feed): %w", addr, ErrNotFeed)
	}
	if !utf8.Valid(data) && !bytes.HasPrefix(bytes.TrimSpace(data), []byte("<?xml")) {
		return "", nil, 0, fmt.Errorf("%s is not a feed (not text): %w", addr, ErrNotFeed)
	}
	f, err := gofeed.NewParser().Parse(bytes.NewReader(data))
	if errors.Is(err, gofeed.ErrFeedTypeNotDetected) {
		return "", nil, 0, fmt.Errorf("%s is not a feed (neither RSS, Atom nor JSON Feed): %w", addr, ErrNotFeed)
	}
	if err != nil {
		return "", nil, 0, fmt.Errorf("%s: a broken feed: %v: %w", addr, err, ErrNotFeed)
	}
	if f.FeedType == "json" && !strings.Contains(f.FeedVersion, "jsonfeed.org") && !bytes.Contains(data[:min(len(data), 4096)], []byte("jsonfeed.org/version")) {
		return "", nil, 0, fmt.Errorf("%s is JSON but not a JSON Feed (no jsonfeed.org version): %w", addr, ErrNotFeed)
	}
	for i, it := range f.Items {
		if len(entries) == maxEntries {
			unread = len(f.Items) - i
			break
		}
		if it == nil {
			continue
		}
		e := Entry{GUID: strings.TrimSpace(it.GUID), Link: strings.TrimSpace(it.Link), Title: plain(it.Title)}
		if e.Link == "" && len(it.Links) > 0 {
			e.Link = strings.TrimSpace(it.Links[0])
		}
		if e.Title == "" && e.Link == "" {
			continue
		}
		sum := it.Description
		if sum == "" {
			sum = it.Content
		}
		e.Summary = cut(plain(sum), maxSummary)
		if t := it.PublishedParsed; t != nil {
			e.Published = t.UTC().Format(time.DateOnly)
		} else if t := it.UpdatedParsed; t != nil {
			e.Published = t.UTC().Format(time.DateOnly)
		}
		entries = append(entries, e)
	}
	return plain(f.Title), entries, unread, nil
}

// isHTML tells a web page from a feed: by content type, else by its start.
func isHTML(contentType string, data []byte) bool {
	if mt, _, err := mime.ParseMediaType(contentType); err == nil && (mt == "text/html" || mt == "application/xhtml+xml") {
		// Some servers label feeds text/html: believe the body if it
		// starts like a feed.
		return !looksLikeFeed(data)
	}
	head := bytes.ToLower(bytes.TrimLeftFunc(bytes.TrimPrefix(data[:min(len(data), 512)], []byte("\ufeff")), unicode.IsSpace))
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html"))
}

func looksLikeFeed(data []byte) bool {
	head := bytes.ToLower(data[:min(len(data), 1024)])
	return bytes.Contains(head, []byte("<rss")) || bytes.Contains(head, []byte("<feed")) ||
		bytes.Contains(head, []byte("<rdf:rdf")) || bytes.Contains(head, []byte("jsonfeed.org"))
}

var tags = regexp.MustCompile(`<[^>]*>`)

// plain turns a feed's text (often HTML) into one line of plain text.
func plain(s string) string {
	s = html.UnescapeString(tags.ReplaceAllString(s, " "))
	return strings.Join(strings.Fields(s), " ")
}

func cut(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
