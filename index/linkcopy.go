package index

import (
	"github.com/talksbot/talksbot/corpus"

	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/blevesearch/bleve/v2"
)

// Copies that share what never changes. A scorch index is a root file
// (store/root.bolt, rewritten by every batch) and segment files
// (store/*.zap), each written once, fsynced and never modified again: a
// merge writes a new segment and the old one is unlinked when no snapshot
// uses it. The article store is the same: Store.Put writes a new file and
// renames it over the old one, never into it. So a published generation
// (Publish, the readers' snapshot) hard-links the segment and article
// files of the live directory and copies only the root file: it costs a
// few hundred kilobytes and milliseconds rather than the index and the
// store again. Where a link cannot be made (another file system, one
// without links) the file is copied, as before.
//
// A reader cannot open the live index itself instead, read-only: Bolt
// takes an exclusive flock on root.bolt for a writer and a shared one for
// a reader, so the reader's open waits for the writer to close (bbolt
// issues #228 and #782; TestReplicaOfLiveDirectory), and Bolt's
// pages are rewritten in place, so skipping the lock would read torn
// roots.

// linkDirectory is the bleve.Directory Publish copies the index into.
type linkDirectory struct {
	dir    string
	links  int   // files linked rather than copied
	linked int64 // their bytes
}

// GetWriter is where Bleve writes the file at name: root.bolt must be an
// *os.File; the others are written through a linkWriter.
func (l *linkDirectory) GetWriter(name string) (io.WriteCloser, error) {
	path := filepath.Join(l.dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return nil, err
	}
	if filepath.Base(name) == "root.bolt" || !strings.HasSuffix(name, ".zap") {
		return os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o600)
	}
	return &linkWriter{path: path, dir: l}, nil
}

// linkWriter is a segment file of the copy. Bleve copies a segment that is
// on disk with io.Copy from the open file (which reaches ReadFrom with the
// file, its name intact): that file is linked. A segment only in memory
// is written with Write, as a copy.
type linkWriter struct {
	path string
	dir  *linkDirectory
	f    *os.File
}

func (w *linkWriter) open() error {
	if w.f != nil {
		return nil
	}
	// Never into an existing file: it may be a link to a live segment.
	os.Remove(w.path)
	f, err := os.OpenFile(w.path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	w.f = f
	return nil
}

func (w *linkWriter) Write(p []byte) (int, error) {
	if err := w.open(); err != nil {
		return 0, err
	}
	return w.f.Write(p)
}

// ReadFrom links the file r reads, when it is a whole regular file of the
// same name, and copies it otherwise.
func (w *linkWriter) ReadFrom(r io.Reader) (int64, error) {
	if w.f == nil {
		if n, ok := w.link(r); ok {
			return n, nil
		}
	}
	if err := w.open(); err != nil {
		return 0, err
	}
	return io.Copy(onlyWriter{w.f}, r)
}

func (w *linkWriter) link(r io.Reader) (int64, bool) {
	named, ok := r.(interface {
		Name() string
		Stat() (os.FileInfo, error)
	})
	if !ok || filepath.Base(named.Name()) != filepath.Base(w.path) {
		return 0, false
	}
	info, err := named.Stat()
	if err != nil || !info.Mode().IsRegular() {
		return 0, false
	}
	if off, err := named.(io.Seeker).Seek(0, io.SeekCurrent); err != nil || off != 0 {
		return 0, false // not read from its start
	}
	if err := linkOrSkip(named.Name(), w.path); err != nil {
		return 0, false
	}
	w.dir.links++
	w.dir.linked += info.Size()
	return info.Size(), true
}

func (w *linkWriter) Close() error {
	if w.f == nil {
		if _, err := os.Lstat(w.path); err == nil {
			return nil // linked
		}
		if err := w.open(); err != nil { // nothing written: an empty file, as Bleve would leave
			return err
		}
	}
	return w.f.Close()
}

// onlyWriter hides *os.File's ReadFrom, for a plain copy.
type onlyWriter struct{ io.Writer }

// linkOrSkip hard-links src at dst.
func linkOrSkip(src, dst string) error {
	os.Remove(dst) // a file of a copy a crash cut short
	return os.Link(src, dst)
}

// linkOrCopyFile links src at dst, or copies it where links cannot be made.
func linkOrCopyFile(src, dst string) (linked bool, err error) {
	if err := linkOrSkip(src, dst); err == nil {
		return true, nil
	} else if errors.Is(err, os.ErrNotExist) {
		return false, err
	}
	os.Remove(dst)
	return false, copyFile(src, dst)
}

// copyIndex copies the live index bi into dir (see above), returning how
// many files it linked and their bytes.
func copyIndex(bi bleve.IndexCopyable, dir string) (links int, linked int64, err error) {
	ld := &linkDirectory{dir: dir}
	if err := bi.CopyTo(ld); err != nil {
		return ld.links, ld.linked, err
	}
	return ld.links, ld.linked, corpus.SyncDir(filepath.Join(dir, "store"))
}
