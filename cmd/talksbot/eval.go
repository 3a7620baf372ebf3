package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/talksbot/talksbot/index/eval"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// cmdEval scores the engine and the baseline on question sets, in a
// throwaway index of the embedded corpus and the real test pages: the
// figures do not depend on what a data directory holds.
func cmdEval(ctx context.Context, e env, args []string) error {
	fs, _ := newFlags(e, "eval")
	asJSON := fs.Bool("json", false, "print JSON, with every question's result")
	verbose := fs.Bool("v", false, "list the questions the engine gets wrong")
	pagesDir := fs.String("pages", ingest.TestPagesDir, "the real test pages the bank's \"fixture:\" questions are about")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) == 0 {
		return fmt.Errorf("eval: usage: talksbot eval [--json] [-v] [--pages DIR] FILE…")
	}
	var sets []eval.Set
	var convs []eval.ConvSet
	var setNames, convNames []string
	needPages := false
	for _, p := range pos {
		if isConversations(p) {
			c, err := eval.LoadConvSet(p)
			if err != nil {
				return fmt.Errorf("eval: %w", err)
			}
			convs, convNames = append(convs, c), append(convNames, p)
			continue
		}
		setNames = append(setNames, p)
		set, err := eval.Load(p)
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		needPages = needPages || len(set.PagesNeeded()) > 0
		sets = append(sets, set)
	}
	pages := map[string]*corpus.Article{}
	if needPages {
		if pages, err = ingest.TestPages(ctx, e.extractor(nil), *pagesDir); err != nil {
			return fmt.Errorf("eval: %w (run from the repository's root, or give --pages)", err)
		}
	}
	articles, ids, err := corpus.WithTestPages(pages)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	dir, err := os.MkdirTemp("", "talksbot-eval-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	x, err := index.Create(ctx, filepath.Join(dir, "ix"), articles, nil)
	if err != nil {
		return fmt.Errorf("eval: %w", err)
	}
	defer x.Close()
	var reps []eval.Report
	for i := range sets {
		if err := sets[i].ResolvePages(ids); err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		rep, err := eval.Evaluate(ctx, x, articles, sets[i], nil)
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		reps = append(reps, rep)
	}
	var convReps []eval.ConvReport
	for _, c := range convs {
		rep, err := eval.EvaluateConversations(ctx, x, articles, c, nil)
		if err != nil {
			return fmt.Errorf("eval: %w", err)
		}
		convReps = append(convReps, rep)
	}
	if *asJSON {
		out := map[string]any{}
		for i, p := range setNames {
			out[p] = reps[i]
		}
		for i, p := range convNames {
			out[p] = convReps[i]
		}
		return writeJSON(e.stdout, out)
	}
	if len(reps) > 0 {
		writeEval(e.stdout, setNames, reps, *verbose)
	}
	for i, rep := range convReps {
		writeConvEval(e.stdout, convNames[i], rep, *verbose)
	}
	return nil
}

func writeEval(w io.Writer, names []string, reps []eval.Report, verbose bool) {
	pct := func(v float64) string { return fmt.Sprintf("%.1f%%", 100*v) }
	ratio := func(n, d int) string {
		if d == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(n)/float64(d), n, d)
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tsystem\tquestions\ttop-1\ttop-3\tMRR\tanswered: right\tmay answer: among 3\tdoes not say: true\tshort answers: right\t")
	row := func(name string, s eval.Scores) {
		fmt.Fprintf(tw, "%s\t%s\t%d (%d unanswerable)\t%s\t%s\t%.3f\t%s\t%s\t%s\t%s\t\n", name, s.System, s.Questions, s.Unanswerable,
			pct(s.Top1), pct(s.Top3), s.MRR, ratio(s.AnsweredRight, s.Answered), ratio(s.MayAnswerRight, s.MayAnswer),
			ratio(s.NotCoveredRight, s.NotCovered), ratio(s.ShortRight, s.ShortAnswers))
	}
	for i, rep := range reps {
		row(names[i], rep.Engine)
		row("", rep.Baseline)
		if rep.Pages != nil {
			row("  real pages", rep.Pages.Engine)
			row("", rep.Pages.Baseline)
		}
	}
	tw.Flush()
	for i, rep := range reps {
		fmt.Fprintf(w, "\n%s: kinds classified as the set says %.1f%%; answered right %s of answerable, does not say %s of unanswerable\n",
			names[i], 100*rep.Engine.KindAccuracy, pct(rep.Engine.AnsweredRecall), pct(rep.Engine.NotCoveredRecall))
		if !verbose {
			continue
		}
		for _, q := range rep.Questions {
			wrong := q.Answerable && (q.Rank != 1 || q.Outcome != index.Answered) || !q.Answerable && q.Outcome != index.NotCovered || q.Answer != "" && !q.AnswerRight
			if wrong {
				fmt.Fprintf(w, "- %q [%s→%s] %s rank=%d p=%.2f/%.2f\n  answer: %s\n  top: %s\n", q.Q, q.Kind, q.Got, q.Outcome, q.Rank, q.PAnswer, q.PCovered, q.Answer, q.TopQuote)
			}
		}
	}
}
