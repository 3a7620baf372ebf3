package index

import (
	"errors"
	"fmt"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Kind is what a question asks for.
type Kind string

// Question kinds.
const (
	KindCount     Kind = "count"
	KindWho       Kind = "who"
	KindCondition Kind = "condition"
	KindWhen      Kind = "when"
	KindWhere     Kind = "where"
	KindWhy       Kind = "why"
	KindYesNo     Kind = "yes/no"
	KindOther     Kind = "other"
)

// MaxQuestionRunes caps a question's length.
const MaxQuestionRunes = 300

// Errors for unusable questions.
var (
	ErrEmptyQuestion   = errors.New("the question is empty: ask something about the U.S.–Iraq talks")
	ErrQuestionTooLong = fmt.Errorf("the question is too long: at most %d characters", MaxQuestionRunes)
)

// CheckQuestion trims q and checks it is usable.
func CheckQuestion(q string) (string, error) {
	q = strings.TrimSpace(q)
	if !utf8.ValidString(q) {
		q = strings.ToValidUTF8(q, "\uFFFD")
	}
	switch n := utf8.RuneCountInString(q); {
	case strings.IndexFunc(q, isWordRune) < 0:
		return "", ErrEmptyQuestion
	case n > MaxQuestionRunes:
		return "", fmt.Errorf("%w (this one has %d)", ErrQuestionTooLong, n)
	}
	return q, nil
}

func isWordRune(r rune) bool {
	return r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r > 127
}

var kindRules = []struct {
	kind Kind
	re   *regexp.Regexp
}{
	{KindCount, regexp.MustCompile(`(?i)\b(how many|how much|how large|how big|what number|number of|how strong|what size|size of|troop levels?|headcount|count of|what percentage|what share|numbers?|how old|toll|cost|costs|costing|price|rate|percent|percentage|budget)\b|%`)},
	{KindCondition, regexp.MustCompile(`(?i)\b(under what conditions?|what conditions?|which conditions?|what (?:must|has to|needs? to|should) (?:happen|be)|what factors?|which factors?|depends? on|dependent on|what would it take|under what circumstances|in what circumstances|what (?:could|would|will|might) happen if|insist(?:ed)? on|what happens if|what would (?:make|let|it take)|in return|conditional|conditions|based on|to happen before|what (?:do|does|did|would|will) (?:they|it|we|the \w+) (?:have|need) to|prerequisites?|criteria|preconditions?|on what basis|based on what|what determines|what decides|before (?:the )?(?:troops|forces|they|u\.?s\.?|americans|coalition) (?:can |could |will )?(?:leave|go|withdraw|pull out))\b`)},
	{KindWhy, regexp.MustCompile(`(?i)\bwhy\b|\b(what'?s the thinking|what reason|what (?:is|was) the reason|for what reason|what (?:caused|prompted|triggered|led to|drove|is behind|was behind)|reasons? (?:for|behind)|what made|how come)\b`)},
	{KindWhen, regexp.MustCompile(`(?i)\bwhen\b|\b(date|year|since when|until when|what date|which date|what day|which day|what year|which year|what month|which month|by when|what time|how soon|how long|deadline|date of)\b`)},
	{KindWhere, regexp.MustCompile(`(?i)^where\b|\b(location|venue|(?:which|what) (?:part|town|district|neighbou?rhood|province|area|place|street)|which base|what base|which bases|what bases|which city|what city|which region|what region|in what part|what location|which location|where)\b`)},
	{KindWho, regexp.MustCompile(`(?i)^(?:and\s+|so\s+)?who\b|\b(whom|whose|(?:which|what)(?:\s+(?:[a-z'-]+))?(?:\s+(?:[a-z'-]+))?\s+(?:group|militia|militias|official|officials|country|countries|leader|minister|commander|general|spokesman|spokesperson|organi[sz]ation|side|party|parties|faction|person|people|man|woman|ambassador|secretary)|name of|who|name|names|real name|(?:which|what) (?:ministry|outlet|body|agency|department|newspaper|network)|leader$|commander$)\b`)},
	{KindYesNo, regexp.MustCompile(`(?i)^(?:so\s+|and\s+|but\s+|ok\s+|wait\s+)?(is|are|was|were|do|does|did|will|would|can|could|has|have|had|should|shall|may|might)\b|\b(is that true|or not|or nah|explain whether|tell me whether)\b|(?:,|—|-)\s+(?:so\s+)?(?:did|is|was|were|does|do|has)\s`)},
}

// Classify says what kind of thing the question asks for.
func Classify(q string) Kind {
	for _, r := range kindRules {
		m := r.re.FindString(q)
		if m == "" {
			continue
		}
		// "what are the officials calling it" asks for a thing, not a
		// person: a verb between "what" and the noun.
		if r.kind == KindWho && auxInside.MatchString(m) {
			continue
		}
		return r.kind
	}
	return KindOther
}

var auxInside = regexp.MustCompile(`(?i)^(?:which|what)\s+(?:are|is|was|were|do|does|did|has|have|had|will|would|can|could|should)\b`)
