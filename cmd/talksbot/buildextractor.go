package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

func init() {
	examples["build-extractor"] = []string{"go run ./cmd/talksbot build-extractor", "go run ./cmd/talksbot build-extractor --go /usr/local/go/bin/go", "talksbot where   # which extractor runs, and why"}
}

// cmdBuildExtractor builds the HTML extractor (cmd/talksbot-extract) from
// the source tree this talksbot was built from, with the go command on PATH
// or --go, into the user cache directory, where talksbot then finds it
// (after TALKSBOT_EXTRACT and the one next to talksbot, before PATH). It is
// the only way talksbot builds anything, and only when asked: for `go run
// ./cmd/talksbot`, whose binary has no extractor beside it.
func cmdBuildExtractor(ctx context.Context, e env, args []string) error {
	fs, _ := newFlags(e, "build-extractor") // --data, as every command takes it
	goFlag := fs.String("go", "", "the go command to build with (default: go on PATH)")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("build-extractor: unexpected argument %q", pos[0])
	}
	src := sourceTree()
	if src == "" {
		return fmt.Errorf("build-extractor: this talksbot was not built from a source tree that is still here: run `go install ./cmd/...` in the talksbot source, which installs talksbot-extract next to talksbot")
	}
	goTool := *goFlag
	if goTool == "" {
		if goTool, err = exec.LookPath("go"); err != nil {
			return fmt.Errorf("build-extractor: no go command on PATH: install Go, or name one with --go")
		}
	}
	dir, err := builtDir(src)
	if err != nil {
		return fmt.Errorf("build-extractor: %w", err)
	}
	fmt.Fprintf(e.stdout, "building %s from %s with %s …\n", extractName, src, goTool)
	out, err := buildExtractor(ctx, goTool, src, dir)
	if err != nil {
		return fmt.Errorf("build-extractor: %w", err)
	}
	fmt.Fprintf(e.stdout, "built %s: talksbot runs it when TALKSBOT_EXTRACT is not set and none is next to talksbot (`talksbot where` says which it runs)\n", out)
	return nil
}

// sourceTree is the root of the module this binary was built from, when it
// is still on this machine (a binary built with -trimpath, or copied
// elsewhere, has none), or "".
func sourceTree() string {
	_, file, _, ok := runtime.Caller(0)
	if !ok || !filepath.IsAbs(file) {
		return ""
	}
	root := filepath.Dir(filepath.Dir(filepath.Dir(file))) // cmd/talksbot/buildextractor.go
	for _, need := range []string{"go.mod", filepath.Join("cmd", extractName, "main.go")} {
		if _, err := os.Stat(filepath.Join(root, need)); err != nil {
			return ""
		}
	}
	return root
}

// builtDir is where build-extractor puts the program built from the
// source tree src: one directory per tree in the user cache directory.
func builtDir(src string) (string, error) {
	cache, err := os.UserCacheDir()
	if err != nil {
		return "", err
	}
	sum := sha256.Sum256([]byte(src))
	return filepath.Join(cache, "talksbot", hex.EncodeToString(sum[:6])), nil
}

// buildExtractor builds cmd/talksbot-extract of the source tree src with
// goTool into dir and returns the program's path.
func buildExtractor(ctx context.Context, goTool, src, dir string) (string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	out := filepath.Join(dir, extractName+exeSuffix())
	ctx, cancel := context.WithTimeout(ctx, 5*time.Minute)
	defer cancel()
	build := exec.CommandContext(ctx, goTool, "build", "-o", out, "./cmd/"+extractName)
	build.Dir = src
	if msg, err := build.CombinedOutput(); err != nil {
		return "", fmt.Errorf("%s build ./cmd/%s in %s: %v: %s", goTool, extractName, src, err, strings.TrimSpace(firstLines(string(msg), 3)))
	}
	return out, nil
}

// firstLines is at most n lines of s, joined by "; ".
func firstLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	if len(lines) > n {
		lines = append(lines[:n], "…")
	}
	return strings.Join(lines, "; ")
}
