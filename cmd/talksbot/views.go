package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/chart"
)

// The views: figures, parties, conditions, timeline and summaries, as text
// for people (every quote followed by "— outlet, date") or, with --json,
// the structs the index returns.

// viewCommand opens the data directory, computes a view and prints it.
func viewCommand[V any](ctx context.Context, e env, name string, args []string, extra func(*flag.FlagSet), compute func(context.Context, *index.Data) (V, error), text func(io.Writer, V)) error {
	fs, data := newFlags(e, name)
	asJSON := fs.Bool("json", false, "print JSON")
	if extra != nil {
		extra(fs)
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("%s: unexpected argument %q", name, pos[0])
	}
	d, _, err := openOrDial(ctx, e, *data, readingHere)
	if err != nil {
		return err
	}
	defer d.Close()
	v, err := compute(ctx, d)
	if err != nil {
		return prefixed(name, err)
	}
	if *asJSON {
		return writeJSON(e.stdout, v)
	}
	text(e.stdout, v)
	return nil
}

func cmdTroops(ctx context.Context, e env, args []string) error {
	var o chartOption
	return viewCommand(ctx, e, "troops", args, o.register,
		func(ctx context.Context, d *index.Data) (index.TroopsView, error) {
			v, err := d.Troops(ctx)
			if err != nil || o.path == "" {
				return v, err
			}
			tl, err := d.Timeline(ctx)
			if err != nil {
				return v, err
			}
			return v, o.save(e, chart.TroopsData(v, tl))
		},
		withChart(&o, writeTroops))
}

func cmdParties(ctx context.Context, e env, args []string) error {
	return viewCommand(ctx, e, "parties", args, nil,
		func(ctx context.Context, d *index.Data) (index.PartiesView, error) { return d.Parties(ctx) },
		writeParties)
}

func cmdConditions(ctx context.Context, e env, args []string) error {
	return viewCommand(ctx, e, "conditions", args, nil,
		func(ctx context.Context, d *index.Data) (index.ConditionsView, error) { return d.Conditions(ctx) },
		writeConditions)
}

func cmdTimeline(ctx context.Context, e env, args []string) error {
	var o chartOption
	return viewCommand(ctx, e, "timeline", args, o.register,
		func(ctx context.Context, d *index.Data) (index.TimelineView, error) {
			v, err := d.Timeline(ctx)
			if err != nil || o.path == "" {
				return v, err
			}
			return v, o.save(e, chart.TimelineData(v))
		},
		withChart(&o, writeTimeline))
}

func cmdSummary(ctx context.Context, e env, args []string) error {
	var article, topic *string
	var n *int
	extra := func(fs *flag.FlagSet) {
		article = fs.String("article", "", "summarise one article (see `talksbot sources`)")
		topic = fs.String("topic", "", "summarise the passages about these words")
		n = fs.Int("n", 5, "number of sentences (1–20)")
	}
	return viewCommand(ctx, e, "summary", args, extra,
		func(ctx context.Context, d *index.Data) (index.Summary, error) {
			if *n < 1 || *n > 20 {
				return index.Summary{}, fmt.Errorf("-n %d: want 1 to 20 sentences", *n)
			}
			return d.Summary(ctx, index.SummaryOptions{ArticleID: *article, Topic: *topic, N: *n})
		},
		writeSummary)
}

// quoted is a quote for people: “text” — outlet, date.
func quoted(q index.Quote) string {
	return fmt.Sprintf("“%s” — %s", q.Text, q.Source())
}

