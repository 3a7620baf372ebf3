package corpus

import (
	"regexp"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/neurosnap/sentences"
	"github.com/neurosnap/sentences/english"
)

var (
	tokenizerOnce sync.Once
	tokenizer     *sentences.DefaultSentenceTokenizer
	tokenizerMu   sync.Mutex // the tokenizer is not documented as safe for concurrent use
)

func sentenceTokenizer() *sentences.DefaultSentenceTokenizer {
	tokenizerOnce.Do(func() {
		t, err := english.NewSentenceTokenizer(nil)
		if err != nil {
			panic("corpus: load English sentence model: " + err.Error())
		}
		// Titles and abbreviations common in this coverage that the stock
		// model may not know; a sentence never ends after them.
		for _, a := range []string{"maj", "gen", "lt", "col", "capt", "sgt", "adm", "brig", "sen", "rep", "dr", "mr", "mrs", "ms", "st", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "u.s", "u.n", "u.k", "e.u", "no", "vs"} {
			t.AbbrevTypes.Add(a)
		}
		tokenizer = t
	})
	return tokenizer
}

// Split divides a body into paragraphs (one per non-blank line) and each
// paragraph into sentences, with byte offsets into body.
func Split(body string) []Paragraph {
	var out []Paragraph
	off := 0
	for line := range strings.SplitAfterSeq(body, "\n") {
		start := off
		off += len(line)
		text := strings.TrimRightFunc(line, unicode.IsSpace)
		lead := len(text) - len(strings.TrimLeftFunc(text, unicode.IsSpace))
		if strings.TrimSpace(text) == "" {
			continue
		}
		p := Paragraph{Start: start + lead, End: start + len(text)}
		p.Sentences = splitSentences(body, p.Start, p.End)
		out = append(out, p)
	}
	return out
}

// maxTokenized bounds the text the sentence tokenizer reads at once: it
// holds a token for every word, about 20 bytes a byte of text (a 2 MiB
// paragraph, a text with no line breaks, took 42 MB to split). A longer
// paragraph is split in pieces cut at a sentence end (a full stop,
// question or exclamation mark, a closing quote, white space, then a
// capital letter), or else at white space.
const maxTokenized = 64 << 10

// splitSentences splits body[start:end] into trimmed sentences.
func splitSentences(body string, start, end int) []Sentence {
	var out []Sentence
	for end-start > maxTokenized {
		cut := pieceEnd(body[start:end])
		out = append(out, tokenizeSentences(body, start, start+cut)...)
		start += cut
	}
	return append(out, tokenizeSentences(body, start, end)...)
}

// pieceEnd is where to cut text (longer than maxTokenized) so that the
// piece before is at most maxTokenized bytes: before the capital letter
// of the last sentence start in it, or else after its last white space,
// or else at a rune start. It is > 0.
func pieceEnd(text string) int {
	s := text[:maxTokenized]
	if m := sentenceStart.FindAllStringSubmatchIndex(s, -1); len(m) > 0 {
		return m[len(m)-1][2]
	}
	if sp := strings.LastIndexAny(s, " \t"); sp >= 0 {
		return sp + 1
	}
	cut := maxTokenized
	for cut > 1 && !utf8.RuneStart(text[cut]) {
		cut--
	}
	return cut
}

// sentenceStart is a capital letter after a sentence end: a full stop,
// question or exclamation mark, closing quotes, white space.
var sentenceStart = regexp.MustCompile(`[.!?]["”’')]*[ \t]+(\p{Lu})`)

// tokenizeSentences splits body[start:end] into trimmed sentences with
// the sentence tokenizer.
func tokenizeSentences(body string, start, end int) []Sentence {
	text := body[start:end]
	tokenizerMu.Lock()
	raw := sentenceTokenizer().Tokenize(text)
	tokenizerMu.Unlock()
	var out []Sentence
	for _, s := range raw {
		a, b := s.Start, s.End
		for a < b && isSpaceByte(text[a]) {
			a++
		}
		for b > a && isSpaceByte(text[b-1]) {
			b--
		}
		if a == b {
			continue
		}
		for _, cut := range numberBreaks(text[a:b]) {
			out = appendBounded(out, text, start, a, a+cut.end)
			a += cut.next
		}
		out = appendBounded(out, text, start, a, b)
	}
	return out
}

// MaxSentenceBytes bounds a passage: a longer "sentence" (a list, a
// table flattened into text, an input built to be slow) is cut at the
// last space before the bound, so that the work of fact extraction per
// passage is bounded and an article's grows linearly with its size.
const MaxSentenceBytes = 2000

// appendBounded appends text[a:b] as one sentence, or as pieces of at most
// MaxSentenceBytes cut at white space (at the bound itself, on a rune
// boundary, when a piece has none).
func appendBounded(out []Sentence, text string, start, a, b int) []Sentence {
	for b-a > MaxSentenceBytes {
		cut := a + MaxSentenceBytes
		if sp := strings.LastIndexAny(text[a:cut], " \t"); sp > 0 {
			cut = a + sp
		} else {
			for cut > a && !utf8.RuneStart(text[cut]) {
				cut--
			}
		}
		end := cut
		for end > a && isSpaceByte(text[end-1]) {
			end--
		}
		if end > a {
			out = append(out, Sentence{Start: start + a, End: start + end, Text: text[a:end]})
		}
		a = cut
		for a < b && isSpaceByte(text[a]) {
			a++
		}
	}
	if a < b {
		out = append(out, Sentence{Start: start + a, End: start + b, Text: text[a:b]})
	}
	return out
}

// numberBreak is a sentence end the statistical model missed: it ends at
// end and the next sentence starts at next (both relative).
type numberBreak struct{ end, next int }

// numberBreaks finds sentence ends after a figure ("... in 2024. The army")
// that the Punkt model does not split: a digit, a full stop, spaces, then a
// capital letter (or an opening quote and a capital). A figure at the very
// start (a list number such as "1. First") is not an end.
func numberBreaks(s string) []numberBreak {
	var out []numberBreak
	last := 0
	for _, m := range numberEnd.FindAllStringSubmatchIndex(s, -1) {
		dot := m[2] // index of the full stop
		if strings.IndexFunc(s[last:dot], unicode.IsLetter) < 0 {
			continue // only digits before it: a list number
		}
		next := m[4]
		out = append(out, numberBreak{end: dot + 1 - last, next: next - last})
		last = next
	}
	return out
}

var numberEnd = regexp.MustCompile(`[0-9](\.)[ \t]+()["“']?\p{Lu}`)

func isSpaceByte(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }
