package index

// The search loop of stage 2 (retrieve.go), of our own: the query that
// buildQuery describes, scored over Bleve's postings exactly as Bleve
// v2.6.3 scores it, but without Bleve's searcher tree. Bleve merges the
// clauses' posting streams document by document (comparing 8-byte IDs),
// scores through interfaces and counts every hit; here each posting list
// of each segment is walked once, term at a time, into a score array, and
// only the best candidates are kept. Bleve stays the index and the store:
// the postings are its segments' and the stored fields of the winners come
// from the same snapshot.
//
// What Bleve computes for buildQuery's Boolean query (search/searcher,
// search/scorer of v2.6.3), replayed here:
//   - each term clause is a TermSearcher; a clause on a field with a
//     synonym source whose term has synonyms is a disjunction of the term
//     (boost b) and each synonym (boost b/2) — NewSynonymSearcher;
//   - a term's score is BM25: idf·(tf·k1)/(tf + k1·(1−b+b·len/avglen)) with
//     tf = √freq, len = 1/norm², avglen = ⌈cardinality/docCount⌉ of the
//     field and idf = ln(1 + (N−n+0.5)/(n+0.5)); times the query weight
//     boost·idf·queryNorm, queryNorm = 1/√(Σ (boost·idf)²) over all terms;
//   - a disjunction's score is the sum of its matching clauses' times the
//     coordination factor matched/clauses, summed in Bleve's clause order
//     (by posting count when it has at most 10 clauses, as given
//     otherwise);
//   - the Boolean query adds the feature clause's score to the content's
//     where both match;
//   - ties go to the document first in index order.
// TestTopKMatchesBleve checks the top 50 and their scores against Bleve's.

import (
	"context"
	"errors"
	"math"
	"sort"
	"sync"

	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/scorer"
	"github.com/blevesearch/bleve/v2/search/searcher"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv15 "github.com/blevesearch/zapx/v15"
	zapv16 "github.com/blevesearch/zapx/v16"
	zapv17 "github.com/blevesearch/zapx/v17"
)

// leaf is one term searcher of Bleve's tree.
type leaf struct {
	field   string
	term    []byte
	boost   float64
	count   uint64 // live postings over all segments: Bleve's docTerm
	idf     float64
	avgLen  float64 // 0: Bleve falls back to tf-idf
	qweight float64
	pls     []segment.PostingsList // by segment; nil where the term is absent
	cache   scoreCache
}

// scoreCache remembers a leaf's score for recent (frequency, field
// length) pairs: a field's lengths take few values, and computing the
// score (a square root, two divisions) was a quarter of the time.
type scoreCache struct {
	key [scoreCacheSize]uint64 // length<<24 | frequency, +1 (0: empty)
	val [scoreCacheSize]float64
}

const scoreCacheSize = 256

// postingScore is the leaf's score of po, through the cache. zapx v15–v17
// store a posting's field length L as the bits of a float32, and
// Posting.Norm computes float64(float32(1/√L)) on every call: the cache is
// keyed by L, and on a miss the norm is computed with the same expression,
// so the score has the same bits as from Norm.
func (l *leaf) postingScore(po segment.Posting) float64 {
	length, norm, ok := normOf(po)
	freq := po.Frequency()
	if !ok || freq >= 1<<24 || length >= 1<<32 {
		if ok {
			norm = zapNorm(length)
		}
		return l.score(freq, norm)
	}
	k := (length<<24 | freq) + 1
	i := (length*0x9E3779B1 ^ freq*0x9E37) % scoreCacheSize
	if l.cache.key[i] == k {
		return l.cache.val[i]
	}
	v := l.score(freq, zapNorm(length))
	l.cache.key[i], l.cache.val[i] = k, v
	return v
}

// zapNorm is zapx's Posting.Norm of a field length.
func zapNorm(length uint64) float64 {
	return float64(float32(1.0 / math.Sqrt(float64(length))))
}

// normOf is a posting's field length as zapx v15–v17 encode it (ok), or
// its norm (older segment formats store the norm itself).
func normOf(po segment.Posting) (length uint64, norm float64, ok bool) {
	switch p := po.(type) {
	case *zapv17.Posting:
		return p.NormUint64(), 0, true
	case *zapv16.Posting:
		return p.NormUint64(), 0, true
	case *zapv15.Posting:
		return p.NormUint64(), 0, true
	}
	return 0, po.Norm(), false
}

