package feedback

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/talksbot/talksbot/corpus"
)

// segLog is one append-only log of JSON lines kept as numbered segment
// files, NAME-000001.jsonl, NAME-000002.jsonl, …: records go to the
// newest; when it would grow past the store's segment size a new one is
// started, and past the store's segment count the oldest is removed.
//
// Appends are group-committed: while one batch is being written and
// synced, the records that arrive meanwhile wait and go together in the
// next, so concurrent callers share an fsync.
type segLog struct {
	s    *Store
	name string

	mu      sync.Mutex
	pending []pendingLine
	writing bool
}

type pendingLine struct {
	line []byte // one record, ending in '\n'
	done chan error
}

// append writes line durably: it returns nil only once the line is
// written and synced.
func (l *segLog) append(line []byte) error {
	done := make(chan error, 1)
	l.mu.Lock()
	l.pending = append(l.pending, pendingLine{line, done})
	if l.writing { // the writer takes it in its next batch
		l.mu.Unlock()
		return <-done
	}
	l.writing = true
	for len(l.pending) > 0 {
		batch := l.pending
		l.pending = nil
		l.mu.Unlock()
		l.s.writeBatch(l, batch)
		l.mu.Lock()
	}
	l.writing = false
	l.mu.Unlock()
	return <-done
}

// segment is a segment file's sequence number and path.
type segment struct {
	seq  int
	path string
}

// segments lists the log's segment files, oldest first.
func (l *segLog) segments() ([]segment, error) {
	entries, err := os.ReadDir(l.s.dir)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil
		}
		return nil, fmt.Errorf("list feedback: %w", err)
	}
	var out []segment
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), l.name+"-")
		if !ok || !e.Type().IsRegular() {
			continue
		}
		num, ok := strings.CutSuffix(rest, ".jsonl")
		seq, err := strconv.Atoi(num)
		if !ok || err != nil || seq <= 0 {
			continue
		}
		out = append(out, segment{seq, filepath.Join(l.s.dir, e.Name())})
	}
	slices.SortFunc(out, func(a, b segment) int { return a.seq - b.seq })
	return out, nil
}

func (l *segLog) segmentPath(seq int) string {
	return filepath.Join(l.s.dir, fmt.Sprintf("%s-%06d.jsonl", l.name, seq))
}

// writeBatch writes a batch of lines, starting new segments as the size
// bound requires, and tells each line's caller how its write went. It
// holds the store's write lock (this process's other log, and other
// processes) throughout.
func (s *Store) writeBatch(l *segLog, batch []pendingLine) {
	err := s.lockWrite()
	if err != nil {
		for _, p := range batch {
			p.done <- err
		}
		return
	}
	defer s.unlockWrite()
	segs, err := l.segments()
	for len(batch) > 0 {
		if err != nil {
			for _, p := range batch {
				p.done <- err
			}
			return
		}
		var seq int
		var size int64
		if len(segs) > 0 {
			last := segs[len(segs)-1]
			seq = last.seq
			if size, err = repairTail(last.path); err != nil {
				continue
			}
		}
		// As many lines as fit in this segment; at least one in a new one.
		n, add := 0, int64(0)
		for n < len(batch) && (size+add+int64(len(batch[n].line)) <= s.segmentBytes() || size+add == 0) {
			add += int64(len(batch[n].line))
			n++
		}
		if n == 0 { // the newest segment is full: start the next
			if err = s.newSegment(l, seq+1); err == nil {
				segs = append(segs, segment{seq + 1, l.segmentPath(seq + 1)})
				s.dropOld(l, &segs)
			}
			continue
		}
		if len(segs) == 0 {
			if err = s.newSegment(l, 1); err == nil {
				segs = []segment{{1, l.segmentPath(1)}}
			}
			continue
		}
		werr := appendLines(segs[len(segs)-1].path, size, batch[:n])
		for _, p := range batch[:n] {
			p.done <- werr
		}
		batch = batch[n:]
	}
}

