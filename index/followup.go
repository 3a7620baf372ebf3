package index

import (
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus/facts"
)

// Follow-ups: in chat, a question leaves out what the one before it said
// ("how many US troops are in Iraq?" then "and in Syria?", "when was
// that?", "who said so?"). FollowUp reads such a question with what it
// leaves out — the subject, the place, the time — taken from the
// previous one, and says how it read it; the engine then answers the
// standalone question like any other.

// Turn is one question of a conversation as the engine reads it.
type Turn struct {
	Question   string `json:"question"`   // as typed
	Standalone string `json:"standalone"` // what the engine answers: the question with what it left out filled in
	Kind       Kind   `json:"kind"`
	FollowUp   bool   `json:"follow_up,omitempty"` // the question took something from the one before
}

// NewTurn is a question asked with nothing before it.
func NewTurn(q string) Turn {
	norm, _ := normalizeChat(q)
	return Turn{Question: q, Standalone: q, Kind: Classify(norm)}
}

// FollowUp reads q after prev (see followUp); a reading longer than a
// question may be is not made.
func FollowUp(prev Turn, q string) Turn {
	t := followUp(prev, q)
	if utf8.RuneCountInString(t.Standalone) > MaxQuestionRunes {
		return NewTurn(q)
	}
	return t
}

// followUp reads q after prev. A question that names its own subject
// stands alone; one that starts like a follow-up ("and…", "what
// about…"), points back ("that", "it", "they", "so") or names no subject
// takes prev's subject, and prev's place and time unless it names its
// own. A question with no question words of its own ("and in Syria?")
// is prev's question about the new place or time.
func followUp(prev Turn, q string) Turn {
	t := NewTurn(q)
	if strings.TrimSpace(prev.Standalone) == "" {
		return t
	}
	norm, _ := normalizeChat(q)
	w := readWords(norm)
	if !w.lead && !w.anaphor && len(w.content) >= 2 {
		return t
	}
	if !w.lead && !w.anaphor && len(w.content) == 1 && facts.PartyOfFold(w.content[0]) != "" {
		return t // "who is rasool": a subject of its own
	}
	pn, _ := normalizeChat(prev.Standalone)
	p := readWords(pn)
	rest := subjectOf(pn)
	t.FollowUp = true
	if !w.frame { // "and in syria?", "what about 2025", "iraq?", "and abbasi?"
		s := strings.TrimRight(strings.TrimSpace(pn), "?!. ")
		s = swap(s, p.places, w.places, " in ")
		s = swap(s, p.times, w.times, " ")
		content := w.content
		// A new actor takes the place of the one asked about before.
		if mine, theirs := actorsIn(norm, nil), actorsIn(pn, nil); len(mine) > 0 && len(theirs) > 0 {
			s = replaceWord(s, theirs[0], mine[0])
			content = without(content, strings.Fields(strings.ToLower(mine[0])))
		}
		switch {
		case len(content) >= 2:
			// "and the first actual session?": a new subject for the
			// question before, asked the same way, at its place and time.
			s = frameOf(pn) + " " + strings.Join(content, " ")
			for _, x := range append(orDefault(w.places, p.places), orDefault(w.times, p.times)...) {
				s += " " + x
			}
		case len(content) == 1:
			s += " " + content[0]
		}
		t.Standalone = strings.Join(strings.Fields(s), " ") + "?"
		t.Kind = prev.Kind
		if k := Classify(norm); k != KindOther && k != KindYesNo {
			t.Kind = k // "and the rest, by when?"
		}
		return t
	}
	if rest == "" {
		return t
	}
	// Keep the question's own place and time over prev's.
	for _, pl := range p.places {
		if len(w.places) > 0 {
			rest = replaceWord(rest, pl, "")
		}
	}
	for _, tm := range p.times {
		if len(w.times) > 0 || t.Kind == KindWhen {
			rest = replaceWord(rest, tm, "")
		}
	}
	rest = strings.Join(strings.Fields(rest), " ")
	own := strings.TrimRight(strings.TrimSpace(q), "?!. ")
	if loc := pointBackRe.FindStringIndex(own); loc != nil {
		with := rest
		// "he", "they", "them" point back at an actor, not at the whole
		// question: the first one named before that this question does not name.
		if personal[strings.ToLower(own[loc[0]:loc[1]])] {
			if as := actorsIn(pn, actorsIn(norm, nil)); len(as) > 0 {
				with = as[0]
			}
		}
		t.Standalone = own[:loc[0]] + with + own[loc[1]:] + "?"
	} else {
		t.Standalone = own + " (" + rest + ")?"
	}
	return t
}

// personal are the words that point back at an actor.
var personal = toSet("he she him his her they them their")

// actorsIn are the known parties s names that are not places, nor named
// in not, nor only qualify a noun ("US troops": "them" is the troops):
// their words as typed.
func actorsIn(s string, not []string) []string {
	var out []string
	for _, m := range facts.PartyNamesFold(s) {
		if placeWordRe.MatchString(m.Text) || contains(not, m.Text) {
			continue
		}
		if next := wordRe.FindString(s[m.End:]); qualified[strings.ToLower(next)] {
			continue
		}
		out = append(out, m.Text)
	}
	return out
}

// qualified are nouns an actor's name qualifies ("US troops", "Iraqi
// officials").
var qualified = toSet("troops troop forces force soldiers military personnel officials official government side embassy advisers bases base")

