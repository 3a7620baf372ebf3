package index

import (
	"encoding/json"
	"sync"
	"time"

	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/mapping"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

// Fact fields of a passage document: what facts.ExtractArticle found in
// the sentence, read in the context of its article. The views query them,
// facet on them and sort by them; fFacts holds the whole extraction.
const (
	fFigValue = "fig_value" // numeric: the figures' values
	fFigUnit  = "fig_unit"  // keyword: their units (troops, attacks, percent …)
	fFigWhose = "fig_whose" // keyword: whose they are (U.S., coalition, ISIS …)
	fFigPlace = "fig_place" // keyword: where (Iraq, Syria, Kurdistan region …)
	fAsOf     = "as_of"     // datetime: the dates the figures hold for
	fDate     = "date"      // datetime: dates stated or resolved
	fParty    = "party"     // keyword: canonical ids of the parties named as actors
	fSpeaker  = "speaker"   // keyword: ids of the parties the sentence quotes
	fCond     = "cond"      // keyword: kinds of condition (prerequisite, basis …)
	fHas      = "has"       // keyword: figure, date, party, speaker, condition: what the views look for
	fFacts    = "facts"     // stored only: facts.Facts as JSON
)

// addFactMappings maps the fact fields: keywords and numbers with doc
// values, for facets and sorting.
func addFactMappings(p *mapping.DocumentMapping) {
	for _, f := range []string{fFigUnit, fFigWhose, fFigPlace, fParty, fSpeaker, fCond, fHas} {
		p.AddFieldMappingsAt(f, textField(keyword.Name, false, true))
	}
	p.AddFieldMappingsAt(fFigValue, numericField(false, true))
	p.AddFieldMappingsAt(fAsOf, dateField(true))
	p.AddFieldMappingsAt(fDate, dateField(true))
	p.AddFieldMappingsAt(fFacts, storedField())
}

// addFacts adds a passage's facts to its document: what
// facts.ExtractArticle finds in it, in the context of the sentences
// before. "feat" is what the answer engine ranks with.
func addFacts(doc map[string]any, a *corpus.Article, p corpus.Passage) facts.Facts {
	f := articleFacts(a, p)
	var feat []string
	for _, x := range []struct {
		name string
		ok   bool
	}{
		{"figure", len(f.Figures) > 0}, {"date", len(f.Dates) > 0}, {"name", facts.HasProperNameIn(p.Text, f)},
		{"condition", f.Condition}, {"reason", f.Reason}, {"said", f.Said},
	} {
		if x.ok {
			feat = append(feat, x.name)
		}
	}
	doc[fFeat] = feat

	var has, units, whose, places, parties, speakers, conds []string
	var values []float64
	var asOf, dates []time.Time
	add := func(list []string, s string) []string {
		if s == "" {
			return list
		}
		for _, x := range list {
			if x == s {
				return list
			}
		}
		return append(list, s)
	}
	for _, fig := range f.Figures {
		values = append(values, fig.Value)
		units = add(units, fig.Unit)
		whose = add(whose, fig.Whose)
		places = add(places, fig.Place)
		if t, ok := parseDateValue(fig.AsOf); ok {
			asOf = append(asOf, t)
		}
	}
	if len(f.Figures) > 0 {
		has = append(has, "figure")
	}
	for _, d := range f.Dates {
		if t, ok := parseDateValue(d.Value); ok {
			dates = append(dates, t)
		}
	}
	if len(dates) > 0 {
		has = append(has, "date")
	}
	for _, m := range f.Parties {
		if !m.Place {
			parties = add(parties, m.ID)
		}
	}
	for _, id := range f.Speakers {
		speakers = add(speakers, id)
		parties = add(parties, id)
	}
	if len(parties) > 0 {
		has = append(has, "party")
	}
	for _, c := range f.Conditions {
		conds = add(conds, c.Kind)
	}
	if f.Condition {
		has = append(has, "condition")
	}
	if f.SpeakerText != "" {
		has = append(has, "speaker")
	}
	set := func(field string, v []string) {
		if len(v) > 0 {
			doc[field] = v
		}
	}
	if len(values) > 0 {
		doc[fFigValue] = values
	}
	set(fFigUnit, units)
	set(fFigWhose, whose)
	set(fFigPlace, places)
	if len(asOf) > 0 {
		doc[fAsOf] = asOf
	}
	if len(dates) > 0 {
		doc[fDate] = dates
	}
	set(fParty, parties)
	set(fSpeaker, speakers)
	set(fCond, conds)
	set(fHas, has)
	if b, err := json.Marshal(f); err == nil {
		doc[fFacts] = string(b)
	}
	return f
}

// factsCache extracts the facts of the article being indexed: Add indexes
// an article's passages one after the other, and the facts of each depend
// on the sentences before it. It holds the extraction's context, not every
// passage's facts (20,000 of them for a 2 MiB article).
var factsCache struct {
	sync.Mutex
	e    *facts.ArticleFacts
	body string
}

// articleFacts is the facts of a's passage p.
func articleFacts(a *corpus.Article, p corpus.Passage) facts.Facts {
	factsCache.Lock()
	defer factsCache.Unlock()
	e := factsCache.e
	if e == nil || e.Article() != a || factsCache.body != a.Body || p.Sent < e.Next() {
		e = facts.NewArticleFacts(a)
		factsCache.e, factsCache.body = e, a.Body
	}
	if p.Sent > e.Next() { // passages skipped: read them, for their context
		ps := a.Passages()
		for e.Next() < p.Sent && e.Next() < len(ps) {
			e.Extract(ps[e.Next()])
		}
	}
	if p.Sent != e.Next() {
		return facts.Facts{}
	}
	return e.Extract(p)
}

// storedFacts decodes the facts stored with a passage.
func storedFacts(v any) facts.Facts {
	var f facts.Facts
	if s, ok := v.(string); ok {
		json.Unmarshal([]byte(s), &f)
	}
	return f
}