func writeTroops(w io.Writer, v index.TroopsView) {
	fmt.Fprintf(w, "%d figures in %d groups, newest first.\n", v.Figures, len(v.Groups))
	for _, g := range v.Groups {
		fmt.Fprintf(w, "\n%s\n", g.Label)
		for _, f := range g.Figures {
			asOf := f.AsOf
			if asOf == "" {
				asOf = "no date"
			}
			extra := ""
			if !index.CountsItself(f.Text, g.Unit) {
				extra = " (" + g.Label + ")" // "47 (U.S. troops injured)"
			}
			if f.Mostly != "" {
				extra = " (mostly in " + f.Mostly + ")"
			}
			fmt.Fprintf(w, "  %-10s %s%s: %s\n", asOf, f.Text, extra, quoted(f.Quote))
		}
		for _, d := range g.Disagreements {
			fmt.Fprintf(w, "  ! %s\n", d.Note)
		}
	}
	if v.Truncated {
		fmt.Fprintln(w, "\n(more passages than a view reads: the list is incomplete)")
	}
}

func writeParties(w io.Writer, v index.PartiesView) {
	for _, p := range v.Parties {
		head := p.Name
		if p.Title != "" {
			head += " — " + p.Title
		}
		fmt.Fprintf(w, "%s (%s", head, p.Kind)
		if p.SideName != "" {
			fmt.Fprintf(w, ", for %s", p.SideName)
		}
		fmt.Fprintf(w, "): %s\n", p.Role)
		fmt.Fprintf(w, "  named in %d sentences of %d articles, quoted in %d", p.Passages, p.Articles, p.Statements)
		if len(p.Aliases) > 1 {
			fmt.Fprintf(w, "; also %s", strings.Join(p.Aliases, ", "))
		}
		fmt.Fprintln(w)
		if len(p.Officials) > 0 {
			fmt.Fprintf(w, "  officials: %s\n", strings.Join(p.Officials, ", "))
		}
		if p.Note != "" {
			fmt.Fprintf(w, "  note: %s\n", p.Note)
		}
		fmt.Fprintf(w, "  %s\n\n", quoted(p.Quote))
	}
}

func writeConditions(w io.Writer, v index.ConditionsView) {
	kind := ""
	for _, c := range v.Conditions {
		if c.Kind != kind {
			kind = c.Kind
			fmt.Fprintf(w, "%s%s\n", map[bool]string{true: "", false: "\n"}[kind == v.Conditions[0].Kind], kind)
		}
		if c.Context != nil {
			fmt.Fprintf(w, "  %s\n    → %s\n", quoted(*c.Context), quoted(c.Quote))
		} else {
			fmt.Fprintf(w, "  %s\n", quoted(c.Quote))
		}
	}
}

func writeTimeline(w io.Writer, v index.TimelineView) {
	for _, e := range v.Events {
		date := e.Date
		if e.Last != "" {
			date += " to " + e.Last
		}
		rel := e.Relation
		if rel == "" {
			rel = "on"
			if len(e.Date) < len("2006-01-02") {
				rel = "in"
			}
		}
		origin := ""
		if e.Origin != "stated" {
			origin = fmt.Sprintf(" [%s from %q]", e.Origin, e.DateText)
		}
		fmt.Fprintf(w, "%-16s %-6s %s%s\n", date, rel, quoted(e.Quote), origin)
	}
	if v.Unresolved > 0 {
		fmt.Fprintf(w, "\n(%d relative dates could not be placed: their articles are undated)\n", v.Unresolved)
	}
}

func writeSummary(w io.Writer, s index.Summary) {
	switch s.Scope {
	case "article":
		fmt.Fprintf(w, "Summary of %s", s.ArticleID)
	case "topic":
		fmt.Fprintf(w, "Summary of the coverage of %q", s.Topic)
		if s.ArticleID != "" {
			fmt.Fprintf(w, " in %s", s.ArticleID)
		}
	default:
		fmt.Fprint(w, "Summary of the coverage")
	}
	fmt.Fprintf(w, ": %d of %d sentences.\n\n", len(s.Sentences), s.Candidates)
	if len(s.Sentences) == 0 {
		fmt.Fprintln(w, "Nothing in the coverage matches.")
	}
	for _, x := range s.Sentences {
		fmt.Fprintf(w, "%s\n", quoted(x.Quote))
	}
}
