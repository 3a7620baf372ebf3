package facts

import (
	"strings"
	"time"

	"github.com/talksbot/talksbot/corpus"
)

// Figure is a count stated in a sentence: "about 2,500 U.S. troops in Iraq".
// Start/End are byte offsets of the whole phrase within the sentence text.
type Figure struct {
	Value  float64 `json:"value"`
	Max    float64 `json:"max,omitempty"` // the upper end of a range ("2,000 to 2,500 troops")
	Approx string  `json:"approx"`        // "about", "more than", "fewer than", "at least", "up to", "between", "vague" (hundreds, several) or "exact"
	Unit   string  `json:"unit"`          // canonical unit: troops, personnel, advisers, attacks, percent, …
	Whose  string  `json:"whose,omitempty"`
	Place  string  `json:"place,omitempty"`
	Text   string  `json:"text"`
	Start  int     `json:"start"`
	End    int     `json:"end"`

	Mostly  string `json:"mostly_in,omitempty"` // "mostly in Erbil"
	Of      string `json:"of,omitempty"`        // for percent: what it is a share of (troops)
	State   string `json:"state,omitempty"`     // killed, injured, detained, leaving, reduction
	Against string `json:"against,omitempty"`   // for attacks: whom they targeted
	// AsOf is the date the figure holds for (YYYY, YYYY-MM or YYYY-MM-DD):
	// a date the sentence gives, else the article's.
	AsOf       string `json:"as_of,omitempty"`
	AsOfOrigin string `json:"as_of_origin,omitempty"` // "stated", "resolved", "published", "date note"
	// Elided is true when the unit was left out and taken from an earlier
	// figure ("about 2,400 U.S. troops in Iraq and 800 in Syria").
	Elided bool `json:"elided,omitempty"`

	placeRef bool // the place is "there"
}

// Date is a date expression in a sentence, resolved where it can be.
type Date struct {
	Text   string `json:"text"`
	Start  int    `json:"start"`
	End    int    `json:"end"`
	Value  string `json:"value,omitempty"` // YYYY, YYYY-MM or YYYY-MM-DD; a week is "YYYY-MM-DD/week"
	Last   string `json:"last,omitempty"`  // last day of a span of days ("22 and 23 July 2024")
	Origin string `json:"origin"`          // "stated", "resolved" or "unresolved"
	// Rel is the word that relates the date to the event: on, in, by,
	// until, since, after, before, between, and, from, during (or "").
	Rel string `json:"rel,omitempty"`
}

