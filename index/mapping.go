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
	fSource    = "source" // the outlet and its initials ("Associated Press AP"), searched: "what did the AP say"
	fURL       = "url"
	fPublished = "published" // YYYY-MM-DD or ""
	fDateNote  = "date_note"
	fKind      = "kind"
	fPara      = "para"
	fSent      = "sent"
	fStart     = "start"
	fEnd       = "end"
	fFeat      = "feat" // keyword: figure, date, name, condition, reason, said
	fLead      = "lead" // the body's text between the sentence before and this one (white space)
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

	syn := textField(en.AnalyzerName, false, false)
	syn.SynonymSource = synSource
	ctxField := textField(en.AnalyzerName, true, false)
	ctxField.SynonymSource = synSource
	kw := func(store bool) *mapping.FieldMapping { return textField(keyword.Name, store, false) }

	p := bleve.NewDocumentStaticMapping()
	p.AddFieldMappingsAt(fText, textField(en.AnalyzerName, true, false))
	p.AddFieldMappingsAt(fSyn, syn)
	p.AddFieldMappingsAt(fContext, ctxField)
	p.AddFieldMappingsAt(fArticle, kw(true))
	p.AddFieldMappingsAt(fKind, kw(true))
	p.AddFieldMappingsAt(fFeat, kw(true))
	p.AddFieldMappingsAt(fTitle, storedField())
	p.AddFieldMappingsAt(fOutlet, storedField())
	p.AddFieldMappingsAt(fSource, textField(en.AnalyzerName, false, false))
	p.AddFieldMappingsAt(fURL, storedField())
	p.AddFieldMappingsAt(fPublished, kw(true))
	p.AddFieldMappingsAt(fDateNote, storedField())
	p.AddFieldMappingsAt(fLead, storedField())
	p.AddFieldMappingsAt(fPara, storedNumber())
	p.AddFieldMappingsAt(fSent, numericField(true, false))
	p.AddFieldMappingsAt(fStart, storedNumber())
	p.AddFieldMappingsAt(fEnd, storedNumber())
	addFactMappings(p)
	m.AddDocumentMapping(docType, p)
	m.DefaultMapping = p
	return m, nil
}

// The field mappings of a passage document. None is in the _all field.

// textField is a text field analysed with analyzer (keyword.Name for
// keywords), without term positions: the engine sends only term queries
// (no phrases, no Bleve highlighting) and quotes by its own offsets.
func textField(analyzer string, store, docValues bool) *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Analyzer = analyzer
	f.Store = store
	f.IncludeTermVectors = false
	f.IncludeInAll = false
	f.DocValues = docValues
	return f
}

// storedField is kept with the document and not indexed.
func storedField() *mapping.FieldMapping {
	f := bleve.NewTextFieldMapping()
	f.Index = false
	f.Store = true
	f.IncludeInAll = false
	f.DocValues = false
	return f
}

func numericField(store, docValues bool) *mapping.FieldMapping {
	f := bleve.NewNumericFieldMapping()
	f.Store = store
	f.IncludeInAll = false
	f.DocValues = docValues
	return f
}

// storedNumber is a number kept with the document and not indexed: a
// passage's paragraph and byte offsets are read back, never searched, and
// indexing them cost 16 prefix-coded terms each, most of them unique to
// the passage (a posting list apiece while a segment is built and merged).
func storedNumber() *mapping.FieldMapping {
	f := numericField(true, false)
	f.Index = false
	return f
}

func dateField(docValues bool) *mapping.FieldMapping {
	f := bleve.NewDateTimeFieldMapping()
	f.Store = false
	f.IncludeInAll = false
	f.DocValues = docValues
	return f
}
