package bot

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
)

// An /ingest refused because it would replace another article comes with
// a "Replace it" button: only the moderator who asked may press it, it
// runs the same ingest forced, once; "Keep what is held" changes nothing.
func TestIngestConfirmReplace(t *testing.T) {
	h := newHarness(t)
	mod := h.user()
	ingest := func(url string) (string, *discordgo.Message) {
		t.Helper()
		token, _ := h.interact(t, fakediscord.Interaction{Name: "ingest", UserID: mod, Permissions: fakediscord.AdminPermissions,
			Options: []*discordgo.ApplicationCommandInteractionDataOption{opt("url", str(url))}})
		if _, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return c.Method == http.MethodPatch && strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Would replace another article")
		}); err != nil {
			t.Fatal(err)
		}
		m, ok := h.fd.Original(token)
		if !ok {
			t.Fatal("no reply")
		}
		return token, m
	}
	_, m := ingest("https://example.com/same-address")
	btns := buttons(t, rawComponents(t, m.Components))
	if btns["Replace it"] == "" || btns["Keep what is held"] == "" || !strings.Contains(m.Embeds[0].Description, "The report already held") {
		t.Fatalf("refused replacement: %+v, buttons %v; want what it replaces and the two buttons", m.Embeds[0], btns)
	}
	press := func(user string, perms int64, id string) callback {
		t.Helper()
		_, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: id, MessageID: m.ID, UserID: user, Permissions: perms})
		return cb
	}
	// A plain member, then another moderator: refused, nothing ingested.
	if cb := press(h.user(), fakediscord.MemberPermissions, btns["Replace it"]); !strings.Contains(cb.Data.Content, "for moderators") {
		t.Errorf("Replace it by a plain member: %s", cb.raw)
	}
	if cb := press(h.user(), fakediscord.AdminPermissions, btns["Replace it"]); !strings.Contains(cb.Data.Content, "Only the moderator who ran") {
		t.Errorf("Replace it by another moderator: %s", cb.raw)
	}
	forced := func() int {
		n := 0
		h.ingester.mu.Lock()
		defer h.ingester.mu.Unlock()
		for _, o := range h.ingester.opts {
			if o.Force {
				n++
			}
		}
		return n
	}
	if n := forced(); n != 0 {
		t.Fatalf("%d forced ingests before the moderator confirmed", n)
	}
	// The moderator who asked: the forced ingest, its report in place.
	if cb := press(mod, fakediscord.AdminPermissions, btns["Replace it"]); cb.Type != discordgo.InteractionResponseDeferredMessageUpdate {
		t.Fatalf("Replace it: %s; want a deferred update", cb.raw)
	}
	if _, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
		return c.Method == http.MethodPatch && strings.Contains(string(c.Body), "Updated to the library")
	}); err != nil {
		t.Fatal(err)
	}
	if n := forced(); n != 1 {
		t.Errorf("%d forced ingests; want 1", n)
	}
	if !strings.Contains(h.logs.String(), "force=true") {
		t.Errorf("the forced ingest is not logged:\n%s", h.logs)
	}
	// Once only.
	if cb := press(mod, fakediscord.AdminPermissions, btns["Replace it"]); !strings.Contains(cb.Data.Content, "expired or was already used") {
		t.Errorf("Replace it pressed again: %s", cb.raw)
	}

	// Keep what is held: nothing is ingested, the buttons go.
	_, m = ingest("https://example.com/same-address?again")
	btns = buttons(t, rawComponents(t, m.Components))
	cb := press(mod, fakediscord.AdminPermissions, btns["Keep what is held"])
	if cb.Type != discordgo.InteractionResponseUpdateMessage || !strings.Contains(cb.Data.Content, "was not added") || len(cb.Data.Components) != 0 {
		t.Errorf("Keep what is held: %s", cb.raw)
	}
	if n := forced(); n != 1 {
		t.Errorf("%d forced ingests after Keep what is held; want still 1", n)
	}
}

// rawComponents is a message's components as the wire carries them.
func rawComponents(t *testing.T, cs []discordgo.MessageComponent) []json.RawMessage {
	t.Helper()
	data, err := json.Marshal(cs)
	if err != nil {
		t.Fatal(err)
	}
	var raw []json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		t.Fatal(err)
	}
	return raw
}
