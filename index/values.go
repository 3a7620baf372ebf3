package index

import (
	"regexp"
	"strings"
	"unicode"
)

// Values: the decision weighs the answer, not the passage. Several
// passages that give the same figure, date, place or person are one
// answer with more evidence, not five rivals splitting the probability.
// groupValues reads the short answer each of the best candidates gives
// and groups them by value.

// valueDepth is how many of the ranked candidates the values are read from.
const valueDepth = 10

// Value is one short answer the ranked candidates give, with its evidence.
type Value struct {
	Text     string  `json:"text"`     // verbatim, from the best passage that gives it
	Passages int     `json:"passages"` // how many of the best candidates give it
	Articles int     `json:"articles"` // … from how many articles
	Mass     float64 `json:"mass"`     // their share of the ranked probability of the best candidates
	First    int     `json:"first"`    // the rank (0-based) of the best passage giving it

	key string
}

// valueOf is the short answer a passage gives to a question of kind,
// and what makes two such answers the same: "" when it gives none (or
// the kind asks for no value: why, condition, yes/no, other).
func valueOf(p *Passage, q string, want *figureWant, role string) (text, key string) {
	switch {
	case want != nil: // count
		// Figures of one thing at different dates are one answer told over
		// time (2,500 in 2024, fewer than 2,000 after the drawdown), not
		// rivals: the key is what is counted, where, not the number.
		for _, f := range p.facts.Figures {
			if want.matches(f) {
				return f.Text, strings.ToLower(f.Unit + "|" + f.Whose + "|" + f.Place + "|" + f.State)
			}
		}
	case role == "\x00when":
		if len(p.facts.Dates) > 0 {
			d := p.facts.Dates[0]
			if d.Value != "" {
				return d.Text, d.Value
			}
			return d.Text, ClaimKey(d.Text)
		}
	case role == "\x00where":
		if v := placeIn(p, strings.ToLower(q)); v != "" {
			return v, ClaimKey(strings.TrimPrefix(v, "the "))
		}
	default: // who, with the role asked about ("" for none)
		if v := whoIn(p, role, q); v != "" {
			return v, nameKey(v)
		}
	}
	return "", ""
}

// nameKey makes "Maj. Gen. Yahya Rasool" and "Rasool" one value: the last
// word of a name, or the whole of a role phrase.
func nameKey(v string) string {
	ws := strings.Fields(strings.ToLower(v))
	if len(ws) == 0 {
		return ""
	}
	if len(ws) > 3 { // a role phrase: "spokesperson for Iran's top military commander"
		return strings.Join(ws, " ")
	}
	return strings.Trim(ws[len(ws)-1], ".,'’")
}

// valueKinds are the kinds whose answer is a value (the rest are
// answered by a passage).
var valueKinds = map[Kind]bool{KindCount: true, KindWhen: true, KindWhere: true, KindWho: true}

// values groups the short answers of the best candidates by value, best
// first (the value of the first candidate first, when it gives one); it
// also returns each candidate's value key ("" for none).
func values(a *Analysis, ps []Passage) ([]Value, []string) {
	if !valueKinds[a.Kind] || len(ps) == 0 {
		return nil, nil
	}
	n := min(valueDepth, len(ps))
	var want *figureWant
	role := ""
	switch a.Kind {
	case KindCount:
		w := askedFigure(a.Normalized, ps)
		if w.place == "" {
			strong := make([]*Passage, n)
			for i := range strong {
				strong[i] = &ps[i]
			}
			w.place = impliedPlace(w, strong)
		}
		want = &w
	case KindWhen:
		role = "\x00when"
	case KindWhere:
		role = "\x00where"
	case KindWho:
		role = roleIn(a.Normalized)
	}
	var total float64
	for i := 0; i < n; i++ {
		total += ps[i].Share
	}
	keys := make([]string, n)
	var out []Value
	articles := map[string]map[string]bool{}
	for i := 0; i < n; i++ {
		text, key := valueOf(&ps[i], a.Normalized, want, role)
		keys[i] = key
		if key == "" {
			continue
		}
		j := -1
		for k := range out {
			if out[k].key == key {
				j = k
				break
			}
		}
		if j < 0 {
			out = append(out, Value{Text: text, key: key, First: i})
			articles[key] = map[string]bool{}
			j = len(out) - 1
		}
		v := &out[j]
		v.Passages++
		if total > 0 {
			v.Mass += ps[i].Share / total
		}
		if !articles[key][ps[i].ArticleID] {
			articles[key][ps[i].ArticleID] = true
			v.Articles++
		}
	}
	return out, keys
}

