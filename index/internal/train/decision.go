package main

import (
	"context"
	"fmt"
	"io"
	"math"

	"github.com/talksbot/talksbot/index/eval"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/internal/fit"
)

// rankExamples are the answerable training questions whose candidates
// hold an answering passage, each with its fold (the question's place in
// the file, modulo folds). Features do not depend on the model, but for
// the remembered questions (the same for every fold: a question never
// recalls itself).
func rankExamples(ctx context.Context, x *index.Index, set eval.Set, recall []index.RecallEntry) ([]rankExample, error) {
	zero := &index.Model{AnswerAt: [index.NumGroups]float64{2, 2}, Recall: recall}
	var out []rankExample
	for i, q := range set.Questions {
		if len(q.Expect) == 0 {
			continue
		}
		t, err := x.Trace(ctx, q.Q, 3, zero)
		if err != nil {
			return nil, err
		}
		ex := rankExample{fold: i % folds}
		any := false
		for j := range t.Candidates {
			p := &t.Candidates[j]
			f := p.Features()
			ex.cands = append(ex.cands, append([]float64(nil), f[:]...))
			ok := fit.Answers(q, p.ArticleID, p.Quote)
			ex.pos = append(ex.pos, ok)
			any = any || ok
		}
		if any {
			out = append(out, ex)
		}
	}
	return out, nil
}

// decisionRows are the questions of fold k ranked by m (a ranker fitted
// without them).
func decisionRows(ctx context.Context, x *index.Index, set eval.Set, k int, m *index.Model) ([]row, error) {
	var out []row
	for i, q := range set.Questions {
		if i%folds != k {
			continue
		}
		t, err := x.Trace(ctx, q.Q, 3, m)
		if err != nil {
			return nil, err
		}
		r := row{q: q.Q, fold: k, kind: t.Analysis.Kind, group: index.GroupOf(t.Analysis.Kind), answerable: len(q.Expect) > 0,
			refused: len(t.Decision.Missing) > 0}
		r.in = append([]float64(nil), t.Decision.Inputs[:]...)
		if ps := t.Answer.Passages; len(ps) > 0 {
			r.top = ps[0].Quote
			r.right = r.answerable && fit.Answers(q, ps[0].ArticleID, ps[0].Quote)
		}
		out = append(out, r)
	}
	return out, nil
}

// fitDecision fits the two decision models on the rows the rules did not
// refuse — Covered on all of them, Answer on the answerable ones — each
// with the L2 penalty of the lowest out-of-fold log-loss, and returns the
// out-of-fold probabilities of every row (0 for rows refused by rule).
func fitDecision(m *index.Model, rows []row, log io.Writer) (pc, pr []float64) {
	covered := func(r row) (bool, bool) { return !r.refused, r.answerable }
	right := func(r row) (bool, bool) { return !r.refused && r.answerable, r.right }
	var l2c, l2r float64
	m.Covered, pc, l2c = fitChosen("covered", rows, covered, log)
	m.Answer, pr, l2r = fitChosen("right", rows, right, log)
	fmt.Fprintf(log, "decision: covered l2=%g, right l2=%g\n", l2c, l2r)
	return pc, pr
}

// fitChosen fits a logistic model on the rows use keeps, labelled by it,
// with the L2 penalty of the lowest out-of-fold log-loss; it returns the
// model fitted on all kept rows and every row's out-of-fold probability.
func fitChosen(name string, rows []row, use func(row) (keep, y bool), log io.Writer) (index.Linear, []float64, float64) {
	bestL2, bestLoss := 0.0, math.Inf(1)
	var bestP []float64
	for _, l2 := range []float64{1e-3, 1e-2, 1e-1, 1} {
		p := make([]float64, len(rows))
		var kp []float64
		var ky []bool
		for k := 0; k < folds; k++ {
			var tr [][]float64
			var ty []bool
			for _, r := range rows {
				if keep, y := use(r); keep && r.fold != k {
					tr, ty = append(tr, r.in), append(ty, y)
				}
			}
			l := fit.Logistic(tr, ty, l2)
			for i, r := range rows {
				if r.fold == k && !r.refused {
					p[i] = l.Prob(r.in)
					if keep, y := use(r); keep {
						kp, ky = append(kp, p[i]), append(ky, y)
					}
				}
			}
		}
		loss := fit.LogLoss(kp, ky)
		fmt.Fprintf(log, "%s l2=%g: out-of-fold log-loss %.4f\n", name, l2, loss)
		if loss < bestLoss {
			bestL2, bestLoss, bestP = l2, loss, p
		}
	}
	var tr [][]float64
	var ty []bool
	for _, r := range rows {
		if keep, y := use(r); keep {
			tr, ty = append(tr, r.in), append(ty, y)
		}
	}
	return fit.Logistic(tr, ty, bestL2), bestP, bestL2
}

