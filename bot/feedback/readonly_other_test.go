//go:build !linux

package feedback

import (
	"os"
	"testing"
)

// readOnly makes dir and everything in it read-only for this process
// (not for root, whom permissions do not stop: the test is skipped then).
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("root ignores permissions")
	}
	chmodReadOnly(t, dir)
}
