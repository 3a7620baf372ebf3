package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index"
)

// TestPinCommands drives the moderator loop from the terminal on the
// embedded corpus: pin a passage, ask with the same words, see it
// answered from the pin; a span that is not whole sentences is refused in
// one line and stores nothing; a "does not say" pin refuses; unpin undoes.
func TestPinCommands(t *testing.T) {
	data := t.TempDir()
	const q = "Who pays for the bases here?"
	const want = "About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria."

	_, _, err := runCmd(t, data, "pin", q, "--passage", "ap-2024-01-25-talks-planned:805-880")
	if err == nil || strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), "whole sentences") {
		t.Fatalf("pin of a span inside a sentence: err = %v, want one line saying it must be whole sentences", err)
	}
	out, _, err := runCmd(t, data, "pins", "--json")
	if err != nil || strings.TrimSpace(out) != "[]" && strings.TrimSpace(out) != "null" {
		t.Fatalf("pins after a refused pin = %q, %v; want none", out, err)
	}

	out, _, err = runCmd(t, data, "pin", q, "--passage", "ap-2024-01-25-talks-planned:804-880")
	if err != nil || !strings.Contains(out, "pinned") {
		t.Fatalf("pin = %q, %v", out, err)
	}
	out, _, err = runCmd(t, data, "pins", "--json")
	if err != nil {
		t.Fatal(err)
	}
	var pins []struct {
		Pin index.Pin `json:"pin"`
	}
	if err := json.Unmarshal([]byte(out), &pins); err != nil || len(pins) != 1 || pins[0].Pin.Text != want || pins[0].Pin.ID == "" {
		t.Fatalf("pins --json = %s (%v); want the one pin with its text", out, err)
	}
	id := pins[0].Pin.ID

	out, _, err = runCmd(t, data, "ask", "--json", "who pays for the bases here")
	if err != nil {
		t.Fatal(err)
	}
	var ans index.Answer
	if err := json.Unmarshal([]byte(out), &ans); err != nil {
		t.Fatal(err)
	}
	if ans.Outcome != index.Answered || ans.Pinned == nil || len(ans.Passages) == 0 || ans.Passages[0].Quote != want {
		t.Fatalf("ask with the pinned words = %s %+v; want answered from the pin", ans.Outcome, ans.Pinned)
	}

	if _, _, err := runCmd(t, data, "pin", "Does Mars have troops?", "--not-covered"); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, data, "ask", "does mars have troops")
	if err != nil || !strings.Contains(out, "does not say") || !strings.Contains(out, "pinned by the moderators") {
		t.Fatalf("ask after a not-covered pin = %q, %v", out, err)
	}

	if _, _, err := runCmd(t, data, "unpin", id); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, data, "ask", "--json", "who pays for the bases here")
	if err != nil {
		t.Fatal(err)
	}
	ans = index.Answer{}
	if err := json.Unmarshal([]byte(out), &ans); err != nil || ans.Pinned != nil {
		t.Fatalf("ask after unpin still pinned: %s", out)
	}
	if _, _, err := runCmd(t, data, "unpin", id); err == nil {
		t.Fatal("unpin of a removed pin succeeded")
	}
}
