package bot

import (
	"strconv"
	"testing"
	"time"
)

// The guard forgets after its TTL and holds at most replayMax ids.
func TestReplayGuardBounds(t *testing.T) {
	var g replayGuard
	now := time.Unix(1_700_000_000, 0)
	if !g.first("a", now) || g.first("a", now.Add(time.Minute)) {
		t.Fatal("a repeat within the window must be refused")
	}
	if !g.first("a", now.Add(replayTTL+time.Second)) {
		t.Error("an id older than the TTL must be new again")
	}
	for i := 0; i < replayMax+10; i++ {
		g.first(strconv.Itoa(i), now)
	}
	if len(g.seen) > replayMax {
		t.Errorf("guard holds %d ids; at most %d", len(g.seen), replayMax)
	}
}
