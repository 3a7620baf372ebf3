package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
)

// chat reads each line after the one before it, forgets after
// chatMemory or "/new", and with --json prints one answer per line.
func TestChatLoopKeepsContext(t *testing.T) {
	clock := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	lines := []struct {
		q    string
		wait time.Duration
		want string // the standalone question asked
	}{
		{"how many US troops are in Iraq?", 0, "how many US troops are in Iraq?"},
		{"and in Syria?", time.Minute, "how many US troops are in Syria?"},
		{"and in Erbil?", chatMemory + time.Second, "and in Erbil?"},
		{"how many US troops are in Iraq?", time.Minute, "how many US troops are in Iraq?"},
		{"/new", 0, ""},
		{"and in Syria?", time.Minute, "and in Syria?"},
	}
	var in strings.Builder
	for _, l := range lines {
		in.WriteString(l.q + "\n")
	}
	var asked []string
	i := 0
	now := func() time.Time { return clock }
	ask := func(tu index.Turn) (index.Answer, error) {
		asked = append(asked, tu.Standalone)
		return index.Answer{Question: tu.Question, ReadAs: tu.Standalone, Outcome: index.NotCovered, Passages: []index.Passage{}}, nil
	}
	// Advance the clock before each question is read: the loop calls now
	// once per question and once per answer.
	var out bytes.Buffer
	e := env{stdout: &out, stderr: &out}
	r := &clockedReader{lines: lines, clock: &clock, i: &i}
	if err := chatLoop(context.Background(), e, r, ask, true, now); err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, l := range lines {
		if l.want != "" {
			want = append(want, l.want)
		}
	}
	if strings.Join(asked, "\n") != strings.Join(want, "\n") {
		t.Errorf("asked\n%s\nwant\n%s", strings.Join(asked, "\n"), strings.Join(want, "\n"))
	}
	lineCount := strings.Count(out.String(), "\n")
	dec := json.NewDecoder(&out)
	n := 0
	for dec.More() {
		var a index.Answer
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("line %d is not an answer object: %v", n+1, err)
		}
		n++
	}
	if n != len(want) || lineCount != len(want) {
		t.Errorf("%d answer objects on %d lines, want %d", n, lineCount, len(want))
	}
}

// clockedReader hands out one line per Read and moves the clock by the
// line's wait first.
type clockedReader struct {
	lines []struct {
		q    string
		wait time.Duration
		want string
	}
	clock *time.Time
	i     *int
}

func (r *clockedReader) Read(p []byte) (int, error) {
	if *r.i == len(r.lines) {
		return 0, io.EOF
	}
	l := r.lines[*r.i]
	*r.i++
	*r.clock = r.clock.Add(l.wait)
	return copy(p, l.q+"\n"), nil
}
