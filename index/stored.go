package index

import (
	"errors"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/numeric"
	"github.com/blevesearch/bleve/v2/search"
)

// loadStored fills dm.Fields with the stored fields of document num of
// segment ss, as bleve.LoadAndHighlightFields with Fields "*" does, without
// what it adds on the way: a lookup of the document's number by its ID
// (the scorer has it), and a document.Document built only to be visited.
// The passage mapping stores text and numbers only; a field of another
// type sends the document through Bleve's own loader.
func loadStored(snap *scorch.IndexSnapshot, ss *scorch.SegmentSnapshot, num uint64, dm *search.DocumentMatch) error {
	other := false
	err := ss.VisitDocument(num, func(name string, typ byte, val []byte, _ []uint64) bool {
		switch {
		case name == "_id":
		case typ == 't':
			dm.AddFieldValue(name, string(val))
		case typ == 'n':
			i, err := numeric.PrefixCoded(val).Int64()
			if err == nil {
				dm.AddFieldValue(name, numeric.Int64ToFloat64(i))
			}
		default:
			other = true
			return false
		}
		return true
	})
	if err != nil || !other {
		return err
	}
	dm.Fields = nil
	err, _ = bleve.LoadAndHighlightFields(dm, &bleve.SearchRequest{Fields: []string{"*"}}, "", snap, nil)
	return err
}

// document is the stored fields of the passage whose ID is id, or nil
// when there is none. It looks the ID up segment by segment in the calling
// goroutine, where Bleve's DocIDQuery reads segments in goroutines of its
// own: one that meets a segment closed under it (a failed write closes
// the index) panics where no recover reaches, and took the process down.
func (x *Index) document(id string) (*search.DocumentMatch, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	snap, err := x.snapshot()
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	for _, ss := range snap.Segments() {
		docs, err := ss.DocNumbers([]string{id})
		if err != nil {
			return nil, err
		}
		if docs.IsEmpty() {
			continue
		}
		dm := &search.DocumentMatch{ID: id}
		if err := loadStored(snap, ss, uint64(docs.Minimum()), dm); err != nil {
			return nil, err
		}
		return dm, nil
	}
	return nil, nil
}

// errNotScorch is snapshot's error for an index that is not scorch.
var errNotScorch = errors.New("not a scorch index")

// snapshot is a reader of the current index as scorch's snapshot, which
// the caller closes: errNotScorch for another kind of index,
// bleve.ErrorIndexClosed for a closed one. The caller holds x.mu (read),
// as a swap must wait for what reads the index it swaps out.
func (x *Index) snapshot() (*scorch.IndexSnapshot, error) {
	adv, err := x.cur.Advanced()
	if err != nil {
		return nil, err
	}
	r, err := adv.Reader()
	if err != nil {
		return nil, err
	}
	snap, ok := r.(*scorch.IndexSnapshot)
	switch {
	case !ok:
		r.Close()
		return nil, errNotScorch
	case snap == nil:
		return nil, bleve.ErrorIndexClosed
	}
	return snap, nil
}
