// Command talksbot answers questions about the U.S.–Iraq talks on ending the
// coalition mission, quoting its sources: from the terminal, or as a Discord bot.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/talksbot/talksbot/index"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return // CMD --help: the help was printed
		}
		fmt.Fprintln(os.Stderr, "talksbot:", err)
		os.Exit(1)
	}
}

// env is the process environment, as a function so tests can fake it.
type env struct {
	getenv         func(string) string
	stdin          io.Reader
	stdout, stderr io.Writer
}

// stdin is what commands read (chat); tests replace it.
var stdin io.Reader = os.Stdin

type command struct {
	name, usage, help string
	run               func(ctx context.Context, e env, args []string) error
}

var commands []command

func init() {
	commands = []command{
		{"ask", "ask [--json] [--explain] [-n N] QUESTION", "answer a question with quoted passages", cmdAsk},
		{"chat", "chat [--json] [-n N]", "answer questions line by line, each a follow-up of the one before (\"and in Syria?\")", cmdChat},
		{"show", "show [--json] ID", "print an article with its metadata", cmdShow},
		{"sources", "sources [--json] [--wide]", "list the articles", cmdSources},
		{"troops", "troops [--json] [--chart FILE.png]", "the figures: troops and other counts, by whose and where, newest first", cmdTroops},
		{"parties", "parties [--json]", "the actors, their roles and most telling quotes", cmdParties},
		{"conditions", "conditions [--json]", "the conditions for the withdrawal or transition", cmdConditions},
		{"timeline", "timeline [--json] [--chart FILE.png]", "dated events in order", cmdTimeline},
		{"check", `check [--json] "TEXT"`, "what the coverage says of each figure, date or claim in a text: agrees, differs, or does not say", cmdCheck},
		{"summary", "summary [--json] [--article ID] [--topic WORDS] [-n N]", "an extractive summary of the coverage", cmdSummary},
		{"eval", "eval [--json] [-v] [--pages DIR] FILE…", "score the engine and a plain-Bleve baseline on a question set", cmdEval},
		{"ingest", "ingest [--force] [--title T] [--outlet O] [--published YYYY-MM-DD] [--url U] PATH|URL…", "add articles: Markdown, text or HTML files, folders, web pages, with the metadata they lack", cmdIngest},
		{"remove", "remove ID…", "remove articles from the store and the index (not the source article)", cmdRemove},
		{"reindex", "reindex", "rebuild the index from the article store", cmdReindex},
		{"feeds", "feeds add URL [--auto-approve] [--interval D] | feeds list [--json] | feeds remove URL|ID", "follow RSS, Atom and JSON feeds; their items on topic wait in the review queue", cmdFeeds},
		{"queue", "queue [--json] | queue approve ID… | queue reject ID…", "the feed items waiting for review: approve ingests them, reject keeps them out", cmdQueue},
		{"aliases", `aliases [--json] | aliases add "A = B | C" | aliases remove PHRASE`, "names that mean the same thing in questions: the reviewed sets built in, and the moderators' (applied at index time)", cmdAliases},
		{"feedback", "feedback [--json]", "the members' votes; --json: as bank questions to label and evaluate", cmdFeedback},
		{"gaps", "gaps [--json] [-n N]", "questions the coverage does not answer or members voted down, grouped by wording", cmdGaps},
		{"pin", `pin "QUESTION" --passage ARTICLE-ID:START-END | --not-covered`, "moderators: answer a question from a passage of the coverage, or say the coverage does not say", cmdPin},
		{"pins", "pins [--json]", "the pinned answers, live and retired (why a pin no longer answers)", cmdPins},
		{"unpin", "unpin ID", "remove a pinned answer", cmdUnpin},
		{"serve", "serve [--http ADDR] [--shard-id N --shard-count M]", "run the Discord bot (DISCORD_TOKEN; see docs/DISCORD.md)", cmdServe},
		{"config", "config [serve's flags]", "print serve's effective configuration, secrets masked, and its problems", cmdConfig},
		{"healthcheck", "healthcheck [--ready] [--admin-addr ADDR]", "ask a running serve whether it is alive (ready): for container health checks", cmdHealthcheck},
		{"gen", "gen [--seed S] --n N --out DIR", "write N synthetic articles for benchmarks (docs/BENCHMARKS.md)", cmdGen},
		{"where", "where [--json]  (or: info)", "the data directory, its articles, passages and index generation, the model and the HTML extractor", cmdWhere},
		{"build-extractor", "build-extractor [--go GO]", "build the HTML extractor (talksbot-extract) from this talksbot's source tree, for go run; `where` says which extractor runs", cmdBuildExtractor},
		{"version", "version  (or: --version)", "the version and source revision of this build", cmdVersion},
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	e := env{getenv: getenv, stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 2 && args[0] == "help" {
		args = []string{args[1], "--help"} // talksbot help CMD: the command's help
	}
	if len(args) == 0 || args[0] == "help" || args[0] == "-h" || args[0] == "--help" {
		usage(stdout)
		return nil
	}
	if args[0] == "--version" || args[0] == "-version" {
		args[0] = "version"
	}
	for _, c := range commands {
		if c.name == args[0] || c.name == aliasOf[args[0]] {
			// The lock file names the command for those it keeps out.
			return c.run(index.WithHolder(ctx, "talksbot "+c.name), e, args[1:])
		}
	}
	return fmt.Errorf("unknown command %q: `talksbot help` lists the commands", args[0])
}

// aliasOf maps other names of commands to theirs.
var aliasOf = map[string]string{"info": "where"}

func usage(w io.Writer) {
	fmt.Fprintln(w, "talksbot answers questions about the U.S.–Iraq talks with quotes from its sources.")
	fmt.Fprintln(w, "\nUsage: talksbot COMMAND [--data DIR] [options]")
	for _, c := range commands {
		fmt.Fprintf(w, "  %-40s %s\n", c.usage, c.help)
	}
	fmt.Fprintln(w, "\nEvery command takes --data DIR (default $TALKSBOT_DATA, else $XDG_DATA_HOME/talksbot or ~/.local/share/talksbot; `talksbot where` shows it).")
	fmt.Fprintln(w, "`talksbot help CMD` or `talksbot CMD --help` describes one command, with examples.")
}

// examples are what `talksbot CMD --help` shows under Examples.
var examples = map[string][]string{
	"ask":      {`talksbot ask "How many U.S. troops are in Iraq?"`, `talksbot ask -n 5 --json "Who leads the talks for Iraq?"`, `talksbot ask --explain "When does the mission end?"`},
	"chat":     {"talksbot chat", `printf 'How many troops are in Iraq?\nand in Syria?\n' | talksbot chat`},
	"show":     {"talksbot show iraq-us-talks"},
	"sources":  {"talksbot sources", "talksbot sources --json"},
	"troops":   {"talksbot troops", "talksbot troops --chart troops.png"},
	"timeline": {"talksbot timeline --chart timeline.png"},
	"summary":  {"talksbot summary", "talksbot summary --topic 'Ain al-Asad' -n 3", "talksbot summary --article iraq-us-talks"},
	"check":    {`talksbot check "2,500 US troops are in Iraq."`, `talksbot check --json "The first formal session of the talks was held in Baghdad on 27 January 2024."`},
	"eval":     {"talksbot eval index/testdata/bank/dev.json", "talksbot eval -v index/testdata/bank/dev.json"},
	"ingest":   {"talksbot ingest https://example.com/news/iraq-talks.html", "talksbot ingest --title 'Talks resume' --outlet Reuters --published 2024-02-11 notes.txt", "talksbot ingest folder-of-articles/"},
	"remove":   {"talksbot sources   # find the ID", "talksbot remove xinhua-2024-01-26-higher-military-commission"},
	"reindex":  {"talksbot reindex"},
	"gaps":     {"talksbot gaps -n 10"},
	"pin":      {`talksbot ask --explain "How many U.S. troops are in Iraq?"   # find the passage's ARTICLE-ID:START-END`, `talksbot pin "How many U.S. troops are in Iraq?" --passage ap-2024-01-25-talks-planned:804-880`, `talksbot pin "Who pays for the bases?" --not-covered`, `talksbot pin "How many troops are in Syria?" --passage ap-2024-01-25-talks-planned --quote "About 2,500 U.S. troops are in Iraq, and about 900 U.S. troops are in Syria."`},
	"pins":     {"talksbot pins", "talksbot pins --json"},
	"unpin":    {"talksbot pins   # find the ID", "talksbot unpin 3fa9c2"},
	"serve":    {"DISCORD_TOKEN=… talksbot serve", "talksbot serve --http :8080"},
	"config":   {"talksbot config"},
	"gen":      {"talksbot gen --n 1000 --out /tmp/gen1k"},
	"feeds":    {"talksbot feeds add https://example.com/world/iraq/rss.xml", "talksbot feeds add --auto-approve --interval 1h https://example.com/feed.json", "talksbot feeds list", "talksbot feeds remove https://example.com/world/iraq/rss.xml"},
	"queue":    {"talksbot queue", "talksbot queue approve 3 7", "talksbot queue reject 4"},
	"aliases":  {"talksbot aliases", `talksbot aliases add "erbil = arbil | hawler"`, `talksbot aliases add "sulaymaniyah = sulaimaniyah | slemani; basra = basrah"`, "talksbot aliases remove hawler", "talksbot aliases --json"},
}

// newFlags is a flag set with the options every command shares. Parse it
// with parseInterspersed.
func newFlags(e env, name string) (*flag.FlagSet, *string) {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	data := newDataValue(e)
	fs.Var(data, "data", "the data directory `DIR` (env TALKSBOT_DATA; talksbot where shows it)")
	fs.Usage = func() { commandHelp(e.stdout, name, fs) }
	return fs, &data.dir
}

// commandHelp is what `talksbot CMD --help` prints: the command's usage,
// what it does, and its options.
func commandHelp(w io.Writer, name string, fs *flag.FlagSet) {
	for _, c := range commands {
		if c.name == name {
			fmt.Fprintf(w, "Usage: talksbot %s\n\n%s.\n\nOptions:\n", c.usage, capitalizeFirst(c.help))
		}
	}
	fs.SetOutput(w)
	fs.PrintDefaults()
	if ex := examples[name]; len(ex) > 0 {
		fmt.Fprintln(w, "\nExamples:")
		for _, x := range ex {
			fmt.Fprintln(w, "  "+x)
		}
	}
}

func capitalizeFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}

// parseInterspersed parses flags that may come after positional arguments.
// --help prints the command's help (fs.Usage) to stdout; any other flag
// error is returned once, with a pointer to the help, and nothing printed.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	help := fs.Usage
	fs.Usage = func() {}
	fs.SetOutput(io.Discard)
	defer func() { fs.Usage = help }()
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				help()
				return nil, err
			}
			return nil, fmt.Errorf("%s: %w (see talksbot %s --help)", fs.Name(), err, fs.Name())
		}
		args = fs.Args()
		if len(args) == 0 {
			dataFlagParsed(fs)
			return pos, nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// maxPassages is the most passages an answer quotes (index.Ask's bound).
const maxPassages = 25

// checkRange reports a numeric option outside [lo, hi] as an error rather
// than quietly clamping it.
func checkRange(cmd, flagName string, v, lo, hi int) error {
	if v < lo || v > hi {
		return fmt.Errorf("%s: -%s %d is out of range: give %d to %d", cmd, flagName, v, lo, hi)
	}
	return nil
}
