package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"

	"github.com/talksbot/talksbot/corpus"
)

// ID derives a stable article id. With a URL it is
// "<host>-<first 10 hex digits of sha256(corpus.NormalizeURL(url))>", e.g.
// "reuters.com-3f1c0a9b2e", so the same page reached through tracking
// links, with or without "www.", a fragment or a trailing slash gets the
// same id. Without a URL (or with one that cannot be parsed) it is
// "text-<10 hex digits of sha256(title, body)>" over the text with its white
// space collapsed, so re-wrapping a text file does not change its id.
// The result always matches corpus's id pattern ^[a-z0-9][a-z0-9._-]{0,127}$.
func ID(canonicalURL, title, body string) string {
	if norm, host, ok := corpus.NormalizeURLHost(canonicalURL); ok {
		sum := sha256.Sum256([]byte(norm))
		return hostSlug(host) + "-" + hex.EncodeToString(sum[:5])
	}
	sum := sha256.Sum256([]byte(collapse(title) + "\n" + collapse(body)))
	return "text-" + hex.EncodeToString(sum[:5])
}

// hostSlug makes a host usable in an id: lower-case letters, digits, '.'
// and '-', at most 60 characters, starting with a letter or digit.
func hostSlug(host string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(host) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '.':
			b.WriteRune(r)
		default:
			b.WriteByte('-')
		}
	}
	s := b.String()
	if len(s) > 60 {
		s = s[len(s)-60:] // keep the end: the registrable domain
	}
	s = strings.TrimLeft(s, ".-")
	if s == "" {
		return "web"
	}
	return s
}
