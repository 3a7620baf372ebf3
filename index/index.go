// Package index is talksbot's answer engine: a Bleve index of passages (the
// sentences of the corpus) and everything that ranks, answers and quotes.
// It knows nothing of Discord.
package index

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/analysis"
	"github.com/blevesearch/bleve/v2/analysis/lang/en"
	"github.com/blevesearch/bleve/v2/index/scorch"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/facts"
)

// ErrLocked means another process holds the index directory.
var ErrLocked = errors.New("the index is in use by another talksbot process (is `talksbot serve` running?)")

// Index is an open passage index. It is safe for concurrent use.
type Index struct {
	dir   string
	alias bleve.IndexAlias // what searches go through; swapped on rebuild
	mu    sync.RWMutex     // guards cur
	cur   bleve.Index
	an    analysis.Analyzer

	plainBleve atomic.Bool // search with Bleve's own loop instead of topk.go's

	synOnce sync.Once
	synMap  map[string]map[string]bool
	sameMap map[string]map[string]bool

	aliasMu      sync.RWMutex
	lexicon      AliasSet            // the alias lexicon the index was built with (aliases.go)
	lexTokens    map[string]string   // its phrases' tokens
	names        map[string][]string // the titles and roles the coverage gives people, by name
	namesChanged bool
	table        *aliasTable // the merged aliases, built when first asked

	spansMu sync.Mutex
	spans   map[string]map[string][]Span // analysed passages, for re-ranking
	facts   map[string]facts.Facts       // decoded stored facts, by their JSON
	shapes  map[string]quoteShape        // leadInRe and anaphorRe of passages, by their text

	pins pinState // the moderators' pinned answers (pins.go)

	recallMu sync.Mutex
	// The passages the model's remembered questions expect (recall.go).
	recallGen      bleve.Index         // the generation recallPassages were found in
	recallPassages map[string]*Passage // an expected quote's passage (nil: none)
}

// Create builds a new index in dir (which must not exist) from articles,
// with the embedded alias lexicon.
func Create(ctx context.Context, dir string, articles []*corpus.Article, progress func(done, total int)) (*Index, error) {
	return CreateWithAliases(ctx, dir, articles, nil, progress)
}

// CreateWithAliases is Create with a moderator's aliases added to the
// embedded lexicon.
func CreateWithAliases(ctx context.Context, dir string, articles []*corpus.Article, extra AliasSet, progress func(done, total int)) (*Index, error) {
	m, err := newMapping()
	if err != nil {
		return nil, fmt.Errorf("index mapping: %w", err)
	}
	bi, err := bleve.NewUsing(dir, m, scorch.Name, bleve.Config.DefaultKVStore, bleveConfig(false))
	if err != nil {
		return nil, fmt.Errorf("create index %s: %w", dir, err)
	}
	x := wrap(dir, bi)
	lex := append(DefaultAliases(), extra...)
	x.lexicon, x.lexTokens = lex, lexiconTokens(lex)
	for _, kv := range [][2][]byte{{formatKey, []byte(formatVersion)}, {aliasesKey, []byte(lex.String())}} {
		if err := bi.SetInternal(kv[0], kv[1]); err != nil {
			bi.Close()
			return nil, fmt.Errorf("create index %s: %w", dir, err)
		}
	}
	if err := x.indexSynonyms(); err != nil {
		bi.Close()
		return nil, err
	}
	if err := x.Add(ctx, articles, progress); err != nil {
		bi.Close()
		return nil, err
	}
	return x, nil
}

// Open opens an existing index in dir. It fails fast with ErrLocked when
// another process holds it.
func Open(dir string) (*Index, error) {
	bi, err := bleve.OpenUsing(dir, bleveConfig(false))
	if err != nil {
		if strings.Contains(err.Error(), "timeout") {
			return nil, fmt.Errorf("open index %s: %w", dir, ErrLocked)
		}
		return nil, fmt.Errorf("open index %s: %w", dir, err)
	}
	if v, err := bi.GetInternal(formatKey); err != nil || string(v) != formatVersion {
		bi.Close()
		return nil, fmt.Errorf("open index %s: %w: built by another version of talksbot (format %q, this one reads %q)", dir, ErrIndexDamaged, v, formatVersion)
	}
	x := wrap(dir, bi)
	if err := x.loadAliases(); err != nil {
		bi.Close()
		return nil, fmt.Errorf("open index %s: %w: %v", dir, ErrIndexDamaged, err)
	}
	return x, nil
}

