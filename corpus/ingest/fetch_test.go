package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest/htmltext"
)

// testServer serves the handlers the fetch tests need, on loopback.
func testServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/article", func(w http.ResponseWriter, r *http.Request) {
		if ua := r.Header.Get("User-Agent"); ua != UserAgent {
			http.Error(w, "bad user agent "+ua, http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, sampleHTML)
	})
	mux.HandleFunc("/text", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		fmt.Fprint(w, "Talks begin\n\nIraq and the United States\nbegan talks on Thursday.\n")
	})
	mux.HandleFunc("/markdown", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/markdown")
		fmt.Fprint(w, sampleMarkdown)
	})
	mux.HandleFunc("/empty", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<!doctype html><html><head><title>Empty</title></head><body></body></html>")
	})
	mux.HandleFunc("/blank", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
	})
	mux.HandleFunc("/image", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		w.Write([]byte("\x89PNG\r\n\x1a\n"))
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", strconv.Itoa(6<<20))
		w.Write(bytes.Repeat([]byte("a"), 6<<20))
	})
	mux.HandleFunc("/big-chunked", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		chunk := bytes.Repeat([]byte("word "), 1<<16)
		for range (6 << 20) / len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
			w.(http.Flusher).Flush()
		}
	})
	bomb := gzipped(t, bytes.Repeat([]byte(" "), 64<<20)) // 64 MiB of spaces in ~64 KiB
	mux.HandleFunc("/gzip-bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	page := gzipped(t, []byte(sampleHTML))
	mux.HandleFunc("/gzip-article", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(page)
	})
	mux.HandleFunc("/brotli", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "br")
		w.Write([]byte{0x1b, 0x03, 0x00})
	})
	mux.HandleFunc("/missing", http.NotFound)
	// /hops/N redirects N times before reaching the article.
	mux.HandleFunc("/hops/{n}", func(w http.ResponseWriter, r *http.Request) {
		n, _ := strconv.Atoi(r.PathValue("n"))
		if n <= 0 {
			http.Redirect(w, r, "/article", http.StatusFound)
			return
		}
		http.Redirect(w, r, fmt.Sprintf("/hops/%d", n-1), http.StatusFound)
	})
	// /redirect?to=URL redirects there.
	mux.HandleFunc("/redirect", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Location", r.URL.Query().Get("to"))
		w.WriteHeader(http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func gzipped(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func serverPort(t *testing.T, srv *httptest.Server) uint16 {
	t.Helper()
	u, _ := url.Parse(srv.URL)
	p, err := strconv.Atoi(u.Port())
	if err != nil {
		t.Fatal(err)
	}
	return uint16(p)
}

func TestFetchWithLoopbackAllowed(t *testing.T) {
	srv := testServer(t)
	f := NewFetcher(AllowLoopbackForTests(), WithExtractor(htmltext.Extractor{}))
	hops := func(n int) string { return fmt.Sprintf("%s/hops/%d", srv.URL, n) }
	tests := []struct {
		name, path string
		err        error
		message    string // in the error
	}{
		{name: "article", path: "/article"},
		{name: "text", path: "/text"},
		{name: "markdown", path: "/markdown"},
		{name: "gzip-encoded article", path: "/gzip-article"},
		{name: "three redirects", path: "/hops/2"},
		{name: "four redirects", path: "/hops/3", err: ErrFetch, message: "more than 3 redirects"},
		{name: "many redirects", path: "/hops/20", err: ErrFetch, message: "more than 3 redirects"},
		{name: "redirect to file", path: "/redirect?to=file:///etc/passwd", err: ErrBlocked, message: "file: URL"},
		{name: "redirect to ftp", path: "/redirect?to=ftp://example.com/x", err: ErrBlocked, message: "ftp: URL"},
		{name: "redirect to private address", path: "/redirect?to=http://10.0.0.1/", err: ErrBlocked, message: "10.0.0.1"},
		{name: "redirect to metadata address", path: "/redirect?to=http://169.254.169.254/latest/meta-data/", err: ErrBlocked, message: "169.254.169.254"},
		{name: "6 MiB", path: "/big", err: ErrTooBig, message: "6291456 bytes (limit 5 MiB)"},
		{name: "6 MiB without length", path: "/big-chunked", err: ErrTooBig, message: "limit 5 MiB"},
		{name: "gzip bomb", path: "/gzip-bomb", err: ErrTooBig, message: "limit 5 MiB"},
		{name: "brotli", path: "/brotli", err: ErrFetch, message: `content encoding "br"`},
		{name: "image", path: "/image", err: ErrType, message: "image/png"},
		{name: "empty page", path: "/empty", err: ErrNotArticle, message: "no main text"},
		{name: "blank page", path: "/blank", err: ErrEmpty},
		{name: "404", path: "/missing", err: ErrFetch, message: "404 Not Found"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			a, err := f.Fetch(ctx, srv.URL+tt.path)
			if tt.err != nil {
				if !errors.Is(err, tt.err) || !strings.Contains(fmt.Sprint(err), tt.message) {
					t.Fatalf("Fetch(%s) error = %v; want %v with %q", tt.path, err, tt.err, tt.message)
				}
				return
			}
			if err != nil {
				t.Fatalf("Fetch(%s) = %v", tt.path, err)
			}
			checkArticle(t, a)
		})
	}

	// What a fetched article says of itself.
	a, err := f.Fetch(context.Background(), hops(1))
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != srv.URL+"/article" || a.Outlet != "Example News" || a.Title != "Talks begin in Baghdad" {
		t.Errorf("Fetch(redirect to article) = url %q, outlet %q, title %q; want the final URL (a page on 127.0.0.1 cannot claim example.com)", a.URL, a.Outlet, a.Title)
	}
	a, err = f.Fetch(context.Background(), srv.URL+"/text#part")
	if err != nil {
		t.Fatal(err)
	}
	if a.URL != srv.URL+"/text" || a.Outlet != "127.0.0.1" || a.ID != ArticleID(a) || !strings.HasPrefix(a.ID, "127001-talks-begin-") {
		t.Errorf("Fetch(text) = url %q, outlet %q, id %q", a.URL, a.Outlet, a.ID)
	}
	a, err = f.Fetch(context.Background(), srv.URL+"/markdown")
	if err != nil {
		t.Fatal(err)
	}
	if a.ID != "sample-2024-01-25" || a.URL != "https://example.com/talks" {
		t.Errorf("Fetch(markdown) = id %q, url %q; want the file's own", a.ID, a.URL)
	}
}

// TestFetchBlocked checks that addresses outside the public internet are
// refused when dialing, before any connection is made.
func TestFetchBlocked(t *testing.T) {
	srv := testServer(t)
	port := serverPort(t, srv)
	tests := []struct {
		name    string
		f       *Fetcher
		url     string
		message string
	}{
		{"loopback test server, default fetcher", NewFetcher(), srv.URL + "/article", "not a permitted port"},
		{"loopback with its port allowed", NewFetcher(AllowPorts(port)), srv.URL + "/article", "127.0.0.1"},
		{"localhost", NewFetcher(AllowPorts(port)), fmt.Sprintf("http://localhost:%d/article", port), "blocked address"},
		{"IPv4-mapped loopback", NewFetcher(AllowPorts(port)), fmt.Sprintf("http://[::ffff:127.0.0.1]:%d/article", port), "127.0.0.1"},
		{"loopback on port 80", NewFetcher(), "http://127.0.0.1/", "127.0.0.1"},
		{"IPv6 loopback", NewFetcher(), "http://[::1]/", "::1"},
		{"metadata", NewFetcher(), "http://169.254.169.254/latest/meta-data/", "169.254.169.254"},
		{"metadata, loopback allowed", NewFetcher(AllowLoopbackForTests()), "http://169.254.169.254/latest/meta-data/", "169.254.169.254"},
		{"private 10/8, loopback allowed", NewFetcher(AllowLoopbackForTests()), "http://10.0.0.1/", "10.0.0.1"},
		{"private 192.168/16", NewFetcher(), "https://192.168.1.1/", "192.168.1.1"},
		{"private 172.16/12", NewFetcher(), "http://172.16.5.4/", "172.16.5.4"},
		{"carrier-grade NAT", NewFetcher(), "http://100.64.0.1/", "100.64.0.1"},
		{"unspecified", NewFetcher(), "http://0.0.0.0/", "0.0.0.0"},
		{"multicast", NewFetcher(), "http://224.0.0.1/", "224.0.0.1"},
		{"IPv6 link-local", NewFetcher(), "http://[fe80::1]/", "fe80::1"},
		{"IPv6 unique local", NewFetcher(), "http://[fd00::1]/", "fd00::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
			defer cancel()
			start := time.Now()
			_, err := tt.f.Fetch(ctx, tt.url)
			if !errors.Is(err, ErrBlocked) || !strings.Contains(err.Error(), tt.message) {
				t.Fatalf("Fetch(%s) error = %v; want ErrBlocked naming %q", tt.url, err, tt.message)
			}
			if d := time.Since(start); d > 2*time.Second {
				t.Errorf("Fetch(%s) took %v: the address should be refused before connecting", tt.url, d)
			}
		})
	}
}

func TestFetchBadURL(t *testing.T) {
	f := NewFetcher()
	for _, u := range []string{"", "example.com/news", "ftp://example.com/a", "file:///etc/passwd", "http://", "javascript:alert(1)", "http://exa mple.com/"} {
		t.Run(u, func(t *testing.T) {
			if _, err := f.Fetch(context.Background(), u); !errors.Is(err, ErrBadURL) {
				t.Errorf("Fetch(%q) error = %v; want ErrBadURL", u, err)
			}
		})
	}
}

func TestFetchCancelled(t *testing.T) {
	srv := testServer(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := NewFetcher(AllowLoopbackForTests(), WithExtractor(htmltext.Extractor{})).Fetch(ctx, srv.URL+"/article")
	if !errors.Is(err, ErrFetch) || !strings.Contains(err.Error(), "cancelled") {
		t.Errorf("Fetch(cancelled) error = %v; want ErrFetch … cancelled", err)
	}
}

func TestFetchMaxBytesOption(t *testing.T) {
	srv := testServer(t)
	f := NewFetcher(AllowLoopbackForTests(), WithMaxBytes(512))
	_, err := f.Fetch(context.Background(), srv.URL+"/article")
	if !errors.Is(err, ErrTooBig) || !strings.Contains(err.Error(), "limit 512 bytes") {
		t.Errorf("Fetch(article, 512-byte cap) error = %v; want ErrTooBig with limit 512 bytes", err)
	}
}

// TestGetRaw: the raw GET sends the validators it is given, returns a 304
// as such, keeps the size cap, and checks the addresses of every hop as
// Fetch does.
func TestGetRaw(t *testing.T) {
	const etag, modified = `"v1"`, "Mon, 02 Jan 2006 15:04:05 GMT"
	mux := http.NewServeMux()
	mux.HandleFunc("/feed", func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("If-None-Match") == etag && r.Header.Get("If-Modified-Since") == modified {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("ETag", etag)
		w.Header().Set("Last-Modified", modified)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprint(w, "<rss></rss>")
	})
	mux.HandleFunc("/big", func(w http.ResponseWriter, r *http.Request) { w.Write(bytes.Repeat([]byte("a"), 2000)) })
	mux.HandleFunc("/private", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "http://10.0.0.1/feed", http.StatusFound)
	})
	srv := httptest.NewServer(mux)
	defer srv.Close()
	f := NewFetcher(AllowLoopbackForTests(), WithMaxBytes(1000))
	ctx := context.Background()
	r, err := f.GetRaw(ctx, srv.URL+"/feed", "application/rss+xml", Conditional{})
	if err != nil || r.Status != 200 || string(r.Body) != "<rss></rss>" || r.ETag != etag || r.LastModified != modified || r.ContentType != "application/rss+xml" {
		t.Fatalf("GetRaw = %+v, %v", r, err)
	}
	r, err = f.GetRaw(ctx, srv.URL+"/feed", "application/rss+xml", Conditional{ETag: r.ETag, LastModified: r.LastModified})
	if err != nil || r.Status != http.StatusNotModified || len(r.Body) != 0 {
		t.Fatalf("conditional GetRaw = %+v, %v; want a 304", r, err)
	}
	if _, err := f.GetRaw(ctx, srv.URL+"/big", "*/*", Conditional{}); !errors.Is(err, ErrTooBig) {
		t.Errorf("GetRaw(big) = %v; want ErrTooBig", err)
	}
	if _, err := f.GetRaw(ctx, srv.URL+"/private", "*/*", Conditional{}); !errors.Is(err, ErrBlocked) {
		t.Errorf("GetRaw(redirect to 10.0.0.1) = %v; want ErrBlocked", err)
	}
	if _, err := NewFetcher().GetRaw(ctx, srv.URL+"/feed", "*/*", Conditional{}); !errors.Is(err, ErrBlocked) {
		t.Errorf("GetRaw(loopback) without the test hook = %v; want ErrBlocked", err)
	}
	if _, err := f.GetRaw(ctx, "file:///etc/passwd", "*/*", Conditional{}); !errors.Is(err, ErrBadURL) {
		t.Errorf("GetRaw(file:) = %v; want ErrBadURL", err)
	}
}
