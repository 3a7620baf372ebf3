//go:build !unix

package main

// setCPULimit: no CPU limit here; the program's own timer still ends it.
var setCPULimit func(seconds uint64) error
