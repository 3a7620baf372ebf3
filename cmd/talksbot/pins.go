package main

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/talksbot/talksbot/bot/feedback"
	"github.com/talksbot/talksbot/index"
)

// cmdPin pins a question's answer: a passage of whole sentences of a
// stored article, or that the coverage does not say.
func cmdPin(ctx context.Context, e env, args []string) error {
	const usage = `pin: usage: talksbot pin "QUESTION" --passage ARTICLE-ID:START-END | --not-covered`
	fs, data := newFlags(e, "pin")
	span := fs.String("passage", "", "the answering passage as `ARTICLE-ID:START-END` (byte offsets; talksbot ask --explain shows them)")
	quote := fs.String("quote", "", "with --passage ARTICLE-ID: the answering `SENTENCES`, quoted exactly as the article has them")
	notCovered := fs.Bool("not-covered", false, "the coverage does not say: answer the question with a refusal")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 || (*span == "") == !*notCovered {
		return errors.New(usage)
	}
	q := strings.Join(pos, " ")
	if _, err := index.CheckQuestion(q); err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	d, c, err := openOrDial(ctx, e, *data, readingHere) // the span is checked against the index as it is
	if err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	if c != nil {
		c.Close()
	}
	defer d.Close()
	st, err := feedback.Open(*data)
	if err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	defer st.Close()
	if st.ReadOnly() {
		return fmt.Errorf("pin: %s is not writable: pins are kept in %s", *data, st.Dir())
	}
	p := index.Pin{Question: q, NotCovered: *notCovered, Generation: filepath.Base(d.Index.Dir())}
	if !*notCovered {
		if p.ArticleID, p.Start, p.End, err = parseSpan(d, *span, *quote); err != nil {
			return fmt.Errorf("pin: %w", err)
		}
		pas, err := d.Index.PinPassage(ctx, p.ArticleID, p.Start, p.End)
		if errors.Is(err, index.ErrBadPin) {
			return fmt.Errorf("pin: %s: the span must be whole sentences of a stored article (talksbot ask --explain shows each passage's ARTICLE-ID:START-END)", strings.TrimPrefix(err.Error(), index.ErrBadPin.Error()+": "))
		}
		if err != nil {
			return fmt.Errorf("pin: %w", err)
		}
		p.Text = pas.Quote
	}
	p, err = st.Pin("cli:"+osUser(e), p)
	if err != nil {
		return fmt.Errorf("pin: %w", err)
	}
	what := "the coverage does not say"
	if !p.NotCovered {
		what = fmt.Sprintf("%s “%s”", spanOf(p), clip(p.Text, 60))
	}
	fmt.Fprintf(e.stdout, "✓ pinned %s: “%s” → %s\n", p.ID, clip(p.Question, 60), what)
	fmt.Fprintf(e.stdout, "  asked with the same words, it is answered from the pin (a running serve picks it up within %s); talksbot unpin %s undoes it\n", pinPoll, p.ID)
	return nil
}

// parseSpan reads --passage ARTICLE-ID:START-END, or ARTICLE-ID with the
// sentences quoted (--quote), as an article and byte offsets.
func parseSpan(d *index.Data, span, quote string) (article string, start, end int, err error) {
	if quote != "" {
		a, gerr := d.Store.Get(span)
		if gerr != nil {
			return "", 0, 0, fmt.Errorf("the coverage holds no article %s (talksbot sources lists the ids)", span)
		}
		i := strings.Index(a.Body, strings.TrimSpace(quote))
		if i < 0 {
			return "", 0, 0, fmt.Errorf("%s does not contain the quoted sentences: quote them exactly, or give --passage %s:START-END", span, span)
		}
		return span, i, i + len(strings.TrimSpace(quote)), nil
	}
	bad := fmt.Errorf("--passage %q: give ARTICLE-ID:START-END, as talksbot ask --explain shows it (or ARTICLE-ID with --quote)", span)
	i := strings.LastIndexByte(span, ':')
	if i <= 0 {
		return "", 0, 0, bad
	}
	from, to, ok := strings.Cut(span[i+1:], "-")
	if !ok {
		return "", 0, 0, bad
	}
	start, err1 := strconv.Atoi(from)
	end, err2 := strconv.Atoi(to)
	if err1 != nil || err2 != nil || start < 0 || end <= start {
		return "", 0, 0, bad
	}
	return span[:i], start, end, nil
}

