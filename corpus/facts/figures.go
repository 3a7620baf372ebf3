package facts

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Figures

const (
	numberPat = `(?:(` + approxWords + `)\s+)?` +
		`(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|` + numberWords + `)` +
		`(?:\s+(million|billion|thousand))?\b`
	approxWords = `about|approximately|roughly|around|some|nearly|almost|an estimated|more than|over|fewer than|less than|under|at least|up to|as many as`
	numberWords = `one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a dozen|dozens|hundreds|thousands|a few|several`
	unitWords   = `troops|troop|soldiers|soldier|servicemembers|personnel|advisers|adviser|advisors|advisor|forces|fighters|militants|detainees|civilians|attacks|attack|strikes|targets|drones|rockets|missiles|members|member|countries|country|nations|people|square kilometres|square kilometers|square miles|bases|base|brigades|times|years|year|months|month|weeks|week|days`
)

var (
	numberRe = regexp.MustCompile(`(?i)\b` + numberPat)
	// numberAt is numberRe anchored at the start of a word, for text with
	// its ASCII letters lower-cased (see numberMatches).
	numberAt      = regexp.MustCompile(`^` + numberPat)
	fractionRe    = regexp.MustCompile(`(?i)\b(?:(about|nearly|almost|roughly|more than|over)\s+)?(a|one)\s+(half|third|quarter|fifth)\s+of\b`)
	rangeRe       = regexp.MustCompile(`^\s*(?:to|and|or|–|-)\s*(\d{1,3}(?:,\d{3})+|\d+)\b`)
	decadeRe      = regexp.MustCompile(`(?i)\b(?:(about|nearly|almost|roughly|more than|over)\s+)?(a|one|two|three)\s+decades?\b`)
	percentRe     = regexp.MustCompile(`^\s*(?:percent|per cent|%)`)
	unitRe        = regexp.MustCompile(`^((?:\s+[\p{L}.'’-]+){0,4}?)\s+(` + unitWords + `)\b`)
	partOfRe      = regexp.MustCompile(`^\s+of\s+(?:its|the|their)\s+(\d{1,3}(?:,\d{3})+|\d+)((?:\s+[\p{L}.'’-]+){0,2}?)\s+(` + unitWords + `)\b`)
	placeTok      = `(?:the\s+)?(?:(?:western|eastern|northern|southern|north-east|north-west|north-eastern|north-western|south-east|south-west|federal|central)\s+)?[A-Z][\p{L}'’-]+(?:\s+(?:[A-Z][\p{L}'’-]+|region|air base|base|province))*`
	placeList     = `(` + placeTok + `(?:(?:,\s+` + placeTok + `)*,?\s+and\s+` + placeTok + `)?)`
	placeAfter    = regexp.MustCompile(`^(?:\s*,?\s*(?:from\s+(?:[\p{L}-]+\s+){0,2}(?:countries|nations)|are|were|is|was|be|would|will|could|may|might|remain|remained|stay|stayed|now|currently|still|also|deployed|stationed|based|serving|serve))*\s*,?\s+(?:in|at)\s+` + placeList)
	thereAfter    = regexp.MustCompile(`^(?:\s+(?:are|were|is|was|remain|remained|now|currently|still|deployed|stationed|based))*\s+there\b`)
	placeBefore   = regexp.MustCompile(`\b(?:in|at)\s+` + placeList)
	placeStartRe  = regexp.MustCompile(`^\s+` + placeList)
	totalOfRe     = regexp.MustCompile(`\bof\s+(?:its|the|their)\s+$`)
	placeAny      = regexp.MustCompile(`\b(?:in|at|from|to|into)\s+` + placeList)
	mostlyRe      = regexp.MustCompile(`^\s*,\s+(?:mostly|mainly|largely|primarily)\s+in\s+` + placeList)
	mostlyWhose   = regexp.MustCompile(`^\s*,\s+(?:mostly|mainly|largely|primarily)\s+(\p{L}+)`)
	ofUnitRe      = regexp.MustCompile(`((?:[\p{L}.'’-]+\s+){0,2}?)(troops|troop|forces|soldiers|personnel|advisers)\b`)
	leavingRe     = regexp.MustCompile(`^(?:\s+\p{L}+){0,2}?\s+(?:would|will|to|could|must)\s+(?:leave|withdraw|depart|go home)\b`)
	reductionRe   = regexp.MustCompile(`(?i)\b(?:falls?|fell|cut|reduced|reduce|down|drop(?:ped)?|decrease[sd]?|shrinks?|shrank)\s+(?:by\s+)?$`)
	inFavourRe    = regexp.MustCompile(`^\s+in\s+favou?r\b`)
	stateWordRe   = regexp.MustCompile(`\b(killed|injured|wounded|detained|dead)\b`)
	attackWord    = regexp.MustCompile(`(?i)\battack`)
	underAttack   = regexp.MustCompile(`(?i)\bunder attack\b`)
	attackedRe    = regexp.MustCompile(`\b(?:attacked|attacks on|attacks against|targeted|targeting)\s+$`)
	attachedAfter = regexp.MustCompile(`^\s*(?:\p{Ll}+\s+)?$`)
	figureCue     = regexp.MustCompile(`(?i)\b(?:number|numbers|figure|figures|total|toll|count)\b`)

	unitCanon = map[string]string{
		"troop": "troops", "soldiers": "troops", "soldier": "troops", "forces": "troops", "servicemembers": "troops", "gis": "troops",
		"adviser": "advisers", "advisors": "advisers", "advisor": "advisers",
		"attack": "attacks", "strikes": "attacks",
		"member": "members", "country": "countries", "nations": "countries",
		"square kilometers": "square kilometres", "detained": "detainees", "per cent": "percent",
		"base": "bases", "year": "years", "month": "months", "week": "weeks",
	}
	wordValue = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a dozen": 12,
		"dozens": 24, "hundreds": 200, "thousands": 2000, "a few": 3, "several": 3}
	vagueWords  = toSet("dozens hundreds thousands several")
	multipliers = map[string]float64{"thousand": 1e3, "million": 1e6, "billion": 1e9}
	fractions   = map[string]float64{"half": 0.5, "third": 1.0 / 3, "quarter": 0.25, "fifth": 0.2}
	approxCanon = map[string]string{"about": "about", "approximately": "about", "roughly": "about", "around": "about", "some": "about", "nearly": "about", "almost": "about", "an estimated": "about",
		"more than": "more than", "over": "more than", "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than", "at least": "at least", "up to": "up to", "as many as": "up to"}
	whoseWords = map[string]string{"u.s.": "U.S.", "us": "U.S.", "american": "U.S.", "america's": "U.S.", "coalition": "coalition", "iraqi": "Iraqi", "isis": "ISIS", "isil": "ISIS", "daesh": "ISIS",
		"european": "European", "kurdish": "Kurdish", "foreign": "foreign", "iranian": "Iranian", "british": "British", "french": "French", "german": "German", "italian": "Italian"}
	// idNouns are words after which a number is an identifier ("brigades 45").
	idNouns = toSet("brigade brigades tower resolution article phase route page flight no. number unit units")
	// ownerUnits are units whose owner may be the clause's subject ("the
	// Islamic State group held more than 100,000 square kilometres").
	ownerUnits = map[string]bool{"troops": true, "personnel": true, "advisers": true, "attacks": true, "square kilometres": true, "bases": true, "fraction": true}
	// placeUnits are units a place can be looked up before the number for.
	placeUnits = toSet("troops personnel advisers fighters percent attacks")
	// unplaced are units that are not counted in a place ("seven countries").
	unplaced = map[string]bool{"countries": true, "members": true, "years": true, "months": true, "weeks": true, "days": true, "times": true, "square kilometres": true}
)

