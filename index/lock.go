package index

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// lockFile is held (an exclusive flock) by the one process using a data
// directory, and holds that process's id.
const lockFile = "LOCK"

// LockedError is the error OpenData returns when another process holds the
// data directory. It matches ErrLocked.
type LockedError struct {
	Dir string
	PID int // the holder's process id as it wrote it; 0 when unknown
}

func (e *LockedError) Error() string {
	if e.PID > 0 {
		return fmt.Sprintf("data directory %s: %v (pid %d)", e.Dir, ErrLocked, e.PID)
	}
	return fmt.Sprintf("data directory %s: %v", e.Dir, ErrLocked)
}

func (e *LockedError) Is(target error) bool { return target == ErrLocked }

// dirLock is a held data-directory lock.
type dirLock struct{ f *os.File }

// lockDir takes the data directory's lock without waiting and writes our
// pid into it. The lock goes with the process: a crash releases it.
func lockDir(dir string) (*dirLock, error) {
	path := filepath.Join(dir, lockFile)
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, err
	}
	if err := flock(f); err != nil {
		f.Close()
		if errors.Is(err, errWouldBlock) {
			return nil, &LockedError{Dir: dir, PID: readPID(path)}
		}
		return nil, fmt.Errorf("lock %s: %w", path, err)
	}
	if err := f.Truncate(0); err == nil {
		f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	}
	return &dirLock{f: f}, nil
}

func (l *dirLock) release() {
	if l != nil && l.f != nil {
		l.f.Close() // closing the file releases the flock
		l.f = nil
	}
}

// readPID reads the pid a lock holder wrote; 0 when there is none.
func readPID(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	pid, err := strconv.Atoi(strings.TrimSpace(string(data)))
	if err != nil || pid <= 0 {
		return 0
	}
	return pid
}
