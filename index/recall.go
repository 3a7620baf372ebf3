package index

import (
	"context"
	"math"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// Recall is the engine's memory of questions asked before and the
// passages that answered them: the bank's training questions (shipped)
// and, in a deployment, the moderators' pins. A new question worded like
// a remembered one ("how many service members lost their lives at the
// Jordanian desert post" after "how many US soldiers died at Tower 22")
// lends that one's passage a feature (ftRecall), which the ranker weighs
// like any other: paraphrase learnt from people's own wordings, where the
// thesauri have no entry. A question never recalls itself (its own text
// is skipped), so the training questions are ranked as a new one would be.

// RecallEntry is one remembered question: its wording, its concepts'
// analysed terms (as the index read them when the model was trained) and
// the passages that answer it.
type RecallEntry struct {
	Q      string     `json:"q"`
	Terms  []string   `json:"terms"`
	Expect []Expected `json:"expect"`
}

// Expected is a passage that answers a remembered question: its article
// and a verbatim part of it (as the question bank writes them).
type Expected struct {
	Article  string `json:"article"`
	Contains string `json:"contains"`
}

// recallEntry is one remembered question, ready to compare.
type recallEntry struct {
	text   string  // normalised, lower case: a question does not recall itself
	vec    termVec // TF-IDF vector of its terms
	expect []Expected
}

// recallMemory holds the entries and the document frequencies of their terms.
type recallMemory struct {
	entries []recallEntry
	df      map[string]int
}

// recallTop is how many remembered questions lend their passages.
const recallTop = 5

// memories are the models' memories, built once per list of entries.
var memories sync.Map // *RecallEntry (the first) → *recallMemory

// memory is m's memory of questions asked before.
func (m *Model) memory() *recallMemory {
	if len(m.Recall) == 0 {
		return &recallMemory{}
	}
	key := &m.Recall[0]
	if v, ok := memories.Load(key); ok {
		return v.(*recallMemory)
	}
	mem := &recallMemory{df: map[string]int{}}
	for _, e := range m.Recall {
		seen := map[string]bool{}
		for _, t := range e.Terms {
			if !seen[t] {
				seen[t] = true
				mem.df[t]++
			}
		}
		mem.entries = append(mem.entries, recallEntry{text: recallKey(e.Q), expect: e.Expect})
	}
	for i := range mem.entries {
		mem.entries[i].vec = mem.vector(m.Recall[i].Terms)
	}
	v, _ := memories.LoadOrStore(key, mem)
	return v.(*recallMemory)
}

func recallKey(q string) string { return strings.Join(strings.Fields(strings.ToLower(q)), " ") }

// RecallTerms is the analysed terms of a question's concepts, read as an
// asked question is (chat words, spelling, aliases): what a RecallEntry
// keeps.
func (x *Index) RecallTerms(ctx context.Context, q string) ([]string, error) {
	adv, err := x.current().Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	norm, _ := normalizeChat(q)
	cs, _ := x.concepts(ctx, r, norm)
	out := make([]string, 0, len(cs))
	for _, c := range cs {
		out = append(out, c.term)
	}
	return out, nil
}

// termVec is a sparse TF-IDF vector, its terms sorted: sums run in a
// fixed order, so that the same questions give the same similarities to
// the last bit (the trained model must regenerate byte for byte).
type termVec struct {
	terms []string
	w     []float64
	norm  float64
}

// vector is the TF-IDF vector of terms (IDF over the remembered questions).
func (m *recallMemory) vector(terms []string) termVec {
	n := float64(len(m.entries) + 1)
	sorted := slices.Clone(terms)
	slices.Sort(sorted)
	var v termVec
	for i := 0; i < len(sorted); {
		j := i
		for j < len(sorted) && sorted[j] == sorted[i] {
			j++
		}
		w := (1 + math.Log(float64(j-i))) * math.Log(n/float64(m.df[sorted[i]]+1))
		if w > 0 {
			v.terms = append(v.terms, sorted[i])
			v.w = append(v.w, w)
			v.norm += w * w
		}
		i = j
	}
	v.norm = math.Sqrt(v.norm)
	return v
}

// similarity is the cosine of two vectors.
func similarity(a, b termVec) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	var dot float64
	for i, j := 0, 0; i < len(a.terms) && j < len(b.terms); {
		switch {
		case a.terms[i] < b.terms[j]:
			i++
		case a.terms[i] > b.terms[j]:
			j++
		default:
			dot += a.w[i] * b.w[j]
			i++
			j++
		}
	}
	return dot / (a.norm * b.norm)
}

// recallHits are the remembered questions most like the one asked, most
// similar first.
type recallHits struct {
	m     *recallMemory
	near  []recallNear
	total float64 // the similarity of the recallTop first, summed
}

type recallNear struct {
	i   int
	sim float64
}

