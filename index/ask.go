package index

import (
	"context"
	"fmt"
	"math"
	"regexp"
	"sort"
	"strings"
	"unicode"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index/thesaurus"
)

// Answer is what talksbot says to a question.
type Answer struct {
	Question string    `json:"question"`
	Kind     Kind      `json:"kind"`
	Found    bool      `json:"found"`
	Answer   string    `json:"answer"`
	Claims   []Claim   `json:"claims,omitempty"` // the short answer's values with their sources; more than one when sources differ
	Passages []Passage `json:"passages"`
}

// Claim is one value of a short answer, as stated by one or more passages.
type Claim struct {
	Value   string   `json:"value"`   // verbatim words from the passages
	Sources []Source `json:"sources"` // who states it

	key    string   // what makes two values the same claim
	quoted *Passage // the passage the value is quoted from
}

// Source names an article a claim or passage comes from.
type Source struct {
	ArticleID string `json:"article_id"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	DateNote  string `json:"date_note,omitempty"`
}

// Passage is a quoted sentence with its source.
type Passage struct {
	Quote     string  `json:"quote"` // exactly body[Start:End] of the article
	ArticleID string  `json:"article_id"`
	Title     string  `json:"title"`
	Outlet    string  `json:"outlet"`
	URL       string  `json:"url"`
	Published string  `json:"published"`
	DateNote  string  `json:"date_note,omitempty"`
	Kind      string  `json:"kind"`
	Start     int     `json:"start"` // byte offsets of the quote in the article body
	End       int     `json:"end"`
	Score     float64 `json:"score"`
	Marks     []Span  `json:"marks,omitempty"` // matched words, byte offsets within Quote
	// Coverage is the share of the question's weighted concepts the passage carries.
	Coverage float64 `json:"coverage"`

	sent    int
	context string // the sentence before, in the same paragraph
	bm25    float64
	facts   corpus.Facts
}

// Span is a byte range.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Source of a passage.
func (p *Passage) Source() Source {
	return Source{ArticleID: p.ArticleID, Outlet: p.Outlet, Published: p.Published, DateNote: p.DateNote}
}

// Tunables of ranking and abstention; see README "How answers are ranked".
const (
	candidates         = 50   // passages fetched from Bleve before re-ranking
	boostExact         = 1.0  // question word found as is (after stemming)
	boostDomain        = 0.5  // via the domain thesaurus (Bleve synonyms on "syn")
	boostWordNet       = 0.25 // via WordNet
	boostContext       = 0.2  // found in the sentence before (with domain synonyms)
	levelContext       = 0.5  // how much a match in the sentence before counts toward coverage
	levelReasonContext = 0.9  // same, for a sentence giving a reason to a "why" question
	levelDomain        = 0.8  // how much a domain-synonym match counts toward coverage
	levelWordNet       = 0.5  // same for WordNet
	wProximity         = 0.10
	wBM25              = 0.30
	wCoverage          = 0.55
	wFeature           = 0.15
	foundCoverage      = 0.4 // minimum coverage of the question's weighted concepts by the best passage
	maxWordNet         = 4   // WordNet synonyms per question word
)

// concept is one content word of a question with its alternatives.
type concept struct {
	word    string          // as typed
	term    string          // analysed form
	domain  map[string]bool // analysed domain synonyms
	same    map[string]bool // analysed words for the same entity ("iraqi" for "iraq")
	wordnet []string        // analysed WordNet synonyms present in the index
	weight  float64         // IDF, scaled by part of speech
	noun    bool            // a noun or a name: what the question is about
	proper  bool            // capitalised in the question: a name
	known   bool            // the index holds the word or one of its synonyms
}

// Ask answers a question with at most n passages.
func (x *Index) Ask(ctx context.Context, q string, n int) (Answer, error) {
	q, err := CheckQuestion(q)
	if err != nil {
		return Answer{}, err
	}
	n = max(1, min(n, 25))
	ans := Answer{Question: q, Kind: Classify(q), Passages: []Passage{}}
	bi := x.current()
	adv, err := bi.Advanced()
	if err != nil {
		return ans, fmt.Errorf("ask: %w", err)
	}
	r, err := adv.Reader()
	if err != nil {
		return ans, fmt.Errorf("ask: %w", err)
	}
	defer r.Close()
	concepts := x.concepts(ctx, r, q)
	if len(concepts) == 0 {
		return ans, nil
	}
	req := bleve.NewSearchRequestOptions(x.buildQuery(concepts, ans.Kind), candidates, 0, false)
	req.Fields = []string{"*"}
	res, err := x.alias.SearchInContext(ctx, req)
	if err != nil {
		return ans, fmt.Errorf("search: %w", err)
	}
	ps := x.rerank(q, concepts, ans.Kind, res.Hits)
	if len(ps) > 0 && ps[0].Coverage >= foundCoverage && !unknownSubject(concepts) {
		ans.Claims = shortAnswer(q, ans.Kind, ps)
		ans.Answer = renderClaims(ans.Kind, ans.Claims)
		ans.Found = len(ans.Claims) > 0 || !needsClaim[ans.Kind]
		if needsFeature[ans.Kind] && newAsked(q, ans.Kind, ps).featureScore(&ps[0]) == 0 {
			ans.Found = false
		}
	}
	if len(ans.Claims) > n {
		ans.Claims = ans.Claims[:n]
		ans.Answer = renderClaims(ans.Kind, ans.Claims)
	}
	ans.Passages = quotedPassages(ps, ans.Claims, n)
	return ans, nil
}

// quotedPassages picks the n passages to show, best first: the passage each
// claim is quoted from, then the best of the others, so every figure or
// name of the short answer is in a quoted passage.
func quotedPassages(ps []Passage, claims []Claim, n int) []Passage {
	keep := map[*Passage]bool{}
	for _, c := range claims {
		keep[c.quoted] = true
	}
	out := make([]Passage, 0, n)
	for i := range ps {
		if keep[&ps[i]] {
			out = append(out, ps[i])
		}
	}
	for i := range ps {
		if len(out) >= n {
			break
		}
		if !keep[&ps[i]] {
			out = append(out, ps[i])
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// purposeRe finds reasons given as purposes or justifications.
var purposeRe = regexp.MustCompile(`(?i)\b(to (?:stop|prevent|avoid|counter|fight|keep|deter)|self-defen[cs]e|in response|retaliat\w*|justif\w*|magnet for|factor for)\b`)

// needsClaim lists the kinds of question that are answered only when the
// passages carry the asked-for thing: a figure of the asked unit, a name
// the question does not already give, a date, a place it does not give.
var needsClaim = map[Kind]bool{KindCount: true, KindWho: true, KindWhere: true, KindWhen: true}

// needsFeature lists the kinds of question answered only by a passage
// that carries what they ask for: a reason, a condition.
var needsFeature = map[Kind]bool{KindWhy: true, KindCondition: true}

// unknownSubject reports whether the question is about someone or
// something the coverage never mentions: a name ("Trump", "France") that
// neither the index nor any of its synonyms holds. (Common nouns are left
// to coverage: people paraphrase them.)
func unknownSubject(cs []concept) bool {
	for _, c := range cs {
		if c.proper && !c.known {
			return true
		}
	}
	return false
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

// concepts analyses the question into weighted concepts.
func (x *Index) concepts(ctx context.Context, r index.IndexReader, q string) []concept {
	total, _ := r.DocCount()
	seen := map[string]bool{}
	var out []concept
	add := func(word string, terms []string, syns []string, proper bool) {
		if len(terms) == 0 || seen[terms[0]] {
			return
		}
		term := terms[0]
		seen[term] = true
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
		out = append(out, c)
	}
	// Multi-word names ("Kataib Hezbollah") and chat phrases ("put on hold")
	// are one concept, not one per word.
	for _, t := range phraseTokens(q) {
		add(t, x.analyze(t), nil, true)
	}
	inPhrase := phraseWords(q)
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
			add(strings.ToLower(part), []string{string(t.Term)}, syns, proper)
		}
	}
	return out
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

// buildQuery turns concepts into a Bleve query. Only term queries on
// analysed terms are built: user text never reaches query-string syntax.
func (x *Index) buildQuery(cs []concept, kind Kind) query.Query {
	var should []query.Query
	term := func(field, t string, boost float64) {
		q := bleve.NewTermQuery(t)
		q.SetField(field)
		q.SetBoost(boost)
		should = append(should, q)
	}
	for _, c := range cs {
		term(fText, c.term, boostExact)
		term(fSyn, c.term, boostDomain)
		term(fContext, c.term, boostContext)
		for _, w := range c.wordnet {
			term(fText, w, boostWordNet)
		}
	}
	content := bleve.NewDisjunctionQuery(should...)
	bq := bleve.NewBooleanQuery()
	bq.AddMust(content)
	if f := featureOf[kind]; f != "" {
		fq := bleve.NewTermQuery(f)
		fq.SetField(fFeat)
		fq.SetBoost(0.3)
		bq.AddShould(fq)
	}
	return bq
}

// featureWeight is how much carrying the asked-for thing counts, by kind:
// a figure, date, name or place is a crisp signal; a reason or condition
// marker a weaker one. A count question cannot be answered without a
// figure, nor a when question without a date: they weigh most. (A name
// is not enough to answer "who": weighing it more ranked the wrong people
// first, "which kurdish leader …" got a militia leader.)
var featureWeight = map[Kind]float64{
	KindCount: 0.75, KindWhen: 0.5, KindWho: 0.25, KindWhere: 0.25,
	KindWhy: 0.5, KindCondition: wFeature,
}

// featureOf is the passage feature each kind of question looks for.
var featureOf = map[Kind]string{
	KindCount: "figure", KindWho: "name", KindWhen: "date", KindWhere: "name",
	KindCondition: "condition", KindWhy: "reason",
}

// rerank scores hits by Bleve's BM25, coverage of the question's concepts
// and the presence of what the question asks for, best first.
func (x *Index) rerank(q string, cs []concept, kind Kind, hits search.DocumentMatchCollection) []Passage {
	if len(hits) == 0 {
		return nil
	}
	top := hits[0].Score
	var idfSum float64
	for _, c := range cs {
		idfSum += c.weight
	}
	out := make([]Passage, 0, len(hits))
	for _, h := range hits {
		p := passageFromHit(h)
		p.facts = x.cachedFacts(h.Fields[fFacts]) // extracted in context at indexing
		out = append(out, p)
	}
	want := newAsked(q, kind, out)
	for i, h := range hits {
		p := out[i]
		feature := want.featureScore(&p)
		// A reason often follows the sentence that states the event: for a
		// "why" question, a sentence giving a reason counts what the one
		// before it says almost as its own.
		ctxLevel := levelContext
		if kind == KindWhy && feature > 0 {
			ctxLevel = levelReasonContext
		}
		terms := x.termSpans(p.Quote)
		ctxTerms := x.termSpans(p.context)
		var got float64
		matched := make([][]Span, len(cs))
		for i, c := range cs {
			level, spans := c.match(terms)
			if level == 0 {
				level, _ = c.match(ctxTerms)
				level *= ctxLevel
			}
			p.Marks = append(p.Marks, spans...)
			matched[i] = spans
			got += level * c.weight
		}
		if idfSum > 0 {
			p.Coverage = got / idfSum
		}
		p.bm25 = h.Score / top
		// Carrying the asked-for thing counts in proportion to how much of
		// the question the passage covers, up to the coverage an answer
		// needs: a date alone does not make a passage about something else
		// answer "when".
		gate := min(1, p.Coverage/foundCoverage)
		p.Score = wBM25*p.bm25 + wCoverage*p.Coverage + featureWeight[kind]*feature*gate + wProximity*proximity(matched)
		p.Marks = cleanMarks(p.Marks)
		out[i] = p
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Score > out[j].Score })
	return out
}

// proximity is the share of neighbouring question concepts ("Iraq's
// military") that the passage also has close together ("Iraqi military
// spokesman", not "military mission in Iraq").
func proximity(matched [][]Span) float64 {
	pairs, near := 0, 0
	for i := 0; i+1 < len(matched); i++ {
		pairs++
		if nearby(matched[i], matched[i+1]) {
			near++
		}
	}
	if pairs == 0 {
		return 0
	}
	return float64(near) / float64(pairs)
}

// nearby reports whether two words occur within a couple of words of each other.
func nearby(a, b []Span) bool {
	const gap = 16 // bytes between the words: about two short words
	for _, x := range a {
		for _, y := range b {
			if x.End == 0 || y.End == 0 {
				continue // phrase tokens have no place
			}
			if y.Start >= x.End && y.Start-x.End <= gap || x.Start >= y.End && x.Start-y.End <= gap {
				return true
			}
		}
	}
	return false
}

// termSpans maps the analysed terms of s (and its phrase tokens) to where
// they occur.
// The result is shared: callers must not change it.
func (x *Index) termSpans(s string) map[string][]Span {
	if s == "" {
		return nil
	}
	x.spansMu.Lock()
	terms, ok := x.spans[s]
	x.spansMu.Unlock()
	if ok {
		return terms
	}
	terms = x.analyzeSpans(s)
	x.spansMu.Lock()
	if len(x.spans) >= maxCachedSpans || x.spans == nil {
		x.spans = make(map[string]map[string][]Span, 1024) // start again: simpler than an LRU, and rare
	}
	x.spans[s] = terms
	x.spansMu.Unlock()
	return terms
}

// cachedFacts decodes a passage's stored facts, keeping what it decoded:
// keyed by the stored JSON itself, so a re-indexed passage is decoded anew.
func (x *Index) cachedFacts(v any) corpus.Facts {
	raw, _ := v.(string)
	x.spansMu.Lock()
	f, ok := x.facts[raw]
	x.spansMu.Unlock()
	if ok {
		return f
	}
	f = storedFacts(v)
	x.spansMu.Lock()
	if len(x.facts) >= maxCachedSpans || x.facts == nil {
		x.facts = make(map[string]corpus.Facts, 1024)
	}
	x.facts[raw] = f
	x.spansMu.Unlock()
	return f
}

// maxCachedSpans bounds the analysed sentences kept for re-ranking (a few
// KB each): the passages that come up for questions repeat.
const maxCachedSpans = 20000

// analyzeSpans is termSpans without the cache.
func (x *Index) analyzeSpans(s string) map[string][]Span {
	terms := map[string][]Span{}
	for _, t := range x.an.Analyze([]byte(s)) {
		end := t.End
		// The tokenizer leaves an abbreviation's last dot out ("U.S" of
		// "U.S."): a mark covers the whole word.
		if end < len(s) && s[end] == '.' && strings.Contains(s[t.Start:end], ".") {
			end++
		}
		terms[string(t.Term)] = append(terms[string(t.Term)], Span{t.Start, end})
	}
	for _, t := range phraseTokens(s) {
		for _, a := range x.analyze(t) {
			terms[a] = append(terms[a], Span{})
		}
	}
	return terms
}

// match is how well terms carry the concept (1 as is, levelDomain via the
// domain thesaurus, levelWordNet via WordNet, 0 not at all) and where.
func (c *concept) match(terms map[string][]Span) (float64, []Span) {
	if sp, ok := terms[c.term]; ok {
		return 1, sp
	}
	for t := range c.same {
		if sp, ok := terms[t]; ok {
			return 1, sp
		}
	}
	for t := range c.domain {
		if sp, ok := terms[t]; ok {
			return levelDomain, sp
		}
	}
	for _, t := range c.wordnet {
		if sp, ok := terms[t]; ok {
			return levelWordNet, sp
		}
	}
	return 0, nil
}

// cleanMarks sorts spans and drops empty and overlapping ones.
func cleanMarks(ms []Span) []Span {
	sort.Slice(ms, func(i, j int) bool { return ms[i].Start < ms[j].Start })
	var out []Span
	for _, m := range ms {
		if m.End <= m.Start || len(out) > 0 && m.Start < out[len(out)-1].End {
			continue
		}
		out = append(out, m)
	}
	return out
}

// asked is what a question asks for, worked out once for all its hits.
type asked struct {
	lower  string // the question, lower-cased
	kind   Kind
	figure figureWant // for a count question
}

func newAsked(q string, kind Kind, hits []Passage) *asked {
	a := &asked{lower: strings.ToLower(q), kind: kind}
	if kind == KindCount {
		a.figure = askedFigure(q, hits)
	}
	return a
}

// featureScore is how well a passage carries what the question asks for, in [0,1].
func (a *asked) featureScore(p *Passage) float64 {
	f := p.facts
	switch a.kind {
	case KindCount:
		if len(f.Figures) == 0 {
			return 0
		}
		want := a.figure
		best := 0.4
		for _, fig := range f.Figures {
			switch {
			case want.matches(fig) && (want.place == "" || fig.Place != ""):
				return 1
			case want.units[fig.Unit] || len(want.units) == 0:
				best = 0.7
			}
		}
		return best
	case KindWho:
		if len(f.Names) > 0 {
			return 1
		}
		if corpus.HasProperNameIn(p.Quote, f) {
			return 0.5
		}
	case KindWhen:
		if len(f.Dates) > 0 {
			return 1
		}
	case KindWhere:
		if placeIn(p, a.lower) != "" {
			return 1
		}
	case KindCondition:
		if f.Condition {
			return 1
		}
	case KindWhy:
		if f.Reason || purposeRe.MatchString(p.Quote) {
			return 1
		}
	}
	return 0
}

func passageFromHit(h *search.DocumentMatch) Passage {
	str := func(f string) string { s, _ := h.Fields[f].(string); return s }
	num := func(f string) int { v, _ := h.Fields[f].(float64); return int(v) }
	return Passage{
		Quote: str(fText), ArticleID: str(fArticle), Title: str(fTitle), Outlet: str(fOutlet),
		URL: str(fURL), Published: str(fPublished), DateNote: str(fDateNote), Kind: str(fKind),
		Start: num(fStart), End: num(fEnd), sent: num(fSent), context: str(fContext),
	}
}
