package index

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/talksbot/talksbot/corpus/facts"
)

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
