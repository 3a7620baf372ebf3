package index

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/corpus/facts"
)

// Aliases: names for the same person, body, place or thing ("the Pentagon
// chief" ≈ Defense Secretary Lloyd Austin ≈ Austin; "KH" ≈ Kataib
// Hezbollah; "the Anbar airbase" ≈ Ain al-Asad). Two sources:
//   - the lexicon: aliases.txt (reviewed, embedded) and the data
//     directory's aliases.txt (a moderator's, `talksbot aliases add`).
//     Applied at index time: a passage with any phrase of a set gets the
//     set's token in its syn field; an index keeps the lexicon it was
//     built with, and a changed lexicon needs a re-index.
//   - the coverage itself: a name with its title or role ("U.S. Defense
//     Secretary Lloyd Austin", "Alina Romanowski, the U.S. ambassador")
//     makes austin ≈ lloyd austin ≈ defense secretary. Collected while
//     articles are indexed and kept in the index.
// A question using a phrase of a set asks about every phrase of it: the
// analysis gives the concept the set's token and its one-word names.

//go:embed aliases.txt
var defaultAliases string

// AliasSet is a lexicon: each entry the phrases (lower case) of one thing.
type AliasSet [][]string

// ParseAliases reads a lexicon: one set a line, phrases separated by "="
// or "|", "#" to the end of a line a comment.
func ParseAliases(s string) (AliasSet, error) {
	var out AliasSet
	for i, line := range strings.Split(s, "\n") {
		if j := strings.IndexByte(line, '#'); j >= 0 {
			line = line[:j]
		}
		if strings.TrimSpace(line) == "" {
			continue
		}
		var set []string
		for _, p := range strings.FieldsFunc(line, func(r rune) bool { return r == '=' || r == '|' }) {
			if p = normPhrase(p); p != "" && !contains(set, p) {
				set = append(set, p)
			}
		}
		if len(set) < 2 {
			return nil, fmt.Errorf("aliases line %d: %q names one thing only: write two names or more, separated by = or |", i+1, strings.TrimSpace(line))
		}
		out = append(out, set)
	}
	return out, nil
}

// String writes the set back in the file's format.
func (s AliasSet) String() string {
	var b strings.Builder
	for _, set := range s {
		b.WriteString(set[0] + " = " + strings.Join(set[1:], " | ") + "\n")
	}
	return b.String()
}

func normPhrase(p string) string {
	return strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(p, "’", "'"))), " ")
}

// DefaultAliases is the reviewed lexicon embedded in the binary.
func DefaultAliases() AliasSet {
	s, err := ParseAliases(defaultAliases)
	if err != nil {
		panic("index: embedded aliases.txt: " + err.Error()) // tested: a broken build
	}
	return s
}

// aliasGroup is one thing's names, merged from every source.
type aliasGroup struct {
	token   string   // indexed in the syn field of passages with a lexicon phrase ("" for coverage-only groups)
	phrases []string // lower case
}

// aliasTable is the merged lexicon an index reads questions with.
type aliasTable struct {
	groups   []aliasGroup
	byPhrase map[string]int
	longest  []string // every phrase, longest first: matched in that order
}

// Internal keys of the lexicon and the coverage's names in an index.
var (
	aliasesKey = []byte("talksbot_aliases")
	namesKey   = []byte("talksbot_names")
)

// lexiconTokens maps each phrase of a lexicon to its set's token: what a
// passage with the phrase gets in its syn field.
func lexiconTokens(s AliasSet) map[string]string {
	out := map[string]string{}
	for _, set := range s {
		tok := "alias" + strings.Map(func(r rune) rune {
			if r >= 'a' && r <= 'z' {
				return r
			}
			return -1
		}, set[0])
		for _, p := range set {
			if _, ok := out[p]; !ok {
				out[p] = tok
			}
		}
	}
	return out
}

// aliasTokensIn is the tokens of the lexicon phrases s has as whole words.
func (x *Index) aliasTokensIn(s string) []string {
	var out []string
	for t := range x.aliasSpans(s) {
		out = append(out, t)
	}
	sort.Strings(out)
	return out
}

