// Package eval scores the answer engine, and a plain-Bleve baseline, on
// question sets (the bank, the old eval sets) and on conversations. It
// owns the set formats and the scores; it asks an index.Index and imports
// index and corpus, never the reverse. cmd/talksbot eval and the trainers
// (index/internal/train, pinfit) use it.
package eval

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// Set is a set of questions with the passages that answer them.
type Set struct {
	Questions []Question `json:"questions"`
}

// Question is one question; no Expect means the coverage does not answer it.
type Question struct {
	Q      string     `json:"q"`
	Kind   index.Kind `json:"kind"`
	Expect []Expect   `json:"expect"`
	// Answers are correct short answers, verbatim from an expected
	// passage (the bank has them for count, who, when, where).
	Answers []string `json:"answers,omitempty"`
	Note    string   `json:"note,omitempty"`
	// The bank's labels: the writer's style, whether a hard or off-topic
	// negative, which writer, and whether it is about the real test pages.
	Style    string `json:"style,omitempty"`
	Negative string `json:"negative,omitempty"`
	Writer   string `json:"writer,omitempty"`
	Pages    bool   `json:"pages,omitempty"`
	// Label "todo" marks a question nobody has labelled yet (talksbot
	// feedback writes one for each down-voted question): LoadEvalSet
	// refuses a set that has one.
	Label string `json:"label,omitempty"`
}

// LabelTodo is the Label of a question still to be labelled.
const LabelTodo = "todo"

// Expect is an acceptable answer: a passage of Article containing Contains.
// An article "fixture:NAME" is the test page NAME (ResolvePages).
type Expect struct {
	Article  string `json:"article"`
	Contains string `json:"contains"`
}

// PagePrefix marks an expected article that is one of the real test pages.
const PagePrefix = "fixture:"

// Load reads a question set file.
func Load(path string) (Set, error) {
	var s Set
	data, err := os.ReadFile(path)
	if err != nil {
		return s, fmt.Errorf("read question set: %w", err)
	}
	if err := json.Unmarshal(data, &s); err != nil {
		return s, fmt.Errorf("read question set %s: %w", path, err)
	}
	if len(s.Questions) == 0 {
		return s, fmt.Errorf("question set %s has no questions", path)
	}
	for i, q := range s.Questions {
		if q.Label == LabelTodo {
			return s, fmt.Errorf("question set %s: question %d (%q) is not labelled yet (label: todo): set answerable, expect and negative, and remove the label", path, i+1, q.Q)
		}
	}
	return s, nil
}

// PagesNeeded lists the test pages the set refers to.
func (s Set) PagesNeeded() []string {
	seen := map[string]bool{}
	var out []string
	for _, q := range s.Questions {
		for _, e := range q.Expect {
			if name, ok := strings.CutPrefix(e.Article, PagePrefix); ok && !seen[name] {
				seen[name] = true
				out = append(out, name)
			}
		}
	}
	return out
}

// ResolvePages replaces "fixture:NAME" by the id the page got (ids maps
// NAME to it).
func (s *Set) ResolvePages(ids map[string]string) error {
	for i := range s.Questions {
		for j, e := range s.Questions[i].Expect {
			name, ok := strings.CutPrefix(e.Article, PagePrefix)
			if !ok {
				continue
			}
			id, ok := ids[name]
			if !ok {
				return fmt.Errorf("question %q expects test page %q, which is not loaded", s.Questions[i].Q, name)
			}
			s.Questions[i].Expect[j].Article = id
		}
	}
	return nil
}

// Scores are one system's figures on a question set.
type Scores struct {
	System       string  `json:"system"`
	Questions    int     `json:"questions"`
	Answerable   int     `json:"answerable"`
	Unanswerable int     `json:"unanswerable"`
	Top1         float64 `json:"top1"` // answerable questions whose first passage answers them
	Top3         float64 `json:"top3"` // … with an answering passage among the first three
	MRR          float64 `json:"mrr"`  // mean reciprocal rank of the first answering passage (first 10)
	// The three outcomes: how often each is said, and how often it is true.
	Answered        int     `json:"answered"`         // questions the system says it answered
	AnsweredRight   int     `json:"answered_right"`   // … whose first passage does answer them
	MayAnswer       int     `json:"may_answer"`       // questions given "these passages may answer it"
	MayAnswerRight  int     `json:"may_answer_right"` // … with an answering passage among those shown (three)
	NotCovered      int     `json:"not_covered"`      // questions said not to be covered
	NotCoveredRight int     `json:"not_covered_right"`
	AnsweredPrec    float64 `json:"answered_precision"`    // AnsweredRight / Answered
	NotCoveredPrec  float64 `json:"not_covered_precision"` // NotCoveredRight / NotCovered
	// Recall of the outcomes: answerable questions answered right,
	// unanswerable ones said not to be covered.
	AnsweredRecall   float64 `json:"answered_recall"`
	NotCoveredRecall float64 `json:"not_covered_recall"`
	KindAccuracy     float64 `json:"kind_accuracy"` // questions classified as the set says (engine only)
	// Short answers: how many questions got one, how many of those are
	// right (every value is one of the question's answers, or, for
	// questions without labelled answers, quoted from an answering
	// passage); a short answer to an unanswerable question is wrong.
	ShortAnswers int     `json:"short_answers"`
	ShortRight   int     `json:"short_right"`
	ShortPrec    float64 `json:"short_precision"`
}

