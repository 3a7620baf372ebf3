package feedback

import (
	"os"
	"syscall"
	"testing"
)

// readOnly makes dir and everything in it read-only for this process: a
// read-only bind mount when running as root (whom permissions do not
// stop), else no write permission on any of it.
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() != 0 {
		chmodReadOnly(t, dir)
		return
	}
	if err := syscall.Mount(dir, dir, "", syscall.MS_BIND, ""); err != nil {
		t.Skipf("root, and cannot bind-mount (%v): no way to make a read-only directory", err)
	}
	t.Cleanup(func() { syscall.Unmount(dir, syscall.MNT_DETACH) })
	if err := syscall.Mount("", dir, "", syscall.MS_REMOUNT|syscall.MS_BIND|syscall.MS_RDONLY, ""); err != nil {
		t.Skipf("cannot remount read-only: %v", err)
	}
}
