package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
)

// extractName is the HTML extractor program (cmd/talksbot-extract).
const extractName = "talksbot-extract"

// extractor is the HTML extractor of this process: the talksbot-extract
// program, run for each page with limits (ingest.Command), found when the
// first HTML page comes (see locate), so that commands that read no HTML
// never look for it. $TALKSBOT_EXTRACT_TIMEOUT (a duration) and
// $TALKSBOT_EXTRACT_MEMORY (MiB) change its limits. An extractor found on
// PATH is said on stderr, or in log when there is one (serve).
func (e env) extractor(log *slog.Logger) ingest.Extractor {
	return &lazyExtractor{places: placesOf(e.getenv), stderr: e.stderr, log: log}
}

type lazyExtractor struct {
	places extractorPlaces
	stderr io.Writer
	log    *slog.Logger
	mu     sync.Mutex
	cmd    *ingest.Command
}

func (l *lazyExtractor) Extract(ctx context.Context, page []byte, pageURL string) (*corpus.Article, error) {
	l.mu.Lock()
	if l.cmd == nil {
		// Not found is not remembered: it may be installed meanwhile.
		choice, err := l.places.locate()
		if err != nil {
			l.mu.Unlock()
			return nil, err
		}
		cmd, err := extractCommand(choice.Path, l.places.getenv)
		if err != nil {
			l.mu.Unlock()
			return nil, err
		}
		if choice.Say {
			l.say(choice)
		}
		l.cmd = cmd
	}
	cmd := l.cmd
	l.mu.Unlock()
	return cmd.Extract(ctx, page, pageURL)
}

// say tells the operator which extractor runs when it is not the one
// installed beside talksbot or chosen by TALKSBOT_EXTRACT.
func (l *lazyExtractor) say(c extractorChoice) {
	if l.log != nil {
		l.log.Warn("the HTML extractor is not next to talksbot", "extractor", c.Path, "why", c.Why)
		return
	}
	if l.stderr != nil {
		fmt.Fprintf(l.stderr, "talksbot: note: running the HTML extractor %s (%s)\n", c.Path, c.Why)
	}
}

// extractCommand is the ingest.Command for the program at path, with the
// limits the environment sets.
func extractCommand(path string, getenv func(string) string) (*ingest.Command, error) {
	c := &ingest.Command{Path: path}
	if raw := getenv("TALKSBOT_EXTRACT_TIMEOUT"); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			return nil, fmt.Errorf("%w: TALKSBOT_EXTRACT_TIMEOUT=%q is not a duration such as 30s", ingest.ErrExtractor, raw)
		}
		c.Timeout = d
	}
	if raw := getenv("TALKSBOT_EXTRACT_MEMORY"); raw != "" {
		var mib int64
		if _, err := fmt.Sscan(raw, &mib); err != nil || mib < 64 {
			return nil, fmt.Errorf("%w: TALKSBOT_EXTRACT_MEMORY=%q is not a number of MiB (at least 64)", ingest.ErrExtractor, raw)
		}
		c.Memory = mib << 20
	}
	// Tests' hooks in the program (cmd/talksbot-extract), passed on when
	// the (fake) environment of run sets them.
	if v := getenv("TALKSBOT_EXTRACT_TEST_HOOKS"); v != "" {
		c.Env = append(c.Env, "TALKSBOT_EXTRACT_TEST_HOOKS="+v)
	}
	return c, nil
}

// extractorPlaces are where talksbot looks for its extractor.
type extractorPlaces struct {
	getenv   func(string) string
	selfDir  string                       // the directory of this executable, "" when unknown
	builtDir string                       // where build-extractor builds it from this source tree, "" without one
	lookPath func(string) (string, error) // exec.LookPath
}

func placesOf(getenv func(string) string) extractorPlaces {
	p := extractorPlaces{getenv: getenv, lookPath: exec.LookPath}
	if self, err := os.Executable(); err == nil {
		p.selfDir = filepath.Dir(self)
	}
	if src := sourceTree(); src != "" {
		p.builtDir, _ = builtDir(src)
	}
	return p
}

// extractorChoice is the program talksbot runs, and why that one.
type extractorChoice struct {
	Path string
	Why  string
	Say  bool // tell the operator when it is first run (found on PATH)
}

