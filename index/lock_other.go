//go:build !unix

package index

import (
	"errors"
	"os"
)

var errWouldBlock = errors.New("lock held")

// flock is a no-op where flock(2) does not exist: Bleve's own lock (a
// timeout on its root file) still keeps a second process out.
func flock(f *os.File) error { return nil }

// flockShared is a no-op like flock.
func flockShared(f *os.File) error { return nil }

// processAlive cannot tell here: the lock is asked.
func processAlive(pid int) bool { return true }
