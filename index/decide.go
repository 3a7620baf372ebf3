package index

import (
	"fmt"
	"math"
	"regexp"
	"strings"
)

// Outcome is which of the three things the engine says.
type Outcome string

// The three outcomes; each is measured (docs/EVALUATION.md).
const (
	Answered   Outcome = "answered"    // the first passage answers the question
	MayAnswer  Outcome = "may_answer"  // these passages may answer it: the closest, hedged
	NotCovered Outcome = "not_covered" // the coverage does not say
)

// DecisionFeatures are what the decision weighs about a question, its
// ranked candidates and the values they give; DecisionNames names them,
// in order, and DecisionLegend says what each means.
type DecisionFeatures [numDecision]float64

const (
	dTopLogit    = iota // the first candidate's log-odds
	dTopCov             // its weighted coverage of the question's concepts
	dTopExact           // … as typed
	dMissMax            // the heaviest concept it lacks, against the heaviest of all
	dMissProper         // it lacks a name the question gives
	dComplete           // it has every concept (or its sentence before does) and the asked-for thing
	dAsked              // it carries the asked-for thing (a figure, a date, a name …)
	dBestCov            // the best coverage among the first five
	dSecondCov          // the second candidate's coverage
	dValue              // the first candidate gives a short answer of the asked type
	dValuePass          // log(1 + the candidates among the first ten giving that value)
	dValueArts          // log(1 + the articles they come from)
	dValueMass          // their share of the ranked probability of the first ten
	dValueRival         // the largest share of another value
	dTypedMass          // the share of the first ten that carry the asked-for thing at all
	dArticleMass        // the share of the first ten from the first candidate's article
	dTopTitle           // the first candidate's article title has the question's concepts
	dArticleCov         // the first candidate's article has the question's concepts between its candidates
	dProximity          // the first candidate has the question's words close together
	dConcepts           // log(1 + the question's concepts)
	dUnknown            // the question has a word the index does not know
	dCorrected          // a word was corrected
	dRivalGap           // the first candidate's log-odds over the best candidate giving another answer (or from another article)
	dTopBM25            // log(1 + the first candidate's BM25 score)
	dTopMain            // the first candidate's share of the concepts outside the question's time anchor
	dValueNew           // the first candidate's value is not already in the question
	dValueCoarse        // … but less precise than asked (a year for "which month"), or another country than asked in
	dFactoid            // the question asks for a value: count, when, where, who
	dKindCount
	dKindWho
	dKindWhen
	dKindWhere
	dKindWhy
	dKindCond
	dKindYesNo
	numDecision
)

// DecisionNames names the decision features, in order.
var DecisionNames = [numDecision]string{
	"top_logit", "top_cov", "top_exact", "miss_max", "miss_proper", "complete", "asked",
	"best_cov", "second_cov", "value", "value_passages", "value_articles", "value_mass", "value_rival",
	"typed_mass", "article_mass", "top_title", "article_cov", "proximity", "concepts", "unknown", "corrected",
	"rival_gap", "top_bm25", "top_main", "value_new", "value_coarse", "factoid", "kind_count", "kind_who", "kind_when", "kind_where", "kind_why", "kind_cond", "kind_yesno",
}

// DecisionLegend says in words what each decision feature is, for
// `ask --explain`.
var DecisionLegend = map[string]string{
	"top_logit": "how well the first passage ranks", "top_cov": "how much of the question the first passage covers",
	"top_exact": "… in the question's own words", "miss_max": "the most important word the first passage lacks",
	"miss_proper": "the first passage lacks a name the question gives", "complete": "the first passage covers every word and gives what is asked",
	"asked": "the first passage gives what is asked (a figure, a date, a name …)", "best_cov": "the best coverage among the first five",
	"second_cov": "the second passage's coverage", "value": "the first passage gives a short answer",
	"value_passages": "how many passages give that answer", "value_articles": "how many articles give that answer",
	"value_mass": "the share of the best passages giving that answer", "value_rival": "the share giving another answer",
	"typed_mass": "the share of the best passages giving any answer of the asked type", "article_mass": "the share of the best passages from the first one's article",
	"top_title": "the first passage's article is about the question", "article_cov": "the first passage's article covers the question",
	"proximity": "the question's words stand together in the first passage", "concepts": "how many content words the question has",
	"unknown": "the question has a word the coverage never uses", "corrected": "a word was spelling-corrected",
	"factoid":   "the question asks for a figure, date, place or person (or one attribute: \"what kind of drone\")",
	"value_new": "the first passage's answer is not already in the question", "value_coarse": "… but it is less precise than asked (a year for \"which month\", a role for \"what's the name\", a deputy for the holder) or another country than the question's",
	"rival_gap": "how far the first passage ranks above the best one giving another answer", "top_bm25": "how many of the question's rare words the first passage has",
	"top_main":   "the first passage covers the question's event, not only what it is dated by (\"after the attack\")",
	"kind_count": "a how-many question", "kind_who": "a who question", "kind_when": "a when question",
	"kind_where": "a where question", "kind_why": "a why question", "kind_cond": "a condition question",
	"kind_yesno": "a yes/no question",
}

