package main

import (
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot/feedback"
	"github.com/talksbot/talksbot/index"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		os.MkdirAll("testdata", 0o755)
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to write it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n%s\nwant:\n%s", path, got, want)
	}
}

// feedbackData is a data directory with votes and questions recorded as
// the bot records them.
func feedbackData(t *testing.T) string {
	t.Helper()
	data := t.TempDir()
	st, err := feedback.Open(data)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	at := func(m int) time.Time { return time.Date(2024, 2, 1, 10, m, 0, 0, time.UTC) }
	troops := feedback.Passage{ArticleID: "ap-2024-01-25-talks-planned", Start: 804, End: 880, Text: "About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria."}
	rasool := feedback.Passage{ArticleID: "iraq-us-talks", Start: 1210, End: 1290, Text: "Maj. Gen. Yahya Rasool, the military spokesman for the Iraqi prime minister, said the talks would begin soon."}
	for _, v := range []struct {
		user string
		v    feedback.Vote
	}{
		{"300000000000000001", feedback.Vote{Time: at(0), AnswerID: "msg-1", Question: "How many U.S. troops are in Iraq?", Outcome: index.MayAnswer, FirstPassage: troops, Vote: feedback.Up}},
		{"300000000000000002", feedback.Vote{Time: at(1), AnswerID: "msg-1", Question: "How many U.S. troops are in Iraq?", Outcome: index.MayAnswer, FirstPassage: troops, Vote: feedback.Up}},
		{"300000000000000003", feedback.Vote{Time: at(2), AnswerID: "msg-2", Question: "who speaks for the iraqi army", Outcome: index.MayAnswer, FirstPassage: rasool, Vote: feedback.Down}},
		{"300000000000000003", feedback.Vote{Time: at(3), AnswerID: "msg-3", Question: "hw mny troops r in syria", Outcome: index.MayAnswer, FirstPassage: troops, Vote: feedback.Down}},
		{"300000000000000003", feedback.Vote{Time: at(4), AnswerID: "msg-3", Question: "hw mny troops r in syria", Outcome: index.MayAnswer, FirstPassage: troops, Vote: feedback.Up}}, // changed their mind
		{"300000000000000001", feedback.Vote{Time: at(5), AnswerID: "msg-4", Question: "who pays for the bases", Outcome: index.NotCovered, Vote: feedback.Down}},
	} {
		if err := st.RecordVote(v.user, v.v); err != nil {
			t.Fatal(err)
		}
	}
	for i, a := range []struct {
		q string
		o index.Outcome
	}{
		{"how many us troops in iraq", index.NotCovered},
		{"hw many US troops r in iraq?", index.MayAnswer},
		{"number of american soldiers iraq", index.NotCovered},
		{"who pays for the bases", index.NotCovered},
		{"who pays for the US bases in iraq", index.NotCovered},
		{"when did the talks start", index.MayAnswer},
		{"wen did talks strt", index.NotCovered},
	} {
		if err := st.RecordAsked(feedback.Asked{Time: at(10 + i), Question: a.q, Outcome: a.o}); err != nil {
			t.Fatal(err)
		}
	}
	return data
}

