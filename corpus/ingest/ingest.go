// Package ingest turns outside material — Markdown articles, plain text, saved or fetched HTML pages — into corpus articles.
//
// Every conversion returns a validated *corpus.Article whose Body is in the
// corpus format: plain paragraphs, one per line, separated by blank lines,
// with the whitespace inside a paragraph collapsed to single spaces. Errors
// wrap one of the Err* sentinels below, so that callers (the CLI, the Discord
// bot) can tell the reasons apart with errors.Is and show the message as is.
package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus"
)

// Reasons an input is refused. Returned errors wrap one of these, with the
// details after a colon: "too big: 6291456 bytes (limit 5 MiB)".
var (
	ErrEmpty      = errors.New("empty text")
	ErrNotArticle = errors.New("not an article")
	ErrTooBig     = errors.New("too big")
	ErrType       = errors.New("wrong type")
	ErrFormat     = errors.New("bad article file")
	ErrBadURL     = errors.New("bad URL")
	ErrBlocked    = errors.New("blocked address")
	ErrFetch      = errors.New("fetch failed")
)

// DefaultMaxBytes caps one input (a file, an attachment or a fetched page,
// counted after decompression).
const DefaultMaxBytes = 5 << 20

// Content types accepted from the web and from attachments.
const (
	typeHTML     = "text/html"
	typeXHTML    = "application/xhtml+xml"
	typeText     = "text/plain"
	typeMarkdown = "text/markdown"
)

