// Package thesaurus holds the synonym resources talksbot expands questions with: a hand-written domain thesaurus and a table distilled from WordNet 3.0.
package thesaurus

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"strings"
	"sync"
)

// wordnetGz is the synonym table generated from the WordNet 3.0 database by
// ./internal/wngen; see that command for the selection rule and the format.
// WordNet is distributed under the licence in WORDNET-LICENSE.
//
//go:generate go run ./internal/wngen -dict /usr/share/wordnet -out wordnet.tsv.gz
//go:embed wordnet.tsv.gz
var wordnetGz []byte

// posField is one part of speech of a table line: n, v, a or r, and its
// words (synonyms for a lemma, base forms for an irregular inflection).
type posField struct {
	pos   byte
	words []string
}

type wordnetTable struct {
	lemmas map[string][]posField // lemma -> synonyms per part of speech
	exc    map[string][]posField // irregular inflection -> base forms
}

var (
	wnOnce  sync.Once
	wnTable *wordnetTable
)

// wordnet returns the parsed table, decompressing and parsing it on first
// use. The table is embedded at build time and checked by the tests, so a
// failure to parse it is a broken build and panics.
func wordnet() *wordnetTable {
	wnOnce.Do(func() {
		t, err := parseWordNet(wordnetGz)
		if err != nil {
			panic("thesaurus: embedded WordNet table: " + err.Error())
		}
		wnTable = t
	})
	return wnTable
}

func parseWordNet(gz []byte) (*wordnetTable, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	// All strings below are substrings of text, so the table costs one
	// allocation for the text plus the slices and maps.
	text := string(raw)
	t := &wordnetTable{
		lemmas: make(map[string][]posField, 16384),
		exc:    make(map[string][]posField, 6144),
	}
	for n := 1; text != ""; n++ {
		var line string
		line, text, _ = strings.Cut(text, "\n")
		key, rest, ok := strings.Cut(line, "\t")
		if !ok || key == "" || key == "=" {
			return nil, fmt.Errorf("line %d: malformed", n)
		}
		var fields []posField
		for rest != "" {
			var f string
			f, rest, _ = strings.Cut(rest, "\t")
			if len(f) < 2 || f[1] != '=' || strings.IndexByte("nvar", f[0]) < 0 {
				return nil, fmt.Errorf("line %d: malformed field %q", n, f)
			}
			var words []string
			if f[2:] != "" {
				words = strings.Split(f[2:], "|")
			}
			fields = append(fields, posField{pos: f[0], words: words})
		}
		if k, ok := strings.CutPrefix(key, "="); ok {
			t.exc[k] = fields
		} else {
			t.lemmas[key] = fields
		}
	}
	return t, nil
}

// synonyms returns the synonyms of lemma in part of speech pos.
func (t *wordnetTable) synonyms(lemma string, pos byte) []string {
	for _, f := range t.lemmas[lemma] {
		if f.pos == pos {
			return f.words
		}
	}
	return nil
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
	for _, f := range t.lemmas[w] {
		add(f.words)
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
	return len(wordnet().lemmas)
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
	for _, f := range t.exc[word] {
		if f.pos == pos {
			return f.words, true
		}
	}
	return nil, false
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
	if fs := t.lemmas[w]; len(fs) > 0 {
		return fs[0].pos
	}
	for _, pos := range []byte("nvar") {
		if len(t.baseForms(w, pos)) > 0 {
			return pos
		}
	}
	return 0
}
