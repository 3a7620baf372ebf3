package main

import (
	"math"
	"sort"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/internal/fit"
)

// The fitting: a listwise linear ranker, plain logistic regressions, and
// the thresholds. Every loop runs in a fixed order from zero weights, so
// a run on the same bank and index gives the same model to the last bit.

// rankExample is one answerable training question's candidates.
type rankExample struct {
	fold  int
	cands [][]float64 // candidate features
	pos   []bool      // candidate answers the question
}

// fitRank fits the listwise model: per question, the softmax of the
// candidates' scores should put its mass on the answering ones.
func fitRank(exs []rankExample, l2 float64) index.Linear {
	var all [][]float64
	for _, e := range exs {
		all = append(all, e.cands...)
	}
	mean, scale := fit.Standardise(all)
	d := len(mean)
	w := make([]float64, d)
	z := func(r []float64) float64 {
		s := 0.0
		for j := range w {
			s += w[j] * (r[j] - mean[j]) / scale[j]
		}
		return s
	}
	opt := fit.NewAdam(d)
	for it := 0; it < 400; it++ {
		g := make([]float64, d)
		for _, e := range exs {
			zs := make([]float64, len(e.cands))
			mx := math.Inf(-1)
			for i, r := range e.cands {
				zs[i] = z(r)
				mx = max(mx, zs[i])
			}
			var all, pos float64
			for i := range zs {
				v := math.Exp(zs[i] - mx)
				all += v
				if e.pos[i] {
					pos += v
				}
			}
			for i, r := range e.cands {
				v := math.Exp(zs[i] - mx)
				coef := v / all // d(-log pos/all)/dz_i = p_i − [pos] p_i / P(pos)
				if e.pos[i] {
					coef -= v / pos
				}
				for j := range g {
					g[j] += coef * (r[j] - mean[j]) / scale[j]
				}
			}
		}
		for j := range g {
			g[j] = g[j]/float64(len(exs)) + l2*w[j]
		}
		opt.Step(w, g, 0.05)
	}
	return index.Linear{Mean: mean, Scale: scale, W: w}
}

// cvRank is the 5-fold cross-validated top-1 of the rank model.
func cvRank(exs []rankExample, l2 float64) float64 {
	right := 0
	for k := 0; k < folds; k++ {
		l := fitRank(without(exs, k), l2)
		for _, e := range exs {
			if e.fold != k {
				continue
			}
			best, bi := math.Inf(-1), 0
			for i, r := range e.cands {
				if v := l.Logit(r); v > best {
					best, bi = v, i
				}
			}
			if e.pos[bi] {
				right++
			}
		}
	}
	return float64(right) / float64(len(exs))
}

func without(exs []rankExample, fold int) []rankExample {
	var out []rankExample
	for _, e := range exs {
		if e.fold != fold {
			out = append(out, e)
		}
	}
	return out
}

// sortedBy is the indices of p, highest first (desc) or lowest first;
// ties keep their order.
func sortedBy(p []float64, desc bool) []int {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool {
		if desc {
			return p[idx[a]] > p[idx[b]]
		}
		return p[idx[a]] < p[idx[b]]
	})
	return idx
}

// averageLinear is the model whose log-odds are the mean of ls's, written
// over the standardisation (mean, scale): the ranker served is the mean
// of the fold rankers the decision was trained on, so that the log-odds
// it sees in service are on the scale it learned from.
func averageLinear(ls []index.Linear, mean, scale []float64) index.Linear {
	d := len(mean)
	a := make([]float64, d)
	var b float64
	for _, l := range ls {
		b += l.B / float64(len(ls))
		for i := range l.W {
			a[i] += l.W[i] / l.Scale[i] / float64(len(ls))
			b -= l.W[i] * l.Mean[i] / l.Scale[i] / float64(len(ls))
		}
	}
	out := index.Linear{Mean: mean, Scale: scale, W: make([]float64, d), B: b}
	for i := range a {
		out.W[i] = a[i] * scale[i]
		out.B += a[i] * mean[i]
	}
	return out
}
