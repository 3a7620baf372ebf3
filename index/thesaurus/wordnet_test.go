package thesaurus

import (
	"slices"
	"strings"
	"sync"
	"testing"
)

// The expectations below were checked against the WordNet 3.0 database in
// /usr/share/wordnet; they describe what WordNet really says, which is not
// always what one would guess ("troops" is "military personnel" and
// "soldiery", never "soldier": WordNet has no synonym for "soldier").
func TestWordNet(t *testing.T) {
	tests := []struct {
		name    string
		word    string
		want    []string // all must be present
		notWant []string // none may be present
	}{
		{"plural lemma", "troops", []string{"military personnel", "soldiery"}, []string{"troops", "soldier"}},
		{"verb", "withdraw", []string{"retreat", "pull back", "draw back"}, nil},
		{"derived noun", "withdraw", []string{"withdrawal"}, []string{"withdrawer"}},
		{"noun", "agreement", []string{"understanding", "accord"}, nil},
		{"derived verb", "agreement", []string{"agree"}, nil},
		{"frequent senses only", "leave", []string{"go away", "go forth", "leave of absence"},
			// "farewell" is the third noun sense, absent from SemCor; "depart"
			// only shares the fifth verb sense.
			[]string{"farewell", "leave-taking", "depart"}},
		{"talks", "talks", []string{"negotiation", "dialogue"}, nil},
		{"pact", "pact", []string{"treaty", "accord"}, nil},
		{"noun and verb", "attack", []string{"assault", "assail", "onslaught"}, []string{"attacker"}},
		{"boss", "boss", []string{"chief", "foreman"}, nil},
		{"country", "country", []string{"nation", "state", "land"}, nil},
		{"stay", "stay", []string{"remain", "stay put"}, nil},
		{"end", "end", []string{"terminate", "finish", "ending"}, nil},
		{"start", "start", []string{"begin", "commence", "beginning", "outset"}, nil},
		{"adjective marker stripped", "abounding", []string{"galore"}, []string{"galore(ip)"}},

		// Inflections.
		{"verb.exc", "left", []string{"go away", "go forth"},
			// The verb exception must not bring in the noun "leave".
			[]string{"leave of absence"}},
		{"own senses of an inflected form", "left", []string{"left-hand", "left wing"}, nil},
		{"irregular past", "withdrew", []string{"retreat", "pull back"}, nil},
		{"regular -ed", "killed", []string{"killing", "shoot down"}, nil},
		{"regular -s", "agreements", []string{"understanding", "accord", "agree"}, nil},
		{"regular -ies", "treaties", []string{"pact", "accord"}, nil},
		{"regular -ing", "negotiating", []string{"negotiation", "talk terms"}, nil},
		{"noun.exc", "men", []string{"serviceman", "adult male"}, nil},
		{"phrase, first word", "pulled back", []string{"withdraw", "retreat"}, nil},
		{"phrase, irregular", "went out", []string{"exit", "get out"}, nil},
		{"rules stay within a part of speech", "news", []string{"tidings", "intelligence"},
			// "new" is an adjective, so "news" is not its plural.
			[]string{"fresh", "novel"}},
		{"normalised input", " Pull_Back ", []string{"withdraw", "retreat"}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.name+"/"+tc.word, func(t *testing.T) {
			got := WordNet(tc.word)
			for _, w := range tc.want {
				if !slices.Contains(got, w) {
					t.Errorf("WordNet(%q) lacks %q; got %q", tc.word, w, got)
				}
			}
			for _, w := range tc.notWant {
				if slices.Contains(got, w) {
					t.Errorf("WordNet(%q) contains %q; got %q", tc.word, w, got)
				}
			}
			for i, w := range got {
				if w == normalize(tc.word) {
					t.Errorf("WordNet(%q) contains the word itself", tc.word)
				}
				if slices.Contains(got[:i], w) {
					t.Errorf("WordNet(%q) contains %q twice", tc.word, w)
				}
			}
		})
	}
}

