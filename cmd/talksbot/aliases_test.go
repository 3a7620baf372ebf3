package main

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/readonlytest"
)

// quotesKH reports whether an answer to q quotes a passage naming Kataib
// Hezbollah.
func quotesKH(t *testing.T, data, q string) bool {
	t.Helper()
	out, errOut, err := runCmd(t, data, "ask", "--json", "-n", "5", q)
	var ans index.Answer
	if err != nil || json.Unmarshal([]byte(out), &ans) != nil {
		t.Fatalf("ask %q: %v\n%s%s", q, err, out, errOut)
	}
	return slices.ContainsFunc(ans.Passages, func(p index.Passage) bool { return strings.Contains(p.Quote, "Kataib Hezbollah") })
}

// moderatorSets is what `aliases --json` lists as the moderators'.
func moderatorSets(t *testing.T, data string) (embedded, moderator index.AliasSet) {
	t.Helper()
	out, errOut, err := runCmd(t, data, "aliases", "--json")
	var lex bot.AliasLexicon
	if err != nil || json.Unmarshal([]byte(out), &lex) != nil || lex.Moderator == nil {
		t.Fatalf("aliases --json = %v\n%s%s; want the lexicon, the moderators' sets a list", err, out, errOut)
	}
	return lex.Embedded, lex.Moderator
}

func TestAliasesCommand(t *testing.T) {
	data := t.TempDir()
	const q = "who funds zzq"
	if quotesKH(t, data, q) {
		t.Fatalf("ask %q quotes Kataib Hezbollah before zzq is an alias of it: the test proves nothing", q)
	}
	for _, c := range []struct {
		name    string
		args    []string
		out     []string // in stdout
		err     string   // in the error, "" for none
		stderr  string   // in stderr
		changed bool     // re-indexes
	}{
		{name: "list", args: []string{"aliases"}, out: []string{"Built in (reviewed", "kataib hezbollah = kata'ib hezbollah", "Added by moderators (", "none yet"}},
		{name: "one name", args: []string{"aliases", "add", "kh"}, err: `aliases add: "kh" names one thing only: write two names or more, separated by = or |`},
		{name: "not words", args: []string{"aliases", "add", "k&h = kataib hezbollah"}, err: `"k&h" is not words`},
		{name: "add", args: []string{"aliases", "add", "zzq = kataib hezbollah"}, out: []string{"✓ added zzq = kataib hezbollah; re-indexed "}, stderr: "re-indexing", changed: true},
		{name: "already", args: []string{"aliases", "add", "ZZQ = Kataib  Hezbollah"}, err: "zzq = kataib hezbollah: these names are already one set"},
		{name: "embedded already", args: []string{"aliases", "add", "KH = hezbollah brigades"}, err: "already one set (“kataib hezbollah = "},
		{name: "list both", args: []string{"aliases"}, out: []string{"Added by moderators (" + filepath.Join(data, "aliases.txt") + "): 1 set\n  zzq = kataib hezbollah\n"}},
		{name: "remove embedded", args: []string{"aliases", "remove", "KH"}, err: `aliases remove: "kh" is in “kataib hezbollah = kata'ib hezbollah | kataib hizbollah | …”, a set built into talksbot: only moderators' sets can be removed`},
		{name: "remove unknown", args: []string{"aliases", "remove", "no", "such"}, err: `aliases remove: "no such": no alias set has this phrase`},
		{name: "usage", args: []string{"aliases", "add"}, err: "usage: talksbot aliases"},
		{name: "usage 2", args: []string{"aliases", "rename", "x"}, err: "usage: talksbot aliases"},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, errOut, err := runCmd(t, data, c.args...)
			switch {
			case c.err == "" && err != nil:
				t.Fatalf("talksbot %q = %v\n%s", c.args, err, errOut)
			case c.err != "" && (err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "\n")):
				t.Fatalf("talksbot %q = %v; want one line saying %q", c.args, err, c.err)
			}
			for _, w := range c.out {
				if !strings.Contains(out, w) {
					t.Errorf("talksbot %q printed\n%s\nwant %q", c.args, out, w)
				}
			}
			if !strings.Contains(errOut, c.stderr) || c.changed != strings.Contains(errOut, "re-indexing") {
				t.Errorf("talksbot %q said on stderr %q; want %q, re-indexing %v", c.args, errOut, c.stderr, c.changed)
			}
		})
	}
	embedded, mod := moderatorSets(t, data)
	if len(embedded) != len(index.DefaultAliases()) || !slices.EqualFunc(mod, index.AliasSet{{"zzq", "kataib hezbollah"}}, slices.Equal) {
		t.Errorf("aliases --json: %d embedded sets, moderators' %q; want %d and [[zzq kataib hezbollah]]", len(embedded), mod, len(index.DefaultAliases()))
	}
	if !quotesKH(t, data, q) {
		t.Errorf("ask %q after `aliases add \"zzq = kataib hezbollah\"` quotes no Kataib Hezbollah passage: the alias does not apply", q)
	}

	// A set sharing a phrase with a moderators' set joins it; removing
	// any of its phrases removes it all.
	out, _, err := runCmd(t, data, "aliases", "add", "hezbollah brigades | zzq; pm = prime minister")
	if err != nil || !strings.Contains(out, "✓ added zzq = kataib hezbollah | hezbollah brigades; pm = prime minister;") {
		t.Fatalf("aliases add of a set sharing zzq = %v, %q", err, out)
	}
	out, _, err = runCmd(t, data, "aliases", "remove", "Hezbollah Brigades")
	if err != nil || !strings.HasPrefix(out, "✓ removed zzq = kataib hezbollah | hezbollah brigades; re-indexed ") {
		t.Fatalf("aliases remove = %v, %q", err, out)
	}
	if _, mod := moderatorSets(t, data); !slices.EqualFunc(mod, index.AliasSet{{"pm", "prime minister"}}, slices.Equal) {
		t.Errorf("after the removal the moderators' sets are %q; want [[pm prime minister]]", mod)
	}
	if quotesKH(t, data, q) {
		t.Errorf("ask %q still quotes Kataib Hezbollah once zzq is removed", q)
	}
}

