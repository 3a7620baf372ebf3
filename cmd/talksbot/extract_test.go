package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// extractBin is cmd/talksbot-extract, built once for the tests that run it
// as talksbot does: a subprocess.
var (
	extractOnce sync.Once
	extractBin  string
	extractErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	for _, bin := range []string{extractBin, talksbotBin} {
		if bin != "" {
			os.RemoveAll(filepath.Dir(bin))
		}
	}
	os.Exit(code)
}

func buildExtract(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to build talksbot-extract with")
	}
	extractOnce.Do(func() {
		dir, err := os.MkdirTemp("", "talksbot-extract-test")
		if err != nil {
			extractErr = err
			return
		}
		extractBin = filepath.Join(dir, "talksbot-extract")
		out, err := exec.Command(goBin, "build", "-ldflags=-s -w", "-o", extractBin, "../talksbot-extract").CombinedOutput()
		if err != nil {
			extractErr = errors.New(string(out))
		}
	})
	if extractErr != nil {
		t.Fatalf("go build ./cmd/talksbot-extract: %v", extractErr)
	}
	return extractBin
}

// testExtractor is TALKSBOT_EXTRACT for runCmd: set by useExtractor.
var testExtractor string

// useExtractor builds talksbot-extract and has runCmd's commands run it,
// for the rest of the test.
func useExtractor(t *testing.T) {
	t.Helper()
	testExtractor = buildExtract(t)
	t.Cleanup(func() { testExtractor = "" })
}

// runWithEnv runs the program with the data directory and the variables of
// vars as its whole environment.
func runWithEnv(data string, vars map[string]string, args ...string) (stdout, stderr string, err error) {
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		if k == "TALKSBOT_DATA" {
			return data
		}
		return vars[k]
	}
	err = run(context.Background(), args, getenv, &out, &errb)
	return out.String(), errb.String(), err
}

// TestIngestHTMLThroughExtractor ingests a real page through the
// talksbot-extract program, then pages that make it hang and allocate
// without end: each is killed at its limit with an error that says so, and
// nothing of them is ingested.
func TestIngestHTMLThroughExtractor(t *testing.T) {
	bin := buildExtract(t)
	data := t.TempDir()
	page, err := os.ReadFile("../../corpus/ingest/testdata/news-html-trafilatura/dw.com.colonial.html")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	good := filepath.Join(dir, "good.html")
	os.WriteFile(good, page, 0o644)
	vars := map[string]string{"TALKSBOT_EXTRACT": bin}
	out, errOut, err := runWithEnv(data, vars, "ingest", "--force", good)
	if err != nil || !strings.Contains(out, "added dwcom-2020-01-19-berlin-confronts") {
		t.Fatalf("ingest good.html = %v\n%s%s", err, out, errOut)
	}
	before, _, err := runWithEnv(data, vars, "sources")
	if err != nil {
		t.Fatal(err)
	}

	// The extractor needs about 80 MB before it reads a page (go-dateparser's
	// tables), so the hang runs under the default memory limit: under 128
	// MiB it sometimes ran out of memory before it could hang.
	for _, tt := range []struct{ hook, memory, want string }{
		{"hang", "768", "took more than 1s on the page and was killed"},
		{"alloc", "128", "ran out of memory on the page (limit 128 MiB) and died"},
	} {
		hooks := map[string]string{"TALKSBOT_EXTRACT": bin, "TALKSBOT_EXTRACT_TEST_HOOKS": "1",
			"TALKSBOT_EXTRACT_TIMEOUT": "1s", "TALKSBOT_EXTRACT_MEMORY": tt.memory}
		t.Run(tt.hook, func(t *testing.T) {
			bad := filepath.Join(dir, tt.hook+".html")
			// Another article's text, so that only the hook stops it.
			os.WriteFile(bad, bytes.Replace(page, []byte("Berlin"), []byte("<!-- talksbot-extract-test:"+tt.hook+" -->Bonn"), 1), 0o644)
			start := time.Now()
			out, errOut, err := runWithEnv(data, hooks, "ingest", "--force", bad)
			if err == nil || !strings.Contains(errOut, ingest.ErrExtractor.Error()) || !strings.Contains(errOut, tt.want) {
				t.Errorf("ingest %s = %v\nstdout: %s\nstderr: %s\nwant an error with %q", tt.hook, err, out, errOut, tt.want)
			}
			t.Logf("ingest %s: %s", tt.hook, strings.TrimSpace(errOut))
			if d := time.Since(start); d > 20*time.Second {
				t.Errorf("ingest %s took %v", tt.hook, d)
			}
			after, _, err := runWithEnv(data, vars, "sources")
			if err != nil || after != before {
				t.Errorf("sources after the failed ingest changed:\n%s\nwant\n%s", after, before)
			}
		})
	}
}

// TestAskLinksNoHTMLExtractor: the talksbot binary must not link the HTML
// extractor's dependencies, whose package initialisation (go-dateparser's
// locale tables) took 150 ms of every command's start.
func TestAskLinksNoHTMLExtractor(t *testing.T) {
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command")
	}
	out, err := exec.Command(goBin, "list", "-deps", ".").Output()
	if err != nil {
		t.Fatalf("go list -deps: %v", err)
	}
	for _, dep := range strings.Fields(string(out)) {
		for _, bad := range []string{"dateparser", "trafilatura", "htmldate", "readability", "domdistiller", "corpus/ingest/htmltext"} {
			if strings.Contains(dep, bad) {
				t.Errorf("talksbot links %s", dep)
			}
		}
	}
}
