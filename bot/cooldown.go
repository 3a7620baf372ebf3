package bot

import (
	"math"
	"sync"
	"time"
)

// cooldown is a token bucket per user: burst questions at once, refilled
// at burst per period.
type cooldown struct {
	mu      sync.Mutex
	burst   float64
	per     time.Duration
	now     func() time.Time
	buckets map[string]*tokens
}

type tokens struct {
	left float64
	at   time.Time
}

func newCooldown(burst int, per time.Duration, now func() time.Time) *cooldown {
	return &cooldown{burst: float64(burst), per: per, now: now, buckets: map[string]*tokens{}}
}

// allow takes a token for user; when there is none it says how long to wait.
func (c *cooldown) allow(user string) (bool, time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	now := c.now()
	rate := c.burst / float64(c.per) // tokens per nanosecond
	t := c.buckets[user]
	if t == nil {
		if len(c.buckets) > 10000 {
			c.sweep(now, rate)
		}
		t = &tokens{left: c.burst, at: now}
		c.buckets[user] = t
	}
	t.left = min(c.burst, t.left+float64(now.Sub(t.at))*rate)
	t.at = now
	if t.left >= 1-1e-9 {
		t.left = max(0, t.left-1)
		return true, 0
	}
	return false, time.Duration(math.Ceil((1 - t.left) / rate))
}

// sweep forgets users whose buckets are full again.
func (c *cooldown) sweep(now time.Time, rate float64) {
	for u, t := range c.buckets {
		if t.left+float64(now.Sub(t.at))*rate >= c.burst {
			delete(c.buckets, u)
		}
	}
}
