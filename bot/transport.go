package bot

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// discordHosts are the hosts discordgo's endpoints name.
var discordHosts = map[string]bool{"discord.com": true, "discordapp.com": true, "www.discord.com": true}

// apiSuffix is an /api or /api/vN the user may have put on DISCORD_API_URL.
var apiSuffix = regexp.MustCompile(`/api(/v[0-9]+)?/?$`)

// apiRewrite sends requests for discord.com to another Discord-compatible
// API: scheme, host and a path prefix.
type apiRewrite struct {
	base *url.URL
	next http.RoundTripper
}

func (t apiRewrite) RoundTrip(r *http.Request) (*http.Response, error) {
	if !discordHosts[r.URL.Hostname()] {
		return t.next.RoundTrip(r)
	}
	r2 := r.Clone(r.Context())
	r2.URL.Scheme = t.base.Scheme
	r2.URL.Host = t.base.Host
	r2.Host = t.base.Host
	r2.URL.Path = t.base.Path + r.URL.Path
	if r.URL.RawPath != "" {
		r2.URL.RawPath = t.base.EscapedPath() + r.URL.RawPath
	}
	return t.next.RoundTrip(r2)
}

// ParseAPIURL checks a DISCORD_API_URL: an http(s) address standing in for
// https://discord.com (a trailing /api or /api/v9 is dropped: discordgo
// adds its own).
func ParseAPIURL(raw string) (*url.URL, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("DISCORD_API_URL %q: want an http(s) address like http://localhost:8080", raw)
	}
	u.Path = strings.TrimRight(apiSuffix.ReplaceAllString(u.Path, ""), "/")
	u.RawPath, u.RawQuery, u.Fragment = "", "", ""
	return u, nil
}

// NewSession returns a discordgo Session for a bot token. With apiURL (see
// ParseAPIURL) its HTTP client sends Discord's REST calls there; the
// gateway address then comes from that API's /gateway answer. No global
// endpoint variable is changed.
func NewSession(token string, apiURL *url.URL) (*discordgo.Session, error) {
	s, err := discordgo.New("Bot " + strings.TrimPrefix(token, "Bot "))
	if err != nil {
		return nil, fmt.Errorf("discord session: %w", err)
	}
	if apiURL != nil {
		s.Client = &http.Client{Timeout: 20 * time.Second, Transport: apiRewrite{base: apiURL, next: http.DefaultTransport}}
	}
	s.StateEnabled = true
	return s, nil
}
