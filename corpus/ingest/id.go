package ingest

import (
	"crypto/sha256"
	"encoding/hex"
	"net"
	"net/url"
	"strings"
)

// ID derives a stable article id. With a URL it is
// "<host>-<first 10 hex digits of sha256(NormalizeURL(url))>", e.g.
// "reuters.com-3f1c0a9b2e", so the same page reached through tracking
// links, with or without "www.", a fragment or a trailing slash gets the
// same id. Without a URL (or with one that cannot be parsed) it is
// "text-<10 hex digits of sha256(title, body)>" over the text with its white
// space collapsed, so re-wrapping a text file does not change its id.
// The result always matches corpus's id pattern ^[a-z0-9][a-z0-9._-]{0,127}$.
func ID(canonicalURL, title, body string) string {
	if norm, host, ok := normalizeURL(canonicalURL); ok {
		sum := sha256.Sum256([]byte(norm))
		return hostSlug(host) + "-" + hex.EncodeToString(sum[:5])
	}
	sum := sha256.Sum256([]byte(collapse(title) + "\n" + collapse(body)))
	return "text-" + hex.EncodeToString(sum[:5])
}

// NormalizeURL returns the form of an http(s) URL that ID hashes: scheme
// "https" (http and https name the same article), lower-case host without
// "www." and without a default port, no user info, no fragment, no
// tracking parameters (utm_*, fbclid, gclid, …), the other parameters
// sorted, no trailing slash. ok is false when raw is not an absolute http or
// https URL.
func NormalizeURL(raw string) (norm string, ok bool) {
	norm, _, ok = normalizeURL(raw)
	return norm, ok
}

func normalizeURL(raw string) (norm, host string, ok bool) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return "", "", false
	}
	scheme := strings.ToLower(u.Scheme)
	if (scheme != "http" && scheme != "https") || u.Hostname() == "" {
		return "", "", false
	}
	host = strings.TrimSuffix(strings.ToLower(u.Hostname()), ".")
	host = strings.TrimPrefix(host, "www.")
	port := u.Port()
	if port == "80" || port == "443" {
		port = ""
	}
	q := u.Query()
	for k := range q {
		if isTracking(k) {
			delete(q, k)
		}
	}
	hostport := host
	if strings.Contains(host, ":") {
		hostport = "[" + host + "]"
	}
	if port != "" {
		hostport = net.JoinHostPort(host, port)
	}
	v := url.URL{
		Scheme:   "https",
		Host:     hostport,
		Path:     strings.TrimRight(u.Path, "/"),
		RawPath:  strings.TrimRight(u.RawPath, "/"),
		RawQuery: q.Encode(),
	}
	return v.String(), host, true
}

// trackingParams are query parameters that say how a reader arrived, not
// which page they read.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gbraid": true, "wbraid": true,
	"msclkid": true, "yclid": true, "twclid": true, "igshid": true, "igsh": true,
	"mc_cid": true, "mc_eid": true, "_ga": true, "_gl": true, "_hsenc": true,
	"_hsmi": true, "mkt_tok": true, "oly_anon_id": true, "oly_enc_id": true,
	"vero_id": true, "ocid": true, "cmpid": true, "cmp": true, "smid": true,
	"smtyp": true, "ref_src": true, "ref_url": true, "share": true, "s_cid": true,
	"ito": true, "guccounter": true, "guce_referrer": true, "guce_referrer_sig": true,
}

func isTracking(key string) bool {
	k := strings.ToLower(key)
	return strings.HasPrefix(k, "utm_") || strings.HasPrefix(k, "at_") || trackingParams[k]
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
