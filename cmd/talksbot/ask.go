package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"

	"github.com/talksbot/talksbot/index"
)

// openData opens the data directory, showing a progress bar on the terminal
// when the index has to be built.
func openData(ctx context.Context, e env, dir string) (*index.Data, error) {
	var bar *progressbar.ProgressBar
	progress := func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription("building index"), progressbar.OptionShowCount(),
				progressbar.OptionSetVisibility(isTerminal(e.stderr)), progressbar.OptionClearOnFinish())
		}
		bar.Set(done)
	}
	if err := prepareDataDir(e, dir); err != nil {
		return nil, err
	}
	d, err := index.OpenData(ctx, dir, progress)
	if err != nil {
		return nil, err
	}
	if d.Damaged != nil {
		fmt.Fprintf(e.stderr, "talksbot: %v; rebuilt it from the article store\n", d.Damaged)
	}
	if d.LoadErrors != nil {
		fmt.Fprintf(e.stderr, "talksbot: some article files were skipped:\n%v\n", d.LoadErrors)
	}
	return d, nil
}

// openReader is openData for a command that only reads (ask, chat,
// sources, show, the views): a data directory this process cannot write
// still answers, from the index it holds, as it is.
func openReader(ctx context.Context, e env, dir string) (*index.Data, error) {
	d, err := openData(ctx, e, dir)
	if err == nil || !errors.Is(err, index.ErrNotWritable) {
		return d, err
	}
	d, rerr := index.OpenDataReadOnly(dir)
	if rerr != nil {
		var locked *index.LockedError
		if errors.As(rerr, &locked) {
			return nil, rerr
		}
		return nil, fmt.Errorf("%v; reading it as it is failed too: %w", err, rerr)
	}
	fmt.Fprintf(e.stderr, "talksbot: %s is not writable: answering from its index as it is (ingest, remove and reindex need it writable)\n", dir)
	return d, nil
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

func cmdAsk(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "ask")
	asJSON := fs.Bool("json", false, "print JSON")
	n := fs.Int("n", 3, fmt.Sprintf("number of passages (1–%d)", maxPassages))
	explain := fs.Bool("explain", false, "print every stage of the answer: analysis, candidates, features, model, decision")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if err := checkRange("ask", "n", *n, 1, maxPassages); err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("ask: no question; usage: talksbot ask [--json] [--explain] [-n N] QUESTION")
	}
	q := strings.Join(pos, " ")
	if _, err := index.CheckQuestion(q); err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	d, c, err := openOrDial(ctx, e, *data, reading)
	if err != nil {
		return err
	}
	if d != nil {
		usePins(ctx, e, d, *data)
	}
	var ans index.Answer
	switch {
	case *explain && c != nil:
		c.Close()
		return fmt.Errorf("ask --explain: %s is held by a running talksbot serve; explain reads the index itself (stop the server, or copy the data directory)", *data)
	case *explain:
		defer d.Close()
		t, err := d.Index.Trace(ctx, q, *n, index.DefaultModel())
		if err != nil {
			return fmt.Errorf("ask: %w", err)
		}
		t.Explain(e.stdout, index.DefaultModel(), 5)
		ans = t.Answer
	case c != nil:
		defer c.Close()
		ans, err = c.Ask(ctx, q, *n)
	default:
		defer d.Close()
		ans, err = d.Ask(ctx, q, *n)
	}
	if err != nil {
		return fmt.Errorf("ask: %w", err)
	}
	gaps := openGapNotes(e, *data)
	gaps.note(q, ans)
	gaps.Close()
	if *asJSON {
		return writeJSON(e.stdout, ans)
	}
	writeAnswer(e.stdout, ans, isTerminal(e.stdout))
	if *explain && len(ans.Passages) > 0 {
		writePinSpans(e.stdout, ans)
	}
	return nil
}

// writePinSpans lists the answer's passages as talksbot pin takes them,
// for a moderator to copy.
func writePinSpans(w io.Writer, a index.Answer) {
	fmt.Fprintln(w, "\nTo answer this question from one of these passages: talksbot pin QUESTION --passage SPAN, SPAN one of")
	for i, p := range a.Passages {
		fmt.Fprintf(w, "  %d. %s:%d-%d\n", i+1, p.ArticleID, p.Start, p.End)
	}
}

func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// writeAnswer prints an answer for people: matched words in bold on a
// terminal, between asterisks elsewhere.
func writeAnswer(w io.Writer, a index.Answer, tty bool) {
	fmt.Fprintf(w, "Q: %s  [%s]\n", a.Question, a.Kind)
	if a.FollowUpOf != "" {
		fmt.Fprintf(w, "(follow-up of: %s)\n", a.FollowUpOf)
	}
	if a.ReadAs != "" {
		var fixes []string
		for _, c := range a.Corrections {
			fixes = append(fixes, c.From+"→"+c.To)
		}
		if len(fixes) == 0 {
			fmt.Fprintf(w, "(read as: %s)\n", a.ReadAs)
		} else {
			fmt.Fprintf(w, "(read as: %s; %s)\n", a.ReadAs, strings.Join(fixes, ", "))
		}
	}
	switch {
	case a.Outcome == index.NotCovered && a.Reason != "":
		fmt.Fprint(w, a.Reason) // "The coverage never mentions Emmanuel Macron."
		if len(a.Passages) > 0 {
			fmt.Fprint(w, " Nearest passages:")
		}
		fmt.Fprintln(w)
	case a.Outcome == index.NotCovered:
		fmt.Fprintln(w, "The coverage does not say. Nearest passages:")
	case a.Outcome == index.MayAnswer:
		fmt.Fprintln(w, "These passages may answer it (not sure enough to say they do):")
	case a.Answer != "":
		fmt.Fprintf(w, "Answer: %s\n", a.Answer)
	}
	if a.Pinned != nil {
		fmt.Fprintf(w, "(pinned by the moderators: %s)\n", a.Pinned.ID)
	}
	for i, p := range a.Passages {
		fmt.Fprintf(w, "\n%d. “%s”\n", i+1, mark(p.Quote, p.Marks, tty))
		date := p.Published
		if date == "" {
			date = p.DateNote
		}
		outlet := p.Outlet
		if outlet == "" {
			outlet = "outlet unknown"
		}
		src := fmt.Sprintf("   — %s · %s · %s", p.Title, outlet, orDash(date))
		if p.Kind == "brief" {
			src += " · (our brief of the report)"
		}
		fmt.Fprintln(w, src)
		if p.URL != "" {
			fmt.Fprintf(w, "     %s\n", p.URL)
		}
		fmt.Fprintf(w, "     [%s, bytes %d–%d, score %s]\n", p.ArticleID, p.Start, p.End, strconv.FormatFloat(p.Share, 'f', 2, 64))
	}
}

func orDash(s string) string {
	if s == "" {
		return "undated"
	}
	return s
}

func mark(s string, spans []index.Span, tty bool) string {
	open, close := "*", "*"
	if tty {
		open, close = "\x1b[1m", "\x1b[0m"
	}
	var b strings.Builder
	last := 0
	for _, m := range spans {
		if m.Start < last || m.End > len(s) {
			continue
		}
		b.WriteString(s[last:m.Start])
		b.WriteString(open + s[m.Start:m.End] + close)
		last = m.End
	}
	b.WriteString(s[last:])
	return b.String()
}