// ExtractFigures finds counts with their unit, whose and place.
func ExtractFigures(s string) []Figure {
	return extractFigures(s, ExtractDates(s, time.Time{}), FindParties(s), nil)
}

// extractFigures finds the figures of s; prev is the figures of the
// previous sentence, used for units left out ("34 or more than 40").
func extractFigures(s string, dates []Date, mentions []Mention, prev []Figure) []Figure {
	var out []Figure
	skippedID := -1 // end of the last number skipped as an identifier
	inDate := func(i int) bool {
		for _, d := range dates {
			if i >= d.Start && i < d.End {
				return true
			}
		}
		return false
	}
	consumed := 0
	for _, m := range numberMatches(s) {
		if m[0] < consumed {
			continue
		}
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		numStart := m[4]
		if inDate(numStart) {
			continue
		}
		approxText, num := strings.ToLower(g(1)), strings.ToLower(g(2))
		if approxText != "" && !startsWord(s, m[2]) {
			continue
		}
		if isIdentifier(s, m[0], skippedID) && approxText == "" && unicode.IsDigit(rune(num[0])) {
			skippedID = m[1]
			continue
		}
		if isYearLike(num) && approxText == "" {
			continue
		}
		v, ok := wordValue[num]
		if !ok {
			f, err := strconv.ParseFloat(strings.ReplaceAll(num, ",", ""), 64)
			if err != nil {
				continue
			}
			v = f
		}
		if mul := g(3); mul != "" {
			v *= multipliers[strings.ToLower(mul)]
		}
		fig := Figure{Value: v, Approx: "exact", Start: m[0], End: m[1]}
		if approxText != "" {
			fig.Approx = approxCanon[approxText]
		} else if vagueWords[num] || num == "a few" {
			fig.Approx = "vague"
		}
		isWord := !unicode.IsDigit(rune(num[0]))
		rest := s[m[1]:]
		if rm := rangeRe.FindStringSubmatchIndex(rest); rm != nil && unitRe.MatchString(rest[rm[1]:]) {
			// "2,000 to 2,500 troops", "between 2,000 and 2,500 troops"
			hi, err := strconv.ParseFloat(strings.ReplaceAll(rest[rm[2]:rm[3]], ",", ""), 64)
			if err == nil && hi > v {
				fig.Max, fig.Approx = hi, "between"
				if b := strings.TrimSuffix(s[:m[0]], " "); strings.HasSuffix(strings.ToLower(b), "between") && approxText == "" {
					fig.Start = len(b) - len("between")
				}
				rest = rest[rm[1]:]
				m[1] += rm[1]
			}
		}
		var mid string
		partOf := false
		if f := strings.Fields(s[:m[0]]); len(f) > 0 && (f[len(f)-1] == "its" || f[len(f)-1] == "their") {
			mid = "its"
		}
		switch {
		case percentRe.MatchString(rest):
			fig.Unit = "percent"
			fig.End = m[1] + len(percentRe.FindString(rest))
		case partOfRe.MatchString(rest):
			pm := partOfRe.FindStringSubmatchIndex(rest)
			fig.Unit = canonUnit(rest[pm[6]:pm[7]])
			mid = "its"
			fig.End = m[1] + pm[7]
			partOf = true
		case unitRe.MatchString(rest) && validMid(unitRe.FindStringSubmatch(rest)[1]):
			um := unitRe.FindStringSubmatchIndex(rest)
			mid += rest[um[2]:um[3]]
			fig.Unit = canonUnit(rest[um[4]:um[5]])
			fig.End = m[1] + um[5]
		default:
			if isWord {
				continue // "one of the", "several of them": not a count
			}
			ante := antecedent(out, prev, s)
			if ante == nil {
				continue
			}
			fig.Elided = true
			fig.Unit, fig.Whose = ante.Unit, ante.Whose
			if ante.Unit == "percent" {
				fig.Unit = ante.Of
			} else if ante.State != "reduction" && ante.State != "leaving" {
				fig.State = ante.State
			}
			fig.Against = ante.Against
			fig.Place, fig.AsOf, fig.AsOfOrigin = ante.Place, ante.AsOf, ante.AsOfOrigin
		}
		if fig.Unit == "" {
			continue
		}
		if fig.Unit == "times" && attackWord.MatchString(s) {
			fig.Unit = "attacks"
		}
		consumed = fig.End
		if partOf {
			consumed = m[1]
		}
		lookFrom := 0
		if len(out) > 0 {
			lookFrom = out[len(out)-1].End
		}
		describeFigure(s, &fig, mid, mentions, lookFrom)
		fig.Text = s[fig.Start:fig.End]
		out = append(out, fig)
	}
	lower := strings.ToLower(s)
	for _, m := range matchesIf(fractionRe, s, containsAny(lower, []string{"half", "third", "quarter", "fifth"})) {
		fig := Figure{Value: fractions[strings.ToLower(s[m[6]:m[7]])], Approx: "exact", Unit: "fraction", Start: m[0], End: m[7]}
		if m[2] >= 0 {
			fig.Approx = approxCanon[strings.ToLower(s[m[2]:m[3]])]
		}
		if p := placeBeginning(s[m[1]:]); p != "" {
			fig.Place = p
		}
		describeFigure(s, &fig, "", mentions, 0)
		fig.Text = s[fig.Start:fig.End]
		out = append(out, fig)
	}
	for _, m := range matchesIf(decadeRe, s, strings.Contains(lower, "decade")) { // "about a decade"
		n := map[string]float64{"a": 1, "one": 1, "two": 2, "three": 3}[strings.ToLower(s[m[4]:m[5]])]
		fig := Figure{Value: 10 * n, Approx: "exact", Unit: "years", Start: m[0], End: m[1]}
		if m[2] >= 0 {
			fig.Approx = approxCanon[strings.ToLower(s[m[2]:m[3]])]
		}
		fig.Text = s[fig.Start:fig.End]
		out = append(out, fig)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

// describeFigure fills in whose, place, state and the like from the words
// around a figure whose number and unit are known.
func describeFigure(s string, fig *Figure, mid string, mentions []Mention, lookFrom int) {
	rest := s[fig.End:]
	before := s[:fig.Start]
	clause := clauseBefore(before)
	lookFrom = min(lookFrom, fig.Start)
	if len(before)-len(clause) < lookFrom {
		clause = before[lookFrom:]
	}
	clauseStart := len(before) - len(clause)
	// Whose: the words between number and unit, an appositive, "X of N",
	// "its", or the clause's subject.
	if w := whoseOf(mid); w != "" {
		fig.Whose = w
	}
	if mw := mostlyWhose.FindStringSubmatch(rest); fig.Whose == "" && mw != nil {
		fig.Whose = whoseWords[strings.ToLower(mw[1])]
	}
	if fig.Whose == "" {
		if ms := mentionsIn(mentions, 0, fig.Start); len(ms) > 0 {
			last := ms[len(ms)-1]
			if strings.TrimSpace(s[last.End:fig.Start]) == "of" || strings.HasSuffix(strings.TrimSpace(s[last.End:fig.Start]), " of") && len(strings.Fields(s[last.End:fig.Start])) <= 3 {
				fig.Whose = labelOf(last.ID)
			}
		}
	}
	if fig.Whose == "" && strings.Contains(" "+mid+" ", " its ") {
		ms := mentionsIn(mentions, 0, fig.Start)
		for i := len(ms) - 1; i >= 0; i-- {
			if !ms[i].Place {
				fig.Whose = labelOf(ms[i].ID)
				break
			}
		}
	}
	if fig.Unit == "attacks" {
		if underAttack.MatchString(clause) || underAttack.MatchString(s[fig.End:]) {
			if ms := mentionsIn(mentions, len(before)-len(clause), fig.Start); len(ms) > 0 {
				fig.Against = labelOf(ms[0].ID)
			}
		}
		for _, mm := range mentionsIn(mentions, len(before)-len(clause), fig.Start) {
			if attackedRe.MatchString(s[:mm.Start]) {
				fig.Against = labelOf(mm.ID)
			}
		}
	}
	if fig.Whose == "" && ownerUnits[fig.Unit] && fig.Against == "" || fig.Whose == "" && fig.Unit == "attacks" && !underAttack.MatchString(clause) {
		for _, mm := range mentionsIn(mentions, len(before)-len(clause), fig.Start) {
			if !mm.Place {
				fig.Whose = labelOf(mm.ID)
				break
			}
		}
	}
	if fig.Whose == fig.Against {
		fig.Whose = ""
	}
	// Percent: of what ("the number of U.S. troops in Iraq falls by about 20 percent").
	if fig.Unit == "percent" {
		if ms := ofUnitRe.FindAllStringSubmatchIndex(clause, -1); ms != nil {
			um := ms[len(ms)-1]
			fig.Of = canonUnit(clause[um[4]:um[5]])
			if fig.Whose == "" {
				fig.Whose = whoseOf(clause[um[2]:um[3]])
			}
		}
		if reductionRe.MatchString(before) {
			fig.State = "reduction"
		}
	}
	// Place: after the unit, "there", or before the number in the clause.
	if unplaced[fig.Unit] {
		fig.Place = ""
	} else if pm := placeAfter.FindStringSubmatch(rest); pm != nil && !isTimeWord(pm[1]) {
		fig.Place = cleanPlace(pm[1])
	} else if thereAfter.MatchString(rest) {
		fig.placeRef = true
	} else if !fig.Elided && placeUnits[fig.Unit] && lookFrom == 0 {
		for _, pm := range placeBefore.FindAllStringSubmatchIndex(clause, -1) {
			p := clause[pm[2]:pm[3]]
			if !isTimeWord(p) && !insideMention(mentions, clauseStart+pm[2]) {
				fig.Place = cleanPlace(p)
			}
		}
	}
	if mm := mostlyRe.FindStringSubmatch(rest); mm != nil {
		fig.Mostly = cleanPlace(mm[1])
	} else if loc := placeAfter.FindStringSubmatchIndex(rest); loc != nil {
		if mm := mostlyRe.FindStringSubmatch(rest[loc[1]:]); mm != nil {
			fig.Mostly = cleanPlace(mm[1])
		}
	}
	// State: killed, injured, detained, leaving.
	if strings.Contains(" "+strings.ToLower(mid)+" ", " detained ") {
		fig.State = "detained"
	} else if fig.State == "" || fig.Elided {
		if sm := stateWordRe.FindAllStringSubmatch(clause, -1); sm != nil {
			w := sm[len(sm)-1][1]
			if w == "wounded" {
				w = "injured"
			}
			if w == "dead" {
				w = "killed"
			}
			fig.State = w
		}
	}
	if fig.State == "" && leavingRe.MatchString(rest) {
		fig.State = "leaving"
	}
	if fig.State == "" && inFavourRe.MatchString(rest) && !totalOfRe.MatchString(before) {
		fig.State = "in favour"
	}
}

// antecedent is the figure a number without a unit continues: the last of
// this sentence, or of the previous one when the sentence talks of a
// number ("the number of injured as 34").
func antecedent(out, prev []Figure, s string) *Figure {
	for i := len(out) - 1; i >= 0; i-- {
		if out[i].Unit != "" && out[i].Unit != "fraction" {
			return &out[i]
		}
	}
	if len(prev) > 0 && figureCue.MatchString(s) {
		for i := len(prev) - 1; i >= 0; i-- {
			if prev[i].Unit != "" && prev[i].Unit != "percent" && prev[i].Unit != "fraction" {
				return &prev[i]
			}
		}
	}
	return nil
}

// isIdentifier reports whether the number starting at i names something
// rather than counting it: "Tower 22", "brigades 45, 46 and 47".
func isIdentifier(s string, i, skippedEnd int) bool {
	before := strings.TrimRight(s[:i], " ")
	if skippedEnd >= 0 {
		between := strings.TrimSpace(s[skippedEnd:i])
		if between == "," || between == "and" || between == ", and" || between == "or" {
			return true
		}
	}
	f := strings.Fields(before)
	if len(f) == 0 {
		return false
	}
	last := f[len(f)-1]
	if idNouns[strings.ToLower(last)] {
		return true
	}
	if strings.ContainsAny(last[len(last)-1:], ",.;:!?\"”)") {
		return false
	}
	r, _ := utf8.DecodeRuneInString(last)
	return unicode.IsUpper(r) && len(f) > 1 && !strings.HasSuffix(last, ",") && !strings.HasSuffix(last, ".")
}

func startsWord(s string, i int) bool {
	if i <= 0 {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return !unicode.IsLetter(r) && !unicode.IsDigit(r)
}

// validMid reports whether the words between a number and its unit can
// describe the unit ("U.S.", "detained ISIS", "of other"), not start a
// clause of their own.
func validMid(mid string) bool {
	for _, w := range strings.Fields(mid) {
		if midStop[strings.ToLower(w)] || strings.IndexFunc(w, unicode.IsDigit) >= 0 {
			return false
		}
	}
	return true
}

var midStop = toSet("was were is are has have had be been that which who would will to by in on at for from with than as or but not")

// clauseBefore is the part of before in the same clause as what follows
// (after the last comma, semicolon or colon).
func clauseBefore(before string) string {
	i := strings.LastIndexAny(before, ",;:")
	if i < 0 {
		return before
	}
	return before[i+1:]
}

// insideMention reports whether byte i is inside a party's name that is
// not itself a place ("Iraq" in "Islamic Resistance in Iraq").
func insideMention(ms []Mention, i int) bool {
	for _, m := range ms {
		if i > m.Start && i < m.End {
			return true
		}
	}
	return false
}

func mentionsIn(ms []Mention, a, b int) []Mention {
	var out []Mention
	for _, m := range ms {
		if m.Start >= a && m.End <= b {
			out = append(out, m)
		}
	}
	return out
}

func labelOf(id string) string {
	if p, ok := partyByID[id]; ok {
		return p.FigureLabel()
	}
	return strings.TrimPrefix(id, "name:")
}

func canonUnit(u string) string {
	u = strings.ToLower(u)
	if c, ok := unitCanon[u]; ok {
		return c
	}
	return u
}

func isTimeWord(place string) bool {
	w := strings.Fields(strings.TrimPrefix(place, "the "))
	if len(w) == 0 {
		return true
	}
	_, month := months[strings.ToLower(w[0])]
	return month || weekdays[strings.ToLower(w[0])]
}

func cleanPlace(p string) string { return strings.TrimPrefix(p, "the ") }

// placeBeginning is the place at the start of s ("Iraq" in "Iraq."), or "".
func placeBeginning(s string) string {
	m := placeStartRe.FindStringSubmatch(s)
	if m == nil || isTimeWord(m[1]) {
		return ""
	}
	return cleanPlace(m[1])
}

// CanonicalUnit maps a word naming what is counted ("soldiers") to the unit
// figures are filed under ("troops"); "" when it names no unit.
func CanonicalUnit(word string) string {
	w := strings.ToLower(word)
	if w == "square kilometres" || w == "kilometres" || w == "square kilometers" || w == "kilometers" {
		return "square kilometres"
	}
	if c, ok := unitCanon[w]; ok {
		return c
	}
	if knownUnits[w] {
		return w
	}
	if c, ok := unitCanon[w+"s"]; ok {
		return c
	}
	if knownUnits[w+"s"] {
		return w + "s"
	}
	return ""
}

var knownUnits = toSet("troops personnel advisers forces fighters attacks targets members countries people percent bases brigades times years months militants detainees")

func toSet(words string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(words) {
		m[w] = true
	}
	return m
}

func isYearLike(num string) bool {
	n, err := strconv.Atoi(num)
	return err == nil && n >= 1900 && n <= 2100
}

// CanonicalWhose maps a word for a side ("American", "US") to the name
// figures file it under ("U.S."); "" when it names no side.
func CanonicalWhose(w string) string {
	return whoseWords[strings.ToLower(strings.Trim(w, ",."))+dotSuffix(w)]
}

func dotSuffix(w string) string {
	if strings.EqualFold(strings.Trim(w, ",."), "u.s") {
		return "."
	}
	return ""
}

// whoseOf names the sides in the words before a unit ("U.S. and
// coalition", "detained ISIS").
func whoseOf(mid string) string {
	var parts []string
	seen := map[string]bool{}
	add := func(p string) {
		if p != "" && !seen[p] {
			seen[p] = true
			parts = append(parts, p)
		}
	}
	for _, m := range FindParties(mid) {
		if m.Known() {
			add(labelOf(m.ID))
		}
	}
	if len(parts) == 0 {
		for _, w := range strings.Fields(strings.ToLower(mid)) {
			add(whoseWords[strings.Trim(w, ",")])
		}
	}
	return strings.Join(parts, " and ")
}

// ---------------------------------------------------------------------------
