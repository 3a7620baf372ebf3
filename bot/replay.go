package bot

import (
	"sync"
	"time"
)

// replayGuard remembers the interactions the HTTP endpoint has run, so a
// signed interaction replayed within the signature's five-minute window
// is answered without acting twice. It keeps at most replayMax ids, each
// for replayTTL (longer than the window), dropping the oldest first.
type replayGuard struct {
	mu    sync.Mutex
	seen  map[string]time.Time
	order []string // ids in arrival order, a ring of replayMax
	next  int
}

const (
	replayMax = 20000
	replayTTL = 10 * time.Minute
)

// first records id and reports whether it is new (not seen within the TTL).
func (g *replayGuard) first(id string, now time.Time) bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.seen == nil {
		g.seen = make(map[string]time.Time)
		g.order = make([]string, replayMax)
	}
	if t, ok := g.seen[id]; ok && now.Sub(t) < replayTTL {
		return false
	}
	if old := g.order[g.next]; old != "" {
		delete(g.seen, old)
	}
	g.order[g.next] = id
	g.next = (g.next + 1) % replayMax
	g.seen[id] = now
	return true
}