// The commands read the store while serve holds the data directory,
// through the same table and flags as the others.
func TestFeedbackCommands(t *testing.T) {
	data := feedbackData(t)
	d, err := index.OpenData(context.Background(), data, nil) // the data directory's lock, as serve holds it
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()

	out, _, err := runCmd(t, data, "feedback")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "feedback.txt", out)
	if strings.Contains(out, "300000000000000003") || strings.Count(out, "hw mny troops r in syria") != 1 {
		t.Errorf("feedback lists a raw member id or a replaced vote:\n%s", out)
	}

	out, _, err = runCmd(t, data, "feedback", "--json")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "feedback.json", out)
	var set feedback.BankSet
	if err := json.Unmarshal([]byte(out), &set); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, q := range set.Questions {
		s := q.Q + ": todo"
		if q.Answerable != nil && *q.Answerable {
			s = q.Q + ": expects " + q.Expect[0].Article
		}
		got = append(got, s)
	}
	want := "[How many U.S. troops are in Iraq?: expects ap-2024-01-25-talks-planned who speaks for the iraqi army: todo hw mny troops r in syria: expects ap-2024-01-25-talks-planned who pays for the bases: todo]"
	if s := "[" + strings.Join(got, " ") + "]"; s != want {
		t.Errorf("feedback --json = %s; want %s", s, want)
	}
	// Saved as a question set, eval refuses it until labelled.
	path := filepath.Join(t.TempDir(), "votes.json")
	os.WriteFile(path, []byte(out), 0o644)
	if _, _, err := runCmd(t, data, "eval", path); err == nil || !strings.Contains(err.Error(), "not labelled yet") {
		t.Errorf("eval of unlabelled feedback = %v; want refused", err)
	}

	out, _, err = runCmd(t, data, "gaps")
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "gaps.txt", out)

	out, _, err = runCmd(t, data, "gaps", "--json", "-n", "2")
	if err != nil {
		t.Fatal(err)
	}
	var gaps []feedback.Gap
	if err := json.Unmarshal([]byte(out), &gaps); err != nil {
		t.Fatal(err)
	}
	// Two groups of weight 2: the one also hedged comes first.
	if len(gaps) != 2 || gaps[0].Question != "How many U.S. troops are in Iraq?" || len(gaps[0].Wordings) != 3 || gaps[0].Count != 2 || gaps[0].Outcomes.MayAnswer != 1 || gaps[0].Up != 2 ||
		gaps[1].Question != "who pays for the bases" || gaps[1].Count != 2 || gaps[1].Down != 1 || gaps[1].Outcomes.NotCovered != 1 {
		t.Errorf("gaps --json -n 2 = %+v", gaps)
	}
}

func TestFeedbackCommandsEmptyAndDamaged(t *testing.T) {
	data := t.TempDir()
	if out, _, err := runCmd(t, data, "feedback"); err != nil || out != "No votes yet.\n" {
		t.Errorf("feedback on an empty directory = %q, %v", out, err)
	}
	if out, _, err := runCmd(t, data, "gaps", "--json"); err != nil || out != "[]\n" {
		t.Errorf("gaps --json on an empty directory = %q, %v", out, err)
	}
	if _, err := os.Stat(filepath.Join(data, feedback.Subdir)); err == nil {
		t.Error("reading created the feedback directory")
	}
	if _, _, err := runCmd(t, filepath.Join(data, "missing"), "gaps"); err == nil {
		t.Error("gaps on a missing data directory succeeded")
	}
	if _, _, err := runCmd(t, data, "feedback", "extra"); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("talksbot feedback extra = %v; want a usage error", err)
	}
	const negative = "gaps: -n -1 is out of range: give the most groups to list, or 0 for all"
	if _, _, err := runCmd(t, data, "gaps", "-n", "-1"); err == nil || err.Error() != negative {
		t.Errorf("talksbot gaps -n -1 = %v; want %q", err, negative)
	}

	data = feedbackData(t)
	seg := filepath.Join(data, feedback.Subdir, "asked-000001.jsonl")
	f, _ := os.OpenFile(seg, os.O_WRONLY|os.O_APPEND, 0)
	f.WriteString(`{"time":"2024-02-01T11:00:00Z","quest`) // a crash mid-write
	f.Close()
	out, stderr, err := runCmd(t, data, "gaps", "--json")
	if err != nil || !strings.Contains(stderr, "1 damaged or unfinished feedback line(s) skipped") || !strings.Contains(out, "who pays for the bases") {
		t.Errorf("gaps with a torn line: %v, stderr %q, out:\n%s", err, stderr, out)
	}
}
