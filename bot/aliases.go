package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// Aliases keeps the alias lexicon for moderators: names that mean the same
// thing ("kh" = "kataib hezbollah"), applied when the index is built. The
// reviewed sets are built into talksbot; moderators add their own, which
// live in the data directory. Adding or removing re-indexes (progress may
// be nil). by is who asked, for the log.
type Aliases interface {
	Aliases(ctx context.Context) (AliasLexicon, error)
	AddAliases(ctx context.Context, sets index.AliasSet, by string, progress func(done, total int)) (AliasChange, error)
	RemoveAlias(ctx context.Context, phrase, by string, progress func(done, total int)) (AliasChange, error)
}

// AliasLexicon is the lexicon: the reviewed sets embedded in talksbot
// (index.DefaultAliases), then the moderators' (DATA/aliases.txt).
type AliasLexicon struct {
	Embedded  index.AliasSet `json:"embedded"`
	Moderator index.AliasSet `json:"moderator"`
}

// AliasChange says what adding or removing aliases did: the moderators'
// sets added (each merged with those it shares a phrase with) or removed,
// and the re-index that applied it.
type AliasChange struct {
	Sets    index.AliasSet `json:"sets"`
	Reindex ReindexReport  `json:"reindex"`
}

// Why a change of the aliases is refused.
var (
	ErrAliasEmbedded = errors.New("only moderators' sets can be removed")
	ErrNoAlias       = errors.New("no alias set has this phrase")
	ErrAliasKnown    = errors.New("these names are already one set")
)

// ParseAliasInput reads sets as a moderator types them: the lexicon's
// format (index.ParseAliases: phrases separated by "=" or "|"), with ";"
// also ending a set, as a Discord option has no line breaks. Every
// phrase must be words as questions are read: letters, digits, ' - and .
func ParseAliasInput(s string) (index.AliasSet, error) {
	lines := strings.ReplaceAll(s, ";", "\n")
	sets, err := index.ParseAliases(lines)
	if err != nil {
		// "aliases line N" is of a file: typed, a set N, or the only one.
		msg := strings.Replace(err.Error(), "aliases line ", "set ", 1)
		if !strings.Contains(strings.TrimSpace(lines), "\n") {
			msg = strings.TrimPrefix(msg, "set 1: ")
		}
		return nil, errors.New(msg)
	}
	if len(sets) == 0 {
		return nil, errors.New("no aliases given: write two names or more of one thing, separated by = or |")
	}
	for _, set := range sets {
		for _, p := range set {
			if strings.ContainsFunc(p, func(r rune) bool {
				return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '\'' || r == '-' || r == '.' || r == ' ' || r > 127)
			}) {
				return nil, fmt.Errorf("%q is not words as questions are read: use letters, digits, spaces, ' - and . only", p)
			}
		}
	}
	return sets, nil
}

// FormatAliasSet writes one set as the lexicon file does: "a = b | c".
func FormatAliasSet(set []string) string {
	return strings.TrimSuffix(index.AliasSet{set}.String(), "\n")
}

// aliasesCommand is /aliases' entry in the command table.
func aliasesCommand(moderator func(name, desc string, opts ...*discordgo.ApplicationCommandOption) *discordgo.ApplicationCommand) *discordgo.ApplicationCommand {
	return moderator("aliases", "Names that mean the same thing in questions, e.g. KH = Kataib Hezbollah (moderators)",
		&discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "list", Description: "The alias sets: the reviewed ones built in, then the moderators'",
		},
		&discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "add", Description: "Add names for one thing; the index is rebuilt to apply them",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "sets", Required: true, MaxLength: 1000,
				Description: "Names separated by = or |, e.g. erbil = arbil | hawler (; between sets)",
			}},
		},
		&discordgo.ApplicationCommandOption{
			Type: discordgo.ApplicationCommandOptionSubCommand, Name: "remove", Description: "Remove the moderators' set that has a phrase; the index is rebuilt",
			Options: []*discordgo.ApplicationCommandOption{{
				Type: discordgo.ApplicationCommandOptionString, Name: "phrase", Required: true, MaxLength: 200,
				Description: "A phrase of the set to remove (see /aliases list)",
			}},
		})
}

