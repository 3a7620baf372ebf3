package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
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
// first HTML page comes (see findExtractor), so that commands that read no
// HTML never look for it. $TALKSBOT_EXTRACT_TIMEOUT (a duration) and
// $TALKSBOT_EXTRACT_MEMORY (MiB) change its limits.
func (e env) extractor() ingest.Extractor {
	return &lazyExtractor{getenv: e.getenv}
}

type lazyExtractor struct {
	getenv func(string) string
	mu     sync.Mutex
	cmd    *ingest.Command
}

func (l *lazyExtractor) Extract(ctx context.Context, page []byte, pageURL string) (*corpus.Article, error) {
	l.mu.Lock()
	if l.cmd == nil {
		// Not found is not remembered: it may be installed meanwhile.
		path, err := findExtractor(ctx, l.getenv)
		if err != nil {
			l.mu.Unlock()
			return nil, err
		}
		cmd, err := extractCommand(path, l.getenv)
		if err != nil {
			l.mu.Unlock()
			return nil, err
		}
		l.cmd = cmd
	}
	cmd := l.cmd
	l.mu.Unlock()
	return cmd.Extract(ctx, page, pageURL)
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

// findExtractor finds the talksbot-extract program: $TALKSBOT_EXTRACT;
// else the one next to this executable (go install ./cmd/..., the
// container); else the one on PATH; else, when this binary was built from a
// source tree that is still here (go run ./cmd/talksbot, go build), it
// builds it from that tree into the user cache directory (go build's own
// cache makes later builds quick, and a changed source is rebuilt). Failing
// all, the error says how to install it.
func findExtractor(ctx context.Context, getenv func(string) string) (string, error) {
	if p := getenv("TALKSBOT_EXTRACT"); p != "" {
		if err := isProgram(p); err != nil {
			return "", fmt.Errorf("%w: TALKSBOT_EXTRACT=%s: %v", ingest.ErrExtractor, p, err)
		}
		return p, nil
	}
	var looked []string
	if self, err := os.Executable(); err == nil {
		p := filepath.Join(filepath.Dir(self), extractName+exeSuffix())
		if isProgram(p) == nil {
			return p, nil
		}
		looked = append(looked, p)
	}
	if p, err := exec.LookPath(extractName); err == nil {
		return p, nil
	}
	looked = append(looked, extractName+" on PATH")
	if src := sourceTree(); src != "" {
		p, err := buildExtractor(ctx, src)
		if err == nil {
			return p, nil
		}
		return "", fmt.Errorf("%w: no %s program (looked at %s), and building it from %s failed: %v", ingest.ErrExtractor, extractName, strings.Join(looked, ", "), src, err)
	}
	return "", fmt.Errorf("%w: no %s program, which talksbot needs to read HTML pages (looked at %s): install it with `go install ./cmd/...` in the talksbot source (next to talksbot), or set TALKSBOT_EXTRACT to its path",
		ingest.ErrExtractor, extractName, strings.Join(looked, ", "))
}

func isProgram(p string) error {
	fi, err := os.Stat(p)
	switch {
	case err != nil:
		return err
	case fi.IsDir() || (runtime.GOOS != "windows" && fi.Mode().Perm()&0o111 == 0):
		return errors.New("not an executable file")
	}
	return nil
}

func exeSuffix() string {
	if runtime.GOOS == "windows" {
		return ".exe"
	}
	return ""
}

// sourceTree is the root of the module this binary was built from, when it
// is still on this machine (a binary built with -trimpath, or copied
// elsewhere, has none), or "".
func sourceTree() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // cmd/talksbot/extractor.go
	for _, need := range []string{"go.mod", filepath.Join("cmd", extractName, "main.go")} {
		if _, err := os.Stat(filepath.Join(root, need)); err != nil {
			return ""
		}
	}
	return root
}

// buildExtractor builds cmd/talksbot-extract of the source tree src into
// the user cache directory (one program per source tree) and returns its
// path.
func buildExtractor(ctx context.Context, src string) (string, error) {
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", fmt.Errorf("no go command to build it with: %v", err)
	}
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(src))
	dir := filepath.Join(cache, "talksbot", hex.EncodeToString(sum[:6]))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(dir, extractName+exeSuffix())
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, goTool, "build", "-o", out, "./cmd/"+extractName)
	build.Dir = src
	if msg, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go build: %v: %s", err, strings.TrimSpace(string(msg)))
	}
	return out, nil
}
