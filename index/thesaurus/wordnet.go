// Package thesaurus holds the synonym resources talksbot expands questions with: a hand-written domain thesaurus and a table distilled from WordNet 3.0.
package thesaurus

import (
	_ "embed"
	"encoding/binary"
	"sort"
	"strings"
	"sync"
)

// wordnetTab is the synonym table generated from the WordNet 3.0 database
// by ./internal/wngen (see that command for the selection rule, and its
// encodeTable for the format): sorted lines with an index of their offsets,
// searched in place by binary search, so that nothing is parsed or built
// when the table is first used. WordNet is distributed under the licence in
// WORDNET-LICENSE.
//
//go:generate go run ./internal/wngen -from testdata/wordnet.tsv.gz -out wordnet.tab
//go:embed wordnet.tab
var wordnetTab string

// wordnetTable is a view of the table: its lemma section (a lemma's line
// holds its synonyms per part of speech) and its section of irregular
// inflections (an inflection's line holds its base forms).
type wordnetTable struct {
	s          string
	nLem, nExc int
}

var (
	wnOnce  sync.Once
	wnTable *wordnetTable
)

// wordnet returns the table, its header checked on first use. The table is
// embedded at build time and checked by the tests, so a bad header is a
// broken build and panics.
func wordnet() *wordnetTable {
	wnOnce.Do(func() {
		s := wordnetTab
		if len(s) < 12 || s[:4] != "WNT1" {
			panic("thesaurus: embedded WordNet table: bad header")
		}
		t := &wordnetTable{s: s, nLem: int(binary.LittleEndian.Uint32([]byte(s[4:8]))), nExc: int(binary.LittleEndian.Uint32([]byte(s[8:12])))}
		if 12+4*(t.nLem+t.nExc) > len(s) {
			panic("thesaurus: embedded WordNet table: truncated")
		}
		wnTable = t
	})
	return wnTable
}

// line returns the i-th line of the table (lemmas first, then
// inflections), without its "\n", split at its first tab.
func (t *wordnetTable) line(i int) (key, rest string) {
	at := 12 + 4*i
	s := t.s
	off := int(s[at]) | int(s[at+1])<<8 | int(s[at+2])<<16 | int(s[at+3])<<24
	l := s[off:]
	if j := strings.IndexByte(l, '\n'); j >= 0 {
		l = l[:j]
	}
	key, rest, _ = strings.Cut(l, "\t")
	return key, rest
}

// find returns the fields of key's line in the lemmas (exc false) or the
// inflections, and whether it has one.
func (t *wordnetTable) find(key string, exc bool) (string, bool) {
	lo, n := 0, t.nLem
	if exc {
		lo, n = t.nLem, t.nExc
	}
	i := sort.Search(n, func(i int) bool { k, _ := t.line(lo + i); return k >= key })
	if i < n {
		if k, rest := t.line(lo + i); k == key {
			return rest, true
		}
	}
	return "", false
}

// field returns the words of the field of part of speech pos in fields
// ("n=a|b\tv=c"), and whether there is one (an inflection's may be empty).
func field(fields string, pos byte) ([]string, bool) {
	for fields != "" {
		var f string
		f, fields, _ = strings.Cut(fields, "\t")
		if len(f) >= 2 && f[0] == pos {
			if f[2:] == "" {
				return nil, true
			}
			return strings.Split(f[2:], "|"), true
		}
	}
	return nil, false
}

// synonyms returns the synonyms of lemma in part of speech pos.
func (t *wordnetTable) synonyms(lemma string, pos byte) []string {
	fields, ok := t.find(lemma, false)
	if !ok {
		return nil
	}
	words, _ := field(fields, pos)
	return words
}

// WordNet returns the WordNet synonyms of a lower-case word or phrase, nil
// if it has none. Only the frequent senses of each lemma are covered (see
// ./internal/wngen), and derivationally related nouns and verbs are
// included ("agreement" -> "agree").
//
// The word's own synonyms come first, commonest part of speech and sense
// first. Then, as WordNet's morphy would, the word is read as an inflected
// form in each part of speech in turn (noun, verb, adjective, adverb) and the
// synonyms of its base forms in that part of speech are added: "soldiers"
// gives those of the noun "soldier", "left" those of the verb "leave" (and
// its own as an adjective and a noun), "pulled back" those of "pull back".
// The result is deduplicated, never contains the word itself, and is the
// caller's to modify.
func WordNet(word string) []string {
	w := normalize(word)
	if w == "" {
		return nil
	}
	t := wordnet()
	var out []string
	add := func(words []string) {
		for _, s := range words {
			if s != w && !contains(out, s) {
				out = append(out, s)
			}
		}
	}
	if fields, ok := t.find(w, false); ok {
		for fields != "" {
			var f string
			f, fields, _ = strings.Cut(fields, "\t")
			if len(f) > 2 {
				add(strings.Split(f[2:], "|"))
			}
		}
	}
	for _, pos := range []byte("nvar") {
		for _, b := range t.baseForms(w, pos) {
			add(t.synonyms(b, pos))
		}
	}
	return out
}

