package index

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

// evidence is how many of the best passages a short answer draws on at
// most (a Discord message shows no more sources).
const evidence = 8

// shortAnswer draws the short answer's claims from the best passages:
// those the model rates at least ratio of the best. Every value is
// verbatim text of a passage; values that differ between sources are all
// kept, each with its sources.
func shortAnswer(q string, kind Kind, ps []Passage, ratio float64) []Claim {
	best := ps[0].Share
	var strong []*Passage
	for i := range ps {
		if len(strong) == evidence {
			break
		}
		if ps[i].Share >= ratio*best {
			strong = append(strong, &ps[i])
		}
	}
	var claims []Claim
	addClaim := func(value, key string, p *Passage) {
		for i := range claims {
			if claims[i].key == key {
				for _, s := range claims[i].Sources {
					if s.ArticleID == p.ArticleID {
						return
					}
				}
				claims[i].Sources = append(claims[i].Sources, p.Source())
				return
			}
		}
		claims = append(claims, Claim{Value: value, Sources: []Source{p.Source()}, key: key, quoted: p})
	}
	switch kind {
	case KindCount:
		want := askedFigure(q, ps)
		if want.place == "" {
			// A place the question did not name is not the answer: the
			// figures answer for the place most of them count.
			want.place = impliedPlace(want, strong)
		}
		var unit string
		for _, p := range strong {
			for _, f := range p.facts.Figures {
				if !want.matches(f) || unit != "" && f.Unit != unit {
					continue
				}
				unit = f.Unit
				addClaim(f.Text, figureKey(f), p)
				break // one figure per passage: the first that fits
			}
		}
		sortNewestFirst(claims)
	case KindWhen:
		for _, p := range strong[:min(3, len(strong))] {
			if len(p.facts.Dates) > 0 {
				d := p.facts.Dates[0]
				addClaim(d.Text, ClaimKey(d.Text), p)
				break
			}
		}
	case KindWhere:
		ql := strings.ToLower(q)
		for _, p := range strong[:min(3, len(strong))] {
			if v := placeIn(p, ql); v != "" {
				addClaim(v, ClaimKey(v), p)
				break
			}
		}
	case KindWho:
		role := roleIn(q)
		for _, p := range strong {
			if v := whoIn(p, role, q); v != "" {
				addClaim(v, ClaimKey(v), p)
				if role == "" {
					break
				}
			}
		}
	}
	return claims
}

// figureKey is what a figure claims: "about 2,500" and "2,500" troops
// are one claim, "more than 40" another than "40".
func figureKey(f facts.Figure) string {
	approx := f.Approx
	if approx == "about" {
		approx = "exact"
	}
	return fmt.Sprintf("%s %g %g %s", approx, f.Value, f.Max, f.Unit)
}

// impliedPlace is the place most of the strong passages' fitting figures
// hold for (the first seen on a tie), or "" when none has a place.
func impliedPlace(want figureWant, strong []*Passage) string {
	count := map[string]int{}
	var best string
	for _, p := range strong {
		for _, f := range p.facts.Figures {
			if f.Place == "" || !want.matches(f) {
				continue
			}
			count[strings.ToLower(f.Place)]++
			if best == "" || count[strings.ToLower(f.Place)] > count[strings.ToLower(best)] {
				best = f.Place
			}
			break
		}
	}
	return best
}

// ClaimKey is the form short answers are compared in: lower case, white
// space collapsed.
func ClaimKey(v string) string { return strings.ToLower(strings.Join(strings.Fields(v), " ")) }

// sortNewestFirst orders claims by the newest date among their sources
// (figures change over time: the latest comes first), stable otherwise.
func sortNewestFirst(cs []Claim) {
	sort.SliceStable(cs, func(i, j int) bool { return cs[i].newest() > cs[j].newest() })
}

func (c Claim) newest() string {
	var d string
	for _, s := range c.Sources {
		d = max(d, s.sortDate())
	}
	return d
}

// sortDate is a YYYY-MM-DD-like key from the date or the date note.
func (s Source) sortDate() string {
	if s.Published != "" {
		return s.Published
	}
	return facts.NoteDate(s.DateNote)
}

