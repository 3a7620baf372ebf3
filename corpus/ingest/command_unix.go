//go:build unix && !linux

package ingest

import "syscall"

// extractProcAttr puts the extractor in its own process group, which
// killTree kills. There is no parent-death signal here: the program's own
// timer and CPU limit (ServeExtract) end it when its parent is gone.
func extractProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true}
}
