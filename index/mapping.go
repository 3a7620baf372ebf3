package index

import (
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis/analyzer/keyword"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/mapping"
)

// Field names of a passage document.
const (
	fText      = "text"       // the sentence, exactly as in the article body
	fSyn       = "syn"        // the sentence plus phrase tokens, searched with synonyms
	fContext   = "ctx"        // the sentence before: what "it" and "the group" refer to
	fArticle   = "article_id" // keyword
	fTitle     = "title"
	fOutlet    = "outlet"
	fURL       = "url"
	fPublished = "published" // YYYY-MM-DD or ""
	fDateNote  = "date_note"
	fKind      = "kind"
	fPara      = "para"
	fSent      = "sent"
	fStart     = "start"
	fEnd       = "end"
	fFeat      = "feat" // keyword: figure, date, name, condition, reason, said
	// The fact fields (fig_value, fig_unit, date, party …) are in facts.go.

	synSource     = "thesaurus"
	synCollection = "domain"
	docType       = "passage"
)

// newMapping is the index mapping: English analysis with BM25, a synonym
// source on the "syn" field, and stored metadata so answers need nothing
// but the index.
func newMapping() (*mapping.IndexMappingImpl, error) {
	m := bleve.NewIndexMapping()
	m.ScoringModel = "bm25"
	m.DefaultAnalyzer = en.AnalyzerName
	m.DefaultType = docType
	m.StoreDynamic = false
	m.IndexDynamic = false
	m.DocValuesDynamic = false
	if err := m.AddSynonymSource(synSource, map[string]any{
		"collection": synCollection,
		"analyzer":   en.AnalyzerName,
	}); err != nil {
		return nil, err
	}

	text := bleve.NewTextFieldMapping()
	text.Analyzer = en.AnalyzerName
	text.Store = true
	text.IncludeTermVectors = false // only term queries: no phrases, no Bleve highlighting
	text.IncludeInAll = false
	text.DocValues = false

	syn := bleve.NewTextFieldMapping()
	syn.Analyzer = en.AnalyzerName
	syn.SynonymSource = synSource
	syn.IncludeTermVectors = false
	syn.Store = false
	syn.IncludeInAll = false
	syn.DocValues = false

	ctxField := bleve.NewTextFieldMapping()
	ctxField.Analyzer = en.AnalyzerName
	ctxField.SynonymSource = synSource
	ctxField.IncludeTermVectors = false
	ctxField.Store = true
	ctxField.IncludeInAll = false
	ctxField.DocValues = false

	kw := func(store bool) *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Analyzer = keyword.Name
		f.IncludeTermVectors = false
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	stored := func() *mapping.FieldMapping {
		f := bleve.NewTextFieldMapping()
		f.Index = false
		f.Store = true
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	num := func(store bool) *mapping.FieldMapping {
		f := bleve.NewNumericFieldMapping()
		f.Store = store
		f.IncludeInAll = false
		f.DocValues = false
		return f
	}
	p := bleve.NewDocumentStaticMapping()
	p.AddFieldMappingsAt(fText, text)
	p.AddFieldMappingsAt(fSyn, syn)
	p.AddFieldMappingsAt(fContext, ctxField)
	p.AddFieldMappingsAt(fArticle, kw(true))
	p.AddFieldMappingsAt(fKind, kw(true))
	p.AddFieldMappingsAt(fFeat, kw(true))
	p.AddFieldMappingsAt(fTitle, stored())
	p.AddFieldMappingsAt(fOutlet, stored())
	p.AddFieldMappingsAt(fURL, stored())
	p.AddFieldMappingsAt(fPublished, kw(true))
	p.AddFieldMappingsAt(fDateNote, stored())
	p.AddFieldMappingsAt(fPara, num(true))
	p.AddFieldMappingsAt(fSent, num(true))
	p.AddFieldMappingsAt(fStart, num(true))
	p.AddFieldMappingsAt(fEnd, num(true))
	addFactMappings(p)
	m.AddDocumentMapping(docType, p)
	m.DefaultMapping = p
	return m, nil
}
