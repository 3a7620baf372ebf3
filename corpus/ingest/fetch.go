package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"slices"
	"strings"
	"syscall"
	"time"

	"code.dny.dev/ssrf"

	"github.com/talksbot/talksbot/corpus"
)

// UserAgent is sent with every request.
const UserAgent = "talksbot/1 (+https://github.com/talksbot/talksbot)"

// Limits of the default fetcher.
const (
	MaxRedirects          = 3
	dialTimeout           = 5 * time.Second
	tlsTimeout            = 5 * time.Second
	responseHeaderTimeout = 10 * time.Second
	fetchTimeout          = 20 * time.Second
)

// Fetcher downloads pages for the corpus without letting a URL (or a
// redirect, or a DNS answer) reach the machine's own network: see NewFetcher.
type Fetcher struct {
	// Client does the requests. NewFetcher's client checks every address
	// when it dials; a client set by hand carries no such protection.
	Client *http.Client
	// MaxBytes caps a response body after decompression. 0 means
	// DefaultMaxBytes, which is also the most it can be.
	MaxBytes int64
	// UserAgent is sent with requests (the package's UserAgent when "").
	UserAgent string
	// Extractor reads HTML pages (FromHTML); nil refuses them with
	// ErrExtractor. Callers that read uploads use it too.
	Extractor Extractor
}

// Option changes how NewFetcher builds a Fetcher.
type Option func(*fetchConfig)

type fetchConfig struct {
	extractor     Extractor
	maxBytes      int64
	ports         []uint16
	allowLoopback bool
	allow         []Allowed // an operator's allow-list (allow.go)
}

// WithMaxBytes lowers the size cap of a response body, counted after
// decompression (DefaultMaxBytes is the most it can be).
func WithMaxBytes(n int64) Option { return func(c *fetchConfig) { c.maxBytes = n } }

// WithExtractor sets the Fetcher's HTML extractor.
func WithExtractor(x Extractor) Option { return func(c *fetchConfig) { c.extractor = x } }

// AllowPorts permits destination ports besides 80 and 443. Addresses are
// still checked.
func AllowPorts(ports ...uint16) Option {
	return func(c *fetchConfig) { c.ports = append(c.ports, ports...) }
}

// AllowLoopbackForTests lets the fetcher connect to loopback addresses
// (127.0.0.0/8, ::1) on any port, so that tests can use httptest servers.
// Private, link-local, metadata and every other blocked range stay blocked.
// The bot never sets it: it would let a user make the bot query services on
// its own host.
func AllowLoopbackForTests() Option { return func(c *fetchConfig) { c.allowLoopback = true } }

// NewFetcher returns a Fetcher whose client
//   - dials only public addresses, on ports 80 and 443 (see AllowPorts, and
//     AllowHosts for an operator's exceptions): the
//     check (code.dny.dev/ssrf) runs in the dialer for every address
//     actually connected to, so neither a redirect nor a DNS answer can
//     lead to loopback, private, link-local (including the cloud metadata
//     address 169.254.169.254), unspecified, multicast or other reserved
//     addresses;
//   - ignores proxy settings (a proxy would dial for us, unchecked);
//   - follows at most MaxRedirects redirects, to http and https URLs only;
//   - gives up after 5 s dialing, 5 s of TLS handshake, 10 s waiting for
//     response headers and 20 s in all.
//
// Bodies are capped at DefaultMaxBytes after decompression (WithMaxBytes).
func NewFetcher(opts ...Option) *Fetcher {
	cfg := fetchConfig{maxBytes: DefaultMaxBytes}
	for _, o := range opts {
		o(&cfg)
	}
	control := cfg.dialCheck()
	dialer := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second, Control: control}
	unchecked := &net.Dialer{Timeout: dialTimeout, KeepAlive: 30 * time.Second}
	transport := &http.Transport{
		Proxy:                  nil,
		DialContext:            cfg.dialer(dialer, unchecked),
		ForceAttemptHTTP2:      true,
		TLSHandshakeTimeout:    tlsTimeout,
		ResponseHeaderTimeout:  responseHeaderTimeout,
		ExpectContinueTimeout:  time.Second,
		MaxIdleConns:           16,
		IdleConnTimeout:        90 * time.Second,
		MaxResponseHeaderBytes: 1 << 20,
	}
	client := &http.Client{
		Transport: transport,
		Timeout:   fetchTimeout,
		CheckRedirect: func(req *http.Request, via []*http.Request) error {
			if len(via) > MaxRedirects {
				return fmt.Errorf("%w: more than %d redirects", ErrFetch, MaxRedirects)
			}
			if s := req.URL.Scheme; s != "http" && s != "https" {
				return fmt.Errorf("%w: redirect to a %s: URL (only http and https are followed)", ErrBlocked, s)
			}
			return nil
		},
	}
	return &Fetcher{Client: client, MaxBytes: cfg.maxBytes, UserAgent: UserAgent, Extractor: cfg.extractor}
}

