package corpus

import (
	"hash/fnv"
	"math"
	"strings"
	"testing"
	"unicode"
)

// fingerprintWords is Fingerprint as it was first written: a lower-cased
// copy of the text, split into a slice of words, each shingle joined into
// a string and hashed with hash/fnv. Fingerprint must give the same
// signatures without the copies.
func fingerprintWords(text string) Fingerprints {
	var fp Fingerprints
	for i := range fp {
		fp[i] = math.MaxUint64
	}
	words := strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
	n := len(words) - shingleWords + 1
	if n < 1 {
		n = 1
	}
	for i := 0; i < n && i < len(words); i++ {
		j := min(i+shingleWords, len(words))
		h := fnv.New64a()
		h.Write([]byte(strings.Join(words[i:j], " ")))
		base := h.Sum64()
		for s := range fp {
			v := mix(base ^ (uint64(s+1) * 0x9E3779B97F4A7C15))
			if v < fp[s] {
				fp[s] = v
			}
		}
	}
	return fp
}

var fingerprintCases = []string{
	"", " ", "one", "one two", "one two three four", "one two three four five",
	"One, two; THREE four five six.", "İstanbul ΣΊΣΥΦΟΣ straße ǅemal Ⅻ ⅻ 2,500 U.S. troops",
	"bad \xff\xfe bytes \xc3 in\xe2\x82 words", "tab\tnew\nline\r\nend  ", "日本語のテキスト 123 ٣٤٥",
}

func TestFingerprintIsTheWordsFingerprint(t *testing.T) {
	arts, err := Load(DefaultFS())
	if err != nil {
		t.Fatal(err)
	}
	texts := append([]string{}, fingerprintCases...)
	for _, a := range arts {
		texts = append(texts, a.Body)
	}
	for _, s := range texts {
		if got, want := Fingerprint(s), fingerprintWords(s); got != want {
			t.Errorf("Fingerprint(%.40q) differs from the word-slice fingerprint", s)
		}
	}
}

func FuzzFingerprint(f *testing.F) {
	for _, s := range fingerprintCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if Fingerprint(s) != fingerprintWords(s) {
			t.Errorf("Fingerprint(%q) differs from the word-slice fingerprint", s)
		}
	})
}

// Fingerprinting a 2 MiB article allocates next to nothing (it allocated
// three times the text: a lower-cased copy, a slice of its words and a
// string per shingle).
func TestFingerprintAllocates(t *testing.T) {
	text := strings.Repeat("About 2,500 U.S. troops are in Iraq, officials in Baghdad said. ", 2<<20/64)
	if n := testing.AllocsPerRun(2, func() { Fingerprint(text) }); n > 20 {
		t.Errorf("Fingerprint of %d bytes made %.0f allocations; want at most 20", len(text), n)
	}
}
