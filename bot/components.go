package bot

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/index"
)

// Buttons and the follow-up modal. Custom IDs:
//
//	p:ID:N[:VIEW]  page N            s:ID       sources
//	q:ID:N[:VIEW]  full quotes, N    v:ID:up|down  a vote
//	f:ID           "Ask a follow-up" (opens the modal fm:ID)
//	ic:ID, ix:ID   confirm or decline a refused /ingest (confirm.go)
//	qa:ITEM        Approve a queued feed item   qr:ITEM  Reject it (moderators)
//	sh:ID          share a "Check this message" result (check.go)
//	gf:, gs:, gm:, gn:, gd:, gq:  /gaps' pin flow (gapfix.go, moderators)
//
// A button on the public answer replies to the member who pressed it in
// a message only they see; a button on that message turns its pages.
// Results are kept pageTTL; a button pressed later searches afresh.

func (b *Bot) onComponent(ctx context.Context, r *request) error {
	id := r.ix.MessageComponentData().CustomID
	kind, rest, _ := strings.Cut(id, ":")
	key, rest, _ := strings.Cut(rest, ":")
	switch kind {
	case "p", "q":
		num, view, _ := strings.Cut(rest, ":")
		n, err := strconv.Atoi(num)
		if err != nil {
			return userErrorf("That button is broken. Ask again.")
		}
		ps, ok := b.pages.get(key)
		if !ok {
			return b.afresh(ctx, r, view)
		}
		pages, next, fullKey := ps.pages, ps, key
		if kind == "q" {
			if ps.full == nil {
				return b.afresh(ctx, r, view)
			}
			// The full quotes page like any set, without their own buttons
			// to more of themselves.
			next = &pageSet{pages: ps.full, next: "Next page", view: ps.view}
			fullKey = b.pages.put(next)
			pages = ps.full
		}
		if n < 0 || n >= len(pages) {
			return userErrorf("There is no such page. Ask again.")
		}
		return b.private(ctx, r, message{Embeds: []*discordgo.MessageEmbed{pages[n]}, Components: pager(fullKey, n, next)})
	case "s":
		ps, ok := b.pages.get(key)
		if !ok || ps.sources == nil {
			return b.afresh(ctx, r, "")
		}
		return r.reply(ctx, message{Embeds: []*discordgo.MessageEmbed{ps.sources}, Ephemeral: true})
	case "v":
		return b.vote(ctx, r, key, rest)
	case "ic", "ix":
		return b.onConfirm(ctx, r, kind, key)
	case "qa", "qr":
		return b.onQueueButton(ctx, r, kind, key)
	case "sh":
		return b.onShare(ctx, r, key)
	case "gf", "gs", "gm", "gn", "gd", "gq":
		return b.onGapFix(ctx, r, kind, key, rest)
	case "f":
		return r.send(ctx, discordgo.InteractionResponseModal, &discordgo.InteractionResponseData{
			CustomID: "fm:" + key, Title: "Ask a follow-up",
			Components: []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
				discordgo.TextInput{CustomID: "question", Label: "Your follow-up question", Style: discordgo.TextInputShort,
					Placeholder: "and in Syria? · when was that? · who said so?", Required: true, MinLength: 1, MaxLength: index.MaxQuestionRunes},
			}}},
		})
	}
	return userErrorf("That button is no longer supported. Ask again.")
}

// onMessage's ephemeral check: whether the component's message is one only
// the presser sees.
func (r *request) onPrivateMessage() bool {
	return r.ix.Message != nil && r.ix.Message.Flags&discordgo.MessageFlagsEphemeral != 0
}

// private shows m to the member who pressed: in place on their own
// message, else as a new message only they see.
func (b *Bot) private(ctx context.Context, r *request, m message) error {
	if r.onPrivateMessage() {
		return r.update(ctx, m)
	}
	m.Ephemeral = true
	return r.reply(ctx, m)
}

// afresh answers a button whose results expired: the view or the question
// again, to the presser alone; the expired buttons are taken off a public
// message.
func (b *Bot) afresh(ctx context.Context, r *request, view string) error {
	var fresh message
	switch {
	case view != "" && b.cfg.Views != nil:
		v, err := b.cfg.Views.View(ctx, view, ViewQuery{})
		if err != nil {
			return err
		}
		ps := viewPages(v, nil)
		fresh = message{Embeds: ps.pages[:1], Components: pager(b.pages.put(ps), 0, ps)}
	default:
		var q string
		ok := false
		if r.ix.Message != nil && len(r.ix.Message.Embeds) > 0 {
			q, ok = questionOfEmbed(r.ix.Message.Embeds[0].Title)
		}
		if !ok {
			return userErrorf("These results have expired (I keep them for %d minutes). Ask again to get fresh ones.", int(pageTTL.Minutes()))
		}
		m, _, _, err := b.answer(ctx, index.NewTurn(q), r.userID())
		if err != nil {
			return err
		}
		fresh = message{Embeds: m.Embeds, Components: m.Components[:len(m.Components)-1]} // no votes nor follow-ups on a private copy
	}
	if r.onPrivateMessage() {
		return r.update(ctx, fresh)
	}
	if r.ix.Message == nil {
		fresh.Ephemeral = true
		return r.reply(ctx, fresh)
	}
	old := message{Embeds: r.ix.Message.Embeds, Components: []discordgo.MessageComponent{}}
	if err := r.update(ctx, old); err != nil {
		return err
	}
	fresh.Ephemeral = true
	fresh.Content = "Those results had expired; here they are afresh."
	return r.followup(ctx, fresh)
}

