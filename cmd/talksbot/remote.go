package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/index"
)

// How a command uses the data directory.
type access int

const (
	writing     access = iota // ingest, remove, reindex, the feeds: here or through serve
	reading                   // ask, chat, sources, show: here, through serve, or from the snapshot
	readingHere               // the views, where: here or from the snapshot
)

// openOrDial opens the data directory dir, or, when another talksbot (a
// running `talksbot serve`) holds it, connects to that process's control
// socket so the command can run there. Exactly one of d and c is set when
// err is nil.
//
// A command that only reads never waits for another that holds the
// directory (an ingest, a rebuild): it answers from the snapshot the last
// writer left (index.OpenSnapshot), and says how old it is. A command that
// writes waits for the other, up to lockPatience, saying what it waits
// for, so commands started at once take turns instead of failing. A
// command that only reads also answers from a directory it cannot write
// (openReader).
func openOrDial(ctx context.Context, e env, dir string, mode access) (d *index.Data, c *control.Client, err error) {
	open := openData
	if mode != writing {
		open = openReader
	}
	deadline := time.Now().Add(lockPatience)
	wait := 20 * time.Millisecond
	var w *waiter
	defer w.stop()
	for {
		d, err = open(ctx, e, dir)
		var locked *index.LockedError
		if err == nil || !errors.As(err, &locked) {
			return d, nil, err
		}
		if mode != readingHere {
			c, derr := control.Dial(ctx, dir)
			if derr == nil {
				fmt.Fprintf(e.stderr, "talksbot: %s is in use by a running talksbot (pid %d); going through it (%s)\n", dir, c.PID, c.Socket())
				return nil, c, nil
			}
			if errors.Is(derr, control.ErrPermission) {
				return nil, nil, derr
			}
		}
		_, serving := os.Stat(control.SocketPath(dir))
		if mode != writing {
			if d, at, serr := index.OpenSnapshot(dir); serr == nil {
				fmt.Fprintf(e.stderr, "talksbot: answering from the index as of %s; %s\n", clock(at), running(locked))
				return d, nil, nil
			}
		}
		if serving == nil && mode != readingHere {
			// A serve whose socket does not answer is not waited for.
			return nil, nil, &busyError{locked: locked, socket: control.SocketPath(dir)}
		}
		left := time.Until(deadline)
		if left <= 0 {
			return nil, nil, &busyError{locked: locked}
		}
		if w == nil {
			w = startWaiting(e, dir, locked)
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(min(wait, left)):
		}
		w.tick()
		wait = min(2*wait, 500*time.Millisecond)
	}
}

// lockPatience is how long a command waits for another command (not a
// serve) that holds the data directory.
var lockPatience = 30 * time.Second

// waiter shows that a command waits for the data directory: a line saying
// for what, and on a terminal a spinner with the time waited.
type waiter struct{ bar *progressbar.ProgressBar }

func startWaiting(e env, dir string, l *index.LockedError) *waiter {
	fmt.Fprintf(e.stderr, "talksbot: waiting for %s to finish with %s (up to %s)…\n", holder(l), dir, lockPatience.Round(time.Second))
	bar := progressbar.NewOptions(-1, progressbar.OptionSetWriter(e.stderr), progressbar.OptionSetDescription("waiting"),
		progressbar.OptionSetElapsedTime(true), progressbar.OptionSpinnerType(14),
		progressbar.OptionSetVisibility(isTerminal(e.stderr)), progressbar.OptionClearOnFinish())
	return &waiter{bar: bar}
}

func (w *waiter) tick() { w.bar.Add(1) }

func (w *waiter) stop() {
	if w != nil {
		w.bar.Finish()
	}
}

// holder names the process that holds a data directory: its command, pid
// and since when, as far as its lock file says.
func holder(l *index.LockedError) string {
	s := "another talksbot process"
	if l.Command != "" {
		s = "`" + l.Command + "`"
	}
	var more []string
	if l.PID > 0 {
		more = append(more, "pid "+strconv.Itoa(l.PID))
	}
	if !l.Since.IsZero() {
		more = append(more, "running since "+l.Since.Local().Format("15:04:05"))
	}
	if len(more) > 0 {
		s += " (" + strings.Join(more, ", ") + ")"
	}
	return s
}

// running says what holds the directory, as a reader's note puts it:
// "an ingest is running (`talksbot ingest`, pid 42, since 12:03:01)".
func running(l *index.LockedError) string {
	what := "another talksbot command"
	if f := strings.Fields(l.Command); len(f) > 0 {
		switch verb := f[len(f)-1]; verb {
		case "ingest", "aliases":
			what = "an " + verb
		case "reindex":
			what = "a reindex"
		case "remove":
			what = "a removal"
		default:
			what = "`" + l.Command + "`"
		}
	}
	var more []string
	if l.Command != "" && !strings.HasPrefix(what, "`") {
		more = append(more, "`"+l.Command+"`")
	}
	if l.PID > 0 {
		more = append(more, "pid "+strconv.Itoa(l.PID))
	}
	if !l.Since.IsZero() {
		more = append(more, "since "+l.Since.Local().Format("15:04:05"))
	}
	if len(more) > 0 {
		return what + " is running (" + strings.Join(more, ", ") + ")"
	}
	return what + " is running"
}

// clock is a time as a note gives it: the time of day, with the date when
// it is not today.
func clock(t time.Time) string {
	t = t.Local()
	if y, m, d := t.Date(); time.Now().Format("2006-01-02") != fmt.Sprintf("%04d-%02d-%02d", y, m, d) {
		return t.Format("2006-01-02 15:04")
	}
	return t.Format("15:04")
}

// busyError is the error of a command whose data directory another process
// holds and does not share. It matches index.ErrLocked.
type busyError struct {
	locked *index.LockedError
	socket string // a serve's socket that does not answer; "" for a command
}

func (e *busyError) Error() string {
	if e.socket != "" {
		return fmt.Sprintf("the data directory %s is in use by %s, which does not answer on %s: restart it, or use --data", e.locked.Dir, holder(e.locked), filepath.Base(e.socket))
	}
	return fmt.Sprintf("the data directory %s is in use by %s: wait for it to finish, then run this again", e.locked.Dir, holder(e.locked))
}

func (e *busyError) Unwrap() error { return e.locked }