// calibrate sets each kind group's thresholds on the out-of-fold
// probabilities: "answered" from the lowest P(covered)·P(right) whose
// questions at or above it are right answerPoint of the time with a lower
// bound of answerLower, on at least minSupport of them; "does not say"
// under the highest P(covered) whose questions under it (and not
// answered) are unanswerable refusePoint of the time, lower bound
// refuseLower, at least minSupport of them, turning away at most
// maxRefused of the group's answerable questions.
func calibrate(m *index.Model, rows []row, pc, pr []float64, log io.Writer) {
	for g := 0; g < index.NumGroups; g++ {
		var p, c []float64
		var rs []row
		answerable := 0
		for i, r := range rows {
			if r.group != g || r.refused {
				continue
			}
			pa := pc[i] * pr[i]
			if !index.CanAnswer(r.kind, r.in) {
				pa = 0 // never answered, whatever the model says
			}
			p, c, rs = append(p, pa), append(c, pc[i]), append(rs, r)
			if r.answerable {
				answerable++
			}
		}
		cal := &m.Calibration[g]
		m.AnswerAt[g] = 2
		// From the top down, as long as every prefix past minSupport keeps
		// the precision: the first prefix that falls below it ends the
		// search (the lowest passing point of a noisy curve would promise
		// more than held-out questions give).
		right := 0
		desc := sortedBy(p, true)
		for n, i := range desc {
			if rs[i].right {
				right++
			}
			last := n+1 == len(p) || p[desc[n+1]] < p[i]
			if !last || n+1 < minSupport {
				continue
			}
			if float64(right) < answerPoint*float64(n+1) || fit.WilsonLower(right, n+1) < answerLower {
				if n+1 > 2*minSupport || cal.Answered > 0 {
					break
				}
				continue
			}
			m.AnswerAt[g] = p[i]
			cal.Answered, cal.AnsweredRight, cal.AnsweredLower = n+1, right, fit.WilsonLower(right, n+1)
		}
		m.CoveredBelow[g] = 0
		var cc []float64
		var cr []row
		for i := range rs {
			if p[i] < m.AnswerAt[g] {
				cc, cr = append(cc, c[i]), append(cr, rs[i])
			}
		}
		neg, pos := 0, 0
		order := sortedBy(cc, false)
		for n, i := range order {
			if cr[i].answerable {
				pos++
			} else {
				neg++
			}
			last := n+1 == len(cc) || cc[order[n+1]] > cc[i]
			if last && n+1 >= minSupport && float64(neg) >= refusePoint*float64(n+1) && fit.WilsonLower(neg, n+1) >= refuseLower && float64(pos) <= maxRefused*float64(answerable) {
				m.CoveredBelow[g] = math.Nextafter(cc[i], 1)
				cal.Refused, cal.RefusedRight, cal.RefusedLower = n+1, neg, fit.WilsonLower(neg, n+1)
			}
		}
		fmt.Fprintf(log, "group %q: %d questions (%d answerable); answered from %.3f: %d, %d right (lower bound %.3f); not covered under %.3f: %d, %d unanswerable (lower bound %.3f)\n",
			index.GroupNames[g], len(rs), answerable, m.AnswerAt[g], cal.Answered, cal.AnsweredRight, cal.AnsweredLower,
			m.CoveredBelow[g], cal.Refused, cal.RefusedRight, cal.RefusedLower)
		curve(log, p, rs)
	}
}

// curve prints the precision of the first 5%, 10%, … of a group's
// questions by P(covered)·P(right).
func curve(log io.Writer, p []float64, rs []row) {
	order := sortedBy(p, true)
	right := 0
	step := max(1, len(order)/10)
	fmt.Fprint(log, "  answered precision by count:")
	for n, i := range order {
		if rs[i].right {
			right++
		}
		if (n+1)%step == 0 {
			fmt.Fprintf(log, " %d:%.2f@%.2f", n+1, float64(right)/float64(n+1), p[i])
		}
	}
	fmt.Fprintln(log)
}