// WordNetSize returns the number of lemmas in the WordNet table.
func WordNetSize() int {
	return wordnet().nLem
}

// normalize lower-cases word and turns runs of spaces and underscores into
// single spaces.
func normalize(word string) string {
	return strings.Join(strings.FieldsFunc(strings.ToLower(word), func(r rune) bool {
		return r == ' ' || r == '_' || r == '\t' || r == '\n' || r == '\r'
	}), " ")
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// suffix rules of WordNet's morphy (morph.c), by part of speech; they are
// tried in this order and every result that is a lemma is kept.
var morphRules = map[byte][][2]string{
	'n': {{"s", ""}, {"ses", "s"}, {"xes", "x"}, {"zes", "z"}, {"ches", "ch"}, {"shes", "sh"}, {"men", "man"}, {"ies", "y"}},
	'v': {{"s", ""}, {"ies", "y"}, {"es", "e"}, {"es", ""}, {"ed", "e"}, {"ed", ""}, {"ing", "e"}, {"ing", ""}},
	'a': {{"er", ""}, {"est", ""}, {"er", "e"}, {"est", "e"}},
}

// baseForms returns the lemmas in the table (with synonyms in part of speech
// pos) of which w may be an inflected form, w itself excluded. A phrase is
// inflected on its first word ("pulled back") or on its last ("peace
// talks").
func (t *wordnetTable) baseForms(w string, pos byte) []string {
	var out []string
	keep := func(b string) {
		if b != w && t.synonyms(b, pos) != nil && !contains(out, b) {
			out = append(out, b)
		}
	}
	if f, ok := t.exception(w, pos); ok || !strings.Contains(w, " ") {
		if ok {
			for _, b := range f {
				keep(b)
			}
			return out
		}
		for _, b := range morphWord(w, pos) {
			keep(b)
		}
		return out
	}
	first, rest, _ := strings.Cut(w, " ")
	for _, b := range t.wordForms(first, pos) {
		keep(b + " " + rest)
	}
	i := strings.LastIndexByte(w, ' ')
	for _, b := range t.wordForms(w[i+1:], pos) {
		keep(w[:i+1] + b)
	}
	return out
}

// wordForms returns the candidate base forms of a single word of a phrase,
// whether they are lemmas or not.
func (t *wordnetTable) wordForms(word string, pos byte) []string {
	if f, ok := t.exception(word, pos); ok {
		return f
	}
	return morphWord(word, pos)
}

// exception looks word up in the exception list of pos.
func (t *wordnetTable) exception(word string, pos byte) ([]string, bool) {
	fields, ok := t.find(word, true)
	if !ok {
		return nil, false
	}
	return field(fields, pos)
}

// morphWord applies the regular suffix rules of morphy to a single word,
// with its guards: nouns ending in "ss" and words of two letters or fewer are
// left alone, and a noun in "-ful" is inflected before the suffix
// ("spoonsful" -> "spoonful"). Adverbs have no rules.
func morphWord(word string, pos byte) []string {
	rules := morphRules[pos]
	if rules == nil || len(word) <= 2 {
		return nil
	}
	end := ""
	if pos == 'n' {
		if base, ok := strings.CutSuffix(word, "ful"); ok && len(base) > 2 {
			word, end = base, "ful"
		} else if strings.HasSuffix(word, "ss") {
			return nil
		}
	}
	var out []string
	for _, r := range rules {
		if stem, ok := strings.CutSuffix(word, r[0]); ok && stem != "" {
			out = append(out, stem+r[1]+end)
		}
	}
	return out
}

// POS returns the commonest part of speech of a word or phrase in the
// table — 'n', 'v', 'a' or 'r' — reading inflected forms as their base
// ("soldiers" → 'n'), or 0 when the table does not hold it.
func POS(word string) byte {
	w := normalize(word)
	t := wordnet()
	if fields, ok := t.find(w, false); ok && fields != "" {
		return fields[0]
	}
	for _, pos := range []byte("nvar") {
		if len(t.baseForms(w, pos)) > 0 {
			return pos
		}
	}
	return 0
}
