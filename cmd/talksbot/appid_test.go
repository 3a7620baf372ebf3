package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// TestServeApplicationID: `talksbot serve` against a server whose READY
// names no application: DISCORD_APPLICATION_ID gets the commands
// registered; without it serve exits with one line saying to set it.
func TestServeApplicationID(t *testing.T) {
	data := t.TempDir()
	t.Run("set", func(t *testing.T) {
		fd := fakediscord.New(t, fakediscord.WithToken(serveToken), fakediscord.WithoutApplication())
		logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID,
			"DISCORD_APPLICATION_ID": fakediscord.AppID, "TALKSBOT_DATA": data})
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		waitCommands(ctx, t, fd, logs)
		for !strings.Contains(logs.String(), "registered commands") && ctx.Err() == nil {
			time.Sleep(10 * time.Millisecond)
		}
		if err := stop(); err != nil {
			t.Errorf("serve = %v\n%s", err, logs)
		}
	})
	t.Run("not set", func(t *testing.T) {
		fd := fakediscord.New(t, fakediscord.WithToken(serveToken), fakediscord.WithoutApplication())
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		env := map[string]string{"DISCORD_TOKEN": serveToken, "DISCORD_API_URL": fd.URL(), "TALKSBOT_DATA": data,
			"TALKSBOT_ADMIN_ADDR": "127.0.0.1:0", "DISCORD_GUILD_ID": fakediscord.GuildID}
		logs := &lockedBuffer{}
		err := run(ctx, []string{"serve"}, func(k string) string { return env[k] }, logs, logs)
		if err == nil || !strings.Contains(err.Error(), "set DISCORD_APPLICATION_ID or --application-id") || strings.Contains(err.Error(), "\n") {
			t.Errorf("serve without an application id = %v; want one line saying to set DISCORD_APPLICATION_ID\n%s", err, logs)
		}
	})
}
