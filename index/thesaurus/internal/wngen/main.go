// Command wngen distils the WordNet 3.0 database into the compact synonym
// table that package thesaurus embeds (wordnet.tab) and searches in place.
// It runs at build time only (go generate); the talksbot binary needs
// nothing at run time.
//
//	go run ./index/thesaurus/internal/wngen -dict /usr/share/wordnet -out index/thesaurus/wordnet.tab \
//	    -tsv index/thesaurus/testdata/wordnet.tsv.gz
//	go run ./index/thesaurus/internal/wngen -from index/thesaurus/testdata/wordnet.tsv.gz -out index/thesaurus/wordnet.tab
//
// The second form converts the tab-separated table (described below; the
// embedded form before, kept for the test that the two give the same
// synonyms) without the database.
//
// # Selection rule
//
// WordNet lists every sense of a lemma, including rare and archaic ones
// ("leave" the noun as "farewell", "boss" the noun as "a circular rounded
// projection"), and expanding a search query with all of them would mostly add
// noise. The index files list a lemma's synsets in order of sense frequency
// and give tagsense_cnt, the number of those senses that occur in the SemCor
// sense-tagged corpus at all. For every lemma and part of speech we keep only
// its frequent senses: the first min(tagsense_cnt, 3) synsets. A lemma whose
// senses never occur in SemCor (tagsense_cnt = 0) keeps none, so obscure
// lemmas contribute nothing. The cap of 3 can be changed with -senses.
//
// From each kept synset we collect the other member lemmas, lower-cased, with
// '_' turned into a space and the adjective position markers "(a)", "(p)" and
// "(ip)" removed. For noun and verb senses we then add the lemma's
// derivationally related forms (the lexical "+" pointers whose source is this
// very lemma in the synset, e.g. "agreement" -> "agree", "withdraw" ->
// "withdrawal"); these are cheap to get exactly right because the pointer
// names the source and target word numbers. Only nominalisations and
// verbalisations are taken: the target must be a noun or a verb, and nouns in
// the noun.person lexicographer file are skipped because they name the agent
// rather than the act ("attack" -> "attacker", "withdraw" -> "withdrawer");
// adjectives such as "killable" or "bossy" are skipped as well. Disable
// derived forms altogether with -derived=false.
// A synonym equal to the lemma is dropped, and duplicates are removed keeping
// the first occurrence.
//
// # Output format
//
// The table is written as described at encodeTable: in it, lines of the
// tab-separated form below (-tsv writes that form itself, gzip'd), one line
// per lemma, sorted by lemma:
//
//	lemma<TAB>p=syn1|syn2|...<TAB>p=syn1|...
//
// with one field per part of speech p (n, v, a for adjectives including
// satellites, r for adverbs) in which the lemma has synonyms. Within a field
// the synonyms are ordered by sense rank, then by their order in the synset,
// with the derived forms after the synset members. The fields are ordered by
// how often the lemma occurs in that part of speech in SemCor (cntlist.rev),
// most frequent first, so merging them yields the lemma's commonest readings
// first. Parts of speech are kept apart so that inflected forms can be
// resolved the way WordNet's morphy does it (only within one part of
// speech): "left" is a verb form of "leave" and should not pick up the noun
// "leave" (permission, furlough).
//
// After the lemmas follows a section of irregular inflections taken from the
// WordNet exception lists (noun.exc, verb.exc, adj.exc, adv.exc), also
// sorted:
//
//	=inflected<TAB>p=base1|base2<TAB>...
//
// The lists are copied whole, also where the base form has no synonyms (the
// reader needs them to inflect phrases: "went out" -> "go out"). An entry
// whose only base is the word itself leaves an empty field ("p="); it is kept
// because, as in morphy, an exception stops the regular suffix rules from
// being tried ("acer" is an adjective in its own right, not "ac" + "-er").
package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// posNames maps the part-of-speech letters used in the table to the WordNet
// file name suffixes.
var posNames = []struct {
	letter byte
	file   string
}{
	{'n', "noun"},
	{'v', "verb"},
	{'a', "adj"},
	{'r', "adv"},
}

