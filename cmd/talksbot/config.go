package main

import (
	"context"
	"crypto/ed25519"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/talksbot/talksbot/bot"
)

// setting is one configuration value of `talksbot serve`: its flag, its
// environment variable, its default, whether it is secret, and its check.
// Every setting is defined here once; serve reads them through a config,
// and `talksbot config` prints them.
type setting struct {
	flag    string // flag name, without dashes; "" for environment only
	env     string
	def     string
	help    string
	secret  bool
	boolean bool                 // a flag that needs no value
	check   func(v string) error // nil: any value; not called for ""
}

// settings is the configuration table. The token is read from the
// environment (or a file) only: a command line is visible to every user of
// the machine.
var settings = []setting{
	{flag: "data", env: "TALKSBOT_DATA", help: "data directory: the article store and the index (default: see `talksbot where`)"},
	{env: "DISCORD_TOKEN", secret: true, help: "the bot token (environment only, never a flag)", check: checkToken},
	{flag: "discord-token-file", env: "DISCORD_TOKEN_FILE", help: "read the bot token from this file instead (Docker and Kubernetes secrets)"},
	{flag: "discord-guild-id", env: "DISCORD_GUILD_ID", help: "register the commands in this server only: instant, for testing (default: globally)", check: checkSnowflake},
	{flag: "application-id", env: "DISCORD_APPLICATION_ID", help: "the application's id (Developer Portal, General Information), for servers whose READY does not name it; the id Discord names wins, with a warning", check: checkSnowflake},
	{flag: "discord-api-url", env: "DISCORD_API_URL", help: "another Discord-compatible API, e.g. a local fake (default: Discord's)", check: checkAPIURL},
	{flag: "discord-public-key", env: "DISCORD_PUBLIC_KEY", help: "the application's public key, 64 hex digits, for --http", check: checkPublicKey},
	{flag: "http", env: "TALKSBOT_HTTP_ADDR", help: "serve Discord's HTTP interactions endpoint on `ADDR` (e.g. :8080) instead of the gateway", check: checkAddr},
	{flag: "admin-addr", env: "TALKSBOT_ADMIN_ADDR", def: "127.0.0.1:9090", help: "serve /healthz, /readyz and /metrics on `ADDR`; empty: off", check: checkAddr},
	{flag: "mod-role", env: "TALKSBOT_MOD_ROLE", help: "role IDs, comma-separated, that may use /ingest and /reindex besides Manage Server", check: checkRoles},
	{flag: "message-content", env: "TALKSBOT_MESSAGE_CONTENT", def: "false", boolean: true, help: "answer messages that mention the bot; enable the Message Content intent first", check: checkBool},
	{flag: "shard-id", env: "TALKSBOT_SHARD_ID", def: "0", help: "this process's gateway shard, 0 ≤ id < shard count", check: checkShardID},
	{flag: "shard-count", env: "TALKSBOT_SHARD_COUNT", def: "1", help: "gateway shards in all, or auto: the count Discord recommends", check: checkShardCount},
	{flag: "read-only", env: "TALKSBOT_READ_ONLY", def: "false", boolean: true, help: "a replica: open the index read-only, follow the generation CURRENT names, refuse /ingest and /reindex", check: checkBool},
	{flag: "fetch-allow", env: "TALKSBOT_FETCH_ALLOW", help: fetchAllowHelp, check: checkFetchAllow},
	{flag: "publish", env: "TALKSBOT_PUBLISH_DIR", help: "the writer: after start and every ingest or rebuild, publish the index to `DIR` for read-only replicas"},
	{flag: "reload-every", env: "TALKSBOT_RELOAD_EVERY", def: "30s", help: "with --read-only: how often to look for a new index generation", check: checkReload},
	{flag: "log-format", env: "TALKSBOT_LOG_FORMAT", def: "text", help: "log format: text or json", check: oneOf("text", "json")},
	{flag: "log-level", env: "TALKSBOT_LOG_LEVEL", def: "info", help: "log level: debug, info, warn or error", check: oneOf("debug", "info", "warn", "error")},
}

