package main

import (
	"context"
	"encoding/json"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/corpus"
)

// TestServeRemove runs /remove through the fake Discord against the real
// index: its autocomplete offers articles by title (never the source
// article), a plain member is refused, a moderator's removal is logged
// with who, and answers, /sources and /summary no longer have the article.
func TestServeRemove(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	data := t.TempDir()
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_DATA": data})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	waitCommands(ctx, t, fd, logs)
	user := 300000000000000000
	interact := func(in fakediscord.Interaction) (token string, payload string) {
		t.Helper()
		user++
		if in.UserID == "" {
			in.UserID = strconv.Itoa(user)
		}
		id, token, err := fd.Interact(ctx, in)
		if err != nil {
			t.Fatalf("/%s: %v", in.Name, err)
		}
		c, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
			return c.Route == "/interactions/"+id+"/"+token+"/callback" && c.Status < 300
		})
		if err != nil {
			t.Fatalf("/%s: %v\n%s", in.Name, err, logs)
		}
		return token, string(c.Payload())
	}
	ask := fakediscord.Interaction{Name: "ask", Options: []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: "How many U.S. troops are in Iraq?"}}}
	const briefURL = "krdo.com/news/2024/01/25"
	if _, p := interact(ask); !strings.Contains(p, briefURL) {
		t.Fatalf("before the removal the answer does not quote %s: the test proves nothing\n%s", removedBrief, p)
	}

	complete := func(typed string) []discordgo.ApplicationCommandOptionChoice {
		_, p := interact(fakediscord.Interaction{Type: discordgo.InteractionApplicationCommandAutocomplete, Name: "remove", Focused: "article", Permissions: fakediscord.AdminPermissions,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{{Name: "article", Type: discordgo.ApplicationCommandOptionString, Value: typed, Focused: true}}})
		var cb struct {
			Type int `json:"type"`
			Data struct {
				Choices []discordgo.ApplicationCommandOptionChoice `json:"choices"`
			} `json:"data"`
		}
		json.Unmarshal([]byte(p), &cb)
		if cb.Type != int(discordgo.InteractionApplicationCommandAutocompleteResult) {
			t.Errorf("autocomplete %q answered %s", typed, p)
		}
		return cb.Data.Choices
	}
	has := func(cs []discordgo.ApplicationCommandOptionChoice, id string) bool {
		for _, c := range cs {
			if c.Value == id {
				return true
			}
		}
		return false
	}
	if cs := complete("plan formal talks"); len(cs) == 0 || cs[0].Value != removedBrief || !strings.Contains(cs[0].Name, "formal talks") {
		t.Errorf("autocomplete \"plan formal talks\" = %+v; want %s first, by its title", cs, removedBrief)
	}
	if cs := complete(""); len(cs) == 0 || has(cs, corpus.SourceArticleID) {
		t.Errorf("autocomplete \"\" = %+v; want articles, never the source article", cs)
	}

	remove := func(in fakediscord.Interaction) (string, string) {
		in.Name = "remove"
		in.Options = []*discordgo.ApplicationCommandInteractionDataOption{{Name: "article", Type: discordgo.ApplicationCommandOptionString, Value: removedBrief}}
		return interact(in)
	}
	// A plain member where an admin opened the command to everyone.
	if _, p := remove(fakediscord.Interaction{GuildID: fakediscord.OtherGuildID}); !strings.Contains(p, "for moderators") {
		t.Errorf("/remove by a plain member: %s", p)
	}
	if _, err := os.Stat(filepath.Join(data, "articles", removedBrief+".md")); err != nil {
		t.Fatalf("a refused /remove removed the article: %v", err)
	}
	token, p := remove(fakediscord.Interaction{Permissions: fakediscord.AdminPermissions})
	if !strings.Contains(p, `"type":5`) {
		t.Errorf("/remove by a moderator acknowledged with %s; want deferred", p)
	}
	if _, err := fd.WaitCall(ctx, func(c fakediscord.Call) bool {
		return c.Method == http.MethodPatch && strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Removed from the library")
	}); err != nil {
		t.Fatalf("%v\n%s", err, logs)
	}
	if l := logs.String(); !strings.Contains(l, "action=remove") || !strings.Contains(l, "removed an article") || !strings.Contains(l, `by="discord:user`) {
		t.Errorf("the removal is not logged with who:\n%s", l)
	}
	if _, err := os.Stat(filepath.Join(data, "articles", removedBrief+".md")); err == nil {
		t.Errorf("the article file is still in the store")
	}

	// At once: answers, /sources, autocomplete and /summary.
	if _, p := interact(ask); strings.Contains(p, briefURL) {
		t.Errorf("after the removal the answer still quotes %s\n%s", removedBrief, p)
	}
	if _, p := interact(fakediscord.Interaction{Name: "sources"}); strings.Contains(p, "plan formal talks") {
		t.Errorf("/sources still lists %s", removedBrief)
	}
	if cs := complete("plan formal talks"); has(cs, removedBrief) {
		t.Errorf("autocomplete still offers %s", removedBrief)
	}
	if _, p := interact(fakediscord.Interaction{Name: "summary", Options: []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "article", Type: discordgo.ApplicationCommandOptionString, Value: removedBrief}}}); !strings.Contains(p, "I hold no article") {
		t.Errorf("/summary article:%s after the removal: %s", removedBrief, p)
	}
	// Again: it is gone.
	if _, p := remove(fakediscord.Interaction{Permissions: fakediscord.AdminPermissions}); !strings.Contains(p, "I hold no article") {
		t.Errorf("second /remove: %s", p)
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}
