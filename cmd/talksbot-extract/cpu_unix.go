//go:build unix

package main

import "syscall"

// setCPULimit caps the process's CPU time (RLIMIT_CPU): the kernel kills
// it past the limit, whatever its parent does.
func setCPULimit(seconds uint64) error {
	return syscall.Setrlimit(syscall.RLIMIT_CPU, &syscall.Rlimit{Cur: seconds, Max: seconds})
}
