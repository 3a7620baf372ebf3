package bot

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/index"
)

// "Check this message": a message context-menu command (Apps → Check this
// message). The bot reads the message's text, checks each claim in it
// against the coverage (index.Check) and answers the member alone, with a
// Share button that posts the same answer in the channel. Custom ID:
//
//	sh:ID  share the check result ID (kept pageTTL)

// CheckCommand is the message command's name, as Discord shows it.
const CheckCommand = "Check this message"

// Checker says what the coverage says of each claim of a text.
type Checker interface {
	Check(ctx context.Context, text string) (index.CheckResult, error)
}

func checkCommand() *discordgo.ApplicationCommand {
	return &discordgo.ApplicationCommand{
		Name: CheckCommand, Type: discordgo.MessageApplicationCommand,
		Contexts: everywhere, IntegrationTypes: guildInstall,
	}
}

func (b *Bot) cmdCheck(ctx context.Context, r *request) error {
	if b.cfg.Checker == nil {
		return userErrorf("Checking messages is not available on this bot.")
	}
	data := r.ix.ApplicationCommandData()
	var target *discordgo.Message
	if data.Resolved != nil {
		target = data.Resolved.Messages[data.TargetID]
	}
	if target == nil {
		return userErrorf("Discord did not send me the message to check. Try again from the message's Apps menu.")
	}
	text := strings.TrimSpace(target.Content)
	if text == "" {
		return userErrorf("That message has no text I can check (I read a message's text, not its embeds or attachments).")
	}
	if err := r.deferReply(ctx, true); err != nil {
		return err
	}
	res, err := b.cfg.Checker.Check(ctx, text)
	switch {
	case errors.Is(err, index.ErrNothingToCheck):
		return userErrorf("I found nothing to check in that message: no figure, date or claim about the U.S.–Iraq talks.")
	case errors.Is(err, index.ErrCheckTooLong):
		return userErrorf("That message is too long for me to check (at most %d characters).", index.MaxCheckRunes)
	case err != nil:
		return err
	}
	embed := renderCheck(res, messageLink(r.ix.GuildID, target))
	key := b.pages.put(&pageSet{pages: []*discordgo.MessageEmbed{embed}})
	return r.reply(ctx, message{
		Embeds: []*discordgo.MessageEmbed{embed}, Ephemeral: true,
		Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
			discordgo.Button{Label: "Share", Style: discordgo.SecondaryButton, CustomID: "sh:" + key},
		}}},
	})
}

// onShare posts a check result the member saw alone in the channel.
func (b *Bot) onShare(ctx context.Context, r *request, key string) error {
	ps, ok := b.pages.get(key)
	if !ok || len(ps.pages) == 0 {
		return userErrorf("This check has expired (I keep it for %d minutes). Use Check this message again to share it.", int(pageTTL.Minutes()))
	}
	return r.reply(ctx, message{
		Content: "<@" + r.userID() + "> shared what the coverage says:",
		Embeds:  ps.pages,
	})
}

// messageLink is the link to a message ("" in a DM).
func messageLink(guild string, m *discordgo.Message) string {
	if guild == "" || m.ChannelID == "" || m.ID == "" {
		return ""
	}
	return "https://discord.com/channels/" + guild + "/" + m.ChannelID + "/" + m.ID
}

// verdictMark is a verdict as the embed shows it.
func verdictMark(v index.Verdict) string {
	switch v {
	case index.ClaimAgrees:
		return "✅ Agrees"
	case index.ClaimDiffers:
		return "❌ Differs"
	case index.ClaimStale:
		return "🕰️ Differs from the latest"
	}
	return "❔ The coverage does not say"
}

// renderCheck is a check result as one embed: a field per claim, its
// verdict, why, and the passages quoted whole (or cut at a clause with an
// ellipsis) with outlet, date and link.
func renderCheck(res index.CheckResult, msgLink string) *discordgo.MessageEmbed {
	e := &discordgo.MessageEmbed{Title: "What the coverage says", Color: 0x5865F2}
	desc := fmt.Sprintf("%s checked.", plural(len(res.Claims), "claim"))
	if msgLink != "" {
		desc = fmt.Sprintf("%s checked in [this message](%s).", plural(len(res.Claims), "claim"), msgLink)
	}
	if res.Skipped > 0 {
		desc += fmt.Sprintf(" %s had nothing to check.", plural(res.Skipped, "sentence"))
	}
	e.Description = desc
	for _, c := range res.Claims {
		name := verdictMark(c.Verdict) + ": “" + oneLine(c.Text) + "”"
		var b strings.Builder
		b.WriteString(escape(oneLine(c.Note)))
		for _, f := range c.Found {
			if len(e.Fields) > 0 && runes(b.String()) > maxFieldValue/2 {
				break
			}
			src := "— " + link(corpus.OutletName(f.Quote.ArticleID, f.Quote.Outlet)+", "+dateLabel(f.Quote.Published, f.Quote.DateNote), f.Quote.URL)
			budget := maxFieldValue - runes(b.String()) - runes(src) - 8
			if budget < 60 {
				break
			}
			b.WriteString("\n> “" + escape(oneLine(clauseCut(f.Quote.Text, budget))) + "” " + src)
		}
		e.Fields = append(e.Fields, &discordgo.MessageEmbedField{Name: truncate(escape(name), maxFieldName), Value: b.String()})
	}
	e.Footer = &discordgo.MessageEmbedFooter{Text: "Quotes are exact; a cut is marked …. Checked against the coverage I hold, not the world."}
	return e
}

// clauseCut is s whole if it fits in max runes (escaping may double a
// few), else cut after the last clause (a comma, semicolon or dash) that
// fits, marked with an ellipsis; failing that, at a word.
func clauseCut(s string, max int) string {
	max = max * 3 / 4 // room for escaping
	if runes(s) <= max {
		return s
	}
	head := string([]rune(s)[:max-2])
	for _, sep := range []string{"; ", ", ", " — ", " – "} {
		if i := strings.LastIndex(head, sep); i > len(head)/3 {
			return head[:i] + " …"
		}
	}
	if i := strings.LastIndex(head, " "); i > 0 {
		return head[:i] + " …"
	}
	return head + " …"
}
