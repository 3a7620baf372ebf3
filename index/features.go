package index

import (
	"math"
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus/facts"
)

// Features is stage 3's result for one candidate passage: what the model
// weighs, each a number in about [0,1]. FeatureNames names them, in order.
type Features [numFeatures]float64

// The features of a candidate passage.
const (
	ftBM25Rel      = iota // Bleve's BM25 score relative to the best candidate's
	ftBM25Log             // log(1 + BM25)
	ftRankInv             // 1/(1 + Bleve's rank)
	ftCovExact            // weighted share of the question's concepts the sentence has as typed (or the same entity: "Iraqi" for "Iraq")
	ftCovDomain           // … only through the domain thesaurus
	ftCovWordNet          // … only through WordNet
	ftCovContext          // … only in the sentence before
	ftCovNoun             // share of the nouns' and names' weight the sentence has, any way
	ftCovCount            // share of concepts (unweighted) the sentence has
	ftMissMax             // the heaviest concept the sentence lacks, against the heaviest of all
	ftMissProper          // the sentence lacks a name the question gives
	ftProximity           // neighbouring question words close together in the sentence
	ftTitle               // weighted share of concepts in the article's title
	ftAskCount            // a figure of the asked unit, state and place (count questions)
	ftAskWhen             // a date (when questions)
	ftAskWho              // a name (who questions)
	ftAskWhere            // a place the question does not name (where questions)
	ftAskWhy              // a reason (why questions)
	ftAskCond             // a condition (condition questions)
	ftAskCov              // the asked-for thing times coverage: both together
	ftLength              // log of the sentence's length
	ftFirst               // 1/(1 + the sentence's place in its article)
	ftLeadIn              // the sentence announces what follows ("named three factors:")
	ftAnaphor             // the sentence leans on the one before ("He said …")
	ftSaid                // the sentence attributes a statement
	ftArticleCov          // weighted share of concepts the candidates of the same article have between them
	ftArticleShare        // share of the candidates that come from the same article
	ftCovSource           // weighted share of concepts found only in the passage's source ("what did Reuters say")
	ftCovMain             // weighted share of the concepts outside the question's time anchor that the sentence has (coverage when there is no anchor)
	ftDateMatch           // the question names a month or year and the sentence (its dates, or its article's) is of it: 1, the year only 0.5
	ftSaidBy              // weighted share of the question's concepts in whom the sentence attributes its statement to ("according to Iraqi officials")
	ftRecall              // similarity of the most similar question asked before that this passage answered (recall.go)
	ftRecallVote          // its share of the votes of the most similar questions asked before
	numFeatures
)

// FeatureNames names the features, in order.
var FeatureNames = [numFeatures]string{
	"bm25_rel", "bm25_log", "rank_inv", "cov_exact", "cov_domain", "cov_wordnet", "cov_context",
	"cov_noun", "cov_count", "miss_max", "miss_proper", "proximity", "title",
	"ask_count", "ask_when", "ask_who", "ask_where", "ask_why", "ask_cond", "ask_x_cov",
	"length", "first", "lead_in", "anaphor", "said", "article_cov", "article_share", "cov_source", "cov_main", "date_match", "said_by", "recall", "recall_vote",
}

// FeatureLegend says in words what each feature is, for `ask --explain`.
var FeatureLegend = map[string]string{
	"bm25_rel": "BM25 score against the best candidate's", "bm25_log": "BM25 score", "rank_inv": "Bleve's rank",
	"cov_exact": "has the question's words as typed", "cov_domain": "has them through the domain thesaurus",
	"cov_wordnet": "has them through WordNet", "cov_context": "the sentence before has them", "cov_noun": "has the question's names and nouns",
	"cov_count": "how many of the question's words it has", "miss_max": "lacks an important word", "miss_proper": "lacks a name the question gives",
	"proximity": "the question's words stand together", "title": "its article's title has them", "ask_count": "gives a figure of the asked kind",
	"ask_when": "gives a date", "ask_who": "names someone", "ask_where": "names a place", "ask_why": "gives a reason", "ask_cond": "states a condition",
	"ask_x_cov": "gives what is asked and covers the question", "length": "its length", "first": "how early in its article",
	"lead_in": "announces what follows", "anaphor": "leans on the sentence before", "said": "reports what someone said",
	"article_cov": "its article covers the question", "article_share": "its article has many candidates",
	"cov_source": "its outlet is the one the question names", "date_match": "is of the month or year the question names",
	"said_by": "quotes the speaker the question names", "recall": "answered a question worded like this one before",
	"recall_vote": "answered most of the questions worded like this one before", "cov_main": "covers the question's event, not only what it is dated by",
}

// askFeature is the feature that carries the asked-for thing, by kind.
var askFeature = map[Kind]int{
	KindCount: ftAskCount, KindWhen: ftAskWhen, KindWho: ftAskWho, KindWhere: ftAskWhere,
	KindWhy: ftAskWhy, KindCondition: ftAskCond,
}

