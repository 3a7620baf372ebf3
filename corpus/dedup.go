package corpus

import (
	"hash/fnv"
	"math"
	"strings"
	"unicode"
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

// Fingerprint computes the MinHash signature of a text.
func Fingerprint(text string) Fingerprints {
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
			// slot s uses the base hash mixed with a per-slot constant
			v := mix(base ^ (uint64(s+1) * 0x9E3779B97F4A7C15))
			if v < fp[s] {
				fp[s] = v
			}
		}
	}
	return fp
}

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
