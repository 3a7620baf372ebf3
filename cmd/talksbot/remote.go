package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/index"
)

// openOrDial opens the data directory dir, or, when another talksbot (a
// running `talksbot serve`) holds it, connects to that process's control
// socket so the command can run there. Exactly one of d and c is set when
// err is nil. It never waits on the other process for more than a few
// seconds.
//
// Another command that holds it briefly (an ask, an ingest: no control
// socket) is waited for, up to lockPatience, so commands started at once
// take turns instead of failing. A command that only reads (reading) also
// answers from a directory it cannot write (openReader).
func openOrDial(ctx context.Context, e env, dir string, reading bool) (d *index.Data, c *control.Client, err error) {
	open := openData
	if reading {
		open = openReader
	}
	deadline := time.Now().Add(lockPatience)
	wait := 20 * time.Millisecond
	for {
		d, err = open(ctx, e, dir)
		var locked *index.LockedError
		if err == nil || !errors.As(err, &locked) {
			return d, nil, err
		}
		c, derr := control.Dial(ctx, dir)
		if derr == nil {
			fmt.Fprintf(e.stderr, "talksbot: %s is in use by a running talksbot (pid %d); going through it (%s)\n", dir, c.PID, c.Socket())
			return nil, c, nil
		}
		_, serving := os.Stat(control.SocketPath(dir))
		if serving == nil || time.Now().Add(wait).After(deadline) {
			// A serve whose socket does not answer is not waited for; another
			// command is, up to lockPatience.
			return nil, nil, &busyError{locked: locked, socket: control.SocketPath(dir)}
		}
		select {
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		case <-time.After(wait):
		}
		wait = min(2*wait, 500*time.Millisecond)
	}
}

// lockPatience is how long a command waits for another command (not a
// serve) that holds the data directory.
var lockPatience = 30 * time.Second

// busyError is the error of a command whose data directory another process
// holds and does not share. It matches index.ErrLocked.
type busyError struct {
	locked *index.LockedError
	socket string
}

func (e *busyError) Error() string {
	pid := ""
	if e.locked.PID > 0 {
		pid = fmt.Sprintf(" (pid %d)", e.locked.PID)
	}
	return fmt.Sprintf("the index is in use by another talksbot process%s and it does not answer on %s: stop it or use --data", pid, e.socket)
}

func (e *busyError) Unwrap() error { return e.locked }
