package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// Default limits of Command.
const (
	DefaultExtractTimeout = 30 * time.Second
	DefaultExtractMemory  = 768 << 20
)

// ExtractProtocol is the version of what Command and the talksbot-extract
// program say to each other (ExtractOutput, ServeExtract): a program of
// another version is refused.
const ExtractProtocol = 1

// ExtractMemoryEnv is the environment variable in which Command gives the
// program its memory limit in bytes (ServeExtract applies it).
const ExtractMemoryEnv = "TALKSBOT_EXTRACT_MAX_MEMORY"

// Command is an Extractor that runs an extractor program (talksbot-extract,
// cmd/talksbot-extract) for each page: the page on its standard input, the
// page's URL as its argument, the article as JSON (ExtractOutput) on its
// standard output. The program runs with limits, so that an untrusted
// page that makes the extractor loop, allocate without end or crash costs
// one process and gives an ErrExtractor, never the caller:
//   - Timeout: after it the program is killed;
//   - Memory: the Go runtime's soft limit (GOMEMLIMIT, 3/4 of it) and, on
//     Linux, a hard limit on its data (RLIMIT_DATA, which the program sets
//     on itself at start; the limit counts its heap and static data, about
//     60 MiB of it the extractor's own tables), beyond which its
//     allocations fail and it dies "out of memory". Elsewhere only the soft
//     limit and the time limit apply.
type Command struct {
	Path    string        // the program
	Timeout time.Duration // per page; 0 means DefaultExtractTimeout
	Memory  int64         // bytes; 0 means DefaultExtractMemory
	Env     []string      // added to this process's environment
}

// ExtractOutput is what the extractor program writes: the article, or why
// the page holds none.
type ExtractOutput struct {
	Protocol int             `json:"protocol"`
	Article  *corpus.Article `json:"article,omitempty"`
	Error    string          `json:"error,omitempty"`
}

// Extract runs the program on one page.
func (c *Command) Extract(ctx context.Context, page []byte, pageURL string) (*corpus.Article, error) {
	timeout, memory := c.Timeout, c.Memory
	if timeout <= 0 {
		timeout = DefaultExtractTimeout
	}
	if memory <= 0 {
		memory = DefaultExtractMemory
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := []string{}
	if pageURL != "" {
		args = append(args, pageURL)
	}
	cmd := exec.CommandContext(ctx, c.Path, args...)
	cmd.Env = append(os.Environ(), c.Env...)
	cmd.Env = append(cmd.Env,
		"GOMEMLIMIT="+strconv.FormatInt(memory/4*3, 10),
		ExtractMemoryEnv+"="+strconv.FormatInt(memory, 10))
	cmd.Stdin = bytes.NewReader(page)
	var stdout bytes.Buffer
	stderr := &headBuffer{max: 4 << 10}
	cmd.Stdout = &limitedWriter{w: &stdout, n: 2 * corpus.MaxArticleBytes}
	cmd.Stderr = stderr
	cmd.WaitDelay = 2 * time.Second // a grandchild holding the pipes is not waited for
	start := time.Now()
	err := cmd.Run()
	if err != nil {
		return nil, c.failure(ctx, err, stderr.String(), time.Since(start), timeout, memory)
	}
	var out ExtractOutput
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		return nil, fmt.Errorf("%w: %s wrote no article: %v", ErrExtractor, c.Path, err)
	}
	if out.Protocol != ExtractProtocol {
		return nil, fmt.Errorf("%w: %s speaks protocol %d, this talksbot %d: install the extractor of this talksbot (go install ./cmd/...)", ErrExtractor, c.Path, out.Protocol, ExtractProtocol)
	}
	if out.Error != "" {
		return nil, errors.New(out.Error)
	}
	if out.Article == nil {
		return nil, errors.New("no main text found")
	}
	return out.Article, nil
}

