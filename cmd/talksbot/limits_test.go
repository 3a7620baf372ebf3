package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// Every size limit on the way in is one the store reads back: through the
// commands a moderator runs (ingest → reindex → show), an article just
// under the store's limit is acknowledged, survives a rebuild and reads
// back whole; text, Markdown and HTML over it are refused with a reason
// naming the file, and nothing of them is stored.
func TestSizeLimitMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("ingests and re-indexes 2 MiB")
	}
	useExtractor(t) // HTML through the real extractor: its text over 2 MiB is "too big" (issue 24, finding 12)
	data, dir := t.TempDir(), t.TempDir()
	sentence := "The talks went on for many months in Baghdad and Washington, officials said. "
	fill := func(head string, n int, tail string) []byte {
		var b strings.Builder
		b.WriteString(head)
		for b.Len() < n-len(tail) {
			b.WriteString(sentence)
			if b.Len()%1000 < len(sentence) {
				b.WriteString("\n\n")
			}
		}
		return []byte(b.String()[:n-len(tail)] + tail)
	}
	write := func(name string, body []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, body, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	over := corpus.MaxArticleBytes + 512<<10
	for _, f := range []struct{ name, head, tail string }{
		{"over.txt", "A long record of the talks\n\n", ""},
		{"over.md", "# A long record of the talks\n\n", ""},
		{"over.html", "<html><head><title>A long record</title></head><body><article><p>", "</p></article></body></html>"},
	} {
		p := write(f.name, fill(f.head, over, f.tail))
		_, stderr, err := runCmd(t, data, "ingest", p)
		if err == nil || !strings.Contains(err.Error()+stderr, f.name) || !strings.Contains(err.Error()+stderr, "too big") {
			t.Errorf("ingest %s (%d bytes): %v %s; want a refusal naming the file, too big", f.name, over, err, stderr)
		}
	}
	under := write("under.txt", fill("A long record of the talks\n\n", corpus.MaxArticleBytes-8<<10, ""))
	out, stderr, err := runCmd(t, data, "ingest", under)
	if err != nil {
		t.Fatalf("ingest of %d bytes: %v %s", corpus.MaxArticleBytes-8<<10, err, stderr)
	}
	id := ""
	for _, f := range strings.Fields(out) {
		if strings.HasPrefix(f, "text-") || strings.HasPrefix(f, "under") {
			id = strings.Trim(f, "“”,:")
		}
	}
	if _, _, err := runCmd(t, data, "reindex"); err != nil {
		t.Fatalf("reindex: %v", err)
	}
	src, _, err := runCmd(t, data, "sources")
	if err != nil || id == "" || !strings.Contains(src, id) {
		t.Fatalf("after reindex, sources %v does not list %q (ingest said %q)", err, id, out)
	}
	shown, _, err := runCmd(t, data, "show", "--json", id)
	if err != nil || len(shown) < corpus.MaxArticleBytes-16<<10 {
		t.Errorf("show %s: %v, %d bytes", id, err, len(shown))
	}
	if n := strings.Count(src, "outlet unknown"); n != 1 {
		t.Errorf("%d ingested articles listed, want 1 (a refused file was stored?): %s", n, src)
	}
}
