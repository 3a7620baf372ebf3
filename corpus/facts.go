package corpus

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Figure is a count stated in a sentence: "about 2,500 U.S. troops in Iraq".
// Start/End are byte offsets of the whole phrase within the sentence text.
type Figure struct {
	Value  float64 `json:"value"`
	Max    float64 `json:"max,omitempty"` // the upper end of a range ("2,000 to 2,500 troops")
	Approx string  `json:"approx"`        // "about", "more than", "fewer than", "at least", "up to", "between", "vague" (hundreds, several) or "exact"
	Unit   string  `json:"unit"`          // canonical unit: troops, personnel, advisers, attacks, percent, …
	Whose  string  `json:"whose,omitempty"`
	Place  string  `json:"place,omitempty"`
	Text   string  `json:"text"`
	Start  int     `json:"start"`
	End    int     `json:"end"`

	Mostly  string `json:"mostly_in,omitempty"` // "mostly in Erbil"
	Of      string `json:"of,omitempty"`        // for percent: what it is a share of (troops)
	State   string `json:"state,omitempty"`     // killed, injured, detained, leaving, reduction
	Against string `json:"against,omitempty"`   // for attacks: whom they targeted
	// AsOf is the date the figure holds for (YYYY, YYYY-MM or YYYY-MM-DD):
	// a date the sentence gives, else the article's.
	AsOf       string `json:"as_of,omitempty"`
	AsOfOrigin string `json:"as_of_origin,omitempty"` // "stated", "resolved", "published", "date note"
	// Elided is true when the unit was left out and taken from an earlier
	// figure ("about 2,400 U.S. troops in Iraq and 800 in Syria").
	Elided bool `json:"elided,omitempty"`

	placeRef bool // the place is "there"
}

// Date is a date expression in a sentence, resolved where it can be.
type Date struct {
	Text   string `json:"text"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Value  string `json:"value,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD; a week is "YYYY-MM-DD/week"
	Last   string `json:"last,omitempty"`  // last day of a span of days ("22 and 23 July 2024")
	Origin string `json:"origin"`          // "stated", "resolved" or "unresolved"
	// Rel is the word that relates the date to the event: on, in, by,
	// until, since, after, before, between, and, from, during (or "").
	Rel string `json:"rel,omitempty"`
}

