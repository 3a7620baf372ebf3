package facts

import "github.com/talksbot/talksbot/corpus"

// ArticleFacts extracts the facts of an article's passages one after the
// other, as ExtractArticle does for all of them at once, but holding only
// the context the next passage needs: an article of 20,000 passages does
// not keep 20,000 Facts in memory while it is indexed.
type ArticleFacts struct {
	a    *corpus.Article
	c    *extractContext
	next int // the passage Next extracts
}

// NewArticleFacts starts extracting the facts of a's passages.
func NewArticleFacts(a *corpus.Article) *ArticleFacts {
	pub, _ := a.PublishedTime()
	c := &extractContext{published: pub, context: true}
	if pub.IsZero() {
		c.noteDate = NoteDate(a.DateNote)
	}
	return &ArticleFacts{a: a, c: c}
}

// Article is the article whose facts are extracted.
func (e *ArticleFacts) Article() *corpus.Article { return e.a }

// Next is the number of the passage the next call to Extract reads.
func (e *ArticleFacts) Next() int { return e.next }

// Extract reads the next passage, p (the passage numbered Next), and
// returns its facts: ExtractArticle(a)[p.Sent], with the passages before
// read in turn.
func (e *ArticleFacts) Extract(p corpus.Passage) Facts {
	e.next++
	return e.c.extract(p.Text)
}
