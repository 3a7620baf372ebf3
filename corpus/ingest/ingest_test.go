package ingest

import (
	"bytes"
	"context"
	"errors"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus/ingest/htmltext"

	"github.com/talksbot/talksbot/corpus"
)

var idPattern = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}$`)

const sampleMarkdown = `---
id: sample-2024-01-25
title: "Talks on the coalition's future begin"
outlet: "Example News"
url: "https://example.com/talks"
published: "2024-01-25"
kind: article
---
Iraq and the United States began talks on Thursday.

The first session was held in Baghdad.
`

const sampleHTML = `<!DOCTYPE html>
<html><head><title>Talks begin in Baghdad - Example News</title>
<meta property="og:site_name" content="Example News">
<meta name="author" content="Jane Roe">
<meta property="article:published_time" content="2024-01-27T09:00:00Z">
<link rel="canonical" href="https://www.example.com/2024/01/talks-begin/">
</head><body>
<nav><a href="/">Home</a> <a href="/world">World</a></nav>
<article>
<h1>Talks begin in Baghdad</h1>
<p>Iraqi and U.S. officials held the first session of talks on the future of the coalition in Baghdad on Saturday, the Iraqi prime minister's office said in a statement.</p>
<p>The talks will set a timeline for a gradual reduction of coalition advisers, the statement said, and are expected to take several months to complete.</p>
<p>A spokesman said the working groups would meet again next week to continue the discussion of   the three factors named by the U.S. defense secretary.</p>
</article>
<footer>Copyright Example News</footer>
</body></html>`

func TestFromText(t *testing.T) {
	tests := []struct {
		name, in   string
		title      string
		paragraphs []string
		err        error
	}{
		{
			name:       "hard-wrapped",
			in:         "Talks begin\n\nIraq and the United States\nbegan talks on Thursday.\n\nThe first session\n   was held in Baghdad.\n",
			title:      "Talks begin",
			paragraphs: []string{"Iraq and the United States began talks on Thursday.", "The first session was held in Baghdad."},
		},
		{
			name:  "one paragraph per line",
			in:    "Talks begin\n" + strings.Repeat("Iraq and the United States began talks on Thursday in Baghdad, officials said. ", 2) + "\nThe first session was held in Baghdad.\n",
			title: "Talks begin",
			paragraphs: []string{
				strings.TrimSpace(strings.Repeat("Iraq and the United States began talks on Thursday in Baghdad, officials said. ", 2)),
				"The first session was held in Baghdad.",
			},
		},
		{
			name:       "markdown heading, CRLF, BOM, blank lines first",
			in:         "\ufeff\r\n\r\n# Talks begin\r\n===\r\nBody line one\r\nline two.\r\n",
			title:      "Talks begin",
			paragraphs: []string{"Body line one line two."},
		},
		{name: "empty", in: " \n\t\n", err: ErrEmpty},
		{name: "title only", in: "Just a title\n\n", err: ErrEmpty},
		{name: "not UTF-8", in: "Title\n\nCaf\xe9 au lait\n", err: ErrType},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := FromText("note.txt", []byte(tt.in))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("FromText(%q) error = %v; want %v", tt.in, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromText(%q) = %v", tt.in, err)
			}
			if a.Title != tt.title {
				t.Errorf("title = %q; want %q", a.Title, tt.title)
			}
			if got := strings.Split(a.Body, "\n\n"); !slices.Equal(got, tt.paragraphs) {
				t.Errorf("paragraphs = %q; want %q", got, tt.paragraphs)
			}
			checkArticle(t, a)
			if !strings.HasPrefix(a.ID, "text-") || a.URL != "" {
				t.Errorf("id %q, url %q; want a text- id and no URL", a.ID, a.URL)
			}
		})
	}
}

func TestFromMarkdown(t *testing.T) {
	a, err := FromMarkdown("sample.md", []byte(sampleMarkdown))
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "sample-2024-01-25" || a.Published != "2024-01-25" || len(a.Paragraphs) != 2 {
		t.Errorf("FromMarkdown = id %q, published %q, %d paragraphs", a.ID, a.Published, len(a.Paragraphs))
	}
	if _, err := FromMarkdown("bad.md", []byte("---\ntitle: x\n---\nbody\n")); !errors.Is(err, ErrFormat) || !strings.Contains(err.Error(), "missing id") {
		t.Errorf("FromMarkdown(no id) error = %v; want ErrFormat naming the missing id", err)
	}
	big := append([]byte(sampleMarkdown), bytes.Repeat([]byte("x"), corpus.MaxArticleBytes)...)
	if _, err := FromMarkdown("big.md", big); !errors.Is(err, ErrTooBig) {
		t.Errorf("FromMarkdown(big) error = %v; want ErrTooBig", err)
	}
}

func TestFromHTML(t *testing.T) {
	a, err := fromHTML([]byte(sampleHTML), "")
	if err != nil {
		t.Fatal(err)
	}
	checkArticle(t, a)
	want := corpus.Article{
		Title: "Talks begin in Baghdad", Author: "Jane Roe", Outlet: "Example News",
		URL: "https://www.example.com/2024/01/talks-begin/", Published: "2024-01-27", Kind: corpus.KindArticle,
	}
	if a.Title != want.Title || a.Author != want.Author || a.Outlet != want.Outlet || a.URL != want.URL || a.Published != want.Published || a.Kind != want.Kind {
		t.Errorf("FromHTML = %+v; want %+v", *a, want)
	}
	if a.ID != "example-news-2024-01-27-talks-begin-baghdad" {
		t.Errorf("id = %q; want example-news-2024-01-27-talks-begin-baghdad (outlet, date, title words)", a.ID)
	}
	if n := len(strings.Split(a.Body, "\n\n")); n != 3 || strings.Contains(a.Body, "Home") || strings.Contains(a.Body, "Copyright") {
		t.Errorf("body has %d paragraphs, want the 3 of the article only:\n%s", n, a.Body)
	}
	if !strings.Contains(a.Body, "discussion of the three factors") {
		t.Errorf("white space not collapsed:\n%s", a.Body)
	}

	// Fetched from elsewhere, the page cannot claim example.com's address.
	a, err = fromHTML([]byte(sampleHTML), "https://mirror.test/copy.html")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != "https://mirror.test/copy.html" {
		t.Errorf("mirrored page: url %q; want the mirror's", a.URL)
	}

	for _, tt := range []struct {
		name, in string
		err      error
	}{
		{"empty", "", ErrEmpty},
		{"blank", " \n ", ErrEmpty},
		{"empty page", "<!doctype html><html><head><title>Nothing</title></head><body></body></html>", ErrNotArticle},
		{"navigation only", `<html><body><nav><a href="/a">A</a> <a href="/b">B</a></nav></body></html>`, ErrNotArticle},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if _, err := fromHTML([]byte(tt.in), ""); !errors.Is(err, tt.err) {
				t.Errorf("FromHTML(%q) error = %v; want %v", tt.in, err, tt.err)
			}
		})
	}
}

func TestDetect(t *testing.T) {
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01")
	tests := []struct {
		name, file, contentType, in string
		wantTitle                   string
		err                         error
	}{
		{"markdown by type", "a", "text/markdown; charset=utf-8", sampleMarkdown, "Talks on the coalition's future begin", nil},
		{"markdown by extension", "a.md", "", sampleMarkdown, "Talks on the coalition's future begin", nil},
		{"markdown sniffed", "upload", "application/octet-stream", sampleMarkdown, "Talks on the coalition's future begin", nil},
		{"markdown served as text", "a", "text/plain", sampleMarkdown, "Talks on the coalition's future begin", nil},
		{"markdown without front matter", "notes.md", "", "# Talks\n\nThey began.\n", "Talks", nil},
		{"html by type", "a", "text/html; charset=utf-8", sampleHTML, "Talks begin in Baghdad", nil},
		{"xhtml", "a", "application/xhtml+xml", sampleHTML, "Talks begin in Baghdad", nil},
		{"html by extension", "page.htm", "", sampleHTML, "Talks begin in Baghdad", nil},
		{"html sniffed", "page", "", "  " + sampleHTML, "Talks begin in Baghdad", nil},
		{"text", "notes.txt", "", "Talks\n\nThey began.\n", "Talks", nil},
		{"text sniffed", "notes", "", "Talks\n\nThey began.\n", "Talks", nil},
		{"image by type", "a.png", "image/png", string(png), "", ErrType},
		{"image sniffed", "upload", "application/octet-stream", string(png), "", ErrType},
		{"pdf", "a.pdf", "application/pdf", "%PDF-1.4", "", ErrType},
		{"empty", "a.txt", "text/plain", "\n\n", "", ErrEmpty},
		{"too big", "a.txt", "text/plain", "T\n\n" + strings.Repeat("a", DefaultMaxBytes), "", ErrTooBig},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, err := Detect(context.Background(), htmltext.Extractor{}, tt.file, tt.contentType, []byte(tt.in))
			if tt.err != nil {
				if !errors.Is(err, tt.err) {
					t.Fatalf("Detect(%q, %q) error = %v; want %v", tt.file, tt.contentType, err, tt.err)
				}
				return
			}
			if err != nil {
				t.Fatalf("Detect(%q, %q) = %v", tt.file, tt.contentType, err)
			}
			if a.Title != tt.wantTitle {
				t.Errorf("Detect(%q, %q).Title = %q; want %q", tt.file, tt.contentType, a.Title, tt.wantTitle)
			}
			checkArticle(t, a)
		})
	}
}

func TestErrorMessages(t *testing.T) {
	_, err := Detect(context.Background(), nil, "a.png", "image/png", []byte("x"))
	if got, want := err.Error(), "wrong type: image/png"; got != want {
		t.Errorf("Detect(image/png) error = %q; want %q", got, want)
	}
	_, err = fromHTML([]byte("<html><body></body></html>"), "")
	if got, want := err.Error(), "not an article: no main text found"; got != want {
		t.Errorf("FromHTML(empty page) error = %q; want %q", got, want)
	}
	_, err = FromReader(context.Background(), nil, "big.txt", "text/plain", strings.NewReader(strings.Repeat("a", 2<<20)), 1<<20)
	if got, want := err.Error(), "too big: more than 1048576 bytes (limit 1 MiB)"; got != want {
		t.Errorf("FromReader(2 MiB, limit 1 MiB) error = %q; want %q", got, want)
	}
	_, err = FromText("a.txt", []byte(strings.Repeat("a", DefaultMaxBytes+1)))
	if got, want := err.Error(), "too big: 5242881 bytes (limit 5 MiB)"; got != want {
		t.Errorf("FromText(5 MiB + 1) error = %q; want %q", got, want)
	}
}

func TestFromReader(t *testing.T) {
	a, err := FromReader(context.Background(), nil, "a.md", "", strings.NewReader(sampleMarkdown), 0)
	if err != nil || a.ID != "sample-2024-01-25" {
		t.Fatalf("FromReader(markdown) = %v, %v", a, err)
	}
	in := strings.Repeat("x", 100)
	if _, err := FromReader(context.Background(), nil, "a.txt", "text/plain", strings.NewReader(in), 99); !errors.Is(err, ErrTooBig) {
		t.Errorf("FromReader(100 bytes, max 99) error = %v; want ErrTooBig", err)
	}
	if _, err := FromReader(context.Background(), nil, "a.txt", "text/plain", strings.NewReader("T\n\n"+in), 103); err != nil {
		t.Errorf("FromReader(103 bytes, max 103) = %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := FromReader(ctx, nil, "a.txt", "", strings.NewReader(in), 0); !errors.Is(err, context.Canceled) {
		t.Errorf("FromReader(cancelled) error = %v; want context.Canceled", err)
	}
}

func TestID(t *testing.T) {
	base := ID("https://example.com/world/2024/talks", "", "")
	same := []string{
		"https://example.com/world/2024/talks/",
		"https://www.example.com/world/2024/talks",
		"HTTPS://WWW.Example.COM/world/2024/talks#section-2",
		"http://example.com/world/2024/talks",
		"https://example.com:443/world/2024/talks",
		"https://example.com/world/2024/talks?utm_source=twitter&utm_medium=social&fbclid=abc",
		"https://example.com/world/2024/talks/?gclid=1&utm_campaign=x#top",
	}
	for _, u := range same {
		if got := ID(u, "a title", "a body"); got != base {
			t.Errorf("ID(%q) = %q; want %q (as for the plain URL)", u, got, base)
		}
	}
	different := []string{
		"https://example.com/world/2024/talks-2",
		"https://example.com/world/2024/Talks",
		"https://example.com/world/2024/talks?page=2",
		"https://example.org/world/2024/talks",
		"https://news.example.com/world/2024/talks",
		"https://example.com:8443/world/2024/talks",
	}
	seen := map[string]string{base: "base"}
	for _, u := range different {
		got := ID(u, "", "")
		if prev, dup := seen[got]; dup {
			t.Errorf("ID(%q) = %q, the same as for %s", u, got, prev)
		}
		seen[got] = u
	}
	if a, b := ID("https://e.com/x?b=2&a=1", "", ""), ID("https://e.com/x?a=1&b=2", "", ""); a != b {
		t.Errorf("query order changes the id: %q vs %q", a, b)
	}
	if !regexp.MustCompile(`^example\.com-[0-9a-f]{10}$`).MatchString(base) {
		t.Errorf("ID = %q; want example.com-<10 hex>", base)
	}

	// Without a URL: the text, however wrapped.
	t1 := ID("", "Title", "Some text\nwrapped here.")
	if t2 := ID("", "Title", "Some  text wrapped\n here. "); t1 != t2 {
		t.Errorf("text ids differ with wrapping: %q vs %q", t1, t2)
	}
	if t3 := ID("", "Title", "Other text."); t3 == t1 {
		t.Errorf("different texts share id %q", t1)
	}
	if !regexp.MustCompile(`^text-[0-9a-f]{10}$`).MatchString(t1) {
		t.Errorf("ID = %q; want text-<10 hex>", t1)
	}
	if got := ID("ftp://example.com/x", "T", "B"); !strings.HasPrefix(got, "text-") {
		t.Errorf("ID(ftp URL) = %q; want a text- id", got)
	}

	for _, u := range []string{
		"https://xn--mnchen-3ya.de/a", "https://münchen.de/a", "http://[2001:db8::1]:8080/x",
		"https://" + strings.Repeat("sub.", 40) + "example.com/", "https://127.0.0.1/", "https://-odd-.example/",
	} {
		if got := ID(u, "", ""); !idPattern.MatchString(got) {
			t.Errorf("ID(%q) = %q; does not match %v", u, got, idPattern)
		}
	}
}

// checkArticle checks what every converted article must satisfy.
func checkArticle(t *testing.T, a *corpus.Article) {
	t.Helper()
	if err := a.Validate(); err != nil {
		t.Errorf("article %q does not validate: %v", a.ID, err)
	}
	if !idPattern.MatchString(a.ID) {
		t.Errorf("id %q does not match %v", a.ID, idPattern)
	}
	if len(a.Paragraphs) == 0 {
		t.Errorf("article %q has no paragraphs", a.ID)
	}
	checkBody(t, a.Body)
	// The article survives the corpus file format.
	b, err := corpus.Parse("round-trip.md", a.Marshal())
	if err != nil {
		t.Errorf("Parse(Marshal(%q)) = %v", a.ID, err)
	} else if b.Body != a.Body || b.Title != a.Title || b.ID != a.ID {
		t.Errorf("Parse(Marshal(%q)) changed the article", a.ID)
	}
}

// Every limit on the way in is one the store reads back: text just under
// the store's limit is stored and read back; text over it is refused as
// too big, though it is under the input's 5 MiB.
func TestIngestLimitIsTheStoresLimit(t *testing.T) {
	line := strings.Repeat("The talks went on for many months in Baghdad and Washington. ", 16) + "\n\n"
	make := func(n int) []byte {
		var b strings.Builder
		b.WriteString("A long record of the talks\n\n")
		for b.Len() < n {
			b.WriteString(line)
		}
		return []byte(b.String()[:n])
	}
	over := make(corpus.MaxArticleBytes + 64<<10)
	if _, err := FromText("over.txt", over); !errors.Is(err, ErrTooBig) {
		t.Errorf("text of %d bytes: %v; want ErrTooBig", len(over), err)
	}
	under := make(corpus.MaxArticleBytes - 4096)
	a, err := FromText("under.txt", under)
	if err != nil {
		t.Fatalf("text of %d bytes: %v", len(under), err)
	}
	dir := t.TempDir()
	s, err := corpus.OpenStore(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Put(a); err != nil {
		t.Fatal(err)
	}
	back, err := s.Get(a.ID)
	if err != nil || back.Body != a.Body {
		t.Fatalf("stored article does not read back: %v", err)
	}
	big := *a
	big.Body = string(over)
	if err := s.Put(&big); err == nil {
		t.Error("Put of an article over the store's limit succeeded")
	}
}
