package index

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"sync"
	"time"
	"unicode"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/talksbot/talksbot/corpus"
)

// Pin is a moderator's answer to a question: the passage that answers it
// (a span of whole sentences of a stored article, quoted exactly), or that
// the coverage does not say. Pins are kept by the caller (bot/feedback's
// pin log) and handed to the engine with SetPins; the engine answers a
// question that matches a pinned one from its pin (Answer.Pinned).
type Pin struct {
	ID         string `json:"id"`
	Question   string `json:"question"`
	NotCovered bool   `json:"not_covered,omitempty"`
	ArticleID  string `json:"article_id,omitempty"`
	Start      int    `json:"start,omitempty"` // byte offsets in the article's body
	End        int    `json:"end,omitempty"`
	Text       string `json:"text,omitempty"` // exactly body[Start:End]
	// By is who pinned it (the feedback store's salted hash of a member,
	// or "cli:USER" from the terminal); At when; Generation the index
	// generation it was pinned on.
	By         string    `json:"by"`
	At         time.Time `json:"at"`
	Generation string    `json:"generation,omitempty"`
}

// PinNote is what an answer given from a pin says of it.
type PinNote struct {
	ID       string `json:"id"`
	Question string `json:"question"` // the wording that was pinned
	// Score is the matcher's probability that the question asks what the
	// pinned one asks (1 for the same words).
	Score float64 `json:"score"`
}

// PinState is whether a pin still answers: Retired says why it does not
// ("the article was removed", "the passage changed").
type PinState struct {
	Pin     Pin    `json:"pin"`
	Retired string `json:"retired,omitempty"`
}

// ErrBadPin is returned for a pin that cannot be kept.
var ErrBadPin = errors.New("bad pin")

// Pin matching inputs: the same words; the weighted share of the two
// questions' concepts they have in common (synonyms and aliases counted);
// where the pinned passage ranks among this question's candidates (1/rank,
// 0 when absent) and whether first; the same kind of question; the pinned
// passage's coverage of this question; the lesser of the two questions'
// shares of their own concepts found in the other; the weight of the
// heaviest noun or name either has that the other lacks, relative to
// its heaviest concept ("Syria" against "Iraq"); how close the pinned
// passage's log-odds come to this question's first candidate's
// (exp of minus the gap, 0 when absent).
const (
	pfExact = iota
	pfShared
	pfRank
	pfFirst
	pfKind
	pfCover
	pfMinSide
	pfUnmatched
	pfGap
	numPin
)

// PinLegend names the pin matcher's inputs, in order.
var PinLegend = [numPin]string{"exact", "shared", "rank", "first", "kind", "cover", "min_side", "unmatched", "gap"}

// PinFeatures are one question's matching inputs against one pin.
type PinFeatures [numPin]float64

// preparedPin is a live pin with what matching needs: its question's
// concepts, analysed against the index it was prepared on, and its
// passage's sentences.
type preparedPin struct {
	Pin
	key      string
	kind     Kind
	concepts []concept
	passage  *Passage // nil for a "does not say" pin
}

// pinSet is the pins prepared for one index generation.
type pinSet struct {
	on   any // the bleve.Index they were prepared on
	pins []preparedPin
}

// pinState holds the pins handed to the index and their prepared set.
type pinState struct {
	mu       sync.Mutex
	given    []Pin
	prepared *pinSet
}

// SetPins makes pins the ones questions are matched against, and says of
// each whether it still answers: a pin whose article is gone, or whose
// span is no longer whole sentences reading exactly as pinned, is
// retired.
func (x *Index) SetPins(ctx context.Context, pins []Pin) []PinState {
	set, states := x.preparePins(ctx, pins)
	x.pins.mu.Lock()
	x.pins.given = append([]Pin(nil), pins...)
	x.pins.prepared = set
	x.pins.mu.Unlock()
	return states
}

// livePins is the prepared pins for the current index, preparing them
// again after a re-index (the concepts' weights and the passages are the
// new index's).
func (x *Index) livePins(ctx context.Context) []preparedPin {
	x.pins.mu.Lock()
	defer x.pins.mu.Unlock()
	if len(x.pins.given) == 0 {
		return nil
	}
	if x.pins.prepared == nil || x.pins.prepared.on != any(x.current()) {
		x.pins.prepared, _ = x.preparePins(ctx, x.pins.given)
	}
	return x.pins.prepared.pins
}

