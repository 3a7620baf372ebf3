package bot

import (
	"context"
	"fmt"
	"sync"

	"github.com/bwmarrin/discordgo"
	"github.com/talksbot/talksbot/index"
)

// message is what the bot says; it becomes an interaction response, an edit,
// a follow-up or a channel message, always within Discord's limits and
// with allowed_mentions parsing nothing.
type message struct {
	Content    string
	Embeds     []*discordgo.MessageEmbed
	Components []discordgo.MessageComponent
	Files      []*discordgo.File
	Ephemeral  bool
}

// noMentions lets no text ping anyone: not @everyone, a role or a user.
func noMentions() *discordgo.MessageAllowedMentions {
	return &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}}
}

func (m message) fitted() message {
	m.Embeds = append([]*discordgo.MessageEmbed(nil), m.Embeds...)
	for i, e := range m.Embeds {
		c := *e
		c.Fields = nil
		for _, f := range e.Fields {
			fc := *f
			c.Fields = append(c.Fields, &fc)
		}
		if e.Footer != nil {
			fc := *e.Footer
			c.Footer = &fc
		}
		if e.Author != nil {
			ac := *e.Author
			c.Author = &ac
		}
		m.Embeds[i] = &c
	}
	fitMessage(&m)
	if m.Embeds == nil {
		m.Embeds = []*discordgo.MessageEmbed{}
	}
	if m.Components == nil {
		m.Components = []discordgo.MessageComponent{}
	}
	return m
}

func (m message) flags() discordgo.MessageFlags {
	if m.Ephemeral {
		return discordgo.MessageFlagsEphemeral
	}
	return 0
}

func (m message) responseData() *discordgo.InteractionResponseData {
	m = m.fitted()
	return &discordgo.InteractionResponseData{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components, Files: m.Files,
		AllowedMentions: noMentions(), Flags: m.flags(),
	}
}

func (m message) webhookEdit() *discordgo.WebhookEdit {
	m = m.fitted()
	return &discordgo.WebhookEdit{
		Content: &m.Content, Embeds: &m.Embeds, Components: &m.Components, Files: m.Files,
		AllowedMentions: noMentions(),
	}
}

func (m message) webhookParams() *discordgo.WebhookParams {
	m = m.fitted()
	return &discordgo.WebhookParams{
		Content: m.Content, Embeds: m.Embeds, Components: m.Components, Files: m.Files,
		AllowedMentions: noMentions(), Flags: m.flags(),
	}
}

// replier is how a request talks back to Discord: the gateway mode answers
// through the Session's REST calls, the HTTP mode answers the first time in
// the HTTP reply.
type replier interface {
	respond(ctx context.Context, resp *discordgo.InteractionResponse) error
	edit(ctx context.Context, e *discordgo.WebhookEdit) error
	followup(ctx context.Context, p *discordgo.WebhookParams) error
}

// restReplier answers through the Session's REST API.
type restReplier struct {
	s  *discordgo.Session
	ix *discordgo.Interaction
}

func (r restReplier) respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	return r.s.InteractionRespond(r.ix, resp, discordgo.WithContext(ctx))
}

func (r restReplier) edit(ctx context.Context, e *discordgo.WebhookEdit) error {
	_, err := r.s.InteractionResponseEdit(r.ix, e, discordgo.WithContext(ctx))
	return err
}

func (r restReplier) followup(ctx context.Context, p *discordgo.WebhookParams) error {
	_, err := r.s.FollowupMessageCreate(r.ix, true, p, discordgo.WithContext(ctx))
	return err
}

// request is one interaction as handlers see it.
type request struct {
	ix *discordgo.Interaction
	rp replier
	s  *discordgo.Session // for REST calls beyond the interaction (threads); may be nil

	mu       sync.Mutex
	acked    bool // an initial response was sent
	deferred bool // it was a deferred message (type 5): later replies edit it
	updating bool // it was a deferred update (type 6) of a component's message

	said index.Outcome // what the answer says, for the metrics ("" for anything but a question)
}

func (r *request) isAcked() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.acked
}

// userID is who sent the interaction.
func (r *request) userID() string {
	if u := r.user(); u != nil {
		return u.ID
	}
	return ""
}

func (r *request) user() *discordgo.User {
	switch {
	case r.ix.Member != nil && r.ix.Member.User != nil:
		return r.ix.Member.User
	case r.ix.User != nil:
		return r.ix.User
	}
	return nil
}

