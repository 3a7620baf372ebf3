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
	Expand bool // over PinExpand's inputs, not the PinFeatures alone
	At     float64
	About  string // what it was fitted on, and its figures
}

// Prob is the probability that a question asks what the pinned one asks,
// from their PinFeatures.
func (pm *PinMatcher) Prob(f PinFeatures) float64 {
	if pm.Expand {
		return pm.Linear.Prob(PinExpand(f))
	}
	return pm.Linear.Prob(f[:])
}

// PinExpand is the matcher's inputs from the PinFeatures: each, and the
// products of the question-to-question and question-to-passage ones two
// by two (a high share of concepts counts for more when the pinned
// passage also ranks high).
func PinExpand(f PinFeatures) []float64 {
	out := append([]float64(nil), f[:]...)
	pair := []int{pfShared, pfRank, pfFirst, pfKind, pfCover, pfMinSide, pfGap}
	for i, a := range pair {
		for _, b := range pair[i+1:] {
			out = append(out, f[a]*f[b])
		}
	}
	return out
}

// pinMatcher is the matcher a model uses: its own when it has one (a
// PinAt in (0, 1], over the plain PinFeatures), else the fitted one.
func (m *Model) pinMatcher() func(PinFeatures) float64 {
	if m.PinAt > 0 && m.PinAt <= 1 {
		return func(f PinFeatures) float64 {
			if p := m.Pin.Prob(f[:]); p >= m.PinAt {
				return p
			}
			return 0
		}
	}
	if fittedPinMatch.At <= 0 || fittedPinMatch.At > 1 {
		return nil
	}
	return func(f PinFeatures) float64 {
		if p := fittedPinMatch.Prob(f); p >= fittedPinMatch.At {
			return p
		}
		return 0
	}
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
