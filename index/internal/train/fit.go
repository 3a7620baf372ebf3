package main

import (
	"math"
	"sort"

	"github.com/talksbot/talksbot/index"
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

// standardise finds each column's mean and scale (1 for a constant column).
func standardise(rows [][]float64) (mean, scale []float64) {
	if len(rows) == 0 {
		return nil, nil
	}
	d := len(rows[0])
	mean, scale = make([]float64, d), make([]float64, d)
	for _, r := range rows {
		for j, v := range r {
			mean[j] += v
		}
	}
	for j := range mean {
		mean[j] /= float64(len(rows))
	}
	for _, r := range rows {
		for j, v := range r {
			scale[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	for j := range scale {
		scale[j] = math.Sqrt(scale[j] / float64(len(rows)))
		if scale[j] < 1e-9 {
			scale[j] = 1
		}
	}
	return mean, scale
}

// adam is full-batch Adam: steady and deterministic.
type adam struct {
	m1, m2 []float64
	it     int
}

func newAdam(d int) *adam { return &adam{m1: make([]float64, d), m2: make([]float64, d)} }

func (a *adam) step(w, g []float64, lr float64) {
	const b1, b2 = 0.9, 0.999
	a.it++
	for j := range g {
		a.m1[j] = b1*a.m1[j] + (1-b1)*g[j]
		a.m2[j] = b2*a.m2[j] + (1-b2)*g[j]*g[j]
		mh := a.m1[j] / (1 - math.Pow(b1, float64(a.it)))
		vh := a.m2[j] / (1 - math.Pow(b2, float64(a.it)))
		w[j] -= lr * mh / (math.Sqrt(vh) + 1e-8)
	}
}

// fitRank fits the listwise model: per question, the softmax of the
// candidates' scores should put its mass on the answering ones.
func fitRank(exs []rankExample, l2 float64) index.Linear {
	var all [][]float64
	for _, e := range exs {
		all = append(all, e.cands...)
	}
	mean, scale := standardise(all)
	d := len(mean)
	w := make([]float64, d)
	z := func(r []float64) float64 {
		s := 0.0
		for j := range w {
			s += w[j] * (r[j] - mean[j]) / scale[j]
		}
		return s
	}
	opt := newAdam(d)
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
		opt.step(w, g, 0.05)
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

// fitLogistic fits a plain logistic regression with an L2 penalty.
func fitLogistic(rows [][]float64, y []bool, l2 float64) index.Linear {
	mean, scale := standardise(rows)
	d := len(mean)
	w := make([]float64, d+1) // the last is the bias
	opt := newAdam(d + 1)
	for it := 0; it < 600; it++ {
		g := make([]float64, d+1)
		for i, r := range rows {
			z := w[d]
			for j := 0; j < d; j++ {
				z += w[j] * (r[j] - mean[j]) / scale[j]
			}
			p := 1 / (1 + math.Exp(-z))
			t := 0.0
			if y[i] {
				t = 1
			}
			for j := 0; j < d; j++ {
				g[j] += (p - t) * (r[j] - mean[j]) / scale[j]
			}
			g[d] += p - t
		}
		for j := 0; j <= d; j++ {
			g[j] /= float64(len(rows))
			if j < d {
				g[j] += l2 * w[j]
			}
		}
		opt.step(w, g, 0.05)
	}
	return index.Linear{Mean: mean, Scale: scale, W: w[:d], B: w[d]}
}

// logLoss is the mean log-loss of probabilities p for labels y.
func logLoss(p []float64, y []bool) float64 {
	loss := 0.0
	for i := range p {
		v := math.Min(math.Max(p[i], 1e-6), 1-1e-6)
		if y[i] {
			loss -= math.Log(v)
		} else {
			loss -= math.Log(1 - v)
		}
	}
	return loss / float64(max(1, len(p)))
}

// wilsonLower is the one-sided 95% lower confidence bound of a
// proportion of right out of n (Wilson's score interval).
func wilsonLower(right, n int) float64 {
	if n == 0 {
		return 0
	}
	const z = 1.6449 // one-sided 95%
	p := float64(right) / float64(n)
	nn := float64(n)
	centre := p + z*z/(2*nn)
	spread := z * math.Sqrt(p*(1-p)/nn+z*z/(4*nn*nn))
	return (centre - spread) / (1 + z*z/nn)
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
