package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index"
)

// runCmd runs the program as a user would, with a fake environment.
func runCmd(t *testing.T, data string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errb bytes.Buffer
	getenv := func(k string) string {
		switch k {
		case "TALKSBOT_DATA":
			return data
		case "TALKSBOT_EXTRACT":
			return testExtractor // talksbot never builds one unasked (useExtractor)
		}
		return ""
	}
	err = run(context.Background(), args, getenv, &out, &errb)
	return out.String(), errb.String(), err
}

func TestAskJSONQuotesAreVerbatim(t *testing.T) {
	data := t.TempDir()
	out, _, err := runCmd(t, data, "ask", "--json", "-n", "5", "How many U.S. troops are in Iraq?")
	if err != nil {
		t.Fatal(err)
	}
	var ans index.Answer
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatalf("ask --json is not JSON: %v\n%s", err, out)
	}
	if ans.Outcome == index.NotCovered || ans.Kind != index.KindCount || len(ans.Passages) != 5 || !strings.Contains(ans.Passages[0].Quote+ans.Passages[1].Quote, "2,") {
		t.Fatalf("ask --json = %+v", ans)
	}
	for _, p := range ans.Passages {
		show, _, err := runCmd(t, data, "show", "--json", p.ArticleID)
		if err != nil {
			t.Fatal(err)
		}
		var art struct{ Body string }
		json.Unmarshal([]byte(show), &art)
		if art.Body[p.Start:p.End] != p.Quote {
			t.Errorf("quote %q is not body[%d:%d] of %s", p.Quote, p.Start, p.End, p.ArticleID)
		}
		if strings.ContainsAny(p.Quote, "*\x1b") && !strings.Contains(art.Body, p.Quote) {
			t.Errorf("JSON quote carries markup: %q", p.Quote)
		}
	}
	// The raw JSON has the documented keys.
	for _, key := range []string{`"question"`, `"kind"`, `"found"`, `"answer"`, `"passages"`, `"quote"`, `"article_id"`, `"title"`, `"outlet"`, `"url"`, `"published"`, `"score"`} {
		if !strings.Contains(out, key) {
			t.Errorf("ask --json lacks %s", key)
		}
	}
}

func TestAskTextAndNotFound(t *testing.T) {
	data := t.TempDir()
	out, _, err := runCmd(t, data, "ask", "Who", "is", "the", "military", "spokesman", "for", "Sudani?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Maj. Gen. Yahya Rasool") || !strings.Contains(out, "spokesman*") {
		t.Errorf("ask text output:\n%s", out)
	}
	out, _, err = runCmd(t, data, "ask", "What is the salary of the French ambassador to Norway?")
	if err != nil {
		t.Fatalf("not found must exit 0: %v", err)
	}
	// Never "Answer:" for what the coverage does not say; hedged or refused.
	if strings.Contains(out, "Answer:") || !strings.Contains(out, "The coverage does not say") && !strings.Contains(out, "may answer it") && !strings.Contains(out, "The coverage never mentions") {
		t.Errorf("unanswerable question output:\n%s", out)
	}
}

func TestErrors(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"ask"}, "no question"},
		{[]string{"ask", "   "}, "question is empty"},
		{[]string{"ask", strings.Repeat("why ", 80)}, "too long"},
		{[]string{"show", "no-such-article"}, "no article"},
		{[]string{"frobnicate"}, "unknown command"},
		{[]string{"eval", "/no/such/file.json"}, "read question set"},
	}
	for _, tt := range tests {
		_, _, err := runCmd(t, data, tt.args...)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("talksbot %v = %v; want an error containing %q", tt.args, err, tt.want)
		}
	}
}

func TestSourcesJSON(t *testing.T) {
	out, _, err := runCmd(t, t.TempDir(), "sources", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	if len(rows) != 30 {
		t.Errorf("sources = %d articles; want 30", len(rows))
	}
	for _, key := range []string{"id", "title", "outlet", "published", "kind", "passages"} {
		if _, ok := rows[0][key]; !ok {
			t.Errorf("sources --json row lacks %q", key)
		}
	}
}

// CMD --help prints the command's usage, what it does and its options on
// stdout, and is not an error (main exits 0 on flag.ErrHelp).
func TestCommandHelp(t *testing.T) {
	dir := t.TempDir()
	for _, c := range commands {
		out, _, err := runCmd(t, dir, c.name, "--help")
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: %v", c.name, err)
		}
		if !strings.HasPrefix(out, "Usage: talksbot "+c.name) || !strings.Contains(out, "Options:\n  -") {
			t.Errorf("%s --help printed:\n%s", c.name, out)
		}
		if byHelp, _, err := runCmd(t, dir, "help", c.name); !errors.Is(err, flag.ErrHelp) || byHelp != out {
			t.Errorf("help %s: %v, printed:\n%s\nwant what %s --help prints", c.name, err, byHelp, c.name)
		}
	}
	if out, _, _ := runCmd(t, t.TempDir(), "ask", "--help"); !strings.Contains(out, "Examples:\n  talksbot ask \"") {
		t.Errorf("ask --help shows no examples:\n%s", out)
	}
}

// An unknown flag is one error, said once, with a pointer to the help: no
// usage dump on stdout, nothing on stderr (main prints the error).
func TestUnknownFlagReportedOnce(t *testing.T) {
	for _, c := range commands {
		out, errOut, err := runCmd(t, t.TempDir(), c.name, "--bogus")
		if err == nil {
			t.Errorf("%s --bogus: no error", c.name)
			continue
		}
		if out != "" || errOut != "" {
			t.Errorf("%s --bogus printed stdout %q stderr %q; want only the returned error", c.name, out, errOut)
		}
		if msg := err.Error(); strings.Count(msg, "-bogus") != 1 || !strings.Contains(msg, "talksbot "+c.name+" --help") {
			t.Errorf("%s --bogus: error %q; want -bogus named once and the help pointed to", c.name, msg)
		}
	}
}

// -n outside 1–25 is an error naming the range, not quietly clamped.
func TestPassagesOutOfRange(t *testing.T) {
	for _, n := range []string{"0", "-3", "26", "999"} {
		for _, cmd := range []string{"ask", "chat"} {
			args := []string{cmd, "-n", n}
			if cmd == "ask" {
				args = append(args, "How many U.S. troops are in Iraq?")
			}
			_, _, err := runCmd(t, t.TempDir(), args...)
			if err == nil || !strings.Contains(err.Error(), "out of range") || !strings.Contains(err.Error(), "1 to 25") {
				t.Errorf("%s -n %s: %v; want an out-of-range error", cmd, n, err)
			}
		}
	}
	if _, _, err := runCmd(t, t.TempDir(), "ask", "-n", "25", "How many U.S. troops are in Iraq?"); err != nil {
		t.Errorf("ask -n 25: %v", err)
	}
}
