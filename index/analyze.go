package index

import (
	"context"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	index "github.com/blevesearch/bleve_index_api"

	"github.com/talksbot/talksbot/index/thesaurus"
)

// Analysis is the first stage's result: what the question asks, read
// once for the whole pipeline.
type Analysis struct {
	Question    string       // as asked, trimmed
	Normalized  string       // with chat abbreviations spelled out: what is classified and analysed
	Corrections []Correction // what normalisation and spelling changed
	Kind        Kind
	// Missing is what the question names that the coverage never
	// mentions: the reason for a refusal.
	Missing []Missing
	// Context is the question before, for a follow-up: its concepts are
	// among these, weighed down (weak).
	Context        string
	contextArticle string
	concepts       []concept
}

// withContext adds the concepts of the question before that this one
// does not have, their weight times f.Weight: weaker evidence.
func (a *Analysis) withContext(prev Analysis, f Follow) {
	have := map[string]bool{}
	for _, c := range a.concepts {
		have[c.term] = true
	}
	for _, c := range prev.concepts {
		if have[c.term] {
			continue
		}
		c.weight *= f.Weight
		c.context = true
		a.concepts = append(a.concepts, c)
	}
}

// analyzeQuestion is stage 1: normalise, classify and split the question
// into weighted concepts against the index's vocabulary.
func (x *Index) analyzeQuestion(ctx context.Context, r index.IndexReader, q string) Analysis {
	norm, fixes := normalizeChat(q)
	a := Analysis{Question: q, Normalized: norm, Corrections: fixes, Kind: Classify(norm)}
	var spelled []Correction
	a.concepts, spelled = x.concepts(ctx, r, norm)
	a.Corrections = append(a.Corrections, spelled...)
	a.Missing = x.missingIn(ctx, r, norm, a.concepts)
	return a
}

// maxWordNet is how many WordNet synonyms a question word brings at most.
const maxWordNet = 4

// concept is one content word of a question with its alternatives.
type concept struct {
	word    string          // as typed, lower case
	raw     string          // as typed
	term    string          // analysed form
	domain  map[string]bool // analysed domain synonyms
	same    map[string]bool // analysed words for the same entity ("iraqi" for "iraq")
	wordnet []string        // analysed WordNet synonyms present in the index
	weight  float64         // IDF, scaled by part of speech
	noun    bool            // a noun or a name: what the question is about
	proper  bool            // capitalised in the question: a name
	known   bool            // the index holds the word or one of its synonyms
	// corrected: the word as typed is unknown to the index; term is the
	// closest word it has.
	corrected bool
	alias     bool // an alias phrase: same holds every name of the thing
	context   bool // from the question before (a follow-up's context)
	anchor    bool // in the question's time anchor ("… after the Tower 22 attack"): what the asked event is placed by, not the event

}

// fillers are question and chat words that carry no content.
var fillers = toSet(`how many much what what's whats which who who's whom whose when where where's why is are was were
do does did will would can could has have had tell me please about there any the a an of in on say said says
happen happened happening going know current currently right now exactly approximately total number amount
even actually really just still so or not ok okay hey guys anyone someone somebody something stuff thing things
kind sort like get got gets getting doing done yet also ever i we you they it its it's that this these those
name called call much since`)

// particles make phrasal verbs with the word before them ("kick off").
var particles = toSet("off out up down on over back away in")

// posWeight scales a concept's weight by its part of speech: what a
// question is about is carried by its nouns and names; its verbs and
// adverbs are often paraphrase ("kicked off", "originally").
var posWeight = map[byte]float64{'n': 1, 0: 1, 'a': 0.7, 'v': 0.6, 'r': 0.3}

func toSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

