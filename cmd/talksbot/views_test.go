package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index"
)

// TestViewCommands runs each view command as a user would, as text and as
// JSON, on one data directory.
func TestViewCommands(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		args []string
		into any    // what --json decodes into
		text string // a line the text output has
	}{
		{[]string{"troops"}, &index.TroopsView{}, "U.S. troops in Iraq"},
		{[]string{"parties"}, &index.PartiesView{}, "Mohammed Shia al-Sudani — Prime Minister of Iraq (official, for Iraq)"},
		{[]string{"conditions"}, &index.ConditionsView{}, "prerequisite"},
		{[]string{"timeline"}, &index.TimelineView{}, "2024-01-27"},
		{[]string{"summary"}, &index.Summary{}, "Summary of the coverage: 5 of"},
		{[]string{"summary", "--article", "iraq-us-talks", "-n", "3"}, &index.Summary{}, "Summary of iraq-us-talks: 3 of 16 sentences."},
		{[]string{"summary", "--topic", "Kataib Hezbollah"}, &index.Summary{}, `Summary of the coverage of "Kataib Hezbollah"`},
	}
	for _, tt := range tests {
		t.Run(strings.Join(tt.args, " "), func(t *testing.T) {
			out, _, err := runCmd(t, data, tt.args...)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(out, tt.text) {
				t.Errorf("%v: output lacks %q:\n%s", tt.args, tt.text, out)
			}
			quotes := 0
			for _, line := range strings.Split(out, "\n") {
				if strings.Contains(line, "“") {
					quotes++
					if !strings.Contains(line, "” — ") {
						t.Errorf("%v: quote without its source: %q", tt.args, line)
					}
				}
			}
			if quotes == 0 {
				t.Errorf("%v: no quotes:\n%s", tt.args, out)
			}
			js, _, err := runCmd(t, data, append(tt.args, "--json")...)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal([]byte(js), tt.into); err != nil {
				t.Fatalf("%v --json: %v\n%s", tt.args, err, js)
			}
			if !strings.Contains(js, `"article_id"`) {
				t.Errorf("%v --json has no quotes", tt.args)
			}
		})
	}
	if out, _, _ := runCmd(t, data, "troops"); !strings.Contains(out, "! sources differ") {
		t.Errorf("troops: no disagreement noted:\n%s", out)
	}
	for _, args := range [][]string{
		{"summary", "-n", "0"},
		{"summary", "--article", "no-such-article"},
		{"timeline", "extra"},
	} {
		if _, _, err := runCmd(t, data, args...); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
