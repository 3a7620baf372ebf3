//go:build unix

package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestWhichExtractorRuns (issue 24 round three, finding 7) runs the built
// talksbot with a talksbot-extract beside it, on PATH, or neither, and
// checks what `where` says and what `ingest` of an HTML page does: one
// beside that cannot be run is refused in one line although PATH holds a
// good one; one beside that can is run; PATH's is run only when none is
// beside, and said; with none, the refusal says how to install or build
// one, nothing is built, and `build-extractor` builds it when asked (with
// the go named, or one line without go).
func TestWhichExtractorRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("builds talksbot and runs it")
	}
	talksbot, extract := buildTalksbot(t), buildExtract(t)
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go")
	}
	root := t.TempDir()
	copyTo := func(src, dst string, mode os.FileMode) {
		t.Helper()
		b, err := os.ReadFile(src)
		if err == nil {
			os.MkdirAll(filepath.Dir(dst), 0o755)
			err = os.WriteFile(dst, b, mode)
		}
		if err == nil {
			err = os.Chmod(dst, mode)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	self := filepath.Join(root, "bin", "talksbot")
	copyTo(talksbot, self, 0o755)
	beside := filepath.Join(root, "bin", extractName)
	pathDir := filepath.Join(root, "path")
	onPath := filepath.Join(pathDir, extractName)
	copyTo(extract, onPath, 0o755)
	page := filepath.Join(root, "page.html")
	copyTo("../../corpus/ingest/testdata/news-html-trafilatura/dw.com.colonial.html", page, 0o644)
	cache := filepath.Join(root, "cache")
	os.MkdirAll(filepath.Join(root, "data"), 0o755)
	goEnv := func(k string) string {
		out, _ := exec.Command(goBin, "env", k).Output()
		return k + "=" + strings.TrimSpace(string(out))
	}
	baseEnv := []string{"HOME=" + filepath.Join(root, "home"), "XDG_CACHE_HOME=" + cache, goEnv("GOCACHE"), goEnv("GOMODCACHE"), "GOFLAGS=-mod=readonly", "GOPROXY=off", "GOTOOLCHAIN=local"}
	n := 0
	talk := func(path string, args ...string) (stdout, stderr string, err error) {
		n++
		cmd := exec.Command(self, append(args, "--data", filepath.Join(root, "data", string(rune('a'+n))))...)
		cmd.Env = append([]string{"PATH=" + path}, baseEnv...)
		var out, errb strings.Builder
		cmd.Stdout, cmd.Stderr = &out, &errb
		err = cmd.Run()
		return out.String(), errb.String(), err
	}
	whereLine := func(path string) string {
		out, errOut, err := talk(path, "where")
		if err != nil {
			t.Fatalf("where: %v %s", err, errOut)
		}
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, "extractor") {
				return l
			}
		}
		t.Fatalf("where says nothing of the extractor:\n%s", out)
		return ""
	}
	// oneLine: what is said of the extractor is one line of stderr (beside
	// ingest's own: the data directory created, the count not added).
	oneLine := func(what, stderr string, want ...string) {
		t.Helper()
		for _, l := range strings.Split(stderr, "\n") {
			if strings.Contains(l, want[0]) {
				for _, w := range want[1:] {
					if !strings.Contains(l, w) {
						t.Errorf("%s: %q; want %q in the same line", what, l, w)
					}
				}
				return
			}
		}
		t.Errorf("%s: stderr %q; want a line with %q", what, stderr, want[0])
	}

	// Beside, not executable; a good one on PATH.
	copyTo(extract, beside, 0o644)
	if l := whereLine(pathDir); !strings.Contains(l, "none usable: "+beside+" (next to talksbot) cannot be run: not executable") {
		t.Errorf("where with a non-executable one beside: %q", l)
	}
	out, errOut, err := talk(pathDir, "ingest", page)
	if err == nil || strings.Contains(out, "added") {
		t.Errorf("ingest with a non-executable one beside = %v; want a refusal\n%s", err, out)
	}
	oneLine("ingest with a non-executable one beside", errOut, "not executable", "talksbot does not look on PATH instead")
	if strings.Contains(errOut, onPath) {
		t.Errorf("the refusal names PATH's program: %s", errOut)
	}

	// Beside, not a program.
	copyTo("../../corpus/ingest/testdata/news-html-trafilatura/dw.com.colonial.html", beside, 0o755)
	_, errOut, err = talk(pathDir, "ingest", page)
	if err == nil {
		t.Error("ingest with an HTML file as the extractor beside succeeded")
	}
	oneLine("ingest with an HTML file beside", errOut, "cannot be run: not a program")

	// Beside and good: run, nothing said.
	copyTo(extract, beside, 0o755)
	if l := whereLine(pathDir); !strings.Contains(l, beside+" (next to talksbot)") {
		t.Errorf("where with a good one beside: %q", l)
	}
	out, errOut, err = talk(pathDir, "ingest", page)
	if err != nil || !strings.Contains(out, "added") || strings.Contains(errOut, "note") {
		t.Errorf("ingest with a good one beside = %v\n%s%s", err, out, errOut)
	}

	// None beside: PATH's, said.
	os.Remove(beside)
	if l := whereLine(pathDir); !strings.Contains(l, onPath+" (on PATH; none is next to talksbot at "+beside+")") {
		t.Errorf("where with one on PATH only: %q", l)
	}
	out, errOut, err = talk(pathDir, "ingest", page)
	if err != nil || !strings.Contains(out, "added") {
		t.Errorf("ingest with one on PATH = %v\n%s%s", err, out, errOut)
	}
	oneLine("ingest with one on PATH", errOut, "note: running the HTML extractor "+onPath+" (on PATH")

	// None at all: nothing built, the refusal says what to do.
	empty := filepath.Join(root, "empty")
	os.MkdirAll(empty, 0o755)
	if l := whereLine(empty); !strings.Contains(l, "none usable: no talksbot-extract program") || !strings.Contains(l, "talksbot build-extractor") {
		t.Errorf("where with none: %q", l)
	}
	_, errOut, err = talk(empty, "ingest", page)
	if err == nil {
		t.Error("ingest with no extractor succeeded")
	}
	oneLine("ingest with none", errOut, "go install ./cmd/...", "talksbot build-extractor")
	if _, err := os.Stat(filepath.Join(cache, "talksbot")); err == nil {
		t.Errorf("talksbot built an extractor unasked in %s", cache)
	}

	// Built when asked.
	_, errOut, err = talk(empty, "build-extractor")
	if err == nil {
		t.Error("build-extractor without go succeeded")
	}
	oneLine("build-extractor without go", errOut, "no go command on PATH: install Go, or name one with --go")
	out, errOut, err = talk(empty, "build-extractor", "--go", goBin)
	if err != nil || !strings.Contains(out, "with "+goBin) {
		t.Fatalf("build-extractor --go %s = %v\n%s%s", goBin, err, out, errOut)
	}
	if l := whereLine(empty); !strings.Contains(l, filepath.Join(cache, "talksbot")) || !strings.Contains(l, "(built by `talksbot build-extractor` from ") {
		t.Errorf("where after build-extractor: %q", l)
	}
	out, errOut, err = talk(empty, "ingest", page)
	if err != nil || !strings.Contains(out, "added") {
		t.Errorf("ingest after build-extractor = %v\n%s%s", err, out, errOut)
	}
}