// Name is a proper name in a sentence, with the title before it and what
// the sentence says of its role. Start/End span the name only; Title, when
// set, is the text right before it.
type Name struct {
	Text  string `json:"text"`
	Title string `json:"title,omitempty"` // "Prime Minister", "Maj. Gen."
	Role  string `json:"role,omitempty"`  // "military spokesman", "leader of Asaib Ahl al-Haq"
	Side  string `json:"side,omitempty"`  // party id of the side named with it ("iraq" for "Iraqi Prime Minister …")
	Party string `json:"party,omitempty"` // party id when the alias table knows the name
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Cue is a phrase that makes a sentence a condition, with its kind:
// prerequisite, basis, proviso, deadline, timetable or necessity.
type Cue struct {
	Text  string `json:"text"`
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Back is true when the condition is stated in the sentence before
	// ("A timetable will then be set", "It later dropped that condition").
	Back bool `json:"back,omitempty"`
}

// Facts are what a sentence carries.
type Facts struct {
	Figures   []Figure `json:"figures,omitempty"`
	Dates     []Date   `json:"dates,omitempty"`
	Names     []Name   `json:"names,omitempty"`
	Condition bool     `json:"condition,omitempty"` // states what must happen or hold for something else
	Reason    bool     `json:"reason,omitempty"`    // states why something happened
	Said      bool     `json:"said,omitempty"`      // attributes a statement

	Parties    []Mention `json:"parties,omitempty"`
	Conditions []Cue     `json:"conditions,omitempty"`
	// Speaker is the party id of whom the sentence attributes its
	// statement to ("…, Rasool said" → "rasool"); Speakers lists them all
	// when several speak together. SpeakerText is the words naming them
	// ("Rasool", "the spokesperson"), even when no party is known.
	Speaker     string   `json:"speaker,omitempty"`
	Speakers    []string `json:"speakers,omitempty"`
	SpeakerText string   `json:"speaker_text,omitempty"`
}

// ---------------------------------------------------------------------------
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
// Dates

var months = map[string]time.Month{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}

var weekdays = toSet("monday tuesday wednesday thursday friday saturday sunday")

const monthRe = `(January|February|March|April|May|June|July|August|September|October|November|December)`

var (
	dayMonthYearRe = regexp.MustCompile(`\b(\d{1,2})(?:\s*(?:[–-]|and|to)\s*(\d{1,2}))?\s+` + monthRe + `,?\s+(\d{4})\b`)
	monthDayYearRe = regexp.MustCompile(`\b` + monthRe + `\s+(\d{1,2}),\s+(\d{4})\b`)
	monthYearRe    = regexp.MustCompile(`\b(?:(?:the\s+)?end\s+of\s+|(?:early|mid|late)-?\s?)?` + monthRe + `\s+(\d{4})\b`)
	endOfYearRe    = regexp.MustCompile(`\b(?:the\s+)?end of (\d{4})\b`)
	yearRe         = regexp.MustCompile(`\b(?i:in|since|by|until|of|from|after|before|between|during|through|and)\s+(\d{4})\b|\b(?i:the)\s+(\d{4})\s+\p{Ll}`)
	relativeRe     = regexp.MustCompile(`(?i)\b(next week|last week|the following week|the previous week|this week|next month|last month|this month|the following month|next year|last year|this year|the following year|the previous year|the year before|the summer before|yesterday|today|tomorrow|(?:on|last|next|this)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b`)
	anaphorDateRe  = regexp.MustCompile(`(?i)\b(that month|that year|that day|that week|the same day|the same month|the same year)\b`)
	thatYearRe     = regexp.MustCompile(`^(?i)(that was the year)\b`)
	futureRe       = regexp.MustCompile(`(?i)\b(will|would|shall|is to|are to|is due|are due|plans? to|planned|scheduled|expected to|is set to|are set to|upcoming)\b`)
	relWordsRe     = regexp.MustCompile(`(?i)(no later than|as of|on|in|by|until|till|since|after|before|from|between|and|through|during|at|to)\s+(?:the\s+)?$`)
)

// ExtractDates finds absolute dates, and relative ones resolved against
// published (zero when unknown).
func ExtractDates(s string, published time.Time) []Date {
	return extractDates(s, published, nil)
}

// extractDates finds the dates of s; last is the latest date of the
// sentences before, for "that month".
func extractDates(s string, published time.Time, last *Date) []Date {
	var out []Date
	lower := strings.ToLower(s)
	digits := strings.IndexFunc(s, unicode.IsDigit) >= 0
	relative := containsAny(lower, relativeWords)
	taken := func(a, b int) bool {
		for _, d := range out {
			if a < d.End && b > d.Start {
				return true
			}
		}
		return false
	}
	add := func(a, b int, value, origin string) *Date {
		if taken(a, b) {
			return nil
		}
		out = append(out, Date{Text: s[a:b], Start: a, End: b, Value: value, Origin: origin})
		return &out[len(out)-1]
	}
	if !digits && !relative {
		return nil
	}
	// Every stated date has a year, and all but two kinds a month's name:
	// cheap tests that spare the regexps most sentences.
	year := hasDigits(s, 4)
	month := year && containsAny(s, monthNames)
	for _, m := range matchesIf(dayMonthYearRe, s, month) {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo := months[strings.ToLower(s[m[6]:m[7]])]
		y := atoi(s[m[8]:m[9]])
		if dt := add(m[0], m[1], time.Date(y, mo, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), "stated"); dt != nil && m[4] >= 0 {
			dt.Last = time.Date(y, mo, atoi(s[m[4]:m[5]]), 0, 0, 0, 0, time.UTC).Format(time.DateOnly)
		}
	}
	for _, m := range matchesIf(monthDayYearRe, s, month) {
		mo := months[strings.ToLower(s[m[2]:m[3]])]
		add(m[0], m[1], time.Date(atoi(s[m[6]:m[7]]), mo, atoi(s[m[4]:m[5]]), 0, 0, 0, 0, time.UTC).Format(time.DateOnly), "stated")
	}
	for _, m := range matchesIf(monthYearRe, s, month) {
		mo := months[strings.ToLower(s[m[2]:m[3]])]
		add(m[0], m[1], s[m[4]:m[5]]+"-"+twoDigits(int(mo)), "stated")
	}
	for _, m := range matchesIf(endOfYearRe, s, year && strings.Contains(s, "end of ")) {
		add(m[0], m[1], s[m[2]:m[3]]+"-12", "stated")
	}
	for _, m := range matchesIf(yearRe, s, year) {
		a, b := m[2], m[3]
		if a < 0 {
			a, b = m[4], m[5]
		}
		add(a, b, s[a:b], "stated")
	}
	sortDates(out)
	for _, m := range matchesIf(relativeRe, s, relative) {
		anchor, origin := published, "resolved"
		for _, d := range out { // a full date stated earlier in the sentence anchors it
			if d.End <= m[2] && d.Origin == "stated" && len(d.Value) == 10 {
				anchor = mustDate(d.Value)
			}
		}
		value, o := resolveRelative(strings.ToLower(s[m[2]:m[3]]), anchor, futureRe.MatchString(s))
		if o == "unresolved" {
			origin = o
		}
		add(m[2], m[3], value, origin)
	}
	for _, m := range matchesIf(anaphorDateRe, s, relative) {
		value, origin := "", "unresolved"
		if last != nil && last.Value != "" {
			value, origin = anaphorValue(strings.ToLower(s[m[2]:m[3]]), last.Value), "resolved"
		}
		add(m[2], m[3], value, origin)
	}
	// "That was the year ISIL overran …"
	if m := thatYearRe.FindStringSubmatchIndex(s); relative && m != nil {
		value, origin := "", "unresolved"
		if last != nil && len(last.Value) >= 4 {
			value, origin = last.Value[:4], "resolved"
		}
		add(m[2], m[3], value, origin)
	}
	sortDates(out)
	for i := range out {
		if rm := relWordsRe.FindStringSubmatch(relWordsWindow(s[:out[i].Start])); rm != nil {
			out[i].Rel = strings.ToLower(rm[1])
			if out[i].Rel == "no later than" {
				out[i].Rel = "by"
			}
		}
		if strings.HasPrefix(strings.ToLower(out[i].Text), "on ") || strings.HasPrefix(strings.ToLower(out[i].Text), "last ") || strings.HasPrefix(strings.ToLower(out[i].Text), "next ") {
			out[i].Rel = ""
		}
	}
	return out
}

var monthNames = []string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}

// hasDigits reports whether s has a run of n digits.
func hasDigits(s string, n int) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			if run++; run == n {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}

// relWordsWindow is the end of before that a match of relWordsRe (a word,
// spaces, maybe "the" and spaces, then the end) can span: the regexp,
// which has no literal to skip to, then tries a dozen starts instead of
// every byte of the sentence.
func relWordsWindow(before string) string {
	e := len(strings.TrimRight(before, " \t\n\f\r"))
	if e >= 3 && strings.EqualFold(before[e-3:e], "the") {
		e = len(strings.TrimRight(before[:e-3], " \t\n\f\r"))
	}
	return before[max(0, e-len("no later than")-1):]
}

// relativeWords are in every relative date expression.
var relativeWords = []string{"week", "month", "year", "day", "tomorrow"}

// matchesIf is re's submatches in s, when a cheaper test says there may be any.
func matchesIf(re *regexp.Regexp, s string, maybe bool) [][]int {
	if !maybe {
		return nil
	}
	return re.FindAllStringSubmatchIndex(s, -1)
}

func containsAny(s string, words []string) bool {
	for _, w := range words {
		if strings.Contains(s, w) {
			return true
		}
	}
	return false
}

func anaphorValue(phrase, last string) string {
	switch {
	case strings.HasSuffix(phrase, "year"):
		return last[:4]
	case strings.HasSuffix(phrase, "month"):
		if len(last) >= 7 {
			return last[:7]
		}
	}
	return last
}

func mustDate(v string) time.Time {
	t, _ := time.Parse(time.DateOnly, v)
	return t
}