// key names a setting: its flag, or its variable when it has no flag.
func (s setting) key() string {
	if s.flag != "" {
		return s.flag
	}
	return s.env
}

// config is the effective configuration: flag, else environment, else default.
type config struct {
	vals map[string]string
	from map[string]string // "flag", "env" or "default"
	args []string          // what is left after the flags
}

// configValue is a setting as a flag.Value.
type configValue struct {
	c *config
	s setting
}

func (v configValue) String() string {
	if v.c == nil {
		return ""
	}
	return v.c.vals[v.s.key()]
}

func (v configValue) Set(x string) error {
	if v.s.boolean {
		if _, err := strconv.ParseBool(x); err != nil {
			return fmt.Errorf("want true or false")
		}
	}
	v.c.vals[v.s.key()] = x
	v.c.from[v.s.key()] = "flag"
	return nil
}

func (v configValue) IsBoolFlag() bool { return v.s.boolean }

// loadConfig reads the settings from the environment and then from args,
// the command line of the command name (flags may follow other arguments).
func loadConfig(e env, name string, args []string) (*config, error) {
	c := &config{vals: map[string]string{}, from: map[string]string{}}
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.Usage = func() { commandHelp(e.stdout, name, fs) }
	for _, s := range settings {
		k := s.key()
		c.vals[k], c.from[k] = s.def, "default"
		if v, ok := lookupEnv(e, s.env); ok {
			c.vals[k], c.from[k] = strings.TrimSpace(v), "env"
		}
		if s.flag != "" {
			fs.Var(configValue{c, s}, s.flag, s.help+" (env "+s.env+")")
		}
	}
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return nil, err
	}
	if c.vals["data"] == "" { // the default every command has
		c.vals["data"] = newDataValue(e).dir
		if c.vals["data"] == legacyDataDir {
			fmt.Fprintln(e.stderr, legacyNote(e.getenv))
		}
	}
	c.args = pos
	return c, nil
}

// lookupEnv reads a variable; an empty one counts as unset.
func lookupEnv(e env, name string) (string, bool) {
	v := e.getenv(name)
	return v, v != ""
}

func (c *config) str(key string) string { return c.vals[key] }

func (c *config) boolean(key string) bool {
	b, _ := strconv.ParseBool(c.vals[key])
	return b
}

func (c *config) integer(key string) int {
	n, _ := strconv.Atoi(c.vals[key])
	return n
}

func (c *config) duration(key string) time.Duration {
	d, _ := time.ParseDuration(c.vals[key])
	return d
}

// shardCount is the configured count; 0 means auto.
func (c *config) shardCount() int {
	if strings.EqualFold(c.vals["shard-count"], "auto") {
		return 0
	}
	return c.integer("shard-count")
}

// token is the bot token, from DISCORD_TOKEN or the file DISCORD_TOKEN_FILE
// names, without a "Bot " prefix.
func (c *config) token() (string, error) {
	tok := c.vals["DISCORD_TOKEN"]
	if file := c.vals["discord-token-file"]; file != "" && tok == "" {
		data, err := os.ReadFile(file)
		if err != nil {
			return "", fmt.Errorf("read the token file: %w", err)
		}
		tok = strings.TrimSpace(string(data))
		if tok == "" {
			return "", fmt.Errorf("the token file %s is empty", file)
		}
	}
	return strings.TrimSpace(strings.TrimPrefix(tok, "Bot ")), nil
}

