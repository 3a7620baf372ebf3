//go:build !linux

package main

// setMemoryLimit: no address-space limit outside Linux; GOMEMLIMIT (set by talksbot)
// and the time limit still apply.
var setMemoryLimit func(uint64) error