func main() {
	dict := flag.String("dict", "/usr/share/wordnet", "directory holding the WordNet 3.0 database files")
	out := flag.String("out", "wordnet.tab", "output file: the table thesaurus embeds")
	tsv := flag.String("tsv", "", "also write the tab-separated form, gzip'd, to this file")
	from := flag.String("from", "", "convert this tab-separated table (.gz or not) instead of reading the database")
	senses := flag.Int("senses", 3, "maximum number of (SemCor-tagged) senses kept per lemma and part of speech")
	derived := flag.Bool("derived", true, "add derivationally related forms of noun and verb senses")
	flag.Parse()

	var err error
	if *from != "" {
		err = convert(*from, *out)
	} else {
		err = run(*dict, *out, *tsv, *senses, *derived)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "wngen:", err)
		os.Exit(1)
	}
}

// synset is the part of a data.pos line the generator needs.
type synset struct {
	lexFile int      // lexicographer file number (18 = noun.person)
	words   []string // cleaned member lemmas, in synset order
	ptrs    []pointer
}

type pointer struct {
	symbol string
	offset int
	pos    byte // n, v, a, s or r
	src    int  // source word number (1-based); 0 for a semantic pointer
	tgt    int  // target word number (1-based); 0 for a semantic pointer
}

// lexNounPerson is the lexicographer file noun.person.
const lexNounPerson = 18

// db gives access to the four data files.
type db struct {
	data  map[byte][]byte // file contents by n, v, a, r
	cache map[[2]int]*synset
}

// dataPos maps a pointer's pos (which may be the satellite 's') to the data
// file holding the synset.
func dataPos(p byte) byte {
	if p == 's' {
		return 'a'
	}
	return p
}

// synset parses the synset at byte offset off of data file pos.
func (d *db) synset(pos byte, off int) (*synset, error) {
	pos = dataPos(pos)
	key := [2]int{int(pos), off}
	if s, ok := d.cache[key]; ok {
		return s, nil
	}
	buf := d.data[pos]
	if off < 0 || off >= len(buf) {
		return nil, fmt.Errorf("data.%c: offset %d out of range", pos, off)
	}
	line := buf[off:]
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	if i := bytes.Index(line, []byte(" | ")); i >= 0 {
		line = line[:i]
	}
	f := strings.Fields(string(line))
	bad := func(what string) error {
		return fmt.Errorf("data.%c offset %d: %s: %.80q", pos, off, what, line)
	}
	if len(f) < 4 {
		return nil, bad("short line")
	}
	if n, err := strconv.Atoi(f[0]); err != nil || n != off {
		return nil, bad("offset mismatch")
	}
	wcnt, err := strconv.ParseInt(f[3], 16, 32)
	if err != nil || wcnt < 1 {
		return nil, bad("bad w_cnt")
	}
	lexFile, err := strconv.Atoi(f[1])
	if err != nil {
		return nil, bad("bad lex_filenum")
	}
	i := 4
	s := &synset{lexFile: lexFile}
	for range wcnt {
		if i+1 >= len(f) {
			return nil, bad("truncated word list")
		}
		s.words = append(s.words, clean(f[i]))
		i += 2 // word, lex_id
	}
	if i >= len(f) {
		return nil, bad("missing p_cnt")
	}
	pcnt, err := strconv.Atoi(f[i])
	if err != nil {
		return nil, bad("bad p_cnt")
	}
	i++
	for range pcnt {
		if i+3 >= len(f) {
			return nil, bad("truncated pointer list")
		}
		o, err1 := strconv.Atoi(f[i+1])
		st, err2 := strconv.ParseUint(f[i+3], 16, 16)
		if err1 != nil || err2 != nil || len(f[i+2]) != 1 {
			return nil, bad("bad pointer")
		}
		s.ptrs = append(s.ptrs, pointer{
			symbol: f[i],
			offset: o,
			pos:    f[i+2][0],
			src:    int(st >> 8),
			tgt:    int(st & 0xff),
		})
		i += 4
	}
	d.cache[key] = s
	return s, nil
}