// problems lists what is missing or wrong for `talksbot serve`, each as
// "NAME: what to do".
func (c *config) problems() []string {
	var out []string
	add := func(name, format string, args ...any) { out = append(out, name+": "+fmt.Sprintf(format, args...)) }
	for _, s := range settings {
		if v := c.vals[s.key()]; v != "" && s.check != nil {
			if err := s.check(v); err != nil {
				name := s.env
				if s.flag != "" {
					name += " (--" + s.flag + ")"
				}
				add(name, "%v", err)
			}
		}
	}
	tok, err := c.token()
	switch {
	case c.vals["DISCORD_TOKEN"] != "" && c.vals["discord-token-file"] != "":
		add("DISCORD_TOKEN", "set both DISCORD_TOKEN and DISCORD_TOKEN_FILE; keep one")
	case err != nil:
		add("DISCORD_TOKEN_FILE", "%v", err)
	case tok == "":
		add("DISCORD_TOKEN", "not set: serve needs the bot's token (Developer Portal → your application → Bot → Reset Token); see docs/DISCORD.md")
	case c.vals["discord-token-file"] != "":
		if err := checkToken(tok); err != nil {
			add("DISCORD_TOKEN_FILE", "%v", err)
		}
	}
	httpMode := c.vals["http"] != ""
	if httpMode && c.vals["discord-public-key"] == "" {
		add("DISCORD_PUBLIC_KEY", "not set: --http needs the application's public key (64 hex digits, Developer Portal → General Information)")
	}
	if n := c.shardCount(); n > 0 && c.integer("shard-id") >= n && checkShardID(c.vals["shard-id"]) == nil {
		add("TALKSBOT_SHARD_ID", "shard %d does not exist with %d shard(s): the ids are 0 to %d", c.integer("shard-id"), n, n-1)
	}
	if httpMode && (c.vals["shard-count"] != "1" || c.vals["shard-id"] != "0") {
		add("TALKSBOT_SHARD_COUNT", "sharding splits the gateway; the HTTP interactions endpoint needs none (run replicas behind a load balancer)")
	}
	if httpMode && c.boolean("message-content") {
		add("TALKSBOT_MESSAGE_CONTENT", "answers to mentions need the gateway: not with --http")
	}
	if a, h := c.vals["admin-addr"], c.vals["http"]; a != "" && a == h && !strings.HasSuffix(a, ":0") {
		add("TALKSBOT_ADMIN_ADDR", "the same address as --http: give the admin endpoint its own")
	}
	if c.boolean("read-only") && c.vals["publish"] != "" {
		add("TALKSBOT_PUBLISH_DIR", "a read-only replica publishes nothing: the writer does")
	}
	if p := c.vals["publish"]; p != "" && filepath.Clean(p) == filepath.Clean(c.vals["data"]) {
		add("TALKSBOT_PUBLISH_DIR", "the data directory itself: publish to another directory")
	}
	if c.boolean("read-only") && c.vals["reload-every"] == "" {
		add("TALKSBOT_RELOAD_EVERY", "empty: --read-only needs an interval, e.g. 30s")
	}
	return out
}

// problemsError is the error serve returns for a configuration with problems.
func problemsError(ps []string) error {
	return fmt.Errorf("serve: the configuration has %d problem(s) (talksbot config shows it all):\n  - %s", len(ps), strings.Join(ps, "\n  - "))
}

// mask shows that a secret is set without showing it.
func mask(v string) string {
	switch {
	case v == "":
		return "(not set)"
	case len(v) < 16:
		return "set (masked)"
	}
	return "****" + v[len(v)-4:] + " (masked)"
}

// cmdConfig prints the effective configuration and what is wrong with it.
func cmdConfig(ctx context.Context, e env, args []string) error {
	c, err := loadConfig(e, "config", args)
	if err != nil {
		return err
	}
	if len(c.args) > 0 {
		return fmt.Errorf("config: unexpected argument %q", c.args[0])
	}
	c.print(e.stdout)
	ps := c.problems()
	if len(ps) == 0 {
		fmt.Fprintln(e.stdout, "\nNo problems found.")
		return nil
	}
	fmt.Fprintf(e.stdout, "\nProblems (%d):\n", len(ps))
	for _, p := range ps {
		fmt.Fprintln(e.stdout, "  ✗ "+p)
	}
	return fmt.Errorf("config: %d problem(s)", len(ps))
}

