package main

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

func TestDefaultDataDir(t *testing.T) {
	home := "/home/u/.local/share/talksbot"
	switch runtime.GOOS {
	case "darwin", "ios":
		home = "/home/u/Library/Application Support/talksbot"
	case "windows":
		t.Skip("the default is %LocalAppData%")
	}
	for _, tt := range []struct {
		env  map[string]string
		want string
	}{
		{map[string]string{"XDG_DATA_HOME": "/xdg", "HOME": "/home/u"}, "/xdg/talksbot"},
		{map[string]string{"XDG_DATA_HOME": "relative/xdg", "HOME": "/home/u"}, home}, // XDG: ignored unless absolute
		{map[string]string{"HOME": "/home/u"}, home},
		{map[string]string{"HOME": "relative"}, ""},
		{nil, ""},
	} {
		if got := defaultDataDir(func(k string) string { return tt.env[k] }); got != filepath.FromSlash(tt.want) {
			t.Errorf("defaultDataDir(%v) = %q; want %q", tt.env, got, tt.want)
		}
	}
}

// stderrWatch is a stderr that checks, when the line announcing a new data
// directory is written, that the index is not built yet.
type stderrWatch struct {
	strings.Builder
	dir        string
	builtFirst bool
}

func (w *stderrWatch) Write(p []byte) (int, error) {
	if strings.Contains(string(p), "creating the data directory") {
		if _, err := os.Stat(filepath.Join(w.dir, "CURRENT")); err == nil {
			w.builtFirst = true
		}
	}
	return w.Builder.Write(p)
}

// Without --data or TALKSBOT_DATA the data directory is under the home,
// whatever the current directory; a new one is announced before its index
// is built, with where it is.
func TestDataDirInTheHome(t *testing.T) {
	home := t.TempDir()
	t.Chdir(t.TempDir()) // no ./talksbot-data here
	vars := map[string]string{"HOME": home}
	want := filepath.Join(home, ".local", "share", "talksbot")
	if runtime.GOOS != "linux" {
		want = defaultDataDir(func(k string) string { return vars[k] })
	}
	var out strings.Builder
	errw := &stderrWatch{dir: want}
	err := run(context.Background(), []string{"sources"}, func(k string) string { return vars[k] }, &out, errw)
	if err != nil {
		t.Fatal(err)
	}
	if got := errw.String(); got != "talksbot: creating the data directory at "+want+"; building the index…\n" || errw.builtFirst {
		t.Errorf("first sources said %q (index built before: %v); want the new directory announced before the index is built", got, errw.builtFirst)
	}
	if _, err := os.Stat(filepath.Join(want, "CURRENT")); err != nil {
		t.Errorf("no index in %s: %v", want, err)
	}
	t.Chdir(t.TempDir()) // elsewhere: the same directory, nothing new
	outAgain, errOut, err := runWithEnv("", vars, "sources")
	if err != nil || errOut != "" || outAgain != out.String() {
		t.Errorf("sources from another directory = %v, stderr %q; want the same list, silently", err, errOut)
	}
	where, _, err := runWithEnv("", vars, "where")
	for _, line := range []string{"data directory    " + want + " (the default; --data or TALKSBOT_DATA choose another)\n", "articles          30\n", "passages          ", "index generation  index-", "model             built in: trained on ", "extractor         "} {
		if err != nil || !strings.Contains(where, line) {
			t.Errorf("where = %v\n%s\nwant a line %q", err, where, line)
		}
	}
	if info, _, _ := runWithEnv("", vars, "info"); info != where {
		t.Errorf("info = %q; want what where prints", info)
	}
}

// An existing ./talksbot-data keeps working, with a note saying where the
// default now is.
func TestLegacyDataDir(t *testing.T) {
	home := t.TempDir()
	cwd := t.TempDir()
	t.Chdir(cwd)
	vars := map[string]string{"HOME": home}
	if _, _, err := runWithEnv(legacyDataDir, vars, "sources"); err != nil { // made by an old talksbot
		t.Fatal(err)
	}
	_, errOut, err := runWithEnv("", vars, "sources")
	note := "talksbot: using ./talksbot-data in the current directory (the default is now " + defaultDataDir(func(k string) string { return vars[k] }) + ": move it there, or pass --data)\n"
	if err != nil || errOut != note {
		t.Errorf("sources beside ./talksbot-data = %v, stderr %q; want %q", err, errOut, note)
	}
	if _, err := os.Stat(filepath.Join(home, ".local")); err == nil {
		t.Error("the default data directory was made although ./talksbot-data was used")
	}
	if _, errOut, _ := runWithEnv("", vars, "sources", "--data", filepath.Join(cwd, legacyDataDir)); errOut != "" {
		t.Errorf("sources --data said %q; want no note", errOut)
	}
}