// clause is one clause of the content disjunction: one leaf, or a term
// and its synonyms.
type clause struct {
	leaves []*leaf // in Bleve's order
	group  bool    // a synonym disjunction (with its own coordination)
}

func (c *clause) count() (n uint64) {
	for _, l := range c.leaves {
		n += l.count
	}
	return n
}

// weight is Bleve's Weight(): the sum of (boost·idf)² in clause order.
func (c *clause) weight() (w float64) {
	for _, l := range c.leaves {
		w += l.weight()
	}
	return w
}

func (l *leaf) weight() float64 {
	sum := l.boost * l.idf
	return sum * sum
}

// plan is the query, resolved against one snapshot.
type plan struct {
	clauses []*clause // in Bleve's order
	feat    *leaf     // nil when the question asks for no feature
}

// bleveOrder puts searchers in the order Bleve's disjunction keeps them:
// sorted by count (sort.Sort, so ties fall as Bleve's fall) up to
// searcher.DisjunctionHeapTakeover clauses, as given above it.
func bleveOrder[T any](xs []T, count func(T) uint64) {
	if len(xs) > searcher.DisjunctionHeapTakeover {
		return
	}
	sort.Sort(byCount[T]{xs, count})
}

type byCount[T any] struct {
	xs    []T
	count func(T) uint64
}

func (b byCount[T]) Len() int           { return len(b.xs) }
func (b byCount[T]) Less(i, j int) bool { return b.count(b.xs[i]) < b.count(b.xs[j]) }
func (b byCount[T]) Swap(i, j int)      { b.xs[i], b.xs[j] = b.xs[j], b.xs[i] }

// newPlan resolves the clauses of buildQuery against snap: synonyms,
// posting lists, statistics and weights.
func newPlan(ctx context.Context, snap *scorch.IndexSnapshot, m mapping.IndexMapping, qc queryClauses) (*plan, error) {
	var fts search.FieldTermSynonymMap
	if sm, ok := m.(mapping.SynonymMapping); ok && sm.SynonymCount() > 0 {
		var err error
		if fts, err = query.ExtractSynonyms(ctx, sm, snap, qc.query(), nil); err != nil {
			return nil, err
		}
	}
	docCount, err := snap.DocCount()
	if err != nil {
		return nil, err
	}
	avgLen := map[string]float64{}
	newLeaf := func(field, term string, boost float64) (*leaf, error) {
		l := &leaf{field: field, term: []byte(term), boost: boost, pls: make([]segment.PostingsList, len(snap.Segments()))}
		for i, ss := range snap.Segments() {
			dict, err := ss.Segment().Dictionary(field)
			if err != nil {
				return nil, err
			}
			pl, err := dict.PostingsList(l.term, ss.Deleted(), nil)
			if err != nil {
				return nil, err
			}
			if pl != nil && pl.Count() > 0 {
				l.pls[i] = pl
				l.count += pl.Count()
			}
		}
		a, ok := avgLen[field]
		if !ok { // bm25ScoreMetrics
			card, err := snap.FieldCardinality(field)
			if err != nil {
				return nil, err
			}
			if docCount != 0 || card != 0 {
				a = math.Ceil(float64(card) / float64(docCount))
			}
			avgLen[field] = a
		}
		l.avgLen = a
		// TermQueryScorer.computeIDF
		if a > 0 {
			l.idf = math.Log(1 + (float64(docCount)-float64(l.count)+0.5)/(float64(l.count)+0.5))
		} else {
			l.idf = 1.0 + math.Log(float64(docCount)/float64(l.count+1.0))
		}
		return l, nil
	}
	p := &plan{}
	var all []*leaf
	for _, t := range qc.content {
		l, err := newLeaf(t.field, t.term, t.boost)
		if err != nil {
			return nil, err
		}
		c := &clause{leaves: []*leaf{l}}
		if syns, ok := fts[t.field][t.term]; ok {
			c.group = true
			for _, s := range syns {
				sl, err := newLeaf(t.field, s, t.boost/2.0)
				if err != nil {
					return nil, err
				}
				c.leaves = append(c.leaves, sl)
			}
			bleveOrder(c.leaves, func(l *leaf) uint64 { return l.count })
		}
		all = append(all, c.leaves...)
		p.clauses = append(p.clauses, c)
	}
	bleveOrder(p.clauses, (*clause).count)
	// BooleanSearcher.computeQueryNorm (or the conjunction's when there is
	// no feature clause: the same sum).
	var must float64
	for _, c := range p.clauses {
		must += c.weight()
	}
	sumSq := 0.0
	sumSq += must
	if qc.feat != "" {
		if p.feat, err = newLeaf(fFeat, qc.feat, boostAsked); err != nil {
			return nil, err
		}
		all = append(all, p.feat)
		sumSq += p.feat.weight()
	}
	norm := 1.0 / math.Sqrt(sumSq)
	for _, l := range all {
		l.qweight = l.boost * l.idf * norm
	}
	return p, nil
}

