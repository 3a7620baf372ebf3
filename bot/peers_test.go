package bot

import (
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
	"github.com/talksbot/talksbot/bot/fakediscord"
)

// Servers that do not serve GET /oauth2/applications/@me (other fakes,
// self-hosted peers) still get the commands: the application id is in the
// gateway's READY.
func TestRegisterTakesTheApplicationFromReady(t *testing.T) {
	h := newHarness(t)
	h.fd.FailNext(http.MethodGet, "/oauth2/applications/", 1, http.StatusNotFound, 0, false)
	if err := h.bot.Register(ctxT(t), h.s, fakediscord.GuildID); err != nil {
		t.Fatalf("register without /oauth2/applications/@me: %v", err)
	}
	if !strings.Contains(h.logs.String(), "application id taken from the gateway's READY") {
		t.Errorf("the application was not taken from READY; logs:\n%s", h.logs)
	}
	if got := len(h.fd.Commands(fakediscord.GuildID)); got != len(Commands()) {
		t.Errorf("%d commands registered, want %d", got, len(Commands()))
	}
}

// Views and page buttons show what the coverage holds: they do not spend
// the question cooldown, questions do.
func TestViewsDoNotSpendTheCooldown(t *testing.T) {
	h := newHarness(t)
	user := h.user()
	for range 6 {
		for _, name := range []string{"troops", "timeline", "sources"} {
			if _, cb := h.interact(t, fakediscord.Interaction{Name: name, UserID: user}); strings.Contains(cb.Data.Content, "Easy there") {
				t.Fatalf("/%s spent the cooldown", name)
			}
		}
	}
	refused := false
	for range 5 {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "ask", UserID: user, Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("question", str(qTroops))}})
		refused = refused || strings.Contains(cb.Data.Content, "Easy there")
	}
	if !refused {
		t.Error("five questions at once were all answered: the cooldown does not hold")
	}
}