// Without a home there is no default: a clear error, not a directory
// somewhere unexpected. A home that cannot be written says so.
func TestNoDataDir(t *testing.T) {
	t.Chdir(t.TempDir())
	const want = "no data directory: neither TALKSBOT_DATA, XDG_DATA_HOME nor HOME is set: pass --data DIR or set TALKSBOT_DATA"
	for _, args := range [][]string{{"sources"}, {"ask", "How many U.S. troops are in Iraq?"}, {"ingest", "x.md"}, {"feeds", "list"}, {"gaps"}} {
		if _, _, err := runWithEnv("", nil, args...); err == nil || !strings.HasSuffix(err.Error(), want) {
			t.Errorf("talksbot %s without HOME = %v; want %q", args[0], err, want)
		}
	}
	file := filepath.Join(t.TempDir(), "home")
	os.WriteFile(file, nil, 0o644) // a home that is no directory
	_, _, err := runWithEnv("", map[string]string{"HOME": file}, "sources")
	if err == nil || !strings.HasPrefix(err.Error(), "cannot create the data directory "+filepath.Join(file, ".local", "share", "talksbot")) ||
		!strings.HasSuffix(err.Error(), ": pass --data DIR or set TALKSBOT_DATA to a writable one") {
		t.Errorf("sources with an unwritable home = %v", err)
	}
}

func TestVersion(t *testing.T) {
	out, _, err := runCmd(t, t.TempDir(), "version")
	if err != nil || !strings.HasPrefix(out, "talksbot ") || !strings.HasSuffix(out, runtime.Version()+"\n") || strings.Count(out, "\n") != 1 {
		t.Errorf("version = %q, %v; want one line: talksbot, its version and revision, the Go version", out, err)
	}
	if again, _, err := runCmd(t, t.TempDir(), "--version"); err != nil || again != out {
		t.Errorf("--version = %q, %v; want %q", again, err, out)
	}
}

// orderedOutput records what a command writes to stdout and stderr, in the
// order it writes it.
type orderedOutput struct {
	mu     sync.Mutex
	events []string // "out:" or "err:" and what was written
}

type orderedWriter struct {
	o      *orderedOutput
	stream string
	check  func() // called before a write is recorded
}

func (w orderedWriter) Write(p []byte) (int, error) {
	if w.check != nil {
		w.check()
	}
	w.o.mu.Lock()
	defer w.o.mu.Unlock()
	w.o.events = append(w.o.events, w.stream+string(p))
	return len(p), nil
}

// The first ask into a directory that does not exist yet says on stderr,
// before the index is built and before the answer, that it is creating
// the data directory and where; the second ask says nothing of it.
func TestFirstAskSaysItCreatesTheDataDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	const q = "How many U.S. troops are in Iraq?"
	want := "talksbot: creating the data directory at " + dir + "; building the index…\n"
	ask := func() (*orderedOutput, bool) {
		o := &orderedOutput{}
		builtFirst := false
		errw := orderedWriter{o: o, stream: "err:", check: func() {
			if _, err := os.Stat(filepath.Join(dir, "CURRENT")); err == nil {
				o.mu.Lock()
				if len(o.events) == 0 {
					builtFirst = true // the index exists before anything was said
				}
				o.mu.Unlock()
			}
		}}
		outw := orderedWriter{o: o, stream: "out:"}
		getenv := func(k string) string {
			if k == "TALKSBOT_DATA" {
				return dir
			}
			return ""
		}
		if err := run(context.Background(), []string{"ask", q}, getenv, outw, errw); err != nil {
			t.Fatal(err)
		}
		return o, builtFirst
	}

	first, builtFirst := ask()
	if len(first.events) < 2 || first.events[0] != "err:"+want || !strings.HasPrefix(first.events[1], "out:Q: "+q) {
		t.Errorf("first ask wrote %q; want %q on stderr first, then the answer", first.events, want)
	}
	if builtFirst {
		t.Error("the index was built before the new data directory was announced")
	}
	second, _ := ask()
	for _, e := range second.events {
		if strings.HasPrefix(e, "err:") {
			t.Errorf("second ask wrote %q on stderr; want nothing", e)
		}
	}
	if len(second.events) == 0 || !strings.HasPrefix(second.events[0], "out:Q: "+q) {
		t.Errorf("second ask wrote %q; want the answer", second.events)
	}
}