// resolveRelative resolves a relative date against anchor. A weekday ("on
// Saturday") is the nearest such day before the anchor in a report of the
// past, after it when the sentence speaks of the future; "last"/"next" are
// strictly before/after.
func resolveRelative(phrase string, anchor time.Time, future bool) (string, string) {
	if anchor.IsZero() {
		return "", "unresolved"
	}
	wds := map[string]time.Weekday{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	switch phrase {
	case "next week", "the following week":
		return day(anchor.AddDate(0, 0, 7)) + "/week", "resolved"
	case "last week", "the previous week":
		return day(anchor.AddDate(0, 0, -7)) + "/week", "resolved"
	case "this week":
		return day(anchor) + "/week", "resolved"
	case "next month", "the following month":
		return anchor.AddDate(0, 1, 1-anchor.Day()).Format("2006-01"), "resolved"
	case "last month":
		return anchor.AddDate(0, -1, 1-anchor.Day()).Format("2006-01"), "resolved"
	case "this month":
		return anchor.Format("2006-01"), "resolved"
	case "next year", "the following year":
		return strconv.Itoa(anchor.Year() + 1), "resolved"
	case "last year", "the previous year", "the year before", "the summer before":
		return strconv.Itoa(anchor.Year() - 1), "resolved"
	case "this year":
		return strconv.Itoa(anchor.Year()), "resolved"
	case "yesterday":
		return day(anchor.AddDate(0, 0, -1)), "resolved"
	case "today":
		return day(anchor), "resolved"
	case "tomorrow":
		return day(anchor.AddDate(0, 0, 1)), "resolved"
	}
	f := strings.Fields(phrase)
	if len(f) != 2 {
		return "", "unresolved"
	}
	wd, ok := wds[f[1]]
	if !ok {
		return "", "unresolved"
	}
	delta := int(wd - anchor.Weekday())
	switch {
	case f[0] == "next":
		if delta <= 0 {
			delta += 7
		}
	case f[0] == "last":
		if delta >= 0 {
			delta -= 7
		}
	case future: // "talks will resume on Saturday"
		if delta < 0 {
			delta += 7
		}
	default: // "talks resumed on Saturday"
		if delta > 0 {
			delta -= 7
		}
	}
	return day(anchor.AddDate(0, 0, delta)), "resolved"
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func sortDates(ds []Date) {
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].Start < ds[j].Start })
}

// ---------------------------------------------------------------------------
// Names

// token is a word of a sentence without the punctuation around it.
type token struct {
	text       string
	start, end int
	trail      string // punctuation right after it
	lead       bool   // punctuation right before it ("(HMC)")
	possessive bool   // "Iraq's": text keeps the "'s"
}

var abbrevs = toSet("Maj Gen Lt Col Brig Capt Sgt Adm Sen Rep Dr Mr Mrs Ms St Jr Cpl Gov Prof U.S U.N U.K E.U No")

func tokenize(s string) []token {
	var out []token
	i := 0
	for i < len(s) {
		for i < len(s) && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n') {
			i++
		}
		j := i
		for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' {
			j++
		}
		if j == i {
			break
		}
		a, b := i, j
		for a < b && strings.ContainsRune(`"“‘'([`, rune(s[a])) {
			a++
		}
		if a < b && strings.HasPrefix(s[a:b], "“") {
			a += len("“")
		}
		for b > a {
			r, n := utf8.DecodeLastRuneInString(s[a:b])
			if !strings.ContainsRune(`,.;:!?"”’')]`, r) {
				break
			}
			b -= n
		}
		if b < j && s[b] == '.' && abbrevs[s[a:b]] {
			b++
		}
		if a < b {
			t := token{text: s[a:b], start: a, end: b, trail: s[b:j], lead: a > i}
			t.possessive = strings.HasSuffix(t.text, "'s") || strings.HasSuffix(t.text, "’s")
			out = append(out, t)
		}
		i = j
	}
	return out
}

func (t token) capital() bool {
	if strings.HasPrefix(t.text, "al-") || strings.HasPrefix(t.text, "el-") {
		r, _ := utf8.DecodeRuneInString(t.text[3:])
		return unicode.IsUpper(r)
	}
	r, _ := utf8.DecodeRuneInString(t.text)
	if !unicode.IsUpper(r) {
		return false
	}
	// "Iran-backed", "U.S.-led": an adjective, not a name.
	if i := strings.LastIndex(t.text, "-"); i >= 0 && i+1 < len(t.text) {
		r, _ := utf8.DecodeRuneInString(t.text[i+1:])
		if unicode.IsLower(r) {
			return false
		}
	}
	return strings.IndexFunc(t.text, unicode.IsDigit) < 0
}

var nameParticles = toSet("al bin ibn el de of the van von da")

// notNames are capitalised words that begin sentences without being names.
var notNames = toSet("The A An It He She They This That These Those However Under After Before On In At As Over Currently Once Finding Later Its Their His Her About Some Both Officials Afterwards Several Many Most Few More Early Even Also During Since Until When While If Although Though Because Meanwhile Then There Here We I You Our Speaking According")

// sideAdjectives are words for a side that precede a title or name.
var sideAdjectives = map[string]string{"U.S.": "us", "American": "us", "US": "us", "Iraqi": "iraq", "Iranian": "iran", "Kurdish": "krg", "Kurdistan Region": "krg", "Iraq's": "iraq", "Iran's": "iran", "coalition's": "coalition"}

// nationalities are adjectives of other countries, peeled off before a title.
var nationalities = toSet("British French German Italian Turkish Syrian Jordanian Israeli Saudi Qatari Emirati Egyptian Russian Chinese European Canadian Australian Danish Dutch Spanish Norwegian Polish Lebanese Kuwaiti")

