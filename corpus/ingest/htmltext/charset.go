package htmltext

import (
	"bytes"
	"regexp"
	"unicode/utf8"

	"github.com/gogs/chardet"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	unorm "golang.org/x/text/unicode/norm"
)

// decodePage turns a page saved as served, in whatever encoding it came
// in, into UTF-8 text in NFC without soft hyphens (as dom.Parse makes it,
// which go-trafilatura and go-readability expect).
//
// dom.Parse guesses the encoding from the text alone (chardet), which
// can take a UTF-8 page with few non-ASCII letters, or a page that says
// what it is in, for another encoding: mojibake. What the bytes and the
// page say come first here (pageEncoding); the guess only when they say
// nothing.
func decodePage(data []byte) ([]byte, error) {
	out, _, err := transform.Bytes(transform.Chain(
		pageEncoding(data).NewDecoder(),
		unorm.NFD, runes.Remove(runes.Predicate(isSoftHyphen)), unorm.NFC), data)
	return out, err
}

// parsePage parses a page decodePage has decoded.
func parsePage(data []byte) (*html.Node, error) {
	return html.Parse(bytes.NewReader(data))
}

// isSoftHyphen reports whether r is U+00AD, a hyphenation hint rather
// than text.
func isSoftHyphen(r rune) bool { return r == '\u00ad' }

// pageEncoding is the encoding of a page's bytes: the one its byte-order
// mark names; UTF-8 when the bytes are valid UTF-8 (a page is seldom
// valid UTF-8 by chance, and many pages declare one encoding and are
// served in another); the one its <meta> declares; UTF-8 when it
// declares UTF-8 or reads as UTF-8 but for a few bytes; else chardet's
// guess, and UTF-8 when it has none.
func pageEncoding(data []byte) encoding.Encoding {
	switch {
	case bytes.HasPrefix(data, []byte("\xef\xbb\xbf")):
		return unicode.UTF8BOM
	case bytes.HasPrefix(data, []byte("\xfe\xff")):
		return unicode.UTF16(unicode.BigEndian, unicode.ExpectBOM)
	case bytes.HasPrefix(data, []byte("\xff\xfe")):
		return unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM)
	case utf8.Valid(data):
		return unicode.UTF8
	}
	e, declared := declaredEncoding(data)
	if e != nil {
		return e
	}
	if declared || mostlyUTF8(data) {
		return unicode.UTF8 // a stray byte is one U+FFFD, not a page of mojibake
	}
	if res, err := chardet.NewHtmlDetector().DetectBest(data); err == nil {
		if e, _ := charset.Lookup(res.Charset); e != nil {
			return e
		}
	}
	return unicode.UTF8
}

// metaCharset finds <meta charset="…"> and <meta http-equiv="Content-Type"
// content="text/html; charset=…"> in a page's head.
var metaCharset = regexp.MustCompile(`(?i)<meta[^>]*?charset\s*=\s*["']?\s*([a-z0-9_:.\-]+)`)

// declaredEncoding is the encoding a page's <meta> declares in its first
// 64 KiB (the head), nil for UTF-8 or none; declared is whether it named
// UTF-8.
func declaredEncoding(data []byte) (e encoding.Encoding, utf8Declared bool) {
	m := metaCharset.FindSubmatch(data[:min(len(data), 64<<10)])
	if m == nil {
		return nil, false
	}
	e, name := charset.Lookup(string(m[1]))
	if name == "utf-8" {
		return nil, true
	}
	return e, false
}

// mostlyUTF8 reports whether data reads as UTF-8 with a few bad bytes: at
// least ten well-formed multi-byte characters for every byte that is not.
func mostlyUTF8(data []byte) bool {
	good, bad := 0, 0
	for len(data) > 0 {
		r, n := utf8.DecodeRune(data)
		switch {
		case r == utf8.RuneError && n == 1:
			bad++
		case n > 1:
			good++
		}
		data = data[n:]
	}
	return good >= 10*bad
}
