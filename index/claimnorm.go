package index

import (
	"context"
	"math"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"github.com/talksbot/talksbot/corpus/facts"
)

// Messages are written as people chat: "~85 targets", "jan 28 2024",
// "100k sq km", "iraq", "austin". The fact extractors read the coverage's
// prose, so a claim is first written the coverage's way (claimProse):
// chat words spelled out, numbers and months written out, and the words
// the coverage capitalises (its names and places, learnt from the
// coverage itself, claimLexicon) capitalised. The claim shown is always
// the text as written; only what is read changes.

// claimLexicon is what the coverage's own text teaches about words: the
// terms it holds (analysed), and how it capitalises the words it writes
// capitalised inside sentences.
type claimLexicon struct {
	docs     uint64
	terms    map[string]bool
	df       map[string]int // passages holding each term
	passages int
	caps     map[string]string // lower case → as the coverage writes it
	// places are the places the coverage's figures and parties are in
	// (lower case): "syria", "kurdistan region", "erbil".
	places map[string]bool
}

var lexicons sync.Map // *Index → *claimLexicon

// claimLexicon is x's lexicon, rebuilt when the index's document count changes.
func (x *Index) claimLexicon(ctx context.Context) (*claimLexicon, error) {
	docs, err := x.current().DocCount()
	if err != nil {
		return nil, err
	}
	if v, ok := lexicons.Load(x); ok && v.(*claimLexicon).docs == docs {
		return v.(*claimLexicon), nil
	}
	ps, _, err := x.viewPassages(ctx, allPassages(), false)
	if err != nil {
		return nil, err
	}
	lx := &claimLexicon{docs: docs, terms: map[string]bool{}, df: map[string]int{}, caps: map[string]string{}, passages: len(ps), places: map[string]bool{}}
	upper, lower := map[string]map[string]int{}, map[string]int{}
	for _, p := range ps {
		for _, g := range p.facts.Figures {
			for _, pl := range strings.FieldsFunc(strings.ReplaceAll(g.Place+","+g.Mostly, " and ", ","), func(r rune) bool { return r == ',' }) {
				if pl = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(pl, "the "))); len(pl) > 2 {
					lx.places[pl] = true
				}
			}
		}
		for _, m := range p.facts.Parties {
			if m.Place {
				lx.places[strings.ToLower(m.Text)] = true
			}
		}
		seen := map[string]bool{}
		for _, t := range x.analyze(p.Text) {
			lx.terms[t] = true
			if !seen[t] {
				seen[t] = true
				lx.df[t]++
			}
		}
		for i, w := range wordSpans(p.Text) {
			word := p.Text[w[0]:w[1]]
			r, _ := utf8.DecodeRuneInString(word)
			l := strings.ToLower(word)
			switch {
			case i == 0:
			case unicode.IsUpper(r):
				if upper[l] == nil {
					upper[l] = map[string]int{}
				}
				upper[l][word]++
			default:
				lower[l]++
			}
		}
	}
	for l, forms := range upper {
		n, best, bestN := 0, "", 0
		for f, c := range forms {
			n += c
			if c > bestN || (c == bestN && f < best) {
				best, bestN = f, c
			}
		}
		if n >= 1 && n >= 3*lower[l] && len(l) > 2 && !stopWord(l) {
			lx.caps[l] = best
		}
	}
	lexicons.Store(x, lx)
	return lx, nil
}

var (
	monthAbbrev = map[string]string{
		"jan": "January", "feb": "February", "mar": "March", "apr": "April", "jun": "June", "jul": "July",
		"aug": "August", "sep": "September", "sept": "September", "oct": "October", "nov": "November", "dec": "December",
		"january": "January", "february": "February", "march": "March", "april": "April", "june": "June",
		"july": "July", "august": "August", "september": "September", "october": "October", "november": "November", "december": "December",
	}
	monthWord    = `(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`
	monthDayYear = regexp.MustCompile(`(?i)\b(` + monthWord + `)\.? (\d{1,2})(?:st|nd|rd|th)?,? (\d{4})\b`)
	monthName    = regexp.MustCompile(`(?i)\b(` + monthWord + `)\.?(\s+(?:\d|of\b|this\b|last\b|next\b))`)
	approxSign   = regexp.MustCompile(`~\s*(\d)`)
	thousandsK   = regexp.MustCompile(`(?i)\b(\d+(?:\.\d+)?)k\b`)
	plusAfter    = regexp.MustCompile(`(?i)\b(\d[\d,.]*(?: (?:million|billion|thousand))?)\+`)
	moreSign     = regexp.MustCompile(`>\s*(\d)`)
	lessSign     = regexp.MustCompile(`<\s*(\d)`)
	sqKm         = regexp.MustCompile(`(?i)\bsq\.? ?km\b`)
	plusJoin     = regexp.MustCompile(`(\p{L})\+(\p{L})`)
)

