package bot

import (
	"context"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/talksbot/talksbot/index"
)

// Follow-up questions: what a member asked last in a channel (or a
// thread the bot opened) is kept for followUpTTL, so "and in Syria?"
// is read after it (index.FollowUp). Kept in memory only, bounded.
const (
	followUpTTL = 15 * time.Minute
	maxContexts = 5000
)

// TurnAnswerer is an Answerer that reads follow-ups (index.Data does);
// with a plain Answerer the standalone question is asked.
type TurnAnswerer interface {
	AskTurn(ctx context.Context, t index.Turn, n int) (index.Answer, error)
}

// contexts keeps the last turn per key (member and channel, or an answer
// message): at most max, each for ttl.
type contexts struct {
	mu  sync.Mutex
	now func() time.Time
	ttl time.Duration
	max int
	m   map[string]contextEntry
}

type contextEntry struct {
	turn index.Turn
	at   time.Time
}

func newContexts(now func() time.Time, ttl time.Duration, max int) *contexts {
	return &contexts{now: now, ttl: ttl, max: max, m: map[string]contextEntry{}}
}

func memberKey(user, channel string) string { return "u:" + user + "|c:" + channel }
func messageKey(id string) string           { return "m:" + id }

// get is the turn kept under key, if it is fresh.
func (c *contexts) get(key string) (index.Turn, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.m[key]
	if !ok || c.now().Sub(e.at) > c.ttl {
		delete(c.m, key)
		return index.Turn{}, false
	}
	return e.turn, true
}

// put keeps t under each key; when full, expired entries go first, then
// the oldest.
func (c *contexts) put(t index.Turn, keys ...string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	for _, k := range keys {
		if k == "" || k == messageKey("") {
			continue
		}
		if _, ok := c.m[k]; !ok && len(c.m) >= c.max {
			c.evictLocked(now)
		}
		c.m[k] = contextEntry{turn: t, at: now}
	}
}

func (c *contexts) evictLocked(now time.Time) {
	oldest, oldestAt := "", now
	for k, e := range c.m {
		if now.Sub(e.at) > c.ttl {
			delete(c.m, k)
			continue
		}
		if !e.at.After(oldestAt) {
			oldest, oldestAt = k, e.at
		}
	}
	if len(c.m) >= c.max {
		delete(c.m, oldest)
	}
}

func (c *contexts) size() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.m)
}

// threads are the threads the bot opened for follow-ups: messages in them
// are questions without a mention.
type threadSet struct {
	mu  sync.Mutex
	ids map[string]time.Time
	max int
}

func (s *threadSet) add(id string, now time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.ids == nil {
		s.ids = map[string]time.Time{}
	}
	if len(s.ids) >= s.max {
		oldest, at := "", now
		for k, t := range s.ids {
			if t.Before(at) {
				oldest, at = k, t
			}
		}
		delete(s.ids, oldest)
	}
	s.ids[id] = now
}

func (s *threadSet) has(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, ok := s.ids[id]
	return ok
}

// turnFor reads q after what key holds (if fresh), or after prev when
// given (a reply to an answer whose turn was forgotten).
func (b *Bot) turnFor(q string, prev *index.Turn, keys ...string) index.Turn {
	for _, k := range keys {
		if t, ok := b.contexts.get(k); ok {
			return index.FollowUp(t, q)
		}
	}
	if prev != nil {
		return index.FollowUp(*prev, q)
	}
	return index.NewTurn(q)
}

// questionOfEmbed is the question an answer's embed shows ("Q: …"), for a
// reply or button on an answer the bot no longer remembers.
func questionOfEmbed(title string) (string, bool) {
	q, ok := strings.CutPrefix(title, "Q: ")
	if !ok {
		return "", false
	}
	return unescape(strings.TrimSuffix(q, ellipsis)), true
}

// unescape undoes escape's backslashes.
func unescape(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if s[i] == '\\' && i+1 < len(s) && strings.IndexByte("\\*_~`|>#-[]()<:@!.+=", s[i+1]) >= 0 {
			i++
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// ChatReply is what is said to a greeting, thanks or acknowledgement
// (index.Turn.Chat): one line, no passages. The conversation goes on past
// it: the next question follows on from the one before the greeting.
func ChatReply(t index.Turn) string {
	next := "Ask another question, or follow up on the last one (“and in Syria?”)."
	if t.CarryQuestion == "" {
		next = "Ask me about the U.S.–Iraq talks, e.g. “How many U.S. troops are in Iraq?”"
	}
	switch q := strings.ToLower(t.Question); {
	case byeRe.MatchString(q):
		return "Bye! Ask again any time."
	case greetingRe.MatchString(q):
		return "Hi! " + next
	case thanksRe.MatchString(q):
		return "You're welcome! " + next
	}
	return next
}

var (
	greetingRe = regexp.MustCompile(`^\s*(?:hi|hello|hey|yo|hiya|heya|morning|good (?:morning|evening|afternoon))\b`)
	thanksRe   = regexp.MustCompile(`\b(?:thx|thanks|thank you|thank u|ty|cheers|ta)\b`)
	byeRe      = regexp.MustCompile(`^\s*(?:bye|goodbye|see ya|cya)\b`)
)

// asked is how a turn is written in the feedback log (votes and gaps): the
// question as typed, and for a follow-up the question it followed, so a
// moderator reading "and in Syria?" in /gaps knows what it asked.
func asked(t index.Turn) string {
	if !t.FollowUp || t.Context == "" {
		return t.Standalone
	}
	return t.Standalone + " (after “" + t.Context + "”)"
}