// dialCheck is the check every connection of the fetcher's client passes
// before it is made: address is the IP and port actually dialled.
func (cfg fetchConfig) dialCheck() func(network, address string, c syscall.RawConn) error {
	ports := append([]uint16{80, 443}, cfg.ports...)
	guard := ssrf.New(ssrf.WithPorts(ports...))
	return func(network, address string, c syscall.RawConn) error {
		if cfg.allowLoopback {
			if ap, err := netip.ParseAddrPort(address); err == nil && ap.Addr().Unmap().IsLoopback() {
				return nil
			}
		}
		if err := guard.Safe(network, address, c); err != nil {
			return &blockedError{addr: address, reason: err}
		}
		return nil
	}
}

// blockedError is a dial refused by the address check.
type blockedError struct {
	addr   string
	reason error
}

func (e *blockedError) Error() string {
	// ssrf says "prohibited IP address: 10.0.0.1 is not a permitted
	// destination (denied by: 10.0.0.0/8)": keep the part after the label.
	reason := e.reason.Error()
	if _, after, ok := strings.Cut(reason, ": "); ok {
		reason = after
	}
	return fmt.Sprintf("%v: %s: %s", ErrBlocked, e.addr, reason)
}

func (e *blockedError) Is(target error) bool { return target == ErrBlocked }
func (e *blockedError) Unwrap() error        { return e.reason }

// acceptedTypes are the content types Fetch reads.
var acceptedTypes = []string{typeHTML, typeXHTML, typeText, typeMarkdown}

// Fetch downloads rawURL and converts the page as Detect does, HTML with
// f.Extractor. The
// article's URL is the address finally read (after redirects) unless an
// HTML page names a canonical URL on the same site.
func (f *Fetcher) Fetch(ctx context.Context, rawURL string) (*corpus.Article, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %q: %v", ErrBadURL, rawURL, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: %q: only http and https URLs can be fetched", ErrBadURL, rawURL)
	case u.Hostname() == "":
		return nil, fmt.Errorf("%w: %q has no host", ErrBadURL, rawURL)
	}
	u.Fragment = ""
	u.User = nil // credentials would end up in the article's URL
	data, contentType, final, err := f.get(ctx, u)
	if err != nil {
		return nil, err
	}
	a, err := detect(ctx, f.Extractor, final, contentType, data, final)
	if err != nil {
		if strings.Contains(err.Error(), final) { // named once
			return nil, err
		}
		return nil, fmt.Errorf("%s: %w", final, err)
	}
	if a.URL == "" { // Markdown with no url of its own
		a.URL = final
	}
	return a, nil
}

// get reads the body of u, with the checks described on Fetch.
func (f *Fetcher) get(ctx context.Context, u *url.URL) (data []byte, contentType, final string, err error) {
	r, err := f.do(ctx, u, "text/html,application/xhtml+xml,text/markdown;q=0.9,text/plain;q=0.8", nil, acceptedTypes)
	if err != nil {
		return nil, "", "", err
	}
	return r.Body, r.ContentType, r.URL, nil
}

// Raw is a response GetRaw read.
type Raw struct {
	// Status is 200 (or another 2xx) with a body, or 304 Not Modified
	// (without one) when the request was conditional.
	Status      int
	Body        []byte
	ContentType string
	// URL is the address finally read, after redirects.
	URL string
	// ETag and LastModified are the validators to send next time.
	ETag         string
	LastModified string
}

// Conditional are the validators of a conditional GET: the ETag and
// Last-Modified a previous response gave ("" for none).
type Conditional struct {
	ETag         string
	LastModified string
}

