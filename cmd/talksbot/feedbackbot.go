package main

import (
	"context"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/bot/feedback"
	"github.com/talksbot/talksbot/index"
)

// botFeedback keeps the bot's votes and coverage gaps in the data
// directory's feedback store.
type botFeedback struct{ s *feedback.Store }

func (f botFeedback) Vote(ctx context.Context, v bot.Vote) error {
	which := feedback.Down
	if v.Up {
		which = feedback.Up
	}
	rec := feedback.Vote{Time: v.Time, AnswerID: v.AnswerID, Question: v.Question, Outcome: v.Outcome, Vote: which}
	if v.First != nil {
		rec.FirstPassage = feedback.PassageOf(*v.First)
	}
	return f.s.RecordVote(v.Member, rec)
}

func (f botFeedback) Gap(ctx context.Context, q string, o index.Outcome, at time.Time) error {
	return f.s.RecordAsked(feedback.Asked{Time: at, Question: q, Outcome: o})
}

func (f botFeedback) Gaps(ctx context.Context, n int) ([]bot.Gap, error) {
	gs, err := f.s.Gaps(n)
	if err != nil {
		return nil, err
	}
	out := make([]bot.Gap, 0, len(gs))
	for _, g := range gs {
		out = append(out, bot.Gap{Question: g.Question, Newest: g.Newest, Count: g.Count, NotCovered: g.Outcomes.NotCovered,
			MayAnswer: g.Outcomes.MayAnswer, Down: g.Down, Others: g.Wordings})
	}
	return out, nil
}

// openBotFeedback opens the data directory's feedback store for serve and
// starts the vote counters from what it holds.
func openBotFeedback(dir string, m *bot.Metrics) (*feedback.Store, error) {
	s, err := feedback.Open(dir)
	if err != nil {
		return nil, err
	}
	t, err := s.Totals()
	if err != nil {
		s.Close()
		return nil, err
	}
	up, down := 0, 0
	for k, n := range t.Votes {
		if k.Vote == feedback.Up {
			up += n
		} else {
			down += n
		}
	}
	m.StartVotes(up, down)
	return s, nil
}
