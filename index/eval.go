package index

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
)

// EvalSet is a set of questions with the passages that answer them.
type EvalSet struct {
	Questions []EvalQuestion `json:"questions"`
}

// EvalQuestion is one question; no Expect means the coverage does not answer it.
type EvalQuestion struct {
	Q      string   `json:"q"`
	Kind   Kind     `json:"kind"`
	Expect []Expect `json:"expect"`
	Note   string   `json:"note,omitempty"`
}

// Expect is an acceptable answer: a passage of Article containing Contains.
type Expect struct {
	Article  string `json:"article"`
	Contains string `json:"contains"`
}

// LoadEvalSet reads a question set file.
func LoadEvalSet(path string) (EvalSet, error) {
	var s EvalSet
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
	return s, nil
}

// Scores are one system's figures on a question set.
type Scores struct {
	System       string  `json:"system"`
	Answerable   int     `json:"answerable"`
	Unanswerable int     `json:"unanswerable"`
	Top1         float64 `json:"top1"`          // answerable questions whose best passage answers them
	Top3         float64 `json:"top3"`          // … with an answering passage among the first three
	MRR          float64 `json:"mrr"`           // mean reciprocal rank of the first answering passage (first 10)
	Abstain      float64 `json:"abstain"`       // unanswerable questions answered "not found"
	Answered     float64 `json:"answered"`      // answerable questions answered "found"
	Correct      float64 `json:"correct"`       // answerable questions answered "found" with a correct best passage
	KindAccuracy float64 `json:"kind_accuracy"` // questions classified as the set says (engine only)
	// Short answers (engine only): how many answerable questions got one,
	// and how many of those quote a value from a passage that answers the
	// question (in any of its claims), and how many unanswerable ones got one.
	ShortAnswers      int `json:"short_answers"`
	ShortRight        int `json:"short_right"`
	ShortUnanswerable int `json:"short_unanswerable"`
	// Claims of those short answers, and how many are quoted from a
	// passage that answers the question (a claim from any other passage
	// is a wrong value or a wrong "sources differ").
	Claims      int `json:"claims"`
	ClaimsRight int `json:"claims_right"`
}

// EvalResult is what a system did with one question.
type EvalResult struct {
	Q          string `json:"q"`
	Kind       Kind   `json:"kind"`
	Got        Kind   `json:"got_kind"`
	Found      bool   `json:"found"`
	Answerable bool   `json:"answerable"`
	Rank       int    `json:"rank"` // of the first answering passage, 0 when none in the first 10
	Answer     string `json:"answer,omitempty"`
	// AnswerRight: a claim of the short answer is quoted from a passage
	// that answers the question.
	AnswerRight bool    `json:"answer_right,omitempty"`
	Claims      int     `json:"claims,omitempty"`
	ClaimsRight int     `json:"claims_right,omitempty"`
	TopQuote    string  `json:"top_quote,omitempty"`
	Coverage    float64 `json:"coverage"` // of the best passage
}

// EvalReport compares the engine with the baseline on one set.
type EvalReport struct {
	Engine    Scores       `json:"engine"`
	Baseline  Scores       `json:"baseline"`
	Questions []EvalResult `json:"questions"`
}

// ranked is a system's answer to a question for scoring: passages best
// first as (article, text) and whether it claims to have found an answer.
type ranked struct {
	found bool
	hits  []hit
}

type hit struct{ article, text string }

// Evaluate runs the set through the engine and, in the same run, through the
// baseline: a plain Bleve match query over whole paragraphs of the same
// articles with Bleve's default mapping and scoring, in memory.
func Evaluate(ctx context.Context, x *Index, articles []*corpus.Article, set EvalSet) (EvalReport, error) {
	base, err := newBaseline(articles)
	if err != nil {
		return EvalReport{}, err
	}
	defer base.Close()
	var rep EvalReport
	var engine, baseline []ranked
	for _, q := range set.Questions {
		ans, err := x.Ask(ctx, q.Q, 10)
		if err != nil {
			return rep, fmt.Errorf("ask %q: %w", q.Q, err)
		}
		r := ranked{found: ans.Found}
		for _, p := range ans.Passages {
			r.hits = append(r.hits, hit{p.ArticleID, p.Quote})
		}
		engine = append(engine, r)
		res := EvalResult{Q: q.Q, Kind: q.Kind, Got: ans.Kind, Found: ans.Found, Answerable: len(q.Expect) > 0, Rank: rankOf(q, r), Answer: ans.Answer}
		for _, c := range ans.Claims {
			res.Claims++
			if c.quoted != nil && rankOf(q, ranked{hits: []hit{{c.quoted.ArticleID, c.quoted.Quote}}}) == 1 {
				res.AnswerRight = true
				res.ClaimsRight++
			}
		}
		if len(ans.Passages) > 0 {
			res.TopQuote, res.Coverage = ans.Passages[0].Quote, ans.Passages[0].Coverage
		}
		rep.Questions = append(rep.Questions, res)
		b, err := base.ask(ctx, q.Q)
		if err != nil {
			return rep, err
		}
		baseline = append(baseline, b)
	}
	rep.Engine = score("talksbot", set, engine)
	var kinds int
	for _, r := range rep.Questions {
		if r.Kind == r.Got {
			kinds++
		}
	}
	rep.Engine.KindAccuracy = float64(kinds) / float64(len(set.Questions))
	for _, r := range rep.Questions {
		switch {
		case r.Answer == "":
		case !r.Answerable:
			rep.Engine.ShortUnanswerable++
		default:
			rep.Engine.ShortAnswers++
			rep.Engine.Claims += r.Claims
			rep.Engine.ClaimsRight += r.ClaimsRight
			if r.AnswerRight {
				rep.Engine.ShortRight++
			}
		}
	}
	rep.Baseline = score("baseline (Bleve match, paragraphs)", set, baseline)
	return rep, nil
}

// rankOf is the 1-based rank of the first passage answering q, 0 if none.
func rankOf(q EvalQuestion, r ranked) int {
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

func score(system string, set EvalSet, rs []ranked) Scores {
	s := Scores{System: system}
	var top1, top3, answered, correct, abstain int
	var rr float64
	for i, q := range set.Questions {
		r := rs[i]
		if len(q.Expect) == 0 {
			s.Unanswerable++
			if !r.found {
				abstain++
			}
			continue
		}
		s.Answerable++
		rank := rankOf(q, r)
		if rank == 1 {
			top1++
			if r.found {
				correct++
			}
		}
		if rank >= 1 && rank <= 3 {
			top3++
		}
		if rank > 0 {
			rr += 1 / float64(rank)
		}
		if r.found {
			answered++
		}
	}
	frac := func(n, d int) float64 {
		if d == 0 {
			return 0
		}
		return float64(n) / float64(d)
	}
	s.Top1, s.Top3, s.MRR = frac(top1, s.Answerable), frac(top3, s.Answerable), rr/float64(max(1, s.Answerable))
	s.Answered, s.Correct = frac(answered, s.Answerable), frac(correct, s.Answerable)
	s.Abstain = frac(abstain, s.Unanswerable)
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
	r := ranked{found: len(res.Hits) > 0}
	for _, h := range res.Hits {
		a, _ := h.Fields["article"].(string)
		t, _ := h.Fields["text"].(string)
		r.hits = append(r.hits, hit{a, t})
	}
	return r, nil
}
