package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/index"
)

// cmdAliases lists the alias lexicon, adds a moderator's sets to it and
// removes them, here or through a running serve.
func cmdAliases(ctx context.Context, e env, args []string) error {
	const usage = `aliases: usage: talksbot aliases [--json] | aliases add "erbil = arbil | hawler" | aliases remove PHRASE`
	fs, data := newFlags(e, "aliases")
	asJSON := fs.Bool("json", false, "list: as JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	sub := "list"
	if len(pos) > 0 {
		sub, pos = pos[0], pos[1:]
	}
	var sets index.AliasSet
	switch {
	case sub == "list" && len(pos) == 0:
	case sub == "add" && len(pos) > 0:
		// Unquoted words are one set; ";" separates sets.
		if sets, err = bot.ParseAliasInput(strings.Join(pos, " ")); err != nil {
			return fmt.Errorf("aliases add: %w", err)
		}
	case sub == "remove" && len(pos) > 0:
	default:
		return errors.New(usage)
	}
	mode := writing
	if sub == "list" {
		mode = reading
	}
	d, c, err := openOrDial(ctx, e, *data, mode)
	if err != nil {
		return err
	}
	var svc bot.Aliases
	if c != nil {
		defer c.Close()
		svc = c
	} else {
		defer d.Close()
		svc = &aliasEditor{d: d, log: slog.New(slog.NewTextHandler(e.stderr, nil))} // who changed what, as remove logs
	}
	if sub == "list" {
		lex, err := svc.Aliases(ctx)
		if err != nil {
			return fmt.Errorf("aliases: %w", err)
		}
		if *asJSON {
			lex.Embedded, lex.Moderator = cmpOrEmpty(lex.Embedded), cmpOrEmpty(lex.Moderator)
			return writeJSON(e.stdout, lex)
		}
		printLexicon(e, lex, filepath.Join(*data, "aliases.txt"))
		return nil
	}
	bar, finish := reindexProgress(e)
	said := false
	progress := func(done, total int) { // once the change is accepted and the re-index begins
		if !said {
			said = true
			fmt.Fprintf(e.stderr, "talksbot: the aliases apply at index time: re-indexing %d articles…\n", total)
		}
		bar(done, total)
	}
	by := osUser(e)
	var ch bot.AliasChange
	if sub == "add" {
		ch, err = svc.AddAliases(ctx, sets, by, progress)
	} else {
		ch, err = svc.RemoveAlias(ctx, strings.Join(pos, " "), by, progress)
	}
	finish()
	if err != nil {
		return fmt.Errorf("aliases %s: %w", sub, err)
	}
	verb := map[string]string{"add": "added", "remove": "removed"}[sub]
	var shown []string
	for _, set := range ch.Sets {
		shown = append(shown, bot.FormatAliasSet(set))
	}
	fmt.Fprintf(e.stdout, "✓ %s %s; re-indexed %d articles (%d passages) in %s\n", verb, strings.Join(shown, "; "),
		ch.Reindex.Articles, ch.Reindex.Passages, ch.Reindex.Took.Round(time.Millisecond))
	return nil
}

func cmpOrEmpty(s index.AliasSet) index.AliasSet {
	if s == nil {
		return index.AliasSet{}
	}
	return s
}

// printLexicon lists the sets built in, then the moderators', headed.
func printLexicon(e env, lex bot.AliasLexicon, file string) {
	fmt.Fprintf(e.stdout, "Built in (reviewed, embedded in talksbot; cannot be removed): %s\n", setCount(len(lex.Embedded)))
	for _, set := range lex.Embedded {
		fmt.Fprintln(e.stdout, "  "+bot.FormatAliasSet(set))
	}
	fmt.Fprintf(e.stdout, "\nAdded by moderators (%s): %s\n", file, setCount(len(lex.Moderator)))
	if len(lex.Moderator) == 0 {
		fmt.Fprintln(e.stdout, `  none yet; add one: talksbot aliases add "erbil = arbil | hawler"`)
	}
	for _, set := range lex.Moderator {
		fmt.Fprintln(e.stdout, "  "+bot.FormatAliasSet(set))
	}
}

func setCount(n int) string {
	if n == 1 {
		return "1 set"
	}
	return fmt.Sprintf("%d sets", n)
}

// aliasEditor is the alias lexicon of an open data directory (bot.Aliases):
// for the CLI, and in serve for /aliases and the control socket alike, so
// that one lock orders their changes.
type aliasEditor struct {
	d       *index.Data
	log     *slog.Logger
	changed func(ctx context.Context) // after a change: serve's caches and replicas (may be nil)

	mu sync.Mutex // a change reads, changes and writes DATA/aliases.txt
}

func (a *aliasEditor) Aliases(ctx context.Context) (bot.AliasLexicon, error) {
	mod, err := a.d.ModeratorAliases()
	return bot.AliasLexicon{Embedded: index.DefaultAliases(), Moderator: mod}, err
}

func (a *aliasEditor) AddAliases(ctx context.Context, sets index.AliasSet, by string, progress func(done, total int)) (bot.AliasChange, error) {
	sets, err := bot.ParseAliasInput(sets.String()) // lower case and checked, also when sent over the socket
	if err != nil {
		return bot.AliasChange{}, err
	}
	a.mu.Lock()
	defer a.mu.Unlock()
	cur, err := a.d.ModeratorAliases()
	if err != nil {
		return bot.AliasChange{}, err
	}
	next, added, err := addAliasSets(index.DefaultAliases(), cur, sets)
	if err != nil {
		return bot.AliasChange{}, err
	}
	return a.save(ctx, next, added, "aliases added", by, progress)
}

func (a *aliasEditor) RemoveAlias(ctx context.Context, phrase, by string, progress func(done, total int)) (bot.AliasChange, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	cur, err := a.d.ModeratorAliases()
	if err != nil {
		return bot.AliasChange{}, err
	}
	next, removed, err := removeAliasSet(index.DefaultAliases(), cur, phrase)
	if err != nil {
		return bot.AliasChange{}, err
	}
	return a.save(ctx, next, removed, "aliases removed", by, progress)
}

// save writes the moderators' sets and re-indexes.
func (a *aliasEditor) save(ctx context.Context, next, changed index.AliasSet, msg, by string, progress func(done, total int)) (bot.AliasChange, error) {
	res, err := a.d.SetModeratorAliases(ctx, next, progress)
	if err != nil {
		if now, rerr := a.d.ModeratorAliases(); rerr == nil && now.String() == next.String() {
			return bot.AliasChange{}, fmt.Errorf("the aliases are saved, but the index was not rebuilt, so they do not apply yet: run talksbot reindex (%w)", err)
		}
		return bot.AliasChange{}, err
	}
	a.log.Info(msg, "sets", strings.TrimSpace(changed.String()), "articles", res.Articles, "by", by)
	if a.changed != nil {
		a.changed(ctx)
	}
	return bot.AliasChange{Sets: changed, Reindex: bot.ReindexReport{Articles: res.Articles, Passages: int(res.Passages), Took: res.Took, Skipped: res.Skipped}}, nil
}

// addAliasSets adds sets to the moderators' (cur). A set whose phrases one
// set already has is refused; one that shares a phrase with moderators'
// sets is merged with them, so that each phrase is in one moderators' set
// and removing it removes one set. It returns the new moderators' sets and
// the sets added, as merged.
func addAliasSets(embedded, cur, sets index.AliasSet) (next, added index.AliasSet, err error) {
	next = slices.Clone(cur)
	for _, set := range sets {
		for _, have := range append(slices.Clone(embedded), next...) {
			if !slices.ContainsFunc(set, func(p string) bool { return !slices.Contains(have, p) }) {
				return nil, nil, fmt.Errorf("%s: %w (%s)", bot.FormatAliasSet(set), bot.ErrAliasKnown, shortSet(have))
			}
		}
		merged := slices.Clone(set)
		at := -1
		for i := 0; i < len(next); i++ {
			if !slices.ContainsFunc(next[i], func(p string) bool { return slices.Contains(set, p) }) {
				continue
			}
			if at < 0 {
				at = i
			}
			merged = union(next[i], merged)
			if i != at {
				next = slices.Delete(next, i, i+1)
				i--
			}
		}
		if at < 0 {
			next = append(next, merged)
		} else {
			next[at] = merged
		}
		added = append(added, merged)
	}
	return next, added, nil
}

// union is a's phrases, then b's that a lacks.
func union(a, b []string) []string {
	out := slices.Clone(a)
	for _, p := range b {
		if !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return out
}

// removeAliasSet removes the moderators' sets with phrase. A phrase only
// the sets built in have is refused: they are reviewed, and embedded.
func removeAliasSet(embedded, cur index.AliasSet, phrase string) (next, removed index.AliasSet, err error) {
	p := strings.Join(strings.Fields(strings.ToLower(strings.ReplaceAll(phrase, "’", "'"))), " ")
	for _, set := range cur {
		if slices.Contains(set, p) {
			removed = append(removed, set)
		} else {
			next = append(next, set)
		}
	}
	if len(removed) > 0 {
		return next, removed, nil
	}
	for _, set := range embedded {
		if slices.Contains(set, p) {
			return nil, nil, fmt.Errorf("%q is in %s, a set built into talksbot: %w", p, shortSet(set), bot.ErrAliasEmbedded)
		}
	}
	return nil, nil, fmt.Errorf("%q: %w", p, bot.ErrNoAlias)
}

// shortSet names a set in an error: its first phrases.
func shortSet(set []string) string {
	if len(set) > 3 {
		return "“" + bot.FormatAliasSet(set[:3]) + " | …”"
	}
	return "“" + bot.FormatAliasSet(set) + "”"
}

// replicaAliases is the alias lexicon of a read-only replica: the one its
// index was built with, listed; changes are made on the writer.
type replicaAliases struct{ r *index.Replica }

var errReadOnlyAliases = errors.New("this talksbot is a read-only replica: aliases are changed on the writer, and reach the replicas with its next published index")

func (ra replicaAliases) Aliases(ctx context.Context) (bot.AliasLexicon, error) {
	embedded := index.DefaultAliases()
	lex := bot.AliasLexicon{Embedded: embedded}
	for _, set := range ra.r.Aliases() {
		if !slices.ContainsFunc(embedded, func(s []string) bool { return slices.Equal(s, set) }) {
			lex.Moderator = append(lex.Moderator, set)
		}
	}
	return lex, nil
}

func (replicaAliases) AddAliases(context.Context, index.AliasSet, string, func(done, total int)) (bot.AliasChange, error) {
	return bot.AliasChange{}, errReadOnlyAliases
}

func (replicaAliases) RemoveAlias(context.Context, string, string, func(done, total int)) (bot.AliasChange, error) {
	return bot.AliasChange{}, errReadOnlyAliases
}
