//go:build !unix

package feedback

import "os"

// flock is a no-op where flock(2) does not exist: appends from one
// process are still serialised by the store's mutex.
func flock(f *os.File) error { return nil }

func funlock(f *os.File) error { return nil }
