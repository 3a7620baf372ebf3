package feedback

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index/eval"

	"github.com/talksbot/talksbot/index"
)

func TestBank(t *testing.T) {
	troops := Passage{ArticleID: "ap-2024-01-25-talks-planned", Start: 804, End: 880, Text: "About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria."}
	other := Passage{ArticleID: "iraq-us-talks", Start: 10, End: 60, Text: "The talks began in Baghdad."}
	v := func(q, vote string, o index.Outcome, p Passage) Vote {
		return Vote{Time: t0, AnswerID: q + p.ArticleID, Question: q, Outcome: o, FirstPassage: p, Vote: vote}
	}
	set := Bank([]Vote{
		v("how many us troops in iraq", Up, index.MayAnswer, troops),
		v("How many US troops in Iraq ", Up, index.MayAnswer, troops), // the same question
		v("when did the talks start", Down, index.MayAnswer, other),
		v("who pays for the bases", Up, index.NotCovered, other), // agreeing the coverage does not say
		v("is it over", Up, index.Answered, troops),
		v("is it over", Down, index.Answered, troops), // contradicted: to label
		v("hw mny troops r in syria", Down, index.MayAnswer, other),
		v("hw mny troops r in syria", Up, index.MayAnswer, troops),
	})
	type want struct {
		q          string
		kind       index.Kind
		answerable bool // else null and label todo
		expect     string
		up, down   int
	}
	wants := []want{
		{"how many us troops in iraq", index.KindCount, true, "ap-2024-01-25-talks-planned", 2, 0},
		{"when did the talks start", index.KindWhen, false, "", 0, 1},
		{"who pays for the bases", index.KindWho, false, "", 1, 0},
		{"is it over", index.KindYesNo, false, "", 1, 1},
		{"hw mny troops r in syria", index.KindCount, true, "ap-2024-01-25-talks-planned", 1, 1},
	}
	if len(set.Questions) != len(wants) {
		t.Fatalf("Bank = %d questions; want %d: %+v", len(set.Questions), len(wants), set.Questions)
	}
	for i, w := range wants {
		q := set.Questions[i]
		up, down := 0, 0
		for _, b := range q.Votes {
			up, down = up+b.Up, down+b.Down
		}
		if q.Q != w.q || q.Kind != w.kind || q.Style != "chat" || up != w.up || down != w.down {
			t.Errorf("question %d = %q %s %s, %d up %d down; want %q %s chat, %d up %d down", i, q.Q, q.Kind, q.Style, up, down, w.q, w.kind, w.up, w.down)
		}
		switch {
		case w.answerable && (q.Answerable == nil || !*q.Answerable || q.Label != "" || len(q.Expect) != 1 || q.Expect[0].Article != w.expect ||
			!strings.Contains(troops.Text, q.Expect[0].Contains)):
			t.Errorf("%q: answerable %v, label %q, expect %+v; want answerable, expecting %s", q.Q, q.Answerable, q.Label, q.Expect, w.expect)
		case !w.answerable && (q.Answerable != nil || q.Label != eval.LabelTodo || len(q.Expect) != 0):
			t.Errorf("%q: answerable %v, label %q, expect %+v; want null, todo, none", q.Q, q.Answerable, q.Label, q.Expect)
		}
		if q.Note == "" {
			t.Errorf("%q has no note", q.Q)
		}
	}

	// As JSON: "answerable": null for a person to see; talksbot eval
	// refuses the set until the todo questions are labelled, and takes
	// the answerable ones as they are.
	data, _ := json.Marshal(set)
	if !strings.Contains(string(data), `"answerable":null`) || !strings.Contains(string(data), `"label":"todo"`) {
		t.Errorf("bank JSON lacks null answerable or the todo label: %s", data)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "feedback.json")
	os.WriteFile(path, data, 0o644)
	if _, err := eval.Load(path); err == nil || !strings.Contains(err.Error(), "not labelled") {
		t.Errorf("LoadEvalSet(feedback with todo) = %v; want refused", err)
	}
	var labelled BankSet
	for _, q := range set.Questions {
		if q.Label == "" {
			labelled.Questions = append(labelled.Questions, q)
		}
	}
	data, _ = json.Marshal(labelled)
	os.WriteFile(path, data, 0o644)
	es, err := eval.Load(path)
	if err != nil || len(es.Questions) != 2 || es.Questions[0].Expect[0].Contains != troops.Text {
		t.Errorf("LoadEvalSet(up-voted only) = %+v, %v", es, err)
	}
}

func TestPiece(t *testing.T) {
	for text, want := range map[string]string{
		"About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria.": "About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria.",
		// More than 15 words: the first 15.
		"The joint statement said the coalition's military mission in Iraq will end by September 2025 at the latest, the officials said.": "The joint statement said the coalition's military mission in Iraq will end by September 2025",
		// A window: its first sentence of 5 words or more, never both.
		"He named three factors. They are the threat from ISIL, operational requirements and the capacity of Iraq's forces.": "They are the threat from ISIL, operational requirements and the capacity of Iraq's forces.",
		"Maj. Gen. Yahya Rasool said the talks would begin soon. Others disagreed about it.":                                 "Maj. Gen. Yahya Rasool said the talks would begin soon.",
		"  Short one.  ": "Short one.",
	} {
		got := Piece(text)
		if got != want {
			t.Errorf("Piece(%q) = %q; want %q", text, got, want)
		}
		if n := len(strings.Fields(got)); n > 15 || !strings.Contains(text, got) {
			t.Errorf("Piece(%q) = %q: %d words, or not verbatim", text, got, n)
		}
	}
}