func TestAliasesReadOnlyDataDir(t *testing.T) {
	data := filepath.Join(t.TempDir(), "data")
	if _, errOut, err := runCmd(t, data, "aliases", "add", "zzq = kataib hezbollah"); err != nil {
		t.Fatalf("aliases add: %v\n%s", err, errOut)
	}
	readonlytest.Dir(t, data)
	out, _, err := runCmd(t, data, "aliases")
	if err != nil || !strings.Contains(out, "Built in") || !strings.Contains(out, "  zzq = kataib hezbollah\n") {
		t.Errorf("aliases on a read-only data directory = %v\n%s; want the lexicon", err, out)
	}
	for _, args := range [][]string{{"aliases", "add", "qqz = islamic state"}, {"aliases", "remove", "zzq"}} {
		if _, _, err := runCmd(t, data, args...); err == nil || !strings.Contains(err.Error(), "not writable") {
			t.Errorf("talksbot %q on a read-only data directory = %v; want it to say the directory is not writable", args, err)
		}
	}
}

func TestAliasesThroughARunningServer(t *testing.T) {
	data := shortTempDir(t)
	d, err := index.OpenData(context.Background(), data, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	stop, err := control.Start(&control.Server{Data: d, Aliases: &aliasEditor{d: d, log: slog.New(slog.DiscardHandler)}})
	if err != nil {
		t.Fatal(err)
	}
	defer stop()

	out, errOut, err := runCmd(t, data, "aliases", "add", "zzq = kataib hezbollah")
	if err != nil || !strings.Contains(out, "✓ added zzq = kataib hezbollah; re-indexed ") || !strings.Contains(errOut, "going through it") {
		t.Fatalf("aliases add through the server = %v\n%s%s", err, out, errOut)
	}
	if mod, err := d.ModeratorAliases(); err != nil || mod.String() != "zzq = kataib hezbollah\n" {
		t.Errorf("the serving process's aliases = %q, %v", mod, err)
	}
	if _, mod := moderatorSets(t, data); len(mod) != 1 {
		t.Errorf("aliases --json through the server lists %q", mod)
	}
	if _, _, err := runCmd(t, data, "aliases", "remove", "kh"); err == nil || !strings.Contains(err.Error(), "a set built into talksbot") {
		t.Errorf("aliases remove kh through the server = %v; want it refused", err)
	}
	applied := quotesKH(t, data, "who funds zzq")
	out, _, err = runCmd(t, data, "aliases", "remove", "ZZQ")
	if err != nil || !strings.HasPrefix(out, "✓ removed zzq = kataib hezbollah") {
		t.Errorf("aliases remove through the server = %v, %q", err, out)
	}
	if mod, err := d.ModeratorAliases(); err != nil || len(mod) != 0 {
		t.Errorf("the serving process's aliases after the removal = %q, %v", mod, err)
	}
	if !applied {
		t.Error("the running server did not read the question with the set it was just given")
	}
}

// TestServeAliases runs /aliases add through the fake Discord against the
// real data directory, then lists it with `talksbot aliases` through the
// control socket: one lexicon for both.
func TestServeAliases(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	data := shortTempDir(t)
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_DATA": data})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	waitCommands(ctx, t, fd, logs)
	add := func(in fakediscord.Interaction) (token, payload string) {
		t.Helper()
		in.Name, in.UserID = "aliases", "300000000000000001"
		in.Options = []*discordgo.ApplicationCommandInteractionDataOption{{Name: "add", Type: discordgo.ApplicationCommandOptionSubCommand,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "sets", Type: discordgo.ApplicationCommandOptionString, Value: "zzq = Kataib Hezbollah"}}}}
		id, token, err := fd.Interact(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		c, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
			return c.Route == "/interactions/"+id+"/"+token+"/callback" && c.Status < 300
		})
		if err != nil {
			t.Fatalf("%v\n%s", err, logs)
		}
		return token, string(c.Payload())
	}
	if _, p := add(fakediscord.Interaction{GuildID: fakediscord.OtherGuildID}); !strings.Contains(p, "for moderators") {
		t.Errorf("/aliases add by a plain member: %s", p)
	}
	token, _ := add(fakediscord.Interaction{Permissions: fakediscord.AdminPermissions})
	if _, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Method == http.MethodPatch && strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Aliases added")
	}); err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	out, errOut, err := runCmd(t, data, "aliases")
	if err != nil || !strings.Contains(errOut, "going through it") || !strings.Contains(out, "  zzq = kataib hezbollah\n") {
		t.Errorf("aliases through serve after /aliases add = %v\n%s%s", err, out, errOut)
	}
	if l := logs.String(); !strings.Contains(l, `action="aliases add"`) || !strings.Contains(l, `msg="aliases added"`) || !strings.Contains(l, `by="discord:`) {
		t.Errorf("the addition is not logged with who:\n%s", l)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
