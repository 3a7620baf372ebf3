package facts

import (
	"strings"
	"testing"
)

func TestConditionCues(t *testing.T) {
	tests := []struct {
		s     string
		kinds string
	}{
		{"Once this evaluation is complete, a timetable for the departure of U.S. and coalition allies will be established.", "prerequisite timetable"},
		{"Washington had at first demanded that militia attacks stop before any talks could begin.", "prerequisite"},
		{"The aim is to stop ISIS from re-emerging, and this support is subject to conditions on the ground.", "proviso proviso"},
		{"That shift is to follow a timeline based on the ISIS threat.", "timetable basis"},
		{"The coalition will keep supporting operations in Syria until September 2026.", "deadline"},
		{"Forces would start leaving after the U.S. election in November 2024.", "prerequisite"},
		{"The talks will run through a commission the two governments agreed on the summer before, in 2023.", ""},
		{"The decision came after nine months of talks.", ""},
		{"The mission had become \"a factor for instability\", Rasool said.", ""},
	}
	for _, tt := range tests {
		var kinds []string
		for _, c := range ConditionCues(tt.s) {
			kinds = append(kinds, c.Kind)
		}
		if got := strings.Join(kinds, " "); got != tt.kinds {
			t.Errorf("ConditionCues(%q) = %q; want %q", tt.s, got, tt.kinds)
		}
	}
}