// recallFor finds the remembered questions worded like a's (never a's
// own wording).
func recallFor(a *Analysis, model *Model) *recallHits {
	m := model.memory()
	h := &recallHits{m: m}
	if len(m.entries) == 0 {
		return h
	}
	terms := make([]string, 0, len(a.concepts))
	for _, c := range a.concepts {
		if !c.context {
			terms = append(terms, c.term)
		}
	}
	v := m.vector(terms)
	if v.norm == 0 {
		return h
	}
	self := recallKey(a.Question)
	for i := range m.entries {
		e := &m.entries[i]
		if e.text == self || e.vec.norm == 0 {
			continue
		}
		if s := similarity(v, e.vec); s > 0 {
			h.near = append(h.near, recallNear{i, s})
		}
	}
	sort.Slice(h.near, func(i, j int) bool {
		if h.near[i].sim != h.near[j].sim {
			return h.near[i].sim > h.near[j].sim
		}
		return h.near[i].i < h.near[j].i
	})
	for k := 0; k < len(h.near) && k < recallTop; k++ {
		h.total += h.near[k].sim
	}
	return h
}

// recallInjectAt: a remembered question at least this similar brings its
// passages into the candidates when retrieval did not find them.
const recallInjectAt = 0.4

// inject adds to ps the passages that answered the remembered questions
// most like this one (from recallInjectAt on) and that retrieval missed.
func (x *Index) inject(ctx context.Context, h *recallHits, ps []Passage) []Passage {
	for k := 0; k < len(h.near) && k < recallTop && h.near[k].sim >= recallInjectAt; k++ {
		for _, e := range h.m.entries[h.near[k].i].expect {
			if have(ps, e) {
				continue
			}
			if p, ok := x.passageOf(ctx, e); ok {
				ps = append(ps, p)
			}
		}
	}
	return ps
}

func have(ps []Passage, e Expected) bool {
	for i := range ps {
		if e.answers(&ps[i]) {
			return true
		}
	}
	return false
}

// passageOf is the stored passage holding an expected quote: the article's
// sentence whose text contains it (a search on the article and the quote's
// words), remembered for the index generation.
func (x *Index) passageOf(ctx context.Context, e Expected) (Passage, bool) {
	cur := x.current()
	key := e.Article + "\x00" + e.Contains
	x.recallMu.Lock()
	if x.recallGen != cur {
		x.recallGen, x.recallPassages = cur, map[string]*Passage{}
	}
	p, seen := x.recallPassages[key]
	x.recallMu.Unlock()
	if seen {
		if p == nil {
			return Passage{}, false
		}
		return *p, true
	}
	art := bleve.NewTermQuery(e.Article)
	art.SetField(fArticle)
	words := bleve.NewMatchQuery(e.Contains) // the text field keeps no positions for a phrase query
	words.SetField(fText)
	words.SetOperator(query.MatchQueryOperatorAnd)
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(art, words), 10, 0, false)
	req.Fields = []string{"*"}
	res, err := x.alias.SearchInContext(ctx, req)
	if err != nil {
		return Passage{}, false // not remembered: the next question tries again
	}
	for _, hit := range res.Hits {
		q := passageFromHit(hit)
		if strings.Contains(q.Quote, e.Contains) {
			q.facts = x.cachedFacts(hit.Fields[fFacts])
			p = &q
			break
		}
	}
	x.recallMu.Lock()
	x.recallPassages[key] = p
	x.recallMu.Unlock()
	if p == nil {
		return Passage{}, false
	}
	return *p, true
}

// setFeatures sets each candidate's ftRecall and ftRecallVote: the
// similarity of the most similar remembered question its passage
// answered, and its share of the votes of the recallTop most similar.
// The remembered questions are read most similar first, each expected
// passage against the candidates of its article only (a question's
// candidates against every remembered one was a hot-path cost).
func (h *recallHits) setFeatures(ps []Passage) {
	byArticle := map[string][]int{}
	for i := range ps {
		byArticle[ps[i].ArticleID] = append(byArticle[ps[i].ArticleID], i)
	}
	votedBy := make([]int, len(ps)) // the last remembered question (k+1) that voted for a candidate
	vote := make([]float64, len(ps))
	for k, n := range h.near {
		for _, e := range h.m.entries[n.i].expect {
			for _, i := range byArticle[e.Article] {
				if !e.answers(&ps[i]) {
					continue
				}
				if ps[i].features[ftRecall] == 0 {
					ps[i].features[ftRecall] = n.sim // the first is the most similar
				}
				if k < recallTop && votedBy[i] != k+1 {
					votedBy[i] = k + 1
					vote[i] += n.sim
				}
			}
		}
	}
	if h.total > 0 {
		for i := range ps {
			ps[i].features[ftRecallVote] = vote[i] / h.total
		}
	}
}

// answers reports whether p is the expected passage.
func (e Expected) answers(p *Passage) bool {
	return e.Article == p.ArticleID && strings.Contains(p.Quote, e.Contains)
}
