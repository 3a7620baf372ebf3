package index

import (
	"context"
	"fmt"

	"github.com/talksbot/talksbot/corpus/facts"
)

// Answer is what talksbot says to a question.
type Answer struct {
	Question string `json:"question"`
	// ReadAs is the question as the engine read it, when chat words were
	// spelled out or misspellings corrected; Corrections says what changed.
	ReadAs      string       `json:"read_as,omitempty"`
	Corrections []Correction `json:"corrections,omitempty"`
	Kind        Kind         `json:"kind"`
	// Outcome is answered, may_answer or not_covered; Found is true only
	// when answered.
	Outcome Outcome `json:"outcome"`
	// Reason says why the coverage does not say, when it can: "The
	// coverage never mentions Emmanuel Macron."
	Reason string `json:"reason,omitempty"`
	// FollowUpOf is the question before, when this one was read as its
	// follow-up.
	FollowUpOf string    `json:"follow_up_of,omitempty"`
	Found      bool      `json:"found"`
	Answer     string    `json:"answer"`
	Claims     []Claim   `json:"claims,omitempty"` // the short answer's values with their sources; more than one when sources differ
	Passages   []Passage `json:"passages"`
	// Pinned is set when the answer is a moderator's pin (pins.go).
	Pinned *PinNote `json:"pinned,omitempty"`
}

// Claim is one value of a short answer, as stated by one or more passages.
type Claim struct {
	Value   string   `json:"value"`   // verbatim words from the passages
	Sources []Source `json:"sources"` // who states it

	key    string   // what makes two values the same claim
	quoted *Passage // the passage the value is quoted from
}

// Source names an article a claim or passage comes from.
type Source struct {
	ArticleID string `json:"article_id"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	DateNote  string `json:"date_note,omitempty"`
}

// Quoted is the passage the claim's value is quoted from (nil if none).
func (c Claim) Quoted() *Passage { return c.quoted }

// Passage is a quoted sentence with its source.
type Passage struct {
	Quote     string `json:"quote"` // exactly body[Start:End] of the article
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	URL       string `json:"url"`
	Published string `json:"published"`
	DateNote  string `json:"date_note,omitempty"`
	Kind      string `json:"kind"`
	Start     int    `json:"start"` // byte offsets of the quote in the article body
	End       int    `json:"end"`
	// Share is the passage's share of the ranked probability (a softmax over
	// the candidates' logits, model.go); the JSON keeps the key "score".
	Share float64 `json:"score"`
	Marks []Span  `json:"marks,omitempty"` // matched words, byte offsets within Quote
	// Coverage is the share of the question's weighted concepts the passage carries.
	Coverage float64 `json:"coverage"`

	sent     int
	context  string // the sentence before, with phrase tokens
	lead     string // the body's white space between the sentence before and this one
	hasLead  bool   // lead is known (indexes built before it was stored lack it)
	bm25     float64
	facts    facts.Facts
	features Features
	logit    float64 // the model's log-odds that the passage answers
}

// Features are the passage's features as the model saw them.
func (p *Passage) Features() Features { return p.features }

// Logit is the model's log-odds that the passage answers the question.
func (p *Passage) Logit() float64 { return p.logit }

// Span is a byte range.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Source of a passage.
func (p *Passage) Source() Source {
	return Source{ArticleID: p.ArticleID, Outlet: p.Outlet, Published: p.Published, DateNote: p.DateNote}
}

// Ask answers a question with at most n passages.
func (x *Index) Ask(ctx context.Context, q string, n int) (Answer, error) {
	t, err := x.Trace(ctx, q, n, DefaultModel())
	if err != nil {
		return Answer{}, err
	}
	return t.Answer, nil
}

// Trace is one question's way through the pipeline, every stage's value:
// what `talksbot ask --explain` prints.
type Trace struct {
	Analysis   Analysis  // 1. what the question asks
	Candidates []Passage // 2–4. what the index returned, with features, ranked by the model
	Decision   Decision  // 5. answered, may answer, or does not say
	Answer     Answer    // 6. what is said
	// Pin is the moderators' pin the answer was given from, if any: a
	// question that matches a pinned one is answered from its pin.
	Pin *Pin
}

// AskTurn answers one turn of a conversation (see FollowUp): the
// standalone question, read as the turn's kind, said as asked.
func (x *Index) AskTurn(ctx context.Context, t Turn, n int) (Answer, error) {
	tr, err := x.TraceTurn(ctx, t, n, DefaultModel())
	if err != nil {
		return Answer{}, err
	}
	return tr.Answer, nil
}

// Trace answers q with model m and keeps every stage's result.
func (x *Index) Trace(ctx context.Context, q string, n int, m *Model) (*Trace, error) {
	return x.TraceTurn(ctx, Turn{Question: q, Standalone: q}, n, m)
}

// TraceTurn is Trace for one turn of a conversation.
func (x *Index) TraceTurn(ctx context.Context, turn Turn, n int, m *Model) (*Trace, error) {
	q, err := CheckQuestion(turn.Standalone)
	if err != nil {
		return nil, err
	}
	n = max(1, min(n, 25))
	bi := x.current()
	adv, err := bi.Advanced()
	if err != nil {
		return nil, fmt.Errorf("ask: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, fmt.Errorf("ask: %w", err)
	}
	t := &Trace{Analysis: x.analyzeQuestion(ctx, r, q)}
	if turn.FollowUp && turn.Context != "" {
		t.Analysis.withContext(x.analyzeQuestion(ctx, r, turn.Context), m.Follow)
		t.Analysis.Kind = turn.Kind
		t.Analysis.Context, t.Analysis.contextArticle = turn.Context, turn.ContextArticle
	}
	r.Close()
	a := &t.Analysis
	if t.Candidates, err = x.retrieve(ctx, a); err != nil {
		return nil, err
	}
	rh := recallFor(a, m)
	t.Candidates = x.inject(ctx, rh, t.Candidates)
	x.features(a, t.Candidates)
	rh.setFeatures(t.Candidates)
	m.rank(t.Candidates, a.contextArticle)
	t.Decision = m.decide(a, t.Candidates)
	if p, prob := x.matchPin(ctx, a, t.Candidates, m); p != nil {
		t.Pin = &p.Pin
		t.Answer = x.composePinned(ctx, a, t.Candidates, p, prob, m, n)
		return t, nil
	}
	t.Answer = x.compose(ctx, a, t.Candidates, t.Decision, m, n)
	return t, nil
}