// chooseShort picks the kinds whose short answers, on the training
// questions the model answers, are right at least shortPoint of the time.
func chooseShort(ctx context.Context, x *index.Index, train eval.Set, m *index.Model, log io.Writer) ([]index.Kind, error) {
	kinds := []index.Kind{index.KindCount, index.KindWhen, index.KindWhere, index.KindWho}
	c := *m
	c.ShortKinds = kinds
	rep, err := eval.Evaluate(ctx, x, nil, train, &c)
	if err != nil {
		return nil, err
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
	var out []index.Kind
	for _, k := range kinds {
		if given[k] > 0 && float64(right[k]) >= shortPoint*float64(given[k]) {
			out = append(out, k)
		}
		fmt.Fprintf(log, "short answers for %s: %d given, %d right\n", k, given[k], right[k])
	}
	return out, nil
}

// chooseFollow picks how much a follow-up's turn before counts (its
// concepts' weight, the log-odds for its answer's article) by the share
// of the later turns of the dev conversations whose first passage
// answers them.
func chooseFollow(ctx context.Context, x *index.Index, set eval.ConvSet, m *index.Model, log io.Writer) (index.Follow, error) {
	best, bestRight := index.Follow{}, -1
	for _, w := range []float64{0.15, 0.3, 0.5, 0.7} {
		for _, art := range []float64{0, 0.5, 1, 2} {
			c := *m
			c.Follow = index.Follow{Weight: w, Article: art}
			right, later := 0, 0
			for _, conv := range set.Conversations {
				var prev index.Turn
				for i, ct := range conv.Turns {
					turn := index.NewTurn(ct.Q)
					if i > 0 {
						turn = index.FollowUp(prev, ct.Q)
					}
					t, err := x.TraceTurn(ctx, turn, 3, &c)
					if err != nil {
						return best, err
					}
					prev = turn.Answered(t.Answer)
					if i == 0 || len(ct.Expect) == 0 {
						continue
					}
					later++
					if ps := t.Answer.Passages; len(ps) > 0 && fit.Answers(ct.Question, ps[0].ArticleID, ps[0].Quote) {
						right++
					}
				}
			}
			fmt.Fprintf(log, "follow-ups: weight %.2f, article %+.1f: %d of %d later turns right first\n", w, art, right, later)
			if right > bestRight {
				best, bestRight = c.Follow, right
			}
		}
	}
	return best, nil
}

// tally counts the out-of-fold rows (not refused) a rule says, and how
// many of them it gets right.
func tally(rows []row, says func(i int, r row) bool) (n, right int) {
	for i, r := range rows {
		if !r.refused && says(i, r) {
			n++
			if r.right {
				right++
			}
		}
	}
	return n, right
}

// surer reports whether a rule's setting saying n questions, right of
// them right, may be chosen over the best so far: right answerPoint of
// the time on at least minSupport questions with a lower bound of at
// least answerLower, and a higher lower bound than best (ties: more said).
func surer(n, right int, best index.Calibration) bool {
	lower := fit.WilsonLower(right, n)
	return n >= minSupport && float64(right) >= answerPoint*float64(n) && lower >= answerLower &&
		(lower > best.AnsweredLower || lower == best.AnsweredLower && n > best.Answered)
}

// agreeMasses are the shares of the ranked probability the agreement rule
// is tried at, from the strictest down.
var agreeMasses = []float64{0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3}

// chooseAgree sets the agreement rule's share (index.Model.AgreeMass) on
// the out-of-fold rows: the setting surer picks — the one the held-out
// questions are surest of, not the one that answers most; 2 (never) when
// none passes.
func chooseAgree(m *index.Model, rows []row, log io.Writer) {
	m.AgreeMass, m.Agree = 2, index.Calibration{}
	for _, mass := range agreeMasses {
		n, right := tally(rows, func(_ int, r row) bool { return index.Agreed(r.in, mass) })
		fmt.Fprintf(log, "agreement at %.0f%% of the weight: %d questions, %d right (lower bound %.3f)\n", 100*mass, n, right, fit.WilsonLower(right, n))
		if surer(n, right, m.Agree) {
			m.AgreeMass, m.Agree = mass, index.Calibration{Answered: n, AnsweredRight: right, AnsweredLower: fit.WilsonLower(right, n)}
		}
	}
}

// oneArticleMasses and oneArticleAts are the grid the one-article rule is
// chosen on.
var (
	oneArticleMasses = []float64{0.95, 0.9, 0.85, 0.8, 0.7, 0.6}
	oneArticleAts    = []float64{0.6, 0.5, 0.4, 0.3, 0.2}
)

// chooseOneArticle sets the one-article rule (index.Model.OneArticleMass,
// OneArticleAt) for the passage group on the out-of-fold rows, as
// chooseAgree does.
func chooseOneArticle(m *index.Model, rows []row, pc, pr []float64, log io.Writer) {
	m.OneArticleMass, m.OneArticleAt, m.OneArticle = 2, 2, index.Calibration{}
	for _, mass := range oneArticleMasses {
		for _, at := range oneArticleAts {
			n, right := tally(rows, func(i int, r row) bool {
				return r.group == index.GroupPassage && index.OneArticle(r.in, pc[i]*pr[i], mass, at)
			})
			if surer(n, right, m.OneArticle) {
				m.OneArticleMass, m.OneArticleAt = mass, at
				m.OneArticle = index.Calibration{Answered: n, AnsweredRight: right, AnsweredLower: fit.WilsonLower(right, n)}
			}
		}
	}
	o := m.OneArticle
	fmt.Fprintf(log, "one article: from %.0f%% of the weight and P %.2f: %d questions, %d right (lower bound %.3f)\n", 100*m.OneArticleMass, m.OneArticleAt, o.Answered, o.AnsweredRight, o.AnsweredLower)
}