// valueNews reports whether a value tells the asker something the
// question does not already hold: "more than 150 attacks" does not answer
// "how many of the 150 attacks…", "November 2024" does not answer "what
// day in Nov 2024…", "Tower 22" does not answer "where did the Tower 22
// drone take off from". coarse reports a value less precise than asked:
// a year for "which month", a month for "what day", a role for "what is
// the name of".
func valueNews(q string, kind Kind, v Value, quote string) (news, coarse bool) {
	lq := strings.ToLower(q)
	switch kind {
	case KindWhen:
		qd := questionDates(q)
		for _, d := range qd {
			if d == v.key {
				return false, false
			}
		}
		switch {
		case asksDayRe.MatchString(lq):
			coarse = len(v.key) < len("2006-01-02") || !isDateKey(v.key)
		case asksMonthRe.MatchString(lq):
			coarse = len(v.key) < len("2006-01") || !isDateKey(v.key)
		}
		return true, coarse
	case KindCount:
		nums := valueNumberRe.FindAllString(v.Text, -1)
		if len(nums) > 0 {
			have := map[string]bool{}
			for _, n := range valueNumberRe.FindAllString(q, -1) {
				have[strings.ReplaceAll(n, ",", "")] = true
			}
			for _, n := range nums {
				if !have[strings.ReplaceAll(n, ",", "")] {
					return true, false
				}
			}
			return false, false
		}
	case KindWhere:
		// "Where in Syria…" is not answered by another country.
		if c := countryIn(lq); c != "" {
			if vc := countryIn(strings.ToLower(v.Text)); vc != "" && vc != c {
				coarse = true
			}
		}
	case KindWho:
		// "Who did Sudani meet?" is not answered by Sudani: a name whose
		// last word (al- aside) the question holds is not news.
		if k := lastNamePart(v.Text); len(k) > 2 {
			for _, w := range strings.FieldsFunc(lq, notWordRune) {
				if w == k {
					return false, false
				}
			}
		}
		coarse = asksNameRe.MatchString(lq) && !hasName(v.Text, lq)
		// "Lt. Gen. X, deputy commander of …" is not who commands: a
		// deputy, former or acting holder is not the asked role's holder.
		if i := strings.Index(quote, v.Text); i >= 0 && !qualifierRe.MatchString(lq) {
			around := quote[max(0, i-30):min(len(quote), i+len(v.Text)+30)]
			coarse = coarse || qualifierRe.MatchString(strings.ToLower(around))
		}
	}
	// A place or name: news unless every word of it is in the question.
	qw := map[string]bool{}
	for _, w := range strings.FieldsFunc(lq, notWordRune) {
		qw[w] = true
	}
	for _, w := range strings.FieldsFunc(strings.ToLower(v.Text), notWordRune) {
		if !stopValueWords[w] && !qw[w] {
			return true, coarse
		}
	}
	return false, coarse
}

var (
	asksDayRe     = regexp.MustCompile(`\b(?:what|which|exact)\s+(?:day|date)\b|\bon what (?:day|date)\b`)
	asksMonthRe   = regexp.MustCompile(`\b(?:what|which)\s+month\b`)
	asksNameRe    = regexp.MustCompile(`\bnames?\b|\bnamed\b|\bcalled\b`)
	qualifierRe   = regexp.MustCompile(`\b(?:deputy|vice|former|acting|assistant|ex-)\b`)
	valueNumberRe = regexp.MustCompile(`\d[\d,.]*`)
	dateKeyRe     = regexp.MustCompile(`^\d{4}(?:-\d{2}(?:-\d{2})?)?$`)
)

func isDateKey(k string) bool { return dateKeyRe.MatchString(k) }

// hasName reports whether v has a capitalised word that is not one of
// the question's own words (nor a possessive or a nationality of one:
// "Iraq's foreign minister" names nobody to "the Iraqi foreign minister").
func hasName(v, lq string) bool {
	qw := strings.FieldsFunc(lq, notWordRune)
	for _, w := range strings.Fields(v) {
		r := []rune(w)
		if len(r) == 0 || !unicode.IsUpper(r[0]) {
			continue
		}
		lw := strings.ToLower(strings.TrimRight(w, ".,;:"))
		if strings.HasSuffix(lw, "'s") || strings.HasSuffix(lw, "’s") || stopValueWords[lw] || strings.Contains(lw, ".") {
			continue
		}
		inQuestion := false
		for _, q := range qw {
			if strings.HasPrefix(q, lw) || strings.HasPrefix(lw, q) && len(q) > 3 {
				inQuestion = true
				break
			}
		}
		if !inQuestion {
			return true
		}
	}
	return false
}

func notWordRune(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }

// stopValueWords are the words of a value that carry nothing of it.
var stopValueWords = toSet("the a an of in on at by to and u s us")

// lastNamePart is the last word of a name, lower case, without "al-":
// "Mohammed Shia al-Sudani" → "sudani".
func lastNamePart(v string) string {
	ws := strings.FieldsFunc(strings.ToLower(v), func(r rune) bool { return notWordRune(r) && r != '-' })
	if len(ws) == 0 {
		return ""
	}
	return strings.TrimPrefix(ws[len(ws)-1], "al-")
}

// countries are the countries the coverage places things in; a question
// that asks where in one is not answered by another.
var countries = []string{"iraq", "syria", "jordan", "iran", "kuwait", "turkey", "lebanon", "israel", "qatar", "saudi arabia"}

// countryIn is the first country named in lower-case s as a whole word
// ("iraqi" is not Iraq), or "".
func countryIn(s string) string {
	for _, w := range strings.FieldsFunc(s, notWordRune) {
		for _, c := range countries {
			if w == c {
				return c
			}
		}
	}
	if strings.Contains(s, "saudi arabia") {
		return "saudi arabia"
	}
	return ""
}
