package ingest

import (
	"context"
	"net/netip"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus/ingest/htmltext"

	"github.com/talksbot/talksbot/corpus"
)

// checkConverted is what every converter must give: a valid article whose
// passages are spans of its body.
func checkConverted(t *testing.T, a *corpus.Article) {
	t.Helper()
	if err := a.Validate(); err != nil {
		t.Fatalf("converted article is invalid: %v\n%+v", err, a)
	}
	if !utf8.ValidString(a.Body) || !utf8.ValidString(a.Title) {
		t.Fatalf("not UTF-8: %q / %q", a.Title, a.Body)
	}
	for _, p := range a.Passages() {
		if p.Start < 0 || p.End > len(a.Body) || p.Start > p.End || a.Body[p.Start:p.End] != p.Text {
			t.Fatalf("passage [%d:%d] %q is not a span of the body", p.Start, p.End, p.Text)
		}
	}
	if _, err := corpus.Parse("again.md", a.Marshal()); err != nil {
		t.Fatalf("the converted article does not survive Marshal/Parse: %v", err)
	}
}

// FuzzFromHTML: any page converts to a valid article or an error.
func FuzzFromHTML(f *testing.F) {
	files, _ := filepath.Glob("testdata/news-html/*/*.html")
	for _, name := range files[:min(len(files), 2)] {
		if data, err := os.ReadFile(name); err == nil && len(data) < 200<<10 {
			f.Add(data, "https://example.com/news/1")
		}
	}
	f.Add([]byte("<html><head><title>T</title><link rel=canonical href='javascript:alert(1)'></head><body><article><p>Troops left Iraq. <b>Fully</b>.</p></article></body></html>"), "https://example.com/a")
	f.Add([]byte("<!doctype html><p>"+strings.Repeat("<div>", 500)+"x"), "")
	f.Add([]byte("<html><meta charset=windows-1256><body>\xe1\xe1</body></html>"), "http://[::1]/")
	f.Fuzz(func(t *testing.T, data []byte, pageURL string) {
		if len(data) > 64<<10 {
			return // trafilatura is slow on big pages; the size cap is tested elsewhere
		}
		a, err := fromHTML(data, pageURL)
		if err != nil {
			return
		}
		checkConverted(t, a)
		if a.URL != "" {
			if _, ok := corpus.NormalizeURL(a.URL); !ok {
				t.Fatalf("article URL %q is not an http(s) URL", a.URL)
			}
		}
	})
}

// FuzzDetect: text, Markdown and whatever sniffs as either.
func FuzzDetect(f *testing.F) {
	f.Add("a.txt", "text/plain", []byte("Title\n=====\n\nOne paragraph\nhard wrapped.\n\nTwo."))
	f.Add("a.md", "", []byte("---\nid: x\ntitle: T\nkind: article\n---\nBody."))
	f.Add("a.md", "text/markdown; charset=utf-8", []byte("# Heading only"))
	f.Add("", "application/octet-stream", []byte("<!DOCTYPE html><title>x</title><p>y</p>"))
	f.Add("b.bin", "image/png", []byte("\x89PNG\r\n"))
	f.Add("c.txt", "text/plain; charset=utf-16", []byte("\xff\xfeT\x00i\x00"))
	f.Fuzz(func(t *testing.T, name, contentType string, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		if a, err := Detect(context.Background(), htmltext.Extractor{}, name, contentType, data); err == nil {
			checkConverted(t, a)
		}
		if a, err := FromText(name, data); err == nil {
			checkConverted(t, a)
		}
	})
}

var idRe = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]{0,127}$`)

// FuzzURL: normalisation is stable and IDs always fit the corpus pattern.
func FuzzURL(f *testing.F) {
	for _, s := range []string{
		"https://www.Example.com:443/a/?utm_source=x&b=2&a=1#frag",
		"http://user:pw@example.com/",
		"https://[::1]:8080/x",
		"https://xn--bcher-kva.example/",
		"javascript:alert(1)",
		"https://example.com/%zz",
		"//example.com/a",
	} {
		f.Add(s, "Title", "Body")
	}
	f.Fuzz(func(t *testing.T, raw, title, body string) {
		norm, ok := corpus.NormalizeURL(raw)
		if ok {
			again, ok2 := corpus.NormalizeURL(norm)
			if !ok2 || again != norm {
				t.Fatalf("corpus.NormalizeURL(%q) = %q, but NormalizeURL of that = %q, %v", raw, norm, again, ok2)
			}
			if !strings.HasPrefix(norm, "https://") || strings.Contains(norm, "#") || strings.Contains(norm, "@") && strings.Contains(strings.SplitN(norm[8:], "/", 2)[0], "@") {
				t.Fatalf("corpus.NormalizeURL(%q) = %q: want https, no fragment, no user info", raw, norm)
			}
		}
		if id := ID(raw, title, body); !idRe.MatchString(id) {
			t.Fatalf("ID(%q) = %q does not fit the corpus id pattern", raw, id)
		}
	})
}

// FuzzDialCheck: whatever address a URL, a redirect or a DNS answer leads
// to, the fetcher dials only public unicast addresses on allowed ports.
func FuzzDialCheck(f *testing.F) {
	for _, s := range []string{"127.0.0.1", "10.1.2.3", "169.254.169.254", "::1", "::ffff:127.0.0.1", "fe80::1", "0.0.0.0", "100.64.0.1", "8.8.8.8", "2606:4700::1111", "224.0.0.1", "fd00::1", "::ffff:10.0.0.1", "64:ff9b::7f00:1"} {
		f.Add(s, uint16(443))
	}
	f.Add("93.184.216.34", uint16(22))
	check := fetchConfig{}.dialCheck()
	f.Fuzz(func(t *testing.T, ip string, port uint16) {
		addr, err := netip.ParseAddr(ip)
		if err != nil {
			return
		}
		address := netip.AddrPortFrom(addr, port).String()
		err = check("tcp", address, nil)
		u := addr.Unmap()
		private := u.IsLoopback() || u.IsPrivate() || u.IsLinkLocalUnicast() || u.IsLinkLocalMulticast() ||
			u.IsUnspecified() || u.IsMulticast() || u.IsInterfaceLocalMulticast() || !u.IsGlobalUnicast() || addr.Zone() != ""
		if err == nil && (private || (port != 80 && port != 443)) {
			t.Fatalf("dial to %s allowed (address %s: loopback/private/link-local/…=%v, port %s)", address, u, private, strconv.Itoa(int(port)))
		}
	})
}
