package main

import (
	"context"
	"log/slog"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/corpus/feeds"
	"github.com/talksbot/talksbot/index"
)

// startControl serves the data directory's control socket, so that
// `talksbot ask`, `ingest`, `reindex`, `sources`, `show`, `feeds`, `queue`
// and `aliases` work while serve holds the directory. It returns the
// function that stops it. A socket that cannot be made is logged, not
// fatal: the bot runs without it, and those commands say so.
func startControl(log *slog.Logger, d *index.Data, g *dataIngester, fm *feeds.Manager, aliases *aliasEditor) (stop func()) {
	s := &control.Server{Data: d, Fetcher: g.fetch, Log: log, Feeds: fm, Aliases: aliases, Changed: func(ctx context.Context) {
		g.lib.forget()
		g.publishNow(ctx)
	}}
	stop, err := control.Start(s)
	if err != nil {
		log.Warn("no control socket: talksbot commands cannot work through this process", "err", err)
		return func() {}
	}
	return stop
}