var (
	// leadInRe finds a sentence announcing what the next one says.
	leadInRe = regexp.MustCompile(`(?i)(:\s*$|\bas follows\b|\bthe following\b|\b(?:named|listed|cited|outlined|identified|set out|laid out|gave)\s+(?:two|three|four|five|several|a few|\d+)\b)`)
	// anaphorRe finds a sentence that leans on the one before.
	anaphorRe = regexp.MustCompile(`^(?:He|She|They|It|This|That|These|Those|The (?:group|move|decision|official|spokesman|spokesperson|minister|statement|attack|strike|militia|agreement|deal|talks|letter|commission|committee|plan))\b`)
)

// features is stage 3: each candidate's features, its marks (the
// question's words it has) and its coverage.
func (x *Index) features(a *Analysis, ps []Passage) {
	if len(ps) == 0 {
		return
	}
	cs := a.concepts
	var total, nounTotal, heaviest, mainTotal float64
	for _, c := range cs {
		total += c.weight
		if !c.anchor {
			mainTotal += c.weight
		}
		heaviest = max(heaviest, c.weight)
		if c.noun {
			nounTotal += c.weight
		}
	}
	share := func(v, of float64) float64 {
		if of <= 0 {
			return 0
		}
		return v / of
	}
	top := ps[0].bm25
	want := newAsked(a.Normalized, a.Kind, ps)
	qDates := questionDates(a.Normalized)
	// What each article's candidates carry between them: an article about
	// the question's subject has its words in several sentences.
	artConcepts := map[string]map[int]bool{}
	artCount := map[string]int{}
	for i := range ps {
		p := &ps[i]
		var f Features
		f[ftBM25Rel] = share(p.bm25, top)
		f[ftBM25Log] = math.Log1p(p.bm25)
		f[ftRankInv] = 1 / float64(2+i)
		terms := x.termSpans(p.Quote)
		ctxTerms := x.termSpans(p.context)
		titleTerms := x.termSpans(p.Title)
		srcTerms := x.termSpans(sourceText(p.Outlet))
		speakerTerms := x.termSpans(p.facts.SpeakerText)
		var saidBy float64
		matched := make([][]Span, len(cs))
		var exact, domain, wordnet, context, source, noun, title, missMax, mainHas float64
		var count int
		for j, c := range cs {
			level, spans := c.match(terms)
			p.Marks = append(p.Marks, spans...)
			matched[j] = spans
			switch level {
			case matchExact:
				exact += c.weight
			case matchDomain:
				domain += c.weight
			case matchWordNet:
				wordnet += c.weight
			default:
				if l, _ := c.match(ctxTerms); l != matchNone {
					context += c.weight
				} else if l, _ := c.match(srcTerms); l != matchNone {
					source += c.weight
				} else {
					missMax = max(missMax, c.weight)
				}
				if c.proper {
					f[ftMissProper] = 1
				}
			}
			if level != matchNone && !c.anchor {
				mainHas += c.weight
			}
			if level != matchNone {
				if artConcepts[p.ArticleID] == nil {
					artConcepts[p.ArticleID] = map[int]bool{}
				}
				artConcepts[p.ArticleID][j] = true
				count++
				if c.noun {
					noun += c.weight
				}
			}
			if l, _ := c.match(titleTerms); l != matchNone {
				title += c.weight
			}
			if speakerTerms != nil {
				if l, _ := c.match(speakerTerms); l != matchNone {
					saidBy += c.weight
				}
			}
		}
		f[ftCovExact], f[ftCovDomain], f[ftCovWordNet] = share(exact, total), share(domain, total), share(wordnet, total)
		f[ftCovContext], f[ftCovNoun] = share(context, total), share(noun, nounTotal)
		f[ftCovSource] = share(source, total)
		f[ftCovMain] = share(mainHas, mainTotal)
		f[ftDateMatch] = dateMatch(qDates, p)
		f[ftSaidBy] = share(saidBy, total)
		f[ftCovCount] = share(float64(count), float64(len(cs)))
		f[ftMissMax] = share(missMax, heaviest)
		f[ftProximity] = proximity(matched)
		f[ftTitle] = share(title, total)
		p.Coverage = share(exact+domain+wordnet, total)
		if k, ok := askFeature[a.Kind]; ok {
			v := want.featureScore(p)
			f[k] = v
			f[ftAskCov] = v * p.Coverage
		}
		f[ftLength] = math.Log1p(float64(len(p.Quote))) / 6
		f[ftFirst] = 1 / float64(1+p.sent)
		shape := x.shapeOf(p.Quote)
		if shape&shapeLeadIn != 0 {
			f[ftLeadIn] = 1
		}
		if shape&shapeAnaphor != 0 {
			f[ftAnaphor] = 1
		}
		if p.facts.Said {
			f[ftSaid] = 1
		}
		p.features = f
		p.Marks = cleanMarks(p.Marks)
		artCount[p.ArticleID]++
	}
	for i := range ps {
		p := &ps[i]
		var w float64
		for j := range cs { // in order: a map's order would make the sum differ in its last bits
			if artConcepts[p.ArticleID][j] {
				w += cs[j].weight
			}
		}
		p.features[ftArticleCov] = share(w, total)
		p.features[ftArticleShare] = share(float64(artCount[p.ArticleID]), float64(len(ps)))
	}
}

