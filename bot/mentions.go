package bot

import (
	"context"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"github.com/talksbot/talksbot/index"
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
	// A reply to one of the bot's answers, or a message in a thread the
	// bot opened for follow-ups, is a question too.
	ref := m.ReferencedMessage
	replyToBot := ref != nil && ref.Author != nil && ref.Author.ID == me
	inThread := b.threads.has(m.ChannelID)
	if !mentioned && !replyToBot && !inThread {
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
	var sentID string
	send := func(msg message) {
		msg = msg.fitted()
		no := false
		sent, err := s.ChannelMessageSendComplex(m.ChannelID, &discordgo.MessageSend{
			Content: msg.Content, Embeds: msg.Embeds, Components: msg.Components,
			AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}, RepliedUser: false},
			Reference:       &discordgo.MessageReference{MessageID: m.ID, ChannelID: m.ChannelID, GuildID: m.GuildID, FailIfNotExists: &no},
		}, discordgo.WithContext(ctx))
		if err != nil {
			b.log.Warn("reply to a mention failed", "err", err, "channel", m.ChannelID)
			return
		}
		sentID = sent.ID
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
	// What the question follows on from: the answer replied to, else the
	// member's last question here.
	var prev *index.Turn
	keys := []string{memberKey(m.Author.ID, m.ChannelID)}
	if replyToBot {
		keys = append([]string{messageKey(ref.ID)}, keys...)
		if len(ref.Embeds) > 0 {
			if pq, ok := questionOfEmbed(ref.Embeds[0].Title); ok {
				t := index.NewTurn(pq)
				prev = &t
			}
		}
	}
	turn := b.turnFor(q, prev, keys...)
	msg, turn, said, err := b.answer(ctx, turn, m.Author.ID)
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
	b.contexts.put(turn, memberKey(m.Author.ID, m.ChannelID), messageKey(sentID))
}
