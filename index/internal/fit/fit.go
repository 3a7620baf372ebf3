// Package fit is what the trainers (internal/train, internal/pinfit)
// share: the column standardisation, full-batch Adam, a deterministic
// logistic regression with an L2 penalty, log-loss and the Wilson lower
// bound, the index of the embedded corpus and the real test pages the
// question bank is asked of, and whether a passage is one a question
// expects. Every loop runs in a fixed order from zero weights, so the
// same bank and index give the same model to the last bit.
package fit

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/talksbot/talksbot/index/eval"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/corpus/ingest/htmltext"
	"github.com/talksbot/talksbot/index"
)

// Standardise finds each column's mean and scale (1 for a constant column).
func Standardise(rows [][]float64) (mean, scale []float64) {
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

// Adam is full-batch Adam: steady and deterministic.
type Adam struct {
	m1, m2 []float64
	it     int
}

func NewAdam(d int) *Adam { return &Adam{m1: make([]float64, d), m2: make([]float64, d)} }

func (a *Adam) Step(w, g []float64, lr float64) {
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

// Logistic fits a plain logistic regression with an L2 penalty.
func Logistic(rows [][]float64, y []bool, l2 float64) index.Linear {
	mean, scale := Standardise(rows)
	d := len(mean)
	w := make([]float64, d+1) // the last is the bias
	opt := NewAdam(d + 1)
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
		opt.Step(w, g, 0.05)
	}
	return index.Linear{Mean: mean, Scale: scale, W: w[:d], B: w[d]}
}

// LogLoss is the mean log-loss of probabilities p for labels y.
func LogLoss(p []float64, y []bool) float64 {
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

// WilsonLower is the one-sided 95% lower confidence bound of a
// proportion of right out of n (Wilson's score interval).
func WilsonLower(right, n int) float64 {
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

// BuildIndex indexes the embedded corpus and the real test pages in a
// temporary directory.
func BuildIndex(ctx context.Context, pagesDir string) (*index.Index, func(), map[string]string, error) {
	pages, err := ingest.TestPages(context.Background(), htmltext.Extractor{}, pagesDir)
	if err != nil {
		return nil, nil, nil, err
	}
	arts, ids, err := corpus.WithTestPages(pages)
	if err != nil {
		return nil, nil, nil, err
	}
	dir, err := os.MkdirTemp("", "talksbot-fit-")
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := index.CreateCompact(ctx, filepath.Join(dir, "ix"), arts) // one segment: the same every run
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, nil, err
	}
	return x, func() { x.Close(); os.RemoveAll(dir) }, ids, nil
}

// Answers reports whether a passage is one the question expects.
func Answers(q eval.Question, article, quote string) bool {
	for _, e := range q.Expect {
		if e.Article == article && strings.Contains(quote, e.Contains) {
			return true
		}
	}
	return false
}