var kindFeature = map[Kind]int{
	KindCount: dKindCount, KindWho: dKindWho, KindWhen: dKindWhen, KindWhere: dKindWhere,
	KindWhy: dKindWhy, KindCondition: dKindCond, KindYesNo: dKindYesNo,
}

// Kind groups: each has its own thresholds, since how sure the decision
// can be differs between questions that ask for a value and the rest.
const (
	GroupValue   = 0 // count, when, where, who: answered by a value
	GroupPassage = 1 // why, condition, yes/no, other: answered by a passage
	NumGroups    = 2
)

// GroupOf is the kind group of k.
func GroupOf(k Kind) int {
	if valueKinds[k] {
		return GroupValue
	}
	return GroupPassage
}

// GroupNames names the kind groups.
var GroupNames = [NumGroups]string{"figure, date, place or person", "reason, condition, yes/no or other"}

// Decision is stage 5's result: which outcome, and why.
type Decision struct {
	Outcome Outcome `json:"outcome"`
	// PCovered is the probability that the coverage answers the question
	// at all, PRight that the first value (or passage) is right if it
	// does; PAnswer is their product, what "answered" is decided on.
	PCovered float64          `json:"p_covered"`
	PRight   float64          `json:"p_right"`
	PAnswer  float64          `json:"p_answer"`
	Inputs   DecisionFeatures `json:"inputs"`
	Values   []Value          `json:"values,omitempty"`
	Missing  []Missing        `json:"missing,omitempty"` // what the question names that the coverage never mentions
	Why      string           `json:"why"`

	claims []Claim // the short answer the passages would give
}

// ShortAnswer is the short answer the passages would give, said or not.
func (d Decision) ShortAnswer() []Claim { return d.claims }

// decisionInputs reads the decision features of a question's ranked
// candidates and the values they give.
func decisionInputs(a *Analysis, ps []Passage, vs []Value, keys []string) DecisionFeatures {
	var f DecisionFeatures
	top := &ps[0]
	f[dTopLogit] = top.logit
	f[dTopCov] = top.Coverage
	f[dTopExact] = top.features[ftCovExact]
	f[dMissMax] = top.features[ftMissMax]
	f[dMissProper] = top.features[ftMissProper]
	asked := 1.0
	if k, ok := askFeature[a.Kind]; ok {
		asked = top.features[k]
		f[dAsked] = asked
	}
	if top.features[ftMissMax] == 0 {
		f[dComplete] = asked
	}
	for i := 0; i < len(ps) && i < 5; i++ {
		f[dBestCov] = max(f[dBestCov], ps[i].Coverage)
	}
	if len(ps) > 1 {
		f[dSecondCov] = ps[1].Coverage
	}
	n := min(valueDepth, len(ps))
	var total, typed, sameArticle float64
	for i := 0; i < n; i++ {
		total += ps[i].Share
		if i < len(keys) && keys[i] != "" {
			typed += ps[i].Share
		}
		if ps[i].ArticleID == top.ArticleID {
			sameArticle += ps[i].Share
		}
	}
	if total > 0 {
		f[dTypedMass] = typed / total
		f[dArticleMass] = sameArticle / total
	}
	if len(vs) > 0 && vs[0].First == 0 {
		v := vs[0]
		f[dValue] = 1
		f[dValuePass] = math.Log1p(float64(v.Passages))
		f[dValueArts] = math.Log1p(float64(v.Articles))
		f[dValueMass] = v.Mass
		news, coarse := valueNews(a.Normalized, a.Kind, v, top.Quote)
		if news {
			f[dValueNew] = 1
		}
		if coarse {
			f[dValueCoarse] = 1
		}
	}
	for i, v := range vs {
		if i > 0 || v.First != 0 {
			f[dValueRival] = max(f[dValueRival], v.Mass)
		}
	}
	// The best rival: a candidate giving another value (or none), or for
	// questions answered by a passage, one from another article.
	f[dRivalGap] = 10 // none in sight
	for i := 1; i < len(ps); i++ {
		rival := ps[i].ArticleID != top.ArticleID
		if valueKinds[a.Kind] && len(keys) > 0 {
			rival = i >= len(keys) || keys[i] != keys[0] || keys[0] == ""
		}
		if rival {
			f[dRivalGap] = min(10, top.logit-ps[i].logit)
			break
		}
	}
	f[dTopBM25] = math.Log1p(top.bm25)
	f[dTopMain] = top.features[ftCovMain]
	f[dTopTitle] = top.features[ftTitle]
	f[dArticleCov] = top.features[ftArticleCov]
	f[dProximity] = top.features[ftProximity]
	f[dConcepts] = math.Log1p(float64(len(a.concepts)))
	for _, c := range a.concepts {
		if c.corrected {
			f[dCorrected] = 1
		}
		if !c.known {
			f[dUnknown] = 1
		}
	}
	if valueKinds[a.Kind] || attributeRe.MatchString(strings.ToLower(a.Normalized)) {
		f[dFactoid] = 1
	}
	if k, ok := kindFeature[a.Kind]; ok {
		f[k] = 1
	}
	return f
}

