// Package gen writes synthetic coverage of the U.S.–Iraq talks for
// benchmarks: deterministic articles with varied sentences, names, figures,
// places, dates (2023–2026) and outlets, in the format corpus.Parse reads.
// The articles are realistic in shape and vocabulary, not in fact: never
// quote them.
package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// Version changes whenever the output for a seed changes, so caches of
// generated corpora can be keyed by it.
const Version = 1

// Generate returns the first n articles of the corpus seeded by seed.
func Generate(seed int64, n int) []*corpus.Article {
	out := make([]*corpus.Article, n)
	for i := range out {
		out[i] = Article(seed, i)
	}
	return out
}

// Article returns the i-th article of the corpus seeded by seed, parsed as
// corpus.Parse would (paragraphs and sentences split). It depends on seed
// and i only, so corpora can be generated in parts or streamed.
func Article(seed int64, i int) *corpus.Article {
	r := rand.New(rand.NewPCG(uint64(seed), uint64(i)^0x9E3779B97F4A7C15))
	g := &writer{r: r}
	return g.article(i)
}

// Write writes articles i in [from, to) of the corpus seeded by seed into
// dir as Markdown files (corpus.FileName(id)), creating dir. Existing files
// are overwritten.
func Write(dir string, seed int64, from, to int) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write generated articles: %w", err)
	}
	for i := from; i < to; i++ {
		a := Article(seed, i)
		if err := os.WriteFile(filepath.Join(dir, corpus.FileName(a.ID)), a.Marshal(), 0o644); err != nil {
			return fmt.Errorf("write generated article %d: %w", i, err)
		}
	}
	return nil
}

// writer writes one article.
type writer struct {
	r     *rand.Rand
	pub   time.Time
	topic *topic
	// people named in this article, so later sentences can refer back.
	usName, iqName, mlName string
	militia                string
	used                   map[string]bool // templates already used in this article
}

var (
	firstDay = time.Date(2023, 1, 1, 0, 0, 0, 0, time.UTC)
	lastDay  = time.Date(2026, 12, 31, 0, 0, 0, 0, time.UTC)
)

func (g *writer) article(i int) *corpus.Article {
	days := int(lastDay.Sub(firstDay).Hours() / 24)
	g.pub = firstDay.AddDate(0, 0, g.r.IntN(days+1))
	g.topic = &topics[g.r.IntN(len(topics))]
	g.usName, g.iqName, g.mlName = g.person(usFirst, usLast), g.person(iqFirst, iqLast), g.person(iqFirst, iqLast)
	g.militia = militias[g.zipf(len(militias))]
	g.used = map[string]bool{}
	o := outlets[g.zipf(len(outlets))]

	var paras []string
	nParas := 2 + g.r.IntN(4) // 2–5 paragraphs
	lead := true
	for p := 0; p < nParas; p++ {
		nSent := 1 + g.r.IntN(3)
		var sents []string
		for s := 0; s < nSent; s++ {
			var t string
			for try := 0; try == 0 || g.used[t] && try < 5; try++ {
				switch {
				case lead:
					t = pick(g.r, g.topic.lead)
				case g.r.IntN(3) > 0:
					t = pick(g.r, g.topic.body)
				default:
					t = pick(g.r, common)
				}
			}
			lead = false
			g.used[t] = true
			sents = append(sents, capitalize(g.expand(t)))
		}
		paras = append(paras, strings.Join(sents, " "))
	}
	body := strings.Join(paras, "\n\n")
	title := capitalize(g.expand(pick(g.r, g.topic.titles)))
	date := g.pub.Format(time.DateOnly)
	id := fmt.Sprintf("gen-%s-%s-%06d", o.slug, date, i)
	a := &corpus.Article{
		ID: id, Title: title, Outlet: o.name, Published: date, Kind: corpus.KindArticle, Body: body,
		URL: fmt.Sprintf("https://%s/%s/%s-%d", o.host, g.pub.Format("2006/01/02"), slug(title), i),
	}
	switch g.r.IntN(20) {
	case 0: // a brief of another outlet's report
		a.Kind = corpus.KindBrief
		a.BasedOn = fmt.Sprintf("%s report, %s", outlets[g.r.IntN(len(outlets))].name, g.pub.Format("2 January 2006"))
	case 1: // undated, with a note
		a.Published = ""
		a.DateNote = g.pub.Format("early January 2006")
		if d := g.pub.Day(); d > 20 {
			a.DateNote = g.pub.Format("late January 2006")
		} else if d > 10 {
			a.DateNote = g.pub.Format("mid-January 2006")
		}
	}
	if g.r.IntN(3) == 0 {
		a.Author = g.person(usFirst, usLast)
	}
	a.Paragraphs = corpus.Split(a.Body)
	return a
}

