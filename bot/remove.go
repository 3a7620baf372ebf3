package bot

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/corpus"
)

// Remover removes an article for moderators: from the store and the index,
// durably (both or neither). by is who asked, for the log.
type Remover interface {
	Remove(ctx context.Context, id, by string) (RemoveReport, error)
}

// RemoveReport says what a removal removed.
type RemoveReport struct {
	ID       string
	Title    string
	Passages int
}

// removeCommand is /remove's entry in the command table.
func removeCommand(moderator func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	return moderator("remove", "Remove an article from the library (moderators)",
		&discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionString, Name: "article", Required: true, Autocomplete: true,
			Description: "The article to remove (start typing its title)", MaxLength: 100,
		})
}

func (b *Bot) cmdRemove(ctx context.Context, r *request) error {
	if b.cfg.Remover == nil {
		return userErrorf("Remove is not available on this server yet.")
	}
	id := strings.TrimSpace(r.str("article"))
	if id == corpus.SourceArticleID {
		return userErrorf("The source article cannot be removed: it is the article I am about.")
	}
	list, err := b.cfg.Library.Sources(ctx)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	i := slices.IndexFunc(list, func(s Source) bool { return s.ID == id })
	if i < 0 {
		return userErrorf("I hold no article %q. Pick one from the list as you type, or see /sources.", truncate(id, 100))
	}
	if err := r.deferReply(ctx, true); err != nil {
		return err
	}
	b.moderatorLog(r, "remove", "article", id, "title", list[i].Title)
	rep, err := b.cfg.Remover.Remove(ctx, id, "discord:"+userName(r.user())+" ("+r.userID()+")")
	if err != nil {
		b.moderatorLog(r, "remove failed", "article", id, "err", err)
		return userErrorf("Could not remove %s: %s", codeText(truncate(id, 100)), escape(err.Error()))
	}
	b.moderatorLog(r, "remove done", "article", rep.ID, "title", rep.Title, "passages", rep.Passages)
	e := &discordgo.MessageEmbed{
		Type: discordgo.EmbedTypeRich, Title: "Removed from the library", Color: colorInfo,
		Description: fmt.Sprintf("%s\n%s · %s · `%s`\nAnswers and views no longer quote it.",
			link(truncate(list[i].Title, 200), list[i].URL), escape(outletLabel(list[i].Outlet)),
			plural(rep.Passages, "passage"), codeText(truncate(rep.ID, 200))),
	}
	return r.edit(ctx, message{Embeds: []*discordgo.MessageEmbed{e}})
}

// completeRemove suggests the articles that can be removed, by title: all
// but the source article.
func (b *Bot) completeRemove(ctx context.Context, r *request) error {
	f := r.focused()
	if f == nil || f.Name != "article" {
		return r.choices(ctx, nil)
	}
	typed, _ := f.Value.(string)
	list, err := b.cfg.Library.Sources(ctx)
	if err != nil {
		return fmt.Errorf("list sources: %w", err)
	}
	list = slices.DeleteFunc(slices.Clone(list), func(s Source) bool { return s.ID == corpus.SourceArticleID })
	return r.choices(ctx, articleChoices(list, typed))
}
