package main

import (
	"bytes"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// Errors are one line each, name their subject once and say what to do.
func TestErrorWording(t *testing.T) {
	data := t.TempDir()
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	allow := "--fetch-allow=" + strings.TrimPrefix(srv.URL, "http://")
	for _, tt := range []struct {
		args   []string
		stderr string // the ✗ line, whole
		err    string // the returned error, whole
	}{
		{[]string{"ingest", "ftp://example.com/x"},
			"✗ ftp://example.com/x: bad URL: only http and https can be fetched (or give a file or folder)\n", "ingest: 1 source(s) not added"},
		{[]string{"ingest", "http://127.0.0.1:1/x"},
			"✗ http://127.0.0.1:1/x: blocked address: 127.0.0.1:1: 1 is not a permitted port (80, 443) (if you trust that host, allow it: --fetch-allow HOST:PORT, see docs/OPERATIONS.md)\n", "ingest: 1 source(s) not added"},
		{[]string{"ingest", allow, srv.URL + "/gone"},
			"✗ " + srv.URL + "/gone: fetch failed: HTTP 404 Not Found\n", "ingest: 1 source(s) not added"},
		{[]string{"ingest", filepath.Join(data, "no-such-file.md")},
			"✗ " + filepath.Join(data, "no-such-file.md") + ": no such file or directory\n", "ingest: 1 source(s) not added"},
		{[]string{"remove", "no-such-article"},
			"✗ no-such-article: no such article (talksbot sources lists the ids)\n", "remove: 1 article(s) not removed"},
		{[]string{"summary", "--article", "no-such-article"}, "", `summary: no article "no-such-article"`},
		{[]string{"frobnicate"}, "", "unknown command \"frobnicate\": `talksbot help` lists the commands"},
		{[]string{"troops", "--chart", filepath.Join(data, "troops.jpg")}, "", "troops: " + filepath.Join(data, "troops.jpg") + ": .jpg is not a chart format: use .png, .svg or .pdf"},
		{[]string{"troops", "--chart", filepath.Join(data, "troops")}, "", "troops: " + filepath.Join(data, "troops") + " has no extension: name the format with .png, .svg or .pdf"},
	} {
		out, errOut, err := runCmd(t, data, tt.args...)
		if err == nil || err.Error() != tt.err || errOut != tt.stderr {
			t.Errorf("talksbot %s = %v\nstderr %q\nwant %q\nstderr %q", strings.Join(tt.args, " "), err, errOut, tt.err, tt.stderr)
		}
		if tt.args[0] == "frobnicate" && out != "" {
			t.Errorf("an unknown command printed %d bytes of help; want one line", len(out))
		}
	}
}

// --chart writes the format its extension names.
func TestChartFormats(t *testing.T) {
	data := t.TempDir()
	for ext, magic := range map[string]string{".png": "\x89PNG", ".svg": "<?xml", ".pdf": "%PDF-", ".SVG": "<?xml"} {
		path := filepath.Join(t.TempDir(), "troops"+ext)
		out, _, err := runCmd(t, data, "troops", "--chart", path)
		b, rerr := os.ReadFile(path)
		if err != nil || rerr != nil || !bytes.HasPrefix(b, []byte(magic)) {
			t.Errorf("troops --chart %s = %v, %v; the file starts %q, want %q", path, err, rerr, b[:min(len(b), 8)], magic)
		}
		if want := fmt.Sprintf("chart: wrote %s (1200×675 %s)", path, strings.ToUpper(ext[1:])); !strings.Contains(out, want) {
			t.Errorf("troops --chart %s says\n%s\nwant %q", path, out, want)
		}
	}
	if ext := ".svg"; true {
		path := filepath.Join(t.TempDir(), "timeline"+ext)
		if _, _, err := runCmd(t, data, "timeline", "--chart", path); err != nil {
			t.Errorf("timeline --chart %s: %v", path, err)
		}
		if b, _ := os.ReadFile(path); !bytes.Contains(b, []byte("<svg")) {
			t.Errorf("timeline --chart %s wrote no SVG", path)
		}
	}
}

// sources fits 100 columns, titles cut with "…"; --wide prints them whole.
func TestSourcesFitsTheTerminal(t *testing.T) {
	data := t.TempDir()
	out, _, err := runCmd(t, data, "sources")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 31 || !strings.HasPrefix(lines[0], "ID ") {
		t.Fatalf("sources printed %d lines:\n%s", len(lines), out)
	}
	for _, l := range lines {
		if n := utf8.RuneCountInString(l); n > 100 {
			t.Errorf("sources line of %d columns: %q", n, l)
		}
		if id := strings.Fields(l)[0]; id != "ID" && !strings.Contains(out, id+" ") {
			t.Errorf("the id %s is cut", id)
		}
	}
	const title = "Working groups to draw up timeline for reducing coalition advisers"
	if strings.Contains(out, title) || !strings.Contains(out, "Working groups…") {
		t.Errorf("sources does not cut the long title %q with …:\n%s", title, out)
	}
	wide, _, err := runCmd(t, data, "sources", "--wide")
	if err != nil || !strings.Contains(wide, title) || !strings.Contains(wide, "KIND") || !strings.Contains(wide, "PASSAGES") {
		t.Errorf("sources --wide = %v; want every column, titles whole:\n%s", err, wide)
	}
}
