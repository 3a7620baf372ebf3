package bot

import (
	"fmt"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
)

// The follow-up memory holds at most its bound, drops the expired first
// and then the oldest, and forgets a turn after its time.
func TestContextsAreBounded(t *testing.T) {
	now := time.Unix(1700000000, 0)
	c := newContexts(func() time.Time { return now }, followUpTTL, 100)
	for i := range 250 {
		now = now.Add(time.Second)
		c.put(index.NewTurn(fmt.Sprint("question ", i)), memberKey(fmt.Sprint(i), "c"))
		if c.size() > 100 {
			t.Fatalf("%d contexts kept, bound 100", c.size())
		}
	}
	if _, ok := c.get(memberKey("0", "c")); ok {
		t.Error("the oldest context survived past the bound")
	}
	if turn, ok := c.get(memberKey("249", "c")); !ok || turn.Question != "question 249" {
		t.Errorf("the newest context: %+v, %v", turn, ok)
	}
	now = now.Add(followUpTTL + time.Second)
	if _, ok := c.get(memberKey("249", "c")); ok {
		t.Error("a context outlived its 15 minutes")
	}
}
