package corpus

import (
	"io/fs"
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzParse feeds article files to Parse: it never panics, and what it
// accepts is valid, its passages are exact spans of the body, and it
// survives Marshal and Parse again unchanged.
func FuzzParse(f *testing.F) {
	names, _ := fs.Glob(DefaultFS(), "*.md")
	for _, n := range names[:min(len(names), 5)] {
		data, _ := fs.ReadFile(DefaultFS(), n)
		f.Add(data)
	}
	for _, s := range []string{
		"---\nid: a\ntitle: T\nkind: article\n---\nBody. Second sentence.\n",
		"---\n---\n",
		"---\nid: a\ntitle: T\nkind: brief\nbased_on: x\npublished: 2024-02-30\n---\nB",
		"\ufeff---\r\nid: a\r\ntitle: T\r\nkind: article\r\n---\r\nU.S. troops. 2,500 of them.\r\n",
		"---\nid: a\ntitle: [1, 2]\nkind: article\n---\nx",
		"---\nid: a\ntitle: T\nkind: article\nunknown: 1\n---\nx",
		"---\nid: a\ntitle: &a T\nkind: *a\n---\nx",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		a, err := Parse("fuzz.md", data)
		if err != nil {
			return
		}
		if err := a.Validate(); err != nil {
			t.Fatalf("Parse accepted an invalid article: %v", err)
		}
		if !utf8.ValidString(a.Body) {
			t.Fatalf("body is not UTF-8: %q", a.Body)
		}
		for _, p := range a.Passages() {
			if p.Start < 0 || p.End > len(a.Body) || p.Start > p.End || a.Body[p.Start:p.End] != p.Text {
				t.Fatalf("passage %d [%d:%d] %q is not a span of the body %q", p.Sent, p.Start, p.End, p.Text, a.Body)
			}
		}
		b, err := Parse("again.md", a.Marshal())
		if err != nil {
			t.Fatalf("Parse(Marshal(a)) failed: %v\n%s", err, a.Marshal())
		}
		if b.ID != a.ID || b.Title != a.Title || b.Body != a.Body || b.Published != a.Published || b.Kind != a.Kind ||
			b.Outlet != a.Outlet || b.URL != a.URL || b.DateNote != a.DateNote || b.BasedOn != a.BasedOn {
			t.Fatalf("Parse(Marshal(a)) differs:\n%+v\n%+v", a, b)
		}
	})
}

// FuzzSplit: passages are exact, in order, never overlapping spans.
func FuzzSplit(f *testing.F) {
	f.Add("About 2,500 U.S. troops are in Iraq. Maj. Gen. Rasool said so on Jan. 4.\nNext paragraph.")
	f.Add("Figures in 2024. The army left.\n\n\n   \n")
	f.Add("\xff\xfe. .. ...")
	f.Fuzz(func(t *testing.T, body string) {
		if !utf8.ValidString(body) {
			body = strings.ToValidUTF8(body, "\uFFFD")
		}
		last := 0
		for _, p := range Split(body) {
			for _, s := range p.Sentences {
				if s.Start < last || s.End > len(body) || s.Start > s.End || body[s.Start:s.End] != s.Text {
					t.Fatalf("sentence [%d:%d] %q is not a span of %q after %d", s.Start, s.End, s.Text, body, last)
				}
				last = s.End
			}
		}
	})
}
