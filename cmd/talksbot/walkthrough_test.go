package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestFeedsWalkthrough runs the walk-through of docs/FEEDS.md as written:
// its files, its exports and its talksbot commands, in order, with a Go
// server on 127.0.0.1 in place of `python3 -m http.server` (serving the
// files with the content types Python gives them). When port 8765 is
// taken the walk-through's port is replaced with a free one throughout.
// Each command's output is checked for what the document says it prints.
func TestFeedsWalkthrough(t *testing.T) {
	doc, err := os.ReadFile(filepath.Join(repoRoot(t), "docs", "FEEDS.md"))
	if err != nil {
		t.Fatal(err)
	}
	_, block, ok := strings.Cut(string(doc), "<!-- walkthrough: start -->\n```sh\n")
	block, _, ok2 := strings.Cut(block, "```\n<!-- walkthrough: end -->")
	if !ok || !ok2 {
		t.Fatal("docs/FEEDS.md has no walk-through between its markers")
	}
	const docDir, docAddr = "/tmp/talksbot-feed", "127.0.0.1:8765"
	l, err := net.Listen("tcp", docAddr)
	if err != nil {
		l, err = net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
	}
	addr := l.Addr().String()
	_, port, _ := net.SplitHostPort(addr)
	work := t.TempDir()
	block = strings.NewReplacer(docAddr, addr, "8765", port, docDir, work).Replace(block)

	files := map[string]string{}
	vars := map[string]string{}
	// What each command prints (stdout and stderr, and the error).
	want := []struct{ cmd, says string }{
		{"talksbot feeds add", port + " is not a permitted port (80, 443) (if you trust that host, allow it: --fetch-allow HOST:PORT"},
		{"talksbot feeds add", "✓ following f1 “Local desk” every 30m0s: 1 items, 1 queued, 0 off topic"},
		{"talksbot queue", "1  “Iraq and U.S. agree to keep advisers at Harir air base”  Local desk · 2026-12-07 · from f1"},
		{"talksbot queue approve 1", "✓ 1: added "},
		{"talksbot ask", "140 *coalition* *advisers* will *stay* at *Harir* *air* *base*"},
	}
	lines := strings.Split(block, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		switch {
		case line == "" || strings.HasPrefix(line, "#"):
		case strings.HasPrefix(line, "mkdir -p "+work+" && cd "+work):
		case strings.HasPrefix(line, "export "):
			k, v, _ := strings.Cut(strings.TrimPrefix(line, "export "), "=")
			vars[k] = v
		case strings.HasPrefix(line, "cat > ") && strings.HasSuffix(line, " <<'EOF'"):
			name := strings.TrimSuffix(strings.TrimPrefix(line, "cat > "), " <<'EOF'")
			var body strings.Builder
			for i++; i < len(lines) && lines[i] != "EOF"; i++ {
				body.WriteString(lines[i] + "\n")
			}
			files[name] = body.String()
		case line == "python3 -m http.server "+port+" --bind 127.0.0.1 &":
			srv := &http.Server{Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, ok := files[strings.TrimPrefix(r.URL.Path, "/")]
				if !ok {
					http.NotFound(w, r)
					return
				}
				types := map[string]string{".xml": "application/xml", ".md": "text/markdown"}
				w.Header().Set("Content-Type", types[filepath.Ext(r.URL.Path)])
				w.Write([]byte(body))
			})}
			go srv.Serve(l)
			t.Cleanup(func() { srv.Close() })
		case strings.HasPrefix(line, "talksbot "):
			if len(want) == 0 {
				t.Fatalf("the walk-through has a command this test does not check: %s", line)
			}
			w := want[0]
			want = want[1:]
			if !strings.HasPrefix(line, w.cmd) {
				t.Fatalf("the walk-through runs %q where this test expects %q", line, w.cmd)
			}
			var out bytes.Buffer
			err := run(context.Background(), shellWords(t, line)[1:], func(k string) string { return vars[k] }, &out, &out)
			if err != nil {
				out.WriteString("talksbot: " + err.Error() + "\n")
			}
			if !strings.Contains(out.String(), w.says) {
				t.Errorf("%s printed\n%s\nwant %q", line, out.String(), w.says)
			}
		default:
			t.Fatalf("the walk-through has a line this test cannot run: %s", line)
		}
	}
	if len(want) > 0 {
		t.Errorf("the walk-through lacks %d command(s) the test expects, from %q", len(want), want[0].cmd)
	}
}

// shellWords splits a command line as sh does for what the walk-through
// uses: words, and double-quoted strings.
func shellWords(t *testing.T, line string) []string {
	var words []string
	var cur strings.Builder
	quoted, in := false, false
	for _, r := range line {
		switch {
		case r == '"':
			quoted, in = !quoted, true
		case r == ' ' && !quoted:
			if in {
				words = append(words, cur.String())
				cur.Reset()
			}
			in = false
		default:
			cur.WriteRune(r)
			in = true
		}
	}
	if quoted {
		t.Fatalf("unbalanced quotes in %s", line)
	}
	if in {
		words = append(words, cur.String())
	}
	return words
}