func (c *config) print(w io.Writer) {
	fmt.Fprintln(w, "talksbot serve configuration (a flag wins over its environment variable, which wins over the default):")
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "  SETTING\tVALUE\tFROM\tFLAG")
	for _, s := range settings {
		v := c.vals[s.key()]
		shown := strconv.Quote(v)
		switch {
		case s.secret:
			shown = mask(v)
		case v == "":
			shown = "(not set)"
		}
		fl := "—"
		if s.flag != "" {
			fl = "--" + s.flag
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\n", s.env, shown, c.from[s.key()], fl)
	}
	tw.Flush()
	fmt.Fprintln(w)
	mode := "gateway"
	if a := c.vals["http"]; a != "" {
		mode = "HTTP interactions endpoint on " + a
	} else if n := c.shardCount(); n != 1 {
		count := strconv.Itoa(n)
		if n == 0 {
			count = "the count Discord recommends"
		}
		mode += fmt.Sprintf(", shard %s of %s", c.vals["shard-id"], count)
	}
	if c.boolean("read-only") {
		mode += "; read-only replica of " + c.vals["data"] + " (checks for a new index every " + c.vals["reload-every"] + ")"
	}
	fmt.Fprintln(w, "Mode:  ", mode)
	if a := c.vals["admin-addr"]; a != "" {
		fmt.Fprintf(w, "Admin:  http://%s/healthz, /readyz, /metrics\n", a)
	} else {
		fmt.Fprintln(w, "Admin:  off")
	}
}

// Checks of single values.

func checkToken(v string) error {
	v = strings.TrimPrefix(v, "Bot ")
	switch {
	case strings.ContainsAny(v, " \t\r\n"):
		return errors.New("the token contains white space: copy it again from the Developer Portal")
	case strings.Count(v, ".") != 2:
		return errors.New("does not look like a bot token (three parts separated by dots): copy it again from the Developer Portal → Bot")
	}
	return nil
}

func checkSnowflake(v string) error {
	if _, err := strconv.ParseUint(v, 10, 64); err != nil || len(v) < 15 {
		return fmt.Errorf("%q is not a Discord ID (a number of 17 to 20 digits; Developer Mode → right-click → Copy ID)", v)
	}
	return nil
}

func checkRoles(v string) error {
	for _, r := range splitList(v) {
		if err := checkSnowflake(r); err != nil {
			return err
		}
	}
	return nil
}

func checkAPIURL(v string) error {
	_, err := bot.ParseAPIURL(v)
	return err
}

func checkPublicKey(v string) error {
	k, err := hex.DecodeString(v)
	if err != nil || len(k) != ed25519.PublicKeySize {
		return errors.New("not a public key: want 64 hex digits (Developer Portal → General Information → Public Key)")
	}
	return nil
}

func checkAddr(v string) error {
	host, port, err := net.SplitHostPort(v)
	if err != nil {
		return fmt.Errorf("%q is not an address: want HOST:PORT or :PORT, e.g. 127.0.0.1:9090", v)
	}
	if n, err := strconv.Atoi(port); err != nil || n < 0 || n > 65535 {
		return fmt.Errorf("%q: the port must be a number from 0 to 65535", v)
	}
	if strings.ContainsAny(host, "/ ") {
		return fmt.Errorf("%q: the host is not a host name or IP address", v)
	}
	return nil
}

func checkBool(v string) error {
	if _, err := strconv.ParseBool(v); err != nil {
		return fmt.Errorf("%q: want true or false", v)
	}
	return nil
}

func checkShardID(v string) error {
	if n, err := strconv.Atoi(v); err != nil || n < 0 {
		return fmt.Errorf("%q: want a shard number, 0 or more", v)
	}
	return nil
}

func checkShardCount(v string) error {
	if strings.EqualFold(v, "auto") {
		return nil
	}
	if n, err := strconv.Atoi(v); err != nil || n < 1 {
		return fmt.Errorf("%q: want a number of shards, 1 or more, or auto", v)
	}
	return nil
}

func checkReload(v string) error {
	if d, err := time.ParseDuration(v); err != nil || d < time.Second {
		return fmt.Errorf("%q: want a duration of a second or more, e.g. 30s", v)
	}
	return nil
}

func oneOf(choices ...string) func(string) error {
	return func(v string) error {
		for _, c := range choices {
			if strings.EqualFold(v, c) {
				return nil
			}
		}
		return fmt.Errorf("%q: want one of %s", v, strings.Join(choices, ", "))
	}
}
