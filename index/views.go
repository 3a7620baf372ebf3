package index

import (
	"context"
	"fmt"
	"math"
	"sort"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

// The views (Troops, Parties, Conditions, Timeline, Summary) read the
// facts stored with each passage (facts.go), so they cover every article
// in the index, ingested ones included. Every quote is a passage's text:
// exactly body[Start:End] of its article.

// maxViewPassages caps the passages a view reads.
const maxViewPassages = 5000

// Quote is a sentence quoted verbatim, with its source.
type Quote struct {
	Text      string `json:"text"` // exactly body[Start:End] of the article
	ArticleID string `json:"article_id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published,omitempty"`
	DateNote  string `json:"date_note,omitempty"`
	URL       string `json:"url,omitempty"`
	Kind      string `json:"kind"` // article or brief
	Sent      int    `json:"sent"` // sentence number in the article
	Start     int    `json:"start"`
	End       int    `json:"end"`
}

// Source is the quote's source for people: "AFP, 2024-01-26".
func (q Quote) Source() string {
	outlet := corpus.OutletName(q.ArticleID, q.Outlet)
	switch {
	case q.Published != "":
		return outlet + ", " + q.Published
	case q.DateNote != "":
		return outlet + ", " + q.DateNote
	}
	return outlet + ", undated"
}

// sortDate is a YYYY-MM-DD-like key of the quote's date ("" when undated).
func (q Quote) sortDate() string {
	if q.Published != "" {
		return q.Published
	}
	return facts.NoteDate(q.DateNote)
}

// readingLess orders quotes as people read the coverage: by source date
// (undated last), article, then sentence.
func readingLess(a, b Quote) bool {
	da, db := a.sortDate(), b.sortDate()
	switch {
	case da != db && (da == "" || db == ""):
		return db == ""
	case da != db:
		return da < db
	case a.ArticleID != b.ArticleID:
		return a.ArticleID < b.ArticleID
	}
	return a.Sent < b.Sent
}

// viewPassage is a passage as the views read it.
type viewPassage struct {
	Quote
	facts facts.Facts
	score float64 // search score, for topic queries
}

var viewFields = []string{fText, fArticle, fTitle, fOutlet, fURL, fPublished, fDateNote, fKind, fSent, fStart, fEnd, fFacts}

// viewPassages fetches the passages matching q (at most maxViewPassages,
// truncated says whether there were more), in reading order unless sorted
// by score.
func (x *Index) viewPassages(ctx context.Context, q query.Query, byScore bool) (ps []viewPassage, truncated bool, err error) {
	req := bleve.NewSearchRequestOptions(q, maxViewPassages, 0, false)
	req.Fields = viewFields
	if !byScore {
		req.SortBy([]string{"_id"})
	}
	res, err := x.alias.SearchInContext(ctx, req)
	if err != nil {
		return nil, false, err
	}
	for _, h := range res.Hits {
		str := func(f string) string { s, _ := h.Fields[f].(string); return s }
		num := func(f string) int { v, _ := h.Fields[f].(float64); return int(v) }
		if str(fArticle) == "" {
			continue // not a passage
		}
		ps = append(ps, viewPassage{
			Quote: Quote{Text: str(fText), ArticleID: str(fArticle), Title: str(fTitle), Outlet: str(fOutlet),
				Published: str(fPublished), DateNote: str(fDateNote), URL: str(fURL), Kind: str(fKind),
				Sent: num(fSent), Start: num(fStart), End: num(fEnd)},
			facts: storedFacts(h.Fields[fFacts]),
			score: h.Score,
		})
	}
	if !byScore {
		sort.SliceStable(ps, func(i, j int) bool { return readingLess(ps[i].Quote, ps[j].Quote) })
	}
	return ps, res.Total > uint64(len(res.Hits)), nil
}

func termQuery(field, term string) query.Query {
	q := bleve.NewTermQuery(term)
	q.SetField(field)
	return q
}

// allPassages matches every passage (and no synonym definition).
func allPassages() query.Query {
	zero := 0.0
	q := bleve.NewNumericRangeInclusiveQuery(&zero, nil, &[]bool{true}[0], nil)
	q.SetField(fSent)
	return q
}

// ---------------------------------------------------------------------------
// Troops

// TroopsView is every figure of the coverage: force sizes and other counts,
// grouped by what they count, whose, where and in what state.
type TroopsView struct {
	Groups    []FigureGroup `json:"groups"`
	Figures   int           `json:"figures"`
	Truncated bool          `json:"truncated,omitempty"`
}

// FigureGroup is the figures of one unit, side, place and state, newest
// first, with the disagreements between sources.
type FigureGroup struct {
	Label         string         `json:"label"` // "U.S. troops in Iraq"
	Unit          string         `json:"unit"`
	Whose         string         `json:"whose,omitempty"`
	Place         string         `json:"place,omitempty"`
	State         string         `json:"state,omitempty"`
	Of            string         `json:"of,omitempty"`
	Against       string         `json:"against,omitempty"`
	Figures       []FigureEntry  `json:"figures"`
	Disagreements []Disagreement `json:"disagreements,omitempty"`
}

// FigureEntry is one figure as one source states it.
type FigureEntry struct {
	Text       string  `json:"text"` // the figure as written
	Value      float64 `json:"value"`
	Max        float64 `json:"max,omitempty"`
	Approx     string  `json:"approx"`
	Mostly     string  `json:"mostly_in,omitempty"`
	AsOf       string  `json:"as_of,omitempty"`
	AsOfOrigin string  `json:"as_of_origin,omitempty"` // stated, resolved, published, date note
	Quote      Quote   `json:"quote"`
}

// Disagreement is sources stating incompatible figures for the same thing
// at about the same time (2,500 vs 2,400 U.S. troops in Iraq).
type Disagreement struct {
	From   string           `json:"from"` // the dates the figures hold for
	To     string           `json:"to"`
	Claims []DisagreedValue `json:"claims"`
	Note   string           `json:"note"`
}

// DisagreedValue is one side of a disagreement.
type DisagreedValue struct {
	Text    string   `json:"text"`
	Sources []string `json:"sources"` // "Reuters, 2024-01-26"
}

// durations are units of time: two of them state different spans, not
// different counts of one thing.
var durations = toSet("years months weeks days")

// disagreementWindow is how far apart (in days) the dates of two figures
// may be for them to describe the same moment.
const disagreementWindow = 62

// unitOrder ranks units: force sizes first.
var unitOrder = []string{"troops", "personnel", "advisers", "fighters", "percent", "attacks", "targets", "bases", "members", "countries", "people", "square kilometres", "fraction", "years", "months"}

func unitRank(u string) int {
	for i, x := range unitOrder {
		if x == u {
			return i
		}
	}
	return len(unitOrder)
}

// Troops lists the figures of the coverage.
func (x *Index) Troops(ctx context.Context) (TroopsView, error) {
	ps, truncated, err := x.viewPassages(ctx, termQuery(fHas, "figure"), false)
	if err != nil {
		return TroopsView{}, fmt.Errorf("troops: %w", err)
	}
	v := TroopsView{Groups: []FigureGroup{}, Truncated: truncated}
	index := map[string]int{}
	for _, p := range ps {
		for _, f := range p.facts.Figures {
			key := strings.Join([]string{f.Unit, f.Whose, f.Place, f.State, f.Of, f.Against}, "|")
			i, ok := index[key]
			if !ok {
				i = len(v.Groups)
				index[key] = i
				g := FigureGroup{Unit: f.Unit, Whose: f.Whose, Place: f.Place, State: f.State, Of: f.Of, Against: f.Against}
				g.Label = g.label()
				v.Groups = append(v.Groups, g)
			}
			v.Groups[i].Figures = append(v.Groups[i].Figures, FigureEntry{
				Text: f.Text, Value: f.Value, Max: f.Max, Approx: f.Approx, Mostly: f.Mostly,
				AsOf: f.AsOf, AsOfOrigin: f.AsOfOrigin, Quote: p.Quote,
			})
			v.Figures++
		}
	}
	for i := range v.Groups {
		g := &v.Groups[i]
		sort.SliceStable(g.Figures, func(a, b int) bool {
			fa, fb := g.Figures[a], g.Figures[b]
			if ta, tb := dateKey(fa.AsOf), dateKey(fb.AsOf); ta != tb {
				return ta > tb
			}
			return readingLess(fa.Quote, fb.Quote)
		})
		if !durations[g.Unit] {
			g.Disagreements = disagreements(g.Figures)
		}
	}
	sort.SliceStable(v.Groups, func(a, b int) bool {
		ga, gb := v.Groups[a], v.Groups[b]
		if ra, rb := unitRank(ga.Unit), unitRank(gb.Unit); ra != rb {
			return ra < rb
		}
		if len(ga.Figures) != len(gb.Figures) {
			return len(ga.Figures) > len(gb.Figures)
		}
		if na, nb := dateKey(ga.Figures[0].AsOf), dateKey(gb.Figures[0].AsOf); na != nb {
			return na > nb
		}
		return ga.Label < gb.Label
	})
	return v, nil
}

// label names a group for people: "U.S. troops in Iraq", "attacks by
// Iran-backed militias on U.S. in Iraq".
func (g FigureGroup) label() string {
	var b strings.Builder
	w := func(s string) {
		if b.Len() > 0 {
			b.WriteString(" ")
		}
		b.WriteString(s)
	}
	switch g.Unit {
	case "attacks":
		w("attacks")
		if g.Whose != "" {
			w("by " + g.Whose)
		}
		if g.Against != "" {
			w("on " + g.Against)
		}
	case "percent":
		w("percent")
		if g.State != "" {
			w(g.State)
		}
		if g.Of != "" || g.Whose != "" {
			w("of " + strings.TrimSpace(g.Whose+" "+g.Of))
		}
	default:
		if g.Whose != "" {
			w(g.Whose)
		}
		w(g.Unit)
		if g.State != "" {
			w(g.State) // "U.S. troops injured", "troops leaving"
		}
	}
	if g.Place != "" {
		w("in " + g.Place)
	}
	return b.String()
}

// CountsItself reports whether a figure as written says what it counts
// ("about 2,500 U.S. troops", "more than 150 attacks", "20 percent"), unlike
// "47" or "800", which need their group's label beside them.
func CountsItself(text, unit string) bool {
	low := strings.ToLower(text)
	for _, w := range strings.Fields(strings.ToLower(unit)) {
		if strings.Contains(low, strings.TrimSuffix(w, "s")) {
			return true
		}
	}
	return strings.Contains(low, "%") || unit == "attacks" && strings.Contains(low, "times")
}

// dateKey orders date values (YYYY, YYYY-MM, YYYY-MM-DD); "" sorts first.
func dateKey(v string) string {
	v, _, _ = strings.Cut(v, "/")
	return v
}

// interval is what a figure says of a value: [lo, hi].
func interval(f FigureEntry) (lo, hi float64, ok bool) {
	switch f.Approx {
	case "exact", "about":
		return f.Value, f.Value, true
	case "more than":
		return math.Nextafter(f.Value, math.Inf(1)), math.Inf(1), true
	case "at least":
		return f.Value, math.Inf(1), true
	case "fewer than":
		return 0, math.Nextafter(f.Value, 0), true
	case "up to":
		return 0, f.Value, true
	case "between":
		return f.Value, f.Max, true
	}
	return 0, 0, false // vague: "hundreds"
}

// disagreements finds figures of one group that hold for about the same
// time (within disagreementWindow days of each other) and cannot all be
// true, as different articles state them. The same value with different
// hedges ("approximately 2,500", "2,500") is one claim; figures without a
// date are never compared, nor one article's figures with each other
// (early reports and the final count are not sources that differ).
func disagreements(figs []FigureEntry) []Disagreement {
	type dated struct {
		f FigureEntry
		t time.Time
	}
	var ds []dated
	for _, f := range figs {
		if _, _, ok := interval(f); !ok {
			continue
		}
		if t, ok := parseDateValue(f.AsOf); ok {
			ds = append(ds, dated{f, t})
		}
	}
	sort.SliceStable(ds, func(i, j int) bool { return ds[i].t.Before(ds[j].t) })
	var out []Disagreement
	for i := 0; i < len(ds); {
		j := i + 1
		for j < len(ds) && ds[j].t.Sub(ds[j-1].t) <= disagreementWindow*24*time.Hour {
			j++
		}
		var c []FigureEntry
		for _, d := range ds[i:j] {
			c = append(c, d.f)
		}
		i = j
		if d, ok := disagreement(c); ok {
			out = append(out, d)
		}
	}
	return out
}

// figureClaim is one value of a cluster and who states it.
type figureClaim struct {
	lo, hi   float64
	text     string
	sources  []string
	articles map[string]bool
}

// disagreement is a cluster's claims when two of them, stated by
// different articles, cannot both be true.
func disagreement(c []FigureEntry) (Disagreement, bool) {
	var claims []*figureClaim
	d := Disagreement{From: c[0].AsOf, To: c[0].AsOf}
	for _, f := range c {
		d.From = minDate(d.From, f.AsOf)
		d.To = maxDate(d.To, f.AsOf)
		lo, hi, _ := interval(f)
		var cl *figureClaim
		for _, x := range claims {
			if x.lo == lo && x.hi == hi {
				cl = x
			}
		}
		if cl == nil {
			cl = &figureClaim{lo: lo, hi: hi, text: f.Text, articles: map[string]bool{}}
			claims = append(claims, cl)
		}
		cl.articles[f.Quote.ArticleID] = true
		if src := f.Quote.Source(); !contains(cl.sources, src) {
			cl.sources = append(cl.sources, src)
		}
	}
	conflict := false
	for i, a := range claims {
		for _, b := range claims[i+1:] {
			if (a.hi < b.lo || b.hi < a.lo) && !sameSingleArticle(a.articles, b.articles) {
				conflict = true
			}
		}
	}
	if !conflict {
		return Disagreement{}, false
	}
	var parts []string
	for _, cl := range claims {
		d.Claims = append(d.Claims, DisagreedValue{Text: cl.text, Sources: cl.sources})
		parts = append(parts, fmt.Sprintf("%s (%s)", cl.text, strings.Join(cl.sources, "; ")))
	}
	when := d.From
	if d.To != d.From {
		when += " to " + d.To
	}
	d.Note = "sources differ (" + when + "): " + strings.Join(parts, " vs ")
	return d, true
}

// sameSingleArticle is whether two claims come from one and the same
// article only.
func sameSingleArticle(a, b map[string]bool) bool {
	if len(a) != 1 || len(b) != 1 {
		return false
	}
	for id := range a {
		return b[id]
	}
	return false
}

func minDate(a, b string) string {
	if dateKey(b) < dateKey(a) {
		return b
	}
	return a
}

func maxDate(a, b string) string {
	if dateKey(b) > dateKey(a) {
		return b
	}
	return a
}

// ---------------------------------------------------------------------------
// Parties

// PartiesView is every actor of the coverage, most often named first.
type PartiesView struct {
	Parties   []PartyEntry `json:"parties"`
	Truncated bool         `json:"truncated,omitempty"`
}

// PartyEntry is one actor with its aliases merged.
type PartyEntry struct {
	ID    string `json:"id"`
	Name  string `json:"name"`
	Kind  string `json:"kind"` // government, force, militia, organisation, official
	Title string `json:"title,omitempty"`
	Role  string `json:"role"`
	// Side is the id of the party it belongs to or speaks for; SideName its name.
	Side     string `json:"side,omitempty"`
	SideName string `json:"side_name,omitempty"`
	// Officials lists the officials that speak for this party.
	Officials  []string `json:"officials,omitempty"`
	Aliases    []string `json:"aliases"`    // the words the coverage uses for it
	Passages   int      `json:"passages"`   // sentences that name it (or quote it)
	Articles   int      `json:"articles"`   // articles that do
	Statements int      `json:"statements"` // sentences that quote it
	// Quote is its most telling sentence: the most central of those that
	// quote it, else of those that name it as an actor.
	Quote       Quote  `json:"quote"`
	QuoteSaysIt bool   `json:"quote_is_statement"`
	Note        string `json:"note,omitempty"`
}

// Parties lists the actors of the coverage.
func (x *Index) Parties(ctx context.Context) (PartiesView, error) {
	ps, truncated, err := x.viewPassages(ctx, termQuery(fHas, "party"), false)
	if err != nil {
		return PartiesView{}, fmt.Errorf("parties: %w", err)
	}
	central := x.centrality(ctx, ps)
	type acc struct {
		e        PartyEntry
		passages map[int]bool
		articles map[string]bool
		best     int // index into ps
		bestRank int // 0 statement, 1 subject, 2 named
	}
	accs := map[string]*acc{}
	get := func(id string, m *facts.Mention) *acc {
		a := accs[id]
		if a != nil {
			return a
		}
		a = &acc{passages: map[int]bool{}, articles: map[string]bool{}, best: -1, bestRank: 3}
		if p, ok := facts.PartyByID(id); ok {
			a.e = PartyEntry{ID: id, Name: p.Name, Kind: p.Kind, Title: p.Title, Role: p.Role, Side: p.Side, Note: p.Note}
		} else {
			a.e = PartyEntry{ID: id, Name: strings.TrimPrefix(id, "name:"), Kind: facts.PartyOrganisation}
			if m != nil {
				a.e.Title, a.e.Side = m.Title, m.Side
				a.e.Role = m.Role
				if m.Title != "" || m.Role != "" {
					a.e.Kind = facts.PartyOfficial
				}
			}
			if a.e.Role == "" {
				a.e.Role = "named in the coverage"
			}
		}
		accs[id] = a
		return a
	}
	// The most telling quote: a statement of the party's over a sentence
	// naming it as subject over any other; one that stands on its own over
	// one that leans on the sentence before ("It says …"); the most central.
	consider := func(a *acc, i, rank int) {
		if a.best < 0 {
			a.best, a.bestRank = i, rank
			return
		}
		di, db := dangling(ps[i].Text), dangling(ps[a.best].Text)
		if rank < a.bestRank || rank == a.bestRank && (di != db && !di || di == db && central[i] > central[a.best]) {
			a.best, a.bestRank = i, rank
		}
	}
	for i, p := range ps {
		subject := ""
		for _, m := range p.facts.Parties {
			if !m.Place {
				subject = m.ID
				break
			}
		}
		for _, m := range p.facts.Parties {
			if m.Place {
				continue
			}
			a := get(m.ID, &m)
			a.passages[i] = true
			a.articles[p.ArticleID] = true
			if !contains(a.e.Aliases, m.Text) {
				a.e.Aliases = append(a.e.Aliases, m.Text)
			}
			rank := 2
			if m.ID == subject {
				rank = 1
			}
			consider(a, i, rank)
		}
		for _, id := range p.facts.Speakers {
			a := get(id, nil)
			a.passages[i] = true
			a.articles[p.ArticleID] = true
			a.e.Statements++
			consider(a, i, 0)
		}
	}
	v := PartiesView{Parties: []PartyEntry{}, Truncated: truncated}
	for _, a := range accs {
		a.e.Passages, a.e.Articles = len(a.passages), len(a.articles)
		if a.best >= 0 {
			a.e.Quote = ps[a.best].Quote
			a.e.QuoteSaysIt = a.bestRank == 0
		}
		if a.e.Aliases == nil {
			a.e.Aliases = []string{}
		}
		sort.Strings(a.e.Aliases)
		if a.e.Side != "" {
			if s, ok := facts.PartyByID(a.e.Side); ok {
				a.e.SideName = s.Name
			} else if s := accs[a.e.Side]; s != nil {
				a.e.SideName = s.e.Name
			}
		}
		v.Parties = append(v.Parties, a.e)
	}
	for i := range v.Parties {
		for _, o := range v.Parties {
			if o.Side == v.Parties[i].ID && o.Kind == facts.PartyOfficial {
				v.Parties[i].Officials = append(v.Parties[i].Officials, o.Name)
			}
		}
		sort.Strings(v.Parties[i].Officials)
	}
	sort.SliceStable(v.Parties, func(i, j int) bool {
		a, b := v.Parties[i], v.Parties[j]
		if a.Passages != b.Passages {
			return a.Passages > b.Passages
		}
		return a.Name < b.Name
	})
	return v, nil
}

// ---------------------------------------------------------------------------
// Conditions

// ConditionsView is the conditions stated for the withdrawal or transition.
type ConditionsView struct {
	Conditions []ConditionEntry `json:"conditions"`
	Truncated  bool             `json:"truncated,omitempty"`
}

// ConditionEntry is one sentence stating a condition.
type ConditionEntry struct {
	Kind  string   `json:"kind"`  // the main kind: prerequisite, basis, proviso, timetable, deadline, necessity
	Kinds []string `json:"kinds"` // all the kinds its cues have
	Cues  []string `json:"cues"`  // the words that make it a condition ("once", "subject to")
	Quote Quote    `json:"quote"`
	// Context is the sentence before, when the condition refers back to
	// it ("A timetable will then be set").
	Context *Quote `json:"context,omitempty"`
	Speaker string `json:"speaker,omitempty"` // who the sentence quotes
}

// conditionKinds ranks the kinds of condition, the most binding first.
var conditionKinds = []string{"prerequisite", "basis", "proviso", "timetable", "deadline", "necessity"}

// conditionTopic is what a sentence must be about to be a condition of the
// withdrawal or transition.
var conditionTopic = toSet("withdraw withdrawal withdrawals transition timetable timeline leave leaving exit departure presence drawdown reduction reducing end ending mission talks negotiations stay remain advisers troops forces coalition bases support evaluation assess threat")

// Conditions lists the conditions for the withdrawal or transition.
func (x *Index) Conditions(ctx context.Context) (ConditionsView, error) {
	ps, truncated, err := x.viewPassages(ctx, termQuery(fHas, "condition"), false)
	if err != nil {
		return ConditionsView{}, fmt.Errorf("conditions: %w", err)
	}
	v := ConditionsView{Conditions: []ConditionEntry{}, Truncated: truncated}
	before, err := x.previousPassages(ctx, ps)
	if err != nil {
		return v, fmt.Errorf("conditions: %w", err)
	}
	used := map[string]string{} // passage id → kind, of sentences quoted as context
	for _, p := range ps {
		e := ConditionEntry{Quote: p.Quote, Speaker: speakerName(p.facts)}
		back := false
		for _, c := range p.facts.Conditions {
			if !contains(e.Kinds, c.Kind) {
				e.Kinds = append(e.Kinds, c.Kind)
			}
			e.Cues = append(e.Cues, c.Text)
			back = back || c.Back
		}
		prev := before[corpus.PassageID(p.ArticleID, p.Sent-1)]
		// About the withdrawal or transition: the sentence, or the one
		// before it ("… would leave the Kurdistan region by September
		// 2026." "… two years were not enough.").
		text := p.Text
		if prev != nil {
			text += " " + prev.Text
		}
		if !aboutTopic(text, conditionTopic) {
			continue
		}
		sort.SliceStable(e.Kinds, func(i, j int) bool { return kindRank(e.Kinds[i]) < kindRank(e.Kinds[j]) })
		e.Kind = e.Kinds[0]
		if back && prev != nil {
			e.Context = prev
			used[corpus.PassageID(prev.ArticleID, prev.Sent)] = e.Kind
		}
		v.Conditions = append(v.Conditions, e)
	}
	// A sentence quoted as the context of a condition of its kind is not
	// listed again on its own.
	keep := v.Conditions[:0]
	for _, e := range v.Conditions {
		if k, ok := used[corpus.PassageID(e.Quote.ArticleID, e.Quote.Sent)]; ok && k == e.Kind && e.Context == nil {
			continue
		}
		keep = append(keep, e)
	}
	v.Conditions = keep
	sort.SliceStable(v.Conditions, func(i, j int) bool {
		a, b := v.Conditions[i], v.Conditions[j]
		if ra, rb := kindRank(a.Kind), kindRank(b.Kind); ra != rb {
			return ra < rb
		}
		return readingLess(a.Quote, b.Quote)
	})
	return v, nil
}

func kindRank(k string) int {
	for i, x := range conditionKinds {
		if x == k {
			return i
		}
	}
	return len(conditionKinds)
}

// aboutTopic reports whether text has one of the topic words.
func aboutTopic(text string, topic map[string]bool) bool {
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool { return !(r >= 'a' && r <= 'z') }) {
		if topic[w] {
			return true
		}
	}
	return false
}