// locate finds the talksbot-extract program, in this order:
//   - $TALKSBOT_EXTRACT, which must be a program;
//   - the one next to this executable (go install ./cmd/..., the
//     container's /talksbot-extract): if a file of that name is there but
//     cannot be run, talksbot refuses rather than look further;
//   - the one `talksbot build-extractor` built from this binary's source
//     tree (in the user cache directory), with the same rule;
//   - the one on PATH, said when it is run (Say).
//
// It never builds one (build-extractor does, when asked). Every error is one
// line saying what to do.
func (p extractorPlaces) locate() (extractorChoice, error) {
	if v := p.getenv("TALKSBOT_EXTRACT"); v != "" {
		if err := usableProgram(v); err != nil {
			return extractorChoice{}, fmt.Errorf("%w: TALKSBOT_EXTRACT=%s cannot be run: %v; set it to the talksbot-extract program", ingest.ErrExtractor, v, err)
		}
		return extractorChoice{Path: v, Why: "TALKSBOT_EXTRACT"}, nil
	}
	var looked []string
	if p.selfDir != "" {
		path := filepath.Join(p.selfDir, extractName+exeSuffix())
		if c, found, err := p.installed(path, "next to talksbot", "reinstall it with `go install ./cmd/...` in the talksbot source"); found {
			return c, err
		}
		looked = append(looked, path)
	}
	if p.builtDir != "" {
		path := filepath.Join(p.builtDir, extractName+exeSuffix())
		if c, found, err := p.installed(path, "built by `talksbot build-extractor` from "+sourceTree(), "run `talksbot build-extractor` again"); found {
			return c, err
		}
	}
	if path, err := p.lookPath(extractName); err == nil {
		if err := usableProgram(path); err != nil {
			return extractorChoice{}, fmt.Errorf("%w: %s (found on PATH) cannot be run: %v; install talksbot-extract next to talksbot (go install ./cmd/...) or set TALKSBOT_EXTRACT", ingest.ErrExtractor, path, err)
		}
		why := "on PATH"
		if len(looked) > 0 {
			why += "; none is next to talksbot at " + looked[0]
		}
		return extractorChoice{Path: path, Why: why, Say: true}, nil
	}
	looked = append(looked, extractName+" on PATH")
	build := ""
	if src := sourceTree(); src != "" {
		build = fmt.Sprintf(", or build it from %s with `talksbot build-extractor`", src)
	}
	return extractorChoice{}, fmt.Errorf("%w: no %s program, which talksbot needs to read HTML pages (looked at %s): install it with `go install ./cmd/...` in the talksbot source (next to talksbot), set TALKSBOT_EXTRACT to its path%s",
		ingest.ErrExtractor, extractName, strings.Join(looked, ", "), build)
}

// installed is the program at path when there is a file of that name
// (found): the choice, or why it cannot be run and what to do (fix).
func (p extractorPlaces) installed(path, why, fix string) (c extractorChoice, found bool, err error) {
	if _, err := os.Lstat(path); err != nil {
		return extractorChoice{}, false, nil
	}
	if err := usableProgram(path); err != nil {
		return extractorChoice{}, true, fmt.Errorf("%w: %s (%s) cannot be run: %v; %s, or set TALKSBOT_EXTRACT (talksbot does not look on PATH instead)", ingest.ErrExtractor, path, why, err, fix)
	}
	return extractorChoice{Path: path, Why: why}, true, nil
}

// describe says which extractor ingest would run and why, or why none:
// what `talksbot where` shows.
func (p extractorPlaces) describe() string {
	c, err := p.locate()
	if err != nil {
		return "none usable: " + strings.TrimPrefix(err.Error(), ingest.ErrExtractor.Error()+": ")
	}
	return c.Path + " (" + c.Why + ")"
}

// usableProgram reports why the file at p cannot be run as a program: it
// is missing, not a regular file, not executable, or not a program (an
// executable of some system, or a #! script).
func usableProgram(p string) error {
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return errors.New("no such file (or a link to none)")
	case err != nil:
		return err
	case !fi.Mode().IsRegular():
		if fi.IsDir() {
			return errors.New("a directory, not a program")
		}
		return fmt.Errorf("not a regular file (%s)", fileKind(fi.Mode()))
	case runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0:
		return fmt.Errorf("not executable (mode %04o)", fi.Mode().Perm())
	case fi.Size() == 0:
		return errors.New("an empty file")
	}
	f, err := os.Open(p)
	if err != nil {
		return nil // an execute-only program: the system will tell
	}
	defer f.Close()
	head := make([]byte, 4)
	n, _ := io.ReadFull(f, head)
	if !isProgramHeader(head[:n]) {
		return errors.New("not a program (neither an executable nor a #! script)")
	}
	return nil
}

// isProgramHeader: the file starts as an ELF, Mach-O or PE executable, or
// as a script.
func isProgramHeader(b []byte) bool {
	s := string(b)
	for _, magic := range []string{"\x7fELF", "\xfe\xed\xfa\xce", "\xfe\xed\xfa\xcf", "\xce\xfa\xed\xfe", "\xcf\xfa\xed\xfe", "\xca\xfe\xba\xbe", "MZ", "#!"} {
		if strings.HasPrefix(s, magic) {
			return true
		}
	}
	return false
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}
