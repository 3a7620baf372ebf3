package feeds

import (
	"regexp"
	"strings"
)

// The on-topic rule. An item is on topic when its title or summary
//
//   - names Iraq: Iraq, Iraqi(s), Baghdad, Erbil, Ain al-Asad, al-Sudani,
//     Kataib Hezbollah; or
//   - speaks of the coalition's mission: "coalition" together with troops,
//     forces, military, mission, ISIS, ISIL, Islamic State or U.S. troops.
//
// Words are matched whole and case-insensitively. It is deliberately
// simple: a moderator reviews what it lets through (unless the feed is
// auto-approved), and what it keeps out is only counted, so a rule that
// says too little is safer than one that guesses.
var (
	iraqWords     = regexp.MustCompile(`(?i)\b(iraq|iraqi|iraqis|baghdad|erbil|ain al-asad|al-asad|al-sudani|sudani|kataib hezbollah|kata'ib hezbollah)\b`)
	coalitionWord = regexp.MustCompile(`(?i)\bcoalition\b`)
	militaryWords = regexp.MustCompile(`(?i)\b(troops|forces|military|mission|isis|isil|islamic state|u\.s\. troops|us troops|american troops)\b`)
)

// OnTopic reports whether an item with this title and summary is about the
// talks' subject (see the rule above).
func OnTopic(title, summary string) bool {
	text := title + " \n " + summary
	if iraqWords.MatchString(text) {
		return true
	}
	return coalitionWord.MatchString(text) && militaryWords.MatchString(text)
}

// titleWords are a title's words for the near-duplicate check: lower case,
// letters and digits, without stop words and without an outlet's name
// after a final " - " or " | " ("… - Reuters").
func titleWords(title string) map[string]bool {
	t := strings.ToLower(title)
	for _, sep := range []string{" | ", " - ", " — ", " – "} {
		if i := strings.LastIndex(t, sep); i > 0 && len(strings.Fields(t[i+len(sep):])) <= 3 {
			t = t[:i]
		}
	}
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(t, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r > 127)
	}) {
		if !stopWords[w] {
			words[w] = true
		}
	}
	return words
}

var stopWords = map[string]bool{
	"a": true, "an": true, "the": true, "and": true, "or": true, "of": true, "to": true, "in": true,
	"on": true, "at": true, "for": true, "with": true, "by": true, "from": true, "as": true, "is": true,
	"are": true, "be": true, "its": true, "it": true, "that": true, "this": true, "s": true,
}

// sameStory reports whether two titles name the same story: the same
// words, or at least 3 words each and a Jaccard similarity of at least 0.8
// (a word added or dropped in a headline of 4 or more words).
func sameStory(a, b map[string]bool) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	inter := 0
	for w := range a {
		if b[w] {
			inter++
		}
	}
	union := len(a) + len(b) - inter
	if inter == union {
		return true
	}
	return len(a) >= 3 && len(b) >= 3 && float64(inter)/float64(union) >= 0.8
}