// failure explains why the program did not give an answer.
func (c *Command) failure(ctx context.Context, err error, stderr string, took, timeout time.Duration, memory int64) error {
	var ee *exec.ExitError
	switch {
	case errors.Is(ctx.Err(), context.DeadlineExceeded) && took >= timeout:
		return fmt.Errorf("%w: %s took more than %v on the page and was killed", ErrExtractor, c.Path, timeout)
	case ctx.Err() != nil:
		return fmt.Errorf("%w: %s: %w", ErrExtractor, c.Path, ctx.Err())
	case strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory"):
		return fmt.Errorf("%w: %s ran out of memory on the page (limit %s) and died", ErrExtractor, c.Path, sizeLabel(memory))
	case errors.As(err, &ee):
		if ws, ok := ee.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
			return fmt.Errorf("%w: %s was killed by %v on the page", ErrExtractor, c.Path, ws.Signal())
		}
		return fmt.Errorf("%w: %s failed on the page (%v): %s", ErrExtractor, c.Path, err, firstLine(stderr))
	case errors.Is(err, exec.ErrNotFound), errors.Is(err, os.ErrNotExist):
		return fmt.Errorf("%w: %s not found: install it with `go install ./cmd/...` from the talksbot source, or set TALKSBOT_EXTRACT", ErrExtractor, c.Path)
	}
	return fmt.Errorf("%w: run %s: %v", ErrExtractor, c.Path, err)
}

// firstLine is the first line of s, for an error message.
func firstLine(s string) string {
	line, _, _ := strings.Cut(strings.TrimSpace(s), "\n")
	return strings.TrimSpace(line)
}

// ServeExtract is the extractor program's side of Command: it applies the
// memory limit Command gives (setLimit, nil where there is none), reads a
// page from stdin (at most DefaultMaxBytes), extracts it with x and writes
// the ExtractOutput to stdout. args are the program's arguments: the page's
// URL, or none. An error means the program should exit non-zero.
func ServeExtract(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer, x Extractor, setLimit func(bytes uint64) error) error {
	if len(args) > 1 {
		return fmt.Errorf("usage: talksbot-extract [PAGE-URL] < page.html")
	}
	if raw := getenv(ExtractMemoryEnv); raw != "" && setLimit != nil {
		n, err := strconv.ParseUint(raw, 10, 64)
		if err != nil {
			return fmt.Errorf("%s=%q: %v", ExtractMemoryEnv, raw, err)
		}
		if err := setLimit(n); err != nil {
			return fmt.Errorf("set the memory limit: %w", err)
		}
	}
	pageURL := ""
	if len(args) == 1 {
		pageURL = args[0]
	}
	data, err := io.ReadAll(io.LimitReader(stdin, DefaultMaxBytes+1))
	if err != nil {
		return fmt.Errorf("read the page: %w", err)
	}
	out := ExtractOutput{Protocol: ExtractProtocol}
	if len(data) > DefaultMaxBytes {
		out.Error = tooBigUnknown(DefaultMaxBytes).Error()
	} else if a, err := x.Extract(ctx, data, pageURL); err != nil {
		out.Error = err.Error()
	} else {
		out.Article = &corpus.Article{Title: a.Title, Author: a.Author, URL: a.URL, Outlet: a.Outlet, Published: a.Published, Body: a.Body}
	}
	return json.NewEncoder(stdout).Encode(out)
}

// headBuffer keeps the first max bytes written to it: where a Go program
// says why it died ("fatal error: runtime: out of memory", "panic: …"),
// before its stack traces.
type headBuffer struct {
	max int
	b   []byte
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - len(h.b); room > 0 {
		h.b = append(h.b, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (h *headBuffer) String() string { return string(h.b) }

// limitedWriter takes at most n bytes and then fails, so that a runaway
// program cannot fill this process's memory through its output.
type limitedWriter struct {
	w io.Writer
	n int
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		return 0, fmt.Errorf("%w: the extractor's output is over its limit", ErrExtractor)
	}
	l.n -= len(p)
	return l.w.Write(p)
}