// titles are formal titles written before names, longest first.
var titles = func() [][]string {
	var out [][]string
	for _, t := range []string{"Prime Minister", "Deputy Prime Minister", "Defense Secretary", "Defence Secretary", "Secretary of State", "Secretary of Defense",
		"Defense Minister", "Defence Minister", "Foreign Minister", "Interior Minister", "Minister", "Ambassador", "President", "Vice President",
		"Gen.", "Maj. Gen.", "Lt. Gen.", "Brig. Gen.", "Col.", "Lt. Col.", "Capt.", "Adm.", "Sgt.", "Sen.", "Rep.", "Dr.", "Mr.", "Mrs.", "Ms.",
		"Sheikh", "King", "Crown Prince", "Ayatollah", "General", "Colonel", "Major General", "Lieutenant General", "Brigadier General", "Secretary", "Spokesman", "Commander"} {
		out = append(out, strings.Fields(t))
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}()

// roleNouns end a role phrase; roleWords may precede them.
var (
	roleNouns = toSet("spokesman spokeswoman spokesperson commander leader general secretary minister ambassador official chief head envoy adviser advisor president director chairman cleric founder")
	roleWords = toSet("press military militia deputy senior top army navy foreign defence defense interior armed chief")
)

// ExtractNames finds proper names of two or more capitalised words, or one
// with a title, with the title before them, their side and role.
func ExtractNames(s string) []Name {
	toks := tokenize(s)
	// Runs of capitalised tokens.
	type run struct{ a, b int } // token indexes [a, b)
	var runs []run
	for i := 0; i < len(toks); {
		if !toks[i].capital() {
			i++
			continue
		}
		j := i + 1
		for j < len(toks) {
			prev := toks[j-1]
			if prev.trail != "" || prev.possessive || toks[j].lead {
				break
			}
			if toks[j].capital() {
				j++
				continue
			}
			if nameParticles[toks[j].text] && toks[j].trail == "" && j+1 < len(toks) && toks[j+1].capital() {
				j += 2
				continue
			}
			break
		}
		runs = append(runs, run{i, j})
		i = j
	}
	consumed := map[int]bool{} // runs used as the modifier of a role
	names := make([]*Name, len(runs))
	for ri, r := range runs {
		a, b := r.a, r.b
		for a < b && notNames[toks[a].text] {
			a++
		}
		if a == b {
			continue
		}
		side := ""
		sideEnd := a
		for k := a; k < b; k++ { // "Iraqi", "U.S.", "Kurdistan Region"
			if k+1 < b {
				if id, ok := sideAdjectives[toks[k].text+" "+toks[k+1].text]; ok {
					side, sideEnd, k = id, k+2, k+1
					continue
				}
			}
			if id, ok := sideAdjectives[toks[k].text]; ok {
				side, sideEnd = id, k+1
				continue
			}
			if nationalities[toks[k].text] {
				sideEnd = k + 1
				continue
			}
			break
		}
		ta, tb := sideEnd, sideEnd
		for {
			n := matchTitle(toks[tb:b])
			if n == 0 {
				break
			}
			tb += n
		}
		if tb == ta { // no title: the side adjective is part of the name ("U.S. Central Command")
			ta, tb = a, a
			sideEnd = a
		}
		na, nb := tb, b
		if na >= nb || allAdjectives(toks[na:nb]) {
			continue
		}
		// One word is a name after a title ("Prime Minister Sudani"), or
		// when it is one ("al-Sudani").
		if nb-na == 1 && tb == ta && !strings.HasPrefix(toks[na].text, "al-") {
			continue
		}
		start, end := toks[na].start, toks[nb-1].end
		text := s[start:end]
		if toks[nb-1].possessive {
			text = strings.TrimSuffix(strings.TrimSuffix(text, "'s"), "’s")
			end = start + len(text)
		}
		n := Name{Text: text, Start: start, End: end, Side: side}
		if tb > ta {
			n.Title = s[toks[ta].start:toks[tb-1].end]
		}
		// "Islamic Resistance" + " in Iraq": a known name the run cut short.
		for _, e := range aliasTable {
			if len(e.text) > len(text) && e.id != "" && strings.HasPrefix(e.text, text+" ") && strings.HasPrefix(s[start:], e.text) {
				n.Text, n.End = e.text, start+len(e.text)
				text = e.text
				break
			}
		}
		if id := PartyOf(text); id != "" {
			n.Party = id
		}
		// A lower-case role before the name: "Pentagon spokesman Sean Parnell".
		if k := a - 1; k >= 0 && toks[k].trail == "" && roleNouns[strings.ToLower(toks[k].text)] && !toks[k].capital() {
			first := k
			for first-1 >= 0 && toks[first-1].trail == "" && roleWords[strings.ToLower(toks[first-1].text)] && !toks[first-1].capital() {
				first--
			}
			roleStart := first
			// The modifier run before it: "Pentagon", "Kataib Hezbollah", "Deputy Pentagon", "Iraqi".
			if ri > 0 && runs[ri-1].b == first && toks[first-1].trail == "" {
				pr := runs[ri-1]
				mod := s[toks[pr.a].start:toks[pr.b-1].end]
				if id, ok := sideAdjectives[mod]; ok {
					n.Side = id
					consumed[ri-1] = true
				} else if id := modifierParty(mod); id != "" {
					n.Side = SideOf(id)
					roleStart = pr.a
					consumed[ri-1] = true
				}
			}
			n.Role = s[toks[roleStart].start:toks[k].end]
		}
		// The coalition's commander, Maj. Gen. Kevin Leahy
		if n.Role == "" && a > 0 && toks[a-1].trail == "," && roleNouns[strings.ToLower(toks[a-1].text)] {
			first := a - 1
			for first-1 >= 0 && toks[first-1].trail == "" && (roleWords[strings.ToLower(toks[first-1].text)] || toks[first-1].possessive) && first > a-5 {
				first--
			}
			n.Role = s[toks[first].start:toks[a-1].end]
			if n.Side == "" {
				n.Side = sideIn(n.Role)
			}
		}
		// An appositive after it: "Qais Khazali, leader of Asaib Ahl al-Haq,".
		if n.Role == "" && toks[nb-1].trail == "," && nb < len(toks) {
			k := nb
			j := k
			for j < len(toks) && toks[j].trail != "," && !strings.ContainsAny(toks[j].trail, ".;:") {
				j++
			}
			if j < len(toks) && j-k < 10 {
				first := toks[k].text
				if first == "the" || first == "a" || first == "an" {
					k++
				}
				phrase := s[toks[min(k, j)].start:toks[j].end]
				if k <= j && !toks[min(k, j)].capital() || strings.HasPrefix(phrase, "U.S.") || sideAdjectives[strings.Fields(phrase)[0]] != "" {
					if hasRoleNoun(phrase) || strings.HasPrefix(phrase, "speaking for ") {
						n.Role = phrase
						if n.Side == "" {
							n.Side = sideIn(phrase)
						}
					}
				}
			}
		}
		// "Maj. Gen. Yahya Rasool is the military spokesman for …"
		if n.Role == "" && toks[nb-1].trail == "" && nb+2 < len(toks) && (toks[nb].text == "is" || toks[nb].text == "was") && (toks[nb+1].text == "the" || toks[nb+1].text == "a" || toks[nb+1].text == "an") {
			j := nb + 2
			for j < len(toks) && toks[j].trail == "" {
				j++
			}
			if j >= len(toks) {
				j = len(toks) - 1
			}
			phrase := s[toks[nb+2].start:toks[j].end]
			if hasRoleNoun(strings.Join(strings.Fields(phrase)[:min(3, len(strings.Fields(phrase)))], " ")) {
				n.Role = phrase
				if n.Side == "" {
					n.Side = sideIn(phrase)
				}
			}
		}
		if n.Side == "" && n.Party != "" {
			n.Side = SideOf(n.Party)
		}
		names[ri] = &n
	}
	var out []Name
	for ri, n := range names {
		if n != nil && !consumed[ri] {
			out = append(out, *n)
		}
	}
	return out
}

// nameAdjectives are capitalised adjectives that make no name on their own.
var nameAdjectives = toSet("Shia Shiite Sunni Arab Kurdish Iraqi Iranian American U.S. Syrian Jordanian European Western Islamist")

func allAdjectives(toks []token) bool {
	for _, t := range toks {
		if !nameAdjectives[t.text] {
			return false
		}
	}
	return true
}

func matchTitle(toks []token) int {
	for _, t := range titles {
		if len(t) > len(toks) {
			continue
		}
		ok := true
		for i, w := range t {
			if toks[i].text != w || i < len(t)-1 && toks[i].trail != "" {
				ok = false
				break
			}
		}
		// A title needs a name after it.
		if ok && len(toks) > len(t) && toks[len(t)-1].trail == "" {
			return len(t)
		}
	}
	return 0
}

func hasRoleNoun(phrase string) bool {
	for _, w := range strings.Fields(strings.ToLower(phrase)) {
		if roleNouns[strings.Trim(w, ",.")] {
			return true
		}
	}
	return false
}

// modifierParty is the party a capitalised modifier names ("Pentagon",
// "Deputy Pentagon", "Kataib Hezbollah").
func modifierParty(mod string) string {
	for _, m := range FindParties(mod) {
		if m.Known() {
			return m.ID
		}
	}
	return ""
}

// sideIn is the side of the first known party a phrase names.
func sideIn(phrase string) string {
	for _, m := range FindParties(phrase) {
		if m.Known() {
			return SideOf(m.ID)
		}
	}
	for w, id := range sideAdjectives {
		if strings.Contains(phrase, w) {
			return id
		}
	}
	return ""
}

// SideOf is the side a party belongs to: the party itself for sides and
// armed groups, else the side it speaks for, followed up to a side.
func SideOf(id string) string {
	for range 5 {
		p, ok := partyByID[id]
		if !ok || p.Side == "" || p.Kind == PartyMilitia {
			return id
		}
		id = p.Side
	}
	return id
}

var singleCapRe = regexp.MustCompile(`\b[A-Z][a-z]+\b`)

// HasProperName reports whether the sentence names someone or something
// beyond its first word.
func HasProperName(s string) bool {
	return hasProperName(s, ExtractNames(s))
}

// HasProperNameIn is HasProperName for a sentence whose facts are known.
func HasProperNameIn(s string, f Facts) bool {
	return hasProperName(s, f.Names)
}

func hasProperName(s string, names []Name) bool {
	if len(names) > 0 {
		return true
	}
	for _, m := range singleCapRe.FindAllStringIndex(s, -1) {
		if m[0] > 0 && !notNames[s[m[0]:m[1]]] {
			return true
		}
	}
	return false
}

// ---------------------------------------------------------------------------
// Conditions, reasons, statements

type cueRule struct {
	kind  string
	words []string // lower-case words one of which a match contains: a cheap test before the regexp
	re    *regexp.Regexp
}

var cueRules = []cueRule{
	{"prerequisite", []string{"once", "after", "before", "then"}, regexp.MustCompile(`(?i)\bonce\b|\bonly after\b|\bbefore\s+(?:any|the|a|an|it|they|we|he|she|\p{Ll}+ing)\b|\b(?:will|would)\s+then\b|\bafter that\b|\bafterwards\b`)},
	{"basis", []string{"based", "depend", "factors", "determin", "in light"}, regexp.MustCompile(`(?i)\bbased on\b|\bdepends? on\b|\bdependent on\b|\bdepending on\b|\bfactors\b|\bdetermin(?:e|es|ed|ing)\b|\bin light of\b`)},
	{"proviso", []string{"if", "unless", "subject", "provid", "condition", "as long", "invitation"}, regexp.MustCompile(`(?i)\bif\b|\bunless\b|\bsubject to\b|\bprovided that\b|\bproviding that\b|\bconditions?\b|\bas long as\b|\bat the invitation of\b`)},
	{"deadline", []string{"until", "later than", "within", "deadline"}, regexp.MustCompile(`(?i)\buntil\b|\bno later than\b|\bwithin\s+(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+(?:days|weeks|months|years)\b|\bdeadline\b`)},
	{"timetable", []string{"timetable", "timeline", "schedule"}, regexp.MustCompile(`(?i)\btimetable\b|\btimeline\b|\bschedule\b`)},
	{"necessity", []string{"must", "requir", "essential", "crucial", "necessary", "enough", "need"}, regexp.MustCompile(`(?i)\bmust\b|\brequires?\b|\brequired\b|\bessential\b|\bcrucial\b|\bnecessary\b|\bnot enough\b|\bneeds? to\b`)},
}

var (
	modalRe      = regexp.MustCompile(`(?i)\b(?:will|would|could|can|is to|are to|shall)\b`)
	afterCueRe   = regexp.MustCompile(`(?i)\bafter\s+(?:the|a|an|\d)`)
	continuingRe = regexp.MustCompile(`^(?:They|These|Those)\s+(?:are|were|include|included)\b`)
	reasonRe     = regexp.MustCompile(`(?i)\b(because|due to|owing to|prompted|prompting|amid|as a result|in response|in retaliation|pushing|to avoid|so that|in order to|reasons?|why|driven by|caused|after)\b`)
	// saidVerbs make a sentence a statement (Facts.Said).
	saidVerbs = toSet("said says told announced stressed emphasised emphasized described called argued proposed thanked pledged named reported")
	// reasonWords are in every match of reasonRe, lower-case.
	reasonWords = []string{"because", "due to", "owing to", "prompt", "amid", "as a result", "in response", "in retaliation", "pushing", "to avoid", "so that", "in order to", "reason", "why", "driven by", "caused", "after"}
)

// ConditionCues finds the phrases that make s a condition: what must
// happen or hold for something else to happen.
func ConditionCues(s string) []Cue {
	var out []Cue
	lower := strings.ToLower(s)
	for _, r := range cueRules {
		if !containsAny(lower, r.words) {
			continue
		}
		for _, m := range r.re.FindAllStringIndex(s, -1) {
			out = append(out, Cue{Text: s[m[0]:m[1]], Kind: r.kind, Start: m[0], End: m[1]})
		}
	}
	// "forces would start leaving … after the U.S. election": a timing
	// condition, when the sentence speaks of what will happen.
	if strings.Contains(lower, "after") && modalRe.MatchString(s) {
		for _, m := range afterCueRe.FindAllStringIndex(s, -1) {
			if !strings.HasPrefix(strings.ToLower(s[m[0]:]), "after that") {
				out = append(out, Cue{Text: "after", Kind: "prerequisite", Start: m[0], End: m[0] + len("after")})
			}
		}
	}
	for i := range out {
		out[i].Back = backCueRe.MatchString(s[out[i].Start:]) || backObjRe.MatchString(s[:out[i].Start])
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start < out[j].Start })
	return out
}

