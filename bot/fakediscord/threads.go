package fakediscord

import (
	"encoding/json"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Threads started from messages (POST /channels/{id}/messages/{id}/threads):
// each becomes a channel of its own, type 11 (public thread), that messages
// can be posted to and interactions can come from.

type thread struct {
	id, parent, guild, name, starter string
}

// knownChannelLocked returns the guild of a channel or thread the fake
// knows ("" for the DM).
func (s *Server) knownChannelLocked(id string) (string, bool) {
	if g, ok := guildOfChannel(id); ok {
		return g, true
	}
	if t, ok := s.threads[id]; ok {
		return t.guild, true
	}
	return "", false
}

func (s *Server) channelObjLocked(id string) map[string]any {
	if t, ok := s.threads[id]; ok {
		return threadObj(t)
	}
	return channelObj(id)
}

func threadObj(t *thread) map[string]any {
	return map[string]any{
		"id": t.id, "type": discordgo.ChannelTypeGuildPublicThread, "guild_id": t.guild, "parent_id": t.parent,
		"name": t.name, "owner_id": BotUserID, "last_message_id": nil, "rate_limit_per_user": 0, "flags": 0,
		"message_count": 0, "member_count": 1,
		"thread_metadata": map[string]any{"archived": false, "auto_archive_duration": 60, "locked": false},
	}
}

// startThreadLocked starts a thread from a message.
func (s *Server) startThreadLocked(call Call, channelID, msgID string) reply {
	if call.Method != http.MethodPost {
		return methodNotAllowed()
	}
	guild, known := s.knownChannelLocked(channelID)
	if !known {
		return errReply(http.StatusNotFound, 10003, "Unknown Channel")
	}
	if guild == "" {
		return errReply(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
	}
	if _, isThread := s.threads[channelID]; isThread {
		return errReply(http.StatusBadRequest, 50024, "Cannot execute action on this channel type")
	}
	m, ok := s.msgs[msgID]
	if !ok || m.deleted || m.channelID != channelID {
		return errReply(http.StatusNotFound, 10008, "Unknown Message")
	}
	for _, t := range s.threads {
		if t.starter == msgID {
			return errReply(http.StatusBadRequest, 160004, "A thread has already been created for this message")
		}
	}
	var body struct {
		Name string `json:"name"`
	}
	if err := json.Unmarshal(call.Body, &body); err != nil {
		return invalidJSON()
	}
	if n := len([]rune(strings.TrimSpace(body.Name))); n < 1 || n > 100 {
		fe := formErrors{}
		fe.add("BASE_TYPE_BAD_LENGTH", "Must be between 1 and 100 in length.", "name")
		return fe.reply()
	}
	t := &thread{id: s.newIDLocked(), parent: channelID, guild: guild, name: body.Name, starter: msgID}
	s.threads[t.id] = t
	s.notifyLocked()
	return jsonReply(http.StatusCreated, threadObj(t))
}

// Threads returns the threads started so far, as channels.
func (s *Server) Threads() []*discordgo.Channel {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.Channel
	for _, t := range s.threads {
		var c discordgo.Channel
		json.Unmarshal(mustJSON(threadObj(t)), &c)
		out = append(out, &c)
	}
	return out
}
