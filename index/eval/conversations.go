package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/talksbot/talksbot/index"

	"github.com/talksbot/talksbot/corpus"
)

// Follow-up evaluation: conversations of two and three turns, each turn
// labelled like a bank question, asked in order. A turn is right when
// its first passage answers it (answerable, and not said "the coverage
// does not say"), or, unanswerable, when it is not said to be answered.

// ConvSet is a file of conversations ({"conversations": […]}).
type ConvSet struct {
	Conversations []Conversation `json:"conversations"`
}

// Conversation is one member's questions in order.
type Conversation struct {
	ID    string     `json:"id"`
	Turns []ConvTurn `json:"turns"`
}

// ConvTurn is a turn: the question as typed, labelled, and as the writer
// would ask it alone (Standalone).
type ConvTurn struct {
	Question
	Standalone string `json:"standalone"`
}

// LoadConvSet reads a conversation file.
func LoadConvSet(path string) (ConvSet, error) {
	var s ConvSet
	data, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("read conversations: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("read conversations %s: %w", path, err)
	}
	if len(s.Conversations) == 0 {
		return s, fmt.Errorf("conversation file %s has no conversations", path)
	}
	for i := range s.Conversations {
		for j := range s.Conversations[i].Turns {
			if t := &s.Conversations[i].Turns[j]; t.Kind == "yesno" {
				t.Kind = index.KindYesNo
			}
		}
	}
	return s, nil
}

// ConvScores are one way of asking the turns, scored.
type ConvScores struct {
	System    string `json:"system"`
	Turns     int    `json:"turns"`
	Right     int    `json:"right"`      // turns answered right (see the package comment above)
	FollowUps int    `json:"follow_ups"` // turns after the first
	// FollowUpsRight is the follow-up turns answered right.
	FollowUpsRight int    `json:"follow_ups_right"`
	All            Scores `json:"all"`         // every turn, as a question set
	Later          Scores `json:"later_turns"` // the turns after the first
}

// ConvTurnResult is what the engine did with one turn, in context.
type ConvTurnResult struct {
	ID        string        `json:"id"`
	Turn      int           `json:"turn"`
	Q         string        `json:"q"`
	ReadAfter string        `json:"read_after,omitempty"` // the question before, when read as a follow-up
	Want      string        `json:"standalone"`
	Outcome   index.Outcome `json:"outcome"`
	Rank      int           `json:"rank"`
	Right     bool          `json:"right"`
	TopQuote  string        `json:"top_quote,omitempty"`
}

// ConvReport compares ways of asking the same turns.
type ConvReport struct {
	Conversations int              `json:"conversations"`
	Systems       []ConvScores     `json:"systems"`
	Turns         []ConvTurnResult `json:"turns"` // the engine with context
}

// EvaluateConversations asks every turn four ways in one run: the engine
// with the conversation's context (index.FollowUp), the engine on each turn
// alone, the engine on the writer's standalone question (what a perfect
// reading of context would give), and the plain-Bleve baseline on each
// turn with the previous question's words before it.
func EvaluateConversations(ctx context.Context, x *index.Index, articles []*corpus.Article, set ConvSet, m *index.Model) (ConvReport, error) {
	if m == nil {
		m = index.DefaultModel()
	}
	base, err := newBaseline(articles)
	if err != nil {
		return ConvReport{}, err
	}
	defer base.Close()
	rep := ConvReport{Conversations: len(set.Conversations)}
	var qs []Question
	var later []bool
	runs := make([][]ranked, 4)
	engine := func(t index.Turn) (ranked, index.Answer, error) {
		tr, err := x.TraceTurn(ctx, t, 10, m)
		if err != nil {
			return ranked{}, index.Answer{}, fmt.Errorf("ask %q: %w", t.Standalone, err)
		}
		r := ranked{outcome: tr.Answer.Outcome}
		for _, p := range tr.Answer.Passages {
			r.hits = append(r.hits, hit{p.ArticleID, p.Quote})
		}
		return r, tr.Answer, nil
	}
	for _, c := range set.Conversations {
		var prev index.Turn
		var prevTyped string
		for i, ct := range c.Turns {
			q := ct.Question
			qs, later = append(qs, q), append(later, i > 0)
			turn := index.NewTurn(ct.Q)
			if i > 0 {
				turn = index.FollowUp(prev, ct.Q)
			}
			withContext, ans, err := engine(turn)
			if err != nil {
				return rep, err
			}
			prev = turn.Answered(ans)
			alone, _, err := engine(index.NewTurn(ct.Q))
			if err != nil {
				return rep, err
			}
			standalone, _, err := engine(index.NewTurn(ct.Standalone))
			if err != nil {
				return rep, err
			}
			b, err := base.ask(ctx, strings.TrimSpace(prevTyped+" "+ct.Q))
			if err != nil {
				return rep, err
			}
			prevTyped = ct.Q
			runs[0], runs[1], runs[2], runs[3] = append(runs[0], withContext), append(runs[1], alone), append(runs[2], standalone), append(runs[3], b)
			res := ConvTurnResult{ID: c.ID, Turn: i + 1, Q: ct.Q, ReadAfter: turn.Context, Want: ct.Standalone,
				Outcome: ans.Outcome, Rank: rankOf(q, withContext), Right: turnRight(q, withContext)}
			if len(ans.Passages) > 0 {
				res.TopQuote = ans.Passages[0].Quote
			}
			rep.Turns = append(rep.Turns, res)
		}
	}
	for i, name := range []string{"talksbot, with the conversation's context", "talksbot, each turn alone", "talksbot, on the writers' standalone questions", "baseline (Bleve match), turn with the previous question"} {
		rep.Systems = append(rep.Systems, convScores(name, qs, later, runs[i]))
	}
	return rep, nil
}

// turnRight is whether a turn was answered right: its first passage
// answers it and the engine did not say the coverage is silent, or it is
// unanswerable and the engine did not say it answered.
func turnRight(q Question, r ranked) bool {
	if len(q.Expect) == 0 {
		return r.outcome != index.Answered
	}
	return rankOf(q, r) == 1 && r.outcome != index.NotCovered
}

func convScores(name string, qs []Question, later []bool, rs []ranked) ConvScores {
	s := ConvScores{System: name, Turns: len(qs)}
	var lq []Question
	var lr []ranked
	for i, q := range qs {
		right := turnRight(q, rs[i])
		if right {
			s.Right++
		}
		if later[i] {
			s.FollowUps++
			if right {
				s.FollowUpsRight++
			}
			lq, lr = append(lq, q), append(lr, rs[i])
		}
	}
	s.All = score(name, qs, rs)
	s.Later = score(name, lq, lr)
	return s
}