func (r *request) send(ctx context.Context, typ discordgo.InteractionResponseType, data *discordgo.InteractionResponseData) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.acked {
		return fmt.Errorf("interaction already answered")
	}
	if err := r.rp.respond(ctx, &discordgo.InteractionResponse{Type: typ, Data: data}); err != nil {
		return fmt.Errorf("respond to interaction: %w", err)
	}
	r.acked = true
	r.deferred = typ == discordgo.InteractionResponseDeferredChannelMessageWithSource
	r.updating = typ == discordgo.InteractionResponseDeferredMessageUpdate
	return nil
}

// reply answers with a message, or, once deferred, edits the deferred one.
func (r *request) reply(ctx context.Context, m message) error {
	r.mu.Lock()
	acked, deferred := r.acked, r.deferred
	r.mu.Unlock()
	switch {
	case !acked:
		return r.send(ctx, discordgo.InteractionResponseChannelMessageWithSource, m.responseData())
	case deferred:
		return r.edit(ctx, m)
	}
	return r.followup(ctx, m)
}

// update replaces the message a component is on (type 7).
func (r *request) update(ctx context.Context, m message) error {
	if r.isAcked() {
		return r.edit(ctx, m)
	}
	return r.send(ctx, discordgo.InteractionResponseUpdateMessage, m.responseData())
}

// deferReply says "thinking…" at once (type 5); later replies edit it.
func (r *request) deferReply(ctx context.Context, ephemeral bool) error {
	return r.send(ctx, discordgo.InteractionResponseDeferredChannelMessageWithSource,
		message{Ephemeral: ephemeral}.responseData())
}

// edit replaces the original response.
func (r *request) edit(ctx context.Context, m message) error {
	if err := r.rp.edit(ctx, m.webhookEdit()); err != nil {
		return fmt.Errorf("edit interaction response: %w", err)
	}
	return nil
}

// followup sends another message.
func (r *request) followup(ctx context.Context, m message) error {
	if err := r.rp.followup(ctx, m.webhookParams()); err != nil {
		return fmt.Errorf("send follow-up: %w", err)
	}
	return nil
}

// choices answers an autocomplete.
func (r *request) choices(ctx context.Context, cs []*discordgo.ApplicationCommandOptionChoice) error {
	return r.send(ctx, discordgo.InteractionApplicationCommandAutocompleteResult,
		&discordgo.InteractionResponseData{Choices: fitChoices(cs), AllowedMentions: noMentions()})
}

// fail tells the user what went wrong, privately when it can: an ephemeral
// message, an edit of the deferred one, or an ephemeral follow-up.
func (r *request) fail(ctx context.Context, text string) error {
	m := message{Content: "⚠️ " + text, Ephemeral: true}
	r.mu.Lock()
	acked, deferred := r.acked, r.deferred
	r.mu.Unlock()
	switch {
	case r.ix.Type == discordgo.InteractionApplicationCommandAutocomplete:
		if acked {
			return nil
		}
		return r.choices(ctx, nil)
	case !acked:
		return r.send(ctx, discordgo.InteractionResponseChannelMessageWithSource, m.responseData())
	case deferred:
		return r.edit(ctx, m)
	}
	return r.followup(ctx, m)
}

// option returns a command option by name (nil when absent).
func (r *request) option(name string) *discordgo.ApplicationCommandInteractionDataOption {
	if r.ix.Type != discordgo.InteractionApplicationCommand && r.ix.Type != discordgo.InteractionApplicationCommandAutocomplete {
		return nil
	}
	for _, o := range r.ix.ApplicationCommandData().Options {
		if o.Name == name {
			return o
		}
	}
	return nil
}

func (r *request) str(name string) string {
	if o := r.option(name); o != nil {
		if s, ok := o.Value.(string); ok {
			return s
		}
	}
	return ""
}

func (r *request) boolean(name string) bool {
	if o := r.option(name); o != nil {
		if v, ok := o.Value.(bool); ok {
			return v
		}
	}
	return false
}

// focused is the option being typed in an autocomplete.
func (r *request) focused() *discordgo.ApplicationCommandInteractionDataOption {
	for _, o := range r.ix.ApplicationCommandData().Options {
		if o.Focused {
			return o
		}
	}
	return nil
}