func (x *Index) preparePins(ctx context.Context, pins []Pin) (*pinSet, []PinState) {
	set := &pinSet{on: x.current()}
	states := make([]PinState, len(pins))
	adv, err := x.current().Advanced()
	var r index.IndexReader
	if err == nil {
		r, err = adv.Reader()
	}
	if err != nil {
		for i := range pins {
			states[i] = PinState{Pin: pins[i], Retired: "the index cannot be read"}
		}
		return set, states
	}
	defer r.Close()
	for i, p := range pins {
		states[i].Pin = p
		pp := preparedPin{Pin: p, key: PinKey(p.Question)}
		if !p.NotCovered {
			pas, why := x.PinPassage(ctx, p.ArticleID, p.Start, p.End)
			if why == nil && pas.Quote != p.Text {
				why = errors.New("the passage no longer reads as pinned")
			}
			if why != nil {
				states[i].Retired = strings.TrimPrefix(why.Error(), ErrBadPin.Error()+": ")
				continue
			}
			pp.passage = &pas
		}
		a := x.analyzeQuestion(ctx, r, p.Question)
		pp.kind, pp.concepts = a.Kind, a.concepts
		set.pins = append(set.pins, pp)
	}
	return set, states
}

// PinPassage is the passage a pin on article body[start:end] would quote:
// the span must be whole sentences of a stored article (one or more,
// contiguous). Its error matches ErrBadPin and says what is wrong.
func (x *Index) PinPassage(ctx context.Context, article string, start, end int) (Passage, error) {
	n, err := x.passageCount(article)
	if err != nil {
		return Passage{}, err
	}
	if n == 0 {
		return Passage{}, fmt.Errorf("%w: the coverage holds no article %s", ErrBadPin, article)
	}
	first, ok := x.sentenceAt(article, n, start)
	if !ok {
		return Passage{}, fmt.Errorf("%w: no sentence of %s starts at %d", ErrBadPin, article, start)
	}
	p := *first
	for p.End < end {
		next := x.neighbour(ctx, &p, +1)
		if next == nil {
			break
		}
		p.Quote += next.lead + next.Quote
		p.End = next.End
	}
	if p.End != end {
		return Passage{}, fmt.Errorf("%w: no sentence of %s ends at %d", ErrBadPin, article, end)
	}
	return p, nil
}

// sentenceAt finds, by binary search over the article's n sentences
// (stored in body order), the one starting at off.
func (x *Index) sentenceAt(article string, n, off int) (*Passage, bool) {
	lo, hi := 0, n-1
	for lo <= hi {
		mid := (lo + hi) / 2
		h, err := x.document(corpus.PassageID(article, mid))
		if err != nil || h == nil {
			return nil, false
		}
		p := passageFromHit(h)
		switch {
		case p.Start == off:
			p.facts = x.cachedFacts(h.Fields[fFacts])
			return &p, true
		case p.Start < off:
			lo = mid + 1
		default:
			hi = mid - 1
		}
	}
	return nil, false
}

