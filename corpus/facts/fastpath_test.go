package facts

import (
	"io/fs"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/corpus"
)

// The extractor's fast paths must find exactly what the regexps they
// stand in for find. These are those regexps, as they were.
var (
	refSaidRe       = regexp.MustCompile(`\b(said|says|told|announced|stressed|emphasi[sz]ed|described|called|argued|proposed|thanked|pledged|named|reported)\b`)
	refSpeechVerbRe = regexp.MustCompile(`\b(said|says|told|announced|stressed|emphasi[sz]ed|described|called|argued|proposed|thanked|pledged|named|reported|added|confirmed|denied|warned|insisted|noted|claimed|declared|stated|acknowledged|admitted)\b`)
)

// fastPathSamples is every sentence of the default corpus, and variants
// that stress case, spacing and the runes (?i) folds onto ASCII.
func fastPathSamples(t testing.TB) []string {
	var out []string
	names, _ := fs.Glob(corpus.DefaultFS(), "*.md")
	for _, n := range names {
		data, _ := fs.ReadFile(corpus.DefaultFS(), n)
		a, err := corpus.Parse(n, data)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range a.Passages() {
			out = append(out, p.Text, strings.ToUpper(p.Text), strings.ReplaceAll(p.Text, " ", "  "))
		}
	}
	return append(out,
		"About 2,500 U.S. troops; ABOUT 2,500; some 900 in Syria; up to\ttwo thousand; a few, several, a dozen.",
		"More than 1.5 million people, fewer than 40 attacks, at least 3 bases and an estimated 86 countries.",
		"_2,500 x2,500 2,500x one_ several_ someone often",
		"\u212a 3 \u017fome 900 (Kelvin sign, long s) and \u017fix",
		"He said, she says; they told_ ; emphasised and emphasized; SAID; said_; 2said; saidé",
		"It was based on 40 troops, no later than  the   2025 end; within 2025 and by the 2024.",
		"", " ", "1", "one", "about", "about one", "about one million",
	)
}

func TestNumberMatchesIsNumberRe(t *testing.T) {
	for _, s := range fastPathSamples(t) {
		want := numberRe.FindAllStringSubmatchIndex(s, -1)
		if got := numberMatches(s); !reflect.DeepEqual(got, want) {
			t.Errorf("numberMatches(%q) = %v, numberRe finds %v", s, got, want)
		}
	}
}

func TestWordsInIsRegexp(t *testing.T) {
	for _, s := range fastPathSamples(t) {
		if got, want := wordsIn(s, speechVerbs), refSpeechVerbRe.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Errorf("wordsIn(%q, speechVerbs) = %v, the regexp finds %v", s, got, want)
		}
		if got, want := len(wordsIn(s, saidVerbs)) > 0, refSaidRe.MatchString(s); got != want {
			t.Errorf("said in %q: %v, the regexp says %v", s, got, want)
		}
	}
}

func TestPrefiltersKeepEveryMatch(t *testing.T) {
	for _, s := range fastPathSamples(t) {
		if reasonRe.MatchString(s) && !mayContain(s, reasonWords) {
			t.Errorf("mayContain(%q, reasonWords) = false, but reasonRe matches", s)
		}
		for i := 0; i <= len(s); i++ {
			before := s[:i]
			if got, want := relWordsRe.FindStringSubmatch(relWordsWindow(before)), relWordsRe.FindStringSubmatch(before); !reflect.DeepEqual(got, want) {
				t.Fatalf("relWordsRe on the window of %q: %q, on all of it %q", before, got, want)
			}
		}
		year := hasDigits(s, 4)
		for _, re := range []*regexp.Regexp{dayMonthYearRe, monthDayYearRe, monthYearRe, endOfYearRe, yearRe} {
			if re.MatchString(s) && !year {
				t.Errorf("%v matches %q, but hasDigits(4) is false", re, s)
			}
		}
		for _, re := range []*regexp.Regexp{dayMonthYearRe, monthDayYearRe, monthYearRe} {
			if re.MatchString(s) && !containsAny(s, monthNames) {
				t.Errorf("%v matches %q, which names no month", re, s)
			}
		}
		if m := auxRe.FindStringIndex(s); m != nil && !hasSuffixAny(s, auxWords) {
			t.Errorf("auxRe matches %q, which ends in none of auxWords", s)
		}
	}
}

// FuzzNumberMatches: the word-start search finds what numberRe finds.
func FuzzNumberMatches(f *testing.F) {
	for _, s := range fastPathSamples(f)[:50] {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := numberRe.FindAllStringSubmatchIndex(s, -1)
		if got := numberMatches(s); !reflect.DeepEqual(got, want) {
			t.Fatalf("numberMatches(%q) = %v, numberRe finds %v", s, got, want)
		}
		if got, want := wordsIn(s, speechVerbs), refSpeechVerbRe.FindAllStringIndex(s, -1); !reflect.DeepEqual(got, want) {
			t.Fatalf("wordsIn(%q) = %v, the regexp finds %v", s, got, want)
		}
	})
}
