package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

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
	d, c, err := openOrDial(ctx, e, *data, true)
	if err != nil {
		return err
	}
	ask := func(t index.Turn) (index.Answer, error) { return d.AskTurn(ctx, t, *n) }
	if c != nil {
		defer c.Close()
		ask = func(t index.Turn) (index.Answer, error) { return c.AskTurn(ctx, t, *n) }
	} else {
		defer d.Close()
	}
	return chatLoop(ctx, e, e.stdin, ask, *asJSON, time.Now)
}

// chatLoop reads questions from in until it ends; a question more than
// chatMemory after the last one starts a new conversation, as does
// "/new".
func chatLoop(ctx context.Context, e env, in io.Reader, ask func(index.Turn) (index.Answer, error), asJSON bool, now func() time.Time) error {
	tty := isTerminal(e.stdout) && isTerminalReader(in)
	if tty {
		fmt.Fprintln(e.stdout, "Ask about the U.S.–Iraq talks; follow up as in chat (“and in Syria?”). /new forgets the conversation; Ctrl-D ends.")
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetEscapeHTML(false)
	sc := bufio.NewScanner(in)
	sc.Buffer(make([]byte, 64<<10), 64<<10)
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
		q := strings.TrimSpace(sc.Text())
		switch {
		case q == "":
			continue
		case q == "/new":
			prev = index.Turn{}
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
		ans, err := ask(turn)
		if err != nil {
			return fmt.Errorf("chat: %w", err)
		}
		prev, last = turn, now()
		if asJSON {
			if err := enc.Encode(ans); err != nil {
				return err
			}
			continue
		}
		writeAnswer(e.stdout, ans, tty)
		fmt.Fprintln(e.stdout)
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("chat: reading questions: %w (a line may hold at most 64 KiB)", err)
	}
	return nil
}

func isTerminalReader(r io.Reader) bool {
	f, ok := r.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}
