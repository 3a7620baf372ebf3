package main

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"github.com/talksbot/talksbot/bot/feedback"
)

// openFeedback opens the data directory's feedback store for reading: it
// writes and locks nothing, so it works while serve appends and on a
// read-only data directory.
func openFeedback(e env, data string) (feedback.Records, error) {
	if err := checkDataDir(data); err != nil {
		return feedback.Records{}, err
	}
	st, err := feedback.OpenReadOnly(data)
	if err != nil {
		return feedback.Records{}, err
	}
	defer st.Close()
	r, err := st.List()
	if err != nil {
		return r, err
	}
	if r.Skipped > 0 {
		fmt.Fprintf(e.stderr, "talksbot: %d damaged or unfinished feedback line(s) skipped in %s\n", r.Skipped, st.Dir())
	}
	return r, nil
}

func cmdFeedback(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "feedback")
	asJSON := fs.Bool("json", false, "print the votes as a question set in the bank's format")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("feedback: usage: talksbot feedback [--json]")
	}
	r, err := openFeedback(e, *data)
	if err != nil {
		return fmt.Errorf("feedback: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, feedback.Bank(r.Votes))
	}
	if len(r.Votes) == 0 {
		fmt.Fprintln(e.stdout, "No votes yet.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "TIME (UTC)\tVOTE\tOUTCOME\tQUESTION\tFIRST PASSAGE")
	for _, v := range r.Votes {
		p := "–"
		if v.FirstPassage.ArticleID != "" {
			p = fmt.Sprintf("%s %d–%d “%s”", v.FirstPassage.ArticleID, v.FirstPassage.Start, v.FirstPassage.End, clip(v.FirstPassage.Text, 50))
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", v.Time.UTC().Format("2006-01-02 15:04"), v.Vote, v.Outcome, clip(v.Question, 50), p)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "\n%d votes (a member's latest on each answer). `talksbot feedback --json` prints them as bank questions.\n", len(r.Votes))
	return nil
}

func cmdGaps(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "gaps")
	asJSON := fs.Bool("json", false, "print JSON")
	n := fs.Int("n", 20, "at most `N` groups; 0: all")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if *n < 0 {
		return fmt.Errorf("gaps: -n %d is out of range: give the most groups to list, or 0 for all", *n)
	}
	if len(pos) > 0 {
		return fmt.Errorf("gaps: usage: talksbot gaps [--json] [-n N]")
	}
	r, err := openFeedback(e, *data)
	if err != nil {
		return fmt.Errorf("gaps: %w", err)
	}
	gaps := feedback.GapsOf(r, *n)
	if *asJSON {
		if gaps == nil {
			gaps = []feedback.Gap{}
		}
		return writeJSON(e.stdout, gaps)
	}
	if len(gaps) == 0 {
		fmt.Fprintln(e.stdout, "No gaps yet: no question recorded as not covered, hedged or voted down.")
		return nil
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "COUNT\tNOT COVERED\tMAY ANSWER\tDOWN\tUP\tKIND\tQUESTION")
	for _, g := range gaps {
		fmt.Fprintf(tw, "%d\t%d\t%d\t%d\t%d\t%s\t%s\n", g.Count, g.Outcomes.NotCovered, g.Outcomes.MayAnswer, g.Down, g.Up, g.Kind, clip(g.Question, 70))
		if len(g.Wordings) > 0 {
			quoted := make([]string, len(g.Wordings))
			for i, w := range g.Wordings {
				quoted[i] = strconv.Quote(clip(w, 40))
			}
			fmt.Fprintf(tw, "\t\t\t\t\t\talso: %s\n", strings.Join(quoted, ", "))
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(e.stdout, "\nCOUNT is answers \"the coverage does not say\" plus down-votes; questions are grouped by similar wording.")
	return nil
}

// clip shortens s to at most n runes, with an ellipsis, on one line.
func clip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