// onModal handles the follow-up modal: the question is answered in a
// thread opened from the answer (in a DM, as a reply).
func (b *Bot) onModal(ctx context.Context, r *request) error {
	data := r.ix.ModalSubmitData()
	key, ok := strings.CutPrefix(data.CustomID, "fm:")
	if !ok {
		return userErrorf("That form is no longer supported. Ask again.")
	}
	q := modalValue(data, "question")
	var prev *index.Turn
	if ps, ok := b.pages.get(key); ok {
		prev = &ps.turn
	} else if r.ix.Message != nil && len(r.ix.Message.Embeds) > 0 {
		if pq, ok := questionOfEmbed(r.ix.Message.Embeds[0].Title); ok {
			t := index.NewTurn(pq)
			prev = &t
		}
	}
	if err := b.checkCooldown(r.userID()); err != nil {
		return err
	}
	turn := b.turnFor(q, prev)
	if r.s == nil || r.ix.GuildID == "" || r.ix.Message == nil {
		m, turn, said, err := b.answer(ctx, turn, r.userID())
		if err != nil {
			return err
		}
		r.said = said
		b.contexts.put(turn, memberKey(r.userID(), r.ix.ChannelID))
		return r.reply(ctx, m)
	}
	if err := r.deferReply(ctx, true); err != nil {
		return err
	}
	thread, err := b.threadFor(ctx, r, q)
	if err != nil {
		return err
	}
	m, turn, said, err := b.answer(ctx, turn, r.userID())
	if err != nil {
		return err
	}
	r.said = said
	m = m.fitted()
	head := "Follow-up from <@" + r.userID() + ">: “" + escape(oneLine(truncate(q, 200))) + "”"
	if m.Content != "" { // a greeting's or thanks' reply
		head += "\n" + m.Content
	}
	sent, err := r.s.ChannelMessageSendComplex(thread, &discordgo.MessageSend{
		Content: head,
		Embeds:  m.Embeds, Components: m.Components, AllowedMentions: noMentions(),
	}, discordgo.WithContext(ctx))
	if err != nil {
		return err
	}
	b.contexts.put(turn, memberKey(r.userID(), thread), messageKey(sent.ID))
	return r.edit(ctx, message{Content: "Answered in the thread <#" + thread + ">: ask more there, no mention needed."})
}

// threadFor is the thread of the answer the modal came from: opened now,
// or the one opened before (a thread from a message has its ID).
func (b *Bot) threadFor(ctx context.Context, r *request, q string) (string, error) {
	msg := r.ix.Message
	if b.threads.has(msg.ID) || msg.Thread != nil {
		return msg.ID, nil
	}
	th, err := r.s.MessageThreadStartComplex(r.ix.ChannelID, msg.ID, &discordgo.ThreadStart{
		Name: truncate("Follow-up: "+oneLine(q), 100), AutoArchiveDuration: 60,
	}, discordgo.WithContext(ctx))
	var rest *discordgo.RESTError
	switch {
	case errors.As(err, &rest) && rest.Message != nil && rest.Message.Code == 160004: // already has one
		b.threads.add(msg.ID, b.now())
		return msg.ID, nil
	case err != nil:
		return "", &memberError{
			msg:   fmt.Sprintf("%s Ask with /ask instead: it follows on from your last question for %d minutes.", threadWords(err), int(followUpTTL.Minutes())),
			cause: fmt.Errorf("start a thread from message %s in channel %s: %w", msg.ID, r.ix.ChannelID, err),
		}
	}
	b.threads.add(th.ID, b.now())
	return th.ID, nil
}

func modalValue(data discordgo.ModalSubmitInteractionData, id string) string {
	for _, row := range data.Components {
		ar, ok := row.(*discordgo.ActionsRow)
		if !ok {
			continue
		}
		for _, c := range ar.Components {
			if ti, ok := c.(*discordgo.TextInput); ok && ti.CustomID == id {
				return strings.TrimSpace(ti.Value)
			}
		}
	}
	return ""
}
