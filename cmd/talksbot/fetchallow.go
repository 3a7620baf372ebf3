package main

import (
	"errors"
	"flag"
	"log/slog"
	"strings"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// fetchAllowHelp describes --fetch-allow and TALKSBOT_FETCH_ALLOW.
const fetchAllowHelp = "let pages and feeds be fetched from these `host[:port],…` although they are loopback or private addresses or other ports than 80 and 443 (env TALKSBOT_FETCH_ALLOW; the risk: docs/OPERATIONS.md)"

// fetchAllowFlag registers --fetch-allow, which defaults to
// $TALKSBOT_FETCH_ALLOW: an operator's setting, never a member's.
func fetchAllowFlag(fs *flag.FlagSet, e env) *string {
	return fs.String("fetch-allow", e.getenv("TALKSBOT_FETCH_ALLOW"), fetchAllowHelp)
}

// fetchOptions are the options of this process's fetcher: the extractor,
// and the operator's allow-list. log, if any, is where the extractor says
// it is not the installed one (serve's).
func fetchOptions(e env, allow string, log *slog.Logger) ([]ingest.Option, error) {
	list, err := ingest.ParseAllowList(allow)
	if err != nil {
		return nil, err
	}
	opts := []ingest.Option{ingest.WithExtractor(e.extractor(log))}
	if len(list) > 0 {
		opts = append(opts, ingest.AllowHosts(list...))
	}
	return opts, nil
}

// checkFetchAllow is the configuration check of TALKSBOT_FETCH_ALLOW.
func checkFetchAllow(v string) error {
	_, err := ingest.ParseAllowList(v)
	return err
}

// blockedHint tells the operator how to let a blocked address through,
// for an error that is one (not a redirect to another scheme).
func blockedHint(err error) string {
	if errors.Is(err, ingest.ErrBlocked) && !strings.Contains(err.Error(), "redirect") {
		return " (if you trust that host, allow it: --fetch-allow HOST:PORT, see docs/OPERATIONS.md)"
	}
	return ""
}
