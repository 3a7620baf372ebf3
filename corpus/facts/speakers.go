package facts

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Speakers

var (
	// speechVerbs attribute a statement to its speaker.
	speechVerbs = toSet("said says told announced stressed emphasised emphasized described called argued proposed thanked pledged named reported added confirmed denied warned insisted noted claimed declared stated acknowledged admitted")
	accordingRe = regexp.MustCompile(`\baccording to\s+((?:the\s+|a\s+)?[^,.;]{1,80}?)(?:\s+(?:on|in|at)\s+\d|[,.;]|$)`)
	auxRe       = regexp.MustCompile(`(?:\s+(?:had|has|have|also|later|then|again|first|at first|was|were|is|are|repeatedly))+$`)
	auxWords    = strings.Fields("had has have also later then again first was were is are repeatedly") // every match of auxRe ends with one
	anaphorRe   = regexp.MustCompile(`(?i)^(?:he|she|they|it|the (?:spokesperson|spokesman|spokeswoman|official|officials|sources|group|ministry|commission|minister|militia|office|statement))$`)
)

// speakerIn finds who the sentence attributes its statement to: the words
// naming them and the parties among them.
func speakerIn(s string, mentions []Mention) (text string, ids []string) {
	// Candidates, best first: ", X said" after a comma; "according to X";
	// then the first "X said".
	type cand struct {
		text string
		a, b int
	}
	var after, first []cand
	for _, m := range wordsIn(s, speechVerbs) {
		before := strings.TrimRight(s[:m[0]], " ")
		if hasSuffixAny(before, auxWords) {
			before = auxRe.ReplaceAllString(before, "")
		}
		a, b := npBefore(before)
		if a == b {
			continue
		}
		c := cand{s[a:b], a, b}
		if a >= 2 && strings.HasSuffix(strings.TrimRight(s[:a], " "), ",") || a >= 2 && strings.HasSuffix(strings.TrimRight(s[:a], " "), `,"`) {
			after = append(after, c)
		}
		first = append(first, c)
	}
	var cs []cand
	cs = append(cs, after...)
	if m := matchIf(accordingRe, s, strings.Contains(s, "according to")); m != nil {
		cs = append(cs, cand{s[m[2]:m[3]], m[2], m[3]})
	}
	cs = append(cs, first...)
	// The first candidate decides, even when it holds no mention: whether
	// a later one should be tried then is open (staticcheck SA4004 found
	// the loop that read as if it did; the behaviour is kept).
	if len(cs) > 0 {
		c := cs[0]
		var in []Mention
		for _, mm := range mentions {
			if mm.Start >= c.a && mm.End <= c.b && !mm.Place {
				in = append(in, mm)
			}
		}
		switch {
		case len(in) == 0:
		case strings.Contains(s[c.a:c.b], " and ") && len(in) > 1:
			for _, mm := range in {
				ids = append(ids, mm.ID)
			}
		default:
			ids = []string{in[len(in)-1].ID}
		}
		return c.text, ids
	}
	return "", nil
}

// npBefore finds the noun phrase that ends before, skipping an appositive
// ("Maj. Gen. Pat Ryder, speaking for the Pentagon,"): its byte range.
func npBefore(before string) (int, int) {
	end := len(before)
	text := before
	if strings.HasSuffix(text, ",") { // appositive
		inner := strings.LastIndex(text[:len(text)-1], ",")
		if inner < 0 {
			return 0, 0
		}
		text = text[:inner]
		end = inner
	}
	// Back to the start of the clause: a comma, a quote, "and", "that".
	start := 0
	if i := strings.LastIndexAny(text, ",;:\"”"); i >= 0 {
		start = i + 1
	}
	words := strings.Fields(text[start:])
	if len(words) == 0 {
		return 0, 0
	}
	// At most 9 words, not across a clause word.
	k := len(words)
	for k > 0 && len(words)-k < 9 {
		w := strings.ToLower(words[k-1])
		if w == "and" && k < len(words) && !capitalised(words[k]) || w == "that" || w == "which" || w == "who" {
			break
		}
		k--
	}
	if k == len(words) {
		return 0, 0
	}
	for k < len(words) && (words[k] == "and" || words[k] == "but" || words[k] == "or" || words[k] == "then") {
		k++
	}
	if k == len(words) {
		return 0, 0
	}
	a := end - len(strings.Join(words[k:], " "))
	for a < end && before[a] == ' ' {
		a++
	}
	phrase := before[a:end]
	// A verb inside means this is not a subject ("the talks were held").
	for _, w := range strings.Fields(phrase) {
		if midStop[strings.ToLower(w)] && w != "of" && w != "for" && w != "to" && w != "in" {
			return 0, 0
		}
	}
	return a, end
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// ---------------------------------------------------------------------------
