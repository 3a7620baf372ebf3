package main

import "syscall"

// setMemoryLimit caps the process's data (its heap: RLIMIT_DATA counts the
// private writable mappings, not the address space the Go runtime only
// reserves): beyond it allocations fail and the runtime dies "out of
// memory".
func setMemoryLimit(n uint64) error {
	return syscall.Setrlimit(syscall.RLIMIT_DATA, &syscall.Rlimit{Cur: n, Max: n})
}
