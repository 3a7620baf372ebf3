//go:build !linux

package main

import "runtime/debug"

// setMemoryLimit: outside Linux only the Go runtime's soft limit (3/4 of
// n); the time limit still applies.
func setMemoryLimit(n uint64) error {
	debug.SetMemoryLimit(int64(n / 4 * 3))
	return nil
}
