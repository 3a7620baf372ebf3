package index

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	bleveindex "github.com/blevesearch/bleve_index_api"
	"github.com/talksbot/talksbot/corpus/facts"
)

// Summaries are extractive: LexRank (Erkan & Radev 2004) ranks sentences
// by their centrality in a graph whose edges are the TF-IDF cosine
// similarities between sentences; the most central are taken, skipping any
// too similar to one already taken (maximal marginal relevance), and shown
// in reading order. A topic biases the random walk toward the sentences
// that match it (Otterbacher et al. 2005, "biased LexRank").

// Summary tunables.
const (
	summaryDefault   = 5    // sentences when N is 0
	summaryMax       = 20   // most sentences a summary may have
	lexDamping       = 0.85 // probability of following an edge rather than jumping
	lexThreshold     = 0.15 // cosine below which two sentences are not linked
	lexMaxSentences  = 2000 // beyond this, centrality is not computed (quadratic)
	redundancy       = 0.3  // cosine above which a sentence repeats one already taken
	minSummaryTerms  = 5    // content terms a sentence needs to be summary material
	topicCandidates  = 60   // passages a topic search fetches
	topicMinFraction = 0.25 // of the best topic score, for a passage to be about the topic
)

// SummaryOptions says what to summarise: the whole coverage by default,
// one article, or the passages about a topic (within the article, if both).
type SummaryOptions struct {
	ArticleID string
	Topic     string
	N         int // sentences; 0 for the default
}

// Summary is an extractive summary: verbatim sentences in reading order.
type Summary struct {
	Scope      string            `json:"scope"` // "coverage", "article" or "topic"
	ArticleID  string            `json:"article_id,omitempty"`
	Topic      string            `json:"topic,omitempty"`
	Method     string            `json:"method"`
	Candidates int               `json:"candidates"` // sentences ranked
	Sentences  []SummarySentence `json:"sentences"`
	Truncated  bool              `json:"truncated,omitempty"`
}

// SummarySentence is one sentence of a summary.
type SummarySentence struct {
	Quote Quote   `json:"quote"`
	Score float64 `json:"score"` // LexRank centrality, scaled so the best candidate is 1
	Rank  int     `json:"rank"`  // 1 for the most central
}

const summaryMethod = "LexRank (TF-IDF cosine graph over domain concepts, threshold 0.15, damping 0.85); of the whole coverage, first each period's milestone (sources split by 45-day gaps; the sentence reporting an event of the period most clearly); sentences stating facts first, none leaning on the one before; redundancy removal (cosine > 0.3)"

// Summary summarises the coverage, an article or a topic.
func (x *Index) Summary(ctx context.Context, opt SummaryOptions) (Summary, error) {
	n := opt.N
	if n <= 0 {
		n = summaryDefault
	}
	n = min(n, summaryMax)
	s := Summary{Scope: "coverage", ArticleID: opt.ArticleID, Topic: strings.TrimSpace(opt.Topic), Method: summaryMethod, Sentences: []SummarySentence{}}
	var q query.Query = allPassages()
	if opt.ArticleID != "" {
		s.Scope = "article"
		q = termQuery(fArticle, opt.ArticleID)
	}
	byScore := false
	if s.Topic != "" {
		s.Scope = "topic"
		tq := x.topicQuery(s.Topic)
		if tq == nil {
			return s, nil
		}
		if opt.ArticleID != "" {
			q = bleve.NewConjunctionQuery(q, tq)
		} else {
			q = tq
		}
		byScore = true
	}
	ps, truncated, err := x.viewPassages(ctx, q, byScore)
	if err != nil {
		return s, fmt.Errorf("summary: %w", err)
	}
	s.Truncated = truncated
	if opt.ArticleID != "" && len(ps) == 0 && s.Topic == "" {
		return s, fmt.Errorf("summary: no article %q", opt.ArticleID)
	}
	var bias []float64
	if byScore {
		if len(ps) > topicCandidates {
			ps = ps[:topicCandidates]
		}
		keep := ps[:0]
		for _, p := range ps {
			if p.score >= topicMinFraction*ps[0].score {
				keep = append(keep, p)
			}
		}
		ps = keep
		for _, p := range ps {
			bias = append(bias, p.score)
		}
	}
	s.Candidates = len(ps)
	vecs := x.vectors(ctx, ps)
	scores := lexRank(vecs, bias)
	ok := eligible(ps, n)
	var first []int
	if s.Scope == "coverage" {
		first = milestones(ps, vecs, scores, ok, n)
	}
	picked := pick(vecs, scores, ok, n, first)
	if len(picked) == 0 && s.Scope != "coverage" {
		// An article's or a topic's only sentences all lean on the one
		// before: show them rather than nothing.
		for i := range ok {
			ok[i] = true
		}
		picked = pick(vecs, scores, ok, n, nil)
	}
	top := 0.0
	for _, v := range scores {
		top = math.Max(top, v)
	}
	order := rankOrder(scores)
	for _, i := range picked {
		sc := 0.0
		if top > 0 {
			sc = math.Round(scores[i]/top*1e4) / 1e4
		}
		s.Sentences = append(s.Sentences, SummarySentence{Quote: ps[i].Quote, Score: sc, Rank: order[i]})
	}
	sort.SliceStable(s.Sentences, func(i, j int) bool { return readingLess(s.Sentences[i].Quote, s.Sentences[j].Quote) })
	return s, nil
}

