package index

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/corpus"
)

// ConditionsView is the conditions stated for the withdrawal or transition.
type ConditionsView struct {
	Conditions []ConditionEntry `json:"conditions"`
	Truncated  bool             `json:"truncated,omitempty"`
}

// ConditionEntry is one sentence stating a condition.
type ConditionEntry struct {
	Kind  string   `json:"kind"`  // the main kind: prerequisite, basis, proviso, timetable, deadline, necessity
	Kinds []string `json:"kinds"` // all the kinds its cues have
	Cues  []string `json:"cues"`  // the words that make it a condition ("once", "subject to")
	Quote Quote    `json:"quote"`
	// Context is the sentence before, when the condition refers back to
	// it ("A timetable will then be set").
	Context *Quote `json:"context,omitempty"`
	Speaker string `json:"speaker,omitempty"` // who the sentence quotes
}

// conditionKinds ranks the kinds of condition, the most binding first.
var conditionKinds = []string{"prerequisite", "basis", "proviso", "timetable", "deadline", "necessity"}

// conditionTopic is what a sentence must be about to be a condition of the
// withdrawal or transition.
var conditionTopic = toSet("withdraw withdrawal withdrawals transition timetable timeline leave leaving exit departure presence drawdown reduction reducing end ending mission talks negotiations stay remain advisers troops forces coalition bases support evaluation assess threat")

// Conditions lists the conditions for the withdrawal or transition.
func (x *Index) Conditions(ctx context.Context) (ConditionsView, error) {
	ps, truncated, err := x.viewPassages(ctx, termQuery(fHas, "condition"), false)
	if err != nil {
		return ConditionsView{}, fmt.Errorf("conditions: %w", err)
	}
	v := ConditionsView{Conditions: []ConditionEntry{}, Truncated: truncated}
	before, err := x.previousPassages(ctx, ps)
	if err != nil {
		return v, fmt.Errorf("conditions: %w", err)
	}
	used := map[string]string{} // passage id → kind, of sentences quoted as context
	for _, p := range ps {
		e := ConditionEntry{Quote: p.Quote, Speaker: speakerName(p.facts)}
		back := false
		for _, c := range p.facts.Conditions {
			if !contains(e.Kinds, c.Kind) {
				e.Kinds = append(e.Kinds, c.Kind)
			}
			e.Cues = append(e.Cues, c.Text)
			back = back || c.Back
		}
		prev := before[corpus.PassageID(p.ArticleID, p.Sent-1)]
		// About the withdrawal or transition: the sentence, or the one
		// before it ("… would leave the Kurdistan region by September
		// 2026." "… two years were not enough.").
		text := p.Text
		if prev != nil {
			text += " " + prev.Text
		}
		if !aboutTopic(text, conditionTopic) {
			continue
		}
		sort.SliceStable(e.Kinds, func(i, j int) bool { return kindRank(e.Kinds[i]) < kindRank(e.Kinds[j]) })
		e.Kind = e.Kinds[0]
		if back && prev != nil {
			e.Context = prev
			used[corpus.PassageID(prev.ArticleID, prev.Sent)] = e.Kind
		}
		v.Conditions = append(v.Conditions, e)
	}
	// A sentence quoted as the context of a condition of its kind is not
	// listed again on its own.
	keep := v.Conditions[:0]
	for _, e := range v.Conditions {
		if k, ok := used[corpus.PassageID(e.Quote.ArticleID, e.Quote.Sent)]; ok && k == e.Kind && e.Context == nil {
			continue
		}
		keep = append(keep, e)
	}
	v.Conditions = keep
	sort.SliceStable(v.Conditions, func(i, j int) bool {
		a, b := v.Conditions[i], v.Conditions[j]
		if ra, rb := kindRank(a.Kind), kindRank(b.Kind); ra != rb {
			return ra < rb
		}
		return readingLess(a.Quote, b.Quote)
	})
	return v, nil
}

func kindRank(k string) int {
	for i, x := range conditionKinds {
		if x == k {
			return i
		}
	}
	return len(conditionKinds)
}

// aboutTopic reports whether text has one of the topic words.
func aboutTopic(text string, topic map[string]bool) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		if topic[w] {
			return true
		}
	}
	return false
}