// renderClaims writes claims as one line: each value with its sources.
// When they differ it says so, and whether the difference is one of time.
// Only figures change with time; names and dates that differ are a
// disagreement.
func renderClaims(kind Kind, cs []Claim) string {
	var b strings.Builder
	for i, c := range cs {
		switch {
		case i == 1 && kind == KindCount && monthsApart(cs[0].newest(), c.newest()) > 6:
			b.WriteString("; earlier reports: ")
		case i == 1:
			b.WriteString("; sources differ: ")
		case i > 1:
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s (%s)", c.Value, SourceList(c.Sources, 2))
	}
	return b.String()
}

// monthsApart is the distance in months between two date keys; 0 when
// either is unknown.
func monthsApart(a, b string) int {
	ta, ok1 := parseDateValue(a)
	tb, ok2 := parseDateValue(b)
	if !ok1 || !ok2 {
		return 0
	}
	return abs((ta.Year()-tb.Year())*12 + int(ta.Month()) - int(tb.Month()))
}

// SourceList names the sources of a claim for people — "Associated Press,
// 2024-01-25; AFP, 2024-01-26; 3 more" — listing at most limit of them.
func SourceList(ss []Source, limit int) string {
	var parts []string
	for i, s := range ss {
		if i == limit {
			parts = append(parts, fmt.Sprintf("%d more", len(ss)-limit))
			break
		}
		name := corpus.OutletName(s.ArticleID, s.Outlet)
		date := s.Published
		if date == "" {
			date = s.DateNote
		}
		if date != "" {
			name += ", " + date
		}
		parts = append(parts, name)
	}
	return strings.Join(parts, "; ")
}

// figurePlaces is the places the figures of passages hold for, each
// alone and lower-case: "Baghdad, western Anbar and the Kurdistan region"
// gives baghdad, western anbar and kurdistan region.
func figurePlaces(ps []Passage) map[string]bool {
	out := map[string]bool{}
	for i := range ps {
		for _, f := range ps[i].facts.Figures {
			for _, part := range placeSep.Split(f.Place, -1) {
				if part = strings.TrimPrefix(strings.ToLower(strings.TrimSpace(part)), "the "); part != "" {
					out[part] = true
				}
			}
		}
	}
	return out
}

var placeSep = regexp.MustCompile(`,\s*(?:and\s+)?|\s+and\s+`)

// figureWant is what a count question says about the figure it wants.
type figureWant struct {
	units map[string]bool
	state string // killed, injured, detained: what happened to those counted
	whose string
	place string
}

var (
	stateInQuestion = regexp.MustCompile(`(?i)\b(?:(died|killed|dead|deaths?|lost their lives)|(injured|wounded|hurt)|(prisoners?|detainees?|detained|held|captives?|guard(?:ing|ed)?)|(leave|leaving|withdraw(?:n|ing)?|pull(?:ed|ing)? out|depart(?:ing)?|go(?:ing)? home))\b`)
	whoseInQuestion = regexp.MustCompile(`(?i)\b(u\.?s\.?|american|america's|coalition|iraqi|isis|isil|daesh|european|foreign)\b`)
	placeInQuestion = regexp.MustCompile(`\b(?:in|at|from)\s+((?:the\s+)?[A-Z][\w'’-]+(?:\s+(?:[A-Z][\w'’-]+|region))*)`)
	// lowerPlaceInQuestion is the words after in/at/from in a question
	// typed in lower case: a place only if the passages' figures have it.
	lowerPlaceInQuestion = regexp.MustCompile(`(?i)\b(?:in|at|from)\s+(?:the\s+)?([\w'’-]+)(\s+[\w'’-]+)?`)
)

// askedFigure reads a count question; hits are the passages it is asked
// of (their figures' places tell a place typed in lower case, "in syria",
// from any other words after "in").
func askedFigure(q string, hits []Passage) figureWant {
	w := figureWant{units: map[string]bool{}}
	for _, word := range strings.FieldsFunc(q, func(r rune) bool { return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z') }) {
		word = strings.ToLower(word)
		if u := facts.CanonicalUnit(word); u != "" {
			w.units[u] = true
		}
		for _, syn := range rawSynonyms(word) { // "prisoners" counts detainees, "countries" members
			if u := facts.CanonicalUnit(syn); u != "" {
				w.units[u] = true
			}
		}
	}
	// The thing counted is the noun after "how many" or "number of" (or a
	// percentage): "how many countries have personnel in Kurdistan" counts
	// countries, not the personnel it also names.
	if percentInQuestion.MatchString(q) {
		w.units = map[string]bool{"percent": true}
	} else if m := countedInQuestion.FindStringSubmatch(q); m != nil {
		words := strings.Fields(strings.ToLower(m[1]))
		found := false
		for _, word := range words {
			if u := countedUnit(word); u != "" {
				w.units, found = map[string]bool{u: true}, true
				break
			}
		}
		// A plural the figures never count ("how many agencies") is
		// answered by no figure, not by any figure.
		if !found && len(words) > 0 && len(words[0]) > 3 && strings.HasSuffix(words[0], "s") && !countWords[words[0]] {
			w.units = map[string]bool{words[0]: true}
		}
	}
	if m := stateInQuestion.FindStringSubmatch(q); m != nil {
		switch {
		case m[1] != "":
			w.state = "killed"
		case m[2] != "":
			w.state = "injured"
		case m[3] != "":
			w.state = "detained"
		default:
			w.state = "leaving"
		}
	}
	if m := whoseInQuestion.FindString(q); m != "" {
		w.whose = facts.CanonicalWhose(m)
	}
	if m := placeInQuestion.FindStringSubmatch(q); m != nil {
		w.place = strings.TrimPrefix(m[1], "the ")
	} else if places := figurePlaces(hits); len(places) > 0 {
		for _, m := range lowerPlaceInQuestion.FindAllStringSubmatch(q, -1) {
			one, two := strings.ToLower(m[1]), strings.ToLower(m[1]+m[2])
			if m[2] != "" && places[two] {
				w.place = two
				break
			}
			if places[one] {
				w.place = one
				break
			}
		}
	}
	return w
}

var (
	countedInQuestion = regexp.MustCompile(`(?i)\b(?:how many|number of|count of)\s+((?:[a-z'-]+\s*){1,3})`)
	percentInQuestion = regexp.MustCompile(`(?i)%|\bper ?cent(?:age)?\b|\bwhat share\b`)
)

// countWords may follow "how many" and are counted under another unit
// the figures name (times, durations; Americans and Iraqis as troops or
// people): they are not a unit no figure counts.
var countWords = toSet("times years months weeks days hours others americans iraqis")

// countedUnit is the unit a word of the question counts ("" for none),
// itself or through a synonym.
func countedUnit(word string) string {
	if u := facts.CanonicalUnit(word); u != "" {
		return u
	}
	for _, syn := range rawSynonyms(word) {
		if u := facts.CanonicalUnit(syn); u != "" {
			return u
		}
	}
	return ""
}

func (w figureWant) matches(f facts.Figure) bool {
	switch {
	case w.state != "" && f.State == w.state:
		return true // "how many died" is answered by "killed 3 U.S. soldiers"
	case w.state != "":
		return false // and never by the injured, nor by a force's size
	case f.State == "killed" || f.State == "injured" || f.State == "leaving" || f.State == "in favour":
		return false // nor is "how many soldiers are there" by a death toll, or by those leaving
	}
	// "attacked … more than 165 times" counts attacks.
	if len(w.units) > 0 && !w.units[f.Unit] && !(f.Unit == "times" && w.units["attacks"]) {
		return false
	}
	if w.whose != "" && f.Whose != "" && !strings.Contains(f.Whose, w.whose) {
		return false
	}
	if w.place != "" && f.Place != "" && !strings.EqualFold(f.Place, w.place) {
		return false
	}
	return true
}

var placeRe = regexp.MustCompile(`\b(?:in|at|to|from|near|of)\s+((?:the\s+)?(?:(?:north|south|east|west|north-east|north-west|south-east|south-west|eastern|western|northern|southern)\s+)?(?:[A-Z][\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|al-[A-Z][\w'’-]+|air base|region|base))*)`)

// placeIn is the first place a passage names that the question does not.
func placeIn(p *Passage, ql string) string {
	for _, m := range placeRe.FindAllStringSubmatchIndex(p.Quote, -1) {
		place := p.Quote[m[2]:m[3]]
		// "the Islamic Resistance in Iraq" names a group, not where it is.
		before := strings.Fields(p.Quote[:m[0]])
		if len(before) > 0 && startsUpper(before[len(before)-1]) && !strings.HasSuffix(before[len(before)-1], ",") {
			continue
		}
		if !strings.Contains(ql, strings.ToLower(strings.TrimPrefix(place, "the "))) && !isMonth(place) {
			return place
		}
	}
	return ""
}

func startsUpper(w string) bool { return w != "" && w[0] >= 'A' && w[0] <= 'Z' }

func isMonth(s string) bool {
	_, ok := months[strings.ToLower(strings.Fields(s)[0])]
	return ok
}

var months = toSet("january february march april may june july august september october november december")

// askSpeaker finds questions about who said something.
var askSpeaker = regexp.MustCompile(`(?i)\b(said|say|says|told|tell|called|call|described|describe|stated|warned|claimed|announced)\b`)

// speakerRe finds who a sentence quotes: "…", Rasool said.
var speakerRe = regexp.MustCompile(`[,"”]\s+((?:[A-Z][\w'’-]+\s){0,3}[A-Z][\w'’-]+) (?:said|says|added|told)\b`)

var roleRe = regexp.MustCompile(`(?i)\b(spokes(?:man|person|woman)|commander|leader|minister|secretary|ambassador|prime minister|president|general|chief|head)\b`)

// roleIn is the role a "who" question asks about ("spokesman"), if any.
func roleIn(q string) string {
	m := roleRe.FindString(q)
	return strings.ToLower(m)
}

// whoIn finds who a passage names: the person nearest the asked role, or
// the role phrase itself when the passage names nobody ("the spokesperson
// for Iran's top military commander"); without a role, the first titled
// name or organisation not already in the question.
func whoIn(p *Passage, role, q string) string {
	s := p.Quote
	ql := strings.ToLower(q)
	if askSpeaker.MatchString(q) {
		if m := speakerRe.FindStringSubmatch(s); m != nil && !strings.Contains(ql, strings.ToLower(m[1])) {
			return m[1] // "…, Rasool said."
		}
	}
	if role != "" {
		idx, end := roleIndex(s, role)
		if idx < 0 {
			return "" // the passage does not speak of the asked role
		}
		// "spokesman Maj. Gen. Yahya Rasool": the name right after the role.
		for _, n := range p.facts.Names {
			gap := n.Start - end
			if n.Title != "" {
				gap = n.Start - len(n.Title) - 1 - end
			}
			if gap >= 0 && gap <= 2 && !isPlace(n.Text) {
				return withTitle(n)
			}
		}
		// "Yahya Rasool, military spokesman for …": the nearest name before it.
		best := ""
		for _, n := range p.facts.Names {
			if n.End <= idx && idx-n.End <= 60 && !isPlace(n.Text) && !strings.Contains(ql, strings.ToLower(n.Text)) {
				best = withTitle(n)
			}
		}
		if best != "" {
			return best
		}
		// Nobody named: "the spokesperson for Iran's top military commander".
		return rolePhrase(s[idx:])
	}
	for _, n := range p.facts.Names {
		if strings.Contains(ql, strings.ToLower(n.Text)) || isPlace(n.Text) {
			continue
		}
		return withTitle(n)
	}
	return ""
}

func withTitle(n facts.Name) string {
	if n.Title != "" {
		return n.Title + " " + n.Text
	}
	return n.Text
}

// roleIndex is where the role (or a word for it) first appears in s, and
// where it ends; -1 when it does not.
func roleIndex(s, role string) (int, int) {
	alts := []string{role}
	if strings.HasPrefix(role, "spokes") {
		alts = []string{"spokesman", "spokesperson", "spokeswoman", "speaking for", "spoke for"}
	}
	l := strings.ToLower(s)
	best, end := -1, -1
	for _, a := range alts {
		// A whole word: "minister" is not in "ministry" (but "ministers" is).
		if i := wordIndex(l, a, true); i >= 0 && (best < 0 || i < best) {
			best, end = i, i+len(a)
		}
	}
	return best, end
}

var rolePhraseRe = regexp.MustCompile(`^[\w-]+\s+(?:for|of|to)\s+[^,;.]*?(?:\s+(?:said|says|emphasi[sz]ed|stressed|told|announced|added|noted|called)\b|[,;.]|$)`)

// rolePhrase is "spokesperson for Iran's top military commander" from a
// sentence starting at the role word, without the verb that follows.
func rolePhrase(s string) string {
	m := rolePhraseRe.FindString(s)
	if m == "" {
		return ""
	}
	m = strings.TrimRight(m, ",;.")
	if i := strings.LastIndex(m, " "); i > 0 && strings.ContainsAny(m[i+1:], "abcdefghijklmnopqrstuvwxyz") && saidVerb.MatchString(m[i+1:]) {
		m = m[:i]
	}
	return m
}

var saidVerb = regexp.MustCompile(`^(said|says|emphasi[sz]ed|stressed|told|announced|added|noted|called)$`)

var places = toSet("iraq baghdad syria erbil anbar jordan iran washington kurdistan pentagon tehran")

func isPlace(name string) bool {
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if !places[w] && w != "the" && w != "region" {
			return false
		}
	}
	return true
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

// wordIndex is where word first stands in s as a whole word (s and word
// lower case; with plural, "ministers" holds "minister"), or -1.
func wordIndex(s, word string, plural bool) int {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], word)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(word)
		if plural && end < len(s) && s[end] == 's' {
			end++
		}
		if (i == 0 || !isWordByte(s[i-1])) && (end == len(s) || !isWordByte(s[end])) {
			return i
		}
		from = i + 1
	}
	return -1
}