var wordRe = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’.-]*`)

// concepts analyses the question into weighted concepts. A word the
// index does not know (nor any synonym of it) is corrected to the
// closest word the index has, if one is close: never a word it knows.
func (x *Index) concepts(ctx context.Context, r index.IndexReader, q string) ([]concept, []Correction) {
	total, _ := r.DocCount()
	seen := map[string]bool{}
	var out []concept
	var fixes []Correction
	add := func(raw string, terms []string, syns []string, proper bool) {
		if len(terms) == 0 || seen[terms[0]] {
			return
		}
		word := strings.ToLower(raw)
		term := terms[0]
		seen[term] = true
		c := x.newConcept(ctx, r, total, word, term, syns, proper)
		// Spelling: only a word that is no English word ("think", "cost"
		// are what they say, though the coverage never uses them), against
		// the index's own words.
		if !c.known && !strings.Contains(word, " ") && !thesaurus.English(word) && thesaurus.POS(word) == 0 {
			if fixed := correct(ctx, r, term); fixed != "" && !seen[fixed] {
				seen[fixed] = true
				c = x.newConcept(ctx, r, total, word, fixed, nil, proper)
				c.corrected = true
				fixes = append(fixes, Correction{From: word, To: fixed, Why: "spelling"})
			}
		}
		c.raw = raw
		out = append(out, c)
	}

	// Aliases ("the Pentagon chief", "KH", "the Anbar airbase") are one
	// concept that matches every name of the thing (aliases.go).
	inPhrase := map[string]bool{}
	for _, m := range x.aliases().aliasesIn(q) {
		if c, ok := x.aliasConcept(ctx, r, total, m, seen); ok {
			out = append(out, c)
			for _, w := range strings.Fields(m.phrase) {
				inPhrase[w] = true
			}
		}
	}
	// Multi-word names ("Kataib Hezbollah") and chat phrases ("put on hold")
	// are one concept, not one per word.
	for _, p := range phrases {
		if strings.Contains(strings.ToLower(q), p.phrase) && !allIn(strings.Fields(p.phrase), inPhrase) {
			add(p.token, x.analyze(p.token), nil, true)
		}
	}
	for w := range phraseWords(q) {
		inPhrase[w] = true
	}
	for _, p := range questionPhrases {
		if containsPhrase(q, p.phrase) {
			add(p.phrase, x.analyze(p.token), thesaurus.WordNet(p.token), false)
			for _, w := range strings.Fields(p.phrase) {
				inPhrase[w] = true
			}
		}
	}
	words := wordRe.FindAllStringIndex(q, -1)
	for i := 0; i < len(words); i++ {
		raw := strings.TrimRight(q[words[i][0]:words[i][1]], ".'’-")
		word := strings.ToLower(raw)
		proper := i > 0 && raw != word
		if inPhrase[word] {
			continue
		}
		if i+1 < len(words) {
			next := strings.ToLower(q[words[i+1][0]:words[i+1][1]])
			if phrase := word + " " + next; particles[next] || !fillers[word] {
				if syns := thesaurus.WordNet(phrase); len(syns) > 0 && len(thesaurus.WordNet(word)) == 0 || particles[next] && len(syns) > 0 {
					add(phrase, x.analyze(word), syns, false)
					i++
					continue
				}
			}
		}
		if fillers[word] || inPhrase[word] {
			continue
		}
		// "anti-ISIS" is two concepts, "anti" and "ISIS".
		for _, t := range x.an.Analyze([]byte(raw)) {
			part := raw[t.Start:t.End]
			syns := thesaurus.WordNet(word)
			if len(part) != len(raw) {
				syns = thesaurus.WordNet(strings.ToLower(part))
			}
			add(part, []string{string(t.Term)}, syns, proper)
		}
	}
	markAnchors(q, out)
	return out, fixes
}

// anchorRe finds where a question places its event by another: "when did
// the US hit back after the Tower 22 attack?" asks about the hitting
// back, and a passage on the attack alone does not answer it.
var anchorRe = regexp.MustCompile(`(?i)\s(?:after|before|following|since|until|ahead of|in the wake of|in response to)\s`)

// markAnchors marks the concepts typed after the question's time anchor.
func markAnchors(q string, cs []concept) {
	loc := anchorRe.FindStringIndex(q)
	if loc == nil {
		return
	}
	lower := strings.ToLower(q)
	main := 0
	for i := range cs {
		at := strings.Index(lower, strings.ToLower(cs[i].raw))
		if at >= loc[1] {
			cs[i].anchor = true
		} else if at >= 0 {
			main++
		}
	}
	if main == 0 { // "what happened after the strike": the anchor is the subject
		for i := range cs {
			cs[i].anchor = false
		}
	}
}

// newConcept weighs one concept and finds its synonyms in the index.
func (x *Index) newConcept(ctx context.Context, r index.IndexReader, total uint64, word, term string, syns []string, proper bool) concept {
	c := concept{word: word, term: term, domain: x.domainOf(term), same: x.sameOf(term)}
	df := termDocFreq(ctx, r, fText, term)
	if df == 0 {
		df = termDocFreq(ctx, r, fSyn, term) // phrase tokens live in "syn" only
	}
	// A concept is as rare as its commonest domain synonym: "soldiers"
	// is a rare word but "troops" is not, and they ask the same thing.
	for t := range c.domain {
		df = max(df, termDocFreq(ctx, r, fText, t))
	}
	// … and a word for the same entity counts as the word ("Jordanian"
	// for "Jordan").
	for t := range c.same {
		df = max(df, termDocFreq(ctx, r, fText, t))
	}
	c.known = df > 0
	c.weight = idf(total, df)
	pos := thesaurus.POS(word)
	if !proper {
		c.weight *= posWeight[pos]
	}
	c.noun = proper || pos == 'n' || pos == 0
	c.proper = proper
	for _, w := range syns {
		ts := x.analyze(w)
		if len(ts) != 1 { // phrases and stop words: term queries match single terms
			continue
		}
		t := ts[0]
		if t != term && !c.domain[t] && len(c.wordnet) < maxWordNet && !contains(c.wordnet, t) && termDocFreq(ctx, r, fText, t) > 0 {
			c.wordnet = append(c.wordnet, t)
			c.known = true
		}
	}
	return c
}

// containsPhrase reports whether q has the phrase as whole words.
func containsPhrase(q, phrase string) bool {
	l := " " + strings.Join(strings.FieldsFunc(strings.ToLower(q), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '\'' }), " ") + " "
	return strings.Contains(l, " "+phrase+" ")
}

func contains(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// idf is BM25's inverse document frequency; a word the index has never
// seen weighs as much as the rarest one.
func idf(total, df uint64) float64 {
	if df == 0 {
		df = 1
	}
	return math.Log(1 + (float64(total)-float64(df)+0.5)/(float64(df)+0.5))
}

func termDocFreq(ctx context.Context, r index.IndexReader, field, term string) uint64 {
	tfr, err := r.TermFieldReader(ctx, []byte(term), field, false, false, false)
	if err != nil {
		return 0
	}
	defer tfr.Close()
	return tfr.Count()
}

func (x *Index) analyze(s string) []string {
	var out []string
	for _, t := range x.an.Analyze([]byte(s)) {
		out = append(out, string(t.Term))
	}
	return out
}

// domainOf is the analysed domain synonyms of an analysed term.
func (x *Index) domainOf(term string) map[string]bool {
	x.loadSynonyms()
	return x.synMap[term]
}

// sameOf is the analysed words naming the same entity as term.
func (x *Index) sameOf(term string) map[string]bool {
	x.loadSynonyms()
	return x.sameMap[term]
}

// loadSynonyms analyses the thesaurus once.
func (x *Index) loadSynonyms() {
	x.synOnce.Do(func() {
		x.sameMap = x.groupTerms(sameNames)
		x.synMap = x.groupTerms(domainSynonyms)
	})
}

// groupTerms maps each analysed word of each set to the other words of its sets.
func (x *Index) groupTerms(sets [][]string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, set := range sets {
		var terms []string
		for _, w := range set {
			terms = append(terms, x.analyze(w)...)
		}
		for _, a := range terms {
			if out[a] == nil {
				out[a] = map[string]bool{}
			}
			for _, b := range terms {
				if a != b {
					out[a][b] = true
				}
			}
		}
	}
	return out
}

// How a passage carries a concept.
const (
	matchNone    = iota
	matchExact   // as typed, or a word for the same entity
	matchDomain  // through the domain thesaurus
	matchWordNet // through WordNet
)

// match is how terms carry the concept, and where.
func (c *concept) match(terms map[string][]Span) (int, []Span) {
	if sp, ok := terms[c.term]; ok {
		return matchExact, sp
	}
	// In a fixed order: the spans found feed proximity, and training
	// must be reproducible.
	for _, t := range sortedKeys(c.same) {
		if sp, ok := terms[t]; ok {
			return matchExact, sp
		}
	}
	for _, t := range sortedKeys(c.domain) {
		if sp, ok := terms[t]; ok {
			return matchDomain, sp
		}
	}
	for _, t := range c.wordnet {
		if sp, ok := terms[t]; ok {
			return matchWordNet, sp
		}
	}
	return matchNone, nil
}

func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// aliasConcept is the concept of an alias phrase found in a question: the
// phrase as typed, matching the set's token and its one-word names as
// fully as the phrase itself.
func (x *Index) aliasConcept(ctx context.Context, r index.IndexReader, total uint64, m aliasMatch, seen map[string]bool) (concept, bool) {
	var names []string // the set's one-word names, analysed
	for _, p := range m.group.phrases {
		if !strings.Contains(p, " ") {
			names = append(names, x.analyze(p)...)
		}
	}
	var term string
	switch typed := x.analyze(m.phrase); {
	case len(typed) == 1:
		term = typed[0]
	case m.group.token != "":
		term = x.analyze(m.group.token)[0]
	case len(names) > 0:
		term = names[0]
	default:
		return concept{}, false
	}
	if seen[term] {
		return concept{}, false
	}
	seen[term] = true
	c := x.newConcept(ctx, r, total, m.phrase, term, nil, true)
	c.raw = m.phrase
	c.same = map[string]bool{}
	for t := range x.sameOf(term) {
		c.same[t] = true
	}
	if m.group.token != "" {
		c.same[x.analyze(m.group.token)[0]] = true
	}
	for _, n := range names {
		c.same[n] = true
	}
	delete(c.same, term)
	for t := range c.same {
		if !c.known && termDocFreq(ctx, r, fText, t)+termDocFreq(ctx, r, fSyn, t) > 0 {
			c.known = true
		}
	}
	c.alias = true
	return c, true
}

func allIn(ws []string, set map[string]bool) bool {
	for _, w := range ws {
		if !set[w] {
			return false
		}
	}
	return true
}
