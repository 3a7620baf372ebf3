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
	var rt http.RoundTripper = http.DefaultTransport
	if apiURL != nil {
		rt = apiRewrite{base: apiURL, next: rt}
	}
	s.Client = &http.Client{Timeout: 20 * time.Second, Transport: retry5xx{next: rt}}
	s.StateEnabled = true
	return s, nil
}

// retryDelays are the waits before retrying a request Discord answered
// with a server error.
var retryDelays = []time.Duration{250 * time.Millisecond, time.Second}

// retry5xx retries requests that Discord answered with 503 or 504 (it did
// not process them), and idempotent ones answered with 500. discordgo
// itself retries 502 and waits out 429s (per route and global).
type retry5xx struct{ next http.RoundTripper }

func (t retry5xx) RoundTrip(r *http.Request) (*http.Response, error) {
	for i := 0; ; i++ {
		resp, err := t.next.RoundTrip(r)
		if err != nil || i == len(retryDelays) || !retryable(r.Method, resp.StatusCode) || (r.Body != nil && r.GetBody == nil) {
			return resp, err
		}
		resp.Body.Close()
		select {
		case <-r.Context().Done():
			return nil, r.Context().Err()
		case <-time.After(retryDelays[i]):
		}
		if r.GetBody != nil {
			body, err := r.GetBody()
			if err != nil {
				return nil, err
			}
			r = r.Clone(r.Context())
			r.Body = body
		}
	}
}

func retryable(method string, status int) bool {
	switch status {
	case http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return true
	case http.StatusInternalServerError:
		return method != http.MethodPost
	}
	return false
}