// formatVersion names what an index holds beyond its mapping (the outlet
// searched, the alias tokens of the syn field): an index of another
// format is rebuilt from the article store when its data directory opens.
const formatVersion = "2026-12-07"

var formatKey = []byte("talksbot_format")

func wrap(dir string, bi bleve.Index) *Index {
	x := &Index{dir: dir, cur: bi, alias: bleve.NewIndexAlias(bi)}
	x.an = bi.Mapping().AnalyzerNamed(en.AnalyzerName)
	return x
}

// UsePlainBleve makes questions search with Bleve's own search loop (on)
// or with the top-k scorer of topk.go (off, the default). Both find the
// same candidates with the same scores; the switch is for comparing them.
func (x *Index) UsePlainBleve(on bool) { x.plainBleve.Store(on) }

// Dir is where the index lives.
func (x *Index) Dir() string { return x.dir }

// Size is the size on disk of the index directory, in bytes.
func (x *Index) Size() int64 { return dirSize(x.dir) }

// Close closes the index.
func (x *Index) Close() error {
	x.mu.Lock()
	defer x.mu.Unlock()
	return x.cur.Close()
}

func (x *Index) current() bleve.Index {
	x.mu.RLock()
	defer x.mu.RUnlock()
	return x.cur
}

// indexSynonyms stores the domain thesaurus as a synonym collection.
func (x *Index) indexSynonyms() error {
	b := x.cur.NewBatch()
	for i, set := range domainSynonyms {
		if err := b.IndexSynonym(fmt.Sprintf("syn-%03d", i), synCollection, &bleve.SynonymDefinition{Synonyms: set}); err != nil {
			return fmt.Errorf("index synonyms: %w", err)
		}
	}
	if err := x.cur.Batch(b); err != nil {
		return fmt.Errorf("index synonyms: %w", err)
	}
	return nil
}

// batchSize is the number of passages written per Bleve batch: articles
// are gathered into a batch until it holds at least this many.
const batchSize = 1000

// articleBatch and articleBatchBytes bound the documents and the text of
// one article a batch holds: a longer article is written in batches of at
// most articleBatch passages (or deletions) and about articleBatchBytes of
// text (a passage may be up to 2,000 bytes). Bleve keeps a batch's
// analysed documents and builds its segment in memory all at once, tens of
// kilobytes a passage with the fact fields, so the 20,000 passages of a
// 2 MiB article in one batch took 1.2 GB, over 600 times the text; in
// bounded batches an ingest's memory no longer grows with the article
// (index/memory_test.go). Articles within both bounds, such as every
// article of the default corpus and the test pages, are batched as before.
//
// An article written in several batches is indexed in steps: a crash in
// between leaves it partly indexed (and unacknowledged), with a mark
// (partialKey) that the check on open finds and repairs.
const (
	articleBatch      = 100
	articleBatchBytes = 16 << 10
)

// Add indexes (or re-indexes) the passages of articles. An article's old
// passages beyond its new count are deleted. progress, if not nil, is told
// how many articles are indexed after each batch, from another goroutine.
//
// The passage documents of a batch are built (fact extraction is most of
// the work) while the batch before is written, so the two overlap.
func (x *Index) Add(ctx context.Context, articles []*corpus.Article, progress func(done, total int)) error {
	bi := x.current()
	type job struct {
		b    *bleve.Batch
		done int // articles complete once b is written
	}
	jobs := make(chan job) // unbuffered: one batch built while one is written
	var failed atomic.Bool
	werr := make(chan error, 1)
	go func() {
		var err error
		done := 0
		defer func() {
			if r := recover(); r != nil {
				err = fmt.Errorf("write index batch: index write panicked: %v", r)
				failed.Store(true)
				for range jobs {
				}
			}
			if err == nil && progress != nil && done < len(articles) {
				progress(len(articles), len(articles))
			}
			werr <- err
		}()
		for j := range jobs {
			if err != nil {
				continue
			}
			if err = bi.Batch(j.b); err != nil {
				err = fmt.Errorf("write index batch: %w", err)
				failed.Store(true)
				continue
			}
			done = j.done
			if progress != nil {
				progress(done, len(articles))
			}
		}
	}()
	closed := false
	defer func() {
		if !closed { // a panic while building: let the writer finish first
			close(jobs)
			<-werr
		}
	}()
	err := x.buildBatches(ctx, bi, articles, func(b *bleve.Batch, done int) bool {
		jobs <- job{b, done}
		return !failed.Load()
	})
	close(jobs)
	closed = true
	if werr := <-werr; werr != nil {
		return werr
	}
	if err == nil {
		err = x.saveNames() // the names the new articles give people (aliases.go)
	}
	return err
}

