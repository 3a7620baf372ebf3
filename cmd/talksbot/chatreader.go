package main

import (
	"context"
	"fmt"
	"os"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/index"
)

// chatReader is what a chat asks: the data directory's snapshot (the
// generation its last writer published, index.OpenSnapshot), so that a
// chat left open never keeps an ingest, a removal or a reindex waiting.
// Before each question it takes a newer generation when one has been
// published, says so while a writer holds the directory (the note ask
// gives), and goes through a serve that has started meanwhile, since a
// serve publishes nothing until it stops.
//
// When the directory has no up-to-date snapshot (one that could not be
// written: a full disk), the chat answers from the directory itself and
// holds it, as before, and says so.
type chatReader struct {
	e   env
	dir string
	d   *index.Data     // the index asked; nil once c is set
	c   *control.Client // a running serve, asked instead
	gen string          // d's snapshot generation; "" when d holds the directory
	// noted is the writer the last note named; nil when none runs.
	noted *index.LockedError
}

// newChatReader takes over d, opened by openOrDial, and answers from the
// snapshot instead when d holds the directory.
func newChatReader(ctx context.Context, e env, dir string, d *index.Data) *chatReader {
	r := &chatReader{e: e, dir: dir, d: d}
	if d.FromSnapshot() { // a writer held the directory: openOrDial said so
		r.gen, r.noted = d.Generation(), index.Holder(dir)
		return r
	}
	if index.SnapshotStale(dir) {
		fmt.Fprintf(e.stderr, "talksbot: %s has no up-to-date snapshot of its index: this chat holds the directory, and an ingest, remove or reindex waits until it ends\n", dir)
		return r
	}
	s, _, err := index.OpenSnapshot(dir)
	if err != nil {
		fmt.Fprintf(e.stderr, "talksbot: %v: this chat holds %s, and an ingest, remove or reindex waits until it ends\n", err, dir)
		return r
	}
	usePins(ctx, e, s, dir)
	d.Close()
	r.d, r.gen = s, s.Generation()
	return r
}

// ask answers one turn, from the newest published generation.
func (r *chatReader) ask(ctx context.Context, t index.Turn, n int) (index.Answer, error) {
	r.refresh(ctx)
	if r.c != nil {
		return r.c.AskTurn(ctx, t, n)
	}
	return r.d.AskTurn(ctx, t, n)
}

// refresh follows the directory between two questions: a serve that holds
// it now, a generation published since the last question, a writer that
// started or finished.
func (r *chatReader) refresh(ctx context.Context) {
	if r.gen == "" || r.c != nil {
		return // holds the directory, or goes through a serve
	}
	holder := index.Holder(r.dir)
	if holder != nil {
		if _, err := os.Stat(control.SocketPath(r.dir)); err == nil {
			if c, err := control.Dial(ctx, r.dir); err == nil {
				fmt.Fprintf(r.e.stderr, "talksbot: %s is in use by a running talksbot (pid %d); going through it (%s)\n", r.dir, c.PID, c.Socket())
				r.d.Close()
				r.d, r.c = nil, c
				return
			}
		}
	}
	gen, at := index.SnapshotOf(r.dir)
	switched := false
	if gen != "" && gen != r.gen {
		s, sat, err := index.OpenSnapshot(r.dir)
		if err != nil {
			fmt.Fprintf(r.e.stderr, "talksbot: the newer index could not be opened (%v); answering from the one before\n", err)
			r.gen = gen // said once
		} else {
			usePins(ctx, r.e, s, r.dir)
			r.d.Close()
			r.d, r.gen, at, switched = s, s.Generation(), sat, true
		}
	}
	switch {
	case holder != nil && (!sameHolder(holder, r.noted) || switched):
		fmt.Fprintf(r.e.stderr, "talksbot: answering from the index as of %s; %s\n", clock(at), running(holder))
	case holder == nil && r.noted != nil && switched:
		fmt.Fprintf(r.e.stderr, "talksbot: answering from the index as of %s (%s has finished)\n", clock(at), finishedName(r.noted))
	}
	r.noted = holder
}

// sameHolder reports whether a and b name the same holding (the same
// process, since the same time).
func sameHolder(a, b *index.LockedError) bool {
	return a != nil && b != nil && a.PID == b.PID && a.Command == b.Command && a.Since.Equal(b.Since)
}

// holder2 names a writer that has finished, in a note.
func finishedName(l *index.LockedError) string {
	if l.Command == "" {
		return "the other talksbot command"
	}
	return "`" + l.Command + "`"
}

// Close lets go of what the chat asked.
func (r *chatReader) Close() {
	if r.c != nil {
		r.c.Close()
	}
	if r.d != nil {
		r.d.Close()
	}
}
