package index

import (
	"context"
	"fmt"
	"regexp"
)

// What the articles report as done on their day: a sentence without a
// date, in a dated article, whose verb says something happened ("said the
// coalition's mission in federal Iraq had ended", "U.S. troops left
// Baghdad", "The number of U.S. troops in Iraq falls by about 20
// percent"). The timeline's events are the sentences with dates; these
// are the news the articles carry without one, dated by the article, so
// that a chart can take a plan's state from the latest article on it.

// doneRe are verbs of something having happened; plannedRe words of what
// is still to come.
var (
	doneRe    = regexp.MustCompile(`\b(?:ended|began|begun|started|left|withdrew|withdrawn|handed over|took (?:full )?control|taken (?:full )?control|falls|fell|was cut|were cut|reduced|closed|suspended|resumed|signed|voted)\b`)
	plannedRe = regexp.MustCompile(`(?i)\b(?:will|would|could|should|may|might|plans?|planned|expected|expects|wants?|wanted|intends?|if|unless)\b`)
)

// reported lists the sentences of dated articles that report, without a
// date of their own, something done: each an event dated by its article
// (origin "published", no date words), in date order.
func (x *Index) reported(ctx context.Context) ([]TimelineEvent, error) {
	ps, _, err := x.viewPassages(ctx, allPassages(), false)
	if err != nil {
		return nil, fmt.Errorf("reported events: %w", err)
	}
	out := []TimelineEvent{}
	for _, p := range ps {
		if p.Published == "" || len(p.facts.Dates) > 0 || dangling(p.Text) {
			continue
		}
		if !doneRe.MatchString(p.Text) || plannedRe.MatchString(p.Text) {
			continue
		}
		out = append(out, TimelineEvent{Date: p.Published, Origin: "published", Quote: p.Quote})
	}
	return out, nil // viewPassages reads in reading order: by date first
}
