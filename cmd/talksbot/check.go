package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/talksbot/talksbot/index"
)

// talksbot check "TEXT": what the coverage says of each claim of a text
// (index.Check), the passages quoted with their sources. Like the views it
// reads the index here, or the snapshot a running serve left.

func cmdCheck(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "check")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf(`check: no text; usage: talksbot check [--json] "TEXT"`)
	}
	text := strings.Join(pos, " ")
	if strings.TrimSpace(text) == "" {
		return fmt.Errorf("check: %w", index.ErrNothingToCheck)
	}
	d, _, err := openOrDial(ctx, e, *data, readingHere)
	if err != nil {
		return err
	}
	defer d.Close()
	res, err := d.Check(ctx, text)
	if err != nil {
		return prefixed("check", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, res)
	}
	writeCheck(e.stdout, res)
	return nil
}

// verdictLabel is a verdict as the terminal shows it.
func verdictLabel(v index.Verdict) string {
	switch v {
	case index.ClaimAgrees:
		return "AGREES"
	case index.ClaimDiffers:
		return "DIFFERS"
	case index.ClaimStale:
		return "DIFFERS (stale)"
	}
	return "NOT IN THE COVERAGE"
}

func writeCheck(w io.Writer, r index.CheckResult) {
	for i, c := range r.Claims {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%d. “%s”\n   %s — %s\n", i+1, termSafe(c.Text), verdictLabel(c.Verdict), c.Note)
		for _, f := range c.Found {
			mark := "  "
			switch {
			case f.Agrees:
				mark = "✓ "
			case c.Verdict.Differs() || c.Verdict == index.ClaimAgrees:
				mark = "✗ "
			}
			label := ""
			if f.Latest {
				label = " [latest]"
			}
			if c.Verdict == index.ClaimNotCovered && f.Value == "" {
				label = " [nearest]"
			}
			fmt.Fprintf(w, "   %s%s%s\n", mark, quoted(f.Quote), label)
			if f.Quote.URL != "" {
				fmt.Fprintf(w, "     %s\n", f.Quote.URL)
			}
		}
	}
	if r.Skipped > 0 {
		fmt.Fprintf(w, "\n(%s not checked: no figure, date or claim about the talks in them, or past the first %d claims.)\n",
			pluralWord(r.Skipped, "sentence"), index.MaxClaims)
	}
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
