package index_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/internal/banktest"
)

// A pinned question is answered from its pin — the pinned passage first,
// quoted exactly, "answered", with the note — whatever the engine would
// have said; a pinned "does not say" refuses; a pin whose span is not
// whole sentences, or no longer reads as pinned, is retired.
func TestPinsAnswer(t *testing.T) {
	x, _, _ := banktest.Engine(t)
	ctx := context.Background()
	t.Cleanup(func() { x.SetPins(ctx, nil) })

	const q = "What did the Iraqi government say it wanted?"
	before, err := x.Ask(ctx, q, 3)
	if err != nil {
		t.Fatal(err)
	}
	if before.Outcome == index.Answered || before.Pinned != nil {
		t.Fatalf("before pinning: %s; the test needs a question the engine does not answer", before.Outcome)
	}
	// index.Pin the shown third passage (not the engine's first): the pin decides.
	p := before.Passages[len(before.Passages)-1]
	pas, err := x.PinPassage(ctx, p.ArticleID, p.Start, p.End)
	if err != nil {
		t.Fatalf("PinPassage of a shown passage: %v", err)
	}
	states := x.SetPins(ctx, []index.Pin{
		{ID: "p1", Question: q, ArticleID: p.ArticleID, Start: p.Start, End: p.End, Text: pas.Quote},
		{ID: "p2", Question: "Who will pay for the new embassy in Erbil?", NotCovered: true},
		{ID: "p3", Question: "a cut span", ArticleID: p.ArticleID, Start: p.Start + 1, End: p.End, Text: pas.Quote[1:]},
		{ID: "p4", Question: "an edited passage", ArticleID: p.ArticleID, Start: p.Start, End: p.End, Text: pas.Quote + " (sic)"},
		{ID: "p5", Question: "a removed article", ArticleID: "no-such-article", Start: 0, End: 10, Text: "0123456789"},
	})
	for i, want := range []string{"", "", "starts at", "no longer reads", "no article"} {
		if got := states[i].Retired; (want == "") != (got == "") || !strings.Contains(got, want) {
			t.Errorf("pin %s: retired %q; want %q", states[i].Pin.ID, got, want)
		}
	}

	for _, asked := range []string{q, "what did the iraqi government say it wanted"} {
		ans, err := x.Ask(ctx, asked, 3)
		if err != nil {
			t.Fatal(err)
		}
		if ans.Outcome != index.Answered || ans.Pinned == nil || ans.Pinned.ID != "p1" {
			t.Fatalf("Ask(%q) after pinning = %s, pinned %v; want answered from p1", asked, ans.Outcome, ans.Pinned)
		}
		if first := ans.Passages[0]; first.ArticleID != p.ArticleID || first.Start != p.Start || first.Quote != pas.Quote {
			t.Errorf("Ask(%q): first passage %s:%d %q; want the pinned one", asked, first.ArticleID, first.Start, first.Quote)
		}
		for _, o := range ans.Passages[1:] {
			if o.ArticleID == p.ArticleID && o.Start == p.Start {
				t.Errorf("Ask(%q): the pinned passage is shown twice", asked)
			}
		}
	}
	ans, err := x.Ask(ctx, "who will pay for the new embassy in erbil", 3)
	if err != nil {
		t.Fatal(err)
	}
	if ans.Outcome != index.NotCovered || ans.Pinned == nil || ans.Reason == "" {
		t.Errorf("pinned refusal: %s, pinned %v, reason %q; want not covered from p2", ans.Outcome, ans.Pinned, ans.Reason)
	}
	// An unrelated question is not answered from a pin.
	if ans, _ := x.Ask(ctx, "How many U.S. troops are in Iraq?", 3); ans.Pinned != nil {
		t.Errorf("the headline question was answered from pin %s", ans.Pinned.ID)
	}
	if _, err := x.PinPassage(ctx, p.ArticleID, p.Start, p.End-1); !errors.Is(err, index.ErrBadPin) {
		t.Errorf("PinPassage of a cut sentence: %v; want index.ErrBadPin", err)
	}
}
