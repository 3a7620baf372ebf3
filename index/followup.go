package index

import (
	"regexp"
	"strings"

	"github.com/talksbot/talksbot/corpus/facts"
)

// Follow-ups: in chat, a question leaves out what the one before it said
// ("how many US troops are in Iraq?" then "and in Syria?", "when was
// that?", "who said so?"). The question is kept as typed — no words are
// spliced in — and answered with the turn before as weaker evidence: the
// earlier question's concepts join the retrieval and the features at a
// lower weight, and passages of the article the earlier answer quoted
// first rank a little higher (Model.Follow, chosen on the conversation
// dev split). Greetings and thanks are answered without touching the
// context.

// Turn is one question of a conversation as the engine reads it.
type Turn struct {
	Question string `json:"question"` // as typed
	// Standalone is what is answered and logged: the question as typed
	// (kept for the callers that store it).
	Standalone string `json:"standalone"`
	Kind       Kind   `json:"kind"`
	// FollowUp: the question is read with the one before it (Context).
	FollowUp bool `json:"follow_up,omitempty"`
	// Context is the question before, as typed, whose concepts weigh in
	// less; ContextKind its kind.
	Context     string `json:"context,omitempty"`
	ContextKind Kind   `json:"context_kind,omitempty"`
	// Article is the article this turn's answer quoted first (the caller
	// sets it once answered: see Answered); ContextArticle the one before's.
	Article        string `json:"article,omitempty"`
	ContextArticle string `json:"context_article,omitempty"`
	// Chat: a greeting or thanks. Answered, but never the context of the
	// next turn: that is the turn before it.
	Chat bool `json:"chat,omitempty"`
	// carry is the turn a chat turn stands in for, as the context.
	CarryQuestion string `json:"carry_question,omitempty"`
	CarryKind     Kind   `json:"carry_kind,omitempty"`
	CarryArticle  string `json:"carry_article,omitempty"`
}

// NewTurn is a question asked with nothing before it.
func NewTurn(q string) Turn {
	norm, _ := normalizeChat(q)
	t := Turn{Question: q, Standalone: q, Kind: Classify(norm)}
	if chitChat(q) {
		t.Chat, t.Kind = true, KindOther
	}
	return t
}

// Answered records the article a turn's answer quoted first: the next
// turn's context.
func (t Turn) Answered(a Answer) Turn {
	if len(a.Passages) > 0 {
		t.Article = a.Passages[0].ArticleID
	}
	return t
}

// FollowUp reads q after prev: a question that names its own subject
// stands alone; one that starts like a follow-up ("and…", "what
// about…"), points back ("that", "it", "they") or names too little to
// stand alone is read with prev as its context, and takes prev's kind
// when it asks nothing of its own ("and in Syria?").
func FollowUp(prev Turn, q string) Turn {
	t := NewTurn(q)
	// The turn that is the context: a greeting stands in for the one before.
	ctxQ, ctxKind, ctxArticle := prev.Question, prev.Kind, prev.Article
	if prev.Chat {
		ctxQ, ctxKind, ctxArticle = prev.CarryQuestion, prev.CarryKind, prev.CarryArticle
	}
	if strings.TrimSpace(ctxQ) == "" {
		return t
	}
	if t.Chat {
		t.CarryQuestion, t.CarryKind, t.CarryArticle = ctxQ, ctxKind, ctxArticle
		return t
	}
	norm, _ := normalizeChat(q)
	w := readWords(norm)
	if !w.lead && !w.anaphor && len(w.content) >= 2 {
		return t
	}
	if !w.lead && !w.anaphor && len(w.content) == 1 && facts.PartyOfFold(w.content[0]) != "" && w.frame {
		return t // "who is rasool": a subject of its own
	}
	t.FollowUp = true
	t.Context, t.ContextKind, t.ContextArticle = ctxQ, ctxKind, ctxArticle
	if !w.frame { // "and in syria?", "what about 2025", "iraq?": the question before, about something else
		if k := Classify(norm); k != KindOther && k != KindYesNo {
			t.Kind = k // "and the rest, by when?"
		} else {
			t.Kind = ctxKind
		}
	}
	return t
}

// chitChatRe finds greetings, thanks and acknowledgements: not questions
// about the talks, and not a context for the next one.
var chitChatRe = regexp.MustCompile(`(?i)^\s*(?:(?:hi|hello|hey|yo|hiya|heya|morning|good (?:morning|evening|afternoon))(?:\s+(?:there|all|everyone|bot|talksbot))?|(?:ok(?:ay)?|k|kk|cool|nice|great|gotcha|got it|i see|makes sense|interesting|wow|lol|haha|thx|thanks|thank you|thank u|ty|cheers|ta|np|bye|goodbye|see ya|cya)(?:\s+(?:so much|a lot|again|man|mate|bot|talksbot|cool|thanks|thx))*)\s*[.!?😀🙏👍]*\s*$`)

func chitChat(q string) bool { return chitChatRe.MatchString(q) }

// questionWordsRead are what a question says of its own.
type questionWordsRead struct {
	frame   bool     // starts with a question word or auxiliary: asks something of its own
	lead    bool     // starts like a follow-up: "and", "what about", "also"
	anaphor bool     // points back: "that", "it", "they", "so"
	content []string // words that name what is asked about
}

var (
	leadRe      = regexp.MustCompile(`(?i)^\s*(?:and|also|plus|but|ok(?:ay)?|so|then|same)\b|^\s*(?:what|how)\s+about\b|^\s*wh?at\s+abt\b`)
	frameRe     = regexp.MustCompile(`(?i)^\s*(?:(?:and|so|but|ok|also)\s+)?(?:how|what|what's|whats|who|who's|whom|whose|when|where|where's|why|which|is|are|was|were|do|does|did|will|would|can|could|has|have|had|should|tell|explain|until|since|by)\b`)
	aboutRe     = regexp.MustCompile(`(?i)^\s*(?:and\s+)?(?:what|how)\s+about\b`) // "what about…" asks nothing of its own
	pointBackRe = regexp.MustCompile(`(?i)\b(?:that|it|this|they|them|those|these|he|she|him|his|her|so|there|then)\b`)
)

// readWords splits a normalised question into what it asks and about what.
func readWords(norm string) questionWordsRead {
	w := questionWordsRead{
		lead:    leadRe.MatchString(norm),
		frame:   frameRe.MatchString(norm) && !aboutRe.MatchString(norm),
		anaphor: pointBackRe.MatchString(norm),
	}
	for _, word := range wordRe.FindAllString(strings.ToLower(norm), -1) {
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