var (
	backCueRe = regexp.MustCompile(`(?i)^(?:(?:will|would)\s+then|after that|afterwards|once\s+(?:this|that|these|those|it)\b)`)
	backObjRe = regexp.MustCompile(`(?i)\b(?:this|that|these|those)\s+$`)
)

// ---------------------------------------------------------------------------
// Speakers

var (
	// speechVerbs attribute a statement to its speaker.
	speechVerbs = toSet("said says told announced stressed emphasised emphasized described called argued proposed thanked pledged named reported added confirmed denied warned insisted noted claimed declared stated acknowledged admitted")
	accordingRe = regexp.MustCompile(`\baccording to\s+((?:the\s+|a\s+)?[^,.;]{1,80}?)(?:\s+(?:on|in|at)\s+\d|[,.;]|$)`)
	auxRe       = regexp.MustCompile(`(?:\s+(?:had|has|have|also|later|then|again|first|at first|was|were|is|are|repeatedly))+$`)
	auxWords    = strings.Fields("had has have also later then again first was were is are repeatedly") // every match of auxRe ends with one
	anaphorRe   = regexp.MustCompile(`(?i)^(?:he|she|they|it|the (?:spokesperson|spokesman|spokeswoman|official|officials|sources|group|ministry|commission|minister|militia|office|statement))$`)
)