// purposeRe finds reasons given as purposes or justifications.
// quoteShape is what leadInRe and anaphorRe say of a passage: kept per
// passage text (shapeOf), since the same passages come up question after
// question and the two regexps were a quarter of a question's CPU.
type quoteShape uint8

const (
	shapeLeadIn quoteShape = 1 << iota
	shapeAnaphor
)

func (x *Index) shapeOf(quote string) quoteShape {
	x.spansMu.Lock()
	sh, ok := x.shapes[quote]
	x.spansMu.Unlock()
	if ok {
		return sh
	}
	if leadInRe.MatchString(quote) {
		sh |= shapeLeadIn
	}
	if anaphorRe.MatchString(quote) {
		sh |= shapeAnaphor
	}
	x.spansMu.Lock()
	if len(x.shapes) >= maxCachedSpans || x.shapes == nil {
		x.shapes = make(map[string]quoteShape, 1024)
	}
	x.shapes[quote] = sh
	x.spansMu.Unlock()
	return sh
}

var purposeRe = regexp.MustCompile(`(?i)\b(to (?:stop|prevent|avoid|counter|fight|keep|deter)|self-defen[cs]e|in response|retaliat\w*|justif\w*|magnet for|factor for)\b`)

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
	for t, spans := range x.aliasSpans(s) {
		for _, a := range x.analyze(t) {
			terms[a] = append(terms[a], spans...)
		}
	}
	return terms
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
	q      string
	lower  string // the question, lower-cased
	kind   Kind
	figure figureWant // for a count question
	role   string     // the role a who question asks about ("spokesman")
	name   bool       // a who question asks for a name in so many words
}

// asksName finds a who question that wants a name, not a role or a body.
var asksName = regexp.MustCompile(`(?i)\bnames?\b|\bcalled\b`)

func newAsked(q string, kind Kind, hits []Passage) *asked {
	a := &asked{q: q, lower: strings.ToLower(q), kind: kind, role: roleIn(q), name: asksName.MatchString(q)}
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
		// Someone the question does not already name, in the asked role
		// if it asks for one; a role phrase alone ("a State Department
		// spokesperson") does not answer a question asking for a name.
		v := whoIn(p, a.role, a.q)
		switch {
		case v == "":
			return 0
		case isNamed(p, v):
			return 1
		case a.name:
			return 0
		}
		return 0.5
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

// isNamed reports whether v is (or ends with) one of the names the
// passage's facts hold, not a role phrase.
func isNamed(p *Passage, v string) bool {
	for _, n := range p.facts.Names {
		if strings.HasSuffix(v, n.Text) {
			return true
		}
	}
	return false
}

// questionDates are the months and years a question names ("in January
// 2024", "Sept 2025"): YYYY or YYYY-MM.
func questionDates(q string) []string {
	var out []string
	q = monthRe.ReplaceAllStringFunc(q, func(m string) string {
		w := strings.ToLower(strings.TrimRight(strings.Fields(m)[0], "."))
		return monthNames[w[:3]] + m[len(strings.Fields(m)[0]):]
	})
	for _, d := range facts.ExtractDates(q, time.Time{}) {
		v, _, _ := strings.Cut(d.Value, "/")
		if len(v) >= 4 {
			out = append(out, v[:min(7, len(v))])
		}
	}
	return out
}

// monthRe finds a month typed in lower case or cut short ("nov 2024",
// "sept. 2025", "4 jan 2024"): questionDates spells it out first.
var monthRe = regexp.MustCompile(`(?i)\b(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+\d`)

var monthNames = map[string]string{"jan": "January", "feb": "February", "mar": "March", "apr": "April", "may": "May", "jun": "June",
	"jul": "July", "aug": "August", "sep": "September", "oct": "October", "nov": "November", "dec": "December"}

// dateMatch is how well a passage is of the question's months or years:
// 1 when one of its dates (or its article's date) is in a month or year
// the question names at that precision, 0.5 when only the year agrees.
func dateMatch(want []string, p *Passage) float64 {
	if len(want) == 0 {
		return 0
	}
	have := []string{p.Published}
	for _, d := range p.facts.Dates {
		have = append(have, d.Value)
	}
	best := 0.0
	for _, w := range want {
		for _, h := range have {
			switch {
			case h == "":
			case strings.HasPrefix(h, w):
				return 1
			case len(h) >= 4 && h[:4] == w[:4]:
				best = 0.5
			}
		}
	}
	return best
}