// topicQuery matches passages about the topic words, by the words
// themselves and their domain synonyms; nil when the topic has no content
// word. User text never reaches query-string syntax.
func (x *Index) topicQuery(topic string) query.Query {
	var should []query.Query
	seen := map[string]bool{}
	for _, t := range append(x.analyze(topic), phraseTokensAnalyzed(x, topic)...) {
		if seen[t] {
			continue
		}
		seen[t] = true
		exact := termQuery(fText, t).(*query.TermQuery)
		syn := termQuery(fSyn, t).(*query.TermQuery)
		syn.SetBoost(0.5)
		should = append(should, exact, syn)
	}
	if len(should) == 0 {
		return nil
	}
	return bleve.NewDisjunctionQuery(should...)
}

func phraseTokensAnalyzed(x *Index, s string) []string {
	var out []string
	for _, t := range phraseTokens(s) {
		out = append(out, x.analyze(t)...)
	}
	return out
}

// vec is a sentence as a TF-IDF vector.
type vec struct {
	w    map[string]float64
	norm float64
	n    int // content terms
}

// vectors builds the TF-IDF vectors of passages, with inverse document
// frequencies from the whole index.
func (x *Index) vectors(ctx context.Context, ps []viewPassage) []vec {
	out := make([]vec, len(ps))
	var r bleveindex.IndexReader
	if adv, err := x.current().Advanced(); err == nil {
		r, _ = adv.Reader()
	}
	var total uint64
	if r != nil {
		defer r.Close()
		total, _ = r.DocCount()
	}
	idfs := map[string]float64{}
	for i, p := range ps {
		v := vec{w: map[string]float64{}}
		for _, t := range x.analyze(p.Text) {
			if x.summaryStop()[t] {
				continue
			}
			v.w[x.concept(t)]++
			v.n++
		}
		for t, tf := range v.w {
			w, ok := idfs[t]
			if !ok {
				w = 1
				if r != nil {
					w = idf(total, termDocFreq(ctx, r, fText, t))
				}
				idfs[t] = w
			}
			v.w[t] = tf * w
			v.norm += v.w[t] * v.w[t]
		}
		v.norm = math.Sqrt(v.norm)
		out[i] = v
	}
	return out
}

func cosine(a, b vec) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	if len(a.w) > len(b.w) {
		a, b = b, a
	}
	var dot float64
	for t, w := range a.w {
		dot += w * b.w[t]
	}
	return dot / (a.norm * b.norm)
}

