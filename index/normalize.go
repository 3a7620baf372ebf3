package index

import (
	"context"
	"regexp"
	"strings"

	"github.com/agnivade/levenshtein"
	index "github.com/blevesearch/bleve_index_api"
	"github.com/talksbot/talksbot/index/thesaurus"
)

// Correction is one change the analysis made to what was typed: a chat
// abbreviation spelled out ("hw" → "how") or a misspelling corrected
// against the index's own words ("irak" → "iraq").
type Correction struct {
	From string `json:"from"`
	To   string `json:"to"`
	Why  string `json:"why"` // "chat" or "spelling"
}

// chatWords spells out common chat abbreviations and text-speak. Only
// whole words, matched case-insensitively; what they stand for is plain
// English the rest of the analysis knows. (General chat-speak and the
// abbreviations of this coverage's offices, groups and places: not
// words chosen for any one question.)
var chatWords = map[string]string{
	"r": "are", "u": "you", "ur": "your", "y": "why", "n": "and", "nd": "and",
	"hw": "how", "hwo": "how", "mny": "many", "mnay": "many", "wen": "when", "wn": "when", "whn": "when",
	"wat": "what", "wut": "what", "wht": "what", "wot": "what", "whats": "what is", "wats": "what is", "wots": "what is", "wuts": "what is", "wher": "where", "whr": "where",
	"wheres": "where is", "whos": "who is", "hows": "how is", "whys": "why is",
	"bc": "because", "b/c": "because", "cuz": "because", "coz": "because", "cos": "because",
	"ppl": "people", "prez": "president", "govt": "government", "gov": "government", "gvt": "government", "gov't": "government",
	"pm": "prime minister", "pres": "president", "fm": "foreign minister", "secdef": "defense secretary",
	"kh": "Kataib Hezbollah", "yanks": "American troops", "yank": "American", "usa": "U.S.",
	"mil": "military", "rn": "now", "b4": "before", "abt": "about", "w/": "with", "w/o": "without",
	"tho": "though", "thru": "through", "approx": "approximately", "yrs": "years", "yr": "year",
	"mths": "months", "wk": "week", "wks": "weeks", "cmdr": "commander", "amb": "ambassador",
	"dept": "department", "intl": "international", "info": "information", "hq": "headquarters",
	"dod": "Defense Department", "dos": "State Department", "centcom": "Central Command",
	"pls": "", "plz": "", "lol": "", "idk": "", "tbh": "", "imo": "", "btw": "", "rly": "really",
	"2day": "today", "tmrw": "tomorrow", "msg": "message",
}

// questionWords are the words a misspelled question word is corrected to
// ("waht" → "what"): they are not in the index (stop words), so the
// index's vocabulary cannot correct them.
var questionWords = []string{"how", "many", "much", "when", "where", "what", "which", "who", "whom", "why", "does", "there", "about", "tell", "they", "were", "their"}

var chatToken = regexp.MustCompile(`[\p{L}\p{N}][\p{L}\p{N}'’/.]*`)

// normalizeChat spells out chat abbreviations and corrects misspelled
// question words; it returns the text to analyse and what it changed.
func normalizeChat(q string) (string, []Correction) {
	var cs []Correction
	var b strings.Builder
	last := 0
	for _, m := range chatToken.FindAllStringIndex(q, -1) {
		word := strings.TrimRight(q[m[0]:m[1]], ".")
		end := m[0] + len(word)
		lower := strings.ToLower(word)
		to, ok := chatWords[lower]
		why := "chat"
		if !ok {
			to, ok = questionWordFor(lower), questionWordFor(lower) != ""
			why = "spelling"
		}
		// "US" and "PM" in capitals are names, but "us" as a pronoun never
		// reaches here: only listed words are replaced.
		if !ok || to == lower {
			continue
		}
		b.WriteString(q[last:m[0]])
		b.WriteString(to)
		last = end
		cs = append(cs, Correction{From: word, To: to, Why: why})
	}
	if len(cs) == 0 {
		return q, nil
	}
	b.WriteString(q[last:])
	return strings.Join(strings.Fields(b.String()), " "), cs
}

// NormalizeChat spells out q's chat abbreviations and corrects its
// misspelt question words, as a question's analysis does first ("hw mny
// troops r in irak" → "how many troops are in irak"). Corrections against
// the index's own words ("irak" → "iraq") need an open index and are not
// made here.
func NormalizeChat(q string) string {
	s, _ := normalizeChat(q)
	return s
}

// questionWordFor is the question word a short unknown word is a typo of
// ("waht" → "what"), or "".
func questionWordFor(w string) string {
	// Only a word that is no English word: "man", "hot", "then" and
	// "them" are one letter from "many", "how" and "they", and mean
	// what they say.
	if len(w) < 3 || fillers[w] || stopWord(w) || functionWords[w] || thesaurus.POS(w) != 0 {
		return ""
	}
	for _, q := range questionWords {
		if len(w) >= len(q)-1 && len(w) <= len(q)+1 && w[0] == q[0] && levenshtein.ComputeDistance(w, q) == 1 {
			return q
		}
	}
	return ""
}

// functionWords are English words WordNet does not list.
var functionWords = toSet(`them then than thus they their theirs there these those this that what when where whom whose which while who how why does dose done many much mine more most must`)

// stopWord reports whether w is one of the English stop words the
// analyzer drops.
func stopWord(w string) bool { return englishStop[w] }

var englishStop = toSet(`a an and are as at be but by for if in into is it no not of on or such that the their then there these they this to was will with`)

// correct is the index term closest to an unknown analysed term, read
// from Bleve's fuzzy dictionary of the text field: at edit distance 1 (2
// for terms of 8 letters or more), the commonest on ties; "" when none is
// that close. Short terms are never corrected: too many words are one
// letter apart. (Callers never ask it about an English word.)
func correct(ctx context.Context, r index.IndexReader, term string) string {
	if len(term) < 4 {
		return ""
	}
	maxDist := 1
	if len(term) >= 8 {
		maxDist = 2
	}
	fr, ok := r.(index.IndexReaderFuzzy)
	if !ok {
		return ""
	}
	d, err := fr.FieldDictFuzzy(fText, term, maxDist, "")
	if err != nil {
		return ""
	}
	defer d.Close()
	best, bestDist, bestDF := "", maxDist+1, uint64(0)
	for e, err := d.Next(); err == nil && e != nil; e, err = d.Next() {
		t := e.Term
		if len(t) < 3 || strings.ContainsAny(t, "0123456789") {
			continue
		}
		dist := levenshtein.ComputeDistance(term, t)
		if dist > maxDist || dist > bestDist {
			continue
		}
		df := termDocFreq(ctx, r, fText, t) // the dictionary's counts are not document frequencies once segments are persisted
		if dist < bestDist || df > bestDF || df == bestDF && t < best {
			best, bestDist, bestDF = t, dist, df
		}
	}
	return best
}