func without(words, drop []string) []string {
	var out []string
	for _, w := range words {
		if !contains(drop, w) {
			out = append(out, w)
		}
	}
	return out
}

// questionWords read from a question.
type questionWordsRead struct {
	frame   bool     // starts with a question word or auxiliary: asks something of its own
	lead    bool     // starts like a follow-up: "and", "what about", "also"
	anaphor bool     // points back: "that", "it", "they", "so"
	content []string // words that name what is asked about
	places  []string
	times   []string
}

var (
	leadRe      = regexp.MustCompile(`(?i)^\s*(?:and|also|plus|but|ok(?:ay)?|so|then|same)\b|^\s*(?:what|how)\s+about\b|^\s*wh?at\s+abt\b`)
	frameRe     = regexp.MustCompile(`(?i)^\s*(?:(?:and|so|but|ok|also)\s+)?(?:how|what|what's|whats|who|who's|whom|whose|when|where|where's|why|which|is|are|was|were|do|does|did|will|would|can|could|has|have|had|should|tell|explain|until|since|by)\b`)
	aboutRe     = regexp.MustCompile(`(?i)^\s*(?:and\s+)?(?:what|how)\s+about\b`) // "what about…" asks nothing of its own
	pointBackRe = regexp.MustCompile(`(?i)\b(?:that|it|this|they|them|those|these|he|she|him|his|her|so)\b`)
	timeRe      = regexp.MustCompile(`(?i)\b(?:(?:in|by|since|after|before|until|during)\s+)?(?:(?:early|mid|late|end of)\s+)?(?:(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?\s+)?(?:19|20)\d\d\b|\b(?:right now|now|today|currently|these days|at the moment|anymore|any more|back then|last year|this year|next year)\b`)
	placeWordRe = regexp.MustCompile(`(?i)\b(?:(?:in|at|from|over in|inside)\s+)?(?:the\s+)?((?:iraq|syria|kurdistan(?: region)?|erbil|irbil|baghdad|jordan|iran|kuwait|anbar|western anbar|ain al-asad|al-asad|tower 22|harir|the gulf|middle east|region))\b`)
)

// readWords splits a normalised question into what it asks and about what.
func readWords(norm string) questionWordsRead {
	w := questionWordsRead{
		lead:    leadRe.MatchString(norm),
		frame:   frameRe.MatchString(norm) && !aboutRe.MatchString(norm),
		anaphor: pointBackRe.MatchString(norm),
	}
	rest := norm
	for _, m := range timeRe.FindAllString(norm, -1) {
		w.times = append(w.times, strings.TrimSpace(m))
		rest = strings.Replace(rest, m, " ", 1)
	}
	for _, m := range placeWordRe.FindAllStringSubmatch(rest, -1) {
		w.places = append(w.places, m[1])
		rest = strings.Replace(rest, m[0], " ", 1)
	}
	for _, word := range wordRe.FindAllString(strings.ToLower(rest), -1) {
		word = strings.Trim(word, "'’.-")
		if len(word) < 2 || fillers[word] || stopWord(word) || pointBackRe.MatchString(word) || followFillers[word] {
			continue
		}
		w.content = append(w.content, word)
	}
	return w
}

// followFillers are words of follow-ups that name nothing asked about.
var followFillers = toSet("and also plus but ok okay then same abt wat wut source sources link proof again more wait hmm um yo honestly lol")

// frameOf is a question's question words: "when was the commission
// agreed?" → "when was".
func frameOf(q string) string {
	words := strings.Fields(strings.TrimRight(strings.TrimSpace(q), "?!. "))
	subject := strings.Fields(subjectOf(q))
	return strings.Join(words[:len(words)-len(subject)], " ")
}

func orDefault(xs, def []string) []string {
	if len(xs) > 0 {
		return xs
	}
	return def
}

// subjectOf is a question without its question words: "how many US
// troops are in Iraq?" → "US troops are in Iraq".
func subjectOf(q string) string {
	q = strings.TrimRight(strings.TrimSpace(q), "?!. ")
	words := strings.Fields(q)
	i := 0
	for i < len(words) {
		w := strings.ToLower(strings.Trim(words[i], ",:;'’"))
		if !(fillers[w] || stopWord(w) || followFillers[w] || frameWords[w]) {
			break
		}
		i++
	}
	return strings.Join(words[i:], " ")
}

var frameWords = toSet("how what who when where why which whose whom tell explain give gist story deal")

// swap puts the question's own places (or times) in place of prev's in
// s, or adds them after join when prev had none.
func swap(s string, old, repl []string, join string) string {
	if len(repl) == 0 {
		return s
	}
	with := strings.Join(repl, " and ")
	if len(old) == 0 {
		return s + join + with
	}
	s = replaceWord(s, old[0], with)
	for _, o := range old[1:] {
		s = replaceWord(s, o, "")
	}
	return strings.Join(strings.Fields(s), " ")
}

// replaceWord replaces the first whole-word, case-insensitive occurrence
// of old in s.
func replaceWord(s, old, with string) string {
	re := regexp.MustCompile(`(?i)\b` + regexp.QuoteMeta(old) + `\b`)
	done := false
	return re.ReplaceAllStringFunc(s, func(m string) string {
		if done {
			return m
		}
		done = true
		return with
	})
}