// decide is stage 5: from the ranked candidates and the values they give,
// say whether the first answers the question, the coverage does not, or
// neither is sure.
func (m *Model) decide(a *Analysis, ps []Passage) Decision {
	d := Decision{Missing: a.Missing}
	if len(a.Missing) > 0 {
		d.Outcome = NotCovered
		d.Why = missingReason(a.Missing)
		return d
	}
	if len(ps) == 0 {
		d.Outcome = NotCovered
		d.Why = "No passage shares a word with the question."
		return d
	}
	var keys []string
	d.Values, keys = values(a, ps)
	d.claims = shortAnswer(a.Normalized, a.Kind, ps, shortEvidence)
	d.Inputs = decisionInputs(a, ps, d.Values, keys)
	d.PCovered = m.Covered.Prob(d.Inputs[:])
	d.PRight = m.Answer.Prob(d.Inputs[:])
	d.PAnswer = d.PCovered * d.PRight
	g := GroupOf(a.Kind)
	at, below := m.AnswerAt[g], m.CoveredBelow[g]
	switch {
	case corroborated(ps, d.Values):
		d.Outcome = Answered
		d.Why = fmt.Sprintf("%d articles give the same answer and the first passage covers the whole question (P %.0f%%)", d.Values[0].Articles, 100*d.PAnswer)
	case agreed(d.Inputs, m.AgreeMass):
		d.Outcome = Answered
		d.Why = fmt.Sprintf("the first passage gives %q, not already in the question, and covers the whole question; passages with %.0f%% of the weight give the same answer (answered from %.0f%%)",
			d.Values[0].Text, 100*d.Values[0].Mass, 100*m.AgreeMass)
	case g == GroupPassage && oneArticle(d.Inputs, d.PAnswer, m.OneArticleMass, m.OneArticleAt):
		d.Outcome = Answered
		d.Why = fmt.Sprintf("the best passages are from one article (%.0f%% of the weight, answered from %.0f%%), the first covers the question's main words, and together %.0f%% sure (from %.0f%%)",
			100*d.Inputs[dArticleMass], 100*m.OneArticleMass, 100*d.PAnswer, 100*m.OneArticleAt)
	case d.PAnswer >= at && canAnswer(a.Kind, d.Inputs):
		d.Outcome = Answered
		d.Why = fmt.Sprintf("sure enough: the coverage answers it (%.0f%%) and the first %s is right (%.0f%%); together %.0f%%, answered from %.0f%% for a %s question",
			100*d.PCovered, answerUnit(a.Kind), 100*d.PRight, 100*d.PAnswer, 100*at, groupWord(g))
	case d.PCovered < below:
		d.Outcome = NotCovered
		d.Why = fmt.Sprintf("the coverage is unlikely to answer it (%.0f%%, under %.0f%% for a %s question): the passages share words with it but do not give what it asks",
			100*d.PCovered, 100*below, groupWord(g))
	case at > 1:
		d.Outcome = MayAnswer
		d.Why = fmt.Sprintf("not sure enough: the coverage answers it (%.0f%%) and the first %s is right (%.0f%%); together %.0f%%, and no level of it was right often enough on the training questions for a %s question to be answered on it alone",
			100*d.PCovered, answerUnit(a.Kind), 100*d.PRight, 100*d.PAnswer, groupWord(g))
	default:
		d.Outcome = MayAnswer
		d.Why = fmt.Sprintf("not sure enough: the coverage answers it (%.0f%%) and the first %s is right (%.0f%%); together %.0f%%, under the %.0f%% a %s question needs",
			100*d.PCovered, answerUnit(a.Kind), 100*d.PRight, 100*d.PAnswer, 100*at, groupWord(g))
	}
	return d
}