// score is TermQueryScorer.Score for one posting.
func (l *leaf) score(freq uint64, norm float64) float64 {
	var tf float64
	if freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[int(freq)]
	} else {
		tf = math.Sqrt(float64(freq))
	}
	var score float64
	if l.avgLen > 0 {
		fieldLength := 1 / (norm * norm)
		score = l.idf * (tf * search.BM25_k1) /
			(tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/l.avgLen)))
	} else {
		score = tf * norm * l.idf
	}
	if l.qweight != 1.0 {
		score = score * l.qweight
	}
	return score
}

// scored is a candidate: a document of a segment and its score.
type scored struct {
	score    float64
	seg, num uint32
}

// before reports whether a ranks before b: Bleve's order, score first,
// then index order.
func (a scored) before(b scored) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.seg != b.seg {
		return a.seg < b.seg
	}
	return a.num < b.num
}

// topN keeps the n best hits in a heap whose root is the worst.
type topN struct {
	n int
	h []scored
}

func (t *topN) add(c scored) {
	if len(t.h) < t.n {
		t.h = append(t.h, c)
		for i := len(t.h) - 1; i > 0; { // up
			p := (i - 1) / 2
			if !t.h[p].before(t.h[i]) {
				break
			}
			t.h[p], t.h[i] = t.h[i], t.h[p]
			i = p
		}
		return
	}
	if !c.before(t.h[0]) {
		return
	}
	t.h[0] = c
	for i := 0; ; { // down
		w, l, r := i, 2*i+1, 2*i+2
		if l < len(t.h) && t.h[w].before(t.h[l]) {
			w = l
		}
		if r < len(t.h) && t.h[w].before(t.h[r]) {
			w = r
		}
		if w == i {
			break
		}
		t.h[i], t.h[w] = t.h[w], t.h[i]
		i = w
	}
}

// accum holds one segment's score arrays; they are zero between uses.
type accum struct {
	sum, gsum, feat   []float64
	cnt, gcnt         []uint16
	touched, gtouched []uint32
	it                segment.PostingsIterator
}

var accums = sync.Pool{New: func() any { return new(accum) }}

func (a *accum) grow(n int) {
	if cap(a.sum) < n {
		a.sum, a.gsum, a.feat = make([]float64, n), make([]float64, n), make([]float64, n)
		a.cnt, a.gcnt = make([]uint16, n), make([]uint16, n)
	}
	a.sum, a.gsum, a.feat = a.sum[:n], a.gsum[:n], a.feat[:n]
	a.cnt, a.gcnt = a.cnt[:n], a.gcnt[:n]
}

// ctxCheckEvery is how many postings are walked between looks at the
// context.
const ctxCheckEvery = 1 << 14

// iter is an iterator over pl, reusing a's.
func (a *accum) iter(pl segment.PostingsList) segment.PostingsIterator {
	a.it = pl.Iterator(true, true, false, a.it)
	return a.it
}

