package ingest

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus"
)

// ErrNotProse means the text is not an article's prose: too few sentences,
// mostly non-letters, lines like "key:value" or code, or binary. The
// callers (talksbot ingest, /ingest) let --force add it anyway.
var ErrNotProse = errors.New("not prose")

// Prose thresholds (CheckProse). Every article of corpus/articles and every
// test page passes them with room to spare (TestCheckProseAcceptsArticles).
const (
	minSentences  = 2    // sentences of at least minWords words, ending like one
	minWords      = 5    //
	minCJKRunes   = 10   // or of as many Chinese or Japanese characters
	minLetters    = 0.70 // letters among the characters that are not white space or digits
	maxCodeTokens = 0.15 // tokens like "key:value", "a=b", "f(x);", "/usr/bin"
	maxControl    = 0    // control characters other than tab and line ends
)

// CheckProse says whether a's text reads as an article: prose sentences
// made of words. It returns nil, or an error wrapping ErrNotProse that says
// why, with the figures: "not prose: mostly non-letters (41% letters)".
func CheckProse(a *corpus.Article) error {
	text := a.Title + "\n" + a.Body
	var letters, visible, digits, control int
	for _, r := range text {
		switch {
		case r == '\n' || r == '\t' || r == '\r':
		case unicode.IsControl(r) || r == unicode.ReplacementChar:
			control++
		case unicode.IsSpace(r):
		case unicode.IsDigit(r):
			// Not in the letter share: a table of figures in an article (standings,
			// results) is digits and names, and no less text for it;
			// what marks a non-text is punctuation and symbols.
			digits++
		default:
			visible++
			if unicode.IsLetter(r) {
				letters++
			}
		}
	}
	if control > maxControl {
		return fmt.Errorf("%w: binary data (%d control characters)", ErrNotProse, control)
	}
	if visible+digits == 0 {
		return ErrEmpty
	}
	tokens := strings.Fields(a.Body)
	code := 0
	for _, t := range tokens {
		if codeLike(t) {
			code++
		}
	}
	if len(tokens) > 0 {
		if share := float64(code) / float64(len(tokens)); share > maxCodeTokens {
			return fmt.Errorf("%w: reads like key:value lines or code (%.0f%% of its words, at most %.0f%% allowed)", ErrNotProse, 100*share, 100*maxCodeTokens)
		}
	}
	if share := float64(letters) / float64(max(1, visible)); share < minLetters {
		return fmt.Errorf("%w: mostly non-letters (%.0f%% letters, at least %.0f%% needed)", ErrNotProse, 100*share, 100*minLetters)
	}
	if a.Paragraphs == nil {
		a.Paragraphs = corpus.Split(a.Body)
	}
	n := 0
	for _, p := range a.Passages() {
		if proseSentence(p.Text) {
			n++
		}
	}
	if n < minSentences {
		return fmt.Errorf("%w: too few sentences (%d of %d words or more, at least %d needed)", ErrNotProse, n, minWords, minSentences)
	}
	return nil
}

// codeLike reports whether a white-space-separated token looks like code or
// a key:value pair rather than a word: punctuation inside it that prose
// puts only between words ("root:x:0:0", "a=b", "f(x);", "/bin/bash",
// "snake_case", "{"), or a trailing ':' or ';' after a key-like word.
func codeLike(t string) bool {
	if strings.HasPrefix(t, "http://") || strings.HasPrefix(t, "https://") {
		return false // a link in prose
	}
	if strings.ContainsFunc(t, isCJK) {
		return false // a run of Chinese or Japanese text, spaces being rare in it
	}
	inner := strings.TrimFunc(t, func(r rune) bool {
		return strings.ContainsRune(".,;:!?\"'“”‘’()[]«»—–-…*", r)
	})
	if inner == "" {
		return strings.ContainsAny(t, "{}=;<>|")
	}
	if strings.ContainsAny(inner, "={}<>;_|\\$@#[]()`~^") || strings.Contains(inner, "++") {
		return true
	}
	if strings.ContainsAny(inner, ":/") {
		// Times ("10:30"), ratios ("3:1"), dates ("1/25") and "and/or"
		// are prose; "root:x:0", "/bin/bash" are not.
		n := strings.Count(inner, ":") + strings.Count(inner, "/")
		return n > 2 || n > 1 && strings.ContainsFunc(inner, unicode.IsLetter) || strings.HasPrefix(inner, "/")
	}
	if strings.HasSuffix(t, ":") && len(inner) > 0 && !strings.ContainsFunc(inner, unicode.IsUpper) {
		return true // "key:" of "key: value" (in prose rare: "said:")
	}
	return strings.HasSuffix(t, ";") || strings.HasSuffix(t, "{") || strings.HasSuffix(t, "}")
}

// proseSentence reports whether s is a sentence as prose has them: at
// least minWords words of letters, ending in '.', '!', '?' or a closing
// quote. Chinese and Japanese write no spaces between words: there a
// sentence needs minCJKRunes of their characters instead, and may end in
// '。', '！' or '？' (the sentence splitter does not cut at those, so a
// whole paragraph comes as one sentence).
func proseSentence(s string) bool {
	s = strings.TrimSpace(s)
	s = strings.TrimRight(s, "\"'”’)»]* 」』）")
	last, _ := utf8.DecodeLastRuneInString(s)
	if s == "" || !strings.ContainsRune(".!?…。！？", last) {
		return false
	}
	words, cjk := 0, 0
	for _, f := range strings.Fields(s) {
		if n := cjkRunes(f); n > 0 {
			cjk += n
		} else if strings.ContainsFunc(f, unicode.IsLetter) {
			words++
		}
	}
	return words >= minWords || cjk >= minCJKRunes || words > 0 && cjk > 0 && 2*words+cjk >= minCJKRunes
}

// cjkRunes counts the characters of s in the scripts written without
// spaces between words (Han, hiragana, katakana).
func cjkRunes(s string) int {
	n := 0
	for _, r := range s {
		if isCJK(r) {
			n++
		}
	}
	return n
}

// isCJK reports whether r is a Han, hiragana or katakana character.
func isCJK(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana)
}
