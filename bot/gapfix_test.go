package bot

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/index"
)

// fakePins keeps pins in memory; an article "bad" is not whole sentences.
type fakePins struct {
	mu   sync.Mutex
	pins []index.Pin
	by   []string
}

func (f *fakePins) Pins(ctx context.Context) ([]index.Pin, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]index.Pin(nil), f.pins...), nil
}

func (f *fakePins) Pin(ctx context.Context, member string, p index.Pin) (index.Pin, error) {
	if p.ArticleID == "bad" {
		return index.Pin{}, fmt.Errorf("%w: no sentence of bad starts at %d", index.ErrBadPin, p.Start)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	p.ID = fmt.Sprintf("p%d", len(f.pins)+1)
	if !p.NotCovered {
		p.Text = "text of " + p.ArticleID
	}
	f.pins = append(f.pins, p)
	f.by = append(f.by, member)
	return p, nil
}

// manyAnswerer gives 12 passages, the last of article "bad".
type manyAnswerer struct{}

func (manyAnswerer) Ask(ctx context.Context, q string, n int) (index.Answer, error) {
	a := index.Answer{Question: q, Kind: index.KindOther, Outcome: index.MayAnswer}
	for i := range min(n, 12) {
		id := fmt.Sprintf("art-%d", i+1)
		if i == 11 {
			id = "bad"
		}
		a.Passages = append(a.Passages, index.Passage{ArticleID: id, Start: 10 * i, End: 10*i + 9,
			Quote: fmt.Sprintf("Passage number %d says something.", i+1), Title: fmt.Sprintf("Article %d", i+1)})
	}
	return a, nil
}

// selectMenu is the select menu of a callback whose custom ID starts with
// prefix: its ID and its options' values.
func selectMenu(t *testing.T, cb callback, prefix string) (string, []string) {
	t.Helper()
	for _, raw := range cb.Data.Components {
		var row struct {
			Components []struct {
				Type     int    `json:"type"`
				CustomID string `json:"custom_id"`
				Options  []struct {
					Value string `json:"value"`
				} `json:"options"`
			} `json:"components"`
		}
		json.Unmarshal(raw, &row)
		for _, c := range row.Components {
			if c.Type == int(discordgo.SelectMenuComponent) && strings.HasPrefix(c.CustomID, prefix) {
				var vs []string
				for _, o := range c.Options {
					vs = append(vs, o.Value)
				}
				return c.CustomID, vs
			}
		}
	}
	t.Fatalf("no select %s… in %s", prefix, cb.raw)
	return "", nil
}

// The /gaps pin flow on the bot alone: after /gaps (which Discord delivers
// only to Manage Server), a moderator by role alone opens a group, pages
// through its passages, pins one; a member without the role is refused on
// every press; a stale choice, a span the
// store refuses and an expired list each say so in one line.
func TestGapPinFlow(t *testing.T) {
	h := newHarness(t)
	fb, pins := &fakeFeedback{}, &fakePins{}
	h.bot.cfg.Feedback, h.bot.cfg.Pins, h.bot.cfg.Answerer = fb, pins, manyAnswerer{}
	const q = "who guards the bases at night"
	fb.Gap(context.Background(), q, index.MayAnswer, time.Now())
	mod, member := h.user(), h.user()
	press := func(user string, roles []string, id string, values ...string) callback {
		t.Helper()
		in := fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: id, UserID: user, Roles: roles}
		if len(values) > 0 {
			in.ComponentType, in.Values = discordgo.SelectMenuComponent, values
		}
		_, cb := h.interact(t, in)
		return cb
	}
	modRoles := []string{modRole}

	_, cb := h.interact(t, fakediscord.Interaction{Name: "gaps", UserID: mod, Permissions: fakediscord.AdminPermissions})
	groups, vals := selectMenu(t, cb, "gf:")
	if len(vals) != 1 || !strings.Contains(cb.Data.Embeds[0].Description, q) || strings.Contains(cb.Data.Embeds[0].Description, "pinned") {
		t.Fatalf("/gaps: %s", cb.raw)
	}
	if cb := press(member, nil, groups, "0"); !strings.Contains(cb.Data.Content, "for moderators") {
		t.Fatalf("a member's press on the groups: %s", cb.raw)
	}

	cb = press(mod, modRoles, groups, "0")
	passages, vals := selectMenu(t, cb, "gs:")
	d := cb.Data.Embeds[0].Description
	if strings.Join(vals, ",") != "0,1,2,3,4" || !strings.Contains(d, "Passages 1–5 of 12") || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
		t.Fatalf("the group's first page: %v %s", vals, cb.raw)
	}
	more := buttons(t, cb.Data.Components)["More passages"]
	if cb := press(member, nil, more); !strings.Contains(cb.Data.Content, "for moderators") {
		t.Fatalf("a member's More passages: %s", cb.raw)
	}
	page2 := press(mod, modRoles, more)
	if _, vals := selectMenu(t, page2, "gs:"); strings.Join(vals, ",") != "5,6,7,8,9" {
		t.Errorf("page 2 offers %v", vals)
	}
	page3 := press(mod, modRoles, buttons(t, page2.Data.Components)["More passages"])
	if _, vals := selectMenu(t, page3, "gs:"); strings.Join(vals, ",") != "10,11" || !strings.Contains(string(page3.raw), `"disabled":true`) {
		t.Errorf("the last page offers %v, More passages not disabled: %s", vals, page3.raw)
	}
	if cb := press(mod, modRoles, strings.TrimSuffix(more, ":1")+":3"); !strings.Contains(cb.Data.Content, "no more passages") {
		t.Errorf("More passages past the end: %s", cb.raw)
	}

	if cb := press(member, nil, passages, "7"); !strings.Contains(cb.Data.Content, "for moderators") {
		t.Fatalf("a member's pin: %s", cb.raw)
	}
	if cb := press(mod, modRoles, passages, "99"); !strings.Contains(cb.Data.Content, "no longer on offer") {
		t.Errorf("a stale choice: %s", cb.raw)
	}
	if cb := press(mod, modRoles, passages, "11"); !strings.Contains(cb.Data.Content, "cannot be pinned: no sentence of bad starts at 110") {
		t.Errorf("a span the store refuses: %s", cb.raw)
	}
	if len(pins.pins) != 0 {
		t.Fatalf("pinned before a moderator chose a good passage: %+v", pins.pins)
	}
	cb = press(mod, modRoles, passages, "7")
	if len(pins.pins) != 1 || pins.pins[0].Question != q || pins.pins[0].ArticleID != "art-8" || pins.pins[0].Start != 70 || pins.by[0] != mod {
		t.Fatalf("pins: %+v by %v", pins.pins, pins.by)
	}
	if !strings.Contains(cb.Data.Embeds[0].Title, "Pinned") || !strings.Contains(cb.Data.Embeds[0].Description, "text of art-8") {
		t.Errorf("the pin's reply: %s", cb.raw)
	}
	if n := metricValue(t, h.reg, "talksbot_pins_total", "how", "passage"); n != 1 {
		t.Errorf("talksbot_pins_total{how=passage} = %v, want 1", n)
	}
	_, cb = h.interact(t, fakediscord.Interaction{Name: "gaps", UserID: mod, Permissions: fakediscord.AdminPermissions})
	if !strings.Contains(cb.Data.Embeds[0].Description, "📌 pinned") {
		t.Errorf("/gaps after the pin: %s", cb.raw)
	}

	h.clock.Advance(fixTTL + time.Minute)
	if cb := press(mod, modRoles, passages, "7"); !strings.Contains(cb.Data.Content, "expired") {
		t.Errorf("a press after %s: %s", fixTTL, cb.raw)
	}
}