// speakerIn finds who the sentence attributes its statement to: the words
// naming them and the parties among them.
func speakerIn(s string, mentions []Mention) (text string, ids []string) {
	// Candidates, best first: ", X said" after a comma; "according to X";
	// then the first "X said".
	type cand struct {
		text string
		a, b int
	}
	var after, first []cand
	for _, m := range wordsIn(s, speechVerbs) {
		before := strings.TrimRight(s[:m[0]], " ")
		if hasSuffixAny(before, auxWords) {
			before = auxRe.ReplaceAllString(before, "")
		}
		a, b := npBefore(before)
		if a == b {
			continue
		}
		c := cand{s[a:b], a, b}
		if a >= 2 && strings.HasSuffix(strings.TrimRight(s[:a], " "), ",") || a >= 2 && strings.HasSuffix(strings.TrimRight(s[:a], " "), `,"`) {
			after = append(after, c)
		}
		first = append(first, c)
	}
	var cs []cand
	cs = append(cs, after...)
	if m := matchIf(accordingRe, s, strings.Contains(s, "according to")); m != nil {
		cs = append(cs, cand{s[m[2]:m[3]], m[2], m[3]})
	}
	cs = append(cs, first...)
	for _, c := range cs {
		var in []Mention
		for _, mm := range mentions {
			if mm.Start >= c.a && mm.End <= c.b && !mm.Place {
				in = append(in, mm)
			}
		}
		switch {
		case len(in) == 0:
		case strings.Contains(s[c.a:c.b], " and ") && len(in) > 1:
			for _, mm := range in {
				ids = append(ids, mm.ID)
			}
		default:
			ids = []string{in[len(in)-1].ID}
		}
		return c.text, ids
	}
	return "", nil
}

// npBefore finds the noun phrase that ends before, skipping an appositive
// ("Maj. Gen. Pat Ryder, speaking for the Pentagon,"): its byte range.
func npBefore(before string) (int, int) {
	end := len(before)
	text := before
	if strings.HasSuffix(text, ",") { // appositive
		inner := strings.LastIndex(text[:len(text)-1], ",")
		if inner < 0 {
			return 0, 0
		}
		text = text[:inner]
		end = inner
	}
	// Back to the start of the clause: a comma, a quote, "and", "that".
	start := 0
	if i := strings.LastIndexAny(text, ",;:\"”"); i >= 0 {
		start = i + 1
	}
	words := strings.Fields(text[start:])
	if len(words) == 0 {
		return 0, 0
	}
	// At most 9 words, not across a clause word.
	k := len(words)
	for k > 0 && len(words)-k < 9 {
		w := strings.ToLower(words[k-1])
		if w == "and" && k < len(words) && !capitalised(words[k]) || w == "that" || w == "which" || w == "who" {
			break
		}
		k--
	}
	if k == len(words) {
		return 0, 0
	}
	for k < len(words) && (words[k] == "and" || words[k] == "but" || words[k] == "or" || words[k] == "then") {
		k++
	}
	if k == len(words) {
		return 0, 0
	}
	a := end - len(strings.Join(words[k:], " "))
	for a < end && before[a] == ' ' {
		a++
	}
	phrase := before[a:end]
	// A verb inside means this is not a subject ("the talks were held").
	for _, w := range strings.Fields(phrase) {
		if midStop[strings.ToLower(w)] && w != "of" && w != "for" && w != "to" && w != "in" {
			return 0, 0
		}
	}
	return a, end
}

