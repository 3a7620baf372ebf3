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
	// reported: the rule reads what an article reports done without a
	// date of its own (index.TimelineView.Reported), and only that.
	reported bool
	// name is the label from the sentence; "" when it names none (then
	// the rule does not apply).
	name func(q index.Quote) string
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
	// What an article reports done on its day: troops that left or fell
	// in number begin the drawdown; a mission said to have ended.
	{kind: "drawdown", label: "drawdown begins", all: []string{"troops|forces|force", "left|withdrew|withdrawn|falls|fell|cut|reduced"},
		reported: true, newest: true, key: true},
	{kind: "mission-ends", label: "mission ends", all: []string{"mission|coalition", "end|ends|ending"},
		rel: []string{"by", "until"}, newest: true, key: true},
	{kind: "mission-ends", all: []string{"mission", "ended"}, reported: true, newest: true, key: true, name: missionEndedName},
	{kind: "handover", all: []string{"handed over|hand over|handover|full control|taken control|took control"},
		key: true, name: ofText(handoverName)},
	// A deadly strike or attack that its article's title reports (and the
	// sentence dates to a day): a turn in the talks' course, unlike the
	// many attacks counted in passing.
	{kind: "strike", all: []string{violent}, day: true, name: deadlyName},
	{kind: "commission", label: "commission agreed", all: []string{"commission", "agreed|launching|launch|committed|set up|formed"}},
	{kind: "visit", all: []string{"visited|visits"}, name: ofText(visitName)},
	{kind: "dialogue", all: []string{"dialogue"}, name: func(q index.Quote) string {
		if hasAny(words(q.Text), "security") {
			return "security dialogue"
		}
		return "dialogue"
	}},
	{kind: "leave", all: []string{"leave|leaving"}, name: ofText(leaveName)},
}

// ofText makes a name of the quote's text a rule's name.
func ofText(f func(string) string) func(index.Quote) string {
	return func(q index.Quote) string { return f(q.Text) }
}

// cand is a dated sentence of the timeline, as the rules see it.
type cand struct {
	e        index.TimelineEvent
	at       time.Time
	ws       string // words(e.Quote.Text)
	planned  bool
	reported bool // from TimelineView.Reported: dated by its article
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
	for _, e := range v.Reported {
		if at, ok := place(e.Date); ok {
			cs = append(cs, cand{e: e, at: at, ws: words(e.Quote.Text), reported: true})
		}
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
	if r.reported != c.reported {
		return "", false
	}
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
	label := r.name(c.e.Quote)
	return label, label != ""
}

// better reports whether a is a better report of a milestone than b: a
// stated date (or an article's own) over a resolved one, a finer date, then the newest report or
// the earliest date (as the rule says), then reading order.
func (r rule) better(a, b cand) bool {
	if sa, sb := a.e.Origin != "resolved", b.e.Origin != "resolved"; sa != sb {
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
	// by is the later report that the plan was done, when there is one
	// (confirm).
	by *cand
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
			ps = append(ps, picked{cand: c, rule: i, label: label})
		case sameKind(i, ps[j].rule) && rules[i].better(c, ps[j].cand),
			!sameKind(i, ps[j].rule) && (i < ps[j].rule || i == ps[j].rule && rules[i].better(c, ps[j].cand)):
			rest = append(rest, ps[j].cand)
			ps[j] = picked{cand: c, rule: i, label: label}
		default:
			rest = append(rest, c)
		}
	}
	ps = confirm(ps)
	sort.SliceStable(ps, func(a, b int) bool { return ps[a].rule < ps[b].rule })
	return ps, rest
}

// deadline relations: the plan's date is the latest it may happen.
var deadline = map[string]bool{"by": true, "until": true}

// confirm takes a planned milestone's state from the latest article on it:
// a deadline ("no later than the end of September 2025") that a later
// article reports done ("said the coalition's mission in federal Iraq had
// ended") keeps its date and is drawn done, under the report's words; the
// report is not shown a second time. (A plan of another kind, "would
// start leaving … in November 2024", gives way to the newest report of
// its kind in pick.)
func confirm(ps []picked) []picked {
	used := make([]bool, len(ps))
	for i := range ps {
		p := &ps[i]
		if !p.planned || !deadline[p.e.Relation] {
			continue
		}
		from, _ := sourceDate(p.e.Quote)
		for j, r := range ps {
			if used[j] || !r.reported || rules[r.rule].kind != rules[p.rule].kind {
				continue
			}
			if at, _ := sourceDate(r.e.Quote); !at.After(from) {
				continue
			}
			rc := r.cand
			p.planned, p.label, p.by = false, r.label, &rc
			used[j] = true
			break
		}
	}
	out := ps[:0]
	for j, p := range ps {
		if !used[j] {
			out = append(out, p)
		}
	}
	return out
}

// sameKind reports whether rules i and j find one kind of milestone of
// which the newest report wins: then the reports, not the rules' order,
// decide (a drawdown reported done beats the plan for it).
func sameKind(i, j int) bool {
	return rules[i].kind == rules[j].kind && rules[i].newest && rules[j].newest
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

// missionIn is where a mission is said to have ended: "mission in federal
// Iraq had ended".
var missionIn = regexp.MustCompile(`mission in ((?:(?:federal|northern|southern|eastern|western|central) )?` + capWords + `)`)

// missionEndedName labels a mission reported ended: "mission ended in
// federal Iraq", or "mission ended".
func missionEndedName(q index.Quote) string {
	if m := missionIn.FindStringSubmatch(q.Text); m != nil {
		return "mission ended in " + m[1]
	}
	return "mission ended"
}

// titleNames are the capitalised names of a title after its first word.
var titleName = regexp.MustCompile(capWords)

// killedRe: the title reports deaths.
var killedRe = regexp.MustCompile(`\b(?:kills|killed|killing)\b`)

// deadlyName labels a strike or attack that its article's title reports
// as deadly, when the sentence names what the title names ("Baghdad",
// "Tower"): the title up to its verb, "U.S. drone strike in Baghdad",
// "drone attack on Tower 22". "" when the title reports no deaths or the
// sentence is about another event.
func deadlyName(q index.Quote) string {
	loc := killedRe.FindStringIndex(q.Title)
	if loc == nil || !hasAny(words(q.Title[:loc[0]]), violent) {
		return ""
	}
	head := strings.TrimSpace(q.Title[:loc[0]])
	_, rest, _ := strings.Cut(head, " ")
	shared := false
	for _, n := range titleName.FindAllString(rest, -1) {
		shared = shared || strings.Contains(q.Text, n)
	}
	if !shared || len(head) > maxLabel {
		return ""
	}
	if first, _, _ := strings.Cut(head, " "); first != strings.ToUpper(first) {
		head = strings.ToLower(head[:1]) + head[1:] // "Drone attack" → "drone attack"; "U.S." stays
	}
	return head
}
