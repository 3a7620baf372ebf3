//go:build !(linux || darwin || freebsd)

package index

// freeBytes is unknown here: the free-space check is skipped, and a full
// disk is caught when a write fails.
func freeBytes(path string) (int64, bool) { return 0, false }
