package thesaurus

import (
	_ "embed"
	"sort"
	"strings"
)

// englishList is the lower-case words of SCOWL's large American and
// British English lists (Debian's wamerican-large and wbritish-large,
// 2020.12.07; licence in SCOWL-LICENSE), one per line, sorted bytewise,
// inflections included. Capitalised entries (names) are left out. Made by:
//
//	cat american-english-large british-english-large | grep -E "^[a-z][a-z'-]*$" | grep -v "'s$" | LC_ALL=C sort -u > english.txt
//
// It tells a word the coverage does not use ("umbrella", "headcount")
// from a name it does not hold ("Erdogan", "mosul"), and keeps spelling
// correction off English words. Searched in place: nothing is built.
//
//go:embed english.txt
var englishList string

var englishCount = strings.Count(englishList, "\n")

// English reports whether w (lower case) is an English word.
func English(w string) bool {
	w = strings.ToLower(w)
	if w == "" {
		return false
	}
	// Binary search over the lines, by byte offsets.
	i := sort.Search(len(englishList), func(off int) bool {
		start := strings.LastIndexByte(englishList[:off], '\n') + 1
		end := strings.IndexByte(englishList[start:], '\n')
		return englishList[start:start+end] >= w
	})
	start := strings.LastIndexByte(englishList[:i], '\n') + 1
	end := strings.IndexByte(englishList[start:], '\n')
	if end < 0 {
		return false
	}
	if englishList[start:start+end] == w {
		return true
	}
	// The search can land inside the line before the match.
	next := start + end + 1
	if next < len(englishList) {
		if e := strings.IndexByte(englishList[next:], '\n'); e >= 0 && englishList[next:next+e] == w {
			return true
		}
	}
	return false
}

// EnglishSize is how many words English knows.
func EnglishSize() int { return englishCount }
