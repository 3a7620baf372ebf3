package corpus

import (
	"net"
	"net/url"
	"strings"
)

// NormalizeURL returns the form of an http(s) URL that names an article (ingest.ID
// hashes it; the data directory finds replaced articles by it): scheme
// "https" (http and https name the same article), lower-case host without
// "www." and without a default port, no user info, no fragment, no
// tracking parameters (utm_*, fbclid, gclid, …), the other parameters
// sorted, no trailing slash. ok is false when raw is not an absolute http or
// https URL.
func NormalizeURL(raw string) (norm string, ok bool) {
	norm, _, ok = NormalizeURLHost(raw)
	return norm, ok
}

// NormalizeURLHost is NormalizeURL with the normalised host (lower case,
// without "www.", a trailing dot or the port).
func NormalizeURLHost(raw string) (norm, host string, ok bool) {
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