// newSegment creates an empty segment file and syncs the directory, so
// that the file, and what is then synced into it, survives a crash.
func (s *Store) newSegment(l *segLog, seq int) error {
	f, err := os.OpenFile(l.segmentPath(seq), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("record feedback: %w", err)
	}
	if err == nil {
		f.Close()
	}
	if err := corpus.SyncDir(s.dir); err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	return nil
}

// dropOld removes the oldest segments beyond the store's segment count.
func (s *Store) dropOld(l *segLog, segs *[]segment) {
	for len(*segs) > s.segmentCount() {
		os.Remove((*segs)[0].path)
		*segs = (*segs)[1:]
	}
}

// appendLines writes lines at the end of the file (size bytes long) and
// syncs it. On failure it cuts the file back to size, so that no part
// of a record it reports as failed is left to be read.
func appendLines(path string, size int64, lines []pendingLine) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return fmt.Errorf("record feedback: %w", err)
	}
	defer f.Close()
	var buf bytes.Buffer
	for _, p := range lines {
		buf.Write(p.line)
	}
	_, err = f.Write(buf.Bytes())
	if err == nil {
		err = f.Sync()
	}
	if err != nil {
		f.Truncate(size)
		f.Sync()
		return fmt.Errorf("record feedback: %w", err)
	}
	return nil
}

// repairTail cuts a torn last line (a write a crash interrupted, never
// acknowledged) off the end of the file, so the next record starts on a
// line of its own, and returns the file's size.
func repairTail(path string) (int64, error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0)
	if err != nil {
		return 0, fmt.Errorf("record feedback: %w", err)
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return 0, fmt.Errorf("record feedback: %w", err)
	}
	size := info.Size()
	end := size
	var last [1]byte
	if size == 0 {
		return 0, nil
	}
	if _, err := f.ReadAt(last[:], size-1); err != nil {
		return 0, fmt.Errorf("record feedback: %w", err)
	}
	if last[0] == '\n' {
		return size, nil
	}
	// Look back for the last complete line.
	buf := make([]byte, 64<<10)
	for end > 0 {
		start := max(0, end-int64(len(buf)))
		chunk := buf[:end-start]
		if _, err := f.ReadAt(chunk, start); err != nil && err != io.EOF {
			return 0, fmt.Errorf("record feedback: %w", err)
		}
		if i := bytes.LastIndexByte(chunk, '\n'); i >= 0 {
			end = start + int64(i) + 1
			break
		}
		end = start
	}
	if err := f.Truncate(end); err != nil {
		return 0, fmt.Errorf("record feedback: cut a torn line: %w", err)
	}
	if err := f.Sync(); err != nil {
		return 0, fmt.Errorf("record feedback: %w", err)
	}
	return end, nil
}

// readLines calls fn with every complete line of the log, oldest first,
// and returns how many lines it skipped: a torn last line (a write a
// crash interrupted, or one under way) and lines fn cannot parse. A
// segment removed while it is read (rotated away) is skipped.
func (l *segLog) readLines(fn func(line []byte) bool) (skipped int, err error) {
	segs, err := l.segments()
	if err != nil {
		return 0, err
	}
	limit := 2*l.s.segmentBytes() + maxRecord
	for _, sg := range segs {
		data, err := readAtMost(sg.path, limit)
		if errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err != nil {
			return skipped, fmt.Errorf("read feedback: %w", err)
		}
		for len(data) > 0 {
			i := bytes.IndexByte(data, '\n')
			if i < 0 { // torn: no end of line
				skipped++
				break
			}
			line := data[:i]
			data = data[i+1:]
			if len(bytes.TrimSpace(line)) == 0 {
				continue
			}
			if !fn(line) {
				skipped++
			}
		}
	}
	return skipped, nil
}

// readAtMost reads up to limit bytes of a file.
func readAtMost(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit))
}
