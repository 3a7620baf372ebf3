// Package readonlytest makes a directory read-only for the test that asks,
// the way a read-only mount or another user's files are: tests of data
// directories talksbot cannot write use it.
package readonlytest

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir makes dir and everything in it read-only for this process until the
// test ends: a read-only bind mount when running as root on Linux (whom
// permissions do not stop), else no write permission on any of it. The
// test is skipped where neither is possible.
func Dir(t testing.TB, dir string) {
	t.Helper()
	if os.Geteuid() == 0 {
		mountReadOnly(t, dir)
		return
	}
	chmodReadOnly(t, dir)
}

func chmodReadOnly(t testing.TB, dir string) {
	t.Helper()
	var paths []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil {
			paths = append(paths, path)
		}
		return err
	})
	modes := map[string]os.FileMode{}
	for i := len(paths) - 1; i >= 0; i-- { // contents before their directory
		info, err := os.Stat(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		modes[paths[i]] = info.Mode().Perm()
		if err := os.Chmod(paths[i], info.Mode().Perm()&^0o222); err != nil {
			t.Fatal(err)
		}
	}
	t.Cleanup(func() {
		for _, p := range paths {
			os.Chmod(p, modes[p]|0o200)
		}
	})
}