// zipf picks an index in [0,n) with a skew toward the first ones, as the
// names and outlets of real coverage are.
func (g *writer) zipf(n int) int {
	z := rand.NewZipf(g.r, 1.3, 2, uint64(n-1))
	return int(z.Uint64())
}

func (g *writer) person(first, last []string) string {
	return first[g.zipf(len(first))] + " " + last[g.zipf(len(last))]
}

func pick(r *rand.Rand, xs []string) string { return xs[r.IntN(len(xs))] }

// expand fills a template: {slot} is a slot, {a|b|c} a choice (an empty
// alternative makes it optional); choices may hold slots and choices.
func (g *writer) expand(t string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			break
		}
		b.WriteString(t[:i])
		j := matching(t, i)
		inner := t[i+1 : j]
		t = t[j+1:]
		if alts := splitTop(inner); len(alts) > 1 {
			b.WriteString(g.expand(alts[g.r.IntN(len(alts))]))
			continue
		}
		f, ok := slots[inner]
		if !ok {
			panic("gen: unknown slot {" + inner + "}")
		}
		b.WriteString(g.expand(f(g)))
	}
	return b.String()
}

// matching is the index of the brace closing the one at i.
func matching(t string, i int) int {
	depth := 0
	for j := i; j < len(t); j++ {
		switch t[j] {
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	panic("gen: unbalanced template " + t)
}

// splitTop splits s at the '|' outside nested braces.
func splitTop(s string) []string {
	var out []string
	depth, last := 0, 0
	for j := 0; j < len(s); j++ {
		switch s[j] {
		case '{':
			depth++
		case '}':
			depth--
		case '|':
			if depth == 0 {
				out = append(out, s[last:j])
				last = j + 1
			}
		}
	}
	return append(out, s[last:])
}

func capitalize(s string) string {
	if s == "" || s[0] < 'a' || s[0] > 'z' {
		return s
	}
	return string(s[0]-'a'+'A') + s[1:]
}

func slug(s string) string {
	var b strings.Builder
	dash := false
	for _, c := range strings.ToLower(s) {
		switch {
		case c >= 'a' && c <= 'z' || c >= '0' && c <= '9':
			b.WriteRune(c)
			dash = false
		case !dash && b.Len() > 0:
			b.WriteByte('-')
			dash = true
		}
		if b.Len() > 60 {
			break
		}
	}
	return strings.Trim(b.String(), "-")
}

// num formats n with thousands separators.
func num(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// dateIn is a day between the article's date minus back days and plus ahead days.
func (g *writer) dateIn(back, ahead int) time.Time {
	return g.pub.AddDate(0, 0, g.r.IntN(back+ahead+1)-back)
}

func (g *writer) dateText(t time.Time) string {
	switch g.r.IntN(6) {
	case 0:
		return t.Format("January 2, 2006")
	case 1:
		return t.Format("2 January 2006")
	case 2:
		return monthAbbrev(t) + " " + fmt.Sprint(t.Day())
	case 3:
		return t.Format("Monday")
	case 4:
		return t.Format("January 2")
	}
	return t.Format("January 2006")
}

func monthAbbrev(t time.Time) string {
	m := t.Format("Jan")
	switch m {
	case "May", "Jun", "Jul":
		return t.Format("January")
	case "Sep":
		return "Sept."
	}
	return m + "."
}
