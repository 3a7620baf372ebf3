package fakediscord

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"
)

// Message flags the fake acts on.
const (
	flagSuppressEmbeds        = 1 << 2
	flagEphemeral             = 1 << 6
	flagLoading               = 1 << 7
	flagSuppressNotifications = 1 << 12
	flagComponentsV2          = 1 << 15
)

// storedMsg is a message the bot created; obj is its JSON as Discord returns it.
type storedMsg struct {
	id, channelID string
	obj           map[string]any
	deleted       bool
}

func timestamp(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000+00:00") }

// newMessageLocked builds (but does not store) a bot message from a payload.
func (s *Server) newMessageLocked(channelID string, typ int, webhook bool, p map[string]json.RawMessage, files []File) *storedMsg {
	id := s.newIDLocked()
	obj := map[string]any{
		"id": id, "type": typ, "content": "", "channel_id": channelID, "author": botUser(),
		"attachments": []any{}, "embeds": []any{}, "mentions": []any{}, "mention_roles": []any{},
		"pinned": false, "mention_everyone": false, "tts": false, "timestamp": timestamp(time.Now()),
		"edited_timestamp": nil, "flags": 0, "components": []any{},
	}
	if webhook {
		obj["webhook_id"] = AppID
		obj["application_id"] = AppID
	}
	m := &storedMsg{id: id, channelID: channelID, obj: obj}
	s.applyLocked(m, p, files, true)
	return m
}

func (s *Server) storeLocked(m *storedMsg) {
	s.msgs[m.id] = m
	s.msgOrder = append(s.msgOrder, m.id)
}

// applyLocked applies a create or edit payload to m.obj as Discord does:
// keys present replace, absent keys stay.
func (s *Server) applyLocked(m *storedMsg, p map[string]json.RawMessage, files []File, creating bool) {
	obj := m.obj
	if raw, ok := p["content"]; ok {
		var c string
		json.Unmarshal(raw, &c)
		obj["content"] = c
	}
	if raw, ok := p["embeds"]; ok {
		var embeds []map[string]any
		json.Unmarshal(raw, &embeds)
		out := make([]any, 0, len(embeds))
		for _, e := range embeds {
			if _, ok := e["type"]; !ok {
				e["type"] = "rich"
			}
			out = append(out, e)
		}
		obj["embeds"] = out
	}
	if raw, ok := p["components"]; ok {
		var comps []any
		json.Unmarshal(raw, &comps)
		if comps == nil {
			comps = []any{}
		}
		obj["components"] = comps
	}
	old := flagsOf(obj)
	if raw, ok := p["flags"]; ok {
		var f int64
		json.Unmarshal(raw, &f)
		if creating {
			f &= flagSuppressEmbeds | flagEphemeral | flagLoading | flagSuppressNotifications | flagComponentsV2
		} else {
			f = f&(flagSuppressEmbeds|flagComponentsV2) | old&flagEphemeral
		}
		obj["flags"] = f
	}
	if creating {
		if raw, ok := p["tts"]; ok {
			var t bool
			json.Unmarshal(raw, &t)
			obj["tts"] = t
		}
		if raw, ok := p["poll"]; ok && string(raw) != "null" {
			obj["poll"] = raw
		}
		if raw, ok := p["message_reference"]; ok && string(raw) != "null" {
			obj["message_reference"] = raw
			obj["type"] = 19
		}
	} else {
		obj["edited_timestamp"] = timestamp(time.Now())
		obj["flags"] = flagsOf(obj) &^ flagLoading
	}
	atts, _ := obj["attachments"].([]any)
	if !creating {
		if raw, ok := p["attachments"]; ok {
			var keep []struct {
				ID string `json:"id"`
			}
			json.Unmarshal(raw, &keep)
			kept := []any{}
			for _, a := range atts {
				am, _ := a.(map[string]any)
				for _, k := range keep {
					if am != nil && am["id"] == k.ID {
						kept = append(kept, a)
					}
				}
			}
			atts = kept
		}
	}
	for _, f := range files {
		id := s.newIDLocked()
		a := map[string]any{
			"id": id, "filename": f.Name, "size": len(f.Data),
			"url":       "https://cdn.discordapp.com/attachments/" + m.channelID + "/" + id + "/" + f.Name,
			"proxy_url": "https://media.discordapp.net/attachments/" + m.channelID + "/" + id + "/" + f.Name,
		}
		if f.ContentType != "" {
			a["content_type"] = f.ContentType
		}
		atts = append(atts, a)
	}
	if atts == nil {
		atts = []any{}
	}
	obj["attachments"] = atts
}

func flagsOf(obj map[string]any) int64 {
	switch f := obj["flags"].(type) {
	case int64:
		return f
	case int:
		return int64(f)
	case float64:
		return int64(f)
	}
	return 0
}

// isEmpty reports whether Discord would refuse the message as empty.
func isEmpty(obj map[string]any) bool {
	if flagsOf(obj)&flagLoading != 0 {
		return false
	}
	var m struct {
		Content     string            `json:"content"`
		Embeds      []json.RawMessage `json:"embeds"`
		Components  []json.RawMessage `json:"components"`
		Attachments []json.RawMessage `json:"attachments"`
		Poll        json.RawMessage   `json:"poll"`
	}
	json.Unmarshal(mustJSON(obj), &m)
	return m.Content == "" && len(m.Embeds) == 0 && len(m.Components) == 0 &&
		len(m.Attachments) == 0 && (len(m.Poll) == 0 || string(m.Poll) == "null")
}

// cloneMsg deep-copies a message so an edit can be checked before it is kept.
func cloneMsg(m *storedMsg) *storedMsg {
	var obj map[string]any
	json.Unmarshal(mustJSON(m.obj), &obj)
	return &storedMsg{id: m.id, channelID: m.channelID, obj: obj}
}

func toMessage(obj map[string]any) *discordgo.Message {
	var m discordgo.Message
	json.Unmarshal(mustJSON(obj), &m)
	return &m
}

// editLocked validates and applies an edit payload to m, replacing it in the store.
func (s *Server) editLocked(m *storedMsg, p map[string]json.RawMessage, files []File, prefix ...string) (*storedMsg, *reply) {
	fe := formErrors{}
	validateMessage(fe, prefix, p)
	if len(fe) > 0 {
		rep := fe.reply()
		return nil, &rep
	}
	edited := cloneMsg(m)
	s.applyLocked(edited, p, files, false)
	if isEmpty(edited.obj) {
		rep := emptyMessage()
		return nil, &rep
	}
	s.msgs[m.id] = edited
	return edited, nil
}

func (s *Server) channelMessagesLocked(call Call, channelID string) reply {
	if _, known := s.knownChannelLocked(channelID); !known {
		return errReply(http.StatusNotFound, 10003, "Unknown Channel")
	}
	switch call.Method {
	case http.MethodGet:
		limit := 50
		if n, err := strconv.Atoi(call.Query.Get("limit")); err == nil && n > 0 && n <= 100 {
			limit = n
		}
		out := []any{}
		for i := len(s.msgOrder) - 1; i >= 0 && len(out) < limit; i-- {
			m := s.msgs[s.msgOrder[i]]
			if m.channelID == channelID && !m.deleted && flagsOf(m.obj)&flagEphemeral == 0 {
				out = append(out, m.obj)
			}
		}
		return jsonReply(http.StatusOK, out)
	case http.MethodPost:
		p, files, bad := messageBody(call)
		if bad != nil {
			return *bad
		}
		fe := formErrors{}
		validateMessage(fe, nil, p)
		if len(fe) > 0 {
			return fe.reply()
		}
		m := s.newMessageLocked(channelID, 0, false, p, files)
		if isEmpty(m.obj) {
			return emptyMessage()
		}
		s.storeLocked(m)
		return jsonReply(http.StatusOK, m.obj)
	}
	return methodNotAllowed()
}

func (s *Server) channelMessageLocked(call Call, channelID, msgID string) reply {
	if _, known := s.knownChannelLocked(channelID); !known {
		return errReply(http.StatusNotFound, 10003, "Unknown Channel")
	}
	m := s.msgs[msgID]
	if m == nil || m.deleted || m.channelID != channelID || flagsOf(m.obj)&flagEphemeral != 0 {
		return errReply(http.StatusNotFound, 10008, "Unknown Message")
	}
	return s.messageCallLocked(call, m)
}

// Message returns a message the bot created (by REST or as an interaction
// response), as it is now.
func (s *Server) Message(id string) (*discordgo.Message, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	m := s.msgs[id]
	if m == nil || m.deleted {
		return nil, false
	}
	return toMessage(m.obj), true
}

// ChannelMessages returns the live messages the bot created in a channel,
// oldest first, including non-ephemeral interaction responses.
func (s *Server) ChannelMessages(channelID string) []*discordgo.Message {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.Message
	for _, id := range s.msgOrder {
		m := s.msgs[id]
		if m.channelID == channelID && !m.deleted && flagsOf(m.obj)&flagEphemeral == 0 {
			out = append(out, toMessage(m.obj))
		}
	}
	return out
}

// messageCallLocked gets, edits or deletes a message the caller may see:
// a channel message or an interaction's response.
func (s *Server) messageCallLocked(call Call, m *storedMsg) reply {
	switch call.Method {
	case http.MethodGet:
		return jsonReply(http.StatusOK, m.obj)
	case http.MethodPatch:
		p, files, bad := messageBody(call)
		if bad != nil {
			return *bad
		}
		edited, bad := s.editLocked(m, p, files)
		if bad != nil {
			return *bad
		}
		return jsonReply(http.StatusOK, edited.obj)
	case http.MethodDelete:
		m.deleted = true
		return noContent()
	}
	return methodNotAllowed()
}

// PostUserMessage stores a message a member (userID, UserID when "") wrote
// in channelID, as Discord returns it, and returns its ID: the target of a
// message command (Interaction.TargetID). Nothing is dispatched.
func (s *Server) PostUserMessage(channelID, userID, content string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if userID == "" {
		userID = UserID
	}
	m := s.newMessageLocked(channelID, 0, false, map[string]json.RawMessage{"content": mustJSON(content)}, nil)
	m.obj["author"] = userObj(userID)
	if guild, ok := guildOfChannel(channelID); ok && guild != "" {
		m.obj["guild_id"] = guild
	}
	s.storeLocked(m)
	return m.id
}