// Result is what a system did with one question.
type Result struct {
	Q          string        `json:"q"`
	Kind       index.Kind    `json:"kind"`
	Got        index.Kind    `json:"got_kind"`
	Outcome    index.Outcome `json:"outcome"`
	Found      bool          `json:"found"`
	Answerable bool          `json:"answerable"`
	Pages      bool          `json:"pages,omitempty"`
	Rank       int           `json:"rank"` // of the first answering passage, 0 when none in the first 10
	Answer     string        `json:"answer,omitempty"`
	// AnswerRight: the short answer is right (see Scores.ShortRight).
	AnswerRight bool    `json:"answer_right,omitempty"`
	Claims      int     `json:"claims,omitempty"`
	ClaimsRight int     `json:"claims_right,omitempty"`
	TopQuote    string  `json:"top_quote,omitempty"`
	PAnswer     float64 `json:"p_answer"`
	PCovered    float64 `json:"p_covered"`
	Why         string  `json:"why,omitempty"` // the decision's reason
}

// Report compares the engine with the baseline on one set.
type Report struct {
	Engine    Scores   `json:"engine"`
	Baseline  Scores   `json:"baseline"`
	Pages     *Report  `json:"pages,omitempty"` // the same, on the questions about the real test pages
	Questions []Result `json:"questions"`
}

// ranked is a system's answer to a question for scoring: passages best
// first as (article, text) and what it says.
type ranked struct {
	outcome index.Outcome
	hits    []hit
	short   bool // a short answer was given
	right   bool // … and it is right
}

type hit struct{ article, text string }

// Evaluate runs the set through the engine with model m (nil: the
// default) and, in the same run, through the baseline: a plain Bleve
// match query over whole paragraphs of the same articles with Bleve's
// default mapping and scoring, in memory.
func Evaluate(ctx context.Context, x *index.Index, articles []*corpus.Article, set Set, m *index.Model) (Report, error) {
	if m == nil {
		m = index.DefaultModel()
	}
	base, err := newBaseline(articles)
	if err != nil {
		return Report{}, err
	}
	defer base.Close()
	var rep Report
	var engine, baseline []ranked
	for _, q := range set.Questions {
		t, err := x.Trace(ctx, q.Q, 10, m)
		if err != nil {
			return rep, fmt.Errorf("ask %q: %w", q.Q, err)
		}
		ans := t.Answer
		r := ranked{outcome: ans.Outcome}
		for _, p := range ans.Passages {
			r.hits = append(r.hits, hit{p.ArticleID, p.Quote})
		}
		res := Result{Q: q.Q, Kind: q.Kind, Got: ans.Kind, Outcome: ans.Outcome, Found: ans.Found,
			Answerable: len(q.Expect) > 0, Pages: q.Pages, Rank: rankOf(q, r), Answer: ans.Answer,
			PAnswer: t.Decision.PAnswer, PCovered: t.Decision.PCovered, Why: t.Decision.Why}
		if len(ans.Claims) > 0 {
			r.short = true
			res.Claims = len(ans.Claims)
			res.ClaimsRight = claimsRight(q, ans.Claims)
			res.AnswerRight = len(q.Expect) > 0 && res.ClaimsRight == res.Claims
			r.right = res.AnswerRight
		}
		if len(ans.Passages) > 0 {
			res.TopQuote = ans.Passages[0].Quote
		}
		engine = append(engine, r)
		rep.Questions = append(rep.Questions, res)
		b, err := base.ask(ctx, q.Q)
		if err != nil {
			return rep, err
		}
		baseline = append(baseline, b)
	}
	rep.Engine = score("talksbot", set.Questions, engine)
	var kinds int
	for _, r := range rep.Questions {
		if r.Kind == r.Got {
			kinds++
		}
	}
	rep.Engine.KindAccuracy = float64(kinds) / float64(len(set.Questions))
	rep.Baseline = score("baseline (Bleve match, paragraphs)", set.Questions, baseline)
	var pq []Question
	var pe, pb []ranked
	for i, q := range set.Questions {
		if q.Pages {
			pq, pe, pb = append(pq, q), append(pe, engine[i]), append(pb, baseline[i])
		}
	}
	if len(pq) > 0 {
		rep.Pages = &Report{Engine: score("talksbot", pq, pe), Baseline: score("baseline (Bleve match, paragraphs)", pq, pb)}
	}
	return rep, nil
}