// shortEvidence: a short answer draws on the passages whose probability
// is at least this share of the best one's (the same when the decision is
// trained and when it is served).
const shortEvidence = 0.5

func answerUnit(k Kind) string {
	if valueKinds[k] {
		return "answer"
	}
	return "passage"
}

func groupWord(g int) string {
	if g == GroupValue {
		return "figure, date, place or person"
	}
	return "why, condition, yes/no or other"
}

// corroborationArticles is how many articles must give the first
// passage's answer for it to be said without the model's say-so, the
// first passage covering the question whole: on the bank's train split
// every such answer was right (6 of 6; 2 articles: 11 of 12).
const corroborationArticles = 3

// corroborated reports whether the first candidate's value is given by
// several articles and the first candidate has every concept of the
// question: a figure, date, place or name the coverage agrees on.
func corroborated(ps []Passage, vs []Value) bool {
	return len(vs) > 0 && vs[0].First == 0 && vs[0].Articles >= corroborationArticles &&
		ps[0].Coverage >= 0.999 && ps[0].features[ftMissMax] == 0
}

// agreed reports whether the first candidate's value is news to the
// asker, as precise as asked, from a passage that covers the whole
// question, and given by passages holding at least mass of the ranked
// probability (Model.AgreeMass).
func agreed(f DecisionFeatures, mass float64) bool {
	return f[dValue] == 1 && f[dValueNew] == 1 && f[dValueCoarse] == 0 && f[dComplete] == 1 && f[dValueMass] >= mass
}

// Agreed is agreed for the trainer, on a row of decision inputs.
func Agreed(in []float64, mass float64) bool { return agreed(featuresOf(in), mass) }

// featuresOf reads a trainer's row of decision inputs.
func featuresOf(in []float64) (f DecisionFeatures) {
	copy(f[:], in)
	return f
}

// canAnswer: a question that asks for a figure, date, place or person is
// answered only by a first passage that gives one as news (not already in
// the question) and as precise as asked; the model's confidence alone
// does not make a repeat of the question an answer.
func canAnswer(k Kind, f DecisionFeatures) bool {
	return !valueKinds[k] || f[dValue] == 1 && f[dValueNew] == 1 && f[dValueCoarse] == 0
}

// CanAnswer is canAnswer for the trainer, on a row of decision inputs.
func CanAnswer(k Kind, in []float64) bool { return canAnswer(k, featuresOf(in)) }

// attributeRe finds a question asking for one attribute of a thing ("what
// kind of drone", "what did they hit it with?"): a value no value kind
// reads, so one article's passages on the thing do not show it is given.
var attributeRe = regexp.MustCompile(`\b(?:what|which)\s+(?:kind|type|sort|make|model|brand|name)s?\s+of\b|\bwith\s*\?*\s*$`)

// oneArticle reports whether a passage question's evidence sits in the
// first passage's article (at least mass of the ranked probability), the
// first passage lacks no concept weighing more than half the heaviest
// (and gives a reason or a condition when one is asked), and
// P(covered)·P(right) is at least at.
func oneArticle(f DecisionFeatures, pAnswer, mass, at float64) bool {
	asksCue := f[dKindWhy] == 1 || f[dKindCond] == 1 // a reason or a condition must be given
	return f[dFactoid] == 0 && f[dMissMax] <= 0.5 && f[dArticleMass] >= mass && pAnswer >= at && (!asksCue || f[dAsked] == 1)
}

// OneArticle is oneArticle for the trainer, on a row of decision inputs.
func OneArticle(in []float64, pAnswer, mass, at float64) bool {
	return oneArticle(featuresOf(in), pAnswer, mass, at)
}