// moreChatWords are chat spellings NormalizeChat leaves (it reads
// questions; messages state things), and ordinals written with digits.
var moreChatWords = map[string]string{
	"sed": "said", "didnt": "didn't", "doesnt": "doesn't", "dont": "don't", "isnt": "isn't", "wasnt": "wasn't",
	"arent": "aren't", "werent": "weren't", "havent": "haven't", "hasnt": "hasn't", "wont": "won't", "cant": "can't",
	"untill": "until", "til": "until", "till": "until", "ops": "operations", "op": "operation", "admin": "administration", "intel": "intelligence", "thx": "", "iirc": "", "fwiw": "", "afaik": "", "ngl": "", "smh": "",
	"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth", "6th": "sixth",
	"7th": "seventh", "8th": "eighth", "9th": "ninth", "10th": "tenth", "&": "and", "w/": "with",
}

var chatSpan = regexp.MustCompile(`[\p{L}\p{N}&/]+`)

// chatOnly spells out the chat words questions' analysis knows
// (chatWords), and nothing else: a message's "may" is not a misspelt
// "many", as a question word's near miss would be read.
func chatOnly(s string) string {
	return chatToken.ReplaceAllStringFunc(s, func(w string) string {
		word := strings.TrimRight(w, ".")
		if to, ok := chatWords[strings.ToLower(word)]; ok {
			return to + w[len(word):]
		}
		return w
	})
}

func moreChat(s string) string {
	s = chatSpan.ReplaceAllStringFunc(s, func(w string) string {
		if to, ok := moreChatWords[strings.ToLower(w)]; ok {
			return to
		}
		return w
	})
	return strings.Join(strings.Fields(s), " ")
}

// claimProse is s written the coverage's way (see above).
func claimProse(s string, lx *claimLexicon) string {
	s = chatOnly(s)
	s = moreChat(s)
	s = approxSign.ReplaceAllString(s, "about $1")
	s = moreSign.ReplaceAllString(s, "more than $1")
	s = lessSign.ReplaceAllString(s, "fewer than $1")
	s = plusAfter.ReplaceAllString(s, "more than $1")
	s = thousandsK.ReplaceAllStringFunc(s, func(m string) string {
		v, err := strconv.ParseFloat(strings.TrimRight(strings.ToLower(m), "k"), 64)
		if err != nil {
			return m
		}
		return commaNumber(int64(v * 1000))
	})
	s = sqKm.ReplaceAllString(s, "square kilometres")
	s = plusJoin.ReplaceAllString(s, "$1 and $2")
	s = monthDayYear.ReplaceAllStringFunc(s, func(m string) string {
		g := monthDayYear.FindStringSubmatch(m)
		return g[2] + " " + fullMonth(g[1]) + " " + g[3]
	})
	s = monthName.ReplaceAllStringFunc(s, func(m string) string {
		g := monthName.FindStringSubmatch(m)
		return fullMonth(g[1]) + g[2]
	})
	if lx != nil {
		s = capitalise(s, lx)
	}
	if r, n := utf8.DecodeRuneInString(s); unicode.IsLower(r) {
		s = string(unicode.ToUpper(r)) + s[n:]
	}
	return s
}

func fullMonth(m string) string {
	if f, ok := monthAbbrev[strings.ToLower(m)]; ok {
		return f
	}
	if strings.EqualFold(m, "may") {
		return "May"
	}
	return m
}

