package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"runtime"
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

// MaxExtractors is how many extractor programs one process runs at once
// (all its Commands together), so that their memory has a bound: at most
// MaxExtractors × their limit (1.5 GiB by default; six at once took 3.76
// GB). A page waits for a free one, as long as its context lets it.
const MaxExtractors = 2

var extractSlots = make(chan struct{}, MaxExtractors)

// ExtractProtocol is the version of what Command and the talksbot-extract
// program say to each other (ExtractOutput, ServeExtract): a program of
// another version is refused.
const ExtractProtocol = 1

// The environment variables in which Command gives the program its limits:
// the memory in bytes, and the time (a duration) after which it exits on
// its own (ServeExtract applies them, or the defaults when they are not
// set).
const (
	ExtractMemoryEnv  = "TALKSBOT_EXTRACT_MAX_MEMORY"
	ExtractTimeoutEnv = "TALKSBOT_EXTRACT_MAX_TIME"
)

// ErrTextTooBig is the refusal of a page whose extracted text is more than
// an article may hold: a page that stays too big however often it is
// fetched. It is also ErrTooBig.
var ErrTextTooBig error = textTooBig{}

type textTooBig struct{}

func (textTooBig) Error() string        { return "text too big" }
func (textTooBig) Is(target error) bool { return target == ErrTooBig }

// tooBigCode is ExtractOutput.Code for ErrTextTooBig.
const tooBigCode = "too-big"

// Command is an Extractor that runs an extractor program (talksbot-extract,
// cmd/talksbot-extract) for each page: the page on its standard input, the
// page's URL as its argument, the article as JSON (ExtractOutput) on its
// standard output. The program runs with limits, so that an untrusted
// page that makes the extractor loop, allocate without end or crash costs
// one process and gives an ErrExtractor, never the caller:
//   - Timeout: after it the program is killed (its process group, on
//     unix); the program also exits on its own after it
//     (ExtractTimeoutEnv), and on unix limits its CPU time to twice it
//     plus a second (RLIMIT_CPU), so that it ends without its parent; on
//     Linux it is killed when its parent dies (Pdeathsig);
//   - Memory: the Go runtime's soft limit (3/4 of it) and, on Linux, a
//     hard limit on its data (RLIMIT_DATA, which the program sets on
//     itself at start; the limit counts its heap and static data, about 60
//     MiB of it the extractor's own tables), beyond which its allocations
//     fail and it dies "out of memory". Elsewhere only the soft limit and
//     the time limit apply;
//   - at most MaxExtractors at once in this process;
//   - its environment is only its limits and Env: nothing of this
//     process's (DISCORD_TOKEN and the like never reach it).
type Command struct {
	Path    string        // the program
	Timeout time.Duration // per page; 0 means DefaultExtractTimeout
	Memory  int64         // bytes; 0 means DefaultExtractMemory
	Env     []string      // its environment besides its limits ("K=V")
}

// ExtractOutput is what the extractor program writes: the article, or why
// the page holds none (Code "too-big" for ErrTextTooBig).
type ExtractOutput struct {
	Protocol int             `json:"protocol"`
	Article  *corpus.Article `json:"article,omitempty"`
	Error    string          `json:"error,omitempty"`
	Code     string          `json:"code,omitempty"`
}

// maxExtractOutput bounds what the program may write: the article's
// fields, JSON-escaped.
const maxExtractOutput = 2 * corpus.MaxArticleBytes