// speakerName is the name of whom a sentence quotes, for people.
func speakerName(f facts.Facts) string {
	if f.Speaker == "" {
		return ""
	}
	var names []string
	for _, id := range f.Speakers {
		if p, ok := facts.PartyByID(id); ok {
			names = append(names, p.Name)
		} else {
			names = append(names, strings.TrimPrefix(id, "name:"))
		}
	}
	return strings.Join(names, " and ")
}

// previousPassages fetches the sentence before each of ps, by passage id.
func (x *Index) previousPassages(ctx context.Context, ps []viewPassage) (map[string]*Quote, error) {
	var ids []string
	for _, p := range ps {
		if p.Sent > 0 {
			ids = append(ids, corpus.PassageID(p.ArticleID, p.Sent-1))
		}
	}
	out := map[string]*Quote{}
	if len(ids) == 0 {
		return out, nil
	}
	prev, _, err := x.viewPassages(ctx, bleve.NewDocIDQuery(ids), false)
	if err != nil {
		return nil, err
	}
	for i := range prev {
		out[corpus.PassageID(prev[i].ArticleID, prev[i].Sent)] = &prev[i].Quote
	}
	return out, nil
}

// ---------------------------------------------------------------------------
// Timeline

// TimelineView is the dated events of the coverage in order.
type TimelineView struct {
	Events []TimelineEvent `json:"events"`
	// Reported are the sentences of dated articles that report something
	// done without a date of their own, dated by their article (origin
	// "published"; reported.go): not events of the timeline, but what the
	// latest article says of a plan.
	Reported []TimelineEvent `json:"reported"`
	// Unresolved counts relative dates that could not be placed (the
	// article has no date).
	Unresolved int  `json:"unresolved,omitempty"`
	Truncated  bool `json:"truncated,omitempty"`
}