func (b *Bot) cmdAliases(ctx context.Context, r *request) error {
	if b.cfg.Aliases == nil {
		return userErrorf("Aliases are not available on this server.")
	}
	sub, opts := r.subcommand()
	str := func(k string) string { s, _ := opts[k].(string); return strings.TrimSpace(s) }
	switch sub {
	case "list":
		lex, err := b.cfg.Aliases.Aliases(ctx)
		if err != nil {
			return fmt.Errorf("list aliases: %w", err)
		}
		ps := aliasPages(lex)
		m := message{Embeds: ps.pages[:1], Ephemeral: true}
		if len(ps.pages) > 1 {
			m.Components = pager(b.pages.put(ps), 0, ps)
		}
		return r.reply(ctx, m)
	case "add":
		sets, err := ParseAliasInput(str("sets"))
		if err != nil {
			return userErrorf("%s.", escape(capitalize(err.Error())))
		}
		add := func(progress func(done, total int)) (AliasChange, error) {
			return b.cfg.Aliases.AddAliases(ctx, sets, r.by(), progress)
		}
		return b.changeAliases(ctx, r, "aliases add", "Aliases added",
			"Questions using one of these names now find passages using the others.", add, "sets", strings.TrimSpace(sets.String()))
	case "remove":
		phrase := str("phrase")
		remove := func(progress func(done, total int)) (AliasChange, error) {
			return b.cfg.Aliases.RemoveAlias(ctx, phrase, r.by(), progress)
		}
		return b.changeAliases(ctx, r, "aliases remove", "Aliases removed",
			"These names no longer stand for one another, unless a set built in says so.", remove, "phrase", phrase)
	}
	return userErrorf("Use `/aliases list`, `/aliases add` or `/aliases remove`.")
}

// changeAliases runs an add or a remove: a deferred reply (the index is
// rebuilt), its progress, then what changed and what it means (after).
func (b *Bot) changeAliases(ctx context.Context, r *request, action, title, after string, change func(progress func(done, total int)) (AliasChange, error), args ...any) error {
	if err := r.deferReply(ctx, true); err != nil {
		return err
	}
	b.moderatorLog(r, action, args...)
	p := b.progress(ctx, r)
	p.say("Saving the aliases; rebuilding the index to apply them (questions are still answered meanwhile)…")
	ch, err := change(func(done, total int) {
		p.say(fmt.Sprintf("Rebuilding the index with the aliases: %d of %d articles…", done, total))
	})
	p.stop()
	if err != nil {
		b.moderatorLog(r, action+" failed", append(args, "err", err)...)
		return userErrorf("%s", escape(capitalize(err.Error())))
	}
	b.moderatorLog(r, action+" done", "sets", strings.TrimSpace(ch.Sets.String()), "articles", ch.Reindex.Articles, "took", ch.Reindex.Took)
	var lines []string
	for _, set := range ch.Sets {
		lines = append(lines, "• "+escape(truncate(FormatAliasSet(set), 500)))
	}
	e := &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorInfo, Title: title,
		Description: fmt.Sprintf("%s\nIndex rebuilt: %s, %s, in %s. %s", strings.Join(lines, "\n"),
			plural(ch.Reindex.Articles, "article"), plural(ch.Reindex.Passages, "passage"), ch.Reindex.Took.Round(time.Millisecond), after)}
	return r.edit(ctx, message{Embeds: []*discordgo.MessageEmbed{e}})
}

// aliasPageRunes is how much of a page's description the sets fill, well
// within Discord's 4096.
const aliasPageRunes = 3000

// aliasPages lists the lexicon as pages: the sets built in, then the
// moderators', each headed.
func aliasPages(lex AliasLexicon) *pageSet {
	type line struct{ head, text string }
	var lines []line
	head := fmt.Sprintf("**Built in** (reviewed, %s)", plural(len(lex.Embedded), "set"))
	for _, set := range lex.Embedded {
		lines = append(lines, line{head, "• " + escape(truncate(FormatAliasSet(set), 1000))})
	}
	mhead := fmt.Sprintf("**Added by moderators** (%s)", plural(len(lex.Moderator), "set"))
	if len(lex.Moderator) == 0 {
		lines = append(lines, line{mhead, "None yet: add some with `/aliases add sets:`."})
	}
	for _, set := range lex.Moderator {
		lines = append(lines, line{mhead, "• " + escape(truncate(FormatAliasSet(set), 1000))})
	}
	var descs []string
	var b strings.Builder
	shown := ""
	for _, l := range lines {
		if b.Len() > 0 && runes(b.String())+runes(l.text)+runes(l.head)+4 > aliasPageRunes {
			descs = append(descs, b.String())
			b.Reset()
			shown = ""
		}
		if l.head != shown {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(l.head + "\n")
			shown = l.head
		}
		b.WriteString(l.text + "\n")
	}
	descs = append(descs, b.String())
	ps := &pageSet{next: "Next page"}
	for i, d := range descs {
		ps.pages = append(ps.pages, &discordgo.MessageEmbed{Type: discordgo.EmbedTypeRich, Color: colorInfo,
			Title:       fmt.Sprintf("Aliases: names that mean the same (page %d of %d)", i+1, len(descs)),
			Description: d,
			Footer:      &discordgo.MessageEmbedFooter{Text: "A question using one name of a set finds passages using any. Moderators: /aliases add, /aliases remove."}})
	}
	return ps
}
