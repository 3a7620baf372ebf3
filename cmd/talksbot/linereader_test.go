package main

import (
	"bytes"
	"context"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/index"
)

// TestChatLineTooLong: a chat line over 64 KiB is reported and skipped;
// the questions after it are still answered (it used to end the session).
func TestChatLineTooLong(t *testing.T) {
	var asked []string
	ask := func(tu index.Turn) (index.Answer, error) {
		asked = append(asked, tu.Question)
		return index.Answer{Question: tu.Question, Outcome: index.NotCovered}, nil
	}
	input := "how many troops?\n" + strings.Repeat("a", 100<<10) + "\nand in Syria?\nlast one"
	var out, errOut bytes.Buffer
	if err := chatLoop(context.Background(), env{stdout: &out, stderr: &errOut}, strings.NewReader(input), ask, false, time.Now); err != nil {
		t.Fatalf("chat with a 100 KiB line = %v; want it skipped", err)
	}
	if len(asked) != 3 || asked[0] != "how many troops?" || asked[1] != "and in Syria?" || asked[2] != "last one" {
		t.Errorf("asked %q; want the three short questions", asked)
	}
	if !strings.Contains(errOut.String(), "line too long") || strings.Count(errOut.String(), "\n") != 1 {
		t.Errorf("stderr = %q; want one line saying the line was too long", errOut.String())
	}
}
