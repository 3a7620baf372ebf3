package corpus_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/gen"
)

// A paragraph longer than the tokenizer reads at once (a text without line
// breaks) is split in pieces at sentence ends: its sentences are those of
// the same sentences given a line each, at the same places.
func TestLongParagraphSplitsAsItsSentences(t *testing.T) {
	var lines []string
	n := 0
	for i := 0; n < 300<<10; i++ {
		a := gen.Article(9, i)
		for _, p := range a.Paragraphs {
			lines = append(lines, a.Body[p.Start:p.End])
			n += p.End - p.Start + 1
		}
	}
	var want []string
	for _, p := range corpus.Split(strings.Join(lines, "\n")) {
		for _, s := range p.Sentences {
			want = append(want, s.Text)
		}
	}
	body := strings.Join(lines, " ")
	paras := corpus.Split(body)
	if len(paras) != 1 {
		t.Fatalf("%d paragraphs; want 1", len(paras))
	}
	var got []string
	last := 0
	for _, s := range paras[0].Sentences {
		if s.Start < last || body[s.Start:s.End] != s.Text || len(s.Text) > corpus.MaxSentenceBytes {
			t.Fatalf("sentence %d–%d is out of order, not a span of the body or too long", s.Start, s.End)
		}
		last = s.End
		got = append(got, s.Text)
	}
	if len(got) != len(want) {
		t.Fatalf("%d KiB in one paragraph: %d sentences; a line each: %d", len(body)>>10, len(got), len(want))
	}
	for i := range got {
		if got[i] != want[i] {
			t.Fatalf("sentence %d = %q; a line each gives %q", i, got[i], want[i])
		}
	}
}

// Pieces of a long paragraph without sentence ends, or without white
// space, are still exact spans, cut on rune boundaries.
func TestLongParagraphWithoutBreaks(t *testing.T) {
	for name, body := range map[string]string{
		"no sentence end": strings.Repeat("troops in iraq ", 10<<10),
		"no white space":  strings.Repeat("é", 50<<10) + strings.Repeat("x", 3),
		"capitals only":   strings.Repeat("A. B ", 30<<10),
	} {
		last := 0
		total := 0
		for _, p := range corpus.Split(body) {
			for _, s := range p.Sentences {
				if s.Start < last || body[s.Start:s.End] != s.Text || !utf8.ValidString(s.Text) || len(s.Text) > corpus.MaxSentenceBytes {
					t.Fatalf("%s: sentence %d–%d is out of order, not an exact span, not UTF-8 or too long", name, s.Start, s.End)
				}
				last = s.End
				total += len(strings.TrimSpace(s.Text))
			}
		}
		if want := len(strings.ReplaceAll(body, " ", "")); total < want/2 {
			t.Errorf("%s: the sentences cover %d bytes of %d", name, total, want)
		}
	}
}
