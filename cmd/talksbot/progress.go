package main

import (
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"

	"github.com/schollz/progressbar/v3"
)

// lineBar is a progress bar on stderr, on a terminal only, that lines
// printed meanwhile (on stdout or stderr) do not break: it is cleared
// before each and drawn again after. A nil *lineBar prints lines only.
type lineBar struct{ bar *progressbar.ProgressBar }

// newLineBar is a bar counting to total, or nil when stderr is not a
// terminal or there is only one thing to count.
func newLineBar(e env, what string, total int) *lineBar {
	if total < 2 || !isTerminal(e.stderr) {
		return nil
	}
	return &lineBar{bar: progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
		progressbar.OptionSetDescription(what), progressbar.OptionShowCount(), progressbar.OptionSetPredictTime(true),
		progressbar.OptionClearOnFinish())}
}

func (b *lineBar) println(w io.Writer, line string) {
	if b != nil {
		b.bar.Clear()
	}
	fmt.Fprintln(w, line)
	if b != nil {
		b.bar.RenderBlank()
	}
}

func (b *lineBar) add() {
	if b != nil {
		b.bar.Add(1)
	}
}

func (b *lineBar) finish() {
	if b != nil {
		b.bar.Finish()
	}
}

// listed is one source given to ingest, listed (listInputs).
type listed struct {
	src     string
	inputs  []input
	skipped []string
	err     error
}

// sourceList is every source given to ingest, listed.
type sourceList struct {
	each  []listed
	total int // inputs in all
}

// listAll lists every source given to ingest, so that its progress bar
// knows the total. A URL that is not http or https is refused here: it is
// no file name either.
func listAll(srcs []string) sourceList {
	var l sourceList
	for _, src := range srcs {
		s := listed{src: src}
		if s.err = checkSourceURL(src); s.err == nil {
			s.inputs, s.skipped, s.err = listInputs(src)
		}
		l.each = append(l.each, s)
		l.total += len(s.inputs)
	}
	return l
}

// checkSourceURL refuses a source that looks like a URL of another scheme
// than http and https (ftp://…, file://…).
func checkSourceURL(src string) error {
	scheme, _, ok := strings.Cut(src, "://")
	if !ok || scheme == "" || strings.ContainsAny(scheme, `/\.`) {
		return nil // a path
	}
	if u, err := url.Parse(src); err == nil && (u.Scheme == "http" || u.Scheme == "https") {
		return nil
	}
	return errors.New("bad URL: only http and https can be fetched (or give a file or folder)")
}

// failLine is a ✗ line for subject: the error's message without the
// subject when it begins with it ("✗ URL: fetch failed", not
// "✗ URL: URL: fetch failed").
func failLine(subject string, err error) string {
	return "✗ " + subject + ": " + withoutSubject(subject, err.Error())
}

// withoutSubject drops a leading "subject: ", or "verb subject: " (stat,
// open, remove), from msg.
func withoutSubject(subject, msg string) string {
	if rest, ok := strings.CutPrefix(msg, subject+": "); ok {
		return rest
	}
	if verb, rest, ok := strings.Cut(msg, " "); ok && !strings.ContainsAny(verb, ":/") {
		if rest, ok := strings.CutPrefix(rest, subject+": "); ok {
			return rest
		}
	}
	return msg
}

// prefixed is err as the error of command name: "name: …", once.
func prefixed(name string, err error) error {
	if strings.HasPrefix(err.Error(), name+": ") {
		return err
	}
	return fmt.Errorf("%s: %w", name, err)
}
