package fakediscord

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Interaction describes an interaction for Interact. Zero values pick
// Discord-like defaults: a slash command in GuildID/ChannelID by UserID with
// MemberPermissions.
type Interaction struct {
	Type discordgo.InteractionType // 2 command (default), 3 component, 4 autocomplete, 5 modal submit

	// Commands and autocomplete.
	Name        string
	Options     []*discordgo.ApplicationCommandInteractionDataOption
	Attachments map[string]*discordgo.MessageAttachment // resolved.attachments, by ID (the option value)
	Focused     string                                  // autocomplete: name of the focused option
	// TargetID is the message a message command (type 3, the Apps menu)
	// is used on: sent as data.target_id, the message in
	// data.resolved.messages (see PostUserMessage).
	TargetID string

	// Components and modal submits.
	CustomID      string
	ComponentType discordgo.ComponentType // default button
	Values        []string                // select menu values
	MessageID     string                  // message the component is on; "" makes one
	Fields        map[string]string       // modal submit: text input custom_id → value

	// Who and where.
	UserID      string
	Roles       []string
	Permissions int64 // member's permissions in the channel; 0 means MemberPermissions
	DM          bool  // in the bot's DM: user instead of member, no guild
	GuildID     string
	ChannelID   string
	Locale      string // default "en-US"
}

// ixn is the fake's record of an interaction it sent.
type ixn struct {
	id, token    string
	typ          discordgo.InteractionType
	channelID    string
	created      time.Time
	acked        bool
	ackType      int
	original     string // message ID of @original, once there is one
	followups    []string
	componentMsg string
}

// ErrNotDelivered is returned by Interact when Discord would not deliver the
// interaction: an unregistered command, or one the member may not use.
var ErrNotDelivered = errors.New("fakediscord: Discord would not deliver this interaction")

// allowedResponses lists the callback types Discord accepts per interaction type.
var allowedResponses = map[discordgo.InteractionType][]int{
	discordgo.InteractionApplicationCommand:             {4, 5, 9},
	discordgo.InteractionMessageComponent:               {4, 5, 6, 7, 9},
	discordgo.InteractionApplicationCommandAutocomplete: {8},
	discordgo.InteractionModalSubmit:                    {4, 5, 6, 7},
}

// Interact sends an INTERACTION_CREATE shaped like Discord's to the session
// of the interaction's shard (shard 0 for DMs), waiting until ctx is done for
// one to exist, and returns the interaction's ID and token. If commands are
// registered, a command must be one of them (guild ones first), usable by
// the member (default_member_permissions) and, in a DM, in the DM context;
// otherwise Interact returns ErrNotDelivered.
func (s *Server) Interact(ctx context.Context, in Interaction) (id, token string, err error) {
	if in.Type == 0 {
		in.Type = discordgo.InteractionApplicationCommand
	}
	if _, ok := allowedResponses[in.Type]; !ok {
		return "", "", fmt.Errorf("fakediscord: interact: unsupported interaction type %d", in.Type)
	}
	guild := in.GuildID
	if in.DM {
		guild = ""
	} else if guild == "" {
		guild = GuildID
	}
	var buildErr error
	err = s.withSession(ctx, guild, func(sess *session) {
		var p map[string]any
		p, buildErr = s.buildInteractionLocked(in, guild)
		if buildErr != nil {
			return
		}
		id, token = p["id"].(string), p["token"].(string)
		s.dispatchLocked(sess, "INTERACTION_CREATE", mustJSON(p))
		s.logLocked("gateway: INTERACTION_CREATE type %d %q%q on shard %v", in.Type, in.Name, in.CustomID, sess.shard)
	})
	if err == nil {
		err = buildErr
	}
	if err != nil {
		return "", "", fmt.Errorf("interact: %w", err)
	}
	return id, token, nil
}

