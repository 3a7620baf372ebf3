// Package control lets talksbot commands work through a running
// `talksbot serve`.
//
// Only one process may use a data directory (index.OpenData locks it), so
// while serve runs, `talksbot ask`, `ingest`, `remove`, `reindex`, `sources` and
// `show` cannot open it. Instead serve listens on a Unix socket in the data
// directory, DATA/talksbot.sock, created with mode 0600 so that only the
// user running serve (and root) can connect, and the commands send their
// work there. The protocol is JSON over HTTP:
//
//	GET  /ping            {"pid": 123, "data": "DIR"}
//	POST /ask             {"question": "…", "n": 3}            → index.Answer
//	POST /ingest          {"url": "https://…", "force": false}  → index.IngestResult
//	                      {"name": "a.md", "content_type": "", "data": "<base64>", "force": false}
//	POST /reindex         progress as JSON lines {"done": 3, "total": 30},
//	                      then {"result": index.ReindexResult} or {"error": "…"}
//	POST /remove          {"id": "…", "by": "user"}             → index.RemoveResult
//	GET  /sources         [Source]
//	GET  /show/{id}       corpus.Article
//	GET  /feeds, POST /feeds/add, /feeds/remove; GET /queue, POST
//	/queue/approve, /queue/reject: the feeds (feeds.go)
//	GET /aliases, POST /aliases/add, /aliases/remove: the alias lexicon
//	(aliases.go); the changes answer as /reindex does
//
// Errors are {"error": "…", "code": "…"} with an HTTP status; Client turns
// them back into errors (index.ErrWritesDisabled, index.ErrNoSpace,
// index.ErrNoArticle and ErrNotFound survive the trip for errors.Is).
package control

import (
	"errors"
	"fmt"
	"io/fs"
	"net"
	"os"
	"path/filepath"
	"runtime"
	"time"
)

// SocketName is the socket's file name in the data directory.
const SocketName = "talksbot.sock"

// SocketPath is the control socket of the data directory dir.
func SocketPath(dir string) string { return filepath.Join(dir, SocketName) }

// maxSocketPath is the longest path a Unix socket can have (sun_path).
func maxSocketPath() int {
	if runtime.GOOS == "linux" {
		return 107
	}
	return 103
}

// Listen creates the control socket of the data directory dir. The caller
// must hold the directory (index.OpenData): a socket already there is then
// a dead process's, and is replaced. The socket is made in a private
// directory, given mode 0600 and only then moved into place, so nobody
// else can connect in between. Closing the listener removes the socket.
func Listen(dir string) (net.Listener, error) {
	path := SocketPath(dir)
	if len(path) > maxSocketPath() {
		return nil, fmt.Errorf("control socket %s: the path is %d bytes, more than the %d a socket may have: use a shorter --data path", path, len(path), maxSocketPath())
	}
	if info, err := os.Lstat(path); err == nil {
		if info.Mode()&fs.ModeSocket == 0 {
			return nil, fmt.Errorf("control socket %s: a file that is not a socket is in the way: remove it", path)
		}
		if c, err := net.DialTimeout("unix", path, time.Second); err == nil {
			c.Close()
			return nil, fmt.Errorf("control socket %s: another process answers on it", path)
		}
		if err := os.Remove(path); err != nil {
			return nil, fmt.Errorf("control socket %s: remove the stale socket: %w", path, err)
		}
	}
	removeStaleTemp(dir)
	tmpDir, err := os.MkdirTemp(dir, ".s") // mode 0700
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	defer os.RemoveAll(tmpDir)
	tmp := filepath.Join(tmpDir, "s")
	l, err := net.Listen("unix", tmp)
	if err != nil {
		return nil, fmt.Errorf("control socket: %w", err)
	}
	ul := l.(*net.UnixListener)
	ul.SetUnlinkOnClose(false) // its path changes: unixListener.Close removes it
	if err := os.Chmod(tmp, 0o600); err != nil {
		l.Close()
		return nil, fmt.Errorf("control socket: %w", err)
	}
	if err := os.Rename(tmp, path); err != nil {
		l.Close()
		return nil, fmt.Errorf("control socket: %w", err)
	}
	return &unixListener{UnixListener: ul, path: path}, nil
}

// removeStaleTemp removes the private directories of Listen calls a crash
// interrupted.
func removeStaleTemp(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, ".s[0-9]*"))
	for _, name := range names {
		if info, err := os.Lstat(name); err == nil && info.IsDir() {
			os.RemoveAll(name)
		}
	}
}

type unixListener struct {
	*net.UnixListener
	path string
}

func (l *unixListener) Close() error {
	err := l.UnixListener.Close()
	if rerr := os.Remove(l.path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) && err == nil {
		err = rerr
	}
	return err
}
