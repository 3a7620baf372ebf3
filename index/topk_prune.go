package index

// Skipping work in the scorer of topk.go without changing its top n or
// their scores.
//
// 1. Scores by encoded norm. zapx v15–v17 store a posting's field length
// L as the bits of a float32 and Posting.Norm computes
// float64(float32(1/√L)) for every posting; normOf reads L and the leaf's
// score cache is keyed by (frequency, L), so the square root is computed
// once per cache miss — the same expression, so the same bits.
//
// 2. MaxScore, term at a time ("continue" mode). The clauses are walked in
// Bleve's order (so each document's clause scores are still summed in
// Bleve's order). Before clause i, with the n-th best score so far known
// to be at least θ, a document not yet accumulated can only match clauses
// i..m−1 (m clauses in all, R = m−i of them) and the feature:
//
//	score ≤ (R/m)·Σ_{j≥i} bound_j + bound_feat  =: rest_i
//
// (coord(k/m)·(sum of its k clause scores) ≤ (k/m)·(sum of the k largest
// bounds), which grows with k, so k = R is the worst case; the feature
// clause only adds). Once rest_i < θ no new document can reach the top n:
// from clause i on only documents already accumulated are scored, and of
// those only the ones whose own bound, with cnt clauses matched so far and
// partial sum s,
//
//	((cnt+R)/m)·(s + Σ_{j≥i} bound_j) + bound_feat,
//
// is at least θ ("candidates"). A long posting list is reached with the
// iterator's Advance to the candidates, which skips the decoding of the
// chunks between them; a shorter one is walked whole, adding to every
// document already met. The bounds are per segment: 0 for a term absent
// from it, the largest score an earlier full walk of the term's postings
// there found (maxRatios), else the analytic bound below.
//
// Why the top n is unchanged: θ is a lower bound of the final n-th best
// score — either the root of the full heap (exact scores of earlier
// segments) or the n-th largest coord·sum over the documents accumulated
// in this segment (a document's final coord and sum are at least its
// current ones: only non-negative scores are added, and rounding is
// monotone). So at least n documents end with a score ≥ θ, and each of
// them is scored completely: its bound is at least its current coord·sum,
// hence ≥ θ, so it is never dropped. A document left out, or dropped from
// the candidates, has a true score < θ (strictly: bounds are inflated by
// boundMargin, far above rounding), and whatever partial score it carries
// ranks it below those n — ties included, since the order breaks ties only
// among equal scores. The candidates get every contribution, in the same
// order, so their scores are the same bits as without pruning.
//
// The bound of one term (TermQueryScorer's BM25, tf = √freq, L the field
// length, A = k1·(1−b), B = k1·b/avglen):
//
//	idf·tf·k1/(tf + A + B·L) ≤ idf·k1/(1 + A/tf + B·tf)
//
// because a term's frequency never exceeds its field's length in tokens
// (Bleve's length is the number of tokens of the field, the frequency the
// number of those that are the term), so L ≥ freq = tf². A/tf + B·tf is
// least at tf = √(A/B), 2√(AB), or at tf = 1 when √(A/B) < 1. Times the
// query weight. A synonym group's coordinated sum is at most the sum of its
// leaves' bounds. Without BM25 (no average length) there is no bound and
// nothing is skipped.
//
// Measured (BENCHMARKS.md): exact, but it does not pay on the benchmark
// questions. Their 6–24 clauses make the coordination factor small, so θ
// (about 0.3 at 100k) is reached by a new document's bound only at the
// last two or three clauses, when the documents already met are 2/3 of
// the segment: the long lists are then walked whole all the same.

import (
	"math"
	"slices"
	"sync"

	"github.com/blevesearch/bleve/v2/search"
	segment "github.com/blevesearch/scorch_segment_api/v2"
	zapv15 "github.com/blevesearch/zapx/v15"
	zapv16 "github.com/blevesearch/zapx/v16"
	zapv17 "github.com/blevesearch/zapx/v17"
)

// boundMargin inflates every bound, relative: the scores are computed in
// another order of operations than the bounds, and the field length is
// read back from a float32 norm.
const boundMargin = 1e-6

// normOf is a posting's field length as zapx encodes it (ok), or its norm.
func normOf(po segment.Posting) (length uint64, norm float64, ok bool) {
	switch p := po.(type) {
	case *zapv16.Posting:
		return p.NormUint64(), 0, true
	case *zapv17.Posting:
		return p.NormUint64(), 0, true
	case *zapv15.Posting:
		return p.NormUint64(), 0, true
	}
	return 0, po.Norm(), false
}

