package corpus

import (
	"math"
	"unicode"
	"unicode/utf8"
)

// Fingerprints is a MinHash signature of an article's word 5-shingles:
// the share of equal slots estimates the Jaccard similarity of two texts.
type Fingerprints [minhashSlots]uint64

const (
	minhashSlots = 64
	shingleWords = 5
	// nearDuplicate is the estimated Jaccard similarity above which two
	// texts are the same story (a wire copy, a lightly edited version).
	nearDuplicate = 0.6
)

// Fingerprint computes the MinHash signature of a text: its words are
// the runs of letters and digits of the lower-cased text, and each run of
// five (or all of them, when there are fewer) is hashed (FNV-1a of the
// words joined by spaces). It reads the text once and allocates only the
// last five words, so a 2 MiB article costs no copy of itself (it used to
// cost a lower-cased copy and a slice of its 300,000 words).
func Fingerprint(text string) Fingerprints {
	var fp Fingerprints
	for i := range fp {
		fp[i] = math.MaxUint64
	}
	var ring [shingleWords][]byte // the last words, lower-cased; word n in ring[n%shingleWords]
	n := 0                        // words seen
	inWord := false
	shingle := func(from, to int) { // words [from, to), to > from
		h := uint64(fnvOffset)
		for w := from; w < to; w++ {
			if w > from {
				h = (h ^ ' ') * fnvPrime
			}
			for _, c := range ring[w%shingleWords] {
				h = (h ^ uint64(c)) * fnvPrime
			}
		}
		for s := range fp {
			// slot s uses the base hash mixed with a per-slot constant
			v := mix(h ^ (uint64(s+1) * 0x9E3779B97F4A7C15))
			if v < fp[s] {
				fp[s] = v
			}
		}
	}
	endWord := func() {
		inWord = false
		n++
		if n >= shingleWords {
			shingle(n-shingleWords, n)
		}
	}
	for _, r := range text {
		r = unicode.ToLower(r)
		if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
			if inWord {
				endWord()
			}
			continue
		}
		if !inWord {
			inWord = true
			ring[n%shingleWords] = ring[n%shingleWords][:0]
		}
		ring[n%shingleWords] = utf8.AppendRune(ring[n%shingleWords], r)
	}
	if inWord {
		endWord()
	}
	if n > 0 && n < shingleWords {
		shingle(0, n)
	}
	return fp
}

// FNV-1a, 64 bits (hash/fnv's constants).
const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

// Similar reports whether two signatures belong to near-duplicate texts.
func (f Fingerprints) Similar(g Fingerprints) bool { return f.Jaccard(g) >= nearDuplicate }

// Jaccard estimates the Jaccard similarity of the two texts' shingles.
func (f Fingerprints) Jaccard(g Fingerprints) float64 {
	same := 0
	for i := range f {
		if f[i] == g[i] && f[i] != math.MaxUint64 {
			same++
		}
	}
	return float64(same) / minhashSlots
}

// mix is SplitMix64's finaliser.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}
