package index

import "strings"

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
			return d.Text, claimKey(d.Text)
		}
	case role == "\x00where":
		if v := placeIn(p, strings.ToLower(q)); v != "" {
			return v, claimKey(strings.TrimPrefix(v, "the "))
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
		total += ps[i].Score
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
			v.Mass += ps[i].Score / total
		}
		if !articles[key][ps[i].ArticleID] {
			articles[key][ps[i].ArticleID] = true
			v.Articles++
		}
	}
	return out, keys
}
