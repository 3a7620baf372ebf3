package ingest

import "syscall"

// extractProcAttr puts the extractor in its own process group (which
// killTree kills, grandchildren included) and has the kernel kill it when
// its parent dies (PR_SET_PDEATHSIG): a killed talksbot leaves no extractor
// running.
func extractProcAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
