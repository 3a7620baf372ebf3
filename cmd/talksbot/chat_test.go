package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
)

// chat reads each line after the one before it, as typed, with the
// article the answer before quoted first; forgets after chatMemory or
// /new; answers a greeting itself, keeping the context past it; and with
// --json prints one answer object per question.
func TestChatLoopKeepsContext(t *testing.T) {
	clock := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	lines := []struct {
		q    string
		wait time.Duration
		want string // the turn asked: "Q", or "Q after CONTEXT @ ARTICLE"; "" when not asked
	}{
		{"how many US troops are in Iraq?", 0, "how many US troops are in Iraq?"},
		{"hi", time.Minute, ""},
		{"and in Syria?", time.Minute, "and in Syria? after how many US troops are in Iraq? @ article-1"},
		{"and in Erbil?", chatMemory + time.Second, "and in Erbil?"},
		{"how many US troops are in Iraq?", time.Minute, "how many US troops are in Iraq?"},
		{"/new", 0, ""},
		{"and in Syria?", time.Minute, "and in Syria?"},
	}
	var asked []string
	i, n := 0, 0
	now := func() time.Time { return clock }
	ask := func(tu index.Turn) (index.Answer, error) {
		n++
		s := tu.Question
		if tu.FollowUp {
			s += " after " + tu.Context + " @ " + tu.ContextArticle
		}
		asked = append(asked, s)
		a := index.Answer{Question: tu.Question, Outcome: index.NotCovered, Passages: []index.Passage{{ArticleID: fmt.Sprint("article-", n)}}}
		if tu.FollowUp {
			a.FollowUpOf = tu.Context
		}
		return a, nil
	}
	var out, errOut bytes.Buffer
	e := env{stdout: &out, stderr: &errOut}
	r := &clockedReader{lines: lines, clock: &clock, i: &i}
	if err := chatLoop(context.Background(), e, r, ask, true, now); err != nil {
		t.Fatal(err)
	}
	var want []string
	questions := 0
	for _, l := range lines {
		if l.want != "" {
			want = append(want, l.want)
		}
		if !strings.HasPrefix(l.q, "/") {
			questions++
		}
	}
	if strings.Join(asked, "\n") != strings.Join(want, "\n") {
		t.Errorf("asked\n%s\nwant\n%s", strings.Join(asked, "\n"), strings.Join(want, "\n"))
	}
	// One answer object a question, the greeting's too; what /new says is
	// on stderr.
	lineCount := strings.Count(out.String(), "\n")
	dec := json.NewDecoder(&out)
	var answers []index.Answer
	for dec.More() {
		var a index.Answer
		if err := dec.Decode(&a); err != nil {
			t.Fatalf("line %d is not an answer object: %v", len(answers)+1, err)
		}
		answers = append(answers, a)
	}
	if len(answers) != questions || lineCount != questions {
		t.Fatalf("%d answer objects on %d lines, want %d", len(answers), lineCount, questions)
	}
	if hi := answers[1]; hi.Question != "hi" || !strings.HasPrefix(hi.Answer, "Hi! ") || len(hi.Passages) != 0 || hi.Found {
		t.Errorf("answer to hi = %+v; want a greeting line, no passages", hi)
	}
	if got := errOut.String(); got != "New conversation.\n" {
		t.Errorf("stderr = %q; want what /new says", got)
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

// The chat commands: /help lists them, /new forgets the conversation and
// says so, /quit (or /exit) ends the chat with a word, and any other line
// starting with a slash is an unknown command, not a question.
func TestChatCommands(t *testing.T) {
	var asked []string
	ask := func(tu index.Turn) (index.Answer, error) {
		asked = append(asked, tu.Question)
		a := index.Answer{Question: tu.Question, Outcome: index.NotCovered, Passages: []index.Passage{}}
		if tu.FollowUp {
			a.FollowUpOf = tu.Context
		}
		return a, nil
	}
	chat := func(input string) string {
		t.Helper()
		var out bytes.Buffer
		e := env{stdout: &out, stderr: &out}
		if err := chatLoop(context.Background(), e, strings.NewReader(input), ask, false, time.Now); err != nil {
			t.Fatalf("chat %q: %v", input, err)
		}
		return out.String()
	}
	if out := chat("/help\n"); !strings.Contains(out, "/new ") || !strings.Contains(out, "/quit ") || !strings.Contains(out, "/help ") {
		t.Errorf("/help printed\n%s", out)
	}
	asked = nil
	if out := chat("hello\n"); out != "Hi! Ask me about the U.S.–Iraq talks, e.g. “How many U.S. troops are in Iraq?”\n\n" || len(asked) != 0 {
		t.Errorf("hello printed %q and asked %q; want a greeting line, nothing asked", out, asked)
	}
	out := chat("How many U.S. troops are in Iraq?\n/new\nand in Syria?\n")
	if !strings.Contains(out, "\nNew conversation.\n") || strings.Contains(out, "follow-up of") {
		t.Errorf("/new printed\n%s\nwant it said, and the next question not read as a follow-up", out)
	}
	out = chat("How many U.S. troops are in Iraq?\nand in Syria?\n")
	if !strings.Contains(out, "Q: and in Syria?  [") || !strings.Contains(out, "\n(follow-up of: How many U.S. troops are in Iraq?)\n") || strings.Contains(out, "read as") {
		t.Errorf("follow-up printed\n%s\nwant the question as typed and what it followed", out)
	}
	for _, quit := range []string{"/quit", "/exit", "/QUIT now"} {
		asked = nil
		out := chat("How many U.S. troops are in Iraq?\n" + quit + "\nand in Syria?\n")
		if !strings.HasSuffix(out, "Bye.\n") || len(asked) != 1 {
			t.Errorf("%s: printed\n%s\nasked %q; want the chat ended after the first question", quit, out, asked)
		}
	}
	asked = nil
	if out := chat("/frobnicate the talks\n/ne\n"); out != "unknown command /frobnicate: /help lists them\n\nunknown command /ne: /help lists them\n\n" || len(asked) != 0 {
		t.Errorf("unknown commands printed %q and asked %q; want one line each, nothing asked", out, asked)
	}
}

// The real engine, through `talksbot chat`: a follow-up is answered with
// the question before as context (its first passage is about U.S. troops
// in Syria), and a greeting between the two leaves that context alone.
func TestChatFollowUpAnswered(t *testing.T) {
	data := t.TempDir()
	for _, input := range []string{
		"how many us troops are in iraq\nand in syria?\n",
		"how many us troops are in iraq\nhi\nand in syria?\n",
	} {
		var out, errOut bytes.Buffer
		e := env{getenv: func(k string) string {
			if k == "TALKSBOT_DATA" {
				return data
			}
			return ""
		}, stdin: strings.NewReader(input), stdout: &out, stderr: &errOut}
		if err := cmdChat(context.Background(), e, []string{"--json", "-n", "3"}); err != nil {
			t.Fatalf("chat %q: %v\n%s", input, err, errOut.String())
		}
		var answers []index.Answer
		dec := json.NewDecoder(&out)
		for dec.More() {
			var a index.Answer
			if err := dec.Decode(&a); err != nil {
				t.Fatal(err)
			}
			answers = append(answers, a)
		}
		last := answers[len(answers)-1]
		if last.Question != "and in syria?" || last.FollowUpOf != "how many us troops are in iraq" || last.ReadAs != "" {
			t.Errorf("chat %q: last answer to %q read as %q, follow-up of %q; want the question as typed, a follow-up of the first", input, last.Question, last.ReadAs, last.FollowUpOf)
		}
		if last.Outcome == index.NotCovered || len(last.Passages) == 0 || !strings.Contains(last.Passages[0].Quote, "Syria") || !strings.Contains(last.Passages[0].Quote, "troops") {
			t.Errorf("chat %q: and in syria? = %s, first passage %+v; want one about U.S. troops in Syria", input, last.Outcome, last.Passages)
		}
	}
}