// GetRaw downloads rawURL as bytes, with Fetch's checks — every address
// dialled is checked, redirects are limited and checked, the body is capped
// (after decompression) — but no conversion: for feeds, which the caller
// parses. accept is the Accept header. With validators in cond it sends
// If-None-Match and If-Modified-Since, and a 304 answer is a Raw with
// Status 304 and no body. Any type of content is returned; the caller
// decides what it takes.
func (f *Fetcher) GetRaw(ctx context.Context, rawURL, accept string, cond Conditional) (*Raw, error) {
	u, err := url.Parse(strings.TrimSpace(rawURL))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%w: %q: %v", ErrBadURL, rawURL, err)
	case u.Scheme != "http" && u.Scheme != "https":
		return nil, fmt.Errorf("%w: %q: only http and https URLs can be fetched", ErrBadURL, rawURL)
	case u.Hostname() == "":
		return nil, fmt.Errorf("%w: %q has no host", ErrBadURL, rawURL)
	}
	u.Fragment = ""
	u.User = nil
	hdr := http.Header{}
	if cond.ETag != "" {
		hdr.Set("If-None-Match", cond.ETag)
	}
	if cond.LastModified != "" {
		hdr.Set("If-Modified-Since", cond.LastModified)
	}
	return f.do(ctx, u, accept, hdr, nil)
}

// do sends a GET for u and reads the body with the checks described on
// Fetch. types, when not nil, are the content types taken. A 304 is
// returned as such when hdr made the request conditional.
func (f *Fetcher) do(ctx context.Context, u *url.URL, accept string, hdr http.Header, types []string) (*Raw, error) {
	client := f.Client
	if client == nil {
		client = NewFetcher().Client
	}
	max := f.MaxBytes
	if max <= 0 || max > DefaultMaxBytes {
		max = DefaultMaxBytes
	}
	ua := f.UserAgent
	if ua == "" {
		ua = UserAgent
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w: %v", u, ErrBadURL, err)
	}
	for k, v := range hdr {
		req.Header[k] = v
	}
	req.Header.Set("User-Agent", ua)
	req.Header.Set("Accept", accept)
	resp, err := client.Do(req)
	if err != nil {
		return nil, fetchError(u.String(), err)
	}
	defer resp.Body.Close()
	finalURL := *resp.Request.URL
	finalURL.User, finalURL.Fragment = nil, ""
	r := &Raw{Status: resp.StatusCode, URL: finalURL.String(), ContentType: resp.Header.Get("Content-Type"),
		ETag: resp.Header.Get("ETag"), LastModified: resp.Header.Get("Last-Modified")}
	final := r.URL
	if resp.StatusCode == http.StatusNotModified && len(hdr) > 0 {
		return r, nil
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return nil, fmt.Errorf("%s: %w: HTTP %s", final, ErrFetch, resp.Status)
	}
	if mt := mediaType(r.ContentType); types != nil && mt != "" && !slices.Contains(types, mt) {
		return nil, fmt.Errorf("%s: %w: %s (want an HTML page, plain text or Markdown)", final, ErrType, mt)
	}
	// The transport decodes gzip itself (and then drops the header); any
	// other encoding would reach us still compressed.
	if enc := resp.Header.Get("Content-Encoding"); enc != "" && !strings.EqualFold(enc, "identity") {
		return nil, fmt.Errorf("%s: %w: unsupported content encoding %q", final, ErrFetch, enc)
	}
	if resp.ContentLength > max && !resp.Uncompressed {
		return nil, fmt.Errorf("%s: %w", final, tooBig(resp.ContentLength, max))
	}
	// The cap applies to the decoded body, so a small gzip that inflates to
	// gigabytes stops at max+1 bytes.
	r.Body, err = io.ReadAll(io.LimitReader(resp.Body, max+1))
	if err != nil {
		return nil, fetchError(final, err)
	}
	if int64(len(r.Body)) > max {
		return nil, fmt.Errorf("%s: %w", final, tooBigUnknown(max))
	}
	return r, nil
}

// fetchError explains a failed request: a blocked address, a refused
// redirect, a timeout or another network error.
func fetchError(target string, err error) error {
	var be *blockedError
	switch {
	case errors.As(err, &be):
		return fmt.Errorf("%s: %w", target, be)
	case errors.Is(err, ErrBlocked), errors.Is(err, ErrFetch):
		// From CheckRedirect, wrapped in a *url.Error: keep our message.
		var ue *url.Error
		if errors.As(err, &ue) {
			return fmt.Errorf("%s: %w", target, ue.Err)
		}
		return err
	case errors.Is(err, context.Canceled):
		return fmt.Errorf("%s: %w: cancelled", target, ErrFetch)
	case errors.Is(err, context.DeadlineExceeded), isTimeout(err):
		return fmt.Errorf("%s: %w: timed out", target, ErrFetch)
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	return fmt.Errorf("%s: %w: %v", target, ErrFetch, err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}
