package feedback

import (
	"fmt"
	"slices"
	"strings"
	"unicode"

	"github.com/talksbot/talksbot/index/eval"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// BankSet is votes as a question set in the question bank's format
// (index/testdata/bank: {"questions": [...]}), to become evaluation
// questions.
type BankSet struct {
	Questions []BankQuestion `json:"questions"`
}

// BankQuestion is one voted question in the bank's format. An up-voted
// first passage (of an answer that said it answers or may answer) makes
// it answerable, expecting that passage. Otherwise — voted down, or up on
// "the coverage does not say" — it is to be labelled: "answerable" is
// null and "label" is "todo", which talksbot eval refuses until a person
// sets answerable, expect (and negative) and removes the label.
type BankQuestion struct {
	Q          string        `json:"q"`
	Style      string        `json:"style"` // "chat": typed by members
	Kind       index.Kind    `json:"kind"`
	Answerable *bool         `json:"answerable"`
	Expect     []eval.Expect `json:"expect"`
	Label      string        `json:"label,omitempty"`
	Note       string        `json:"note"`
	// Votes are what members said of each first passage shown for it.
	Votes []BankVote `json:"votes"`
}

// BankVote counts the votes on one first passage of a question.
type BankVote struct {
	Article string `json:"article"` // "" when the answer had no passage
	Start   int    `json:"start"`
	End     int    `json:"end"`
	Text    string `json:"text"`
	Up      int    `json:"up"`
	Down    int    `json:"down"`
	// expects: up-voted on an answer that said it answers or may answer.
	expects bool
}

// Bank turns votes (Votes, a member's latest on each answer) into bank
// questions: one per question (the same words, case and spacing aside),
// in the order first voted.
func Bank(votes []Vote) BankSet {
	type entry struct {
		q        BankQuestion
		outcomes []string
		up, down int
		last     string
	}
	byQ := map[string]*entry{}
	var order []*entry
	for _, v := range votes {
		key := strings.ToLower(strings.Join(strings.Fields(v.Question), " "))
		e := byQ[key]
		if e == nil {
			e = &entry{q: BankQuestion{Q: v.Question, Style: "chat", Kind: index.Classify(index.NormalizeChat(v.Question)), Expect: []eval.Expect{}}}
			byQ[key] = e
			order = append(order, e)
		}
		if !slices.Contains(e.outcomes, string(v.Outcome)) {
			e.outcomes = append(e.outcomes, string(v.Outcome))
		}
		e.last = v.Time.UTC().Format("2006-01-02")
		p := v.FirstPassage
		i := slices.IndexFunc(e.q.Votes, func(b BankVote) bool {
			return b.Article == p.ArticleID && b.Start == p.Start && b.End == p.End
		})
		if i < 0 {
			e.q.Votes = append(e.q.Votes, BankVote{Article: p.ArticleID, Start: p.Start, End: p.End, Text: p.Text})
			i = len(e.q.Votes) - 1
		}
		b := &e.q.Votes[i]
		if v.Vote == Up {
			b.Up++
			e.up++
			b.expects = b.expects || p.ArticleID != "" && v.Outcome != index.NotCovered
		} else {
			b.Down++
			e.down++
		}
	}
	set := BankSet{Questions: make([]BankQuestion, 0, len(order))}
	for _, e := range order {
		q := e.q
		for _, b := range q.Votes {
			if b.expects && b.Down == 0 {
				q.Expect = append(q.Expect, eval.Expect{Article: b.Article, Contains: Piece(b.Text)})
			}
		}
		said := fmt.Sprintf("from feedback: %s, %s (answers %s), last %s", plural(e.up, "up-vote"), plural(e.down, "down-vote"), strings.Join(e.outcomes, ", "), e.last)
		if len(q.Expect) > 0 {
			yes := true
			q.Answerable = &yes
			q.Note = said + "; expect is the up-voted first passage: check it answers, add any other sentence that does"
		} else {
			q.Label = eval.LabelTodo
			q.Note = said + "; to label: does the coverage answer it? Set answerable, expect (or negative: hard|offtopic) and remove the label"
		}
		set.Questions = append(set.Questions, q)
	}
	return set
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

// Piece is the part of a passage's text an expectation contains, verbatim:
// its first sentence of at least 5 words (the passage may be a window of
// two), at most its first 15 words. It never runs across two sentences.
func Piece(text string) string {
	sentence := firstSentence(text)
	n, inWord := 0, false
	for i, r := range sentence {
		space := unicode.IsSpace(r)
		if !space && !inWord {
			if n++; n == 16 { // cut at the 15th word's end
				return strings.TrimSpace(sentence[:i])
			}
		}
		inWord = !space
	}
	return sentence
}

// firstSentence is text's first sentence of at least 5 words, as the
// corpus splits sentences, or all of it.
func firstSentence(text string) string {
	for _, p := range corpus.Split(text) {
		for _, s := range p.Sentences {
			if len(strings.Fields(s.Text)) >= 5 {
				return s.Text
			}
		}
	}
	return strings.TrimSpace(text)
}
