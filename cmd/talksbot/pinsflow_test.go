package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/bot/feedback"
	"github.com/talksbot/talksbot/index"
	"github.com/talksbot/talksbot/index/readonlytest"
)

// pinFlow drives serve through the fake Discord for the pin tests.
type pinFlow struct {
	t    *testing.T
	fd   *fakediscord.Server
	ctx  context.Context
	logs *lockedBuffer
	asks int
}

// press sends an interaction and returns its callback's payload, as text
// and decoded.
func (f *pinFlow) press(in fakediscord.Interaction) (string, string, map[string]any) {
	f.t.Helper()
	id, token, err := f.fd.Interact(f.ctx, in)
	if err != nil {
		f.t.Fatalf("%v\n%s", err, f.logs)
	}
	c, err := f.fd.WaitCall(f.ctx, func(c fakediscord.Call) bool { return c.Route == "/interactions/"+id+"/"+token+"/callback" })
	if err != nil {
		f.t.Fatalf("%v\n%s", err, f.logs)
	}
	var resp map[string]any
	json.Unmarshal(c.Payload(), &resp)
	return token, string(c.Payload()), resp
}

func (f *pinFlow) ask(q string) string {
	f.t.Helper()
	f.asks++ // each by another member: no question follows on from another
	_, body, _ := f.press(fakediscord.Interaction{Name: "ask", UserID: fmt.Sprint(300000000000000000 + f.asks), Options: []*discordgo.ApplicationCommandInteractionDataOption{
		{Name: "question", Type: discordgo.ApplicationCommandOptionString, Value: q}}})
	return body
}

// selectID is the custom ID of the select menu in a callback's payload
// whose ID starts with prefix, and its options' labels by value.
func selectID(t *testing.T, body, prefix string) (string, map[string]string) {
	t.Helper()
	var resp struct {
		Data struct {
			Components []struct {
				Components []struct {
					Type     int    `json:"type"`
					CustomID string `json:"custom_id"`
					Options  []struct {
						Label string `json:"label"`
						Value string `json:"value"`
					} `json:"options"`
				} `json:"components"`
			} `json:"components"`
		} `json:"data"`
	}
	json.Unmarshal([]byte(body), &resp)
	for _, row := range resp.Data.Components {
		for _, c := range row.Components {
			if strings.HasPrefix(c.CustomID, prefix) {
				opts := map[string]string{}
				for _, o := range c.Options {
					opts[o.Value] = o.Label
				}
				return c.CustomID, opts
			}
		}
	}
	t.Fatalf("no component %s… in %s", prefix, body)
	return "", nil
}

// End to end through serve and the fake Discord (issue 21, "Done when"):
// a hedged question appears in /gaps; a plain member's presses on the
// pin flow are refused and pin nothing; a moderator pins the passage that
// answers it; the same question and two paraphrases are then answered,
// not hedged, from the pin; talksbot pins --json lists it and /metrics
// counts the pin and its hits.
func TestServePinFromGaps(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	data := t.TempDir()
	logs, stop := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_DATA": data, "TALKSBOT_LOG_FORMAT": "json"})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	waitCommands(ctx, t, fd, logs)
	admin := "http://" + waitLog(t, logs, `"admin_addr":"([^"]+)"`)
	f := &pinFlow{t: t, fd: fd, ctx: ctx, logs: logs}

	// A question the engine hedges (a sure one would be no gap).
	const q = "What will the Higher Military Commission do?"
	const want = "Iraq and the United States have agreed to set up the Higher Military Commission"
	if body := f.ask(q); strings.Contains(body, "Pinned by the moderators") || !strings.Contains(body, "may answer") {
		t.Fatalf("before the pin, %q is not hedged: %s", q, body)
	}

	_, body, _ := f.press(fakediscord.Interaction{Name: "gaps", Permissions: fakediscord.AdminPermissions})
	if !strings.Contains(body, q) || strings.Contains(body, "pinned") {
		t.Fatalf("/gaps does not list %q, unpinned: %s", q, body)
	}
	groups, opts := selectID(t, body, "gf:")
	group := ""
	for v, label := range opts {
		if strings.Contains(label, q) {
			group = v
		}
	}
	if group == "" {
		t.Fatalf("/gaps' select has no option for %q: %v", q, opts)
	}

	// A plain member's press on a moderator's select is refused.
	_, body, _ = f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, ComponentType: discordgo.SelectMenuComponent,
		CustomID: groups, Values: []string{group}})
	if !strings.Contains(body, "for moderators") {
		t.Fatalf("a plain member's press on /gaps' select: %s", body)
	}
	_, body, _ = f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, ComponentType: discordgo.SelectMenuComponent,
		CustomID: groups, Values: []string{group}, Permissions: fakediscord.AdminPermissions})
	passages, opts := selectID(t, body, "gs:")
	pick := ""
	for v, label := range opts {
		if strings.Contains(label, "have agreed to set up the Higher Military Commission") {
			pick = v
		}
	}
	if pick == "" {
		t.Fatalf("the passages offered lack the one that answers: %v", opts)
	}
	for _, b := range []string{"gn:", "gd:", "gm:"} {
		if !strings.Contains(body, `"custom_id":"`+b) {
			t.Errorf("the pin message lacks its %s button: %s", b, body)
		}
	}
	_, body, _ = f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, ComponentType: discordgo.SelectMenuComponent,
		CustomID: passages, Values: []string{pick}})
	if !strings.Contains(body, "for moderators") {
		t.Fatalf("a plain member's pin press: %s", body)
	}
	if out, _, err := runCmd(t, data, "pins", "--json"); err != nil || strings.TrimSpace(out) != "[]" {
		t.Fatalf("a refused press pinned something: %v %s", err, out)
	}
	_, body, _ = f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, ComponentType: discordgo.SelectMenuComponent,
		CustomID: passages, Values: []string{pick}, Permissions: fakediscord.AdminPermissions})
	if !strings.Contains(body, "Pinned") || !strings.Contains(body, want) {
		t.Fatalf("the moderator's pin: %s\n%s", body, logs)
	}

	// The same question, and two paraphrases, are answered from the pin.
	for _, asked := range []string{q, "what will the higher military commission do", "What will the Higher Military Commission (HMC) do?"} {
		body := f.ask(asked)
		if !strings.Contains(body, "Pinned by the moderators") || strings.Contains(body, "may answer") || !strings.Contains(body, want) {
			t.Errorf("after the pin, %q is not answered from it: %s", asked, body)
		}
	}
	_, body, _ = f.press(fakediscord.Interaction{Name: "gaps", Permissions: fakediscord.AdminPermissions})
	if !strings.Contains(body, "📌 pinned") {
		t.Errorf("/gaps does not show the group pinned: %s", body)
	}

	out, _, err := runCmd(t, data, "pins", "--json")
	var pins []index.PinState
	if err != nil || json.Unmarshal([]byte(out), &pins) != nil || len(pins) != 1 || pins[0].Pin.Question != q ||
		!strings.HasPrefix(pins[0].Pin.Text, want) || pins[0].Retired != "" || pins[0].Pin.By == "" {
		t.Fatalf("talksbot pins --json beside serve: %v\n%s", err, out)
	}
	metrics := waitGet(t, admin+"/metrics", `talksbot_pin_hits_total 3`)
	for _, w := range []string{`talksbot_pins_total{how="passage"} 1`, `talksbot_pins_live 1`} {
		if !strings.Contains(metrics, w) {
			t.Errorf("/metrics lacks %q", w)
		}
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
}

