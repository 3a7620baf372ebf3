package bot

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/index"
)

// fakeAliases is an Aliases with the embedded lexicon and the moderators'
// sets in memory; it refuses to remove an embedded phrase.
type fakeAliases struct {
	mu  sync.Mutex
	mod index.AliasSet
	by  []string
}

func (f *fakeAliases) Aliases(ctx context.Context) (AliasLexicon, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return AliasLexicon{Embedded: index.DefaultAliases(), Moderator: append(index.AliasSet(nil), f.mod...)}, nil
}

func (f *fakeAliases) AddAliases(ctx context.Context, sets index.AliasSet, by string, progress func(done, total int)) (AliasChange, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	for i := 0; i <= 3; i++ {
		progress(i*10, 30)
	}
	f.mod, f.by = append(f.mod, sets...), append(f.by, by)
	return AliasChange{Sets: sets, Reindex: ReindexReport{Articles: 30, Passages: 900, Took: time.Second}}, nil
}

func (f *fakeAliases) RemoveAlias(ctx context.Context, phrase, by string, progress func(done, total int)) (AliasChange, error) {
	return AliasChange{}, fmt.Errorf("%q is in “kataib hezbollah”, a set built into talksbot: %w", phrase, ErrAliasEmbedded)
}

// TestAliasesCommand: /aliases through the fake Discord, for moderators
// only (checked by the bot); list pages the lexicon, add rebuilds.
func TestAliasesCommand(t *testing.T) {
	h := newHarness(t)
	fa := &fakeAliases{}
	h.bot.cfg.Aliases = fa
	add := subcommand("add", opt("sets", str("zzq = Kataib Hezbollah | KH brigades")))

	t.Run("refused for members", func(t *testing.T) {
		for _, in := range []fakediscord.Interaction{
			{Name: "aliases", GuildID: fakediscord.OtherGuildID, Options: subcommand("list")},
			{Name: "aliases", GuildID: fakediscord.OtherGuildID, Options: add},
		} {
			_, cb := h.interact(t, in)
			if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "/aliases is for moderators") {
				t.Errorf("member's /aliases: %s", cb.raw)
			}
		}
		if len(fa.mod) != 0 {
			t.Errorf("a member added aliases: %q", fa.mod)
		}
	})

	t.Run("list, paged", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "aliases", GuildID: fakediscord.OtherGuildID, Roles: []string{modRole}, Options: subcommand("list")})
		raw := string(cb.raw)
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || len(cb.Data.Embeds) != 1 || !strings.Contains(cb.Data.Embeds[0].Description, "**Built in**") ||
			!strings.Contains(cb.Data.Embeds[0].Description, "kataib hezbollah = kata") || !strings.Contains(raw, `"p:`) {
			t.Fatalf("/aliases list: %s", raw)
		}
		if d := cb.Data.Embeds[0].Description; runes(d) > maxDescription {
			t.Errorf("page 1 has %d runes", runes(d))
		}
	})

	t.Run("add, then listed", func(t *testing.T) {
		token, cb := h.interact(t, fakediscord.Interaction{Name: "aliases", Permissions: fakediscord.AdminPermissions, Options: add})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Fatalf("/aliases add: %s", cb.raw)
		}
		body := h.waitEdit(t, token, "Aliases added")
		if !strings.Contains(body, `zzq = kataib hezbollah \\| kh brigades`) || !strings.Contains(body, "30 articles") {
			t.Errorf("/aliases add's reply: %s", body)
		}
		if !strings.Contains(body, `"allowed_mentions":{"parse":[]`) {
			t.Errorf("/aliases add's reply may ping: %s", body)
		}
		if len(fa.mod) != 1 || fa.mod[0][0] != "zzq" || !strings.HasPrefix(fa.by[0], "discord:") {
			t.Errorf("added %q by %q", fa.mod, fa.by)
		}
		if l := h.logs.String(); !strings.Contains(l, `action="aliases add"`) || !strings.Contains(l, "zzq = kataib hezbollah") {
			t.Errorf("the addition is not logged:\n%s", l)
		}
		// The moderators' set is on the last page: its button turns to it.
		_, cb = h.interact(t, fakediscord.Interaction{Name: "aliases", Permissions: fakediscord.AdminPermissions, Options: subcommand("list")})
		m := regexp.MustCompile(`"custom_id":"p:([^:"]+):1"`).FindStringSubmatch(string(cb.raw))
		if m == nil {
			t.Fatalf("/aliases list has no Next page button: %s", cb.raw)
		}
		last := len(aliasPages(AliasLexicon{Embedded: index.DefaultAliases(), Moderator: fa.mod}).pages) - 1
		_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionMessageComponent, CustomID: fmt.Sprintf("p:%s:%d", m[1], last), Permissions: fakediscord.AdminPermissions})
		if len(cb.Data.Embeds) != 1 || cb.Data.Flags != discordgo.MessageFlagsEphemeral ||
			!strings.Contains(cb.Data.Embeds[0].Description, "**Added by moderators** (1 set)") || !strings.Contains(cb.Data.Embeds[0].Description, "zzq = kataib hezbollah") {
			t.Errorf("last page of /aliases list: %s", cb.raw)
		}
	})

	t.Run("bad input and refusals", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "aliases", Permissions: fakediscord.AdminPermissions, Options: subcommand("add", opt("sets", str("kh")))})
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "names one thing only") || len(fa.mod) != 1 {
			t.Errorf("/aliases add sets:kh: %s", cb.raw)
		}
		token, _ := h.interact(t, fakediscord.Interaction{Name: "aliases", Permissions: fakediscord.AdminPermissions, Options: subcommand("remove", opt("phrase", str("kh")))})
		h.waitEdit(t, token, "only moderators' sets can be removed")
	})
}

func TestParseAliasInput(t *testing.T) {
	for _, c := range []struct {
		in, want, err string
	}{
		{in: "KH = Kataib  Hezbollah | hezbollah brigades", want: "kh = kataib hezbollah | hezbollah brigades\n"},
		{in: "pm = prime minister; hmc = higher military commission", want: "pm = prime minister\nhmc = higher military commission\n"},
		{in: "kh", err: `"kh" names one thing only`},
		{in: " ; ", err: "no aliases given"},
		{in: "a = b; c", err: `set 2: "c" names one thing only`},
		{in: "<@123> = kh", err: "is not words"},
	} {
		got, err := ParseAliasInput(c.in)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) || strings.Contains(err.Error(), "aliases line") {
				t.Errorf("ParseAliasInput(%q) = %q, %v; want an error saying %q", c.in, got, err, c.err)
			}
			continue
		}
		if err != nil || got.String() != c.want {
			t.Errorf("ParseAliasInput(%q) = %q, %v; want %q", c.in, got, err, c.want)
		}
	}
}

func TestAliasPagesFit(t *testing.T) {
	var mod index.AliasSet
	for i := range 200 {
		mod = append(mod, []string{fmt.Sprintf("name %d", i), strings.Repeat("long phrase ", 40)})
	}
	ps := aliasPages(AliasLexicon{Embedded: index.DefaultAliases(), Moderator: mod})
	if len(ps.pages) < 3 {
		t.Fatalf("%d pages for 230 sets", len(ps.pages))
	}
	for i, p := range ps.pages {
		if runes(p.Description) > maxDescription || runes(p.Title) > maxTitle {
			t.Errorf("page %d: title %d runes, description %d", i+1, runes(p.Title), runes(p.Description))
		}
	}
}
