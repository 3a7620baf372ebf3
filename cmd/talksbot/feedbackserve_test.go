package main

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// End to end through serve and the fake Discord: a member's 👎 on an
// answer is kept in the data directory, and moderators' /gaps and
// `talksbot gaps` list the question.
func TestServeKeepsAVoteForGaps(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	data := t.TempDir()
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_DATA": data})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if _, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Method == http.MethodPut && strings.HasSuffix(c.Route, "/commands") && c.Status == 200
	}); err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	callback := func(in fakediscord.Interaction) (string, map[string]any) {
		t.Helper()
		id, token, err := fd.Interact(ctx, in)
		if err != nil {
			t.Fatal(err)
		}
		c, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool { return c.Route == "/interactions/"+id+"/"+token+"/callback" })
		if err != nil {
			t.Fatalf("%v\n%s", err, logs)
		}
		var resp map[string]any
		json.Unmarshal(c.Payload(), &resp)
		return token, resp
	}
	const q = "what did the pentagon's cat think of the talks?"
	token, _ := callback(fakediscord.Interaction{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: q}}})
	orig, ok := fd.Original(token)
	if !ok {
		t.Fatal("no answer")
	}
	down := ""
	for _, row := range orig.Components {
		for _, c := range row.(*discordgo.ActionsRow).Components {
			if b, ok := c.(*discordgo.Button); ok && strings.HasSuffix(b.CustomID, ":down") {
				down = b.CustomID
			}
		}
	}
	if down == "" {
		t.Fatalf("no 👎 button on %+v", orig.Components)
	}
	_, resp := callback(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: down, MessageID: orig.ID})
	if b, _ := json.Marshal(resp); !strings.Contains(string(b), "noted") {
		t.Fatalf("vote: %s\n%s", b, logs)
	}
	_, resp = callback(fakediscord.Interaction{Name: "gaps", Permissions: fakediscord.AdminPermissions})
	if b, _ := json.Marshal(resp); !strings.Contains(string(b), "pentagon") || !strings.Contains(string(b), "👎") {
		t.Errorf("/gaps: %s", b)
	}
	out, _, err := runCmd(t, data, "gaps")
	if err != nil || !strings.Contains(out, "pentagon") {
		t.Errorf("talksbot gaps beside serve: %v\n%s", err, out)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	out, _, err = runCmd(t, data, "feedback", "--json")
	if err != nil || !strings.Contains(out, "pentagon") || !strings.Contains(out, `"todo"`) {
		t.Errorf("talksbot feedback --json after serve: %v\n%s", err, out)
	}
}
