package main

import (
	"runtime/debug"
	"syscall"
)

// setMemoryLimit sets the Go runtime's soft limit to 3/4 of n and caps the
// process's data at n (RLIMIT_DATA counts the private writable mappings,
// not the address space the Go runtime only reserves): beyond it
// allocations fail and the runtime dies "out of memory".
func setMemoryLimit(n uint64) error {
	debug.SetMemoryLimit(int64(n / 4 * 3))
	return syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: n, Max: n})
}