// aliasSpans maps the tokens of the lexicon phrases s has to where the
// phrases are (an empty span when s is not plain ASCII-cased text).
func (x *Index) aliasSpans(s string) map[string][]Span {
	x.aliasMu.RLock()
	toks := x.lexTokens
	x.aliasMu.RUnlock()
	if len(toks) == 0 {
		return nil
	}
	l := " " + wordsOf(s) + " "
	lower := strings.ToLower(strings.ReplaceAll(s, "’", "'"))
	var out map[string][]Span
	for p, t := range toks {
		if !strings.Contains(l, " "+p+" ") {
			continue
		}
		if out == nil {
			out = map[string][]Span{}
		}
		sp := Span{}
		if len(lower) == len(s) {
			if i := wordIndex(lower, p, false); i >= 0 {
				sp = Span{i, i + len(p)}
			}
		}
		out[t] = append(out[t], sp)
	}
	return out
}

func isWordByte(b byte) bool { return b >= 'a' && b <= 'z' || b >= '0' && b <= '9' || b > 127 }

// wordsOf is s lower-cased with its words separated by single spaces
// (punctuation other than ' . - dropped).
func wordsOf(s string) string {
	ws := strings.FieldsFunc(strings.ToLower(strings.ReplaceAll(s, "’", "'")), func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r == '-' || r == '.' || r > 127)
	})
	for i, w := range ws { // "the Pentagon chief's request": the chief
		ws[i] = strings.TrimSuffix(strings.TrimSuffix(w, "'s"), "'")
	}
	return strings.Join(ws, " ")
}

// noteNames records what the coverage says of the people a passage names.
func (x *Index) noteNames(f facts.Facts) {
	for _, n := range f.Names {
		var titles []string
		for _, t := range []string{n.Title, n.Role} {
			if t = roleWords(t); t != "" {
				titles = append(titles, t)
				if side := sideWords[n.Side]; side != nil && !strings.Contains(t, side[0]) {
					for _, s := range side {
						titles = append(titles, s+" "+t)
					}
				}
			}
		}
		if len(titles) == 0 || len(strings.Fields(n.Text)) < 2 {
			continue
		}
		x.aliasMu.Lock()
		cur := x.names[n.Text]
		for _, t := range titles {
			if !contains(cur, t) {
				cur = append(cur, t)
				x.namesChanged = true
			}
		}
		if x.names == nil {
			x.names = map[string][]string{}
		}
		x.names[n.Text] = cur
		x.aliasMu.Unlock()
	}
}

// sideWords are the words a title takes for the side it serves.
var sideWords = map[string][]string{
	"us": {"u.s.", "us", "american"}, "iraq": {"iraqi", "iraq's"}, "krg": {"kurdistan region", "kurdish"},
	"iran": {"iranian", "iran's"}, "coalition": {"coalition"},
}

// ranks are military and civil ranks: a title, but nobody's role.
var ranks = toSet("maj. gen. lt. col. brig. adm. sgt. capt. gen mr. mrs. ms. dr. sir")

// roleWords is a title or role as an alias phrase: lower case, ranks and
// the side's own name dropped; "" when nothing is left or it is long.
func roleWords(t string) string {
	var ws []string
	for _, w := range strings.Fields(strings.ToLower(t)) {
		if !ranks[w] && !ranks[strings.TrimSuffix(w, ".")+"."] {
			ws = append(ws, strings.Trim(w, ",;:"))
		}
	}
	if len(ws) == 0 || len(ws) > 4 || ws[0] == "speaking" || ws[0] == "for" {
		return ""
	}
	return strings.Join(ws, " ")
}

// saveNames keeps the coverage's names in the index, when they changed.
func (x *Index) saveNames() error {
	x.aliasMu.Lock()
	if !x.namesChanged {
		x.aliasMu.Unlock()
		return nil
	}
	b, err := json.Marshal(x.names)
	x.namesChanged = false
	x.table = nil
	x.aliasMu.Unlock()
	if err != nil {
		return err
	}
	return x.current().SetInternal(namesKey, b)
}