// TimelineEvent is a sentence with a date.
type TimelineEvent struct {
	Date     string `json:"date"`           // YYYY, YYYY-MM, YYYY-MM-DD or YYYY-MM-DD/week
	Last     string `json:"last,omitempty"` // the last day of a span of days
	DateText string `json:"date_text"`      // the words of the date, verbatim
	Origin   string `json:"origin"`         // stated, resolved from a relative date, or published (Reported)
	// Relation is how the date relates to the event: on, in, by, until,
	// since, after, before, between, and (the end of a range) or "".
	Relation string `json:"relation,omitempty"`
	Quote    Quote  `json:"quote"`
}

// Timeline lists the dated events of the coverage in order.
func (x *Index) Timeline(ctx context.Context) (TimelineView, error) {
	ps, truncated, err := x.viewPassages(ctx, termQuery(fHas, "date"), false)
	if err != nil {
		return TimelineView{}, fmt.Errorf("timeline: %w", err)
	}
	v := TimelineView{Events: []TimelineEvent{}, Truncated: truncated}
	for _, p := range ps {
		seen := map[string]int{}
		for _, d := range p.facts.Dates {
			if d.Value == "" {
				v.Unresolved++
				continue
			}
			e := TimelineEvent{Date: d.Value, Last: d.Last, DateText: d.Text, Origin: d.Origin, Relation: d.Rel, Quote: p.Quote}
			if i, dup := seen[d.Value]; dup { // "the summer before, in 2023": keep the stated one
				if v.Events[i].Origin != "stated" && d.Origin == "stated" {
					v.Events[i] = e
				}
				continue
			}
			seen[d.Value] = len(v.Events)
			v.Events = append(v.Events, e)
		}
	}
	sort.SliceStable(v.Events, func(i, j int) bool {
		a, b := v.Events[i], v.Events[j]
		ta, _ := parseDateValue(a.Date)
		tb, _ := parseDateValue(b.Date)
		if !ta.Equal(tb) {
			return ta.Before(tb)
		}
		if la, lb := len(dateKey(a.Date)), len(dateKey(b.Date)); la != lb {
			return la < lb // the year before its days
		}
		return readingLess(a.Quote, b.Quote)
	})
	if v.Reported, err = x.reported(ctx); err != nil {
		return v, fmt.Errorf("timeline: %w", err)
	}
	if v.Reported, err = x.reported(ctx); err != nil {
		return v, fmt.Errorf("timeline: %w", err)
	}
	return v, nil
}
