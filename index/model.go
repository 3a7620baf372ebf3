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
	// Covered gives the log-odds that the coverage answers the question at
	// all; Answer that the first value (or passage) is right when it does;
	// both from the DecisionFeatures.
	Covered Linear `json:"covered"`
	Answer  Linear `json:"answer"`
	// AnswerAt, by kind group: from this P(covered)·P(right) on, the engine
	// says it answered. CoveredBelow: under this P(covered) (and not
	// answered), it says the coverage does not say. In between: these
	// passages may answer it. A group whose held-out questions could not
	// support a threshold has AnswerAt 2 (never) or CoveredBelow 0 (never).
	AnswerAt     [NumGroups]float64 `json:"answer_at"`
	CoveredBelow [NumGroups]float64 `json:"covered_below"`
	// Calibration says, by kind group, what the thresholds were chosen on.
	Calibration [NumGroups]Calibration `json:"calibration"`
	// AgreeMass: a figure, date, place or person is said without the
	// model's say-so when the first passage gives it as news (not already
	// in the question, as precise as asked), covers the whole question,
	// and passages holding at least this share of the ranked probability
	// give the same value (2: never). Agree is what it was chosen on.
	AgreeMass float64     `json:"agree_mass"`
	Agree     Calibration `json:"agree"`
	// OneArticleMass, OneArticleAt: a reason, condition, yes/no or other
	// question is answered without the group's threshold when the best
	// passages sit in the first one's article (at least this share of the
	// ranked probability), the first passage lacks no concept weighing
	// more than half the heaviest, and P(covered)·P(right) is at least
	// OneArticleAt (2: never). OneArticle is what it was chosen on.
	OneArticleMass float64     `json:"one_article_mass"`
	OneArticleAt   float64     `json:"one_article_at"`
	OneArticle     Calibration `json:"one_article"`
	// Recall is the questions asked before that the ranker remembers,
	// with the passages that answered them (recall.go): the bank's
	// training questions.
	Recall []RecallEntry `json:"recall,omitempty"`
	// Follow says how a follow-up reads the turn before it.
	Follow Follow `json:"follow"`
	// ShortKinds are the kinds of question whose short answers were
	// precise enough on the training questions to be given.
	ShortKinds []Kind `json:"short_kinds"`
	// Pin gives the probability that a question asks what a pinned one
	// asks, from their PinFeatures; from PinAt on (0: never, the same
	// words aside) the pin answers it. Not fitted yet (issue 21): the
	// shipped model has PinAt 0, so only the same words match a pin.
	Pin   Linear  `json:"pin"`
	PinAt float64 `json:"pin_at"`
	// About says what the model was trained on.
	About string `json:"about"`
}

// Follow is how much the turn before a follow-up counts, chosen on the
// conversation dev split: its concepts' weight (times their own) and the
// log-odds added to passages of the article its answer quoted first.
type Follow struct {
	Weight  float64 `json:"weight"`
	Article float64 `json:"article"`
}

// Calibration is the held-out evidence behind one kind group's thresholds:
// of the out-of-fold training questions at or above AnswerAt, how many,
// how many right, and the 95% lower confidence bound on that precision;
// the same for the refusals under CoveredBelow.
type Calibration struct {
	Answered      int     `json:"answered"`
	AnsweredRight int     `json:"answered_right"`
	AnsweredLower float64 `json:"answered_lower"`
	Refused       int     `json:"refused"`
	RefusedRight  int     `json:"refused_right"`
	RefusedLower  float64 `json:"refused_lower"`
}

// DefaultModel is the model the engine uses: the one trained on the
// question bank's train split.
func DefaultModel() *Model { return &trained }

// rank is stage 4: each candidate's log-odds and its probability of
// being the answer among the candidates (the softmax the ranking model
// was trained as), best first.
func (m *Model) rank(ps []Passage, contextArticle string) {
	top := math.Inf(-1)
	for i := range ps {
		ps[i].logit = m.Rank.Logit(ps[i].features[:])
		if contextArticle != "" && ps[i].ArticleID == contextArticle {
			ps[i].logit += m.Follow.Article
		}
		top = max(top, ps[i].logit)
	}
	var sum float64
	for i := range ps {
		sum += math.Exp(ps[i].logit - top)
	}
	for i := range ps {
		ps[i].Share = math.Exp(ps[i].logit-top) / sum
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
