//go:build !linux

package feedback

import (
	"os"
	"testing"
)

// readOnly makes dir read-only for this process (not for root, whom
// permissions do not stop: the test is skipped then).
func readOnly(t *testing.T, dir string) {
	t.Helper()
	if os.Geteuid() == 0 {
		t.Skip("root ignores permissions")
	}
	if err := os.Chmod(dir, 0o555); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
}