// postingScore is the leaf's score of po, through the cache.
func (l *leaf) postingScore(po segment.Posting) float64 {
	length, norm, ok := normOf(po)
	freq := po.Frequency()
	if !ok || freq >= 1<<24 || length >= 1<<32 {
		if ok {
			norm = float64(float32(1.0 / math.Sqrt(float64(length))))
		}
		return l.score(freq, norm)
	}
	k := (length<<24 | freq) + 1
	i := (length*0x9E3779B1 ^ freq*0x9E37) % scoreCacheSize
	if l.cache.key[i] == k {
		return l.cache.val[i]
	}
	// zapx's Posting.Norm, bit for bit
	v := l.score(freq, float64(float32(1.0/math.Sqrt(float64(length)))))
	l.cache.key[i], l.cache.val[i] = k, v
	return v
}

// bound is an upper bound of the leaf's score of any posting in segment
// seg: 0 where the term is absent, the largest score seen there by an
// earlier full walk (maxRatios), else the analytic bound (+Inf without
// BM25).
func (l *leaf) bound(p *plan, seg int) float64 {
	if l.pls[seg] == nil {
		return 0
	}
	w := l.idf * l.qweight
	if l.avgLen <= 0 || !(w > 0) {
		return math.Inf(1)
	}
	if r, ok := maxRatios.get(boundKey{p.segs[seg], l.field, string(l.term), l.avgLen}); ok {
		return r * w * (1 + boundMargin)
	}
	a := search.BM25_k1 * (1 - search.BM25_b)
	b := search.BM25_k1 * search.BM25_b / l.avgLen
	least := a + b // at tf = 1
	if math.Sqrt(a/b) >= 1 {
		least = 2 * math.Sqrt(a*b)
	}
	return search.BM25_k1 / (1 + least) * w * (1 + boundMargin)
}

// walked records the largest score of a full walk of l's postings in
// segment seg, as a ratio to idf·query weight: the BM25 part, which
// depends only on the postings and the average length.
func (l *leaf) walked(p *plan, seg int, largest float64) {
	w := l.idf * l.qweight
	if l.avgLen <= 0 || !(w > 0) || largest <= 0 {
		return
	}
	maxRatios.put(boundKey{p.segs[seg], l.field, string(l.term), l.avgLen}, largest/w)
}

// boundKey names a term's postings in a segment, and the average length
// its scores were computed with. Segments are immutable; documents deleted
// later only leave fewer postings under the same maximum. The key holds
// the segment (so its address cannot be reused while it is in the map).
type boundKey struct {
	seg         segment.Segment
	field, term string
	avgLen      float64
}

// maxRatios are the largest BM25 parts (score/(idf·query weight)) seen per
// term and segment by full walks: the "impacts" zap does not store, learnt
// as queries run. Bounded: it starts again when full.
var maxRatios = &ratioCache{}

type ratioCache struct {
	mu sync.Mutex
	m  map[boundKey]float64
}

const maxRatioEntries = 1 << 16

func (c *ratioCache) get(k boundKey) (float64, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	r, ok := c.m[k]
	return r, ok
}

func (c *ratioCache) put(k boundKey, r float64) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.m == nil || len(c.m) >= maxRatioEntries {
		c.m = make(map[boundKey]float64)
	}
	c.m[k] = max(c.m[k], r)
}

// bounds fills p's bounds for segment seg: rest[i] for a document first
// met at clause i, restSum[i] = Σ_{j≥i} bound_j.
func (p *plan) bounds(seg int) {
	m := len(p.clauses)
	p.rest = slices.Grow(p.rest[:0], m+1)[:m+1]
	p.restSum = slices.Grow(p.restSum[:0], m+1)[:m+1]
	p.restSum[m] = 0
	p.featBound = 0
	if p.feat != nil {
		p.featBound = p.feat.bound(p, seg)
	}
	p.cb = slices.Grow(p.cb[:0], m)[:m]
	for i, c := range p.clauses {
		var b float64
		for _, l := range c.leaves {
			b += l.bound(p, seg)
		}
		p.cb[i] = b
	}
	for i := m - 1; i >= 0; i-- {
		p.restSum[i] = p.restSum[i+1] + p.cb[i]
	}
	for i := 0; i <= m; i++ {
		p.rest[i] = (float64(m-i)/float64(m)*p.restSum[i] + p.featBound) * (1 + boundMargin)
	}
}

// docBound is the bound of an accumulated document before clause i.
func (p *plan) docBound(i int, cnt uint16, sum float64) float64 {
	m := float64(len(p.clauses))
	return ((float64(cnt)+float64(len(p.clauses)-i))/m*(sum+p.restSum[i]) + p.featBound) * (1 + boundMargin)
}

