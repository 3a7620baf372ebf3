package index

import (
	"context"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

// candidates is how many passages retrieval fetches for the model to rank.
const candidates = 50

// Query boosts: an expansion must weigh below the word as typed, so that
// retrieval brings the literal matches first; the model re-weighs every
// kind of match from data (features.go), these only choose candidates.
const (
	boostExact   = 1.0
	boostDomain  = 0.5
	boostContext = 0.2
	boostWordNet = 0.25
	boostAsked   = 0.3
)

// retrieve is stage 2: the candidate passages for the analysed question,
// in Bleve's order, with their stored facts.
func (x *Index) retrieve(ctx context.Context, a *Analysis) ([]Passage, error) {
	if len(a.concepts) == 0 {
		return nil, nil
	}
	req := bleve.NewSearchRequestOptions(x.buildQuery(a.concepts, a.Kind), candidates, 0, false)
	req.Fields = []string{"*"}
	res, err := x.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, searchError(ctx, err)
	}
	out := make([]Passage, 0, len(res.Hits))
	for _, h := range res.Hits {
		p := passageFromHit(h)
		p.bm25 = h.Score
		p.facts = x.cachedFacts(h.Fields[fFacts]) // extracted in context at indexing
		out = append(out, p)
	}
	return out, nil
}

// neighbour is the sentence next to p in its article (step -1 or +1),
// or nil when there is none or the index does not know the gap between
// them (an index built before gaps were stored).
func (x *Index) neighbour(ctx context.Context, p *Passage, step int) *Passage {
	n := p.sent + step
	if n < 0 {
		return nil
	}
	req := bleve.NewSearchRequestOptions(bleve.NewDocIDQuery([]string{corpus.PassageID(p.ArticleID, n)}), 1, 0, false)
	req.Fields = []string{"*"}
	res, err := x.alias.SearchInContext(ctx, req)
	if err != nil || len(res.Hits) == 0 {
		return nil
	}
	q := passageFromHit(res.Hits[0])
	q.facts = x.cachedFacts(res.Hits[0].Fields[fFacts])
	later := &q
	if step < 0 {
		later = p
	}
	if !later.hasLead {
		return nil
	}
	return &q
}

// buildQuery turns concepts into a Bleve query. Only term queries on
// analysed terms are built: user text never reaches query-string syntax.
func (x *Index) buildQuery(cs []concept, kind Kind) query.Query {
	var should []query.Query
	term := func(field, t string, boost float64) {
		q := bleve.NewTermQuery(t)
		q.SetField(field)
		q.SetBoost(boost)
		should = append(should, q)
	}
	for _, c := range cs {
		term(fText, c.term, boostExact)
		term(fSyn, c.term, boostDomain)
		term(fContext, c.term, boostContext)
		for _, w := range c.wordnet {
			term(fText, w, boostWordNet)
		}
	}
	content := bleve.NewDisjunctionQuery(should...)
	bq := bleve.NewBooleanQuery()
	bq.AddMust(content)
	if f := featureOf[kind]; f != "" {
		fq := bleve.NewTermQuery(f)
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
