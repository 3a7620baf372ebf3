package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// removedBrief is an embedded brief that answers the troops question.
const removedBrief = "ap-2024-01-25-talks-planned"

// checkRemoved runs ask, sources and show as a user would and fails if
// any of them still has the article.
func checkRemoved(t *testing.T, data, id string) {
	t.Helper()
	out, errOut, err := runCmd(t, data, "ask", "--json", "-n", "10", "How many U.S. troops are in Iraq?")
	var ans index.Answer
	if err != nil || json.Unmarshal([]byte(out), &ans) != nil || len(ans.Passages) == 0 {
		t.Fatalf("ask: %v\n%s%s", err, out, errOut)
	}
	for _, p := range ans.Passages {
		if p.ArticleID == id {
			t.Errorf("ask still quotes the removed %s: %q", id, p.Quote)
		}
	}
	out, _, err = runCmd(t, data, "sources", "--json")
	var rows []control.Source
	if err != nil || json.Unmarshal([]byte(out), &rows) != nil || len(rows) == 0 {
		t.Fatalf("sources: %v\n%s", err, out)
	}
	for _, r := range rows {
		if r.ID == id {
			t.Errorf("sources still lists the removed %s", id)
		}
	}
	if _, _, err := runCmd(t, data, "show", id); err == nil || !strings.Contains(err.Error(), "no article") {
		t.Errorf("show %s = %v; want no article", id, err)
	}
}

func TestRemoveCommand(t *testing.T) {
	data := t.TempDir()
	if out, errOut, err := runCmd(t, data, "show", removedBrief); err != nil {
		t.Fatalf("show %s before the removal: %v\n%s%s", removedBrief, err, out, errOut)
	}
	out, errOut, err := runCmd(t, data, "remove", removedBrief)
	if err != nil || !strings.Contains(out, "✓ removed "+removedBrief) {
		t.Fatalf("remove %s = %v\n%s%s", removedBrief, err, out, errOut)
	}
	if strings.Contains(errOut, "level=") {
		t.Errorf("remove printed log lines (slog is serve's): %q", errOut)
	}
	checkRemoved(t, data, removedBrief)

	for _, c := range []struct {
		args []string
		want string // in stderr
	}{
		{[]string{"remove", "no-such-article"}, "✗ no-such-article: no such article (talksbot sources lists the ids)\n"},
		{[]string{"remove", removedBrief}, "no such article"}, // already removed
		{[]string{"remove", corpus.SourceArticleID}, "the source article cannot be removed"},
		{[]string{"remove", "../../etc/passwd"}, "not an article id"},
	} {
		_, errOut, err := runCmd(t, data, c.args...)
		if err == nil || !strings.Contains(errOut, c.want) {
			t.Errorf("talksbot %s = %v, stderr %q; want an error (exit 1) saying %q", strings.Join(c.args, " "), err, errOut, c.want)
		}
	}
	if _, _, err := runCmd(t, data, "remove"); err == nil || !strings.Contains(err.Error(), "usage") {
		t.Errorf("remove without an id = %v; want its usage", err)
	}
	// Several ids: the known ones are removed, the command still fails.
	other := "reuters-2024-01-26-talks-agreed"
	out, errOut, err = runCmd(t, data, "remove", "nope", other)
	if err == nil || !strings.Contains(out, "✓ removed "+other) || !strings.Contains(errOut, "✗ nope") {
		t.Errorf("remove nope %s = %v\n%s%s; want %s removed and an error for nope", other, err, out, errOut, other)
	}
	checkRemoved(t, data, other)
}

func TestRemoveThroughARunningServer(t *testing.T) {
	data := shortTempDir(t)
	d := holdData(t, data, true)
	out, errOut, err := runCmd(t, data, "remove", removedBrief)
	if err != nil || !strings.Contains(out, "✓ removed "+removedBrief) || !strings.Contains(errOut, "going through it") {
		t.Fatalf("remove through the server = %v\n%s%s", err, out, errOut)
	}
	if d.Store.Has(removedBrief) {
		t.Errorf("the serving process's store still has %s", removedBrief)
	}
	checkRemoved(t, data, removedBrief)
	_, errOut, err = runCmd(t, data, "remove", "no-such-article")
	if err == nil || !strings.Contains(errOut, "no such article") {
		t.Errorf("remove of an unknown id through the server = %v, %q; want no such article", err, errOut)
	}
}
