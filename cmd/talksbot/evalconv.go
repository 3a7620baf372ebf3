package main

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/talksbot/talksbot/index/eval"
)

// isConversations is whether a set file holds conversations (follow-up
// turns) rather than questions.
func isConversations(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, 200)
	n, _ := io.ReadFull(f, head)
	return bytes.Contains(head[:n], []byte(`"conversations"`))
}

func writeConvEval(w io.Writer, name string, rep eval.ConvReport, verbose bool) {
	ratio := func(n, d int) string {
		if d == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f%% (%d/%d)", 100*float64(n)/float64(d), n, d)
	}
	fmt.Fprintf(w, "\n%s: %d conversations\n", name, rep.Conversations)
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "system\tturns right\tfollow-ups right\tfollow-ups top-1\tfollow-ups top-3\tfollow-ups answered: right\t")
	for _, s := range rep.Systems {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.1f%%\t%.1f%%\t%s\t\n", s.System, ratio(s.Right, s.Turns), ratio(s.FollowUpsRight, s.FollowUps),
			100*s.Later.Top1, 100*s.Later.Top3, ratio(s.Later.AnsweredRight, s.Later.Answered))
	}
	tw.Flush()
	if !verbose {
		return
	}
	for _, t := range rep.Turns {
		if !t.Right {
			fmt.Fprintf(w, "- %s/%d %q read after %q (writer: %q) %s rank=%d\n  top: %s\n", t.ID, t.Turn, t.Q, t.ReadAfter, t.Want, t.Outcome, t.Rank, t.TopQuote)
		}
	}
}
