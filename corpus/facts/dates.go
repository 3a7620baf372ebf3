package facts

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
)

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

// NoteDate reads a month and year out of a date note ("late January 2024"
// → "2024-01", "about 25 January 2024" → "2024-01-25"); "" when it has none.
func NoteDate(note string) string {
	ds := ExtractDates(note, time.Time{})
	if len(ds) == 0 {
		return ""
	}
	return ds[0].Value
}
