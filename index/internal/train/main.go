// Command train fits the engine's model on the question bank's train
// split and writes it as Go source (index/model_trained.go):
//
//	go generate ./index     # runs: go run ./internal/train -out model_trained.go
//
// Everything it chooses — the ranking weights, the two decision models,
// their thresholds, the L2 penalties, which short answers to give — is
// chosen on train (by 5-fold cross-validation inside it) or on dev. The
// test split is never read. The run is deterministic: full-batch
// gradient descent from zero, questions in file order.
package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"flag"
	"fmt"
	"go/format"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/corpus/ingest/htmltext"

	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// precisionTarget is what each decision must reach on held-out folds of
// train: the product's 90% with a margin for the questions to come.
const precisionTarget = 0.92

func main() {
	out := flag.String("out", "model_trained.go", "the Go file to write")
	bank := flag.String("bank", "testdata/bank", "the question bank folder")
	pages := flag.String("pages", "../corpus/ingest/testdata", "the real test pages")
	flag.Parse()
	if err := run(*out, *bank, *pages); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

type example struct {
	q     index.EvalQuestion
	cands [][]float64 // candidate features
	pos   []bool      // candidate answers the question
}

func run(out, bank, pagesDir string) error {
	m, err := train(bank, pagesDir)
	if err != nil {
		return err
	}
	return writeModel(out, m)
}

// train fits the model on the bank's train split.
func train(bank, pagesDir string) (*index.Model, error) {
	ctx := context.Background()
	x, cleanup, ids, err := buildIndex(ctx, pagesDir)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	load := func(name string) (index.EvalSet, []byte, error) {
		path := filepath.Join(bank, name)
		set, err := index.LoadEvalSet(path)
		if err != nil {
			return set, nil, err
		}
		raw, _ := os.ReadFile(path)
		return set, raw, set.ResolvePages(ids)
	}
	train, rawTrain, err := load("train.json")
	if err != nil {
		return nil, err
	}
	dev, _, err := load("dev.json")
	if err != nil {
		return nil, err
	}

	// Ranking: a listwise (softmax) linear model over candidate features,
	// its L2 penalty chosen by 5-fold top-1 on train.
	zero := &index.Model{AnswerAt: 2}
	exs, err := examples(ctx, x, train, zero)
	if err != nil {
		return nil, err
	}
	var bestL2 float64
	bestTop := -1.0
	for _, l2 := range []float64{1e-4, 1e-3, 1e-2, 1e-1} {
		top := cvRank(exs, l2)
		fmt.Fprintf(os.Stderr, "rank l2=%g: cross-validated top-1 %.3f\n", l2, top)
		if top > bestTop {
			bestTop, bestL2 = top, l2
		}
	}
	m := &index.Model{Evidence: 1, AnswerAt: 2}
	m.Rank = fitRank(exs, bestL2)

	// Decision: two logistic models over the ranked candidates.
	inputs, yAnswer, yCovered, err := decisionData(ctx, x, train, m)
	if err != nil {
		return nil, err
	}
	var oofA, oofC []float64
	m.Answer, oofA = fitChosen("answer", inputs, yAnswer)
	m.Covered, oofC = fitChosen("covered", inputs, yCovered)
	curve("answer", oofA, yAnswer, true)
	curve("covered", oofC, yCovered, false)
	m.AnswerAt = thresholdAbove(oofA, yAnswer)
	m.CoveredBelow = thresholdBelow(oofC, yCovered)
	fmt.Fprintf(os.Stderr, "answered from p=%.3f, not covered under p=%.3f\n", m.AnswerAt, m.CoveredBelow)

	// Short answers: the evidence share and the kinds, chosen on train.
	m.Evidence, m.ShortKinds, err = chooseShort(ctx, x, train, m)
	if err != nil {
		return nil, err
	}
	rep, err := index.Evaluate(ctx, x, nil, dev, m)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(os.Stderr, "dev: top-1 %.3f top-3 %.3f answered %d (%.3f right) not covered %d (%.3f right) short %d (%.3f right)\n",
		rep.Engine.Top1, rep.Engine.Top3, rep.Engine.Answered, rep.Engine.AnsweredPrec, rep.Engine.NotCovered, rep.Engine.NotCoveredPrec, rep.Engine.ShortAnswers, rep.Engine.ShortPrec)
	m.About = fmt.Sprintf("trained on %d questions of %s/train.json (sha256 %x): rank L2 %g, cross-validated top-1 %.3f",
		len(train.Questions), bank, sha256.Sum256(rawTrain), bestL2, bestTop)
	return m, nil
}

// buildIndex indexes the embedded corpus and the real test pages in a
// temporary directory.
func buildIndex(ctx context.Context, pagesDir string) (*index.Index, func(), map[string]string, error) {
	pages, err := ingest.TestPages(context.Background(), htmltext.Extractor{}, pagesDir)
	if err != nil {
		return nil, nil, nil, err
	}
	arts, ids, err := index.EvalCorpus(pages)
	if err != nil {
		return nil, nil, nil, err
	}
	dir, err := os.MkdirTemp("", "talksbot-train-")
	if err != nil {
		return nil, nil, nil, err
	}
	x, err := index.Create(ctx, filepath.Join(dir, "ix"), arts, nil)
	if err != nil {
		os.RemoveAll(dir)
		return nil, nil, nil, err
	}
	return x, func() { x.Close(); os.RemoveAll(dir) }, ids, nil
}

// answers reports whether a passage is one the question expects.
func answers(q index.EvalQuestion, article, quote string) bool {
	for _, e := range q.Expect {
		if e.Article == article && strings.Contains(quote, e.Contains) {
			return true
		}
	}
	return false
}

func examples(ctx context.Context, x *index.Index, set index.EvalSet, m *index.Model) ([]example, error) {
	var out []example
	for _, q := range set.Questions {
		if len(q.Expect) == 0 {
			continue
		}
		t, err := x.Trace(ctx, q.Q, 3, m)
		if err != nil {
			return nil, err
		}
		ex := example{q: q}
		any := false
		for i := range t.Candidates {
			p := &t.Candidates[i]
			f := p.Features()
			ex.cands = append(ex.cands, append([]float64(nil), f[:]...))
			ok := answers(q, p.ArticleID, p.Quote)
			ex.pos = append(ex.pos, ok)
			any = any || ok
		}
		if any {
			out = append(out, ex)
		}
	}
	return out, nil
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

// fitRank fits the listwise model: per question, the softmax of the
// candidates' scores should put its mass on the answering ones.
func fitRank(exs []example, l2 float64) index.Linear {
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
	// Adam on the full batch: steady and deterministic.
	m1, m2 := make([]float64, d), make([]float64, d)
	const lr, b1, b2, iters = 0.05, 0.9, 0.999, 400
	for it := 1; it <= iters; it++ {
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
			m1[j] = b1*m1[j] + (1-b1)*g[j]
			m2[j] = b2*m2[j] + (1-b2)*g[j]*g[j]
			mh := m1[j] / (1 - math.Pow(b1, float64(it)))
			vh := m2[j] / (1 - math.Pow(b2, float64(it)))
			w[j] -= lr * mh / (math.Sqrt(vh) + 1e-8)
		}
	}
	return index.Linear{Mean: mean, Scale: scale, W: w}
}

// cvRank is the 5-fold cross-validated top-1 of the rank model.
func cvRank(exs []example, l2 float64) float64 {
	right := 0
	for k := 0; k < 5; k++ {
		var tr, te []example
		for i, e := range exs {
			if i%5 == k {
				te = append(te, e)
			} else {
				tr = append(tr, e)
			}
		}
		l := fitRank(tr, l2)
		for _, e := range te {
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

func decisionData(ctx context.Context, x *index.Index, set index.EvalSet, m *index.Model) (in [][]float64, yA, yC []bool, err error) {
	for _, q := range set.Questions {
		t, err := x.Trace(ctx, q.Q, 3, m)
		if err != nil {
			return nil, nil, nil, err
		}
		f := t.Decision.Inputs
		in = append(in, append([]float64(nil), f[:]...))
		top := len(t.Candidates) > 0 && answers(q, t.Candidates[0].ArticleID, t.Candidates[0].Quote)
		yA = append(yA, top)
		yC = append(yC, len(q.Expect) > 0)
	}
	return in, yA, yC, nil
}

// fitLogistic fits a plain logistic regression with an L2 penalty.
func fitLogistic(rows [][]float64, y []bool, l2 float64) index.Linear {
	mean, scale := standardise(rows)
	d := len(mean)
	w := make([]float64, d)
	var b float64
	m1, m2 := make([]float64, d+1), make([]float64, d+1)
	const lr, b1, b2, iters = 0.05, 0.9, 0.999, 600
	for it := 1; it <= iters; it++ {
		g := make([]float64, d+1)
		for i, r := range rows {
			z := b
			for j := range w {
				z += w[j] * (r[j] - mean[j]) / scale[j]
			}
			p := 1 / (1 + math.Exp(-z))
			t := 0.0
			if y[i] {
				t = 1
			}
			for j := range w {
				g[j] += (p - t) * (r[j] - mean[j]) / scale[j]
			}
			g[d] += p - t
		}
		for j := 0; j <= d; j++ {
			g[j] /= float64(len(rows))
			if j < d {
				g[j] += l2 * w[j]
			}
			m1[j] = b1*m1[j] + (1-b1)*g[j]
			m2[j] = b2*m2[j] + (1-b2)*g[j]*g[j]
			mh := m1[j] / (1 - math.Pow(b1, float64(it)))
			vh := m2[j] / (1 - math.Pow(b2, float64(it)))
			step := lr * mh / (math.Sqrt(vh) + 1e-8)
			if j < d {
				w[j] -= step
			} else {
				b -= step
			}
		}
	}
	return index.Linear{Mean: mean, Scale: scale, W: w, B: b}
}

// oof is the 5-fold out-of-fold probability of every row.
func oof(rows [][]float64, y []bool, l2 float64) []float64 {
	p := make([]float64, len(rows))
	for k := 0; k < 5; k++ {
		var tr [][]float64
		var ty []bool
		for i := range rows {
			if i%5 != k {
				tr, ty = append(tr, rows[i]), append(ty, y[i])
			}
		}
		l := fitLogistic(tr, ty, l2)
		for i := range rows {
			if i%5 == k {
				p[i] = l.Prob(rows[i])
			}
		}
	}
	return p
}

// fitChosen picks the L2 penalty by out-of-fold log-loss, fits on all of
// train, and returns the out-of-fold probabilities for the thresholds.
func fitChosen(name string, all [][]float64, y []bool) (index.Linear, []float64) {
	best, bestWidth, bestLoss := 0.0, 0, math.Inf(1)
	var bestP []float64
	// The compact inputs or all of them, whichever predicts better out of fold.
	for _, width := range []int{index.DecisionCompact, len(all[0])} {
		rows := make([][]float64, len(all))
		for i, r := range all {
			rows[i] = r[:width]
		}
		for _, l2 := range []float64{1e-3, 1e-2, 1e-1, 1} {
			p := oof(rows, y, l2)
			loss := 0.0
			for i := range p {
				v := math.Min(math.Max(p[i], 1e-6), 1-1e-6)
				if y[i] {
					loss -= math.Log(v)
				} else {
					loss -= math.Log(1 - v)
				}
			}
			loss /= float64(len(p))
			fmt.Fprintf(os.Stderr, "%s inputs=%d l2=%g: out-of-fold log-loss %.4f\n", name, width, l2, loss)
			if loss < bestLoss {
				best, bestWidth, bestLoss, bestP = l2, width, loss, p
			}
		}
	}
	rows := make([][]float64, len(all))
	for i, r := range all {
		rows[i] = r[:bestWidth]
	}
	return fitLogistic(rows, y, best), bestP
}

// thresholdAbove is the lowest probability t such that the rows with
// p ≥ t are right at least precisionTarget of the time (and so for every
// higher t met along the way): as many answers as the target allows.
func thresholdAbove(p []float64, y []bool) float64 {
	idx := sortedBy(p, true)
	best := 1.0
	right := 0
	for n, i := range idx {
		if y[i] {
			right++
		}
		if float64(right)/float64(n+1) >= precisionTarget && (n+1 == len(idx) || p[idx[n+1]] < p[i]) {
			best = p[i]
		}
	}
	return best
}

// thresholdBelow is the highest t such that the rows with p < t are
// negatives at least precisionTarget of the time.
func thresholdBelow(p []float64, y []bool) float64 {
	idx := sortedBy(p, false)
	best := 0.0
	neg := 0
	for n, i := range idx {
		if !y[i] {
			neg++
		}
		if float64(neg)/float64(n+1) >= precisionTarget && (n+1 == len(idx) || p[idx[n+1]] > p[i]) {
			best = math.Nextafter(p[i], 1)
		}
	}
	return best
}

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

// chooseShort picks the evidence share that gives the most right short
// answers on train, and the kinds whose short answers are right at least
// 95% of the time there.
func chooseShort(ctx context.Context, x *index.Index, train index.EvalSet, m *index.Model) (float64, []index.Kind, error) {
	kinds := []index.Kind{index.KindCount, index.KindWho, index.KindWhen, index.KindWhere}
	bestE, bestRight := 1.0, -1
	var bestKinds []index.Kind
	for _, ev := range []float64{0.5, 0.6, 0.7, 0.8, 0.9, 1} {
		c := *m
		c.Evidence, c.ShortKinds = ev, kinds
		rep, err := index.Evaluate(ctx, x, nil, train, &c)
		if err != nil {
			return 0, nil, err
		}
		given, right := map[index.Kind]int{}, map[index.Kind]int{}
		for _, r := range rep.Questions {
			if r.Answer != "" {
				given[r.Got]++
				if r.AnswerRight {
					right[r.Got]++
				}
			}
		}
		var ks []index.Kind
		total := 0
		for _, k := range kinds {
			if given[k] > 0 && float64(right[k]) >= 0.95*float64(given[k]) {
				ks = append(ks, k)
				total += right[k]
			}
		}
		fmt.Fprintf(os.Stderr, "evidence %.1f: short answers given %v right %v → kinds %v\n", ev, given, right, ks)
		if total > bestRight {
			bestE, bestRight, bestKinds = ev, total, ks
		}
	}
	return bestE, bestKinds, nil
}

func writeModel(path string, m *index.Model) error {
	var b bytes.Buffer
	b.WriteString("// Code generated by internal/train (go generate ./index); DO NOT EDIT.\n\npackage index\n\n")
	fmt.Fprintf(&b, "// %s\n", m.About)
	b.WriteString("var trained = Model{\n")
	lin := func(name string, l index.Linear) {
		fmt.Fprintf(&b, "%s: Linear{\nMean: %s,\nScale: %s,\nW: %s,\nB: %s,\n},\n", name, floats(l.Mean), floats(l.Scale), floats(l.W), num(l.B))
	}
	lin("Rank", m.Rank)
	lin("Answer", m.Answer)
	lin("Covered", m.Covered)
	fmt.Fprintf(&b, "AnswerAt: %s,\nCoveredBelow: %s,\nEvidence: %s,\n", num(m.AnswerAt), num(m.CoveredBelow), num(m.Evidence))
	b.WriteString("ShortKinds: []Kind{")
	for _, k := range m.ShortKinds {
		fmt.Fprintf(&b, "%q, ", string(k))
	}
	b.WriteString("},\n")
	fmt.Fprintf(&b, "About: %q,\n}\n", m.About)
	src, err := format.Source(b.Bytes())
	if err != nil {
		return fmt.Errorf("format model: %w", err)
	}
	return os.WriteFile(path, src, 0o644)
}

func num(v float64) string { return fmt.Sprintf("%.6g", v) }

func floats(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = num(v)
	}
	return "[]float64{" + strings.Join(parts, ", ") + "}"
}

// curve prints the precision of the first 5%, 10%, … of questions by p.
func curve(name string, p []float64, y []bool, desc bool) {
	idx := sortedBy(p, desc)
	var b strings.Builder
	right := 0
	for n, i := range idx {
		if y[i] == desc {
			right++
		}
		if (n+1)%(len(idx)/20) == 0 {
			fmt.Fprintf(&b, " %d:%.2f@%.2f", n+1, float64(right)/float64(n+1), p[i])
		}
	}
	fmt.Fprintf(os.Stderr, "%s precision by count:%s\n", name, b.String())
}
