package corpus

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Figure is a count stated in a sentence: "about 2,500 U.S. troops in Iraq".
// Start/End are byte offsets of the whole phrase within the sentence text.
type Figure struct {
	Value  float64 `json:"value"`
	Approx string  `json:"approx"` // "about", "more than", "fewer than", "at least", "up to" or "exact"
	Unit   string  `json:"unit"`   // canonical unit: troops, personnel, advisers, attacks, …
	Whose  string  `json:"whose,omitempty"`
	Place  string  `json:"place,omitempty"`
	Text   string  `json:"text"`
	Start  int     `json:"-"`
	End    int     `json:"-"`
}

// Date is a date expression in a sentence, resolved where it can be.
type Date struct {
	Text   string `json:"text"`
	Start  int    `json:"-"`
	End    int    `json:"-"`
	Value  string `json:"value,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD
	Origin string `json:"origin"`          // "stated" or "resolved"
}

// Name is a proper name (with its title, if any) in a sentence.
type Name struct {
	Text  string `json:"text"`
	Title string `json:"title,omitempty"`
	Start int    `json:"-"`
	End   int    `json:"-"`
}

// Facts are what a sentence carries.
type Facts struct {
	Figures   []Figure
	Dates     []Date
	Names     []Name
	Condition bool // states what must happen or hold for something else
	Reason    bool // states why something happened
	Said      bool // attributes a statement
}

const numWord = `(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|hundreds|thousands|a few|several)`

var (
	figureRe = regexp.MustCompile(`(?i)\b(?:(about|approximately|roughly|around|some|nearly|almost|an estimated|more than|over|fewer than|less than|under|at least|up to)\s+)?` +
		`(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|` + numWord + `)` +
		`(?:\s+(percent|per cent))?` +
		`((?:\s+(?:of\s+)?[\w.'’-]+){0,4}?)\s+` +
		`(troops|soldiers|personnel|advisers|advisors|forces|fighters|attacks|targets|members|countries|nations|people|square kilometres|square kilometers|bases|brigades|times|years|months|militants|detainees|detained)\b`)
	inPlaceRe = regexp.MustCompile(`^\s*(?:stationed\s+|based\s+|deployed\s+)?(?:in|at|from)\s+((?:the\s+)?(?:[A-Z][\w'’-]+)(?:\s+(?:[A-Z][\w'’-]+|region|air base))*)`)
	unitCanon = map[string]string{
		"soldiers": "troops", "forces": "troops", "advisors": "advisers", "nations": "countries",
		"square kilometers": "square kilometres", "detained": "detainees", "per cent": "percent",
		"troop": "troops", "gis": "troops", "servicemembers": "troops", "strikes": "attacks",
	}
	wordValue   = map[string]float64{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "dozens": 24, "hundreds": 200, "thousands": 2000, "a few": 3, "several": 3}
	approxCanon = map[string]string{"about": "about", "approximately": "about", "roughly": "about", "around": "about", "some": "about", "nearly": "about", "almost": "about", "an estimated": "about",
		"more than": "more than", "over": "more than", "fewer than": "fewer than", "less than": "fewer than", "under": "fewer than", "at least": "at least", "up to": "up to"}
	whoseWords = map[string]string{"u.s.": "U.S.", "us": "U.S.", "american": "U.S.", "america's": "U.S.", "coalition": "coalition", "iraqi": "Iraqi", "isis": "ISIS", "isil": "ISIS", "daesh": "ISIS", "european": "European", "kurdish": "Kurdish", "foreign": "foreign", "iranian": "Iranian"}
)

// ExtractFigures finds counts with their unit, whose and place.
func ExtractFigures(s string) []Figure {
	var out []Figure
	for _, m := range figureRe.FindAllStringSubmatchIndex(s, -1) {
		g := func(i int) string {
			if m[2*i] < 0 {
				return ""
			}
			return s[m[2*i]:m[2*i+1]]
		}
		num, mid, unit := strings.ToLower(g(2)), g(4), strings.ToLower(g(5))
		if g(3) != "" { // "20 percent"
			unit, mid = "percent", ""
		}
		if isYearLike(num) && unit == "" {
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
		if c, ok := unitCanon[unit]; ok {
			unit = c
		}
		end := m[1]
		if g(3) != "" {
			end = m[7]
		}
		fig := Figure{Value: v, Approx: "exact", Unit: unit, Start: m[0], End: end}
		if a := strings.ToLower(g(1)); a != "" {
			fig.Approx = approxCanon[a]
		}
		fig.Whose = whoseOf(mid)
		if p := inPlaceRe.FindStringSubmatch(s[end:]); p != nil {
			fig.Place = strings.TrimPrefix(p[1], "the ")
		}
		fig.Text = s[fig.Start:fig.End]
		out = append(out, fig)
	}
	return out
}

// CanonicalUnit maps a word naming what is counted ("soldiers") to the unit
// figures are filed under ("troops"); "" when it names no unit.
func CanonicalUnit(word string) string {
	w := strings.ToLower(word)
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

func whoseOf(mid string) string {
	var parts []string
	for _, w := range strings.Fields(strings.ToLower(mid)) {
		if c, ok := whoseWords[strings.Trim(w, ",")]; ok {
			parts = append(parts, c)
		}
	}
	return strings.Join(parts, " and ")
}

var months = map[string]time.Month{"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8, "september": 9, "october": 10, "november": 11, "december": 12}

const monthRe = `(January|February|March|April|May|June|July|August|September|October|November|December)`

var (
	dayMonthYearRe = regexp.MustCompile(`\b(\d{1,2})(?:[–-](\d{1,2}))?\s+` + monthRe + `\s+(\d{4})\b`)
	monthDayYearRe = regexp.MustCompile(`\b` + monthRe + `\s+(\d{1,2}),\s+(\d{4})\b`)
	monthYearRe    = regexp.MustCompile(`\b(?:(?:early|mid|late)-?\s?)?` + monthRe + `\s+(\d{4})\b`)
	endOfYearRe    = regexp.MustCompile(`\b(?:the\s+)?end of (\d{4})\b`)
	yearRe         = regexp.MustCompile(`\b(?:in|since|by|until|of|from)\s+(\d{4})\b`)
	relativeRe     = regexp.MustCompile(`(?i)\b(next week|last week|the following week|the following year|next year|last year|the previous year|the year before|the summer before|this week|(?:on|last|next)\s+(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday))\b`)
)

// ExtractDates finds absolute dates, and relative ones resolved against
// published (zero when unknown).
func ExtractDates(s string, published time.Time) []Date {
	var out []Date
	taken := func(a, b int) bool {
		for _, d := range out {
			if a < d.End && b > d.Start {
				return true
			}
		}
		return false
	}
	add := func(a, b int, value, origin string) {
		if !taken(a, b) {
			out = append(out, Date{Text: s[a:b], Start: a, End: b, Value: value, Origin: origin})
		}
	}
	for _, m := range dayMonthYearRe.FindAllStringSubmatchIndex(s, -1) {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		mo := months[strings.ToLower(s[m[6]:m[7]])]
		add(m[0], m[1], time.Date(atoi(s[m[8]:m[9]]), mo, d, 0, 0, 0, 0, time.UTC).Format(time.DateOnly), "stated")
	}
	for _, m := range monthDayYearRe.FindAllStringSubmatchIndex(s, -1) {
		mo := months[strings.ToLower(s[m[2]:m[3]])]
		add(m[0], m[1], time.Date(atoi(s[m[6]:m[7]]), mo, atoi(s[m[4]:m[5]]), 0, 0, 0, 0, time.UTC).Format(time.DateOnly), "stated")
	}
	for _, m := range monthYearRe.FindAllStringSubmatchIndex(s, -1) {
		mo := months[strings.ToLower(s[m[2]:m[3]])]
		add(m[0], m[1], s[m[4]:m[5]]+"-"+twoDigits(int(mo)), "stated")
	}
	for _, m := range endOfYearRe.FindAllStringSubmatchIndex(s, -1) {
		add(m[0], m[1], s[m[2]:m[3]]+"-12", "stated")
	}
	for _, m := range yearRe.FindAllStringSubmatchIndex(s, -1) {
		add(m[2], m[3], s[m[2]:m[3]], "stated")
	}
	for _, m := range relativeRe.FindAllStringSubmatchIndex(s, -1) {
		value, origin := resolveRelative(strings.ToLower(s[m[2]:m[3]]), published)
		add(m[2], m[3], value, origin)
	}
	sortDates(out)
	return out
}

func resolveRelative(phrase string, published time.Time) (string, string) {
	if published.IsZero() {
		return "", "unresolved"
	}
	weekdays := map[string]time.Weekday{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}
	f := strings.Fields(phrase)
	switch {
	case phrase == "next week" || phrase == "the following week":
		return published.AddDate(0, 0, 7).Format("2006-01-02") + "/week", "resolved"
	case phrase == "last week":
		return published.AddDate(0, 0, -7).Format("2006-01-02") + "/week", "resolved"
	case phrase == "this week":
		return published.Format("2006-01-02") + "/week", "resolved"
	case phrase == "next year" || phrase == "the following year":
		return strconv.Itoa(published.Year() + 1), "resolved"
	case phrase == "last year" || phrase == "the previous year" || phrase == "the year before" || phrase == "the summer before":
		return strconv.Itoa(published.Year() - 1), "resolved"
	case len(f) == 2:
		wd := weekdays[f[1]]
		delta := int(wd - published.Weekday())
		switch f[0] {
		case "next":
			if delta <= 0 {
				delta += 7
			}
		default: // "on Saturday" and "last Saturday": the most recent such day, in a report
			if delta > 0 {
				delta -= 7
			}
		}
		return published.AddDate(0, 0, delta).Format(time.DateOnly), "resolved"
	}
	return "", "unresolved"
}

func atoi(s string) int { n, _ := strconv.Atoi(s); return n }

func twoDigits(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

func sortDates(ds []Date) {
	for i := 1; i < len(ds); i++ {
		for j := i; j > 0 && ds[j].Start < ds[j-1].Start; j-- {
			ds[j], ds[j-1] = ds[j-1], ds[j]
		}
	}
}

var (
	titleWords  = `(?:Prime Minister|Defen[cs]e Secretary|Secretary of State|Defen[cs]e Minister|Foreign Minister|Ambassador|President|Maj\. Gen\.|Lt\. Gen\.|Gen\.|Brig\. Gen\.|Col\.|Deputy Pentagon press secretary|Pentagon spokesman|press secretary|spokesman|spokesperson|commander|leader|Kurdistan Region Prime Minister)`
	nameRe      = regexp.MustCompile(`(?:\b(` + titleWords + `)\s+)?\b((?:[A-Z][a-z’']+|al-[A-Z][a-z]+|[A-Z]{2,})(?:[\s-](?:[A-Z][a-z’']+|al-[A-Z][a-z]+|al|bin|of|the|[A-Z]{2,}))*(?:\s(?:[A-Z][a-z’']+|al-[A-Z][a-z]+|[A-Z]{2,})))`)
	singleCapRe = regexp.MustCompile(`\b[A-Z][a-z]+\b`)
	conditionRe = regexp.MustCompile(`(?i)\b(once|if|until|unless|subject to|depends? on|dependent on|based on|before|provided that|conditions?|factors?|timetable|timeline|must|requires?|only after|as long as)\b`)
	reasonRe    = regexp.MustCompile(`(?i)\b(because|due to|owing to|prompted|prompting|amid|as a result|in response|in retaliation|pushing|to avoid|so that|in order to|reasons?|why|driven by|caused|after)\b`)
	saidRe      = regexp.MustCompile(`\b(said|says|told|announced|stressed|emphasi[sz]ed|described|called|argued|proposed|thanked|pledged|named|reported)\b`)
)

// sentenceStarters are capitalised words that begin sentences without being names.
var notNames = map[string]bool{"The": true, "A": true, "An": true, "It": true, "He": true, "She": true, "They": true, "This": true, "That": true, "These": true, "Those": true, "However": true, "Under": true, "After": true, "Before": true, "On": true, "In": true, "At": true, "As": true, "Over": true, "Iraqi": false, "Currently": true, "Once": true, "Finding": true, "Later": true, "Its": true, "Their": true, "His": true, "Her": true, "About": true, "Some": true, "Both": true, "Officials": true, "Afterwards": true}

// ExtractNames finds proper names of two or more capitalised words (with a
// preceding title) and single capitalised words that are not sentence
// furniture.
func ExtractNames(s string) []Name {
	var out []Name
	for _, m := range nameRe.FindAllStringSubmatchIndex(s, -1) {
		text := s[m[4]:m[5]]
		start := m[4]
		for {
			first, rest, ok := strings.Cut(text, " ")
			if !ok || !notNames[first] {
				break
			}
			text, start = rest, start+len(first)+1
		}
		if !strings.Contains(text, " ") && !strings.Contains(text, "-") {
			continue
		}
		n := Name{Text: text, Start: start, End: start + len(text)}
		if m[2] >= 0 {
			n.Title = s[m[2]:m[3]]
		}
		out = append(out, n)
	}
	return out
}

// HasProperName reports whether the sentence names someone or something
// beyond its first word.
func HasProperName(s string) bool {
	if len(ExtractNames(s)) > 0 {
		return true
	}
	for _, m := range singleCapRe.FindAllStringIndex(s, -1) {
		if m[0] > 0 && !notNames[s[m[0]:m[1]]] {
			return true
		}
	}
	return false
}

// Extract gathers the facts of one sentence of an article published on
// published (zero when unknown).
func Extract(s string, published time.Time) Facts {
	return Facts{
		Figures:   ExtractFigures(s),
		Dates:     ExtractDates(s, published),
		Names:     ExtractNames(s),
		Condition: conditionRe.MatchString(s),
		Reason:    reasonRe.MatchString(s),
		Said:      saidRe.MatchString(s),
	}
}