func TestWordNetSameAsBaseForm(t *testing.T) {
	tests := []struct{ inflected, base string }{
		{"soldiers", "soldier"},
		{"withdrew", "withdraw"},
		{"treaties", "treaty"},
		{"militaries", "military"},
	}
	for _, tc := range tests {
		t.Run(tc.inflected, func(t *testing.T) {
			got, want := WordNet(tc.inflected), WordNet(tc.base)
			if want == nil {
				t.Fatalf("WordNet(%q) = nil", tc.base)
			}
			// The base form itself is a synonym of the inflected form.
			want = slices.DeleteFunc(slices.Clone(want), func(s string) bool { return s == tc.inflected })
			got = slices.DeleteFunc(got, func(s string) bool { return s == tc.base })
			if !slices.Equal(got, want) {
				t.Errorf("WordNet(%q) = %q, want WordNet(%q) = %q", tc.inflected, got, tc.base, want)
			}
		})
	}
}

func TestWordNetNone(t *testing.T) {
	for _, w := range []string{
		"",
		"   ",
		"xyzzyq",      // not a word
		"troop",       // a lemma, but its senses have no synonyms
		"boss's",      // not a lemma, nothing to strip
		"peace talks", // not a lemma, and neither is any base form
		"acer",        // adj.exc blocks the -er rule
	} {
		t.Run(w, func(t *testing.T) {
			if got := WordNet(w); got != nil {
				t.Errorf("WordNet(%q) = %q, want nil", w, got)
			}
		})
	}
}

func TestWordNetResultIsCallers(t *testing.T) {
	a := WordNet("pact")
	if len(a) == 0 {
		t.Fatal("WordNet(pact) is empty")
	}
	first := a[0]
	a[0] = "changed"
	_ = append(a[:1], "appended")
	if b := WordNet("pact"); b[0] != first || slices.Contains(b, "appended") {
		t.Errorf("modifying a result changed the table: %q", b)
	}
}

func TestWordNetTable(t *testing.T) {
	if n := WordNetSize(); n <= 10000 {
		t.Errorf("WordNetSize() = %d, want > 10000", n)
	}
	tb := wordnet()
	if tb.nExc < 1000 {
		t.Errorf("%d exceptions, want > 1000", tb.nExc)
	}
	prev := ""
	for i := range tb.nLem {
		lemma, fields := tb.line(i)
		if i > 0 && lemma <= prev {
			t.Errorf("lemma %d %q is not after %q: the section must be sorted", i, lemma, prev)
		}
		prev = lemma
		if fields == "" {
			t.Errorf("lemma %q has no synonyms", lemma)
		}
		for _, f := range strings.Split(fields, "\t") {
			words := strings.Split(f[2:], "|")
			if len(f) < 3 || slices.Contains(words, lemma) || slices.Contains(words, "") {
				t.Errorf("lemma %q: bad field %q", lemma, f)
			}
		}
	}
	for i := tb.nLem + 1; i < tb.nLem+tb.nExc; i++ {
		if a, _ := tb.line(i - 1); func() bool { b, _ := tb.line(i); return b <= a }() {
			t.Errorf("inflection %d is not after %q: the section must be sorted", i, a)
		}
	}
}

func TestWordNetConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for _, w := range []string{"troops", "left", "agreements", "xyzzyq"} {
				WordNet(w)
			}
		})
	}
	wg.Wait()
}

func BenchmarkWordNet(b *testing.B) {
	wordnet()
	words := []string{"troops", "soldiers", "left", "withdrew", "agreement", "pulled back", "xyzzyq"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		WordNet(words[i%len(words)])
	}
}

// BenchmarkWordNetFirstUse is the cost of the first lookup: the header
// check and a binary search (the old table was parsed here, 14–17 ms).
func BenchmarkWordNetFirstUse(b *testing.B) {
	for b.Loop() {
		wnOnce = sync.Once{}
		WordNet("troops")
	}
}

func TestPOS(t *testing.T) {
	for word, want := range map[string]byte{"agreement": 'n', "soldiers": 'n', "withdraw": 'v', "quickly": 'r', "zzyzx": 0} {
		if got := POS(word); got != want {
			t.Errorf("POS(%q) = %q; want %q", word, got, want)
		}
	}
}