func commaNumber(n int64) string {
	s := strconv.FormatInt(n, 10)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// capitalise writes the words the coverage capitalises as it does, and the
// parties' names as their aliases do ("abu taqwa" → "Abu Taqwa").
func capitalise(s string, lx *claimLexicon) string {
	b := []byte(s)
	for _, w := range wordSpans(s) {
		word := s[w[0]:w[1]]
		if c, ok := lx.caps[strings.ToLower(word)]; ok && len(c) == len(word) && word == strings.ToLower(word) {
			copy(b[w[0]:w[1]], c)
		}
	}
	s = string(b)
	for _, m := range facts.PartyNamesFold(s) {
		p, ok := facts.PartyByID(m.ID)
		if !ok {
			continue
		}
		for _, a := range p.Aliases {
			if strings.EqualFold(a, m.Text) && len(a) == len(m.Text) && a != strings.ToLower(a) {
				s = s[:m.Start] + a + s[m.End:]
				break
			}
		}
	}
	return s
}

// yearless is a day and month a claim states without a year ("feb 11",
// "on 3 February"): the extractors would read it as this year's, or the
// day as a figure.
var (
	dayMonth = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)? (January|February|March|April|May|June|July|August|September|October|November|December)\b(,? \d{4})?`)
	monthDay = regexp.MustCompile(`\b(January|February|March|April|May|June|July|August|September|October|November|December) (\d{1,2})(?:st|nd|rd|th)?\b(,? \d{4})?`)
)

// yearlessDates finds the days of s stated without a year, as facts.Dates
// whose Value is "--MM-DD".
func yearlessDates(s string) []facts.Date {
	var out []facts.Date
	add := func(m []int, day, month string) {
		d, _ := strconv.Atoi(day)
		mo := monthNumber(month)
		if d < 1 || d > 31 || mo == 0 {
			return
		}
		out = append(out, facts.Date{Text: s[m[0]:m[1]], Start: m[0], End: m[1], Value: "--" + twoDigit(mo) + "-" + twoDigit(d), Origin: "stated"})
	}
	for _, m := range dayMonth.FindAllStringSubmatchIndex(s, -1) {
		if m[6] < 0 {
			add(m, s[m[2]:m[3]], s[m[4]:m[5]])
		}
	}
	for _, m := range monthDay.FindAllStringSubmatchIndex(s, -1) {
		if m[6] < 0 {
			add(m, s[m[4]:m[5]], s[m[2]:m[3]])
		}
	}
	return out
}

func monthNumber(m string) int {
	for i, n := range []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"} {
		if n == m {
			return i + 1
		}
	}
	return 0
}

func twoDigit(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// claimFacts are the facts of a claim written as prose: the extractors'
// facts with its yearless days added, and no figure read from a date.
func claimFacts(prose string, f facts.Facts) facts.Facts {
	yl := yearlessDates(prose)
	inside := func(a, b int) bool {
		for _, d := range yl {
			if a < d.End && b > d.Start {
				return true
			}
		}
		return false
	}
	var figs []facts.Figure
	for _, g := range f.Figures {
		if !inside(g.Start, g.End) && !notAFigure(prose, g) {
			figs = append(figs, g)
		}
	}
	var dates []facts.Date
	for _, d := range f.Dates {
		if !inside(d.Start, d.End) {
			dates = append(dates, d)
		}
	}
	f.Figures, f.Dates = figs, append(dates, yl...)
	return f
}

// notAFigure: spans of time ("one year", "a decade") are not counts the
// figures views compare, and an amount of money ("$1.5 billion") is not
// a count at all.
func notAFigure(prose string, g facts.Figure) bool {
	if durations[g.Unit] || g.Unit == "years" || g.Unit == "months" || g.Unit == "decades" {
		return true
	}
	before := strings.TrimRight(prose[:max(0, min(g.Start, len(prose)))], " ")
	return strings.HasSuffix(before, "$") || strings.HasSuffix(before, "€") || strings.HasSuffix(before, "£") ||
		strings.HasPrefix(strings.TrimSpace(g.Text), "$")
}

// weight is how much a term says: rare terms of the coverage more than
// common ones ("coalition", "Iraq"), a term it lacks as much as its rarest.
func (lx *claimLexicon) weight(t string) float64 {
	if lx == nil || lx.passages == 0 {
		return 1
	}
	return math.Log(1 + float64(lx.passages)/float64(max(1, lx.df[t])))
}

// otherPlace is a place text names that claim does not ("" if none).
func (lx *claimLexicon) otherPlace(text, claim string) string {
	if lx == nil {
		return ""
	}
	lt, lc := strings.ToLower(text), strings.ToLower(claim)
	var out []string
	for pl := range lx.places {
		if wordIndex(lt, pl, false) >= 0 && wordIndex(lc, pl, false) < 0 && !lx.everywhere(pl) {
			out = append(out, pl)
		}
	}
	sort.Strings(out)
	if len(out) == 0 {
		return ""
	}
	return out[0]
}

// everywhere says whether a place is named in so much of the coverage
// (Iraq, in coverage of Iraq) that naming it tells nothing apart.
func (lx *claimLexicon) everywhere(place string) bool {
	for _, w := range strings.Fields(place) {
		if float64(lx.df[strings.ToLower(w)]) > 0.1*float64(lx.passages) {
			return true
		}
	}
	return false
}
