package index

import "math"

//go:generate go run ./internal/train -out model_trained.go

// Linear is a logistic regression over standardised inputs: the
// log-odds are B + Σ W[i]·(x[i]−Mean[i])/Scale[i].
type Linear struct {
	Mean  []float64 `json:"mean"`
	Scale []float64 `json:"scale"`
	W     []float64 `json:"w"`
	B     float64   `json:"b"`
}

// Logit is the log-odds of x; 0 for an untrained model.
func (l *Linear) Logit(x []float64) float64 {
	z := l.B
	for i := range l.W {
		if i < len(x) && l.Scale[i] != 0 {
			z += l.W[i] * (x[i] - l.Mean[i]) / l.Scale[i]
		}
	}
	return z
}

// Prob is the probability of x.
func (l *Linear) Prob(x []float64) float64 { return sigmoid(l.Logit(x)) }

func sigmoid(z float64) float64 { return 1 / (1 + math.Exp(-z)) }

// Model is everything learned from the training questions
// (internal/train, run by go generate; model_trained.go holds the
// result): how to rank candidates, when to say the best one answers,
// when to say the coverage does not, and which short answers to give.
type Model struct {
	// Rank gives each candidate passage the log-odds that it answers the
	// question, from its Features.
	Rank Linear `json:"rank"`
	// Answer gives the log-odds that the best passage answers the
	// question, Covered that the coverage answers it at all, from the
	// DecisionFeatures.
	Answer  Linear `json:"answer"`
	Covered Linear `json:"covered"`
	// AnswerAt: from this Answer probability on, the engine says it
	// answered. CoveredBelow: under this Covered probability (and not
	// answered), it says the coverage does not say. In between: these
	// passages may answer it.
	AnswerAt     float64 `json:"answer_at"`
	CoveredBelow float64 `json:"covered_below"`
	// Evidence: a short answer draws on the passages whose probability is
	// at least this share of the best one's.
	Evidence float64 `json:"evidence"`
	// ShortKinds are the kinds of question whose short answers were
	// precise enough on the training questions to be given.
	ShortKinds []Kind `json:"short_kinds"`
	// About says what the model was trained on.
	About string `json:"about"`
}

// DefaultModel is the model the engine uses: the one trained on the
// question bank's train split.
func DefaultModel() *Model { return &trained }

// rank is stage 4: each candidate's log-odds and its probability of
// being the answer among the candidates (the softmax the ranking model
// was trained as), best first.
func (m *Model) rank(ps []Passage) {
	top := math.Inf(-1)
	for i := range ps {
		ps[i].logit = m.Rank.Logit(ps[i].features[:])
		top = max(top, ps[i].logit)
	}
	var sum float64
	for i := range ps {
		sum += math.Exp(ps[i].logit - top)
	}
	for i := range ps {
		ps[i].Score = math.Exp(ps[i].logit-top) / sum
	}
	sortPassages(ps)
}

func (m *Model) givesShort(k Kind) bool {
	for _, s := range m.ShortKinds {
		if s == k {
			return true
		}
	}
	return false
}
