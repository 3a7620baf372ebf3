package bot

import (
	"context"
	"fmt"
	"strings"

	"github.com/talksbot/talksbot/index"
)

// FactViews are the index's fact views, as *index.Index has them.
type FactViews interface {
	Troops(ctx context.Context) (index.TroopsView, error)
	Parties(ctx context.Context) (index.PartiesView, error)
	Conditions(ctx context.Context) (index.ConditionsView, error)
	Timeline(ctx context.Context) (index.TimelineView, error)
	Summary(ctx context.Context, opt index.SummaryOptions) (index.Summary, error)
}

// IndexViews shows the index's fact views: the same data as the CLI's
// troops, parties, conditions, timeline and summary.
func IndexViews(x FactViews) Views { return indexViews{x} }

type indexViews struct{ x FactViews }

// summarySentences is how many sentences /summary shows.
const summarySentences = 8

func (v indexViews) View(ctx context.Context, name string, q ViewQuery) (View, error) {
	switch name {
	case "troops":
		t, err := v.x.Troops(ctx)
		return troopsView(t), err
	case "parties":
		p, err := v.x.Parties(ctx)
		return partiesView(p), err
	case "conditions":
		c, err := v.x.Conditions(ctx)
		return conditionsView(c), err
	case "timeline":
		t, err := v.x.Timeline(ctx)
		return timelineView(t), err
	case "summary":
		s, err := v.x.Summary(ctx, index.SummaryOptions{ArticleID: q.Article, Topic: q.Topic, N: summarySentences})
		return summaryView(s), err
	}
	return View{}, fmt.Errorf("no view %q", name)
}

// passageOf turns a view's quote into a passage to render.
func passageOf(q index.Quote) index.Passage {
	return index.Passage{Quote: q.Text, ArticleID: q.ArticleID, Title: q.Title, Outlet: q.Outlet, URL: q.URL,
		Published: q.Published, DateNote: q.DateNote, Kind: q.Kind, Start: q.Start, End: q.End}
}

const incomplete = " (The coverage has more passages than a view reads: this list is incomplete.)"

func troopsView(v index.TroopsView) View {
	out := View{
		Name:  "troops",
		Title: "Troops and other figures",
		Intro: fmt.Sprintf("%s in %s, as each source states them, newest first. Where sources disagree about the same moment, it says so.",
			plural(v.Figures, "figure"), plural(len(v.Groups), "group")),
		Empty: "The coverage I hold states no figures.",
	}
	if v.Truncated {
		out.Intro += incomplete
	}
	for _, g := range v.Groups {
		s := ViewSection{Heading: g.Label}
		var notes, compact []string
		for _, d := range g.Disagreements {
			notes = append(notes, "⚠ "+d.Note)
			compact = append(compact, compactDisagreement(d))
		}
		s.Text = strings.Join(notes, " ")
		s.Compact = strings.Join(compact, "\n")
		for _, f := range g.Figures {
			label := f.AsOf
			if label == "" {
				label = "date not stated"
			}
			line := "`" + codeText(label) + "` **" + escape(oneLine(f.Text)) + "**"
			label += " · " + f.Text
			bare := !index.CountsItself(f.Text, g.Unit)
			if bare {
				// "47" says nothing alone: say what it counts, and quote it.
				label += " (" + g.Label + ")"
				line += " " + escape("("+g.Label+")")
			}
			if f.Mostly != "" {
				label += " (mostly in " + f.Mostly + ")"
				line += " (mostly in " + escape(f.Mostly) + ")"
			}
			if bare || f.AsOf == "" {
				line += ": “" + escape(compactQuote(f.Quote.Text)) + "”"
			}
			s.Items = append(s.Items, ViewItem{Label: label, Quote: passageOf(f.Quote), Compact: line})
		}
		out.Sections = append(out.Sections, s)
	}
	return out
}

func partiesView(v index.PartiesView) View {
	out := View{
		Name:  "parties",
		Title: "Parties to the talks",
		Intro: "The actors the coverage names, most often named first, each with its most telling sentence.",
		Empty: "The coverage I hold names no parties.",
	}
	if v.Truncated {
		out.Intro += incomplete
	}
	for _, p := range v.Parties {
		head := p.Name
		if p.Title != "" {
			head += " — " + p.Title
		}
		text := p.Kind
		if p.SideName != "" {
			text += ", for " + p.SideName
		}
		text += ": " + p.Role + ". " + fmt.Sprintf("Named in %s of %s; quoted in %d.",
			plural(p.Passages, "sentence"), plural(p.Articles, "article"), p.Statements)
		if len(p.Officials) > 0 {
			text += " Officials: " + strings.Join(p.Officials, ", ") + "."
		}
		if p.Note != "" {
			text += " Note: " + p.Note
		}
		line := "**" + escape(oneLine(p.Name)) + "**"
		if p.Title != "" {
			line += " — " + escape(oneLine(p.Title))
		}
		if p.Role != "" {
			line += " · " + escape(oneLine(truncate(p.Role, 80)))
		}
		line += fmt.Sprintf(" · in %s", plural(p.Articles, "article"))
		s := ViewSection{Heading: head, Text: text, Line: line}
		if p.Quote.Text != "" {
			label := "named"
			if p.QuoteSaysIt {
				label = "says"
			}
			s.Items = []ViewItem{{Label: label, Quote: passageOf(p.Quote)}}
		}
		out.Sections = append(out.Sections, s)
	}
	return out
}

