package index

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// lockFile is held (an exclusive flock) by the one process using a data
// directory. It holds that process's id, its command and since when it
// holds the lock, one a line, so that a process kept out can say what it
// waits for.
const lockFile = "LOCK"

// LockedError is the error OpenData returns when another process holds the
// data directory. It matches ErrLocked.
type LockedError struct {
	Dir     string
	PID     int       // the holder's process id as it wrote it; 0 when unknown
	Command string    // the holder's command ("talksbot ingest"); "" when unknown
	Since   time.Time // when it took the lock; zero when unknown
}

func (e *LockedError) Error() string {
	var who []string
	if e.Command != "" {
		who = append(who, "by "+e.Command)
	}
	if e.PID > 0 {
		who = append(who, "pid "+strconv.Itoa(e.PID))
	}
	if !e.Since.IsZero() {
		who = append(who, "since "+e.Since.Local().Format("15:04:05"))
	}
	if len(who) > 0 {
		return fmt.Sprintf("data directory %s: %v (%s)", e.Dir, ErrLocked, strings.Join(who, ", "))
	}
	return fmt.Sprintf("data directory %s: %v", e.Dir, ErrLocked)
}

type holderKey struct{}

// WithHolder returns a context whose OpenData records command ("talksbot
// ingest") in the lock file as the holder's, for the processes it keeps
// out to name. Without it the lock file names the program's arguments.
func WithHolder(ctx context.Context, command string) context.Context {
	return context.WithValue(ctx, holderKey{}, command)
}

func holderOf(ctx context.Context) string {
	if s, ok := ctx.Value(holderKey{}).(string); ok && s != "" {
		return s
	}
	if len(os.Args) > 1 {
		return filepath.Base(os.Args[0]) + " " + os.Args[1]
	}
	return filepath.Base(os.Args[0])
}

func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// dirLock is a held data-directory lock.
type dirLock struct {
	f         *os.File
	exclusive bool
}

// heldHere is how many data directories this process holds (lockDir).
var heldHere atomic.Int32

// lockDir takes the data directory's lock without waiting and writes our
// pid, the command (see WithHolder) and the time into it. The lock goes
// with the process: a crash releases it.
func lockDir(ctx context.Context, dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := flock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, lockedBy(dir, path)
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		cmd := strings.Join(strings.Fields(holderOf(ctx)), " ") // one line
		f.WriteAt([]byte(fmt.Sprintf("%d\n%s\n%s\n", os.Getpid(), cmd, time.Now().Format(time.RFC3339))), 0)
	}
	heldHere.Add(1)
	return &dirLock{f: f, exclusive: true}, nil
}

func (l *dirLock) release() {
	if l != nil && l.f != nil {
		l.f.Close() // closing the file releases the flock
		l.f = nil
		if l.exclusive {
			heldHere.Add(-1)
		}
	}
}

// lockedBy is the LockedError of dir, naming the holder as it wrote itself
// into the lock file at path: its pid (a lone line, by older versions),
// command and time.
func lockedBy(dir, path string) *LockedError {
	e := &LockedError{Dir: dir}
	data, err := os.ReadFile(path)
	if err != nil {
		return e
	}
	lines := strings.Split(string(data), "\n")
	if pid, err := strconv.Atoi(strings.TrimSpace(lines[0])); err == nil && pid > 0 {
		e.PID = pid
	}
	if len(lines) > 1 {
		e.Command = strings.TrimSpace(lines[1])
	}
	if len(lines) > 2 {
		e.Since, _ = time.Parse(time.RFC3339, strings.TrimSpace(lines[2]))
	}
	return e
}

// Holder names the process that holds dir's lock (a writer: an ingest, a
// rebuild, a serve), or is nil when none does. It reads the lock file and,
// when that names a live process (this one only while it holds a data
// directory), takes the lock shared for an instant to see whether that
// process still holds it: a reader asking between its questions neither
// waits nor keeps a writer out (a writer that starts in that instant
// waits one turn of its retry).
func Holder(dir string) *LockedError {
	path := filepath.Join(dir, lockFile)
	le := lockedBy(dir, path)
	if le.PID == os.Getpid() && heldHere.Load() == 0 || le.PID > 0 && !processAlive(le.PID) {
		return nil
	}
	l, err := lockShared(dir)
	if err != nil {
		if errors.As(err, &le) {
			return le
		}
		return nil
	}
	l.release()
	return nil
}