// Name is a proper name in a sentence, with the title before it and what
// the sentence says of its role. Start/End span the name only; Title, when
// set, is the text right before it.
type Name struct {
	Text  string `json:"text"`
	Title string `json:"title,omitempty"` // "Prime Minister", "Maj. Gen."
	Role  string `json:"role,omitempty"`  // "military spokesman", "leader of Asaib Ahl al-Haq"
	Side  string `json:"side,omitempty"`  // party id of the side named with it ("iraq" for "Iraqi Prime Minister …")
	Party string `json:"party,omitempty"` // party id when the alias table knows the name
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// Cue is a phrase that makes a sentence a condition, with its kind:
// prerequisite, basis, proviso, deadline, timetable or necessity.
type Cue struct {
	Text  string `json:"text"`
	Kind  string `json:"kind"`
	Start int    `json:"start"`
	End   int    `json:"end"`
	// Back is true when the condition is stated in the sentence before
	// ("A timetable will then be set", "It later dropped that condition").
	Back bool `json:"back,omitempty"`
}

// Facts are what a sentence carries.
type Facts struct {
	Figures   []Figure `json:"figures,omitempty"`
	Dates     []Date   `json:"dates,omitempty"`
	Names     []Name   `json:"names,omitempty"`
	Condition bool     `json:"condition,omitempty"` // states what must happen or hold for something else
	Reason    bool     `json:"reason,omitempty"`    // states why something happened
	Said      bool     `json:"said,omitempty"`      // attributes a statement

	Parties    []Mention `json:"parties,omitempty"`
	Conditions []Cue     `json:"conditions,omitempty"`
	// Speaker is the party id of whom the sentence attributes its
	// statement to ("…, Rasool said" → "rasool"); Speakers lists them all
	// when several speak together. SpeakerText is the words naming them
	// ("Rasool", "the spokesperson"), even when no party is known.
	Speaker     string   `json:"speaker,omitempty"`
	Speakers    []string `json:"speakers,omitempty"`
	SpeakerText string   `json:"speaker_text,omitempty"`
}

// ---------------------------------------------------------------------------
// Extraction

// Extract gathers the facts of one sentence of an article published on
// published (zero when unknown), without context.
func Extract(s string, published time.Time) Facts {
	c := &extractContext{published: published}
	return c.extract(s)
}

// ExtractArticle gathers the facts of every passage of a, in order. Unlike
// Extract it reads each sentence in the context of those before it:
// "He said" is given a speaker, "that month" a date, "deployed there" a
// place, "34 or more than 40" the unit of the figure before, and figures
// hold for the article's date (or the month its date note names).
func ExtractArticle(a *corpus.Article) []Facts {
	pub, _ := a.PublishedTime()
	c := &extractContext{published: pub, context: true}
	if pub.IsZero() {
		c.noteDate = NoteDate(a.DateNote)
	}
	ps := a.Passages()
	out := make([]Facts, len(ps))
	for i, p := range ps {
		out[i] = c.extract(p.Text)
	}
	return out
}

// extractContext carries what earlier sentences of an article said.
type extractContext struct {
	published time.Time
	noteDate  string
	context   bool // whether the fields below are used

	lastDate     *Date
	lastPlace    string
	lastFigures  []Figure
	lastSpeakers []string // party ids, newest last
	prevMentions []Mention
	prevCues     []Cue
	people       []string // party ids of named people, newest last
}

func (c *extractContext) extract(s string) Facts {
	var last *Date
	if c.context {
		last = c.lastDate
	}
	f := Facts{
		Dates:  extractDates(s, c.published, last),
		Names:  ExtractNames(s),
		Reason: mayContain(s, reasonWords) && reasonRe.MatchString(s),
		Said:   len(wordsIn(s, saidVerbs)) > 0,
	}
	f.Parties = findParties(s, f.Names)
	var prevFigs []Figure
	if c.context {
		prevFigs = c.lastFigures
	}
	f.Figures = extractFigures(s, f.Dates, f.Parties, prevFigs)
	f.Conditions = ConditionCues(s)
	if c.context && len(f.Conditions) == 0 && continuingRe.MatchString(s) {
		for _, cue := range c.prevCues {
			if cue.Kind == "basis" || cue.Kind == "proviso" {
				m := continuingRe.FindString(s)
				f.Conditions = append(f.Conditions, Cue{Text: m, Kind: cue.Kind, Start: 0, End: len(m), Back: true})
				break
			}
		}
	}
	f.Condition = len(f.Conditions) > 0
	for i := range f.Figures {
		c.figureDate(s, &f.Figures[i], f.Dates)
		if f.Figures[i].placeRef && c.context {
			f.Figures[i].Place = c.lastPlace
		}
	}
	text, ids := speakerIn(s, f.Parties)
	if text != "" && len(ids) == 0 && c.context {
		ids = c.resolveSpeaker(text)
	}
	if text != "" {
		f.SpeakerText = text
		f.Speakers = ids
		if len(ids) > 0 {
			f.Speaker = ids[0]
		}
	}
	if c.context {
		c.remember(s, &f)
	}
	return f
}

// figureDate sets the date a figure holds for: a date the sentence gives
// for it ("4 ISIS attacks in 2025", "In December 2023, … reported about
// 2,400"), else the article's.
func (c *extractContext) figureDate(s string, fig *Figure, dates []Date) {
	if fig.Elided && fig.AsOf != "" {
		// "42 in 2024": its own date wins over the one it inherited.
		for _, d := range dates {
			if d.Start >= fig.End && d.Start-fig.End <= 4 && d.Value != "" {
				fig.AsOf, fig.AsOfOrigin = d.Value, d.Origin
			}
		}
		return
	}
	point := func(d Date) bool {
		return d.Value != "" && (d.Rel == "" || d.Rel == "in" || d.Rel == "on" || d.Rel == "at" || d.Rel == "as of" || d.Rel == "during")
	}
	for i, d := range dates {
		if d.Start < fig.End || !attachedAfter.MatchString(s[fig.End:d.Start]) {
			continue
		}
		if d.Rel == "between" && i+1 < len(dates) && dates[i+1].Value != "" {
			fig.AsOf, fig.AsOfOrigin = dates[i+1].Value, dates[i+1].Origin
			return
		}
		if point(d) && !strings.Contains(s[fig.End:d.Start], ",") {
			fig.AsOf, fig.AsOfOrigin = d.Value, d.Origin
			return
		}
		break
	}
	for i := len(dates) - 1; i >= 0; i-- {
		d := dates[i]
		if d.End <= fig.Start && point(d) {
			fig.AsOf, fig.AsOfOrigin = d.Value, d.Origin
			return
		}
	}
	switch {
	case !c.published.IsZero():
		fig.AsOf, fig.AsOfOrigin = c.published.Format(time.DateOnly), "published"
	case c.noteDate != "":
		fig.AsOf, fig.AsOfOrigin = c.noteDate, "date note"
	}
}

// resolveSpeaker resolves "He said", "the spokesperson said", "the
// sources said" to a party named before.
func (c *extractContext) resolveSpeaker(text string) []string {
	t := strings.ToLower(strings.TrimSpace(text))
	if !anaphorRe.MatchString(t) {
		// "Hussein said", after "Foreign Minister Fuad Hussein".
		if f := strings.Fields(text); len(f) == 1 && capitalised(text) {
			for i := len(c.people) - 1; i >= 0; i-- {
				if name := strings.TrimPrefix(c.people[i], "name:"); name != c.people[i] && strings.HasSuffix(name, " "+text) {
					return []string{c.people[i]}
				}
			}
		}
		return nil
	}
	switch t {
	case "he", "she":
		if len(c.lastSpeakers) > 0 && isPerson(c.lastSpeakers[len(c.lastSpeakers)-1]) {
			return c.lastSpeakers[len(c.lastSpeakers)-1:]
		}
		if len(c.people) > 0 {
			return c.people[len(c.people)-1:]
		}
		return nil
	case "they", "it":
		if len(c.lastSpeakers) > 0 {
			return c.lastSpeakers[len(c.lastSpeakers)-1:]
		}
		for _, m := range c.prevMentions {
			if !m.Place {
				return []string{m.ID}
			}
		}
		return nil
	}
	noun := strings.TrimPrefix(t, "the ")
	for i := len(c.lastSpeakers) - 1; i >= 0; i-- {
		if describes(c.lastSpeakers[i], noun) {
			return []string{c.lastSpeakers[i]}
		}
	}
	for i := len(c.prevMentions) - 1; i >= 0; i-- {
		if m := c.prevMentions[i]; !m.Place && describes(m.ID, noun) {
			return []string{m.ID}
		}
	}
	return nil
}

// describes reports whether a common noun ("spokesperson", "group") fits a party.
func describes(id, noun string) bool {
	p, ok := partyByID[id]
	if !ok {
		return false
	}
	switch noun {
	case "group", "militia":
		return p.Kind == PartyMilitia || p.Kind == PartyOrganisation
	case "ministry":
		return strings.Contains(p.Name, "Ministry")
	case "commission":
		return strings.Contains(p.Name, "Commission")
	case "office", "statement":
		return true
	}
	singular := strings.TrimSuffix(noun, "s")
	hay := strings.ToLower(p.Name + " " + p.Title + " " + strings.Join(p.Aliases, " "))
	return strings.Contains(hay, singular)
}

func isPerson(id string) bool {
	p, ok := partyByID[id]
	if !ok {
		return strings.HasPrefix(id, "name:")
	}
	return p.Kind == PartyOfficial && !strings.HasSuffix(p.Name, "officials")
}

func (c *extractContext) remember(s string, f *Facts) {
	for i := len(f.Dates) - 1; i >= 0; i-- {
		if f.Dates[i].Value != "" {
			d := f.Dates[i]
			c.lastDate = &d
			break
		}
	}
	ms := placeAny.FindAllStringSubmatchIndex(s, -1)
	for i := len(ms) - 1; i >= 0; i-- {
		p := s[ms[i][2]:ms[i][3]]
		if !isTimeWord(p) && !insideMention(f.Parties, ms[i][2]) {
			c.lastPlace = cleanPlace(p)
			break
		}
	}
	c.lastFigures = f.Figures
	if len(f.Speakers) > 0 {
		c.lastSpeakers = append(c.lastSpeakers, f.Speakers...)
	}
	c.prevMentions = f.Parties
	c.prevCues = f.Conditions
	for _, m := range f.Parties {
		if !m.Place && isPerson(m.ID) {
			c.people = append(c.people, m.ID)
		}
	}
}

// wordsIn is the byte ranges of the words of s in set: what
// `\b(w1|w2|…)\b` finds, without a regexp (words are runs of ASCII
// letters, digits and underscores, as for \b).