// buildBatches builds the batches of passage documents of articles and
// hands each to write, with the number of articles complete once it is
// written; it stops when write returns false.
func (x *Index) buildBatches(ctx context.Context, bi bleve.Index, articles []*corpus.Article, write func(b *bleve.Batch, done int) bool) error {
	b := bi.NewBatch()
	for i, a := range articles {
		if err := ctx.Err(); err != nil {
			return err
		}
		old, err := x.passageCount(a.ID)
		if err != nil {
			return err
		}
		// A long article goes in several batches (see articleBatch): the
		// first carries a mark that the article is partly written, the
		// last (with its final passage or deletion) removes it.
		split := false
		count, size := 0, 0            // the article's documents and text in b
		next := func(last bool) bool { // b is full: write it, start another
			if last || (count < articleBatch && size < articleBatchBytes) {
				return true
			}
			if !split {
				b.SetInternal(partialKey(a.ID), []byte{1})
				split = true
			}
			if !write(b, i) {
				return false
			}
			b = bi.NewBatch()
			count, size = 0, 0
			return true
		}
		ps := a.Passages()
		for j, p := range ps {
			var prev corpus.Passage
			if j > 0 {
				prev = ps[j-1]
			}
			if err := b.Index(corpus.PassageID(a.ID, p.Sent), x.passageDoc(a, p, prev)); err != nil {
				return fmt.Errorf("index %s: %w", a.ID, err)
			}
			count, size = count+1, size+len(p.Text)
			if !next(j == len(ps)-1 && old <= len(ps)) {
				return nil
			}
		}
		for n := len(ps); n < old; n++ {
			b.Delete(corpus.PassageID(a.ID, n))
			count++
			if !next(n == old-1) {
				return nil
			}
		}
		if split {
			b.DeleteInternal(partialKey(a.ID))
		}
		if b.Size() >= batchSize {
			if !write(b, i+1) {
				return nil
			}
			b = bi.NewBatch()
		}
	}
	if b.Size() > 0 {
		write(b, len(articles))
	}
	return nil
}

// partialKey is the internal key (stored with the index, not a document)
// marking an article written in several batches whose last batch is not
// written yet.
func partialKey(id string) []byte { return []byte(partialPrefix + id) }

const partialPrefix = "partial/"

// isPartial reports whether the article is marked as partly written.
func (x *Index) isPartial(id string) bool {
	v, err := x.current().GetInternal(partialKey(id))
	return err == nil && v != nil
}

