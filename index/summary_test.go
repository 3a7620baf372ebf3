package index

import (
	"context"
	"regexp"
	"strings"
	"testing"
)

// TestCoverageSummaryMilestones checks that the summary of the whole
// coverage, at the length /summary shows (8) and the CLI's default (5),
// has the talks' milestones: the end date agreed in September 2024 and the
// drawdown of September 2025; and at every length none of its sentences
// leans on the one before it.
func TestCoverageSummaryMilestones(t *testing.T) {
	x, _ := engineForTest(t)
	ctx := context.Background()
	for _, n := range []int{0, 8} {
		s, err := x.Summary(ctx, SummaryOptions{N: n})
		if err != nil {
			t.Fatal(err)
		}
		var texts []string
		for _, x := range s.Sentences {
			texts = append(texts, x.Quote.Published+" "+x.Quote.Text)
		}
		all := strings.Join(texts, "\n")
		for what, re := range map[string]string{
			"the end date agreed in September 2024": `(?im)^2024-09-\d\d .*\bmission\b.*\bend\b.*\b2025\b`,
			"the drawdown of September 2025":        `(?im)^2025-09-\d\d .*\b(?:falls|fell|fewer|reduc\w*|cut|drawing down|drawdown|left)\b`,
		} {
			if !regexp.MustCompile(re).MatchString(all) {
				t.Errorf("Summary(N %d) misses %s:\n%s", n, what, all)
			}
		}
	}
	// An independent list of what leans back: a pronoun or a bare
	// quantifier as subject, "then", a clause opening with "this".
	leans := regexp.MustCompile(`^(?:He|She|It|They|This|These|That|Those|Some|Others|Most|The rest)\b|^[^,]*, (?:he|she|they)\b|\bthen\b|, and this\b`)
	for n := 1; n <= summaryMax; n++ {
		s, err := x.Summary(ctx, SummaryOptions{N: n})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range s.Sentences {
			if leans.MatchString(x.Quote.Text) {
				t.Errorf("Summary(N %d) has %q, which needs the sentence before it", n, x.Quote.Text)
			}
		}
	}
}

func TestDangling(t *testing.T) {
	for _, c := range []struct {
		s    string
		want bool
	}{
		{"Some could stay there after 2026 because the Kurdistan Regional Government wants them.", true},
		{"The rest would leave by the end of 2026, according to the sources.", true},
		{"The attack killed 3 U.S. soldiers and injured 47.", true},
		{"The decision came after nine months of talks in the Higher Military Commission (HMC).", true},
		{"Speaking on 31 December 2025, he said Ain al-Asad would be handed over the following week.", true},
		{"A timetable will then be set for gradually reducing the coalition's advisers.", true},
		{"The aim is to stop ISIS from re-emerging, and this support is subject to conditions on the ground.", true},
		{"They resumed on 11 February 2024.", true},
		{"Most of them left in 2011.", true},
		{"Some U.S. troops will stay in Erbil.", false},
		{"The coalition was formed in 2014.", false},
		{"The talks will run through a higher military commission.", false},
		{"The primary objective of these talks is to assess the extent of the threat posed by ISIS.", false},
		{"As the talks progress, it will be crucial for all parties to strike a balance.", false},
		{"The first formal session of the talks was held in Baghdad on 27 January 2024.", false},
		{"Later reports said the Iraqi army had taken full control of Ain al-Asad by 17 January 2026.", false},
	} {
		if got := dangling(c.s); got != c.want {
			t.Errorf("dangling(%q) = %v; want %v", c.s, got, c.want)
		}
	}
}
