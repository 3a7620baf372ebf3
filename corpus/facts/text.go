package facts

import (
	"regexp"
	"strings"
)

func wordsIn(s string, set map[string]bool) [][]int {
	var out [][]int
	for _, w := range wordStarts(s) {
		if set[s[w[0]:w[1]]] {
			out = append(out, []int{w[0], w[1]})
		}
	}
	return out
}

// mayContain reports whether s may match a case-insensitive rule every
// match of which contains one of words (lower-case ASCII): false only when
// it cannot.
func mayContain(s string, words []string) bool {
	folded, ok := foldASCII(s)
	return !ok || containsAny(folded, words)
}

// foldASCII lower-cases the ASCII letters of s, keeping every byte offset.
// ok is false when s holds a rune that (?i) folds onto an ASCII letter (the
// Kelvin sign, the long s), which folding ASCII misses.
func foldASCII(s string) (folded string, ok bool) {
	upper, high := false, false
	for i := 0; i < len(s); i++ {
		upper = upper || 'A' <= s[i] && s[i] <= 'Z'
		high = high || s[i] >= 0x80
	}
	if high && (strings.ContainsRune(s, '\u212a') || strings.ContainsRune(s, '\u017f')) {
		return s, false
	}
	if !upper {
		return s, true
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}

// matchIf is re's first submatch in s, when a cheaper test says there may
// be one.
func matchIf(re *regexp.Regexp, s string, maybe bool) []int {
	if !maybe {
		return nil
	}
	return re.FindStringSubmatchIndex(s)
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// numberFirstWords are the words a match of numberRe can begin with, other
// than a number in digits.
var numberFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for _, alt := range strings.Split(approxWords+"|"+numberWords, "|") {
		m[strings.Fields(alt)[0]] = true
	}
	return m
}()

// numberMatches is numberRe.FindAllStringSubmatchIndex(s, -1), found by
// trying the pattern only at the starts of the words that can begin a
// match instead of at every byte: numberRe has no literal prefix for the
// regexp package to skip ahead with, and this is the extractor's most
// frequent search. The results are the same (a match begins at a word
// start, and FindAll takes the leftmost match after the previous one).
func numberMatches(s string) [][]int {
	folded, ok := foldASCII(s)
	if !ok {
		return numberRe.FindAllStringSubmatchIndex(s, -1)
	}
	var out [][]int
	next := 0 // where the next match may start
	for _, w := range wordStarts(folded) {
		if w[0] < next || !(folded[w[0]] >= '0' && folded[w[0]] <= '9' || numberFirstWords[folded[w[0]:w[1]]]) {
			continue
		}
		m := numberAt.FindStringSubmatchIndex(folded[w[0]:])
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += w[0]
			}
		}
		out = append(out, m)
		next = m[1]
	}
	return out
}

// wordStarts is the byte ranges of the words of s: runs of ASCII letters,
// digits and underscores, as for \b.
func wordStarts(s string) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i <= len(s); i++ {
		word := i < len(s) && isBoundaryWordByte(s[i])
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	return out
}

// isBoundaryWordByte is a byte of a word as \b sees it.
func isBoundaryWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
