package index

import (
	"context"
	"sort"

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
