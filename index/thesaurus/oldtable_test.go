package thesaurus

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
)

// oldField and parseOld read the tab-separated table
// (testdata/wordnet.tsv.gz), the form embedded and parsed on first use
// before wordnet.tab: the reference the new table is checked against.
type oldField struct {
	pos   byte
	words []string
}

func parseOld(t testing.TB) (lemmas, exc map[string][]oldField, order []string) {
	gz, err := os.ReadFile("testdata/wordnet.tsv.gz")
	if err != nil {
		t.Fatal(err)
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		t.Fatal(err)
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	lemmas, exc = map[string][]oldField{}, map[string][]oldField{}
	for n, line := range strings.Split(strings.TrimSuffix(string(raw), "\n"), "\n") {
		key, rest, ok := strings.Cut(line, "\t")
		if !ok || key == "" || key == "=" {
			t.Fatalf("line %d: malformed", n+1)
		}
		var fields []oldField
		for _, f := range strings.Split(rest, "\t") {
			if len(f) < 2 || f[1] != '=' || strings.IndexByte("nvar", f[0]) < 0 {
				t.Fatalf("line %d: malformed field %q", n+1, f)
			}
			var words []string
			if f[2:] != "" {
				words = strings.Split(f[2:], "|")
			}
			fields = append(fields, oldField{f[0], words})
		}
		if k, ok := strings.CutPrefix(key, "="); ok {
			exc[k] = fields
		} else {
			lemmas[key] = fields
			order = append(order, key)
		}
	}
	return lemmas, exc, order
}

// TestTableMatchesOld: for every headword, lemma and irregular inflection,
// the embedded table gives exactly the fields (parts of speech in order,
// words in order) the old table gave, holds no other key, and WordNet and
// POS answer from it as they did (through the same lookups).
func TestTableMatchesOld(t *testing.T) {
	lemmas, exc, order := parseOld(t)
	tb := wordnet()
	if tb.nLem != len(lemmas) || tb.nExc != len(exc) {
		t.Fatalf("table has %d lemmas and %d inflections; the old one %d and %d", tb.nLem, tb.nExc, len(lemmas), len(exc))
	}
	render := func(fs []oldField) string {
		var parts []string
		for _, f := range fs {
			parts = append(parts, fmt.Sprintf("%c=%s", f.pos, strings.Join(f.words, "|")))
		}
		return strings.Join(parts, "\t")
	}
	for i := range tb.nLem + tb.nExc {
		key, rest := tb.line(i)
		want, ok := lemmas[key]
		if i >= tb.nLem {
			want, ok = exc[key]
		}
		if !ok || rest != render(want) {
			t.Errorf("line %d %q: %q; the old table has %q", i, key, rest, render(want))
		}
	}
	for _, m := range []struct {
		exc bool
		m   map[string][]oldField
	}{{false, lemmas}, {true, exc}} {
		for key, fs := range m.m {
			for _, f := range fs {
				var got []string
				var ok bool
				if m.exc {
					got, ok = tb.exception(key, f.pos)
				} else {
					got, ok = tb.synonyms(key, f.pos), true
				}
				if !ok || !slices.Equal(got, f.words) {
					t.Errorf("%q (%c, inflection %v) = %q; the old table has %q", key, f.pos, m.exc, got, f.words)
				}
			}
		}
	}
	// WordNet's own synonyms of every headword, in the old order.
	for _, key := range order {
		var want []string
		for _, f := range lemmas[key] {
			for _, w := range f.words {
				if w != key && !slices.Contains(want, w) {
					want = append(want, w)
				}
			}
		}
		got := WordNet(key)
		if len(got) < len(want) || !slices.Equal(got[:len(want)], want) {
			t.Errorf("WordNet(%q) = %q; want it to start with %q", key, got, want)
		}
		if p := POS(key); p != lemmas[key][0].pos {
			t.Errorf("POS(%q) = %c; want %c", key, p, lemmas[key][0].pos)
		}
	}
}