// lexRank is continuous LexRank: the stationary distribution of a random
// walk on the similarity graph that follows an edge (weighted by cosine)
// with probability lexDamping and jumps otherwise, uniformly or, when bias
// is given, in proportion to it.
func lexRank(vs []vec, bias []float64) []float64 {
	n := len(vs)
	scores := make([]float64, n)
	if n == 0 {
		return scores
	}
	if n > lexMaxSentences { // too many to compare: longer sentences first
		for i, v := range vs {
			scores[i] = float64(v.n)
		}
		return scores
	}
	jump := make([]float64, n)
	var sum float64
	for i := range jump {
		jump[i] = 1
		if bias != nil {
			jump[i] = bias[i]
		}
		sum += jump[i]
	}
	for i := range jump {
		jump[i] /= sum
	}
	w := make([][]float64, n)
	for i := range w {
		w[i] = make([]float64, n)
	}
	rowSum := make([]float64, n)
	for i := 0; i < n; i++ {
		for j := i + 1; j < n; j++ {
			if c := cosine(vs[i], vs[j]); c >= lexThreshold {
				w[i][j], w[j][i] = c, c
				rowSum[i] += c
				rowSum[j] += c
			}
		}
	}
	p := append([]float64(nil), jump...)
	next := make([]float64, n)
	for iter := 0; iter < 200; iter++ {
		var dangling float64
		for i := range next {
			next[i] = 0
		}
		for i := 0; i < n; i++ {
			if rowSum[i] == 0 {
				dangling += p[i]
				continue
			}
			for j := 0; j < n; j++ {
				if w[i][j] > 0 {
					next[j] += p[i] * w[i][j] / rowSum[i]
				}
			}
		}
		var diff float64
		for j := range next {
			next[j] = lexDamping*(next[j]+dangling*jump[j]) + (1-lexDamping)*jump[j]
			diff += math.Abs(next[j] - p[j])
		}
		p, next = next, p
		if diff < 1e-9 {
			break
		}
	}
	return p
}

// eligible says which passages a summary of n sentences may use: those
// that stand on their own (not "These discussions …", "He said …"), and of
// them, when there are n or more, those that state a fact the views
// extract: a figure, a date, a condition, a reason or a statement someone
// made.
func eligible(ps []viewPassage, n int) []bool {
	ok := make([]bool, len(ps))
	facts := 0
	for _, p := range ps {
		if !dangling(p.Text) && statesFact(p.facts) {
			facts++
		}
	}
	for i, p := range ps {
		ok[i] = !dangling(p.Text) && (facts < n || statesFact(p.facts))
	}
	return ok
}

func statesFact(f facts.Facts) bool {
	return len(f.Figures) > 0 || len(f.Dates) > 0 || f.Condition || f.Reason || f.SpeakerText != ""
}

// pick takes the n most central eligible sentences that do not repeat one
// already taken and have enough content, after those of first.
func pick(vs []vec, scores []float64, ok []bool, n int, first []int) []int {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	out := append([]int(nil), first...)
	for _, i := range order {
		if len(out) >= n {
			break
		}
		if vs[i].n < minSummaryTerms || !ok[i] || slices.Contains(out, i) || redundantWith(vs, i, out) {
			continue
		}
		out = append(out, i)
	}
	return out
}

// rankOrder is each sentence's rank by score, from 1.
func rankOrder(scores []float64) []int {
	order := make([]int, len(scores))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return scores[order[a]] > scores[order[b]] })
	rank := make([]int, len(scores))
	for r, i := range order {
		rank[i] = r + 1
	}
	return rank
}

// centrality is the LexRank score of each passage among ps.
func (x *Index) centrality(ctx context.Context, ps []viewPassage) []float64 {
	return lexRank(x.vectors(ctx, ps), nil)
}

// summaryStopWords are words that link sentences rather than say anything:
// discourse adverbs and auxiliaries the English analyzer keeps. Two
// sentences that both begin "However," are not alike.
const summaryStopWords = "however currently also will would could can may might shall should must within furthermore moreover therefore thus meanwhile still yet even so just result worth noting including according further recent recently last first later already now often many much more most some such other another each every very"

var summaryStopOnce sync.Once
var summaryStopSet map[string]bool

func (x *Index) summaryStop() map[string]bool {
	summaryStopOnce.Do(func() {
		summaryStopSet = map[string]bool{}
		for _, w := range strings.Fields(summaryStopWords) {
			for _, t := range x.analyze(w) {
				summaryStopSet[t] = true
			}
		}
	})
	return summaryStopSet
}

