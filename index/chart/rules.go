package chart

import (
	"regexp"
	"sort"
	"strings"
	"time"

	"github.com/talksbot/talksbot/index"
)

// The milestones of the talks are found by rules on the words of the
// sentences that date them: "The first formal session of the talks was
// held in Baghdad on 27 January 2024" opens the talks. A rule names what
// it finds (a label); of the sentences it matches, one is picked.

// A rule recognises a kind of milestone in a dated sentence.
type rule struct {
	kind  string
	label string   // the label, unless name gives one
	all   []string // the sentence has a word or phrase of each ("a|b")
	rel   []string // the date's relation is one of these (nil: any)
	day   bool     // the date names a day
	// newest: of several reports, the newest wins (a plan as last
	// reported); else the earliest date.
	newest bool
	key    bool // drawn as an event line on the troops chart
	// name is the label from the sentence; "" when it names none (then
	// the rule does not apply).
	name func(text string) string
}

// rules are tried in order: the first that matches labels a sentence's
// date, and a milestone found by an earlier rule wins its date.
var rules = []rule{
	{kind: "talks-open", label: "talks open", all: []string{"first", "session|round|meeting", "talks|negotiations|dialogue"},
		rel: []string{"on", ""}, day: true, key: true},
	{kind: "talks-open", label: "talks open", all: []string{"talks|negotiations", "opened|began|begin|started|start|launched"},
		rel: []string{"on", ""}, day: true, key: true},
	{kind: "end-date-agreed", label: "end date agreed", all: []string{"joint statement|agreed|announced|agreement", "end|ending", "mission"},
		rel: []string{"on", ""}, day: true, key: true},
	{kind: "drawdown", label: "drawdown begins",
		all:    []string{"start|begin|began|started|starting|begins|starts", "leaving|leave|withdrawal|withdrawals|withdraw|withdrawing|drawdown|pull|pulling|reduction"},
		newest: true, key: true},
	{kind: "mission-ends", label: "mission ends", all: []string{"mission|coalition", "end|ends|ending"},
		rel: []string{"by", "until"}, newest: true, key: true},
	{kind: "handover", all: []string{"handed over|hand over|handover|full control|taken control|took control"},
		key: true, name: handoverName},
	{kind: "commission", label: "commission agreed", all: []string{"commission", "agreed|launching|launch|committed|set up|formed"}},
	{kind: "visit", all: []string{"visited|visits"}, name: visitName},
	{kind: "dialogue", all: []string{"dialogue"}, name: func(text string) string {
		if hasAny(words(text), "security") {
			return "security dialogue"
		}
		return "dialogue"
	}},
	{kind: "leave", all: []string{"leave|leaving"}, name: leaveName},
}

// cand is a dated sentence of the timeline, as the rules see it.
type cand struct {
	e       index.TimelineEvent
	at      time.Time
	ws      string // words(e.Quote.Text)
	planned bool
}

// candidates are the timeline's placeable events, less the dates that only
// say when something was said ("officials said at a background briefing
// on 25 January 2024 …") in a sentence that dates its subject otherwise.
func candidates(v index.TimelineView) []cand {
	type sentence struct {
		article string
		sent    int
	}
	dates := map[sentence]int{}
	for _, e := range v.Events {
		dates[sentence{e.Quote.ArticleID, e.Quote.Sent}]++
	}
	var cs []cand
	for _, e := range v.Events {
		at, ok := place(e.Date)
		if !ok {
			continue
		}
		if dates[sentence{e.Quote.ArticleID, e.Quote.Sent}] > 1 && attribution(e) {
			continue
		}
		cs = append(cs, cand{e: e, at: at, ws: words(e.Quote.Text), planned: planned(at, e.Quote)})
	}
	return cs
}

// attribution reports whether the event's date is when someone spoke: the
// words before it say so ("said at a background briefing on", "Speaking
// on"), and they are not a joint statement's (whose date is a milestone).
func attribution(e index.TimelineEvent) bool {
	i := strings.Index(e.Quote.Text, e.DateText)
	if i < 0 {
		return false
	}
	before := strings.Fields(e.Quote.Text[:i])
	if len(before) > 6 {
		before = before[len(before)-6:]
	}
	ws := words(strings.Join(before, " "))
	return hasAny(ws, "said|speaking|briefing|briefings|told|according|report|reported") && !hasAny(ws, "statement")
}