// partialArticles lists the articles marked as partly written: a crash
// came between the batches of a long article.
func (x *Index) partialArticles() ([]string, error) {
	x.mu.RLock()
	defer x.mu.RUnlock()
	snap, err := x.snapshot()
	if errors.Is(err, errNotScorch) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer snap.Close()
	var ids []string
	for k := range snap.Internal() {
		if id, ok := strings.CutPrefix(k, partialPrefix); ok {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids, nil
}

// Remove deletes every passage of an article.
func (x *Index) Remove(ctx context.Context, id string) error {
	n, err := x.passageCount(id)
	if err != nil {
		return err
	}
	bi := x.current()
	b := bi.NewBatch()
	for i := 0; i < n; i++ {
		b.Delete(corpus.PassageID(id, i))
	}
	b.DeleteInternal(partialKey(id))
	return bi.Batch(b)
}

// passageCount is how many passages the index holds for an article.
func (x *Index) passageCount(id string) (int, error) {
	q := bleve.NewTermQuery(id)
	q.SetField(fArticle)
	req := bleve.NewSearchRequestOptions(q, 0, 0, false)
	res, err := x.current().Search(req)
	if err != nil {
		return 0, fmt.Errorf("count passages of %s: %w", id, err)
	}
	return int(res.Total), nil
}

// passageDoc is the Bleve document of one passage; prev is the sentence
// before it in the article (zero for the first): news paragraphs are
// short, and "The attack killed…" refers to the paragraph before.
func (x *Index) passageDoc(a *corpus.Article, p corpus.Passage, prev corpus.Passage) map[string]any {
	doc := map[string]any{
		fText: p.Text, fSyn: x.withPhraseTokens(p.Text), fContext: x.withPhraseTokens(prev.Text),
		fArticle: a.ID, fTitle: a.Title, fOutlet: a.Outlet, fSource: sourceText(a.Outlet), fURL: a.URL,
		fPublished: a.Published, fDateNote: a.DateNote, fKind: a.Kind,
		fPara: p.Para, fSent: p.Sent, fStart: p.Start, fEnd: p.End,
	}
	// The gap after the sentence before, when it is only white space: an
	// answer window joining the two is then exactly body[prev.Start:p.End].
	if p.Sent > 0 && prev.End <= p.Start {
		if gap := a.Body[prev.End:p.Start]; len(gap) <= maxLead && strings.TrimSpace(gap) == "" {
			doc[fLead] = gap
		}
	}
	x.noteNames(addFacts(doc, a, p)) // feat and the fact fields: see facts.go; names for the aliases
	return doc
}

// maxLead is the longest gap between two sentences that a window spans.
const maxLead = 8

// withPhraseTokens appends the single tokens standing for the multi-word
// names in s and for its alias phrases (aliases.go).
func (x *Index) withPhraseTokens(s string) string {
	if toks := append(phraseTokens(s), x.aliasTokensIn(s)...); len(toks) > 0 {
		return s + " " + strings.Join(toks, " ")
	}
	return s
}

// parseDateValue reads a Date.Value (YYYY, YYYY-MM, YYYY-MM-DD, or a week
// "YYYY-MM-DD/week") as the first day it covers.
func parseDateValue(v string) (time.Time, bool) {
	v, _, _ = strings.Cut(v, "/")
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// DocCount is the number of passages (and synonym definitions) indexed.
func (x *Index) DocCount() (uint64, error) { return x.current().DocCount() }

// CreateCompact builds a new index of articles in one batch: one
// segment, so that BM25's statistics and the order of equal scores are
// the same on every run. Training and the evaluation floors use it (for
// the default corpus and the test pages, a few thousand passages).
func CreateCompact(ctx context.Context, dir string, articles []*corpus.Article) (*Index, error) {
	x, err := Create(ctx, dir, nil, nil)
	if err != nil {
		return nil, err
	}
	bi := x.current()
	b := bi.NewBatch()
	if err := x.buildBatches(ctx, bi, articles, func(part *bleve.Batch, _ int) bool { b.Merge(part); return true }); err != nil {
		x.Close()
		return nil, err
	}
	if err := bi.Batch(b); err != nil {
		x.Close()
		return nil, fmt.Errorf("write index batch: %w", err)
	}
	if err := x.saveNames(); err != nil {
		x.Close()
		return nil, err
	}
	return x, nil
}

// sourceText is what a passage's source is searched by: its outlet and
// the initials of the outlet's names ("Associated Press and Reuters" →
// "… AP"; "U.S. Department of Defense" → "… DoD").
func sourceText(outlet string) string {
	var initials []string
	var cur strings.Builder
	caps := 0
	flush := func() {
		if caps >= 2 {
			initials = append(initials, cur.String())
		}
		cur.Reset()
		caps = 0
	}
	for _, w := range strings.FieldsFunc(outlet, func(r rune) bool { return r == ' ' || r == ',' || r == '–' || r == '-' }) {
		switch {
		case w == "of" || w == "for":
			if caps > 0 {
				cur.WriteByte(w[0])
			}
		case w[0] >= 'A' && w[0] <= 'Z' && !strings.Contains(w, "."):
			cur.WriteByte(w[0])
			caps++
		default:
			flush()
		}
	}
	flush()
	return strings.TrimSpace(outlet + " " + strings.Join(initials, " "))
}