// threshold is a lower bound of the final n-th best score, before clause
// i of the segment (−Inf when unknown): the root of the full heap, or the
// n-th largest coord·sum of the documents accumulated so far, computed only
// when it could be above rest[i] (no accumulated document can have more
// than (i/m)·Σ_{j<i} bound_j).
func (a *accum) threshold(p *plan, i int, top *topN) float64 {
	θ := math.Inf(-1)
	if len(top.h) == top.n && top.n > 0 {
		θ = top.h[0].score
	}
	if θ > p.rest[i] || len(a.touched) < top.n || top.n == 0 {
		return θ
	}
	m := float64(len(p.clauses))
	if float64(i)/m*(p.restSum[0]-p.restSum[i]) <= p.rest[i] {
		return θ
	}
	h := a.lows[:0] // a min-heap of the n largest
	for _, num := range a.touched {
		s := a.sum[num] * (float64(a.cnt[num]) / m)
		if len(h) < top.n {
			h = append(h, s)
			for j := len(h) - 1; j > 0 && h[(j-1)/2] > h[j]; j = (j - 1) / 2 {
				h[j], h[(j-1)/2] = h[(j-1)/2], h[j]
			}
			continue
		}
		if s <= h[0] {
			continue
		}
		h[0] = s
		for j := 0; ; {
			w, l, r := j, 2*j+1, 2*j+2
			if l < len(h) && h[l] < h[w] {
				w = l
			}
			if r < len(h) && h[r] < h[w] {
				w = r
			}
			if w == j {
				break
			}
			h[j], h[w] = h[w], h[j]
			j = w
		}
	}
	a.lows = h
	return max(θ, h[0])
}

// pruner is the state of the pruning in one segment.
type pruner struct {
	a     *accum
	p     *plan
	on    bool    // no new document can reach the top
	θ     float64 // with on: a lower bound of the final n-th best score
	ci    int     // the clause being walked
	cands []uint32
	// candsAt is the clause cands were chosen before: they are a superset
	// of the documents that can still reach θ, for they only lose hope
	// (a document's bound never grows as clauses are walked).
	candsAt int
}

// start turns pruning on before clause ci if no document not yet met can
// reach the top.
func (pr *pruner) start(ci int, top *topN) {
	if θ := pr.a.threshold(pr.p, ci, top); !noPrune && pr.p.rest[ci] < θ {
		pr.on, pr.θ, pr.cands = true, θ, nil
	}
}

// advanceMin: a posting list is walked with Advance to the candidates
// when it holds this many times as many postings as documents were met.
const advanceMin = 4

// walk adds l's scores in pl to documents already met (cnt of the
// segment > 0), into sum and cnt: with Advance to the candidates when the
// list is long, else along the whole list. The documents met that are no
// candidates may get some contributions and miss others: their true
// scores are below θ, and a partial score keeps them there.
func (pr *pruner) walk(l *leaf, pl segment.PostingsList, sum []float64, cnt []uint16, touched *[]uint32, walked *int) error {
	a := pr.a
	it := a.iter(pl)
	add := func(num uint32, po segment.Posting) {
		if cnt[num] == 0 {
			*touched = append(*touched, num)
		}
		sum[num] += l.postingScore(po)
		cnt[num]++
	}
	if pl.Count() < advanceMin*uint64(len(a.touched)) {
		for {
			po, err := it.Next()
			if err != nil || po == nil {
				return err
			}
			*walked++
			if num := uint32(po.Number()); a.cnt[num] > 0 {
				add(num, po)
			}
		}
	}
	if pr.cands == nil || pr.candsAt < pr.ci && len(pr.cands) > 64 {
		pr.cands = a.candidates(pr.p, pr.ci, pr.θ, pr.cands)
		pr.candsAt = pr.ci
	}
	cands := pr.cands
	for c := 0; c < len(cands); {
		po, err := it.Advance(uint64(cands[c]))
		if err != nil || po == nil {
			return err
		}
		*walked++
		num := uint32(po.Number())
		for c < len(cands) && cands[c] < num {
			c++
		}
		if c < len(cands) && cands[c] == num {
			add(num, po)
			c++
		}
	}
	return nil
}

// candidates are the documents met whose bound before clause i reaches
// θ, sorted by number: from prev (sorted) when there is one, else from
// the touched documents.
func (a *accum) candidates(p *plan, i int, θ float64, prev []uint32) []uint32 {
	keep := func(num uint32) bool { return p.docBound(i, a.cnt[num], a.sum[num]) >= θ }
	if prev != nil {
		out := prev[:0]
		for _, num := range prev {
			if keep(num) {
				out = append(out, num)
			}
		}
		return out
	}
	out := a.cands[:0]
	for _, num := range a.touched {
		if keep(num) {
			out = append(out, num)
		}
	}
	slices.Sort(out)
	a.cands = out[:0]
	return out
}

// noPrune turns the pruning off (tests).
var noPrune bool