func capitalised(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

// ---------------------------------------------------------------------------
// Extraction

// Extract gathers the facts of one sentence of an article published on
// published (zero when unknown), without context.
func Extract(s string, published time.Time) Facts {
	c := &extractContext{published: published}
	return c.extract(s)
}

// ExtractArticle gathers the facts of every passage of a, in order. Unlike
// Extract it reads each sentence in the context of those before it:
// "He said" is given a speaker, "that month" a date, "deployed there" a
// place, "34 or more than 40" the unit of the figure before, and figures
// hold for the article's date (or the month its date note names).
func ExtractArticle(a *Article) []Facts {
	pub, _ := a.PublishedTime()
	c := &extractContext{published: pub, context: true}
	if pub.IsZero() {
		c.noteDate = NoteDate(a.DateNote)
	}
	ps := a.Passages()
	out := make([]Facts, len(ps))
	for i, p := range ps {
		out[i] = c.extract(p.Text)
	}
	return out
}

// extractContext carries what earlier sentences of an article said.
type extractContext struct {
	published time.Time
	noteDate  string
	context   bool // whether the fields below are used

	lastDate     *Date
	lastPlace    string
	lastFigures  []Figure
	lastSpeakers []string // party ids, newest last
	prevMentions []Mention
	prevCues     []Cue
	people       []string // party ids of named people, newest last
}

func (c *extractContext) extract(s string) Facts {
	var last *Date
	if c.context {
		last = c.lastDate
	}
	f := Facts{
		Dates:  extractDates(s, c.published, last),
		Names:  ExtractNames(s),
		Reason: mayContain(s, reasonWords) && reasonRe.MatchString(s),
		Said:   len(wordsIn(s, saidVerbs)) > 0,
	}
	f.Parties = findParties(s, f.Names)
	var prevFigs []Figure
	if c.context {
		prevFigs = c.lastFigures
	}
	f.Figures = extractFigures(s, f.Dates, f.Parties, prevFigs)
	f.Conditions = ConditionCues(s)
	if c.context && len(f.Conditions) == 0 && continuingRe.MatchString(s) {
		for _, cue := range c.prevCues {
			if cue.Kind == "basis" || cue.Kind == "proviso" {
				m := continuingRe.FindString(s)
				f.Conditions = append(f.Conditions, Cue{Text: m, Kind: cue.Kind, Start: 0, End: len(m), Back: true})
				break
			}
		}
	}
	f.Condition = len(f.Conditions) > 0
	for i := range f.Figures {
		c.figureDate(s, &f.Figures[i], f.Dates)
		if f.Figures[i].placeRef && c.context {
			f.Figures[i].Place = c.lastPlace
		}
	}
	text, ids := speakerIn(s, f.Parties)
	if text != "" && len(ids) == 0 && c.context {
		ids = c.resolveSpeaker(text)
	}
	if text != "" {
		f.SpeakerText = text
		f.Speakers = ids
		if len(ids) > 0 {
			f.Speaker = ids[0]
		}
	}
	if c.context {
		c.remember(s, &f)
	}
	return f
}

// figureDate sets the date a figure holds for: a date the sentence gives
// for it ("4 ISIS attacks in 2025", "In December 2023, … reported about
// 2,400"), else the article's.
func (c *extractContext) figureDate(s string, fig *Figure, dates []Date) {
	if fig.Elided && fig.AsOf != "" {
		// "42 in 2024": its own date wins over the one it inherited.
		for _, d := range dates {
			if d.Start >= fig.End && d.Start-fig.End <= 4 && d.Value != "" {
				fig.AsOf, fig.AsOfOrigin = d.Value, d.Origin
			}
		}
		return
	}
	point := func(d Date) bool {
		return d.Value != "" && (d.Rel == "" || d.Rel == "in" || d.Rel == "on" || d.Rel == "at" || d.Rel == "as of" || d.Rel == "during")
	}
	for i, d := range dates {
		if d.Start < fig.End || !attachedAfter.MatchString(s[fig.End:d.Start]) {
			continue
		}
		if d.Rel == "between" && i+1 < len(dates) && dates[i+1].Value != "" {
			fig.AsOf, fig.AsOfOrigin = dates[i+1].Value, dates[i+1].Origin
			return
		}
		if point(d) && strings.Index(s[fig.End:d.Start], ",") < 0 {
			fig.AsOf, fig.AsOfOrigin = d.Value, d.Origin
			return
		}
		break
	}
	for i := len(dates) - 1; i >= 0; i-- {
		d := dates[i]
		if d.End <= fig.Start && point(d) {
			fig.AsOf, fig.AsOfOrigin = d.Value, d.Origin
			return
		}
	}
	switch {
	case !c.published.IsZero():
		fig.AsOf, fig.AsOfOrigin = c.published.Format(time.DateOnly), "published"
	case c.noteDate != "":
		fig.AsOf, fig.AsOfOrigin = c.noteDate, "date note"
	}
}

// resolveSpeaker resolves "He said", "the spokesperson said", "the
// sources said" to a party named before.
func (c *extractContext) resolveSpeaker(text string) []string {
	t := strings.ToLower(strings.TrimSpace(text))
	if !anaphorRe.MatchString(t) {
		// "Hussein said", after "Foreign Minister Fuad Hussein".
		if f := strings.Fields(text); len(f) == 1 && capitalised(text) {
			for i := len(c.people) - 1; i >= 0; i-- {
				if name := strings.TrimPrefix(c.people[i], "name:"); name != c.people[i] && strings.HasSuffix(name, " "+text) {
					return []string{c.people[i]}
				}
			}
		}
		return nil
	}
	switch t {
	case "he", "she":
		if len(c.lastSpeakers) > 0 && isPerson(c.lastSpeakers[len(c.lastSpeakers)-1]) {
			return c.lastSpeakers[len(c.lastSpeakers)-1:]
		}
		if len(c.people) > 0 {
			return c.people[len(c.people)-1:]
		}
		return nil
	case "they", "it":
		if len(c.lastSpeakers) > 0 {
			return c.lastSpeakers[len(c.lastSpeakers)-1:]
		}
		for _, m := range c.prevMentions {
			if !m.Place {
				return []string{m.ID}
			}
		}
		return nil
	}
	noun := strings.TrimPrefix(t, "the ")
	for i := len(c.lastSpeakers) - 1; i >= 0; i-- {
		if describes(c.lastSpeakers[i], noun) {
			return []string{c.lastSpeakers[i]}
		}
	}
	for i := len(c.prevMentions) - 1; i >= 0; i-- {
		if m := c.prevMentions[i]; !m.Place && describes(m.ID, noun) {
			return []string{m.ID}
		}
	}
	return nil
}

// describes reports whether a common noun ("spokesperson", "group") fits a party.
func describes(id, noun string) bool {
	p, ok := partyByID[id]
	if !ok {
		return false
	}
	switch noun {
	case "group", "militia":
		return p.Kind == PartyMilitia || p.Kind == PartyOrganisation
	case "ministry":
		return strings.Contains(p.Name, "Ministry")
	case "commission":
		return strings.Contains(p.Name, "Commission")
	case "office", "statement":
		return true
	}
	singular := strings.TrimSuffix(noun, "s")
	hay := strings.ToLower(p.Name + " " + p.Title + " " + strings.Join(p.Aliases, " "))
	return strings.Contains(hay, singular)
}

func isPerson(id string) bool {
	p, ok := partyByID[id]
	if !ok {
		return strings.HasPrefix(id, "name:")
	}
	return p.Kind == PartyOfficial && !strings.HasSuffix(p.Name, "officials")
}

func (c *extractContext) remember(s string, f *Facts) {
	for i := len(f.Dates) - 1; i >= 0; i-- {
		if f.Dates[i].Value != "" {
			d := f.Dates[i]
			c.lastDate = &d
			break
		}
	}
	ms := placeAny.FindAllStringSubmatchIndex(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		p := s[ms[i][2]:ms[i][3]]
		if !isTimeWord(p) && !insideMention(f.Parties, ms[i][2]) {
			c.lastPlace = cleanPlace(p)
			break
		}
	}
	c.lastFigures = f.Figures
	if len(f.Speakers) > 0 {
		c.lastSpeakers = append(c.lastSpeakers, f.Speakers...)
	}
	c.prevMentions = f.Parties
	c.prevCues = f.Conditions
	for _, m := range f.Parties {
		if !m.Place && isPerson(m.ID) {
			c.people = append(c.people, m.ID)
		}
	}
}

// wordsIn is the byte ranges of the words of s in set: what
// `\b(w1|w2|…)\b` finds, without a regexp (words are runs of ASCII
// letters, digits and underscores, as for \b).
func wordsIn(s string, set map[string]bool) [][]int {
	var out [][]int
	for _, w := range wordStarts(s) {
		if set[s[w[0]:w[1]]] {
			out = append(out, []int{w[0], w[1]})
		}
	}
	return out
}

// mayContain reports whether s may match a case-insensitive rule every
// match of which contains one of words (lower-case ASCII): false only when
// it cannot.
func mayContain(s string, words []string) bool {
	folded, ok := foldASCII(s)
	return !ok || containsAny(folded, words)
}

// foldASCII lower-cases the ASCII letters of s, keeping every byte offset.
// ok is false when s holds a rune that (?i) folds onto an ASCII letter (the
// Kelvin sign, the long s), which folding ASCII misses.
func foldASCII(s string) (folded string, ok bool) {
	upper, high := false, false
	for i := 0; i < len(s); i++ {
		upper = upper || 'A' <= s[i] && s[i] <= 'Z'
		high = high || s[i] >= 0x80
	}
	if high && (strings.ContainsRune(s, '\u212a') || strings.ContainsRune(s, '\u017f')) {
		return s, false
	}
	if !upper {
		return s, true
	}
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b), true
}

