package feedback

import (
	"cmp"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/agnivade/levenshtein"

	"github.com/talksbot/talksbot/index"
)

// Gap is a group of questions, worded alike, that the coverage did not
// answer or that members voted down: what coverage to add next.
type Gap struct {
	Question string     `json:"question"`           // the group's commonest wording as typed (of equals, the first seen)
	Wordings []string   `json:"wordings,omitempty"` // its other wordings, commonest (then first seen) first, at most 5
	Newest   string     `json:"newest"`             // the wording asked (or voted on) last
	Kind     index.Kind `json:"kind"`
	// Count is the group's weight: answers "the coverage does not say"
	// plus down-votes.
	Count    int       `json:"count"`
	Outcomes Outcomes  `json:"outcomes"` // the group's questions recorded by outcome
	Down     int       `json:"down"`     // down-votes on its answers (a member's latest on each)
	Up       int       `json:"up"`
	Last     time.Time `json:"last"` // the latest question or vote
}

// Outcomes counts a group's recorded questions by outcome.
type Outcomes struct {
	NotCovered int `json:"not_covered"`
	MayAnswer  int `json:"may_answer"`
}

// maxWordings is how many other wordings a Gap lists.
const maxWordings = 5

// maxFuzzy bounds the forms compared for similarity: the commonest this
// many; rarer ones are grouped only with identical ones.
const maxFuzzy = 1000

// maxGapQuestions is how many recorded questions, the newest, Gaps
// groups (with every vote): a log's worth is about 100,000.
const maxGapQuestions = 20000

// Gaps groups the recorded questions (the newest 20,000) and the votes by similar wording
// and returns the n groups (all when n ≤ 0) with the most answers "the
// coverage does not say" and down-votes, then the most answers hedged
// ("may answer"), then the most recent. Groups with neither (only
// up-votes) are left out.
func (s *Store) Gaps(n int) ([]Gap, error) {
	r, err := s.List()
	if err != nil {
		return nil, err
	}
	return GapsOf(r, n), nil
}

