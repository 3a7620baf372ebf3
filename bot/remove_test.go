package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot/fakediscord"
	"github.com/talksbot/talksbot/corpus"
)

// fakeShelf is a Library and a Remover over fakeLibrary's articles and
// the source article.
type fakeShelf struct {
	mu      sync.Mutex
	removed map[string]string // id → by
}

func (f *fakeShelf) Sources(ctx context.Context) ([]Source, error) {
	list, _ := fakeLibrary{n: 5}.Sources(ctx)
	list = append(list, Source{ID: corpus.SourceArticleID, Title: "The source article on the talks"})
	f.mu.Lock()
	defer f.mu.Unlock()
	return slices.DeleteFunc(list, func(s Source) bool { _, ok := f.removed[s.ID]; return ok }), nil
}

func (f *fakeShelf) Remove(ctx context.Context, id, by string) (RemoveReport, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if _, ok := f.removed[id]; ok {
		return RemoveReport{}, fmt.Errorf("remove %s: no such article", id)
	}
	f.removed[id] = by
	return RemoveReport{ID: id, Title: "Talks", Passages: 12}, nil
}

func TestRemoveCommand(t *testing.T) {
	h := newHarness(t)
	shelf := &fakeShelf{removed: map[string]string{}}
	h.bot.cfg.Library, h.bot.cfg.Remover = shelf, shelf
	article := func(v string) []*discordgo.ApplicationCommandInteractionDataOption {
		return []*discordgo.ApplicationCommandInteractionDataOption{opt("article", str(v))}
	}

	t.Run("autocomplete by title, never the source article", func(t *testing.T) {
		o := opt("article", str("part 3"))
		o.Focused = true
		_, cb := h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionApplicationCommandAutocomplete, Name: "remove", Focused: "article",
			Permissions: fakediscord.AdminPermissions, Options: []*discordgo.ApplicationCommandInteractionDataOption{o}})
		if len(cb.Data.Choices) == 0 || cb.Data.Choices[0].Value != "article-02" {
			t.Errorf("choices for \"part 3\" = %+v; want article-02 first", cb.Data.Choices)
		}
		o = opt("article", str("source article"))
		o.Focused = true
		_, cb = h.interact(t, fakediscord.Interaction{Type: discordgo.InteractionApplicationCommandAutocomplete, Name: "remove", Focused: "article",
			Permissions: fakediscord.AdminPermissions, Options: []*discordgo.ApplicationCommandInteractionDataOption{o}})
		for _, c := range cb.Data.Choices {
			if c.Value == corpus.SourceArticleID {
				t.Errorf("autocomplete offers the source article: %+v", cb.Data.Choices)
			}
		}
	})

	t.Run("refused for members", func(t *testing.T) {
		_, cb := h.interact(t, fakediscord.Interaction{Name: "remove", GuildID: fakediscord.OtherGuildID, Options: article("article-01")})
		if cb.Data.Flags != discordgo.MessageFlagsEphemeral || !strings.Contains(cb.Data.Content, "for moderators") {
			t.Errorf("non-moderator: %s", cb.raw)
		}
		if len(shelf.removed) != 0 {
			t.Errorf("a member's /remove removed %v", shelf.removed)
		}
	})

	t.Run("run for moderators", func(t *testing.T) {
		token, cb := h.interact(t, fakediscord.Interaction{Name: "remove", GuildID: fakediscord.OtherGuildID, Roles: []string{modRole}, Options: article("article-01")})
		if cb.Type != discordgo.InteractionResponseDeferredChannelMessageWithSource || cb.Data.Flags != discordgo.MessageFlagsEphemeral {
			t.Fatalf("moderator: %s", cb.raw)
		}
		if _, err := h.fd.WaitCall(ctxT(t), func(c fakediscord.Call) bool {
			return strings.Contains(c.Route, token) && strings.Contains(string(c.Body), "Removed from the library")
		}); err != nil {
			t.Fatal(err)
		}
		shelf.mu.Lock()
		by := shelf.removed["article-01"]
		shelf.mu.Unlock()
		if !strings.HasPrefix(by, "discord:") {
			t.Errorf("removed by %q; want the Discord user", by)
		}
		if l := h.logs.String(); !strings.Contains(l, "action=remove") || !strings.Contains(l, "article=article-01") {
			t.Errorf("the removal is not logged:\n%s", l)
		}
		// Gone from the list: a second /remove is refused before the Remover.
		_, cb = h.interact(t, fakediscord.Interaction{Name: "remove", Permissions: fakediscord.AdminPermissions, Options: article("article-01")})
		if !strings.Contains(cb.Data.Content, "I hold no article") {
			t.Errorf("second /remove: %s", cb.raw)
		}
		_, cb = h.interact(t, fakediscord.Interaction{Name: "remove", Permissions: fakediscord.AdminPermissions, Options: article(corpus.SourceArticleID)})
		if !strings.Contains(cb.Data.Content, "source article cannot be removed") {
			t.Errorf("/remove of the source article: %s", cb.raw)
		}
	})
}
