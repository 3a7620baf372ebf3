package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// onMessage answers a message that mentions the bot like /ask, as a reply
// that pings nobody (not even its author).
func (b *Bot) onMessage(s *discordgo.Session, mc *discordgo.MessageCreate) {
	m := mc.Message
	if m == nil || m.Author == nil || m.Author.Bot || m.Author.System {
		return
	}
	me := b.botUser()
	if me == "" && s.State != nil && s.State.User != nil {
		me = s.State.User.ID
	}
	if me == "" || m.Author.ID == me {
		return
	}
	mentioned := false
	for _, u := range m.Mentions {
		if u != nil && u.ID == me {
			mentioned = true
		}
	}
	if !mentioned {
		return
	}
	if !b.begin() {
		return
	}
	defer b.end()
	ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
	defer cancel()
	start, outcome := time.Now(), OutcomeAnswered
	defer func() { b.cfg.Metrics.question("mention", outcome, time.Since(start)) }()
	send := func(msg message) {
		msg = msg.fitted()
		no := false
		_, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
			Content: msg.Content, Embeds: msg.Embeds, Components: msg.Components,
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: false},
			Reference:       &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &no},
		}, discordgo.WithContext(ctx))
		if err != nil {
			b.log.Warn("reply to a mention failed", "err", err, "channel", m.ChannelID)
		}
	}
	defer func() {
		if v := recover(); v != nil {
			outcome = OutcomeError
			b.log.Error("panic in mention handler", "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			send(message{Content: "⚠️ " + friendly(errors.New("panic"))})
		}
	}()
	q := strings.NewReplacer("<@"+me+">", " ", "<@!"+me+">", " ").Replace(m.Content)
	q = strings.TrimSpace(q)
	if q == "" {
		outcome = OutcomeRefused
		send(message{Content: "Ask me a question after the mention, e.g. “@talksbot How many U.S. troops are in Iraq?”, or use `/ask`. `/help` says more."})
		return
	}
	if err := b.checkCooldown(m.Author.ID); err != nil {
		outcome = OutcomeRefused
		send(message{Content: "⚠️ " + friendly(err)})
		return
	}
	msg, said, err := b.answer(ctx, q)
	if err != nil {
		outcome = OutcomeError
		var ue userError
		if errors.As(err, &ue) {
			outcome = OutcomeRefused
		}
		b.log.Warn("mention failed", "err", err, "user", m.Author.ID)
		send(message{Content: "⚠️ " + friendly(err)})
		return
	}
	outcome = questionOutcome(outcome, said)
	send(msg)
}
