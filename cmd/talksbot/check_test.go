package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/index"
)

// TestServeCheckMessage drives "Check this message" through serve and the
// fake Discord: the message command is registered (type 3, no
// description), used on a member's message it answers that member alone
// with what the coverage says and a Share button, and Share posts the same
// answer in the channel with mentions suppressed.
func TestServeCheckMessage(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	logs, _ := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	waitCommands(ctx, t, fd, logs)

	var registered *discordgo.ApplicationCommand
	for _, c := range fd.Commands(fakediscord.GuildID) {
		if c.Name == bot.CheckCommand {
			registered = c
		}
	}
	if registered == nil || registered.Type != discordgo.MessageApplicationCommand || registered.Description != "" {
		t.Fatalf("registered %+v; want a message command %q", registered, bot.CheckCommand)
	}

	msg := fd.PostUserMessage(fakediscord.ChannelID, "", "2,500 US troops are in Iraq. @everyone check your facts")
	id, token, err := fd.Interact(ctx, fakediscord.Interaction{Name: bot.CheckCommand, TargetID: msg})
	if err != nil {
		t.Fatal(err)
	}
	c, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == "/interactions/"+id+"/"+token+"/callback" })
	if err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	var ack struct {
		Type int `json:"type"`
		Data struct {
			Flags int `json:"flags"`
		} `json:"data"`
	}
	json.Unmarshal(c.Payload(), &ack)
	if c.Status != http.StatusNoContent || ack.Type != 5 || ack.Data.Flags&int(discordgo.MessageFlagsEphemeral) == 0 {
		t.Fatalf("first response %d %s; want an ephemeral deferred reply", c.Status, c.Payload())
	}
	edit, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Method == http.MethodPatch && strings.Contains(c.Route, "/webhooks/") && strings.Contains(c.Route, token) && c.Status == 200
	})
	if err != nil {
		t.Fatalf("no reply: %v\n%s", err, logs)
	}
	original, ok := fd.Original(token)
	if !ok || len(original.Embeds) != 1 || len(original.Embeds[0].Fields) == 0 {
		t.Fatalf("reply %s", edit.Payload())
	}
	if original.Flags&discordgo.MessageFlagsEphemeral == 0 {
		t.Errorf("the check was not ephemeral")
	}
	f := original.Embeds[0].Fields[0]
	if !strings.Contains(f.Name, "Differs") || !strings.Contains(f.Value, "fewer than 2,000") || !strings.Contains(f.Value, "2024-09-27") {
		t.Errorf("claim field %q / %q; want it to differ from the latest (fewer than 2,000) with the date 2,500 was true", f.Name, f.Value)
	}
	var share string
	for _, row := range original.Components {
		if r, ok := row.(*discordgo.ActionsRow); ok {
			for _, comp := range r.Components {
				if b, ok := comp.(*discordgo.Button); ok && b.Label == "Share" {
					share = b.CustomID
				}
			}
		}
	}
	if share == "" {
		t.Fatalf("no Share button: %+v", original.Components)
	}

	sid, stoken, err := fd.Interact(ctx, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: share, MessageID: original.ID})
	if err != nil {
		t.Fatal(err)
	}
	sc, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == "/interactions/"+sid+"/"+stoken+"/callback" })
	if err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	var shared struct {
		Type int `json:"type"`
		Data struct {
			Flags           int                       `json:"flags"`
			Embeds          []*discordgo.MessageEmbed `json:"embeds"`
			AllowedMentions *struct {
				Parse []string `json:"parse"`
			} `json:"allowed_mentions"`
		} `json:"data"`
	}
	if err := json.Unmarshal(sc.Payload(), &shared); err != nil {
		t.Fatalf("share payload: %v: %s", err, sc.Payload())
	}
	switch {
	case sc.Status != http.StatusNoContent || shared.Type != 4:
		t.Fatalf("share: %d %s", sc.Status, sc.Payload())
	case shared.Data.Flags&int(discordgo.MessageFlagsEphemeral) != 0:
		t.Errorf("the shared check is ephemeral")
	case shared.Data.AllowedMentions == nil || len(shared.Data.AllowedMentions.Parse) != 0:
		t.Errorf("share allows mentions: %s", sc.Payload())
	case len(shared.Data.Embeds) != 1 || shared.Data.Embeds[0].Fields[0].Value != f.Value:
		t.Errorf("the shared check is not the one shown: %s", sc.Payload())
	}
	if m, ok := fd.Original(stoken); !ok || m.Flags&discordgo.MessageFlagsEphemeral != 0 {
		t.Errorf("no public message in the channel: %+v", m)
	}
}

// TestCheckCommand is talksbot check from the terminal: the stale figure
// with the latest one and the date it was true, --json, and one-line errors.
func TestCheckCommand(t *testing.T) {
	data := t.TempDir()
	out, errOut, err := runCmd(t, data, "check", "2,500 US troops are in Iraq.")
	if err != nil {
		t.Fatalf("check: %v\n%s", err, errOut)
	}
	for _, want := range []string{"DIFFERS (stale)", "fewer than 2,000", "was true on 2024-09-27", "“That leaves fewer than 2,000 U.S. troops in Iraq, mostly in Erbil.” — Associated Press and Reuters, 2025-09-30", "https://"} {
		if !strings.Contains(out, want) {
			t.Errorf("check output lacks %q:\n%s", want, out)
		}
	}
	out, _, err = runCmd(t, data, "check", "--json", "The first formal session of the talks was held in Baghdad on 27 January 2024.")
	if err != nil {
		t.Fatal(err)
	}
	var res index.CheckResult
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("check --json: %v\n%s", err, out)
	}
	if len(res.Claims) != 1 || res.Claims[0].Verdict != index.ClaimAgrees || len(res.Claims[0].Found) == 0 || res.Claims[0].Found[0].Quote.URL == "" {
		t.Errorf("check --json: %+v", res)
	}
	for _, args := range [][]string{{"check"}, {"check", "hi there?"}, {"check", strings.Repeat("troops ", 700)}} {
		_, _, err := runCmd(t, data, args...)
		if err == nil || strings.Contains(err.Error(), "\n") || !strings.HasPrefix(err.Error(), "check: ") {
			t.Errorf("%q: err %v; want one line starting check:", strings.Join(args, " ")[:min(40, len(strings.Join(args, " ")))], err)
		}
	}
}