// clean turns a WordNet word as written in a data or exception file into
// the table's form: lower case, spaces for underscores, no adjective marker.
func clean(w string) string {
	for _, m := range []string{"(a)", "(p)", "(ip)"} {
		w = strings.TrimSuffix(w, m)
	}
	return strings.ReplaceAll(strings.ToLower(w), "_", " ")
}

// checkWord rejects words that would break the table syntax.
func checkWord(w string) error {
	if w == "" || strings.ContainsAny(w, "\t\n|=") {
		return fmt.Errorf("word %q cannot be stored in the table", w)
	}
	return nil
}

type posSyns struct {
	pos  byte
	freq int // SemCor tag count of the lemma in this part of speech
	syns []string
}

func run(dict, out, tsv string, maxSenses int, derived bool) error {
	if maxSenses < 1 {
		return errors.New("-senses must be at least 1")
	}
	d := &db{data: map[byte][]byte{}, cache: map[[2]int]*synset{}}
	for _, p := range posNames {
		b, err := os.ReadFile(filepath.Join(dict, "data."+p.file))
		if err != nil {
			return err
		}
		d.data[p.letter] = b
	}

	freq, err := readCounts(filepath.Join(dict, "cntlist.rev"))
	if err != nil {
		return err
	}

	table := map[string][]posSyns{}
	for _, p := range posNames {
		if err := readIndex(d, filepath.Join(dict, "index."+p.file), p.letter, maxSenses, derived, freq, table); err != nil {
			return err
		}
	}

	exc := map[string][]posSyns{}
	nexc := 0
	for _, p := range posNames {
		e, err := readExceptions(filepath.Join(dict, p.file+".exc"))
		if err != nil {
			return err
		}
		for _, infl := range sortedKeys(e) {
			// An entry is kept even if no base remains: as in morphy, an
			// exception suppresses the regular rules ("acer" is not "ac").
			bases := []string{}
			for _, b := range e[infl] {
				if b != infl && !slices.Contains(bases, b) {
					bases = append(bases, b)
				}
			}
			if err := checkWord(infl); err != nil {
				return err
			}
			exc[infl] = append(exc[infl], posSyns{pos: p.letter, syns: bases})
			nexc++
		}
	}

	var raw bytes.Buffer
	writeSection := func(prefix string, m map[string][]posSyns) {
		for _, k := range sortedKeys(m) {
			raw.WriteString(prefix)
			raw.WriteString(k)
			for _, ps := range m[k] {
				raw.WriteByte('\t')
				raw.WriteByte(ps.pos)
				raw.WriteByte('=')
				raw.WriteString(strings.Join(ps.syns, "|"))
			}
			raw.WriteByte('\n')
		}
	}
	for k, v := range table {
		// Most frequent part of speech first; ties in n, v, a, r order.
		sort.SliceStable(v, func(i, j int) bool { return v[i].freq > v[j].freq })
		table[k] = v
	}
	writeSection("", table)
	writeSection("=", exc)

	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	if err != nil {
		return err
	}
	if _, err := zw.Write(raw.Bytes()); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if tsv != "" {
		if err := os.WriteFile(tsv, gz.Bytes(), 0o644); err != nil {
			return err
		}
	}
	tab, err := encodeTable(raw.Bytes())
	if err != nil {
		return err
	}
	if err := os.WriteFile(out, tab, 0o644); err != nil {
		return err
	}

	pairs := 0
	for _, v := range table {
		for _, ps := range v {
			pairs += len(ps.syns)
		}
	}
	fmt.Printf("wngen: %d lemmas, %d synonym pairs, %d irregular inflections; %d bytes raw, %d bytes compressed; table %d bytes -> %s\n",
		len(table), pairs, nexc, raw.Len(), gz.Len(), len(tab), out)
	return nil
}

