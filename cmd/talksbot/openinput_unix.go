//go:build unix

package main

import (
	"errors"
	"os"
	"path/filepath"

	"golang.org/x/sys/unix"
)

const openNonblock = unix.O_NONBLOCK

// openUnder opens dir/rel for reading: its directory under dir (os.Root,
// which no link or ".." leaves), then the file in it with openat(2) and
// O_NOFOLLOW (a link put in its place fails, ELOOP, instead of being
// followed, even to a file of the folder) and O_NONBLOCK (a FIFO opens at
// once instead of waiting for a writer; reads of a regular file ignore the
// flag).
func openUnder(dir, rel string) (*os.File, error) {
	root, err := os.OpenRoot(dir)
	if err != nil {
		return nil, err
	}
	defer root.Close()
	parent, err := root.Open(filepath.Dir(rel))
	if err != nil {
		return nil, err
	}
	defer parent.Close()
	var fd int
	for {
		fd, err = unix.Openat(int(parent.Fd()), filepath.Base(rel), unix.O_RDONLY|unix.O_NOFOLLOW|unix.O_NONBLOCK|unix.O_CLOEXEC, 0)
		if err != unix.EINTR {
			break
		}
	}
	if err != nil {
		return nil, &os.PathError{Op: "open", Path: filepath.Join(dir, rel), Err: err}
	}
	return os.NewFile(uintptr(fd), filepath.Join(dir, rel)), nil
}

// isLinkErr reports whether an open with O_NOFOLLOW failed on a symbolic
// link.
func isLinkErr(err error) bool { return errors.Is(err, unix.ELOOP) }
