package facts

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

// FuzzExtract feeds sentences to the fact extractor, alone and as an
// article: it never panics, and every figure, date and condition cue it
// finds is the text at its offsets in the sentence (the views quote them).
func FuzzExtract(f *testing.F) {
	for _, s := range []string{
		"About 2,500 U.S. troops are in Iraq, and about 900 in Syria, Maj. Gen. Yahya Rasool said on 4 January 2024.",
		"The number of injured was 34, or more than 40, according to the Pentagon.",
		"Once the talks end, a timetable will be set no later than  the   end of 2025; that month, ABOUT ONE THOUSAND left.",
		"\u212a 3 \u017fome 900 the summer before, next week, on Saturday.",
		"", "1", "in 2024", "They include the threat.",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			s = strings.ToValidUTF8(s, "\uFFFD")
		}
		check := func(facts Facts) {
			for _, x := range facts.Figures {
				if x.Start < 0 || x.End > len(s) || x.Start > x.End || s[x.Start:x.End] != x.Text {
					t.Fatalf("figure %q at [%d:%d] is not a span of %q", x.Text, x.Start, x.End, s)
				}
			}
			for _, x := range facts.Dates {
				if x.Start < 0 || x.End > len(s) || x.Start > x.End || s[x.Start:x.End] != x.Text {
					t.Fatalf("date %q at [%d:%d] is not a span of %q", x.Text, x.Start, x.End, s)
				}
			}
			for _, x := range facts.Conditions {
				if x.Start < 0 || x.End > len(s) || x.Start > x.End || s[x.Start:x.End] != x.Text {
					t.Fatalf("cue %q at [%d:%d] is not a span of %q", x.Text, x.Start, x.End, s)
				}
			}
		}
		check(Extract(s, time.Date(2024, 1, 25, 0, 0, 0, 0, time.UTC)))
		check(Extract(s, time.Time{}))
	})
}
