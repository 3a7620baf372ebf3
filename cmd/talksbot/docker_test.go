package main

import (
	"bufio"
	"debug/buildinfo"
	"debug/elf"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// No Docker engine runs where the tests run: these tests check what can be
// checked without one. .ci/run builds the binary the way the Dockerfile
// does and runs TestStaticBinary on it.

// dockerBuild is the Dockerfile's build command; .ci/run runs the same.
const dockerBuild = `CGO_ENABLED=0 go build -trimpath -ldflags="-s -w"`

// repoRoot is the module root, two levels up from cmd/talksbot.
func repoRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	return root
}

// dockerInstr is one Dockerfile instruction, continuation lines joined.
type dockerInstr struct {
	cmd, args string
	stage     int // 0 for the first FROM's stage
	line      int
}

func parseDockerfile(t *testing.T, file string) []dockerInstr {
	t.Helper()
	f, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []dockerInstr
	var cur strings.Builder
	start, n, stage := 0, 0, -1
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		n++
		line := strings.TrimSpace(sc.Text())
		if cur.Len() == 0 && (line == "" || strings.HasPrefix(line, "#")) {
			continue
		}
		if cur.Len() == 0 {
			start = n
		}
		if strings.HasSuffix(line, `\`) {
			cur.WriteString(strings.TrimSuffix(line, `\`) + " ")
			continue
		}
		cur.WriteString(line)
		cmd, args, _ := strings.Cut(cur.String(), " ")
		cmd = strings.ToUpper(cmd)
		if cmd == "FROM" {
			stage++
		}
		out = append(out, dockerInstr{cmd: cmd, args: strings.TrimSpace(args), stage: stage, line: start})
		cur.Reset()
	}
	return out
}

// dockerignored reports whether .dockerignore's patterns leave out name
// (a slash-separated path from the root). Negations (!) are honoured.
func dockerignored(patterns []string, name string) bool {
	ignored := false
	for _, p := range patterns {
		neg := strings.HasPrefix(p, "!")
		p = strings.TrimPrefix(strings.TrimPrefix(p, "!"), "/")
		for _, cand := range prefixes(name) {
			if matchIgnore(p, cand) {
				ignored = !neg
			}
		}
	}
	return ignored
}

// prefixes are name and its parent folders: a pattern matching a folder
// leaves out what it holds.
func prefixes(name string) []string {
	var out []string
	for p := name; p != "." && p != "/" && p != ""; p = path.Dir(p) {
		out = append(out, p)
	}
	return out
}

func matchIgnore(pattern, name string) bool {
	if strings.HasPrefix(pattern, "**/") {
		rest := strings.TrimPrefix(pattern, "**/")
		parts := strings.Split(name, "/")
		for i := range parts {
			if ok, _ := path.Match(rest, strings.Join(parts[i:], "/")); ok {
				return true
			}
		}
		return false
	}
	ok, _ := path.Match(pattern, name)
	return ok
}

func TestDockerfile(t *testing.T) {
	root := repoRoot(t)
	ins := parseDockerfile(t, filepath.Join(root, "Dockerfile"))
	ignoreData, err := os.ReadFile(filepath.Join(root, ".dockerignore"))
	if err != nil {
		t.Fatalf("no .dockerignore: %v", err)
	}
	var ignore []string
	for _, l := range strings.Split(string(ignoreData), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			ignore = append(ignore, l)
		}
	}

	var froms, runs []dockerInstr
	var sawModCopy, sawDownload, sawSourceCopy bool
	last := map[string]dockerInstr{}
	for _, in := range ins {
		last[in.cmd] = in
		switch in.cmd {
		case "FROM":
			froms = append(froms, in)
		case "RUN":
			runs = append(runs, in)
			if strings.Contains(in.args, "go mod download") {
				sawDownload = sawModCopy && !sawSourceCopy
			}
		case "COPY":
			fields := strings.Fields(in.args)
			var srcs []string
			from := false
			for _, f := range fields[:len(fields)-1] {
				switch {
				case strings.HasPrefix(f, "--from="):
					from = true
				case strings.HasPrefix(f, "--"):
				default:
					srcs = append(srcs, f)
				}
			}
			if from {
				// Sources from the build stage: each must be produced there.
				for _, s := range srcs {
					if !slices.ContainsFunc(runs, func(r dockerInstr) bool { return r.stage == 0 && strings.Contains(r.args, s) }) {
						t.Errorf("line %d: COPY --from %s: no RUN of the build stage makes it", in.line, s)
					}
				}
				continue
			}
			if slices.Equal(srcs, []string{"go.mod", "go.sum"}) {
				sawModCopy = true
			}
			if slices.Contains(srcs, ".") {
				sawSourceCopy = true
			}
			for _, s := range srcs {
				matches, _ := filepath.Glob(filepath.Join(root, s))
				if len(matches) == 0 {
					t.Errorf("line %d: COPY %s: no such path in the repository", in.line, s)
				}
				if s != "." && dockerignored(ignore, s) {
					t.Errorf("line %d: COPY %s: .dockerignore leaves it out", in.line, s)
				}
			}
		}
	}
	if !sawDownload {
		t.Error("want COPY go.mod go.sum, then RUN go mod download, before the sources are copied (a cached dependency layer)")
	}

	// The builder's Go is go.mod's; the runtime image is minimal and non-root.
	mod, _ := os.ReadFile(filepath.Join(root, "go.mod"))
	goVer := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if len(froms) != 2 || goVer == nil || !strings.HasPrefix(froms[0].args, "golang:"+string(goVer[1])+" ") {
		t.Errorf("FROM lines %v; want golang:%s as the builder, then the runtime image", froms, goVer[1])
	}
	if rt := froms[len(froms)-1].args; !strings.Contains(rt, "distroless/static") && rt != "scratch" {
		t.Errorf("runtime image %q; want distroless static or scratch", rt)
	}
	if u := last["USER"]; u.stage != 1 || strings.HasPrefix(u.args, "root") || strings.HasPrefix(u.args, "0") {
		t.Errorf("USER %q; want a non-root user in the runtime stage", u.args)
	}
	for _, prog := range []string{"talksbot", "talksbot-extract"} {
		if !slices.ContainsFunc(runs, func(r dockerInstr) bool {
			return strings.Contains(r.args, dockerBuild) && strings.HasSuffix(r.args, "./cmd/"+prog)
		}) {
			t.Errorf("no RUN %s … ./cmd/%s", dockerBuild, prog)
		}
	}
	// talksbot finds its extractor next to itself.
	if !slices.ContainsFunc(ins, func(in dockerInstr) bool {
		return in.cmd == "COPY" && in.stage == 1 && strings.HasSuffix(in.args, " /talksbot-extract")
	}) {
		t.Error("the runtime image has no /talksbot-extract next to /talksbot")
	}
	ci, _ := os.ReadFile(filepath.Join(root, ".ci", "run"))
	if !strings.Contains(string(ci), dockerBuild) {
		t.Errorf(".ci/run does not run the Dockerfile's build (%s)", dockerBuild)
	}

	// The volume is the data directory; the commands exist.
	if v := last["VOLUME"]; v.args != "/data" {
		t.Errorf("VOLUME %q; want /data", v.args)
	}
	env := last["ENV"].args
	if !strings.Contains(env, "TALKSBOT_DATA=/data") {
		t.Errorf("ENV %q does not point TALKSBOT_DATA at the volume", env)
	}
	for _, kv := range strings.Fields(env) {
		k, v, _ := strings.Cut(kv, "=")
		i := slices.IndexFunc(settings, func(s setting) bool { return s.env == k })
		if i < 0 {
			t.Errorf("ENV %s: not a setting", k)
		} else if c := settings[i].check; c != nil && c(v) != nil {
			t.Errorf("ENV %s=%s: %v", k, v, c(v))
		}
	}
	commandNamed := func(name string) bool {
		return slices.ContainsFunc(commands, func(c command) bool { return c.name == name })
	}
	hc := last["HEALTHCHECK"].args
	if m := regexp.MustCompile(`CMD \["/talksbot", "(\w+)"`).FindStringSubmatch(hc); m == nil || !commandNamed(m[1]) {
		t.Errorf("HEALTHCHECK %q: want CMD [\"/talksbot\", \"healthcheck\"]", hc)
	}
	if e := last["ENTRYPOINT"].args; e != `["/talksbot"]` {
		t.Errorf("ENTRYPOINT %s", e)
	}
	if c := last["CMD"].args; c != `["serve"]` || !commandNamed("serve") {
		t.Errorf("CMD %s; want [\"serve\"]", c)
	}

	// The build context keeps what the build needs.
	for _, need := range []string{"go.mod", "go.sum", "cmd/talksbot/main.go", "corpus/articles/iraq-us-talks.md", "index/thesaurus/wordnet.tab"} {
		if dockerignored(ignore, need) {
			t.Errorf(".dockerignore leaves out %s, which the build needs", need)
		}
	}
	for _, leave := range []string{".git/config", "talksbot-data/CURRENT", "bot/testdata/fuzz/FuzzRenderAnswer/x"} {
		if !dockerignored(ignore, leave) {
			t.Errorf(".dockerignore sends %s to the daemon", leave)
		}
	}
}

// TestStaticBinary checks the binaries .ci/run built with the Dockerfile's
// command (TALKSBOT_BINARY, and talksbot-extract next to it): no ELF
// interpreter, no shared libraries, cgo off, paths trimmed; and they run.
func TestStaticBinary(t *testing.T) {
	bin := os.Getenv("TALKSBOT_BINARY")
	if bin == "" {
		t.Skip("set TALKSBOT_BINARY to a binary built as the Dockerfile does (.ci/run does)")
	}
	checkStatic(t, bin)
	out, err := exec.Command(bin, "help").CombinedOutput()
	if err != nil || !strings.Contains(string(out), "healthcheck") {
		t.Errorf("%s help: %v\n%s", bin, err, out)
	}
	extract := filepath.Join(filepath.Dir(bin), "talksbot-extract")
	checkStatic(t, extract)
	cmd := exec.Command(extract, "https://example.com/a")
	cmd.Stdin = strings.NewReader("<html><head><title>A title</title></head><body><article><p>" + strings.Repeat("Officials of both countries met in Baghdad on Thursday to discuss the talks. ", 5) + "</p></article></body></html>")
	if out, err := cmd.Output(); err != nil || !strings.Contains(string(out), `"body":"Officials`) {
		t.Errorf("%s < a page: %v\n%s", extract, err, out)
	}
}

func checkStatic(t *testing.T, bin string) {
	t.Helper()
	f, err := elf.Open(bin)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			t.Errorf("%s has an ELF interpreter: it is dynamically linked", bin)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) > 0 {
		t.Errorf("%s needs shared libraries %v", bin, libs)
	}
	info, err := buildinfo.ReadFile(bin)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"CGO_ENABLED": "0", "-trimpath": "true"}
	for _, s := range info.Settings {
		if v, ok := want[s.Key]; ok && v == s.Value {
			delete(want, s.Key)
		}
	}
	if len(want) > 0 {
		t.Errorf("%s: build settings lack %v", bin, want)
	}
}