// segment scores segment seg into top: each clause's postings in Bleve's
// clause order, so that a document's clause scores are summed in the
// order Bleve sums them.
func (a *accum) segment(ctx context.Context, p *plan, seg int, size int, top *topN) error {
	a.grow(size)
	a.touched, a.gtouched = a.touched[:0], a.gtouched[:0]
	defer a.clear()
	sum, cnt, gsum, gcnt := a.sum, a.cnt, a.gsum, a.gcnt
	walked := 0
	check := func() error {
		if walked >= ctxCheckEvery {
			walked = 0
			return ctx.Err()
		}
		return nil
	}
	for _, c := range p.clauses {
		if err := ctx.Err(); err != nil {
			return err
		}
		if !c.group {
			if err := a.walk(c.leaves[0], seg, sum, cnt, &a.touched, &walked); err != nil {
				return err
			}
			if err := check(); err != nil {
				return err
			}
			continue
		}
		for _, l := range c.leaves {
			if err := a.walk(l, seg, gsum, gcnt, &a.gtouched, &walked); err != nil {
				return err
			}
			if err := check(); err != nil {
				return err
			}
		}
		n := float64(len(c.leaves))
		for _, num := range a.gtouched { // DisjunctionQueryScorer.Score
			coord := float64(gcnt[num]) / n
			if cnt[num] == 0 {
				a.touched = append(a.touched, num)
			}
			sum[num] += gsum[num] * coord
			cnt[num]++
			gsum[num], gcnt[num] = 0, 0
		}
		a.gtouched = a.gtouched[:0]
	}
	if p.feat != nil && p.feat.pls[seg] != nil {
		it := a.iter(p.feat.pls[seg])
		for {
			po, err := it.Next()
			if err != nil {
				return err
			}
			if po == nil {
				break
			}
			if num := uint32(po.Number()); cnt[num] > 0 {
				a.feat[num] = p.feat.postingScore(po)
				gcnt[num] = 1 // marks a feature match
			}
		}
	}
	n := float64(len(p.clauses))
	for _, num := range a.touched {
		coord := float64(cnt[num]) / n
		s := sum[num] * coord
		if gcnt[num] != 0 { // ConjunctionQueryScorer: must + should
			s = s + a.feat[num]
		}
		top.add(scored{s, uint32(seg), num})
	}
	return nil
}

// walk adds leaf l's score of each posting in segment seg to sum and
// counts it in cnt, noting in touched each document met the first time.
func (a *accum) walk(l *leaf, seg int, sum []float64, cnt []uint16, touched *[]uint32, walked *int) error {
	pl := l.pls[seg]
	if pl == nil {
		return nil
	}
	it := a.iter(pl)
	for {
		po, err := it.Next()
		if err != nil {
			return err
		}
		if po == nil {
			return nil
		}
		num := uint32(po.Number())
		if cnt[num] == 0 {
			*touched = append(*touched, num)
		}
		sum[num] += l.postingScore(po)
		cnt[num]++
		*walked++
	}
}

// clear zeroes what segment touched.
func (a *accum) clear() {
	for _, num := range a.touched {
		a.sum[num], a.cnt[num], a.feat[num], a.gcnt[num] = 0, 0, 0, 0
	}
	for _, num := range a.gtouched {
		a.gsum[num], a.gcnt[num] = 0, 0
	}
	a.touched, a.gtouched = a.touched[:0], a.gtouched[:0]
}

// searchTopK runs the query of qc on the current index and returns its n
// best hits as Bleve's search would (same documents, scores, order and
// stored fields). ok is false when the index is not one it can read (not
// scorch): then the caller asks Bleve.
func (x *Index) searchTopK(ctx context.Context, qc queryClauses, n int) (hits []*search.DocumentMatch, ok bool, err error) {
	// Hold the index as the alias does while a search runs: a swap (and
	// the close of the old index after it) waits for searches in flight.
	x.mu.RLock()
	defer x.mu.RUnlock()
	snap, err := x.snapshot()
	if errors.Is(err, errNotScorch) {
		return nil, false, nil
	}
	if err != nil {
		return nil, true, err
	}
	defer snap.Close()
	p, err := newPlan(ctx, snap, x.cur.Mapping(), qc)
	if err != nil {
		return nil, true, err
	}
	top := &topN{n: n, h: make([]scored, 0, n)}
	segs := snap.Segments()
	if err := scoreSegments(ctx, p, segs, top); err != nil {
		return nil, true, err
	}
	sort.Slice(top.h, func(i, j int) bool { return top.h[i].before(top.h[j]) })
	hits = make([]*search.DocumentMatch, 0, len(top.h))
	for _, h := range top.h {
		id, err := segs[h.seg].DocID(uint64(h.num))
		if err != nil {
			return nil, true, err
		}
		dm := &search.DocumentMatch{ID: string(id), Score: h.score}
		if err := loadStored(snap, segs[h.seg], uint64(h.num), dm); err != nil {
			return nil, true, err
		}
		hits = append(hits, dm)
	}
	return hits, true, nil
}
