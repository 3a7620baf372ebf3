package bot

import (
	"context"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// TestGatewayLogSaysWhoClosed: the log tells a close by Discord (with its
// code), a dropped connection and the bot's own close at shutdown apart.
func TestGatewayLogSaysWhoClosed(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(testToken))
	logs := &syncBuffer{}
	api, _ := ParseAPIURL(fd.URL())
	s, err := NewSession(testToken, api)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fakediscord.CloseSession(s) })
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3},
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, fakediscord.GuildID) }()
	if err := fd.WaitReady(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if _, err := fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool { return strings.HasSuffix(c.Route, "/commands") }); err != nil {
		t.Fatal(err)
	}
	lines := func(sub string) int { return strings.Count(logs.String(), sub) }

	fd.CloseGateway(4000)
	if err := fd.WaitResumes(ctxT(t), 1); err != nil {
		t.Fatal(err)
	}
	if err := fd.WaitReady(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if n := lines(`msg="Discord closed the gateway connection; reconnecting" code=4000 meaning="unknown error on Discord's side"`); n != 1 {
		t.Errorf("after Discord's close 4000 the log has %d lines naming Discord and the code; want 1\n%s", n, logs)
	}

	fd.DropConnection()
	if err := fd.WaitResumes(ctxT(t), 2); err != nil {
		t.Fatal(err)
	}
	if err := fd.WaitReady(ctxT(t)); err != nil {
		t.Fatal(err)
	}
	if n := lines("dropped without a close code from Discord"); n != 1 {
		t.Errorf("after a dropped connection the log has %d lines saying so; want 1\n%s", n, logs)
	}

	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Run after shutdown = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("Run did not return after shutdown\n%s", logs)
	}
	if n := lines(`msg="the bot closed the gateway connection" why="shutting down"`); n != 1 {
		t.Errorf("after shutdown the log has %d lines saying the bot closed the connection; want 1\n%s", n, logs)
	}
	if n := lines("Discord closed"); n != 1 {
		t.Errorf("the log blames Discord %d times; want once (the 4000)\n%s", n, logs)
	}
}

// TestGatewayEchoIsNotDiscords: Discord answers the bot's close frame with
// one of its own (1000); while the bot is closing, that echo is not
// reported as Discord closing the connection. (The in-repo fake does not
// get its echo to the client before discordgo stops reading, so the
// sequence is played on the gateway directly.)
func TestGatewayEchoIsNotDiscords(t *testing.T) {
	logs := &syncBuffer{}
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3}, Logger: slog.New(slog.NewTextHandler(logs, nil))})
	g := b.gw
	g.onConnect()
	g.stop("shutting down")
	g.onClose(1000)
	g.onDisconnect()
	if strings.Contains(logs.String(), "Discord closed") {
		t.Errorf("the echo of the bot's close was logged as Discord's:\n%s", logs)
	}
	if g.fatal != nil {
		t.Errorf("the echo made the gateway fatal: %v", g.fatal)
	}

	logs2 := &syncBuffer{}
	b2 := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3}, Logger: slog.New(slog.NewTextHandler(logs2, nil))})
	b2.gw.onConnect()
	b2.gw.onClose(1001)
	b2.gw.onDisconnect()
	if !strings.Contains(logs2.String(), `"Discord closed the gateway connection; reconnecting" code=1001 meaning="going away`) {
		t.Errorf("Discord's own 1001 was not logged as Discord's:\n%s", logs2)
	}
}
