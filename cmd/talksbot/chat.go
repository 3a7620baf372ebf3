package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/index"
)

// chatMemory is how long a conversation's context lasts without a new
// question: the bot's, in the terminal too.
const chatMemory = 15 * time.Minute

// cmdChat answers questions line by line, each read after the one before
// it ("and in Syria?"), like a conversation with the bot.
func cmdChat(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "chat")
	asJSON := fs.Bool("json", false, "print one answer object per line")
	n := fs.Int("n", 3, fmt.Sprintf("number of passages (1–%d)", maxPassages))
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if err := checkRange("chat", "n", *n, 1, maxPassages); err != nil {
		return err
	}
	d, c, err := openOrDial(ctx, e, *data, reading)
	if err != nil {
		return err
	}
	if c != nil {
		defer c.Close()
		ask := func(t index.Turn) (index.Answer, error) { return c.AskTurn(ctx, t, *n) }
		return chatLoop(ctx, e, e.stdin, ask, *asJSON, time.Now)
	}
	// From the snapshot, between questions too: a chat left open holds
	// nothing an ingest, remove or reindex waits for (chatreader.go).
	usePins(ctx, e, d, *data)
	r := newChatReader(ctx, e, *data, d)
	defer r.Close()
	ask := func(t index.Turn) (index.Answer, error) { return r.ask(ctx, t, *n) }
	gaps := openGapNotes(e, *data) // hedged and uncovered questions, for talksbot gaps
	defer gaps.Close()
	ask = gaps.recording(ask)
	return chatLoop(ctx, e, e.stdin, ask, *asJSON, time.Now)
}

// chatLoop reads questions from in until it ends or /quit; a question
// more than chatMemory after the last one starts a new conversation, as
// does /new. A greeting or thanks is answered with a line of its own and
// leaves the conversation as it was. With asJSON, stdout has one answer
// object per question and what commands say goes to stderr.
func chatLoop(ctx context.Context, e env, in io.Reader, ask func(index.Turn) (index.Answer, error), asJSON bool, now func() time.Time) error {
	tty := isTerminal(e.stdout) && isTerminalReader(in)
	if tty {
		fmt.Fprintln(e.stdout, "Ask about the U.S.–Iraq talks; follow up as in chat (“and in Syria?”). /help lists the commands; Ctrl-D ends.")
	}
	say := e.stdout // what commands answer: not an answer object
	if asJSON {
		say = e.stderr
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	sc := newLineReader(in, maxChatLine)
	var prev index.Turn
	var last time.Time
	for {
		if tty {
			fmt.Fprint(e.stdout, "> ")
		}
		if !sc.Scan() {
			break
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if sc.TooLong() {
			fmt.Fprintf(e.stderr, "line too long (over %d KiB), ignored: ask in fewer words\n", maxChatLine>>10)
			continue
		}
		q := strings.TrimSpace(sc.Text())
		if q == "" {
			continue
		}
		if name, ok := chatCommandName(q); ok {
			switch name {
			case "/new":
				prev = index.Turn{}
				fmt.Fprintln(say, "New conversation.")
			case "/help":
				fmt.Fprint(say, chatHelp)
			case "/quit", "/exit":
				fmt.Fprintln(say, "Bye.")
				return nil
			default:
				fmt.Fprintf(say, "unknown command %s: /help lists them\n", name)
			}
			if !asJSON {
				fmt.Fprintln(say)
			}
			continue
		}
		if now().Sub(last) > chatMemory {
			prev = index.Turn{}
		}
		turn := index.FollowUp(prev, q)
		if _, err := index.CheckQuestion(turn.Standalone); err != nil {
			fmt.Fprintf(e.stderr, "talksbot: %v\n", err)
			continue
		}
		var ans index.Answer
		if turn.Chat {
			// Not asked: the engine's nearest passages to "thanks" say nothing.
			ans = index.Answer{Question: q, Kind: turn.Kind, Outcome: index.NotCovered, Answer: bot.ChatReply(turn), Passages: []index.Passage{}}
		} else {
			var err error
			if ans, err = ask(turn); err != nil {
				return fmt.Errorf("chat: %w", err)
			}
		}
		prev, last = turn.Answered(ans), now()
		switch {
		case asJSON:
			if err := enc.Encode(ans); err != nil {
				return err
			}
			continue
		case turn.Chat:
			fmt.Fprintln(e.stdout, ans.Answer)
		default:
			writeAnswer(e.stdout, ans, tty)
		}
		fmt.Fprintln(e.stdout)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("chat: reading questions: %w (a line may hold at most 64 KiB)", err)
	}
	return nil
}

// chatHelp is what /help prints.
const chatHelp = `Each line is a question about the U.S.–Iraq talks. One that leaves out
what the one before said ("and in Syria?", "who said so?") follows on from
it, for 15 minutes; a greeting or thanks leaves the conversation as it is.
  /new    forget the conversation: the next question starts afresh
  /help   this list
  /quit   end the chat (also /exit, or Ctrl-D)
`

// chatCommandName is the command a line gives ("/new"), when it starts
// with a slash: every such line is a command, never a question.
func chatCommandName(line string) (string, bool) {
	if !strings.HasPrefix(line, "/") {
		return "", false
	}
	return strings.ToLower(strings.Fields(line)[0]), true
}

func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