// match is the first rule that matches c, with its label.
func match(c cand) (int, string, bool) {
	for i, r := range rules {
		if label, ok := r.match(c); ok {
			return i, label, true
		}
	}
	return 0, "", false
}

func (r rule) match(c cand) (string, bool) {
	for _, alts := range r.all {
		if !hasAny(c.ws, alts) {
			return "", false
		}
	}
	if r.day && precision(c.e.Date) < 3 {
		return "", false
	}
	if r.rel != nil && !containsString(r.rel, c.e.Relation) {
		return "", false
	}
	if r.name == nil {
		return r.label, true
	}
	label := r.name(c.e.Quote.Text)
	return label, label != ""
}

// better reports whether a is a better report of a milestone than b: a
// stated date over a resolved one, a finer date, then the newest report or
// the earliest date (as the rule says), then reading order.
func (r rule) better(a, b cand) bool {
	if sa, sb := a.e.Origin == "stated", b.e.Origin == "stated"; sa != sb {
		return sa
	}
	if pa, pb := precision(a.e.Date), precision(b.e.Date); pa != pb {
		return pa > pb
	}
	if r.newest {
		da, _ := sourceDate(a.e.Quote)
		db, _ := sourceDate(b.e.Quote)
		if !da.Equal(db) {
			return da.After(db)
		}
	} else if !a.at.Equal(b.at) {
		return a.at.Before(b.at)
	}
	if a.e.Quote.ArticleID != b.e.Quote.ArticleID {
		return a.e.Quote.ArticleID < b.e.Quote.ArticleID
	}
	return a.e.Quote.Sent < b.e.Quote.Sent
}

// picked is a milestone the rules found: the best report of each label.
type picked struct {
	cand
	rule  int
	label string
}

// pick finds, for each label the rules give, its best report, in rule
// order; rest are the other reports the rules matched.
func pick(cs []cand) (ps []picked, rest []cand) {
	byLabel := map[string]int{}
	for _, c := range cs {
		i, label, ok := match(c)
		if !ok {
			continue
		}
		j, seen := byLabel[label]
		switch {
		case !seen:
			byLabel[label] = len(ps)
			ps = append(ps, picked{c, i, label})
		case i < ps[j].rule || i == ps[j].rule && rules[i].better(c, ps[j].cand):
			rest = append(rest, ps[j].cand)
			ps[j] = picked{c, i, label}
		default:
			rest = append(rest, c)
		}
	}
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].rule < ps[b].rule })
	return ps, rest
}

func containsString(xs []string, s string) bool {
	for _, x := range xs {
		if x == s {
			return true
		}
	}
	return false
}

// A name: capitalised words, "al-" names among them ("Ain al-Asad").
const capWords = `((?:al-)?[A-Z][\p{L}’'.-]*(?: (?:al-)?[A-Z][\p{L}’'.-]*)*)`

var (
	controlOf  = regexp.MustCompile(`control of (?:the )?` + capWords)
	handedOver = regexp.MustCompile(capWords + ` (?:would be|will be|was|is|to be) handed over`)
	leaveWhere = regexp.MustCompile(`\bleav(?:e|ing) (?:the )?` + capWords + `( region| province)?`)
	visited    = regexp.MustCompile(`(\S+) visited ` + capWords)
)

// handoverName labels a handover by the place handed over: "Ain al-Asad
// handed over".
func handoverName(text string) string {
	for _, re := range []*regexp.Regexp{controlOf, handedOver} {
		if m := re.FindStringSubmatch(text); m != nil {
			return m[1] + " handed over"
		}
	}
	return "handover"
}

// visitName labels a visit: "al-Sudani visits Washington".
func visitName(text string) string {
	m := visited.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return m[1] + " visits " + m[2]
}

// leaveName labels forces leaving a named place: "forces leave Kurdistan
// region"; "" when the sentence names no place left.
func leaveName(text string) string {
	m := leaveWhere.FindStringSubmatch(text)
	if m == nil {
		return ""
	}
	return "forces leave " + m[1] + m[2]
}
