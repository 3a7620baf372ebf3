package index

import (
	"context"
	"sort"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

// candidates is how many passages retrieval keeps for the model to rank;
// fetched how many it asks the index for (see retrieve).
const (
	candidates = 50
	fetched    = 60
	maxFetched = 960
)

// Query boosts: an expansion must weigh below the word as typed, so that
// retrieval brings the literal matches first; the model re-weighs every
// kind of match from data (features.go), these only choose candidates.
const (
	boostExact   = 1.0
	boostDomain  = 0.5
	boostContext = 0.2
	boostWordNet = 0.25
	boostAsked   = 0.3
	boostSource  = 0.5
	boostFollow  = 0.4 // a follow-up's concepts from the question before
)

// retrieve is stage 2: the candidate passages for the analysed question,
// in Bleve's order, with their stored facts.
func (x *Index) retrieve(ctx context.Context, a *Analysis) ([]Passage, error) {
	if len(a.concepts) == 0 {
		return nil, nil
	}
	qc := clausesFor(a.concepts, a.Kind)
	hits, err := x.search(ctx, qc, fetched)
	// Equal scores straddling the cut: fetch until the tie ends (up to a
	// bound), so that which of them are kept does not depend on the
	// index's order.
	for k := fetched; err == nil && len(hits) == k && k < maxFetched && hits[k-1].Score == hits[candidates-1].Score; {
		k *= 4
		hits, err = x.search(ctx, qc, k)
	}
	if err != nil {
		return nil, searchError(ctx, err)
	}
	// Equal scores in passage order, not in the index's (which changes as
	// segments merge): the same question gets the same candidates in the
	// same order on every index of the same articles. The search fetches a
	// few more than it keeps, so that ties at the cut fall the same way.
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].Score != hits[j].Score {
			return hits[i].Score > hits[j].Score
		}
		return hits[i].ID < hits[j].ID
	})
	hits = hits[:min(len(hits), candidates)]
	out := make([]Passage, 0, len(hits))
	for _, h := range hits {
		p := passageFromHit(h)
		p.bm25 = h.Score
		p.facts = x.cachedFacts(h.Fields[fFacts]) // extracted in context at indexing
		out = append(out, p)
	}
	return out, nil
}

// search returns the candidates for the query of qc, best first: our own
// top-k scorer over Bleve's postings (topk.go), or Bleve's search when
// plainBleve is set or the index is not one the scorer reads. Both give
// the same hits, scores and order (TestTopKMatchesBleve).
func (x *Index) search(ctx context.Context, qc queryClauses, k int) ([]*search.DocumentMatch, error) {
	if !x.plainBleve.Load() {
		if hits, ok, err := x.searchTopK(ctx, qc, k); ok {
			return hits, err
		}
	}
	req := bleve.NewSearchRequestOptions(qc.query(), k, 0, false)
	req.Fields = []string{"*"}
	res, err := x.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	return res.Hits, nil
}

// neighbour is the sentence next to p in its article (step -1 or +1),
// or nil when there is none or the index does not know the gap between
// them (an index built before gaps were stored).
func (x *Index) neighbour(ctx context.Context, p *Passage, step int) *Passage {
	n := p.sent + step
	if n < 0 {
		return nil
	}
	h, err := x.document(corpus.PassageID(p.ArticleID, n))
	if err != nil || h == nil {
		return nil
	}
	q := passageFromHit(h)
	q.facts = x.cachedFacts(h.Fields[fFacts])
	later := &q
	if step < 0 {
		later = p
	}
	if !later.hasLead {
		return nil
	}
	return &q
}

// queryClauses is the query for a question as data: the content clauses
// (a document must match one) and the feature the question asks for
// (which adds to the score of a document that has it). buildQuery makes it
// a Bleve query; searchTopK (topk.go) scores it itself.
type queryClauses struct {
	content []termClause
	feat    string // "" for none
}

type termClause struct {
	field, term string
	boost       float64
}

// clausesFor turns concepts into query clauses. Only term queries on
// analysed terms are built: user text never reaches query-string syntax.
func clausesFor(cs []concept, kind Kind) queryClauses {
	var qc queryClauses
	for _, c := range cs {
		scale := 1.0
		if c.context {
			scale = boostFollow
		}
		term := func(field, t string, boost float64) {
			qc.content = append(qc.content, termClause{field, t, boost * scale})
		}
		term(fText, c.term, boostExact)
		term(fSyn, c.term, boostDomain)
		term(fContext, c.term, boostContext)
		term(fSource, c.term, boostSource)
		if c.alias { // every other name of the thing
			for _, t := range sortedKeys(c.same) {
				term(fText, t, boostDomain)
				term(fSyn, t, boostDomain)
			}
		}
		for _, w := range c.wordnet {
			term(fText, w, boostWordNet)
		}
	}
	qc.feat = featureOf[kind]
	return qc
}

// buildQuery turns concepts into a Bleve query.
func (x *Index) buildQuery(cs []concept, kind Kind) query.Query {
	return clausesFor(cs, kind).query()
}

// query is the Bleve query of qc: MUST a disjunction of the content terms,
// SHOULD the feature.
func (qc queryClauses) query() query.Query {
	should := make([]query.Query, 0, len(qc.content))
	for _, t := range qc.content {
		q := bleve.NewTermQuery(t.term)
		q.SetField(t.field)
		q.SetBoost(t.boost)
		should = append(should, q)
	}
	content := bleve.NewDisjunctionQuery(should...)
	bq := bleve.NewBooleanQuery()
	bq.AddMust(content)
	if qc.feat != "" {
		fq := bleve.NewTermQuery(qc.feat)
		fq.SetField(fFeat)
		fq.SetBoost(boostAsked)
		bq.AddShould(fq)
	}
	return bq
}

// featureOf is the passage feature each kind of question looks for.
var featureOf = map[Kind]string{
	KindCount: "figure", KindWho: "name", KindWhen: "date", KindWhere: "name",
	KindCondition: "condition", KindWhy: "reason",
}

// cachedFacts decodes a passage's stored facts, keeping what it decoded:
// keyed by the stored JSON itself, so a re-indexed passage is decoded anew.
func (x *Index) cachedFacts(v any) facts.Facts {
	raw, _ := v.(string)
	x.spansMu.Lock()
	f, ok := x.facts[raw]
	x.spansMu.Unlock()
	if ok {
		return f
	}
	f = storedFacts(v)
	x.spansMu.Lock()
	if len(x.facts) >= maxCachedSpans || x.facts == nil {
		x.facts = make(map[string]facts.Facts, 1024)
	}
	x.facts[raw] = f
	x.spansMu.Unlock()
	return f
}

// maxCachedSpans bounds the analysed sentences kept for re-ranking (a few
// KB each): the passages that come up for questions repeat.
const maxCachedSpans = 20000

func passageFromHit(h *search.DocumentMatch) Passage {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	num := func(f string) int { v, _ := h.Fields[f].(float64); return int(v) }
	return Passage{
		Quote: str(fText), ArticleID: str(fArticle), Title: str(fTitle), Outlet: str(fOutlet),
		URL: str(fURL), Published: str(fPublished), DateNote: str(fDateNote), Kind: str(fKind),
		Start: num(fStart), End: num(fEnd), sent: num(fSent), context: str(fContext),
		lead: str(fLead), hasLead: h.Fields[fLead] != nil,
	}
}