// claimsRight counts the claims whose value is one of the question's
// answers (either contains the other, letter case and spacing aside);
// without labelled answers, those quoted from a passage that answers it.
func claimsRight(q Question, cs []index.Claim) int {
	n := 0
	for _, c := range cs {
		switch {
		case len(q.Expect) == 0:
		case len(q.Answers) > 0:
			v := index.ClaimKey(c.Value)
			for _, a := range q.Answers {
				if a := index.ClaimKey(a); strings.Contains(v, a) || strings.Contains(a, v) {
					n++
					break
				}
			}
		case c.Quoted() != nil && rankOf(q, ranked{hits: []hit{{c.Quoted().ArticleID, c.Quoted().Quote}}}) == 1:
			n++
		}
	}
	return n
}

// rankOf is the 1-based rank of the first passage answering q, 0 if none.
func rankOf(q Question, r ranked) int {
	for i, h := range r.hits {
		if i == 10 {
			break
		}
		for _, e := range q.Expect {
			if h.article == e.Article && strings.Contains(h.text, e.Contains) {
				return i + 1
			}
		}
	}
	return 0
}

func score(system string, qs []Question, rs []ranked) Scores {
	s := Scores{System: system, Questions: len(qs)}
	var top1, top3 int
	var rr float64
	for i, q := range qs {
		r := rs[i]
		rank := rankOf(q, r)
		answerable := len(q.Expect) > 0
		switch r.outcome {
		case index.Answered:
			s.Answered++
			if answerable && rank == 1 {
				s.AnsweredRight++
			}
		case index.MayAnswer:
			s.MayAnswer++
			if answerable && rank >= 1 && rank <= 3 {
				s.MayAnswerRight++
			}
		default:
			s.NotCovered++
			if !answerable {
				s.NotCoveredRight++
			}
		}
		if r.short {
			s.ShortAnswers++
			if r.right {
				s.ShortRight++
			}
		}
		if !answerable {
			s.Unanswerable++
			continue
		}
		s.Answerable++
		if rank == 1 {
			top1++
		}
		if rank >= 1 && rank <= 3 {
			top3++
		}
		if rank > 0 {
			rr += 1 / float64(rank)
		}
	}
	frac := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return float64(n) / float64(d)
	}
	s.Top1, s.Top3, s.MRR = frac(top1, s.Answerable), frac(top3, s.Answerable), rr/float64(max(1, s.Answerable))
	s.AnsweredPrec, s.NotCoveredPrec = frac(s.AnsweredRight, s.Answered), frac(s.NotCoveredRight, s.NotCovered)
	s.AnsweredRecall, s.NotCoveredRecall = frac(s.AnsweredRight, s.Answerable), frac(s.NotCoveredRight, s.Unanswerable)
	s.ShortPrec = frac(s.ShortRight, s.ShortAnswers)
	return s
}

// baseline is the plain-Bleve system the engine is measured against.
type baseline struct{ bleve.Index }

func newBaseline(articles []*corpus.Article) (*baseline, error) {
	m := mapping.NewIndexMapping() // default: standard analyzer, tf-idf scoring
	bi, err := bleve.NewUsing("", m, scorch.Name, scorch.Name, nil)
	if err != nil {
		return nil, fmt.Errorf("baseline index: %w", err)
	}
	b := bi.NewBatch()
	for _, a := range articles {
		for i, p := range a.Paragraphs {
			doc := map[string]any{"article": a.ID, "text": a.Body[p.Start:p.End]}
			if err := b.Index(fmt.Sprintf("%s/%d", a.ID, i), doc); err != nil {
				return nil, err
			}
		}
	}
	if err := bi.Batch(b); err != nil {
		return nil, fmt.Errorf("baseline index: %w", err)
	}
	return &baseline{bi}, nil
}

func (b *baseline) ask(ctx context.Context, q string) (ranked, error) {
	mq := bleve.NewMatchQuery(q)
	mq.SetField("text")
	req := bleve.NewSearchRequestOptions(mq, 10, 0, false)
	req.Fields = []string{"article", "text"}
	res, err := b.SearchInContext(ctx, req)
	if err != nil {
		return ranked{}, fmt.Errorf("baseline search: %w", err)
	}
	r := ranked{outcome: index.NotCovered}
	if len(res.Hits) > 0 {
		r.outcome = index.Answered // plain search has no way to abstain
	}
	for _, h := range res.Hits {
		a, _ := h.Fields["article"].(string)
		t, _ := h.Fields["text"].(string)
		r.hits = append(r.hits, hit{a, t})
	}
	return r, nil
}
