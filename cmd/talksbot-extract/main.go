// Command talksbot-extract finds the article in one HTML page: the page on
// standard input, its URL (if any) as the argument, the article as JSON on
// standard output (corpus/ingest.ExtractOutput).
//
// talksbot runs it for every HTML page it ingests (corpus/ingest.Command),
// with a time limit and a memory limit, so that the extractor's heavy
// dependencies (go-trafilatura, go-readability, go-dateparser) stay out of
// talksbot's start-up and an untrusted page parses in a process that can be
// killed. It applies the limits to itself too, and a CPU limit, so that it
// ends even when talksbot is gone. Install it next to talksbot:
// go install ./cmd/...
package main

import (
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/corpus/ingest/htmltext"
)

func main() {
	proc := ingest.ExtractProcess{SetMemoryLimit: setMemoryLimit, SetCPULimit: setCPULimit, Exit: os.Exit, Stderr: os.Stderr}
	if err := ingest.ServeExtract(context.Background(), os.Args[1:], os.Getenv, os.Stdin, os.Stdout, extractor(os.Getenv), proc); err != nil {
		fmt.Fprintln(os.Stderr, "talksbot-extract:", err)
		os.Exit(1)
	}
}

// testHookEnv, set to 1 (only tests set it), makes a page that holds
// "talksbot-extract-test:hang" hang and one that holds
// "talksbot-extract-test:alloc" allocate without end, so that tests can
// show Command's limits at work.
const testHookEnv = "TALKSBOT_EXTRACT_TEST_HOOKS"

func extractor(getenv func(string) string) ingest.Extractor {
	if getenv(testHookEnv) == "1" {
		return hooked{}
	}
	return htmltext.Extractor{}
}

type hooked struct{ htmltext.Extractor }

var sink [][]byte

func (h hooked) Extract(ctx context.Context, page []byte, pageURL string) (*corpus.Article, error) {
	s := string(page)
	switch {
	case strings.Contains(s, "talksbot-extract-test:hang"):
		time.Sleep(time.Hour)
	case strings.Contains(s, "talksbot-extract-test:alloc"):
		for {
			b := make([]byte, 16<<20)
			for i := range b {
				b[i] = 1
			}
			sink = append(sink, b)
		}
	}
	return h.Extractor.Extract(ctx, page, pageURL)
}
