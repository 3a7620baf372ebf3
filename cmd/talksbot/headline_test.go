package main

import (
	"strings"
	"testing"
)

// The headline question in the CLI is answered — not hedged — with the
// latest figure first and the 2024 figure after it. (On Discord:
// TestServe asks it through serve and the fake Discord.)
func TestHeadlineAnsweredInTheCLI(t *testing.T) {
	out, _, err := runCmd(t, t.TempDir(), "ask", "How many U.S. troops are in Iraq?")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "Answer: fewer than 2,000") || !strings.Contains(out, "2,500") || strings.Contains(out, "may answer") {
		t.Errorf("ask in the CLI:\n%s", out)
	}
}