// PinKey is a question's words as pins compare them: lower case, letters
// and digits only.
func PinKey(q string) string {
	f := strings.FieldsFunc(strings.ToLower(q), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	return strings.Join(f, " ")
}

// pinInputs are question a's matching inputs against pin p, given a's
// ranked candidates.
func pinInputs(a *Analysis, cands []Passage, p *preparedPin) PinFeatures {
	var f PinFeatures
	if PinKey(a.Question) == p.key || PinKey(a.Normalized) == p.key {
		f[pfExact] = 1
	}
	f[pfShared] = sharedConcepts(a.concepts, p.concepts)
	ma, ua := sideShare(a.concepts, p.concepts)
	mb, ub := sideShare(p.concepts, a.concepts)
	f[pfMinSide], f[pfUnmatched] = min(ma, mb), max(ua, ub)
	if a.Kind == p.kind {
		f[pfKind] = 1
	}
	if p.passage != nil {
		for i := range cands {
			c := &cands[i]
			if c.ArticleID == p.ArticleID && c.Start >= p.Start && c.End <= p.End {
				f[pfRank] = 1 / float64(i+1)
				if i == 0 {
					f[pfFirst] = 1
				}
				f[pfCover] = c.Coverage
				f[pfGap] = math.Exp(-max(0, cands[0].logit-c.logit))
				break
			}
		}
	}
	return f
}

// sideShare is the weighted share of a's concepts that b has, and the
// weight of a's heaviest noun or name b lacks relative to a's heaviest
// concept. Concepts from a follow-up's context do not count.
func sideShare(a, b []concept) (share, unmatched float64) {
	var w, m, heaviest, lacked float64
	for _, c := range a {
		if c.context {
			continue
		}
		w += c.weight
		heaviest = max(heaviest, c.weight)
		forms := conceptForms(c)
		found := false
		for _, o := range b {
			if o.context {
				continue
			}
			for _, t := range conceptFormList(o) {
				found = found || forms[t]
			}
		}
		if found {
			m += c.weight
		} else if c.noun || c.proper {
			lacked = max(lacked, c.weight)
		}
	}
	if w == 0 || heaviest == 0 {
		return 0, 0
	}
	return m / w, lacked / heaviest
}

// sharedConcepts is the weighted Dice overlap of two questions' concepts:
// a concept is shared when the other question has one with a form in
// common (its analysed term, a domain synonym, a name of the same thing, a
// WordNet synonym). Concepts from a follow-up's context do not count.
func sharedConcepts(a, b []concept) float64 {
	matched := func(c concept, others []concept) bool {
		forms := conceptForms(c)
		for _, o := range others {
			if o.context {
				continue
			}
			for _, t := range conceptFormList(o) {
				if forms[t] {
					return true
				}
			}
		}
		return false
	}
	var wa, wb, ma, mb float64
	for _, c := range a {
		if c.context {
			continue
		}
		wa += c.weight
		if matched(c, b) {
			ma += c.weight
		}
	}
	for _, c := range b {
		if c.context {
			continue
		}
		wb += c.weight
		if matched(c, a) {
			mb += c.weight
		}
	}
	if wa+wb == 0 {
		return 0
	}
	return (ma + mb) / (wa + wb)
}

func conceptForms(c concept) map[string]bool {
	m := map[string]bool{}
	for _, t := range conceptFormList(c) {
		m[t] = true
	}
	return m
}

func conceptFormList(c concept) []string {
	out := []string{c.term}
	for t := range c.domain {
		out = append(out, t)
	}
	for t := range c.same {
		out = append(out, t)
	}
	return append(out, c.wordnet...)
}

// matchPin is the pin that answers the question, if one does: the same
// words, or the matcher's probability at or above its threshold (the
// model's own matcher, or the fitted one: pinmatch.go).
func (x *Index) matchPin(ctx context.Context, a *Analysis, cands []Passage, m *Model) (*preparedPin, float64) {
	var best *preparedPin
	bestP := 0.0
	match := m.pinMatcher() // nil: only the same words
	for _, p := range x.livePins(ctx) {
		f := pinInputs(a, cands, &p)
		prob := 1.0
		if f[pfExact] == 0 {
			if match == nil {
				continue
			}
			if prob = match(f); prob == 0 {
				continue
			}
		}
		if prob > bestP {
			pp := p
			best, bestP = &pp, prob
		}
	}
	return best, bestP
}

// composePinned is the answer from pin p: answered with the pinned
// passage first (its short answer, for the kinds that give one, from that
// passage alone), or the pinned refusal; the note says it was pinned.
func (x *Index) composePinned(ctx context.Context, a *Analysis, cands []Passage, p *preparedPin, prob float64, m *Model, n int) Answer {
	ans := Answer{Question: a.Question, Kind: a.Kind, Passages: []Passage{}, FollowUpOf: a.Context,
		Pinned: &PinNote{ID: p.ID, Question: p.Question, Score: prob}}
	if a.Normalized != a.Question || len(a.Corrections) > 0 {
		ans.ReadAs, ans.Corrections = a.Normalized, a.Corrections
	}
	if p.passage == nil {
		ans.Outcome = NotCovered
		ans.Reason = "The moderators found that the coverage does not say."
		return ans
	}
	ans.Outcome, ans.Found = Answered, true
	pinned := *p.passage
	pinned.Share = 1
	for i := range cands { // its features and marks for this question, when it was a candidate
		c := &cands[i]
		if c.ArticleID == pinned.ArticleID && c.Start == pinned.Start {
			pinned.Marks, pinned.Coverage, pinned.features, pinned.logit = c.Marks, c.Coverage, c.features, c.logit
			if c.End != pinned.End {
				pinned.Marks = nil
			}
			break
		}
	}
	if m.givesShort(a.Kind) {
		ans.Claims = shortAnswer(a.Normalized, a.Kind, []Passage{pinned}, 1)
	}
	ans.Answer = renderClaims(a.Kind, ans.Claims)
	ans.Passages = append(ans.Passages, pinned)
	for i := range cands {
		if len(ans.Passages) >= n {
			break
		}
		c := cands[i]
		if c.ArticleID == pinned.ArticleID && c.Start < pinned.End && c.End > pinned.Start {
			continue
		}
		x.widen(ctx, &c, a.Kind)
		ans.Passages = append(ans.Passages, c)
	}
	return ans
}
