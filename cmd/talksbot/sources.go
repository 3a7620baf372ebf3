package main

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/corpus"
)

func cmdShow(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "show")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) != 1 {
		return fmt.Errorf("show: usage: talksbot show [--json] ID")
	}
	d, c, err := openOrDial(ctx, e, *data, true)
	if err != nil {
		return err
	}
	var a *corpus.Article
	if c != nil {
		defer c.Close()
		a, err = c.Show(ctx, pos[0])
		if err != nil && !errors.Is(err, control.ErrNotFound) {
			return fmt.Errorf("show: %w", err)
		}
	} else {
		defer d.Close()
		a, err = d.Store.Get(pos[0])
	}
	if err != nil {
		return fmt.Errorf("show: no article %q (see `talksbot sources`)", pos[0])
	}
	if *asJSON {
		return writeJSON(e.stdout, a)
	}
	fmt.Fprintf(e.stdout, "%s\n%s · %s · %s\n", a.Title, a.OutletLabel(), a.DateLabel(), a.Kind)
	if a.Author != "" {
		fmt.Fprintf(e.stdout, "By %s\n", a.Author)
	}
	if a.URL != "" {
		fmt.Fprintln(e.stdout, a.URL)
	}
	if a.BasedOn != "" {
		fmt.Fprintf(e.stdout, "Brief based on: %s\n", a.BasedOn)
	}
	fmt.Fprintf(e.stdout, "\n%s\n", a.Body)
	return nil
}

func cmdSources(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "sources")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	d, c, err := openOrDial(ctx, e, *data, true)
	if err != nil {
		return err
	}
	var rows []control.Source
	if c != nil {
		defer c.Close()
		if rows, err = c.Sources(ctx); err != nil {
			return fmt.Errorf("sources: %w", err)
		}
	} else {
		defer d.Close()
		articles, _ := d.Store.Load()
		rows = make([]control.Source, 0, len(articles))
		for _, a := range articles {
			rows = append(rows, control.SourceOf(a))
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tTITLE\tOUTLET\tDATE\tKIND\tPASSAGES")
	for _, r := range rows {
		a := corpus.Article{ID: r.ID, Outlet: r.Outlet, Published: r.Published, DateNote: r.DateNote}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", r.ID, shorten(r.Title, 48), a.OutletLabel(), a.DateLabel(), r.Kind, r.Passages)
	}
	return tw.Flush()
}

// shorten cuts s to at most n runes, at a word, with "…".
func shorten(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	t := string(r[:n-1])
	if i := strings.LastIndex(t, " "); i > n/2 {
		t = t[:i]
	}
	return t + "…"
}