// GapsOf is Gaps over records already read.
func GapsOf(r Records, n int) []Gap {
	exact := map[string]*group{}
	byText := map[string]*group{} // wordings seen: the form once per wording
	var order []*group
	seq := 0
	add := func(q string, t time.Time, f func(g *group)) {
		g := byText[q]
		if g == nil {
			fm := formOf(q)
			if g = exact[fm.key]; g == nil {
				g = &group{seed: fm, wordings: map[string]*wording{}}
				exact[fm.key] = g
				order = append(order, g)
			}
			byText[q] = g
		}
		w := g.wordings[q]
		if w == nil {
			w = &wording{first: seq}
			g.wordings[q] = w
		}
		seq++
		w.n++
		if !t.Before(w.last) {
			w.last, w.seq = t, seq
		}
		g.total++
		if t.After(g.gap.Last) {
			g.gap.Last = t
		}
		f(g)
	}
	for _, a := range r.Asked[max(0, len(r.Asked)-maxGapQuestions):] {
		add(a.Question, a.Time, func(g *group) {
			switch a.Outcome {
			case index.NotCovered:
				g.gap.Outcomes.NotCovered++
			case index.MayAnswer:
				g.gap.Outcomes.MayAnswer++
			}
		})
	}
	for _, v := range r.Votes {
		add(v.Question, v.Time, func(g *group) {
			if v.Vote == Down {
				g.gap.Down++
			} else {
				g.gap.Up++
			}
		})
	}
	// The commonest wordings seed the groups the others join.
	slices.SortStableFunc(order, func(a, b *group) int {
		return cmp.Or(b.total-a.total, strings.Compare(a.seed.key, b.seed.key))
	})
	var groups []*group
	fuzzy := map[index.Kind][]*group{} // the groups others may join, by kind
	for i, g := range order {
		var into *group
		if i < maxFuzzy {
			for _, c := range fuzzy[g.seed.kind] {
				if similar(c.seed, g.seed) {
					into = c
					break
				}
			}
		}
		if into == nil {
			if i < maxFuzzy {
				fuzzy[g.seed.kind] = append(fuzzy[g.seed.kind], g)
			}
			groups = append(groups, g)
			continue
		}
		into.merge(g)
	}
	var out []Gap
	for _, g := range groups {
		gap := g.finish()
		if gap.Count > 0 || gap.Outcomes.MayAnswer > 0 {
			out = append(out, gap)
		}
	}
	slices.SortStableFunc(out, func(a, b Gap) int {
		return cmp.Or(b.Count-a.Count, b.Outcomes.MayAnswer-a.Outcomes.MayAnswer,
			b.Last.Compare(a.Last), strings.Compare(a.Question, b.Question))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

// group is questions being grouped: its seed's form, its wordings.
type group struct {
	seed     form
	wordings map[string]*wording
	total    int
	gap      Gap
}

// wording is how often a wording came, when first (in reading order),
// and when last (its time, and its place in reading order).
type wording struct {
	n, first, seq int
	last          time.Time
}

func (g *group) merge(o *group) {
	for q, w := range o.wordings { // a wording has one form: never in both
		g.wordings[q] = w
	}
	g.total += o.total
	g.gap.Outcomes.NotCovered += o.gap.Outcomes.NotCovered
	g.gap.Outcomes.MayAnswer += o.gap.Outcomes.MayAnswer
	g.gap.Down += o.gap.Down
	g.gap.Up += o.gap.Up
	if o.gap.Last.After(g.gap.Last) {
		g.gap.Last = o.gap.Last
	}
}

func (g *group) finish() Gap {
	gap := g.gap
	gap.Kind = g.seed.kind
	gap.Count = gap.Outcomes.NotCovered + gap.Down
	ws := make([]string, 0, len(g.wordings))
	for w := range g.wordings {
		ws = append(ws, w)
	}
	slices.SortFunc(ws, func(a, b string) int {
		wa, wb := g.wordings[a], g.wordings[b]
		return cmp.Or(wb.n-wa.n, wa.first-wb.first)
	})
	gap.Question = ws[0]
	newest := g.wordings[ws[0]]
	gap.Newest = ws[0]
	for _, w := range ws[1:] {
		if o := g.wordings[w]; o.last.After(newest.last) || o.last.Equal(newest.last) && o.seq > newest.seq {
			newest, gap.Newest = o, w
		}
	}
	gap.Wordings = ws[1:min(len(ws), maxWordings+1)]
	if len(gap.Wordings) == 0 {
		gap.Wordings = nil
	}
	return gap
}

// form is a question normalised for grouping: its kind and its content
// words, sorted.
type form struct {
	kind   index.Kind
	tokens []string
	joined string // the tokens, space-separated
	key    string // kind and joined
}

// formOf normalises a question: chat abbreviations spelled out ("hw mny
// … r" → "how many … are"), lower case, punctuation stripped, stop words
// and question words left out (the kind keeps what is asked), simple
// plurals made singular, a few words of the coverage made one ("U.S.",
// "American" → us; "soldiers", "forces" → troop), the words sorted.
func formOf(q string) form {
	q = index.NormalizeChat(q)
	f := form{kind: index.Classify(q)}
	q = strings.NewReplacer(".", "", "'", "", "’", "", ",", "").Replace(strings.ToLower(q))
	words := strings.FieldsFunc(q, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	for _, w := range words {
		if stopWords[w] || len(w) == 1 && !unicode.IsDigit(rune(w[0])) {
			continue
		}
		w = singular(w)
		if c, ok := sameWords[w]; ok {
			w = c
		}
		f.tokens = append(f.tokens, w)
	}
	slices.Sort(f.tokens)
	f.tokens = slices.Compact(f.tokens)
	if len(f.tokens) == 0 { // nothing but stop words: the words themselves
		f.tokens = slices.Compact(slices.Sorted(slices.Values(words)))
	}
	f.joined = strings.Join(f.tokens, " ")
	f.key = string(f.kind) + "|" + f.joined
	return f
}

// singular strips a plural s: "troops" → "troop", not "us", "isis", "across".
func singular(w string) string {
	if len(w) >= 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") &&
		!strings.HasSuffix(w, "us") && !strings.HasSuffix(w, "is") {
		return w[:len(w)-1]
	}
	return w
}

// similar reports whether two forms of the same kind are worded alike:
// they share at least four in five words (a word matching one within an
// edit, two from eight letters: a typo), or their words together are
// within a small edit distance.
func similar(a, b form) bool {
	if a.kind != b.kind || len(a.tokens) == 0 || len(b.tokens) == 0 {
		return false
	}
	la, lb := len(a.tokens), len(b.tokens)
	if 5*min(la, lb) >= 4*max(la, lb) && 5*sharedWords(a.tokens, b.tokens) >= 4*max(la, lb) {
		return true
	}
	edits := maxEdits(min(len(a.joined), len(b.joined)))
	if d := len(a.joined) - len(b.joined); d > edits || -d > edits {
		return false
	}
	return levenshtein.ComputeDistance(a.joined, b.joined) <= edits
}

// maxEdits is the edit distance within which words n letters long are
// the same words mistyped.
func maxEdits(n int) int {
	switch {
	case n < 8:
		return 1
	case n < 16:
		return 2
	}
	return 3
}

// sharedWords counts the words of a that match a word of b, each of b's
// matched once.
func sharedWords(a, b []string) int {
	used := make([]bool, len(b))
	n := 0
	for _, x := range a {
		for j, y := range b {
			if !used[j] && sameWord(x, y) {
				used[j] = true
				n++
				break
			}
		}
	}
	return n
}

func sameWord(x, y string) bool {
	if x == y {
		return true
	}
	if len(x) < 4 || len(y) < 4 {
		return false
	}
	edits := 1
	if len(x) >= 8 && len(y) >= 8 {
		edits = 2
	}
	if d := len(x) - len(y); d > edits || -d > edits {
		return false
	}
	return levenshtein.ComputeDistance(x, y) <= edits
}

// stopWords are left out of a question's form: function words, question
// words and chat fillers (the kind keeps what is asked for).
var stopWords = wordSet(`a about actually after again all am an and any anyone anything are as at be been
being but by can could did do does doing done even ever for from get got had has have having he her here
hers him his how i if in into is it its just know let like many may me might more much must my no not now
number of ok okay on or our out over please pls really right rn so some still tell than that thats the
their them then there theres these they this those to u very was we were what whats when where
which while who whos whom whose why will with would you your yall`)

// sameWords are words of the coverage people use for the same thing, as
// in the index's thesaurus; only sets that never change what is asked.
var sameWords = map[string]string{
	"usa": "us", "american": "us", "america": "us",
	"soldier": "troop", "force": "troop", "servicemember": "troop", "personnel": "troop", "gi": "troop",
}

func wordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}
