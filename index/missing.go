package index

import (
	"context"
	"regexp"
	"strings"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	index "github.com/blevesearch/bleve_index_api"

	"github.com/talksbot/talksbot/index/thesaurus"
)

// Refusals that say why: a question about someone, something, a source or
// a year the coverage never mentions is "not covered", and the answer
// names what is missing ("The coverage never mentions Emmanuel Macron.").
// missing is part of the question's analysis (stage 1): it reads the
// question's words against the index's vocabulary, after chat words,
// spelling and aliases have had their say.

// Missing is one thing a question names that the coverage never mentions.
type Missing struct {
	Text string `json:"text"` // as typed
	What string `json:"what"` // "name", "source" or "year"
}

// missingReason is the sentence a refusal gives: "The coverage never
// mentions Emmanuel Macron.", "The coverage never mentions French or
// Norway.", "The coverage holds nothing from CNN."
func missingReason(ms []Missing) string {
	var names, sources []string
	for _, m := range ms {
		if m.What == "source" {
			sources = append(sources, m.Text)
		} else {
			names = append(names, m.Text)
		}
	}
	var out []string
	if len(names) > 0 {
		out = append(out, "The coverage never mentions "+orList(names)+".")
	}
	if len(sources) > 0 {
		out = append(out, "The coverage holds nothing from "+orList(sources)+".")
	}
	return strings.Join(out, " ")
}

// orList is "a", "a or b", "a, b or c".
func orList(xs []string) string {
	if len(xs) == 1 {
		return xs[0]
	}
	return strings.Join(xs[:len(xs)-1], ", ") + " or " + xs[len(xs)-1]
}

var (
	yearRe = regexp.MustCompile(`\b(1[89]\d\d|20\d\d)(s?)\b`)
	// sourceRe finds a source a question names: "what did Reuters say",
	// "according to the Pentagon", "the AP's figure".
	sourceRe = []*regexp.Regexp{
		regexp.MustCompile(`(?i)\b(?:according to|per|reported by|quoted by)\s+((?:the\s+)?[\p{L}][\p{L}.&'’-]*(?:\s+[\p{L}][\p{L}.&'’-]*){0,3}?)\s*(?:[,?.!]|$|\s+(?:about|on|say|said|report|reported|and|is|was|are|were|have|has|did|does))`),
		regexp.MustCompile(`(?i)\b(?:did|does|do|has|have|had|is|was|were)\s+((?:the\s+)?[\p{L}][\p{L}.&'’-]*(?:\s+[\p{L}][\p{L}.&'’-]*){0,3}?)\s+(?:say|said|saying|report|reported|reporting|write|wrote|written|claim|claimed|announce|announced|tell|told|publish|published|confirm|confirmed|cover|covered|put)\b`),
		regexp.MustCompile(`(?i)\b(?:what(?:'s| is| was)|whats)\s+((?:the\s+)?[\p{L}][\p{L}.&'’-]*(?:\s+[\p{L}][\p{L}.&'’-]*){0,3}?)['’]s\s+(?:take|view|position|line|figure|number|count|version|report|story|angle|account)\b`),
	}
)

// sourceStop are words a source span may start or end with that name
// nobody ("they", "anyone", "the articles").
var sourceStop = toSet(`they them he she it we you i anyone anybody someone somebody everyone people officials official the a an this that these those coverage article articles report reports source sources news media press`)

