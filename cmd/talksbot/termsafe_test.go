package main

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus/ingest"
)

func TestTermSafe(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"plain “title” — fine", "plain “title” — fine"},
		{"clear\x1b[2J\x1b[3Jscreen", "clearscreen"},
		{"title\x1b]0;pwned\x07 here", "title here"},
		{"title\x1b]2;pwned\x1b\\ here", "title here"},
		{"\x1b[1;31mred\x1b[0m", "red"},
		{"dcs\x1bPq#0;2;0;0;0\x1b\\ end", "dcs end"},
		{"c1\u009b2Jcsi \u009d0;x\u009c", "c12Jcsi 0;x"},
		{"bell\x07 back\x08space del\x7f", "bell backspace del"},
		{"two\nlines\tand\r\u2028more", "two lines and  more"},
		{"evil\u202egpj.exe \u2066iso\u2069 \u200fmark", "evilgpj.exe iso mark"},
		{"bad \xff byte", "bad \ufffd byte"},
		{"cut \x1b[12", "cut "},
		{"esc at end \x1b", "esc at end "},
	} {
		if got := termSafe(c.in); got != c.want {
			t.Errorf("termSafe(%q) = %q; want %q", c.in, got, c.want)
		}
	}
}

// unsafeOnTerminal reports the first character of s a terminal would act
// on rather than show.
func unsafeOnTerminal(s string) (rune, bool) {
	for _, r := range s {
		if (r < 0x20 && r != '\n') || r == 0x7f || (r >= 0x80 && r < 0xa0) || bidiControl(r) || r == utf8.RuneError {
			return r, true
		}
	}
	return 0, false
}

// TestFeedTextIsTerminalSafe: a hostile feed's title, item titles, links
// and outlet carry a screen clear, a window title, colours, C1 controls
// and a right-to-left override; feeds add, feeds list and queue print
// their text without them.
func TestFeedTextIsTerminalSafe(t *testing.T) {
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/feed+json")
		fmt.Fprintf(w, `{"version": "https://jsonfeed.org/version/1.1", "title": "Wire\u001b]0;pwned\u0007\u001b[2J Service",
"items": [{"id": "x1", "url": "%[1]s/iraq", "title": "Iraq talks on the coalition \u001b[41mred\u001b[0m \u009b2J \u202eevil",
"content_text": "Troops in Iraq."}]}`, srv.URL)
	}))
	defer srv.Close()
	old := newFetcher
	newFetcher = func(opts ...ingest.Option) *ingest.Fetcher {
		return ingest.NewFetcher(append(opts, ingest.AllowLoopbackForTests())...)
	}
	defer func() { newFetcher = old }()

	data := t.TempDir()
	for _, args := range [][]string{{"feeds", "add", srv.URL + "/feed"}, {"feeds", "list"}, {"queue"}} {
		out, errOut, err := runCmd(t, data, args...)
		if err != nil {
			t.Fatalf("%s: %v (%s)", strings.Join(args, " "), err, errOut)
		}
		if testing.Verbose() {
			t.Logf("%s: %q", strings.Join(args, " "), out+errOut)
		}
		if r, bad := unsafeOnTerminal(out + errOut); bad {
			t.Errorf("%s printed %U:\n%q", strings.Join(args, " "), r, out+errOut)
		}
		if !strings.Contains(out, "Wire Service") && !strings.Contains(out, "Iraq talks on the coalition red 2J evil") {
			t.Errorf("%s = %q; want the feed's text, shown", strings.Join(args, " "), out)
		}
	}
}
