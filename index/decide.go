package index

import (
	"fmt"
	"math"
	"strings"
)

// Outcome is which of the three things the engine says.
type Outcome string

// The three outcomes; each is measured (README "Evaluation").
const (
	Answered   Outcome = "answered"    // the first passage answers the question
	MayAnswer  Outcome = "may_answer"  // these passages may answer it: the closest, hedged
	NotCovered Outcome = "not_covered" // the coverage does not say
)

// DecisionFeatures are what the decision weighs about a question and its
// ranked candidates; DecisionNames names them, in order.
type DecisionFeatures [numDecision]float64

const (
	dTopLogit   = iota // the best candidate's log-odds
	dMargin            // … minus the second's
	dTopProb           // the best candidate's probability among the candidates
	dCoverage          // the best candidate's coverage of the question
	dCovExact          // … as typed
	dMissMax           // the heaviest concept the best candidate lacks
	dMissProper        // the best candidate lacks a name the question gives
	dAsked             // the best candidate carries the asked-for thing
	dClaim             // a short answer of the asked type was found
	dUnknown           // the question names something the index has never seen
	dConcepts          // log(1 + the question's concepts)
	dCorrected         // a word was corrected
	dBestCov           // the best coverage among the first five
	dKindCount
	dKindWho
	dKindWhen
	dKindWhere
	dKindWhy
	dKindCond
	dKindYesNo
	dSecondCov  // the second candidate's coverage
	dAgree      // of the first five, how many share the best's article or its short answer's value
	dAsked5     // the mean of the asked-for thing over the first five
	dSources    // log(1 + the sources of the short answer's first value)
	dComplete   // the best candidate has every concept and the asked-for thing (1 for kinds that ask for no thing)
	dExact      // … every concept as typed
	dTop        // from here: the best candidate's own features, in Features order
	numDecision = dTop + numFeatures
)

// DecisionCompact is how many decision features there are without the
// best candidate's own: a decision model may use only these (training
// chooses).
const DecisionCompact = dTop

// DecisionNames names the decision features, in order.
var DecisionNames = func() (n [numDecision]string) {
	copy(n[:], []string{
		"top_logit", "margin", "top_prob", "coverage", "cov_exact", "miss_max", "miss_proper",
		"asked", "claim", "unknown", "concepts", "corrected", "best_cov",
		"kind_count", "kind_who", "kind_when", "kind_where", "kind_why", "kind_cond", "kind_yesno",
		"second_cov", "agree", "asked5", "sources", "complete", "exact",
	})
	for i, f := range FeatureNames {
		n[dTop+i] = "top_" + f
	}
	return n
}()

var kindFeature = map[Kind]int{
	KindCount: dKindCount, KindWho: dKindWho, KindWhen: dKindWhen, KindWhere: dKindWhere,
	KindWhy: dKindWhy, KindCondition: dKindCond, KindYesNo: dKindYesNo,
}

// Decision is stage 5's result: which outcome, and why.
type Decision struct {
	Outcome  Outcome          `json:"outcome"`
	PAnswer  float64          `json:"p_answer"`  // that the first passage answers the question
	PCovered float64          `json:"p_covered"` // that the coverage answers it at all
	Inputs   DecisionFeatures `json:"inputs"`
	Why      string           `json:"why"`

	claims []Claim // the short answer the passages would give
}

// decide is stage 5: from the ranked candidates, say whether the first
// answers the question, the coverage does not, or neither is sure.
func (m *Model) decide(a *Analysis, ps []Passage) Decision {
	if len(ps) == 0 {
		return Decision{Outcome: NotCovered, Why: "no passage shares a word with the question"}
	}
	var d Decision
	d.claims = shortAnswer(a.Normalized, a.Kind, ps, m.Evidence)
	f := &d.Inputs
	top := &ps[0]
	f[dTopLogit] = top.logit
	if len(ps) > 1 {
		f[dMargin] = top.logit - ps[1].logit
	}
	f[dTopProb] = top.Score
	f[dCoverage] = top.Coverage
	f[dCovExact] = top.features[ftCovExact]
	f[dMissMax] = top.features[ftMissMax]
	f[dMissProper] = top.features[ftMissProper]
	if k, ok := askFeature[a.Kind]; ok {
		f[dAsked] = top.features[k]
	}
	if len(d.claims) > 0 {
		f[dClaim] = 1
	}
	if unknownSubject(a.concepts) {
		f[dUnknown] = 1
	}
	f[dConcepts] = math.Log1p(float64(len(a.concepts)))
	for _, c := range a.concepts {
		if c.corrected {
			f[dCorrected] = 1
		}
	}
	for i := 0; i < len(ps) && i < 5; i++ {
		f[dBestCov] = max(f[dBestCov], ps[i].Coverage)
	}
	if k, ok := kindFeature[a.Kind]; ok {
		f[k] = 1
	}
	if len(ps) > 1 {
		f[dSecondCov] = ps[1].Coverage
	}
	for i := 1; i < len(ps) && i < 5; i++ {
		if ps[i].ArticleID == top.ArticleID || len(d.claims) > 0 && strings.Contains(ps[i].Quote, d.claims[0].Value) {
			f[dAgree]++
		}
	}
	if k, ok := askFeature[a.Kind]; ok {
		n := min(5, len(ps))
		for i := 0; i < n; i++ {
			f[dAsked5] += ps[i].features[k] / float64(n)
		}
	}
	if len(d.claims) > 0 {
		f[dSources] = math.Log1p(float64(len(d.claims[0].Sources)))
	}
	asked := 1.0
	if k, ok := askFeature[a.Kind]; ok {
		asked = top.features[k]
	}
	if top.features[ftMissMax] == 0 && top.features[ftCovContext] == 0 {
		f[dComplete] = asked
		if top.features[ftCovExact] > 0.999 {
			f[dExact] = asked
		}
	}
	copy(f[dTop:], top.features[:])
	d.PAnswer = m.Answer.Prob(f[:])
	d.PCovered = m.Covered.Prob(f[:])
	switch {
	case d.PAnswer >= m.AnswerAt:
		d.Outcome = Answered
		d.Why = fmt.Sprintf("the first passage answers with probability %.2f (answered from %.2f)", d.PAnswer, m.AnswerAt)
	case d.PCovered < m.CoveredBelow:
		d.Outcome = NotCovered
		d.Why = fmt.Sprintf("the coverage answers it with probability %.2f (under %.2f: does not say)", d.PCovered, m.CoveredBelow)
	default:
		d.Outcome = MayAnswer
		d.Why = fmt.Sprintf("the first passage answers with probability %.2f (under %.2f), the coverage with %.2f (not under %.2f)", d.PAnswer, m.AnswerAt, d.PCovered, m.CoveredBelow)
	}
	return d
}