// missingIn finds what the question names that the coverage never
// mentions: names (a capitalised word, or a word that is no English
// word) the index does not hold even through spelling, aliases or
// synonyms; years no passage mentions; and sources (outlets, speakers)
// neither an article's outlet nor any passage names.
func (x *Index) missingIn(ctx context.Context, r index.IndexReader, q string, cs []concept) []Missing {
	var out []Missing
	seen := map[string]bool{}
	addMissing := func(text, what string) {
		k := strings.ToLower(text)
		if seen[k] {
			return
		}
		for _, m := range out { // "Emmanuel Macron" holds "Macron"; "the Washington Post" holds "Washington Post"
			if mk := strings.ToLower(m.Text); strings.Contains(mk, k) || strings.Contains(k, mk) {
				return
			}
		}
		seen[k] = true
		out = append(out, Missing{Text: text, What: what})
	}
	unknown := map[string]bool{}
	for _, c := range cs {
		if !c.known && !c.corrected && !strings.Contains(c.word, " ") && looksLikeName(c) && termDocFreq(ctx, r, fSource, c.term) == 0 {
			unknown[c.word] = true
		}
	}
	// Runs of words: a missing word with the capitalised words around it
	// ("Emmanuel Macron", "the New York Times" → "New York Times").
	words := wordRe.FindAllStringIndex(q, -1)
	for i := 0; i < len(words); i++ {
		w := strings.ToLower(strings.TrimRight(q[words[i][0]:words[i][1]], ".'’-"))
		if !unknown[w] {
			continue
		}
		start, end := i, i
		capital := startsUpper(q[words[i][0]:words[i][1]])
		for start > 0 && (unknown[lowerWord(q, words[start-1])] || capital && startsUpper(q[words[start-1][0]:words[start-1][1]]) && start-1 > 0 && !fillers[lowerWord(q, words[start-1])]) {
			start--
		}
		for end+1 < len(words) && (unknown[lowerWord(q, words[end+1])] || capital && startsUpper(q[words[end+1][0]:words[end+1][1]]) && !fillers[lowerWord(q, words[end+1])]) {
			end++
		}
		addMissing(strings.TrimRight(q[words[start][0]:words[end][1]], ".,'’-?!"), "name")
		i = end
	}
	// Sources: "what did the Washington Post say" is about a source whose
	// words may each be known ("Washington", "post"); one with a name the
	// coverage never uses is already said above.
	for _, re := range sourceRe {
		for _, m := range re.FindAllStringSubmatch(q, -1) {
			span := strings.TrimSpace(m[1])
			if x.unknownSource(ctx, r, span) {
				addMissing(span, "source")
			}
		}
	}
	for _, m := range yearRe.FindAllStringSubmatch(q, -1) {
		if termDocFreq(ctx, r, fText, m[1]) == 0 && termDocFreq(ctx, r, fText, m[1]+m[2]) == 0 {
			addMissing(m[0], "year")
		}
	}
	return out
}

func lowerWord(q string, span []int) string {
	return strings.ToLower(strings.TrimRight(q[span[0]:span[1]], ".'’-"))
}

// looksLikeName reports whether an unknown concept names someone or
// something: capitalised in the question (but not a short abbreviation,
// "UAV", "DC": those are left to the decision), or a word of letters that
// is no English word (English words the coverage does not use — "cost",
// "umbrella" — are left to the decision too: people paraphrase).
func looksLikeName(c concept) bool {
	w := c.word
	if strings.IndexFunc(w, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r == '-' || r > 127) }) >= 0 {
		return false // digits, apostrophes ("it'd"), dots
	}
	if c.proper {
		return len(w) > 3 || !isUpper(c.raw)
	}
	if len(w) < 4 || thesaurus.English(w) || thesaurus.POS(w) != 0 || functionWords[w] || fillers[w] || chatWords[w] != "" {
		return false
	}
	// Dropped g's of chat: "stayin", "leavin".
	return !(strings.HasSuffix(w, "in") && thesaurus.English(w+"g"))
}

func isUpper(s string) bool { return s != "" && strings.ToUpper(s) == s }

// unknownSource reports whether a source span names an outlet or speaker
// the coverage does not hold: one abbreviation ("CNN") neither an outlet
// nor a passage has, or a name of capitalised words ("the Washington
// Post") that is no outlet's and whose words no passage has together.
// (Other unknown names are found word by word.)
func (x *Index) unknownSource(ctx context.Context, r index.IndexReader, span string) bool {
	words := strings.Fields(span)
	for len(words) > 0 && sourceStop[strings.ToLower(words[0])] {
		words = words[1:]
	}
	if len(words) == 0 {
		return false
	}
	for _, w := range words {
		if !startsUpper(w) {
			return false
		}
	}
	terms := x.analyze(strings.Join(words, " "))
	if len(terms) == 0 {
		return false
	}
	inSource, inText := true, true
	for _, t := range terms {
		if termDocFreq(ctx, r, fSource, t) == 0 {
			inSource = false
		}
		if termDocFreq(ctx, r, fText, t) == 0 && len(x.domainOf(t)) == 0 {
			inText = false
		}
	}
	switch {
	case inSource:
		return false
	case len(words) == 1:
		return isUpper(words[0]) && !inText
	}
	return !inText || !x.together(ctx, r, terms)
}

// together reports whether one passage has every term.
func (x *Index) together(ctx context.Context, r index.IndexReader, terms []string) bool {
	qs := make([]query.Query, len(terms))
	for i, t := range terms {
		tq := bleve.NewTermQuery(t)
		tq.SetField(fText)
		qs[i] = tq
	}
	req := bleve.NewSearchRequestOptions(bleve.NewConjunctionQuery(qs...), 1, 0, false)
	res, err := x.alias.SearchInContext(ctx, req)
	return err != nil || res.Total > 0 // on an error, do not refuse
}
