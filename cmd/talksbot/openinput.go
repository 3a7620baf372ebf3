package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
)

// errChanged refuses a folder's file that is no longer the one listed: it
// was replaced (by a link, a FIFO, another file) between the listing and
// the read.
var errChanged = errors.New("changed since the folder was listed (replaced by another file): not read")

// open opens the input's file for reading without following what may have
// replaced it since it was listed, and without blocking: a file of a
// folder is opened under that folder (openUnder: its directory through
// os.Root, so that no symbolic link or ".." leads out of the folder, then
// the file itself with openat(2), O_NOFOLLOW and O_NONBLOCK (a FIFO put in its place
// opens at once instead of waiting for a writer), and is read only if the
// opened descriptor is a regular file, the very one listed (same device
// and inode). A file named alone (ingest FILE) is the user's choice, links
// included, but must still open as a regular file.
func (in input) open() (*os.File, error) {
	var (
		f   *os.File
		err error
	)
	if in.root != "" {
		rel, rerr := filepath.Rel(in.root, in.path)
		if rerr != nil {
			return nil, rerr
		}
		f, err = openUnder(in.root, rel)
	} else {
		f, err = os.OpenFile(in.path, os.O_RDONLY|openNonblock, 0)
	}
	if err != nil {
		if li, lerr := os.Lstat(in.path); in.listed != nil && lerr == nil && li.Mode()&fs.ModeSymlink != 0 || isLinkErr(err) {
			return nil, fmt.Errorf("%w: it is now a symbolic link (links are not followed)", errChanged)
		}
		return nil, err
	}
	info, err := f.Stat() // fstat(2) of the opened descriptor
	switch {
	case err != nil:
		f.Close()
		return nil, err
	case !info.Mode().IsRegular():
		f.Close()
		if in.listed != nil {
			return nil, fmt.Errorf("%w: it is now %s", errChanged, fileKind(info.Mode()))
		}
		return nil, fmt.Errorf("not a regular file (%s)", fileKind(info.Mode()))
	case in.listed != nil && !os.SameFile(in.listed, info):
		f.Close()
		return nil, errChanged
	}
	return f, nil
}

// listedInfo is what the walk saw of a folder's file (lstat), which open
// checks the opened file against; nil if it cannot tell.
func listedInfo(de fs.DirEntry) fs.FileInfo {
	info, err := de.Info()
	if err != nil {
		return nil
	}
	return info
}
