package index

import (
	"context"
	"fmt"
)

//go:generate go run ./internal/pinfit -out pinmatch_trained.go

// PinMatcher says when a question asks what a pinned one asks, from
// their PinFeatures: from probability At on (internal/pinfit fits it on
// the bank's paraphrases; pinmatch_trained.go holds the result).
type PinMatcher struct {
	Linear
	At    float64
	About string // what it was fitted on, and its figures
}

// pinMatcher is the matcher a model uses: its own when it has one (a
// PinAt in (0, 1]), else the fitted one.
func (m *Model) pinMatcher() (*Linear, float64) {
	if m.PinAt > 0 && m.PinAt <= 1 {
		return &m.Pin, m.PinAt
	}
	return &fittedPinMatch.Linear, fittedPinMatch.At
}

// FittedPinMatcher is the matcher shipped (pinmatch_trained.go).
func FittedPinMatcher() PinMatcher { return fittedPinMatch }

// PinInputs are, for fitting the matcher, each question's matching inputs
// against each pin (inputs[i][j]: question i, pin j), with the questions
// asked and ranked by m as the engine would; live[j] is false for a pin
// that cannot answer (the same as SetPins' retired), whose inputs are
// zero. The index's own pins are not used.
func (x *Index) PinInputs(ctx context.Context, questions []string, pins []Pin, m *Model) (inputs [][]PinFeatures, live []bool, err error) {
	tagged := make([]Pin, len(pins))
	for j, p := range pins {
		p.ID = fmt.Sprint(j)
		tagged[j] = p
	}
	set, _ := x.preparePins(ctx, tagged)
	live = make([]bool, len(pins))
	byPin := make([]*preparedPin, len(pins))
	for i := range set.pins {
		var j int
		fmt.Sscan(set.pins[i].ID, &j)
		byPin[j], live[j] = &set.pins[i], true
	}
	for _, q := range questions {
		a, cands, err := x.rankedFor(ctx, q, m)
		if err != nil {
			return nil, nil, err
		}
		row := make([]PinFeatures, len(pins))
		for j, pp := range byPin {
			if pp != nil {
				row[j] = pinInputs(a, cands, pp)
			}
		}
		inputs = append(inputs, row)
	}
	return inputs, live, nil
}

// rankedFor is q's analysis and its candidates ranked by m, as an answer
// begins.
func (x *Index) rankedFor(ctx context.Context, q string, m *Model) (*Analysis, []Passage, error) {
	q, err := CheckQuestion(q)
	if err != nil {
		return nil, nil, err
	}
	adv, err := x.current().Advanced()
	if err != nil {
		return nil, nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, nil, err
	}
	a := x.analyzeQuestion(ctx, r, q)
	r.Close()
	cands, err := x.retrieve(ctx, &a)
	if err != nil {
		return nil, nil, err
	}
	x.features(&a, cands)
	m.rank(cands, a.contextArticle)
	return &a, cands, nil
}
