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
	"encoding/json"
	"flag"
	"fmt"
	"go/format"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/index/eval"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/internal/fit"
)

// The decision's targets, met on held-out folds of train: what is said
// must be right this often, with this lower confidence bound, on at least
// minSupport questions; and a refusal may turn away at most maxRefused of
// a group's answerable questions.
const (
	folds       = 5
	minSupport  = 20
	answerPoint = 0.90
	answerLower = 0.80
	refusePoint = 0.90
	refuseLower = 0.80
	maxRefused  = 0.04
	shortPoint  = 0.95 // a kind's short answers are given when right this often on train
)

func main() {
	out := flag.String("out", "model_trained.go", "the Go file to write")
	bank := flag.String("bank", "testdata/bank", "the question bank folder")
	pages := flag.String("pages", "../corpus/ingest/testdata", "the real test pages")
	convs := flag.String("conversations", "testdata/conversations/dev.json", "the conversations the follow-up weights are chosen on")
	flag.StringVar(&dumpPath, "dump", "", "write the decision rows (out-of-fold) to this JSON file, to study them")
	flag.Parse()
	if err := run(*out, *bank, *pages, *convs); err != nil {
		fmt.Fprintln(os.Stderr, "train:", err)
		os.Exit(1)
	}
}

func run(out, bank, pagesDir, convs string) error {
	m, err := train(bank, pagesDir, convs, os.Stderr)
	if err != nil {
		return err
	}
	return writeModel(out, m)
}

// row is one training question as the decision sees it, ranked by a
// ranker that did not see it (cross-fitting).
type row struct {
	q          string
	top        string
	fold       int
	group      int
	kind       index.Kind
	in         []float64
	answerable bool
	right      bool // the first passage answers it
	refused    bool // refused by rule: it names what the coverage never mentions
}

// train fits the model on the bank's train split; log gets the figures.
func train(bank, pagesDir, convPath string, log io.Writer) (*index.Model, error) {
	ctx := context.Background()
	x, cleanup, ids, err := fit.BuildIndex(ctx, pagesDir)
	if err != nil {
		return nil, err
	}
	defer cleanup()
	load := func(name string) (eval.Set, []byte, error) {
		path := filepath.Join(bank, name)
		set, err := eval.Load(path)
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
	recall, err := recallEntries(ctx, x, train)
	if err != nil {
		return nil, err
	}
	exs, err := rankExamples(ctx, x, train, recall)
	if err != nil {
		return nil, err
	}
	var bestL2 float64
	bestTop := -1.0
	for _, l2 := range []float64{1e-3, 1e-2, 1e-1} {
		top := cvRank(exs, l2)
		fmt.Fprintf(log, "rank l2=%g: cross-validated top-1 %.3f\n", l2, top)
		if top > bestTop {
			bestTop, bestL2 = top, l2
		}
	}
	// Decision rows, each question ranked by the ranker of the other
	// folds; the ranker served is the mean of the five.
	m := &index.Model{AnswerAt: [index.NumGroups]float64{2, 2}, Recall: recall}
	var rows []row
	var rankers []index.Linear
	for k := 0; k < folds; k++ {
		mk := &index.Model{Rank: fitRank(without(exs, k), bestL2), AnswerAt: [index.NumGroups]float64{2, 2}, Recall: recall}
		rankers = append(rankers, mk.Rank)
		rs, err := decisionRows(ctx, x, train, k, mk)
		if err != nil {
			return nil, err
		}
		rows = append(rows, rs...)
	}
	var all [][]float64
	for _, e := range exs {
		all = append(all, e.cands...)
	}
	mean, scale := fit.Standardise(all)
	m.Rank = averageLinear(rankers, mean, scale)
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].fold < rows[j].fold })
	pc, pr := fitDecision(m, rows, log)
	calibrate(m, rows, pc, pr, log)
	chooseAgree(m, rows, log)
	chooseOneArticle(m, rows, pc, pr, log)
	if err := dump(rows, pc, pr); err != nil {
		return nil, err
	}

	// Follow-ups: how much the turn before counts, on the dev conversations.
	convs, err := eval.LoadConvSet(convPath)
	if err != nil {
		return nil, err
	}
	if m.Follow, err = chooseFollow(ctx, x, convs, m, log); err != nil {
		return nil, err
	}

	// Short answers: the kinds whose short answers are right on train.
	if m.ShortKinds, err = chooseShort(ctx, x, train, m, log); err != nil {
		return nil, err
	}
	rep, err := eval.Evaluate(ctx, x, nil, dev, m)
	if err != nil {
		return nil, err
	}
	e := rep.Engine
	fmt.Fprintf(log, "dev: top-1 %.3f top-3 %.3f; answered %d (%d right) of %d answerable; not covered %d (%d unanswerable) of %d unanswerable; short answers %d (%d right)\n",
		e.Top1, e.Top3, e.Answered, e.AnsweredRight, e.Answerable, e.NotCovered, e.NotCoveredRight, e.Unanswerable, e.ShortAnswers, e.ShortRight)
	m.About = fmt.Sprintf("trained on %d questions of %s/train.json (sha256 %x): rank L2 %g, cross-validated top-1 %.3f",
		len(train.Questions), strings.TrimLeft(bank, "./"), sha256.Sum256(rawTrain), bestL2, bestTop)
	return m, nil
}

