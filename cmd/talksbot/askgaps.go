package main

import (
	"fmt"

	"github.com/talksbot/talksbot/bot/feedback"
	"github.com/talksbot/talksbot/index"
)

// gapNotes records, in the data directory's feedback store, the questions
// a terminal user asked that the coverage did not answer or answered
// hedged — as serve records Discord's — so talksbot gaps (and /gaps)
// list them. On a data directory this process cannot write it records
// and creates nothing.
type gapNotes struct {
	e  env
	st *feedback.Store // nil: nothing is recorded
}

// openGapNotes opens the data directory's feedback store for recording
// gaps; a store that cannot be opened, or only read, records nothing.
func openGapNotes(e env, data string) *gapNotes {
	g := &gapNotes{e: e}
	st, err := feedback.Open(data)
	if err != nil {
		return g
	}
	if st.ReadOnly() {
		st.Close()
		return g
	}
	g.st = st
	return g
}

// note records q when a says the coverage does not say, or may answer it
// (an answer from a pin is the moderators' and no gap). A record that
// fails is said in one line on stderr; the answer stands.
func (g *gapNotes) note(q string, a index.Answer) {
	if g == nil || g.st == nil || a.Outcome == index.Answered || a.Pinned != nil || a.Outcome == "" {
		return
	}
	if err := g.st.RecordAsked(feedback.Asked{Question: q, Outcome: a.Outcome}); err != nil {
		fmt.Fprintf(g.e.stderr, "talksbot: the question was not recorded for talksbot gaps: %v\n", err)
	}
}

// Close releases the store.
func (g *gapNotes) Close() {
	if g != nil && g.st != nil {
		g.st.Close()
	}
}

// recording is ask with each turn's answer noted: a follow-up as its
// standalone question and the one it followed, as the bot writes it.
func (g *gapNotes) recording(ask func(index.Turn) (index.Answer, error)) func(index.Turn) (index.Answer, error) {
	return func(t index.Turn) (index.Answer, error) {
		a, err := ask(t)
		if err == nil {
			q := t.Standalone
			if t.FollowUp && t.Context != "" {
				q += " (after “" + t.Context + "”)"
			}
			g.note(q, a)
		}
		return a, err
	}
}