// Extract runs the program on one page.
func (c *Command) Extract(ctx context.Context, page []byte, pageURL string) (*corpus.Article, error) {
	timeout, memory := c.Timeout, c.Memory
	if timeout <= 0 {
		timeout = DefaultExtractTimeout
	}
	if memory <= 0 {
		memory = DefaultExtractMemory
	}
	select {
	case extractSlots <- struct{}{}:
		defer func() { <-extractSlots }()
	case <-ctx.Done():
		return nil, fmt.Errorf("%w: waited for one of the %d extractors to be free: %w", ErrExtractor, MaxExtractors, ctx.Err())
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	args := []string{}
	if pageURL != "" {
		args = append(args, pageURL)
	}
	cmd := exec.CommandContext(ctx, c.Path, args...)
	cmd.Env = extractEnv(timeout, memory, c.Env)
	cmd.SysProcAttr = extractProcAttr()
	cmd.Cancel = func() error { return killTree(cmd.Process) }
	cmd.Stdin = bytes.NewReader(page)
	var stdout bytes.Buffer
	stderr := &headBuffer{max: 4 << 10}
	out := &limitedWriter{w: &stdout, n: maxExtractOutput}
	cmd.Stdout = out
	cmd.Stderr = stderr
	cmd.WaitDelay = 2 * time.Second // a grandchild holding the pipes is not waited for
	start := time.Now()
	err := cmd.Run()
	if out.over {
		return nil, fmt.Errorf("%w: the page's text is over %s (an article holds at most %s): ingest a shorter page, or the part you want saved as a .txt file", ErrTextTooBig, sizeLabel(maxExtractOutput), sizeLabel(corpus.MaxArticleBytes))
	}
	if err != nil {
		return nil, c.failure(ctx, err, stderr.String(), time.Since(start), timeout, memory)
	}
	var res ExtractOutput
	if err := json.Unmarshal(stdout.Bytes(), &res); err != nil {
		return nil, fmt.Errorf("%w: %s wrote no article: %v", ErrExtractor, c.Path, err)
	}
	if res.Protocol != ExtractProtocol {
		return nil, fmt.Errorf("%w: %s speaks protocol %d, this talksbot %d: install the extractor of this talksbot (go install ./cmd/...)", ErrExtractor, c.Path, res.Protocol, ExtractProtocol)
	}
	switch {
	case res.Code == tooBigCode:
		return nil, fmt.Errorf("%w: %s", ErrTextTooBig, res.Error)
	case res.Error != "":
		return nil, errors.New(res.Error)
	case res.Article == nil:
		return nil, errors.New("no main text found")
	}
	return res.Article, nil
}

// extractEnv is the program's whole environment: its limits and extra.
// Nothing of this process's is passed on but, on Windows, SYSTEMROOT,
// without which a program there cannot start.
func extractEnv(timeout time.Duration, memory int64, extra []string) []string {
	env := []string{
		"GOMEMLIMIT=" + strconv.FormatInt(memory/4*3, 10),
		ExtractMemoryEnv + "=" + strconv.FormatInt(memory, 10),
		ExtractTimeoutEnv + "=" + timeout.String(),
	}
	if runtime.GOOS == "windows" {
		env = append(env, "SYSTEMROOT="+os.Getenv("SYSTEMROOT"))
	}
	return append(env, extra...)
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

// ExtractProcess is what ServeExtract may do to the process it runs in;
// nil functions are left out.
type ExtractProcess struct {
	SetMemoryLimit func(bytes uint64) error   // the runtime's soft limit, and a hard one where there is
	SetCPULimit    func(seconds uint64) error // a hard limit on its CPU time
	Exit           func(code int)             // ends the process when its time is up
	Stderr         io.Writer                  // says why it ends
}

// ServeExtract is the extractor program's side of Command: it applies the
// limits Command gives, or the defaults when it runs without them (a
// program started by hand, or by a parent that died, still ends): the
// memory limit, a CPU limit of twice its time plus a second, and a timer
// that ends the process a second after its time, should its parent not
// have killed it; then it reads a page from stdin (at most
// DefaultMaxBytes), extracts it with x and writes the ExtractOutput to
// stdout (a text over an article's size is refused as ErrTextTooBig).
// args are the program's arguments: the page's URL, or none. An error
// means the program should exit non-zero.
func ServeExtract(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout io.Writer, x Extractor, p ExtractProcess) error {
	if len(args) > 1 {
		return fmt.Errorf("usage: talksbot-extract [PAGE-URL] < page.html")
	}
	memory, timeout := uint64(DefaultExtractMemory), DefaultExtractTimeout
	if raw := getenv(ExtractMemoryEnv); raw != "" {
		n, err := strconv.ParseUint(raw, 10, 64)
		if err != nil || n == 0 {
			return fmt.Errorf("%s=%q is not a number of bytes", ExtractMemoryEnv, raw)
		}
		memory = n
	}
	if raw := getenv(ExtractTimeoutEnv); raw != "" {
		d, err := time.ParseDuration(raw)
		if err != nil || d <= 0 {
			return fmt.Errorf("%s=%q is not a duration such as 30s", ExtractTimeoutEnv, raw)
		}
		timeout = d
	}
	if p.SetMemoryLimit != nil {
		if err := p.SetMemoryLimit(memory); err != nil {
			return fmt.Errorf("set the memory limit: %w", err)
		}
	}
	if p.SetCPULimit != nil {
		if err := p.SetCPULimit(2*uint64(math.Ceil(timeout.Seconds())) + 1); err != nil {
			return fmt.Errorf("set the CPU limit: %w", err)
		}
	}
	if p.Exit != nil {
		stop := time.AfterFunc(timeout+time.Second, func() {
			if p.Stderr != nil {
				fmt.Fprintf(p.Stderr, "talksbot-extract: took more than %v on the page: exiting\n", timeout)
			}
			p.Exit(3)
		})
		defer stop.Stop()
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
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
	} else if len(a.Body) > corpus.MaxArticleBytes {
		out.Code = tooBigCode
		out.Error = fmt.Sprintf("the page's text is %s (an article holds at most %s): ingest a shorter page, or the part you want saved as a .txt file", sizeLabel(int64(len(a.Body))), sizeLabel(corpus.MaxArticleBytes))
	} else {
		out.Article = &corpus.Article{Title: a.Title, Author: a.Author, URL: a.URL, Outlet: a.Outlet, Published: a.Published, Body: a.Body}
	}
	b, err := encodeOutput(out)
	if err != nil {
		return err
	}
	if len(b) > maxExtractOutput {
		// Escapes (control characters, invalid UTF-8) can make a text an
		// article holds more than Command reads.
		out = ExtractOutput{Protocol: ExtractProtocol, Code: tooBigCode,
			Error: fmt.Sprintf("the page's text is %s as the extractor sends it (at most %s): ingest a shorter page, or the part you want saved as a .txt file", sizeLabel(int64(len(b))), sizeLabel(maxExtractOutput))}
		if b, err = encodeOutput(out); err != nil {
			return err
		}
	}
	_, err = stdout.Write(b)
	return err
}

// encodeOutput is out as one line of JSON, '<', '>' and '&' as they are
// (the default escapes made a text of them six times its size).
func encodeOutput(out ExtractOutput) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
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
	w    io.Writer
	n    int
	over bool // it refused a write
}

func (l *limitedWriter) Write(p []byte) (int, error) {
	if len(p) > l.n {
		l.over = true
		return 0, fmt.Errorf("%w: the extractor's output is over its limit", ErrExtractor)
	}
	l.n -= len(p)
	return l.w.Write(p)
}