// loadAliases reads the lexicon and the names an index was built with.
func (x *Index) loadAliases() error {
	bi := x.current()
	lex, err := bi.GetInternal(aliasesKey)
	if err != nil {
		return fmt.Errorf("read the index's aliases: %w", err)
	}
	set, err := ParseAliases(string(lex))
	if err != nil {
		return fmt.Errorf("read the index's aliases: %w", err)
	}
	names := map[string][]string{}
	if b, err := bi.GetInternal(namesKey); err == nil && len(b) > 0 {
		if err := json.Unmarshal(b, &names); err != nil {
			return fmt.Errorf("read the index's names: %w", err)
		}
	}
	x.aliasMu.Lock()
	x.lexicon, x.lexTokens, x.names, x.table = set, lexiconTokens(set), names, nil
	x.aliasMu.Unlock()
	return nil
}

// Aliases is the lexicon the index was built with.
func (x *Index) Aliases() AliasSet {
	x.aliasMu.RLock()
	defer x.aliasMu.RUnlock()
	return x.lexicon
}

// aliases is the merged table: the lexicon's sets, and one set for each
// person the coverage names with a title, merged with every set that
// shares a phrase with it. A title two people share ("prime minister")
// names neither.
func (x *Index) aliases() *aliasTable {
	x.aliasMu.RLock()
	t := x.table
	x.aliasMu.RUnlock()
	if t != nil {
		return t
	}
	x.aliasMu.Lock()
	defer x.aliasMu.Unlock()
	if x.table != nil {
		return x.table
	}
	x.table = buildAliasTable(x.lexicon, x.lexTokens, x.names)
	return x.table
}

func buildAliasTable(lex AliasSet, tokens map[string]string, names map[string][]string) *aliasTable {
	holders := map[string]int{} // how many people a title names
	people := make([]string, 0, len(names))
	for n := range names {
		people = append(people, n)
	}
	sort.Strings(people)
	for _, n := range people {
		for _, t := range names[n] {
			holders[t]++
		}
	}
	var sets [][]string
	for _, set := range lex {
		sets = append(sets, append([]string(nil), set...))
	}
	for _, n := range people {
		full := normPhrase(n)
		ws := strings.Fields(full)
		last := ws[len(ws)-1]
		set := []string{full, last}
		if bare, ok := strings.CutPrefix(last, "al-"); ok {
			set = append(set, bare)
		}
		for _, t := range names[n] {
			if holders[t] == 1 {
				set = append(set, t)
			}
		}
		sets = append(sets, set)
	}
	// Merge sets that share a phrase (union-find over the sets).
	parent := make([]int, len(sets))
	for i := range parent {
		parent[i] = i
	}
	find := func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	first := map[string]int{}
	for i, set := range sets {
		for _, p := range set {
			if j, ok := first[p]; ok {
				parent[find(i)] = find(j)
			} else {
				first[p] = i
			}
		}
	}
	t := &aliasTable{byPhrase: map[string]int{}}
	root := map[int]int{}
	for i, set := range sets {
		r := find(i)
		g, ok := root[r]
		if !ok {
			g = len(t.groups)
			root[r] = g
			t.groups = append(t.groups, aliasGroup{})
		}
		for _, p := range set {
			if _, seen := t.byPhrase[p]; seen {
				continue
			}
			t.byPhrase[p] = g
			t.groups[g].phrases = append(t.groups[g].phrases, p)
			if tok := tokens[p]; tok != "" && t.groups[g].token == "" {
				t.groups[g].token = tok
			}
			t.longest = append(t.longest, p)
		}
	}
	sort.SliceStable(t.longest, func(i, j int) bool {
		if len(t.longest[i]) != len(t.longest[j]) {
			return len(t.longest[i]) > len(t.longest[j])
		}
		return t.longest[i] < t.longest[j]
	})
	return t
}

// aliasMatch is one lexicon phrase found in a question.
type aliasMatch struct {
	phrase string
	group  *aliasGroup
}

// aliasesIn finds the alias phrases of q, longest first, each word in one
// phrase at most.
func (t *aliasTable) aliasesIn(q string) []aliasMatch {
	if t == nil || len(t.longest) == 0 {
		return nil
	}
	l := " " + wordsOf(q) + " "
	var out []aliasMatch
	for _, p := range t.longest {
		i := strings.Index(l, " "+p+" ")
		if i < 0 {
			continue
		}
		out = append(out, aliasMatch{phrase: p, group: &t.groups[t.byPhrase[p]]})
		l = l[:i+1] + strings.Repeat("#", len(p)) + l[i+1+len(p):] // its words are used
	}
	return out
}