// The pin flow's other ways: "The coverage does not say", and "A
// different question…" answering a question as a pinned one is.
func TestServePinNotCoveredAndSameAs(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	data := t.TempDir()
	logs, _ := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_DATA": data})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	waitCommands(ctx, t, fd, logs)
	f := &pinFlow{t: t, fd: fd, ctx: ctx, logs: logs}
	const a, b = "Who pays for the bases?", "is there a timetable for the withdrawal"
	f.ask(a)
	f.ask(b)
	mod := fakediscord.AdminPermissions
	open := func(q string) string {
		_, body, _ := f.press(fakediscord.Interaction{Name: "gaps", Permissions: mod})
		groups, opts := selectID(t, body, "gf:")
		for v, label := range opts {
			if strings.Contains(label, q) {
				_, body, _ = f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, ComponentType: discordgo.SelectMenuComponent,
					CustomID: groups, Values: []string{v}, Permissions: mod})
				return body
			}
		}
		t.Fatalf("/gaps lacks %q: %s", q, body)
		return ""
	}
	button := func(body, prefix string) string {
		i := strings.Index(body, `"custom_id":"`+prefix)
		if i < 0 {
			t.Fatalf("no %s button in %s", prefix, body)
		}
		rest := body[i+len(`"custom_id":"`):]
		return rest[:strings.IndexByte(rest, '"')]
	}
	// "A different question…" with nothing pinned says so.
	gd := button(open(a), "gd:")
	if _, body, _ := f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: gd, Permissions: mod}); !strings.Contains(body, "No other question is pinned") {
		t.Errorf("a different question, none pinned: %s", body)
	}
	gn := button(open(a), "gn:")
	if _, body, _ := f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: gn}); !strings.Contains(body, "for moderators") {
		t.Errorf("a plain member's “does not say”: %s", body)
	}
	if _, body, _ := f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: gn, Permissions: mod}); !strings.Contains(body, "Pinned") {
		t.Fatalf("“does not say”: %s", body)
	}
	if body := f.ask(a); !strings.Contains(body, "Pinned by the moderators") || !strings.Contains(body, "does not say") {
		t.Errorf("%q after a “does not say” pin: %s", a, body)
	}
	// b is the same question as a, says the moderator: answered as a is.
	gd = button(open(b), "gd:")
	_, body, _ := f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: gd, Permissions: mod})
	same, opts := selectID(t, body, "gq:")
	if len(opts) != 1 || !strings.Contains(opts["0"], a) {
		t.Fatalf("the pinned questions offered: %v", opts)
	}
	if _, body, _ := f.press(fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, ComponentType: discordgo.SelectMenuComponent,
		CustomID: same, Values: []string{"0"}, Permissions: mod}); !strings.Contains(body, "Pinned") {
		t.Fatalf("same as: %s", body)
	}
	if body := f.ask(b); !strings.Contains(body, "Pinned by the moderators") || !strings.Contains(body, "does not say") {
		t.Errorf("%q after pinning it as %q: %s", b, a, body)
	}
}