// FromMarkdown reads an article file in the corpus format (Markdown with YAML
// front matter); see corpus.Parse. name is used in errors only.
func FromMarkdown(name string, data []byte) (*corpus.Article, error) {
	if len(data) > corpus.MaxArticleBytes {
		return nil, tooBig(int64(len(data)), corpus.MaxArticleBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	a, err := corpus.Parse(name, data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	return a, nil
}

// FromText reads plain text: the first non-blank line is the title, the rest
// the body. Blocks of consecutive non-blank lines are joined into one
// paragraph, since plain text is often hard-wrapped; but when the body has
// no blank line at all and some line is longer than a wrapped line would
// be, each line is taken as a paragraph. name is used in errors only.
func FromText(name string, data []byte) (*corpus.Article, error) {
	return fromText(name, data, "")
}

func fromText(name string, data []byte, pageURL string) (*corpus.Article, error) {
	if len(data) > DefaultMaxBytes {
		return nil, tooBig(int64(len(data)), DefaultMaxBytes)
	}
	text, err := utf8Text(data)
	if err != nil {
		return nil, err
	}
	lines := strings.Split(text, "\n")
	title := ""
	for len(lines) > 0 && title == "" {
		title = collapse(strings.TrimLeft(lines[0], "# \t"))
		lines = lines[1:]
	}
	if title == "" {
		return nil, ErrEmpty
	}
	// A Markdown-style underline ("=====" or "-----") belongs to the title.
	if len(lines) > 0 && isRule(lines[0]) {
		lines = lines[1:]
	}
	paras := textParagraphs(lines)
	if len(paras) == 0 {
		return nil, fmt.Errorf("%w: nothing after the title line %q", ErrEmpty, title)
	}
	a := &corpus.Article{Title: title, URL: pageURL, Body: strings.Join(paras, "\n\n")}
	if pageURL != "" {
		a.Outlet = hostOutlet(pageURL)
	}
	return finish(a)
}

// textParagraphs groups lines into paragraphs (see FromText).
func textParagraphs(lines []string) []string {
	for len(lines) > 0 && strings.TrimSpace(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && strings.TrimSpace(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	blank, long := false, false
	for _, l := range lines {
		switch {
		case strings.TrimSpace(l) == "":
			blank = true
		case utf8.RuneCountInString(l) > 100:
			long = true
		}
	}
	var out, block []string
	flush := func() {
		if p := collapse(strings.Join(block, " ")); p != "" {
			out = append(out, p)
		}
		block = block[:0]
	}
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			flush()
			continue
		}
		block = append(block, l)
		if !blank && long {
			flush() // one paragraph per line
		}
	}
	flush()
	return out
}

func isRule(line string) bool {
	line = strings.TrimSpace(line)
	return len(line) >= 3 && (strings.Trim(line, "=") == "" || strings.Trim(line, "-") == "")
}

// Detect chooses the conversion for data: by content type when it names
// one, then by the extension of name, then by sniffing (front matter "---"
// means Markdown, "<html" or "<!doctype" means HTML, anything else that is
// text is plain text). Markdown without front matter is read as plain text.
// Generic content types (application/octet-stream, text/plain) are looked
// past, since uploads and servers often use them for HTML and Markdown
// files; any other type than HTML, XHTML, plain text or Markdown gives
// ErrType, and so does data that sniffs as binary. HTML is read with x
// (FromHTML); x may be nil when no HTML is expected (HTML then gives
// ErrExtractor).
func Detect(ctx context.Context, x Extractor, name, contentType string, data []byte) (*corpus.Article, error) {
	return detect(ctx, x, name, contentType, data, "")
}

// Formats Detect can choose.
const (
	formatHTML = iota + 1
	formatMarkdown
	formatText
)

// detect is Detect with the address the data came from ("" for a file).
func detect(ctx context.Context, x Extractor, name, contentType string, data []byte, pageURL string) (*corpus.Article, error) {
	if len(data) > DefaultMaxBytes {
		return nil, tooBig(int64(len(data)), DefaultMaxBytes)
	}
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, ErrEmpty
	}
	format, err := chooseFormat(name, contentType, data)
	if err != nil {
		return nil, err
	}
	switch format {
	case formatHTML:
		return FromHTML(ctx, x, data, pageURL)
	case formatMarkdown:
		if hasFrontMatter(data) {
			return FromMarkdown(name, data)
		}
	}
	return fromText(name, data, pageURL)
}

func chooseFormat(name, contentType string, data []byte) (int, error) {
	mt := mediaType(contentType)
	ext := strings.ToLower(path.Ext(name))
	if u, err := url.Parse(name); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		ext = strings.ToLower(path.Ext(u.Path))
	}
	switch mt {
	case typeHTML, typeXHTML:
		return formatHTML, nil
	case typeMarkdown, "text/x-markdown":
		return formatMarkdown, nil
	case "", "application/octet-stream", "binary/octet-stream", typeText:
		// Look further: generic types say little, and servers and chat
		// clients often label Markdown and HTML files as text/plain.
	default:
		return 0, fmt.Errorf("%w: %s", ErrType, mt)
	}
	switch ext {
	case ".html", ".htm", ".xhtml":
		return formatHTML, nil
	case ".md", ".markdown":
		return formatMarkdown, nil
	}
	switch {
	case hasFrontMatter(data):
		return formatMarkdown, nil
	case mt != typeText && looksLikeHTML(data):
		return formatHTML, nil
	case mt == typeText || ext == ".txt":
		return formatText, nil
	}
	if sniffed := mediaType(http.DetectContentType(data)); sniffed != typeText && sniffed != typeHTML {
		return 0, fmt.Errorf("%w: %s", ErrType, sniffed)
	}
	return formatText, nil
}

func mediaType(contentType string) string {
	if contentType == "" {
		return ""
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return strings.ToLower(strings.TrimSpace(contentType))
	}
	return mt
}

func hasFrontMatter(data []byte) bool {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	return bytes.HasPrefix(data, []byte("---\n")) || bytes.HasPrefix(data, []byte("---\r\n"))
}

func looksLikeHTML(data []byte) bool {
	head := data[:min(len(data), 1024)]
	head = bytes.ToLower(bytes.TrimLeftFunc(bytes.TrimPrefix(head, []byte("\ufeff")), unicode.IsSpace))
	for _, p := range []string{"<!doctype html", "<html", "<head", "<body", "<?xml"} {
		if bytes.HasPrefix(head, []byte(p)) {
			return true
		}
	}
	return bytes.Contains(head, []byte("<html"))
}

// FromReader reads at most max bytes from r — a Discord attachment, say —
// and converts them as Detect does. More than max bytes gives ErrTooBig.
// max <= 0 means DefaultMaxBytes, which is also the most it can be. HTML is
// read with x, as Detect does.
func FromReader(ctx context.Context, x Extractor, name, contentType string, r io.Reader, max int64) (*corpus.Article, error) {
	if max <= 0 || max > DefaultMaxBytes {
		max = DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(ctxReader{ctx, r}, max+1))
	if err != nil {
		if ctx.Err() != nil {
			return nil, fmt.Errorf("read %s: %w", name, ctx.Err())
		}
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(data)) > max {
		return nil, tooBigUnknown(max)
	}
	return detect(ctx, x, name, contentType, data, "")
}

// ctxReader stops reading once ctx is done.
type ctxReader struct {
	ctx context.Context
	r   io.Reader
}

func (c ctxReader) Read(p []byte) (int, error) {
	if err := c.ctx.Err(); err != nil {
		return 0, err
	}
	return c.r.Read(p)
}

// finish fills in what every converted article needs (kind, id), checks it
// and splits it into paragraphs.
func finish(a *corpus.Article) (*corpus.Article, error) {
	a.Kind = corpus.KindArticle
	if strings.TrimSpace(a.Body) == "" {
		return nil, ErrEmpty
	}
	if a.ID == "" {
		a.ID = ArticleID(a)
	}
	if err := a.Validate(); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrFormat, err)
	}
	// What is stored must be what the store reads back: the article file
	// (front matter and text) within the store's limit, whatever the
	// input's own limit.
	if n := len(a.Marshal()); n > corpus.MaxArticleBytes {
		return nil, fmt.Errorf("%w: the article would be a %d-byte file (the store reads at most %s)", ErrTooBig, n, sizeLabel(corpus.MaxArticleBytes))
	}
	a.Paragraphs = corpus.Split(a.Body)
	return a, nil
}

// utf8Text checks and normalises text: no byte-order mark, "\n" line ends.
func utf8Text(data []byte) (string, error) {
	if !utf8.Valid(data) {
		return "", fmt.Errorf("%w: not UTF-8 text", ErrType)
	}
	s := strings.TrimPrefix(string(data), "\ufeff")
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	if strings.TrimSpace(s) == "" {
		return "", ErrEmpty
	}
	return s, nil
}

// collapse trims s and turns every run of white space (including
// non-breaking spaces) into one space.
func collapse(s string) string {
	return strings.Join(strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || r == '\u00a0' || r == '\u200b' || r == '\ufeff'
	}), " ")
}

func tooBig(n, limit int64) error {
	return fmt.Errorf("%w: %d bytes (limit %s)", ErrTooBig, n, sizeLabel(limit))
}

func tooBigUnknown(limit int64) error {
	return fmt.Errorf("%w: more than %d bytes (limit %s)", ErrTooBig, limit, sizeLabel(limit))
}

func sizeLabel(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
