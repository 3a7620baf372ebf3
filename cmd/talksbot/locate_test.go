package main

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// TestLocateExtractor (issue 24 round three, finding 7): which extractor
// talksbot runs. TALKSBOT_EXTRACT wins and must be a program; a file named
// talksbot-extract next to talksbot that cannot be run (not executable, not
// a program, a directory, a dangling link) is refused in one line, PATH
// holding a good one or not; the one build-extractor built comes next; PATH
// is used last and said (Say); nothing is ever built.
func TestLocateExtractor(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("file modes and links as on unix")
	}
	bin := buildExtract(t)
	prog, err := os.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	put := func(dir string, mode os.FileMode, body []byte) string {
		os.MkdirAll(dir, 0o755)
		p := filepath.Join(dir, extractName)
		if err := os.WriteFile(p, body, mode); err != nil {
			t.Fatal(err)
		}
		return p
	}
	type setup struct {
		env                     string // TALKSBOT_EXTRACT
		beside, built, path     string // the dirs' talksbot-extract: "", "good", "0644", "text", "dir", "dangling", "empty"
		wantWhy, wantErr, notIn string
	}
	for _, tt := range []struct {
		name string
		setup
	}{
		{"env wins", setup{env: "good", beside: "good", path: "good", wantWhy: "TALKSBOT_EXTRACT"}},
		{"env missing", setup{env: "missing", beside: "good", wantErr: "TALKSBOT_EXTRACT="}},
		{"beside", setup{beside: "good", built: "good", path: "good", wantWhy: "next to talksbot"}},
		{"beside not executable", setup{beside: "0644", path: "good", wantErr: "cannot be run: not executable (mode 0644)", notIn: "/path/"}},
		{"beside not a program", setup{beside: "text", path: "good", wantErr: "cannot be run: not a program"}},
		{"beside empty", setup{beside: "empty", path: "good", wantErr: "cannot be run: an empty file"}},
		{"beside a directory", setup{beside: "dir", path: "good", wantErr: "cannot be run: a directory"}},
		{"beside a dangling link", setup{beside: "dangling", path: "good", wantErr: "cannot be run: no such file"}},
		{"built", setup{built: "good", path: "good", wantWhy: "built by `talksbot build-extractor`"}},
		{"built not executable", setup{built: "0644", path: "good", wantErr: "run `talksbot build-extractor` again"}},
		{"path, said", setup{path: "good", wantWhy: "on PATH; none is next to talksbot at "}},
		{"path not a program", setup{path: "text", wantErr: "(found on PATH) cannot be run: not a program"}},
		{"nothing", setup{wantErr: "install it with `go install ./cmd/...`"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			make := func(kind, dir string) string {
				switch kind {
				case "good":
					return put(dir, 0o755, prog)
				case "0644":
					return put(dir, 0o644, prog)
				case "text":
					return put(dir, 0o755, []byte("<html>not a program</html>\n"))
				case "empty":
					return put(dir, 0o755, nil)
				case "dir":
					os.MkdirAll(filepath.Join(dir, extractName), 0o755)
				case "dangling":
					os.MkdirAll(dir, 0o755)
					os.Symlink(filepath.Join(root, "gone"), filepath.Join(dir, extractName))
				case "missing":
					return filepath.Join(dir, extractName)
				}
				return filepath.Join(dir, extractName)
			}
			env := ""
			if tt.env != "" {
				env = make(tt.env, filepath.Join(root, "env"))
			}
			make(tt.beside, filepath.Join(root, "beside"))
			make(tt.built, filepath.Join(root, "built"))
			pathDir := filepath.Join(root, "path")
			make(tt.path, pathDir)
			os.MkdirAll(pathDir, 0o755)
			t.Setenv("PATH", pathDir)
			p := placesOf(func(k string) string {
				if k == "TALKSBOT_EXTRACT" {
					return env
				}
				return ""
			})
			p.selfDir, p.builtDir = filepath.Join(root, "beside"), filepath.Join(root, "built")
			c, err := p.locate()
			if tt.wantErr != "" {
				if err == nil || !errors.Is(err, ingest.ErrExtractor) || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "\n") {
					t.Fatalf("locate() = %+v, %v; want one line with %q", c, err, tt.wantErr)
				}
				if tt.notIn != "" && strings.Contains(err.Error(), pathDir) {
					t.Errorf("the refusal %q names PATH's program", err)
				}
				if !strings.HasPrefix(p.describe(), "none usable: ") {
					t.Errorf("describe() = %q; want it to say none is usable", p.describe())
				}
				t.Logf("%s", err)
				return
			}
			if err != nil || !strings.Contains(c.Why, tt.wantWhy) {
				t.Fatalf("locate() = %+v, %v; want why %q", c, err, tt.wantWhy)
			}
			if c.Say != strings.HasPrefix(tt.wantWhy, "on PATH") {
				t.Errorf("locate() = %+v: said %v; want PATH's, and only PATH's, said", c, c.Say)
			}
			if d := p.describe(); !strings.HasPrefix(d, c.Path+" (") || !strings.Contains(d, tt.wantWhy) {
				t.Errorf("describe() = %q; want the path and why", d)
			}
			if entries, _ := os.ReadDir(filepath.Join(root, "built")); tt.built == "" && len(entries) > 0 {
				t.Errorf("locate built something: %v", entries)
			}
		})
	}
}
