//go:build unix

package ingest

import (
	"os"
	"syscall"
)

// killTree kills the extractor's process group (extractProcAttr), or the
// process alone if that fails.
func killTree(p *os.Process) error {
	if err := syscall.Kill(-p.Pid, syscall.SIGKILL); err == nil {
		return nil
	}
	return p.Kill()
}