// CLI ask and chat record hedged and uncovered questions in a writable
// data directory, so talksbot gaps lists them; an answered one is not
// recorded; on a read-only data directory ask still answers and nothing
// is recorded or created.
func TestAskAndChatRecordGaps(t *testing.T) {
	data := t.TempDir()
	if _, _, err := runCmd(t, data, "ask", "Who pays for the bases?"); err != nil {
		t.Fatal(err)
	}
	if _, _, err := runCmd(t, data, "ask", "How many U.S. troops are in Iraq?"); err != nil {
		t.Fatal(err)
	}
	var out, errOut bytes.Buffer
	e := env{getenv: func(k string) string {
		if k == "TALKSBOT_DATA" {
			return data
		}
		return ""
	}, stdin: strings.NewReader("is there a timetable for the withdrawal\n"), stdout: &out, stderr: &errOut}
	if err := cmdChat(context.Background(), e, nil); err != nil {
		t.Fatalf("chat: %v\n%s", err, errOut.String())
	}
	st, err := feedback.OpenReadOnly(data)
	if err != nil {
		t.Fatal(err)
	}
	r, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	var asked []string
	for _, a := range r.Asked {
		asked = append(asked, a.Question+" "+string(a.Outcome))
	}
	if got := strings.Join(asked, "; "); got != "Who pays for the bases? may_answer; is there a timetable for the withdrawal may_answer" {
		t.Errorf("recorded: %s", got)
	}
	gaps, _, err := runCmd(t, data, "gaps")
	if err != nil || !strings.Contains(gaps, "Who pays for the bases?") || !strings.Contains(gaps, "timetable") {
		t.Errorf("talksbot gaps: %v\n%s", err, gaps)
	}

	ro := t.TempDir()
	if _, _, err := runCmd(t, ro, "pin", "Does Mars have troops?", "--not-covered"); err != nil {
		t.Fatal(err)
	}
	readonlytest.Dir(t, ro)
	out2, _, err := runCmd(t, ro, "ask", "Who pays for the bases?")
	if err != nil || !strings.Contains(out2, "may answer") {
		t.Fatalf("ask on a read-only data directory: %v\n%s", err, out2)
	}
	if segs, _ := filepath.Glob(filepath.Join(ro, feedback.Subdir, "asked-*")); len(segs) > 0 {
		t.Errorf("ask on a read-only data directory recorded the question: %v", segs)
	}
	// talksbot pins lists a read-only data directory's pins.
	out3, _, err := runCmd(t, ro, "pins", "--json")
	var pins []index.PinState
	if err != nil || json.Unmarshal([]byte(out3), &pins) != nil || len(pins) != 1 || !pins[0].Pin.NotCovered || pins[0].Retired != "" {
		t.Errorf("pins --json on a read-only data directory: %v %s", err, out3)
	}
	if _, _, err := runCmd(t, ro, "unpin", pins[0].Pin.ID); err == nil || !strings.Contains(err.Error(), "not writable") {
		t.Errorf("unpin on a read-only data directory = %v; want it to say not writable", err)
	}
}

// serve picks up a pin made with talksbot pin beside it, and an unpin,
// within its poll (pinPoll), without a restart.
func TestServeReloadsPins(t *testing.T) {
	fd := fakediscord.New(t, fakediscord.WithToken(serveToken))
	data := t.TempDir()
	logs, _ := startServe(t, fd, map[string]string{"DISCORD_GUILD_ID": fakediscord.GuildID, "TALKSBOT_DATA": data})
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	waitCommands(ctx, t, fd, logs)
	f := &pinFlow{t: t, fd: fd, ctx: ctx, logs: logs}
	const q = "Who pays for the bases?"
	pinned := func(want bool) {
		t.Helper()
		deadline := time.Now().Add(6 * time.Second) // pinPoll is 2 s
		for {
			body := f.ask(q)
			if strings.Contains(body, "Pinned by the moderators") == want {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("%s after 6 s: pinned is not %v: %s\n%s", q, want, body, logs)
			}
			time.Sleep(200 * time.Millisecond)
		}
	}
	pinned(false)
	out, _, err := runCmd(t, data, "pin", q, "--not-covered")
	if err != nil {
		t.Fatalf("pin beside serve: %v", err)
	}
	id := strings.Fields(strings.TrimPrefix(out, "✓ pinned "))[0]
	id = strings.TrimSuffix(id, ":")
	pinned(true)
	if _, _, err := runCmd(t, data, "unpin", id); err != nil {
		t.Fatalf("unpin %s beside serve: %v", id, err)
	}
	pinned(false)
	if !strings.Contains(logs.String(), "pins loaded") {
		t.Errorf("serve did not log the reload:\n%s", logs)
	}
}
