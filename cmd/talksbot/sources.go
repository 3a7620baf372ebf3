package main

import (
	"context"
	"fmt"
	"text/tabwriter"
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
	d, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	defer d.Close()
	a, err := d.Store.Get(pos[0])
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

// sourceRow is one article in `sources --json`.
type sourceRow struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Outlet    string `json:"outlet"`
	Published string `json:"published"`
	DateNote  string `json:"date_note,omitempty"`
	Kind      string `json:"kind"`
	URL       string `json:"url"`
	Passages  int    `json:"passages"`
}

func cmdSources(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "sources")
	asJSON := fs.Bool("json", false, "print JSON")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	d, err := openData(ctx, e, *data)
	if err != nil {
		return err
	}
	defer d.Close()
	articles, _ := d.Store.Load()
	rows := make([]sourceRow, 0, len(articles))
	for _, a := range articles {
		rows = append(rows, sourceRow{a.ID, a.Title, a.Outlet, a.Published, a.DateNote, a.Kind, a.URL, len(a.Passages())})
	}
	if *asJSON {
		return writeJSON(e.stdout, rows)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tOUTLET\tDATE\tKIND\tPASSAGES")
	for _, a := range articles {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", a.ID, a.OutletLabel(), a.DateLabel(), a.Kind, len(a.Passages()))
	}
	return tw.Flush()
}