func spanOf(p index.Pin) string { return fmt.Sprintf("%s:%d-%d", p.ArticleID, p.Start, p.End) }

// cmdPins lists the pins, live and retired, with why a retired one no
// longer answers. It writes nothing: it works on a read-only data
// directory and beside a writer (from its snapshot).
func cmdPins(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "pins")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return errors.New("pins: usage: talksbot pins [--json]")
	}
	pins, err := readPins(e, *data)
	if err != nil {
		return fmt.Errorf("pins: %w", err)
	}
	var states []index.PinState
	if len(pins) > 0 {
		d, c, err := openOrDial(ctx, e, *data, readingHere)
		if err != nil {
			return fmt.Errorf("pins: %w", err)
		}
		if c != nil {
			c.Close()
		}
		states = d.Index.SetPins(ctx, pins)
		d.Close()
	}
	if *asJSON {
		if states == nil {
			states = []index.PinState{}
		}
		return writeJSON(e.stdout, states)
	}
	if len(states) == 0 {
		fmt.Fprintln(e.stdout, `No pins yet. Pin an answer: talksbot pin "QUESTION" --passage ARTICLE-ID:START-END (or --not-covered).`)
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tSTATE\tPINNED (UTC)\tQUESTION\tANSWER")
	live := 0
	for _, s := range states {
		state := "live"
		if s.Retired != "" {
			state = "retired: " + s.Retired
		} else {
			live++
		}
		answer := "does not say"
		if !s.Pin.NotCovered {
			answer = fmt.Sprintf("%s “%s”", spanOf(s.Pin), clip(s.Pin.Text, 40))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", s.Pin.ID, state, s.Pin.At.UTC().Format("2006-01-02 15:04"), clip(s.Pin.Question, 50), answer)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d live, %d retired (their article was removed or the passage changed: pin again, or talksbot unpin ID).\n", live, len(states)-live)
	return nil
}

// cmdUnpin removes a pin.
func cmdUnpin(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "unpin")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return errors.New("unpin: usage: talksbot unpin ID (talksbot pins lists the ids)")
	}
	if err := checkDataDir(*data); err != nil {
		return fmt.Errorf("unpin: %w", err)
	}
	st, err := feedback.Open(*data)
	if err != nil {
		return fmt.Errorf("unpin: %w", err)
	}
	defer st.Close()
	if st.ReadOnly() {
		return fmt.Errorf("unpin: %s is not writable: pins are kept in %s", *data, st.Dir())
	}
	p, err := st.Unpin("cli:"+osUser(e), pos[0])
	if errors.Is(err, feedback.ErrNoPin) {
		return fmt.Errorf("unpin: no pin %s (talksbot pins lists the ids)", pos[0])
	}
	if err != nil {
		return fmt.Errorf("unpin: %w", err)
	}
	fmt.Fprintf(e.stdout, "✓ unpinned %s: “%s”\n", p.ID, clip(p.Question, 60))
	return nil
}

// readPins reads the data directory's live pins without writing or
// locking anything.
func readPins(e env, data string) ([]index.Pin, error) {
	if err := checkDataDir(data); err != nil {
		return nil, err
	}
	st, err := feedback.OpenReadOnly(data)
	if err != nil {
		return nil, err
	}
	l, err := st.Pins()
	if err != nil {
		return nil, err
	}
	if l.Skipped > 0 {
		fmt.Fprintf(e.stderr, "talksbot: %d damaged or unfinished pin line(s) skipped in %s\n", l.Skipped, st.Dir())
	}
	return l.Pins, nil
}

// usePins gives the index the data directory's pins, for ask and chat: a
// pin log that cannot be read is said and skipped (the answers are the
// engine's).
func usePins(ctx context.Context, e env, d *index.Data, data string) {
	st, err := feedback.OpenReadOnly(data)
	if err != nil {
		return
	}
	l, err := st.Pins()
	if err != nil {
		fmt.Fprintf(e.stderr, "talksbot: pins not used: %v\n", err)
		return
	}
	if len(l.Pins) > 0 {
		d.Index.SetPins(ctx, l.Pins)
	}
}