// concept maps an analysed term to the first of its domain synonyms, so
// that "timetable" and "timeline", "withdrawal" and "departure" count as
// one word when sentences are compared. Names of the sides are left alone.
func (x *Index) concept(t string) string {
	if entityTerms[t] {
		return t
	}
	c := t
	for o := range x.domainOf(t) {
		if entityTerms[o] {
			return t
		}
		if o < c {
			c = o
		}
	}
	return c
}

// entityTerms are the analysed names of the sides: their synonyms
// ("Iraqi", "Baghdad") are aliases, and merging them would make every
// sentence look alike.
var entityTerms = map[string]bool{"us": true, "u.s.": true, "u.": true, "american": true, "america": true, "washington": true, "iraq": true, "iraqi": true, "baghdad": true, "iran": true, "iranian": true, "tehran": true, "isi": true, "isil": true, "daesh": true, "kurdistan": true, "kurdish": true, "erbil": true, "pentagon": true, "dod": true, "hmc": true, "commiss": true, "coalit": true, "allianc": true, "prime": true, "premier": true}

// LeansBack reports whether a sentence needs the one before it to be
// understood (its subject is a pronoun, "Some", "The rest", "The attack" …;
// see dangling): charts label nothing with such a sentence's words.
func LeansBack(s string) bool { return dangling(s) }

// dangling reports whether a sentence leans on the one before it ("These
// discussions …", "As a result, …", "He said …", "Some could stay there
// …", "The rest would leave …", "The attack killed …"): out of context it
// reads wrong, so summaries leave it out.
func dangling(s string) bool {
	return danglingRe.MatchString(s) || partitiveRe.MatchString(s) || backRefRe.MatchString(s) || pointsBackRe.MatchString(s) || leadInPronounRe.MatchString(s)
}

// leadInPronounRe: a pronoun subject after a lead-in ("Speaking on 31
// December 2025, he said …", "In a statement, they …").
var leadInPronounRe = regexp.MustCompile(`^[^,]{1,80}, (?:he|she|they|we)\b`)

// pointsBackRe: words inside a sentence that point to the one before
// ("A timetable will then be set", "since then", "…, and this support is
// subject to …": a demonstrative beginning a clause); a date ("this
// year") does not, nor a demonstrative inside a noun phrase ("the
// objective of these talks").
var pointsBackRe = regexp.MustCompile(`(?i)\b(?:then|thereafter|afterwards|after that|as well)\b[^-]|(?:^|[,;] (?:and |but |while )?)(?:this|these|those) (?:year|month|week|day)?[a-z]`)

var danglingRe = regexp.MustCompile(`^(?:As a result|As such|Therefore|Thus|Hence|Consequently|Instead|Also|In addition|Moreover|Furthermore|This|These|That|Those|It|Its|They|Their|Them|He|His|She|Her|We|Our|Such|The same|Both|Neither|Either|During (?:it|this|that|these|those|them))\b`)

// partitiveRe: a subject that is only a part or a quantity of something
// named before ("Some could stay", "The rest would leave", "Most of them
// …", "Others said"): a quantifier followed by a verb, or by "of" and a
// pronoun, not by the noun it counts ("Some U.S. troops …").
var partitiveRe = regexp.MustCompile(`^(?:Some|Many|Most|Several|Others|The others|The rest|The remainder|The latter|The former|All|None|Few|A few|Each|One|Another)(?: of (?:them|those|these|it|which))?(?:,)? (?:could|would|will|can|may|might|must|should|shall|are|were|is|was|have|had|has|do|did|remain|remained|stay|stayed|left|leave|said|say|went|will|also|still)\b`)

// backRefRe: a subject that is a bare definite noun for an event or act
// named before ("The attack killed …", "The decision came …", "The strike
// came after …"): "the" and one such noun, then a verb. The talks, the
// coalition, the mission are what the coverage is about, not back
// references.
var backRefRe = regexp.MustCompile(`^The (?:attack|attacks|strike|strikes|decision|move|deal|agreement|announcement|plan|letter|meeting|visit|vote|report|statement|step|shift|change|incident|raid|operation|understanding|killing|call|demand|request|proposal|offer|remarks|comments|talks there) (?:was|were|is|are|came|comes|killed|injured|followed|follows|said|says|had|has|have|will|would|could|marked|marks|drew|led|prompted|sparked|took|also|did|does|may|might)\b`)
