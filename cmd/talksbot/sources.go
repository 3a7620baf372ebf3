package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"unicode/utf8"

	"golang.org/x/term"

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
	d, c, err := openOrDial(ctx, e, *data, reading)
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
	wide := fs.Bool("wide", false, "every column (kind, passages), titles and outlets whole, whatever the terminal's width")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	d, c, err := openOrDial(ctx, e, *data, reading)
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
	if *wide {
		tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tTITLE\tOUTLET\tDATE\tKIND\tPASSAGES")
		for _, r := range rows {
			a := corpus.Article{ID: r.ID, Outlet: r.Outlet, Published: r.Published, DateNote: r.DateNote}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%d\n", r.ID, oneLine(r.Title), a.OutletLabel(), a.DateLabel(), r.Kind, r.Passages)
		}
		return tw.Flush()
	}
	writeSourcesFitted(e.stdout, rows, terminalWidth(e.stdout))
	return nil
}

// writeSourcesFitted lists the sources in width columns: ids whole (they
// are what show and remove take), dates, and titles and outlets cut with
// "…" to what is left.
func writeSourcesFitted(w io.Writer, rows []control.Source, width int) {
	const maxOutlet, maxDate, minTitle = 14, 12, 12
	type row struct{ id, title, outlet, date string }
	list := make([]row, len(rows))
	idW, outW, dateW, titleW := len("ID"), len("OUTLET"), len("DATE"), len("TITLE")
	for i, r := range rows {
		a := corpus.Article{ID: r.ID, Outlet: r.Outlet, Published: r.Published, DateNote: r.DateNote}
		list[i] = row{r.ID, oneLine(r.Title), shorten(a.OutletLabel(), maxOutlet), shorten(a.DateLabel(), maxDate)}
		idW = max(idW, utf8.RuneCountInString(r.ID))
		outW = max(outW, utf8.RuneCountInString(list[i].outlet))
		dateW = max(dateW, utf8.RuneCountInString(list[i].date))
		titleW = max(titleW, utf8.RuneCountInString(list[i].title))
	}
	titleW = max(min(titleW, width-idW-outW-dateW-3*2), minTitle)
	line := func(id, title, outlet, date string) {
		fmt.Fprintf(w, "%s  %s  %s  %s\n", pad(id, idW), pad(title, titleW), pad(outlet, outW), date)
	}
	line("ID", "TITLE", "OUTLET", "DATE")
	for _, r := range list {
		line(r.id, shorten(r.title, titleW), r.outlet, r.date)
	}
}

// pad fills s with spaces to n runes.
func pad(s string, n int) string {
	return s + strings.Repeat(" ", max(0, n-utf8.RuneCountInString(s)))
}

// oneLine is s with its runs of white space (new lines too) one space.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// terminalWidth is the width of the terminal w writes to; 100 columns
// when it is none, or an unknown one.
func terminalWidth(w io.Writer) int {
	if f, ok := w.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
		if cols, _, err := term.GetSize(int(f.Fd())); err == nil && cols >= 40 {
			return cols
		}
	}
	return 100
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
	return strings.TrimRight(t, " ,;:") + "…"
}
