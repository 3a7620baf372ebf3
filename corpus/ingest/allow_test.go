package ingest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
)

func TestParseAllowList(t *testing.T) {
	for _, tt := range []struct {
		in, want, err string
	}{
		{"", "", ""},
		{"127.0.0.1:8765", "127.0.0.1:8765", ""},
		{" Feeds.Example.COM , 10.0.0.5:8080,", "feeds.example.com 10.0.0.5:8080", ""},
		{"[::1]:8765,::1", "[::1]:8765 ::1", ""},
		{"http://127.0.0.1:8765", "", "not a host"},
		{"127.0.0.1:http", "", "not a number"},
		{"127.0.0.1:0", "", "not a number"},
		{":8765", "", "no host"},
	} {
		list, err := ParseAllowList(tt.in)
		var got []string
		for _, a := range list {
			got = append(got, a.String())
		}
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) || !strings.Contains(err.Error(), "want host or host:port") {
				t.Errorf("ParseAllowList(%q) = %v, %v; want an error saying %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || strings.Join(got, " ") != tt.want {
			t.Errorf("ParseAllowList(%q) = %v, %v; want %s", tt.in, got, err, tt.want)
		}
	}
}

// An allowed host and port are fetched although they are loopback and not
// 80 or 443; another port of the same host, and another loopback address,
// stay blocked; so does a redirect from the allowed host to one.
func TestFetchAllowHosts(t *testing.T) {
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { fmt.Fprintln(w, "other") }))
	defer other.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/away" {
			http.Redirect(w, r, other.URL+"/", http.StatusFound)
			return
		}
		w.Header().Set("Content-Type", "text/plain")
		fmt.Fprint(w, "Talks in Baghdad\n\nIraqi and U.S. officials met in Baghdad on Monday to discuss the coalition's advisers, the ministry said.\n")
	}))
	defer srv.Close()
	u, _ := url.Parse(srv.URL)
	list, err := ParseAllowList(u.Host)
	if err != nil {
		t.Fatal(err)
	}
	f := NewFetcher(AllowHosts(list...))
	ctx := context.Background()
	if a, err := f.Fetch(ctx, srv.URL+"/page.txt"); err != nil || !strings.Contains(a.Body, "Baghdad") {
		t.Fatalf("Fetch from the allowed %s = %v", u.Host, err)
	}
	for _, blocked := range []string{other.URL + "/", "http://127.0.0.2:" + u.Port() + "/", srv.URL + "/away"} {
		if _, err := f.Fetch(ctx, blocked); !errors.Is(err, ErrBlocked) {
			t.Errorf("Fetch(%s) with only %s allowed = %v; want ErrBlocked", blocked, u.Host, err)
		}
	}
	if _, err := NewFetcher().Fetch(ctx, srv.URL+"/page.txt"); !errors.Is(err, ErrBlocked) {
		t.Errorf("Fetch without the allow-list = %v; want ErrBlocked", err)
	}
}
