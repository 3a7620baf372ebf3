package main

import (
	"context"
	"fmt"
	"text/tabwriter"

	"github.com/talksbot/talksbot/index"
)

func cmdEval(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "eval")
	asJSON := fs.Bool("json", false, "print JSON, with every question's result")
	verbose := fs.Bool("v", false, "list the questions the engine gets wrong")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("eval: usage: talksbot eval [--json] [-v] FILE")
	}
	set, err := index.LoadEvalSet(pos[0])
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	d, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	defer d.Close()
	articles, _ := d.Store.Load()
	rep, err := index.Evaluate(ctx, d.Index, articles, set)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	if *asJSON {
		return writeJSON(e.stdout, rep)
	}
	fmt.Fprintf(e.stdout, "%s: %d questions (%d answerable, %d unanswerable)\n\n", pos[0], len(set.Questions), rep.Engine.Answerable, rep.Engine.Unanswerable)
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "system\ttop-1\ttop-3\tMRR\tabstains (unanswerable)\tanswers (answerable)\tfound+correct\t")
	for _, s := range []index.Scores{rep.Engine, rep.Baseline} {
		fmt.Fprintf(tw, "%s\t%.1f%%\t%.1f%%\t%.3f\t%.1f%%\t%.1f%%\t%.1f%%\t\n", s.System, 100*s.Top1, 100*s.Top3, s.MRR, 100*s.Abstain, 100*s.Answered, 100*s.Correct)
	}
	tw.Flush()
	fmt.Fprintf(e.stdout, "\nquestion kinds classified as the set says: %.1f%%\n", 100*rep.Engine.KindAccuracy)
	en := rep.Engine
	fmt.Fprintf(e.stdout, "short answers: %d of %d answerable questions get one, %d of them with a value quoted from a passage that answers the question\n"+
		"  (%d of their %d values are); %d of %d unanswerable questions get one\n",
		en.ShortAnswers, en.Answerable, en.ShortRight, en.ClaimsRight, en.Claims, en.ShortUnanswerable, en.Unanswerable)
	if *verbose {
		for _, q := range rep.Questions {
			if q.Answerable && (q.Rank != 1 || !q.Found || q.Answer != "" && !q.AnswerRight) || !q.Answerable && q.Found || q.Kind != q.Got {
				fmt.Fprintf(e.stdout, "\n- %q [%s→%s] found=%v rank=%d\n  answer: %s\n  top: %s\n", q.Q, q.Kind, q.Got, q.Found, q.Rank, q.Answer, q.TopQuote)
			}
		}
	}
	return nil
}
