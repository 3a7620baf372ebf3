package bot

import (
	"fmt"
	"strings"
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

// A greeting, thanks or goodbye gets a line of its own; after a question
// it invites a follow-up, before any it suggests one to ask.
func TestChatReply(t *testing.T) {
	prev := index.NewTurn("How many U.S. troops are in Iraq?")
	tests := []struct {
		q, want string
		after   bool // asked after prev
	}{
		{"hi", "Hi! Ask me about the U.S.–Iraq talks", false},
		{"Hello there!", "Hi! Ask another question, or follow up", true},
		{"thanks so much", "You're welcome! Ask another question, or follow up", true},
		{"ok cool", "Ask another question, or follow up on the last one", true},
		{"bye", "Bye!", true},
	}
	for _, tt := range tests {
		turn := index.NewTurn(tt.q)
		if tt.after {
			turn = index.FollowUp(prev, tt.q)
		}
		if !turn.Chat {
			t.Errorf("index.FollowUp(%q) is not a chat turn", tt.q)
		}
		if got := ChatReply(turn); !strings.HasPrefix(got, tt.want) {
			t.Errorf("ChatReply(%q) = %q; want it to start %q", tt.q, got, tt.want)
		}
	}
}

// The feedback log writes a follow-up with the question it followed, as
// typed: "and in Syria?" alone says nothing to a moderator.
func TestAskedNamesTheQuestionBefore(t *testing.T) {
	turn := index.FollowUp(index.NewTurn("How many U.S. troops are in Iraq?"), "and in Syria?")
	if got, want := asked(turn), "and in Syria? (after “How many U.S. troops are in Iraq?”)"; got != want {
		t.Errorf("asked(follow-up) = %q; want %q", got, want)
	}
	if got := asked(index.NewTurn("Who is Rasool?")); got != "Who is Rasool?" {
		t.Errorf("asked(new question) = %q", got)
	}
}
