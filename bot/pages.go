package bot

import (
	"crypto/rand"
	"encoding/base64"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/talksbot/talksbot/index"
)

// Pages of long answers live here, keyed by a short random ID that buttons
// carry in their custom_id (at most 100 characters, so a question cannot
// travel in it).
const (
	pageTTL     = 30 * time.Minute
	maxPageSets = 2000
)

// pageSet is a paginated message.
type pageSet struct {
	created time.Time
	pages   []*discordgo.MessageEmbed
	next    string                  // label of the next-page button
	sources *discordgo.MessageEmbed // what the "Sources" button shows, if any
	url     string                  // the "Read the report" link button's address, if any
	files   []*discordgo.File       // sent with the first page (a view's chart)

	// A view's pages: its name (a fresh search re-runs it) and its full
	// quotes (the "Full quotes" button).
	view string
	full []*discordgo.MessageEmbed

	// An answer's: the question as read, what it said and its first
	// passage (for votes and follow-ups).
	turn    index.Turn
	outcome index.Outcome
	first   *index.Passage
}

type pageStore struct {
	mu    sync.Mutex
	now   func() time.Time
	ttl   time.Duration
	max   int
	sets  map[string]*pageSet
	order []string // oldest first
}

func newPageStore(now func() time.Time, ttl time.Duration, max int) *pageStore {
	return &pageStore{now: now, ttl: ttl, max: max, sets: map[string]*pageSet{}}
}

// put stores a page set and returns its ID.
func (s *pageStore) put(p *pageSet) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	p.created = now
	for len(s.order) > 0 && (len(s.order) >= s.max || now.Sub(s.sets[s.order[0]].created) > s.ttl) {
		delete(s.sets, s.order[0])
		s.order = s.order[1:]
	}
	id := newID()
	s.sets[id] = p
	s.order = append(s.order, id)
	return id
}

// get returns a page set that has not expired.
func (s *pageStore) get(id string) (*pageSet, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.sets[id]
	if !ok || s.now().Sub(p.created) > s.ttl {
		return nil, false
	}
	return p, true
}

func newID() string {
	b := make([]byte, 6)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}