// readIndex reads index.pos and adds the synonyms of every lemma's frequent
// senses to table.
func readIndex(d *db, path string, pos byte, maxSenses int, derived bool, freq map[string]int, table map[string][]posSyns) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	ln := 0
	for sc.Scan() {
		ln++
		line := sc.Text()
		if line == "" || line[0] == ' ' { // licence header
			continue
		}
		fl := strings.Fields(line)
		bad := func(what string) error { return fmt.Errorf("%s:%d: %s", path, ln, what) }
		if len(fl) < 6 || len(fl[1]) != 1 || fl[1][0] != pos {
			return bad("malformed line")
		}
		lemma := clean(fl[0])
		synsetCnt, err1 := strconv.Atoi(fl[2])
		pCnt, err2 := strconv.Atoi(fl[3])
		if err1 != nil || err2 != nil || len(fl) != 4+pCnt+2+synsetCnt {
			return bad("field count mismatch")
		}
		tagsenseCnt, err := strconv.Atoi(fl[4+pCnt+1])
		if err != nil {
			return bad("bad tagsense_cnt")
		}
		offsets := fl[4+pCnt+2:]
		keep := min(tagsenseCnt, maxSenses, len(offsets))

		var members, derivs []string
		for _, o := range offsets[:keep] {
			off, err := strconv.Atoi(o)
			if err != nil {
				return bad("bad synset offset")
			}
			s, err := d.synset(pos, off)
			if err != nil {
				return err
			}
			self := slices.Index(s.words, lemma) + 1 // word number of lemma
			if self == 0 {
				return bad(fmt.Sprintf("lemma %q not in synset %d", lemma, off))
			}
			members = append(members, s.words...)
			if !derived || (pos != 'n' && pos != 'v') {
				continue
			}
			for _, p := range s.ptrs {
				if p.symbol != "+" || p.src != self || (p.pos != 'n' && p.pos != 'v') {
					continue
				}
				t, err := d.synset(p.pos, p.offset)
				if err != nil {
					return err
				}
				if p.tgt < 1 || p.tgt > len(t.words) {
					return bad(fmt.Sprintf("pointer target word %d out of range", p.tgt))
				}
				if p.pos == 'n' && t.lexFile == lexNounPerson {
					continue // agent noun: "attack" -> "attacker"
				}
				derivs = append(derivs, t.words[p.tgt-1])
			}
		}
		var syns []string
		for _, w := range append(members, derivs...) {
			if w != lemma && !slices.Contains(syns, w) {
				syns = append(syns, w)
			}
		}
		if len(syns) == 0 {
			continue
		}
		for _, w := range append(syns, lemma) {
			if err := checkWord(w); err != nil {
				return bad(err.Error())
			}
		}
		table[lemma] = append(table[lemma], posSyns{pos: pos, freq: freq[lemma+"%"+string(pos)], syns: syns})
	}
	return sc.Err()
}

// readCounts sums the SemCor tag counts of cntlist.rev per lemma and part of
// speech, keyed "lemma%p".
func readCounts(path string) (map[string]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	counts := map[string]int{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// sense_key sense_number tag_cnt, sense_key = lemma%ss_type:...
		fl := strings.Fields(sc.Text())
		if len(fl) != 3 {
			continue
		}
		lemma, rest, ok := strings.Cut(fl[0], "%")
		n, err := strconv.Atoi(fl[2])
		if !ok || rest == "" || err != nil {
			return nil, fmt.Errorf("%s: malformed line %q", path, sc.Text())
		}
		var pos byte
		switch rest[0] {
		case '1':
			pos = 'n'
		case '2':
			pos = 'v'
		case '3', '5':
			pos = 'a'
		case '4':
			pos = 'r'
		default:
			return nil, fmt.Errorf("%s: bad ss_type in %q", path, fl[0])
		}
		counts[clean(lemma)+"%"+string(pos)] += n
	}
	return counts, sc.Err()
}

// readExceptions reads a pos.exc file: inflected form followed by one or more
// base forms.
func readExceptions(path string) (map[string][]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string][]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fl := strings.Fields(sc.Text())
		if len(fl) < 2 {
			continue
		}
		infl := clean(fl[0])
		for _, b := range fl[1:] {
			m[infl] = append(m[infl], clean(b))
		}
	}
	return m, sc.Err()
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
