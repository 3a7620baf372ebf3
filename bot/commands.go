package bot

import (
	"context"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// handler runs one command: run for the command itself, complete for its
// autocomplete.
type handler struct {
	run       func(ctx context.Context, r *request) error
	complete  func(ctx context.Context, r *request) error
	moderator bool // Manage Server or a moderator role; never in DMs
	cooldown  bool // counts toward the per-user question limit (questions only: views and buttons do not)
}

var (
	manageServer int64 = discordgo.PermissionManageGuild
	everywhere         = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild, discordgo.InteractionContextBotDM}
	guildOnly          = &[]discordgo.InteractionContextType{discordgo.InteractionContextGuild}
	guildInstall       = &[]discordgo.ApplicationIntegrationType{discordgo.ApplicationIntegrationGuildInstall}
	noDM               = false
	minQuestion        = 1
	dateLength         = len("2024-01-25")
)

// Commands is the slash-command table, registered with one bulk overwrite.
func Commands() []*discordgo.ApplicationCommand {
	public := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{
			Name: name, Description: desc, Type: discordgo.ChatApplicationCommand,
			Contexts: everywhere, IntegrationTypes: guildInstall, Options: opts,
		}
	}
	moderator := func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand {
		return &discordgo.ApplicationCommand{
			Name: name, Description: desc, Type: discordgo.ChatApplicationCommand,
			//lint:ignore SA1019 Contexts says the same; dm_permission is kept for clients that do not read contexts yet
			DefaultMemberPermissions: &manageServer, DMPermission: &noDM,
			Contexts: guildOnly, IntegrationTypes: guildInstall, Options: opts,
		}
	}
	return append([]*discordgo.ApplicationCommand{
		public("ask", "Ask about the U.S.–Iraq talks; the answer quotes its sources",
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "question", Required: true,
				Description: "Your question, e.g. How many U.S. troops are in Iraq?",
				MinLength:   &minQuestion, MaxLength: index.MaxQuestionRunes,
			}),
		public("summary", "A summary of the talks, or of one article",
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "article", Autocomplete: true,
				Description: "One article (start typing its title)", MaxLength: 100,
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "topic", Autocomplete: true,
				Description: "Only what concerns this topic (e.g. troops, bases, timetable)", MaxLength: 100,
			}),
		public("troops", "How many U.S. and coalition troops are in Iraq, as each source says"),
		public("parties", "Who takes part in the talks, and what each side says"),
		public("conditions", "The conditions set for ending the coalition mission"),
		public("timeline", "The talks, date by date"),
		public("sources", "The articles I hold"),
		public("help", "What I can do, and which sources I hold"),
		moderator("ingest", "Add an article to the library (moderators)",
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "url",
				Description: "Address of the article", MaxLength: 2000,
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionAttachment, Name: "file",
				Description: "The article as a file (HTML, text or Markdown)",
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionBoolean, Name: "force",
				Description: "Add it even if it is not prose, nearly repeats or replaces an article already held",
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "title",
				Description: "The article's title, if the page or file lacks it or has it wrong", MaxLength: 300,
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "outlet",
				Description: "The outlet that published it", MaxLength: 100,
			},
			&discordgo.ApplicationCommandOption{
				Type: discordgo.ApplicationCommandOptionString, Name: "published",
				Description: "Its publication date, YYYY-MM-DD", MinLength: &dateLength, MaxLength: dateLength,
			}),
		removeCommand(moderator),
		moderator("reindex", "Rebuild the index from the library (moderators)"),
		moderator("gaps", "What members ask that the coverage does not answer, most often first (moderators)"),
	}, append(feedsCommands(moderator), aliasesCommand(moderator), checkCommand())...)
}

// handlerTable routes commands by name.
func (b *Bot) handlerTable() map[string]handler {
	return map[string]handler{
		"ask":        {run: b.cmdAsk, cooldown: true},
		"summary":    {run: b.cmdSummary, complete: b.completeSummary},
		"troops":     {run: b.viewCommand("troops")},
		"parties":    {run: b.viewCommand("parties")},
		"conditions": {run: b.viewCommand("conditions")},
		"timeline":   {run: b.viewCommand("timeline")},
		"sources":    {run: b.cmdSources},
		"help":       {run: b.cmdHelp},
		"ingest":     {run: b.cmdIngest, moderator: true},
		"remove":     {run: b.cmdRemove, complete: b.completeRemove, moderator: true},
		"reindex":    {run: b.cmdReindex, moderator: true},
		"gaps":       {run: b.cmdGaps, moderator: true},
		"feeds":      {run: b.cmdFeeds, moderator: true},
		"queue":      {run: b.cmdQueue, moderator: true},
		"aliases":    {run: b.cmdAliases, moderator: true},
		CheckCommand: {run: b.cmdCheck, cooldown: true},
	}
}