func (s *Server) buildInteractionLocked(in Interaction, guild string) (map[string]any, error) {
	user := cmp.Or(in.UserID, UserID)
	channel := in.ChannelID
	if channel == "" {
		channel = channelOf(guild)
		if guild == "" {
			channel = DMChannelID
		}
	}
	perms := in.Permissions
	if perms == 0 {
		perms = MemberPermissions
	}
	id := s.newIDLocked()
	token := "aW50ZXJhY3Rpb246" + id + "Og" + randHex(40)
	p := map[string]any{
		"id": id, "application_id": AppID, "type": in.Type, "token": token, "version": 1,
		"locale": cmp.Or(in.Locale, "en-US"), "app_permissions": strconv.FormatInt(MemberPermissions, 10),
		"entitlements": []any{}, "attachment_size_limit": 10485760,
		"channel_id": channel, "channel": s.channelObjLocked(channel),
	}
	if guild != "" {
		p["guild_id"] = guild
		p["guild_locale"] = "en-US"
		p["guild"] = map[string]any{"id": guild, "locale": "en-US", "features": []any{}}
		p["member"] = memberObj(user, in.Roles, perms, true)
		p["context"] = 0
		p["authorizing_integration_owners"] = map[string]any{"0": guild}
	} else {
		p["user"] = userObj(user)
		p["context"] = 1
		p["authorizing_integration_owners"] = map[string]any{"0": "0"}
	}

	rec := &ixn{id: id, token: token, typ: in.Type, channelID: channel}
	switch in.Type {
	case discordgo.InteractionApplicationCommand, discordgo.InteractionApplicationCommandAutocomplete:
		data, err := s.commandDataLocked(in, guild, perms)
		if err != nil {
			return nil, err
		}
		p["data"] = data
	case discordgo.InteractionMessageComponent:
		ct := in.ComponentType
		if ct == 0 {
			ct = discordgo.ButtonComponent
		}
		m, err := s.componentMessageLocked(in, channel, ct)
		if err != nil {
			return nil, err
		}
		rec.componentMsg = m.id
		p["message"] = m.obj
		data := map[string]any{"custom_id": in.CustomID, "component_type": ct}
		if ct != discordgo.ButtonComponent {
			data["values"] = append([]string{}, in.Values...)
		}
		p["data"] = data
	case discordgo.InteractionModalSubmit:
		keys := make([]string, 0, len(in.Fields))
		for k := range in.Fields {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		rows := []any{}
		for _, k := range keys {
			rows = append(rows, map[string]any{"type": 1, "components": []any{
				map[string]any{"type": 4, "custom_id": k, "value": in.Fields[k]},
			}})
		}
		p["data"] = map[string]any{"custom_id": in.CustomID, "components": rows}
		// A modal opened from a message component carries that message.
		if in.MessageID != "" {
			m := s.msgs[in.MessageID]
			if m == nil || m.deleted {
				return nil, fmt.Errorf("%w: no message %s", ErrNotDelivered, in.MessageID)
			}
			rec.componentMsg = m.id
			p["message"] = m.obj
		}
	}
	rec.created = time.Now()
	s.ixByID[id] = rec
	s.ixByTok[token] = rec
	return p, nil
}

func (s *Server) commandDataLocked(in Interaction, guild string, perms int64) (map[string]any, error) {
	info, registered := s.lookupCommandLocked(in.Name, guild)
	if info == nil && registered {
		return nil, fmt.Errorf("%w: command %q is not registered", ErrNotDelivered, in.Name)
	}
	data := map[string]any{"name": in.Name, "type": 1}
	if info == nil {
		data["id"] = s.newIDLocked()
	} else {
		data["id"] = info.ID
		data["type"] = info.Type
		if info.GuildID != "" {
			data["guild_id"] = info.GuildID
		}
		if guild != "" && info.DefaultMemberPermissions != nil {
			need, _ := strconv.ParseInt(*info.DefaultMemberPermissions, 10, 64)
			if perms&discordgo.PermissionAdministrator == 0 && perms&need != need {
				return nil, fmt.Errorf("%w: command %q needs permissions %d, member has %d", ErrNotDelivered, in.Name, need, perms)
			}
		}
		if guild == "" {
			if (info.Contexts != nil && !slices.Contains(*info.Contexts, 1)) ||
				(info.Contexts == nil && info.DMPermission != nil && !*info.DMPermission) {
				return nil, fmt.Errorf("%w: command %q is not available in DMs", ErrNotDelivered, in.Name)
			}
		}
	}
	if data["type"] == int(discordgo.MessageApplicationCommand) || in.TargetID != "" {
		// A message command: the message it is used on, resolved.
		m := s.msgs[in.TargetID]
		if m == nil || m.deleted {
			return nil, fmt.Errorf("%w: message command %q needs TargetID, a message that exists (got %q)", ErrNotDelivered, in.Name, in.TargetID)
		}
		data["type"] = int(discordgo.MessageApplicationCommand)
		data["target_id"] = m.id
		data["resolved"] = map[string]any{"messages": map[string]any{m.id: m.obj}}
		return data, nil
	}
	opts := copyOptions(in.Options, in.Type == discordgo.InteractionApplicationCommandAutocomplete, in.Focused)
	if len(opts) > 0 {
		data["options"] = opts
	}
	if res := resolved(opts, in.Attachments, guild, in.ChannelID); len(res) > 0 {
		data["resolved"] = res
	}
	return data, nil
}

// copyOptions copies options (never changing the caller's), marking the
// focused one for autocomplete.
func copyOptions(opts []*discordgo.ApplicationCommandInteractionDataOption, autocomplete bool, focused string) []*discordgo.ApplicationCommandInteractionDataOption {
	var out []*discordgo.ApplicationCommandInteractionDataOption
	for _, o := range opts {
		c := *o
		c.Focused = autocomplete && (o.Focused || (focused != "" && o.Name == focused &&
			o.Type != discordgo.ApplicationCommandOptionSubCommand && o.Type != discordgo.ApplicationCommandOptionSubCommandGroup))
		c.Options = copyOptions(o.Options, autocomplete, focused)
		out = append(out, &c)
	}
	return out
}

// resolved builds data.resolved for the options' users, roles, channels and
// the attachments.
func resolved(opts []*discordgo.ApplicationCommandInteractionDataOption, atts map[string]*discordgo.MessageAttachment, guild, channel string) map[string]any {
	users, members, roles, channels, attachments := map[string]any{}, map[string]any{}, map[string]any{}, map[string]any{}, map[string]any{}
	var walk func([]*discordgo.ApplicationCommandInteractionDataOption)
	walk = func(opts []*discordgo.ApplicationCommandInteractionDataOption) {
		for _, o := range opts {
			walk(o.Options)
			v, _ := o.Value.(string)
			if v == "" {
				continue
			}
			switch o.Type {
			case discordgo.ApplicationCommandOptionUser, discordgo.ApplicationCommandOptionMentionable:
				users[v] = userObj(v)
				if guild != "" {
					members[v] = memberObj(v, nil, MemberPermissions, false)
				}
			case discordgo.ApplicationCommandOptionRole:
				roles[v] = roleObj(v)
			case discordgo.ApplicationCommandOptionChannel:
				channels[v] = map[string]any{
					"id": v, "name": "channel-" + v[max(0, len(v)-4):], "type": 0,
					"permissions": strconv.FormatInt(MemberPermissions, 10), "flags": 0, "parent_id": nil,
				}
			}
		}
	}
	walk(opts)
	for key, a := range atts {
		id := cmp.Or(a.ID, key)
		url := a.URL
		if url == "" {
			url = "https://cdn.discordapp.com/ephemeral-attachments/" + cmp.Or(channel, ChannelID) + "/" + id + "/" + a.Filename
		}
		obj := map[string]any{
			"id": id, "filename": a.Filename, "size": a.Size, "url": url,
			"proxy_url": cmp.Or(a.ProxyURL, strings.Replace(url, "cdn.discordapp.com", "media.discordapp.net", 1)),
			"ephemeral": true,
		}
		if a.ContentType != "" {
			obj["content_type"] = a.ContentType
		}
		if a.Width > 0 {
			obj["width"], obj["height"] = a.Width, a.Height
		}
		attachments[key] = obj
	}
	res := map[string]any{}
	for name, m := range map[string]map[string]any{
		"users": users, "members": members, "roles": roles, "channels": channels, "attachments": attachments,
	} {
		if len(m) > 0 {
			res[name] = m
		}
	}
	return res
}

// componentMessageLocked returns the message a component interaction comes
// from: in.MessageID, or a new bot message carrying the component.
func (s *Server) componentMessageLocked(in Interaction, channel string, ct discordgo.ComponentType) (*storedMsg, error) {
	if in.MessageID != "" {
		m := s.msgs[in.MessageID]
		if m == nil || m.deleted {
			return nil, fmt.Errorf("%w: no message %s", ErrNotDelivered, in.MessageID)
		}
		return m, nil
	}
	comp := map[string]any{"type": 2, "style": 1, "label": "Button", "custom_id": in.CustomID}
	if ct != discordgo.ButtonComponent {
		var options []any
		for _, v := range in.Values {
			options = append(options, map[string]any{"label": v, "value": v})
		}
		comp = map[string]any{"type": int(ct), "custom_id": in.CustomID, "options": options}
	}
	p := map[string]json.RawMessage{
		"content":    mustJSON("components"),
		"components": mustJSON([]any{map[string]any{"type": 1, "components": []any{comp}}}),
	}
	m := s.newMessageLocked(channel, 0, false, p, nil)
	s.storeLocked(m)
	return m, nil
}

// callbackLocked serves POST /interactions/{id}/{token}/callback.
func (s *Server) callbackLocked(call Call, id, token string) reply {
	ix := s.ixByID[id]
	if ix == nil || ix.token != token {
		return errReply(http.StatusNotFound, 10062, "Unknown interaction")
	}
	if ix.acked {
		return errReply(http.StatusBadRequest, 40060, "Interaction has already been acknowledged.")
	}
	if time.Since(ix.created) > s.cfg.deadline {
		return errReply(http.StatusNotFound, 10062, "Unknown interaction")
	}
	body, files, bad := messageBody(call)
	if bad != nil {
		return *bad
	}
	var typ int
	if err := json.Unmarshal(body["type"], &typ); err != nil {
		return invalidJSON()
	}
	data := map[string]json.RawMessage{}
	if raw, ok := body["data"]; ok && string(raw) != "null" {
		if err := json.Unmarshal(raw, &data); err != nil {
			return invalidJSON()
		}
	}
	fe := formErrors{}
	allowed := allowedResponses[ix.typ]
	if !slices.Contains(allowed, typ) {
		fe.add("BASE_TYPE_CHOICES", fmt.Sprintf("Value must be one of %v.", allowed), "type")
		return fe.reply()
	}
	switch typ {
	case 4, 7:
		validateMessage(fe, []string{"data"}, data)
	case 8:
		validateChoices(fe, data)
	case 9:
		validateModal(fe, data)
	}
	if len(fe) > 0 {
		return fe.reply()
	}
	switch typ {
	case 4: // CHANNEL_MESSAGE_WITH_SOURCE
		m := s.newMessageLocked(ix.channelID, 20, true, data, files)
		if isEmpty(m.obj) {
			return emptyMessage()
		}
		s.storeLocked(m)
		ix.original = m.id
	case 5: // DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE: a "thinking…" message
		var flags int64
		json.Unmarshal(data["flags"], &flags)
		m := s.newMessageLocked(ix.channelID, 20, true, map[string]json.RawMessage{
			"flags": mustJSON(flagLoading | flags&flagEphemeral),
		}, nil)
		s.storeLocked(m)
		ix.original = m.id
	case 6: // DEFERRED_UPDATE_MESSAGE
		ix.original = ix.componentMsg
	case 7: // UPDATE_MESSAGE
		m := s.msgs[ix.componentMsg]
		if m == nil {
			return errReply(http.StatusNotFound, 10008, "Unknown Message")
		}
		if _, bad := s.editLocked(m, data, files, "data"); bad != nil {
			return *bad
		}
		ix.original = m.id
	}
	ix.acked = true
	ix.ackType = typ
	return noContent()
}

// webhookIxnLocked finds the interaction behind /webhooks/{app}/{token}.
func (s *Server) webhookIxnLocked(app, token string) (*ixn, *reply) {
	ix := s.ixByTok[token]
	if app != AppID || ix == nil || !ix.acked || ix.ackType == 8 {
		rep := errReply(http.StatusNotFound, 10015, "Unknown Webhook")
		return nil, &rep
	}
	return ix, nil
}

// followupLocked serves POST /webhooks/{app}/{token}: a follow-up message.
// After a deferred response, the first follow-up replaces the "thinking…"
// message, as on Discord.
func (s *Server) followupLocked(call Call, app, token string) reply {
	ix, bad := s.webhookIxnLocked(app, token)
	if bad != nil {
		return *bad
	}
	p, files, bad := messageBody(call)
	if bad != nil {
		return *bad
	}
	var m *storedMsg
	if orig := s.msgs[ix.original]; orig != nil && !orig.deleted && flagsOf(orig.obj)&flagLoading != 0 {
		m, bad = s.editLocked(orig, p, files)
		if bad != nil {
			return *bad
		}
	} else {
		fe := formErrors{}
		validateMessage(fe, nil, p)
		if len(fe) > 0 {
			return fe.reply()
		}
		m = s.newMessageLocked(ix.channelID, 0, true, p, files)
		if isEmpty(m.obj) {
			return emptyMessage()
		}
		s.storeLocked(m)
		ix.followups = append(ix.followups, m.id)
	}
	if call.Query.Get("wait") != "true" {
		return noContent()
	}
	return jsonReply(http.StatusOK, m.obj)
}

// webhookMessageLocked serves /webhooks/{app}/{token}/messages/{id|@original}.
func (s *Server) webhookMessageLocked(call Call, app, token, msgID string) reply {
	ix, bad := s.webhookIxnLocked(app, token)
	if bad != nil {
		return *bad
	}
	id := msgID
	if msgID == "@original" {
		id = ix.original
	} else if msgID != ix.original && !slices.Contains(ix.followups, msgID) {
		id = ""
	}
	m := s.msgs[id]
	if id == "" || m == nil || m.deleted {
		return errReply(http.StatusNotFound, 10008, "Unknown Message")
	}
	return s.messageCallLocked(call, m)
}

// Original returns the interaction's original response message as it is
// now (after edits), if there is one.
func (s *Server) Original(token string) (*discordgo.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.ixByTok[token]
	if ix == nil || ix.original == "" {
		return nil, false
	}
	m := s.msgs[ix.original]
	if m == nil || m.deleted {
		return nil, false
	}
	return toMessage(m.obj), true
}

// Followups returns the interaction's live follow-up messages, oldest first.
func (s *Server) Followups(token string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.ixByTok[token]
	if ix == nil {
		return nil
	}
	var out []*discordgo.Message
	for _, id := range ix.followups {
		if m := s.msgs[id]; m != nil && !m.deleted {
			out = append(out, toMessage(m.obj))
		}
	}
	return out
}

// Acked reports how the interaction was answered: the callback type (4
// message, 5 deferred, 6 deferred update, 7 update, 8 autocomplete, 9 modal).
func (s *Server) Acked(token string) (discordgo.InteractionResponseType, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	ix := s.ixByTok[token]
	if ix == nil || !ix.acked {
		return 0, false
	}
	return discordgo.InteractionResponseType(ix.ackType), true
}
