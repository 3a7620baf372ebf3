package bot

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// runBot runs a Bot with the application id set (may be "") on a Session
// against fd until the test ends; it returns the log and a wait for Run's
// result (ok false when Run did not return within 10 s).
func runBot(t *testing.T, fd *fakediscord.Server, appID string) (*syncBuffer, func() (error, bool)) {
	t.Helper()
	logs := &syncBuffer{}
	api, _ := ParseAPIURL(fd.URL())
	s, err := NewSession(testToken, api)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { fakediscord.CloseSession(s) })
	b := New(Config{Answerer: fakeAnswerer{}, Library: fakeLibrary{n: 3}, ApplicationID: appID,
		Logger: slog.New(slog.NewTextHandler(logs, nil))})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- b.Run(ctx, s, fakediscord.GuildID) }()
	var once sync.Once
	var runErr error
	var returned bool
	wait := func() (error, bool) {
		once.Do(func() {
			select {
			case runErr = <-done:
				returned = true
			case <-time.After(10 * time.Second):
			}
		})
		return runErr, returned
	}
	t.Cleanup(func() {
		cancel()
		if _, ok := wait(); !ok {
			t.Error("Run did not return")
		}
	})
	return logs, wait
}

func waitRegistered(t *testing.T, fd *fakediscord.Server, appID string, logs *syncBuffer) {
	t.Helper()
	want := "/applications/" + appID + "/guilds/" + fakediscord.GuildID + "/commands"
	if _, err := fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
		return c.Method == http.MethodPut && c.Route == want && c.Status == http.StatusOK
	}); err != nil {
		t.Fatalf("commands not registered at %s: %v\n%s", want, err, logs)
	}
}

// TestApplicationID: a server whose READY has no application and that
// does not serve GET /oauth2/applications/@me. With DISCORD_APPLICATION_ID
// the bot registers its commands and answers; without it Run stops with a
// one-line error saying what to set. An id that differs from the one
// Discord names gives way to Discord's, with a warning.
func TestApplicationID(t *testing.T) {
	t.Run("READY without application, the id set", func(t *testing.T) {
		t.Parallel()
		fd := fakediscord.New(t, fakediscord.WithToken(testToken), fakediscord.WithoutApplication())
		logs, _ := runBot(t, fd, fakediscord.AppID)
		waitRegistered(t, fd, fakediscord.AppID, logs)
		id, token, err := fd.Interact(ctxT(t), fakediscord.Interaction{Name: "help", UserID: fakediscord.UserID})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return c.Route == "/interactions/"+id+"/"+token+"/callback" && c.Status == http.StatusNoContent
		}); err != nil {
			t.Fatalf("/help not answered: %v\n%s", err, logs)
		}
		if !strings.Contains(logs.String(), "application id from DISCORD_APPLICATION_ID") {
			t.Errorf("the log does not say where the id came from:\n%s", logs)
		}
	})
	t.Run("READY without application, no id set", func(t *testing.T) {
		t.Parallel()
		fd := fakediscord.New(t, fakediscord.WithToken(testToken), fakediscord.WithoutApplication())
		logs, wait := runBot(t, fd, "")
		err, ok := wait()
		switch {
		case ok:
			msg := ""
			if err != nil {
				msg = err.Error()
			}
			if !strings.Contains(msg, "set DISCORD_APPLICATION_ID or --application-id") || strings.Contains(msg, "\n") ||
				strings.Contains(msg, "page not found") || !strings.Contains(msg, "HTTP 404 Not Found") {
				t.Errorf("Run = %q; want one line saying to set DISCORD_APPLICATION_ID, naming the 404 without its body", msg)
			}
		default:
			t.Fatalf("Run did not stop without an application id\n%s", logs)
		}
		for _, c := range fd.Calls() {
			if strings.HasSuffix(c.Route, "/commands") {
				t.Errorf("commands registered without an application id: %s %s", c.Method, c.Route)
			}
		}
	})
	t.Run("the id set differs from READY's", func(t *testing.T) {
		t.Parallel()
		fd := fakediscord.New(t, fakediscord.WithToken(testToken))
		logs, _ := runBot(t, fd, "100000000000000777")
		waitRegistered(t, fd, fakediscord.AppID, logs)
		if !strings.Contains(logs.String(), `DISCORD_APPLICATION_ID differs from the application Discord names; using Discord's" set=100000000000000777 discord=100000000000000001`) {
			t.Errorf("no warning naming both ids:\n%s", logs)
		}
	})
}