// matchIf is re's first submatch in s, when a cheaper test says there may
// be one.
func matchIf(re *regexp.Regexp, s string, maybe bool) []int {
	if !maybe {
		return nil
	}
	return re.FindStringSubmatchIndex(s)
}

func hasSuffixAny(s string, words []string) bool {
	for _, w := range words {
		if strings.HasSuffix(s, w) {
			return true
		}
	}
	return false
}

// numberFirstWords are the words a match of numberRe can begin with, other
// than a number in digits.
var numberFirstWords = func() map[string]bool {
	m := map[string]bool{}
	for _, alt := range strings.Split(approxWords+"|"+numberWords, "|") {
		m[strings.Fields(alt)[0]] = true
	}
	return m
}()

// numberMatches is numberRe.FindAllStringSubmatchIndex(s, -1), found by
// trying the pattern only at the starts of the words that can begin a
// match instead of at every byte: numberRe has no literal prefix for the
// regexp package to skip ahead with, and this is the extractor's most
// frequent search. The results are the same (a match begins at a word
// start, and FindAll takes the leftmost match after the previous one).
func numberMatches(s string) [][]int {
	folded, ok := foldASCII(s)
	if !ok {
		return numberRe.FindAllStringSubmatchIndex(s, -1)
	}
	var out [][]int
	next := 0 // where the next match may start
	for _, w := range wordStarts(folded) {
		if w[0] < next || !(folded[w[0]] >= '0' && folded[w[0]] <= '9' || numberFirstWords[folded[w[0]:w[1]]]) {
			continue
		}
		m := numberAt.FindStringSubmatchIndex(folded[w[0]:])
		if m == nil {
			continue
		}
		for i := range m {
			if m[i] >= 0 {
				m[i] += w[0]
			}
		}
		out = append(out, m)
		next = m[1]
	}
	return out
}

// wordStarts is the byte ranges of the words of s: runs of ASCII letters,
// digits and underscores, as for \b.
func wordStarts(s string) [][2]int {
	var out [][2]int
	start := -1
	for i := 0; i <= len(s); i++ {
		word := i < len(s) && isBoundaryWordByte(s[i])
		switch {
		case word && start < 0:
			start = i
		case !word && start >= 0:
			out = append(out, [2]int{start, i})
			start = -1
		}
	}
	return out
}

// isBoundaryWordByte is a byte of a word as \b sees it.
func isBoundaryWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}