// recallEntries are the answerable training questions the ranker
// remembers (recall.go), with their terms as the index reads them; not
// the questions about the real test pages, which a deployment lacks.
func recallEntries(ctx context.Context, x *index.Index, set eval.Set) ([]index.RecallEntry, error) {
	var out []index.RecallEntry
	for _, q := range set.Questions {
		if len(q.Expect) == 0 || q.Pages {
			continue
		}
		terms, err := x.RecallTerms(ctx, q.Q)
		if err != nil {
			return nil, err
		}
		e := index.RecallEntry{Q: q.Q, Terms: terms}
		for _, x := range q.Expect {
			e.Expect = append(e.Expect, index.Expected{Article: x.Article, Contains: x.Contains})
		}
		out = append(out, e)
	}
	return out, nil
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
	lin("Covered", m.Covered)
	lin("Answer", m.Answer)
	fmt.Fprintf(&b, "AnswerAt: [NumGroups]float64{%s},\nCoveredBelow: [NumGroups]float64{%s},\n",
		list(m.AnswerAt[:]), list(m.CoveredBelow[:]))
	b.WriteString("Calibration: [NumGroups]Calibration{\n")
	for _, c := range m.Calibration {
		fmt.Fprintf(&b, "{Answered: %d, AnsweredRight: %d, AnsweredLower: %s, Refused: %d, RefusedRight: %d, RefusedLower: %s},\n",
			c.Answered, c.AnsweredRight, num(c.AnsweredLower), c.Refused, c.RefusedRight, num(c.RefusedLower))
	}
	b.WriteString("},\n")
	a := m.Agree
	fmt.Fprintf(&b, "AgreeMass: %s,\nAgree: Calibration{Answered: %d, AnsweredRight: %d, AnsweredLower: %s},\n", num(m.AgreeMass), a.Answered, a.AnsweredRight, num(a.AnsweredLower))
	o := m.OneArticle
	fmt.Fprintf(&b, "OneArticleMass: %s,\nOneArticleAt: %s,\nOneArticle: Calibration{Answered: %d, AnsweredRight: %d, AnsweredLower: %s},\n", num(m.OneArticleMass), num(m.OneArticleAt), o.Answered, o.AnsweredRight, num(o.AnsweredLower))
	fmt.Fprintf(&b, "Follow: Follow{Weight: %s, Article: %s},\n", num(m.Follow.Weight), num(m.Follow.Article))
	b.WriteString("ShortKinds: []Kind{")
	for _, k := range m.ShortKinds {
		fmt.Fprintf(&b, "%q, ", string(k))
	}
	b.WriteString("},\n")
	b.WriteString("Recall: []RecallEntry{\n")
	for _, e := range m.Recall {
		fmt.Fprintf(&b, "{Q: %q, Terms: []string{", e.Q)
		for _, t := range e.Terms {
			fmt.Fprintf(&b, "%q, ", t)
		}
		b.WriteString("}, Expect: []Expected{")
		for _, x := range e.Expect {
			fmt.Fprintf(&b, "{Article: %q, Contains: %q}, ", x.Article, x.Contains)
		}
		b.WriteString("}},\n")
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

func floats(vs []float64) string { return "[]float64{" + list(vs) + "}" }

func list(vs []float64) string {
	parts := make([]string, len(vs))
	for i, v := range vs {
		parts[i] = num(v)
	}
	return strings.Join(parts, ", ")
}

// dumpPath is where -dump writes the decision rows ("" for nowhere).
var dumpPath string

func dump(rows []row, pc, pr []float64) error {
	if dumpPath == "" {
		return nil
	}
	type out struct {
		Q, Top, Kind      string
		Answerable, Right bool
		Refused           bool
		PCovered, PRight  float64
		Inputs            map[string]float64
	}
	var all []out
	for i, r := range rows {
		o := out{Q: r.q, Top: r.top, Kind: string(r.kind), Answerable: r.answerable, Right: r.right, Refused: r.refused, PCovered: pc[i], PRight: pr[i], Inputs: map[string]float64{}}
		for j, v := range r.in {
			o.Inputs[index.DecisionNames[j]] = v
		}
		all = append(all, o)
	}
	b, err := json.MarshalIndent(all, "", " ")
	if err != nil {
		return err
	}
	return os.WriteFile(dumpPath, b, 0o644)
}
