package main

import (
	"context"
	"fmt"
	"os/user"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/index"
)

// cmdRemove removes articles from the store and the index (durably: see
// index.Data.RemoveArticle), here or through a running serve, which logs
// who removed them: the OS user.
func cmdRemove(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "remove")
	ids, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(ids) == 0 {
		return fmt.Errorf("remove: usage: talksbot remove ID… (talksbot sources lists the ids)")
	}
	d, c, err := openOrDial(ctx, e, *data, writing)
	if err != nil {
		return err
	}
	by := osUser(e)
	remove := func(id string) (index.RemoveResult, error) { return c.Remove(ctx, id, by) }
	if c != nil {
		defer c.Close()
	} else {
		defer d.Close()
		remove = func(id string) (index.RemoveResult, error) { return d.RemoveArticle(ctx, id) }
	}
	failed := 0
	for _, id := range ids {
		if err := ctx.Err(); err != nil {
			return err
		}
		// Acknowledged (✓) only once the article is gone from the store
		// and the index.
		res, err := remove(id)
		if err != nil {
			fmt.Fprintln(e.stderr, failLine(id, err))
			failed++
			continue
		}
		fmt.Fprintf(e.stdout, "✓ removed %s “%s” (%d passages)\n", res.ID, res.Title, res.Passages)
	}
	if failed > 0 {
		return fmt.Errorf("remove: %d article(s) not removed", failed)
	}
	return nil
}

// osUser is who runs the command, for the log.
func osUser(e env) string {
	if u, err := user.Current(); err == nil && u.Username != "" {
		return u.Username
	}
	if name := e.getenv("USER"); name != "" {
		return name
	}
	return "unknown"
}

// Remove removes an article for /remove, then refreshes what depends on
// the library: the bot's list of sources, the replicas' index.
func (g *dataIngester) Remove(ctx context.Context, id, by string) (bot.RemoveReport, error) {
	res, err := g.d.RemoveArticle(ctx, id)
	if err != nil {
		return bot.RemoveReport{}, err
	}
	g.log.Info("removed an article", "id", res.ID, "title", res.Title, "passages", res.Passages, "by", by)
	g.lib.forget()
	g.publishNow(ctx)
	return bot.RemoveReport{ID: res.ID, Title: res.Title, Passages: res.Passages}, nil
}

func (readOnlyIngester) Remove(context.Context, string, string) (bot.RemoveReport, error) {
	return bot.RemoveReport{}, errReadOnly
}