func conditionsView(v index.ConditionsView) View {
	out := View{
		Name:  "conditions",
		Title: "Conditions for ending the mission",
		Intro: "The sentences that set conditions for the withdrawal or the transition, the most binding kinds first.",
		Empty: "The coverage I hold states no conditions.",
	}
	if v.Truncated {
		out.Intro += incomplete
	}
	shown := map[string]bool{} // no sentence twice in the view
	for _, c := range v.Conditions {
		if shown[quoteKey(c.Quote)] {
			continue
		}
		shown[quoteKey(c.Quote)] = true
		if c.Context != nil && shown[quoteKey(*c.Context)] {
			c.Context = nil
		} else if c.Context != nil {
			shown[quoteKey(*c.Context)] = true
		}
		if len(out.Sections) == 0 || out.Sections[len(out.Sections)-1].Heading != capitalize(c.Kind) {
			out.Sections = append(out.Sections, ViewSection{Heading: capitalize(c.Kind)})
		}
		s := &out.Sections[len(out.Sections)-1]
		label := ""
		if c.Speaker != "" {
			label = c.Speaker
		}
		if c.Context != nil {
			s.Items = append(s.Items, ViewItem{Label: label, Quote: passageOf(*c.Context)})
			label = "then"
		}
		s.Items = append(s.Items, ViewItem{Label: label, Quote: passageOf(c.Quote)})
	}
	return out
}

func timelineView(v index.TimelineView) View {
	out := View{
		Name:  "timeline",
		Title: "Timeline of the talks",
		Intro: "Dated events, in order. Dates marked “resolved” were worked out from words like “last week” and the article's date.",
		Empty: "The coverage I hold dates no events.",
	}
	if v.Unresolved > 0 {
		out.Intro += fmt.Sprintf(" %s could not be placed: their articles are undated.", plural(v.Unresolved, "relative date"))
	}
	if v.Truncated {
		out.Intro += incomplete
	}
	talks := ViewSection{Heading: "The talks, from " + talksFrom[:4]}
	before := ViewSection{Heading: "Before the talks"}
	shown := map[string]bool{} // a sentence with two dates is listed at the first
	for _, e := range v.Events {
		if shown[quoteKey(e.Quote)] {
			continue
		}
		shown[quoteKey(e.Quote)] = true
		s := &talks
		if e.Date < talksFrom {
			s = &before
		}
		date := e.Date
		if e.Last != "" {
			date += " to " + e.Last
		}
		if e.Relation != "" && e.Relation != "on" && e.Relation != "in" {
			date = e.Relation + " " + date
		}
		if e.Origin != "" && e.Origin != "stated" {
			date += fmt.Sprintf(" (%s from “%s”)", e.Origin, e.DateText)
		}
		s.Items = append(s.Items, ViewItem{Label: date, Quote: passageOf(e.Quote)})
	}
	for _, s := range []ViewSection{talks, before} {
		if len(s.Items) > 0 {
			out.Sections = append(out.Sections, s)
		}
	}
	return out
}

// talksFrom is where the timeline's talks begin: the year the two
// governments agreed on the commission that runs them; what is earlier is
// background.
const talksFrom = "2023"

func quoteKey(q index.Quote) string { return q.ArticleID + ":" + fmt.Sprint(q.Start) }

// compactDisagreement is a disagreement in one line: each value with its
// sources, at most two named.
func compactDisagreement(d index.Disagreement) string {
	when := d.From
	if d.To != d.From {
		when += " to " + d.To
	}
	var parts []string
	for _, c := range d.Claims {
		srcs := c.Sources
		names := make([]string, 0, 2)
		for _, s := range srcs[:min(2, len(srcs))] {
			name, _, _ := strings.Cut(s, ",")
			names = append(names, shortOutlet(name))
		}
		more := ""
		if len(srcs) > 2 {
			more = fmt.Sprintf(" +%d", len(srcs)-2)
		}
		parts = append(parts, "**"+escape(oneLine(c.Text))+"** ("+escape(strings.Join(names, ", "))+more+")")
	}
	return "⚠ Sources differ (" + escape(when) + "): " + strings.Join(parts, " vs ")
}

func summaryView(s index.Summary) View {
	out := View{Name: "summary", Title: "Summary of the coverage", Empty: "Nothing in the coverage matches."}
	switch s.Scope {
	case "article":
		out.Title = "Summary of one article"
		if len(s.Sentences) > 0 {
			out.Title = "Summary: " + s.Sentences[0].Quote.Title
		}
	case "topic":
		out.Title = "Summary of the coverage of “" + s.Topic + "”"
	}
	out.Intro = fmt.Sprintf("The %d most central of %s, quoted in reading order.", len(s.Sentences), plural(s.Candidates, "sentence"))
	if s.Scope == "coverage" {
		out.Intro = fmt.Sprintf("%d of %s, quoted in reading order: the milestone of each period of the coverage, then the most central.", len(s.Sentences), plural(s.Candidates, "sentence"))
	}
	sec := ViewSection{Heading: "In their words"}
	for _, x := range s.Sentences {
		sec.Items = append(sec.Items, ViewItem{Quote: passageOf(x.Quote)})
	}
	if len(sec.Items) > 0 {
		out.Sections = []ViewSection{sec}
	}
	return out
}
