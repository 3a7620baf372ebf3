//go:build !unix

package ingest

import (
	"os"
	"syscall"
)

// extractProcAttr: no process group or parent-death signal here; the
// program's own timer (ServeExtract) ends it when its parent is gone.
func extractProcAttr() *syscall.SysProcAttr { return nil }

func killTree(p *os.Process) error { return p.Kill() }
