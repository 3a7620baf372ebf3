package index

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/blevesearch/bleve/v2/index/scorch"
)

// parallelFrom is the index size (passages) from which one question's
// segments are scored on several cores at once: below it the goroutines
// cost more than they save.
var parallelFrom = 200_000

// scoreSegments scores every segment of segs into top: one after another
// on a small index, on up to GOMAXPROCS goroutines on a large one. Each
// goroutine has its own accumulator, score caches and best n, merged at
// the end; the order of hits is total (score, segment, number), so the
// merged top n are the ones one goroutine would have kept.
func scoreSegments(ctx context.Context, p *plan, segs []*scorch.SegmentSnapshot, top *topN) error {
	total := 0
	for _, ss := range segs {
		total += int(ss.Segment().Count())
	}
	workers := min(runtime.GOMAXPROCS(0), len(segs))
	if total < parallelFrom || workers < 2 {
		a := accums.Get().(*accum)
		defer accums.Put(a)
		for i, ss := range segs {
			if err := a.segment(ctx, p, i, int(ss.Segment().Count()), top); err != nil {
				return err
			}
		}
		return nil
	}
	var next atomic.Int64
	tops := make([]*topN, workers)
	errs := make([]error, workers)
	var wg sync.WaitGroup
	for w := range workers {
		tops[w] = &topN{n: top.n, h: make([]scored, 0, top.n)}
		wg.Add(1)
		go func() {
			defer wg.Done()
			wp := p.clone()
			a := accums.Get().(*accum)
			defer accums.Put(a)
			for {
				i := int(next.Add(1) - 1)
				if i >= len(segs) {
					return
				}
				if err := a.segment(ctx, wp, i, int(segs[i].Segment().Count()), tops[w]); err != nil {
					errs[w] = err
					return
				}
			}
		}()
	}
	wg.Wait()
	for w := range workers {
		if errs[w] != nil {
			return errs[w]
		}
		for _, h := range tops[w].h {
			top.add(h)
		}
	}
	return nil
}

// clone is p with leaves of its own (their score caches are written as
// postings are scored); the postings lists and statistics are shared.
func (p *plan) clone() *plan {
	own := map[*leaf]*leaf{}
	copyLeaf := func(l *leaf) *leaf {
		if l == nil {
			return nil
		}
		if c, ok := own[l]; ok {
			return c
		}
		c := *l
		c.cache = scoreCache{}
		own[l] = &c
		return &c
	}
	q := &plan{clauses: make([]*clause, len(p.clauses)), feat: copyLeaf(p.feat)}
	for i, c := range p.clauses {
		cc := &clause{leaves: make([]*leaf, len(c.leaves)), group: c.group}
		for j, l := range c.leaves {
			cc.leaves[j] = copyLeaf(l)
		}
		q.clauses[i] = cc
	}
	return q
}
