package fakediscord

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/bwmarrin/discordgo"
)

// commandsLocked serves /applications/{app}[/guilds/{guild}]/commands[/{id}].
func (s *Server) commandsLocked(call Call, app, guild, id string) reply {
	if app != AppID || (guild != "" && !knownGuild(guild)) {
		return errReply(http.StatusForbidden, 50001, "Missing Access")
	}
	list := s.commands[guild]
	if id == "" {
		switch call.Method {
		case http.MethodGet:
			out := make([]any, len(list))
			for i, c := range list {
				out[i] = c
			}
			return jsonReply(http.StatusOK, out)
		case http.MethodPut:
			var raws []map[string]json.RawMessage
			if err := json.Unmarshal(call.Payload(), &raws); err != nil {
				return invalidJSON()
			}
			fe := formErrors{}
			seen := map[string]bool{}
			for i, raw := range raws {
				c := decodeCommand(raw)
				validateCommand(fe, []string{strconv.Itoa(i)}, c)
				key := strconv.Itoa(c.Type) + "/" + c.Name
				if seen[key] {
					fe.add("APPLICATION_COMMANDS_DUPLICATE_NAME", "Application command names must be unique", strconv.Itoa(i), "name")
				}
				seen[key] = true
			}
			if len(fe) > 0 {
				return fe.reply()
			}
			out := make([]map[string]any, 0, len(raws))
			for _, raw := range raws {
				id := ""
				if old := findCommand(list, decodeCommand(raw)); old != nil {
					id, _ = old["id"].(string)
				}
				out = append(out, s.commandObjLocked(raw, id, guild))
			}
			s.commands[guild] = out
			return jsonReply(http.StatusOK, out)
		case http.MethodPost:
			raw, err := decodeObject(call.Payload())
			if err != nil {
				return invalidJSON()
			}
			c := decodeCommand(raw)
			fe := formErrors{}
			validateCommand(fe, nil, c)
			if len(fe) > 0 {
				return fe.reply()
			}
			if old := findCommand(list, c); old != nil {
				obj := s.commandObjLocked(raw, old["id"].(string), guild)
				s.replaceCommand(guild, obj)
				return jsonReply(http.StatusOK, obj)
			}
			obj := s.commandObjLocked(raw, "", guild)
			s.commands[guild] = append(list, obj)
			return jsonReply(http.StatusCreated, obj)
		}
		return methodNotAllowed()
	}
	var cmd map[string]any
	for _, c := range list {
		if c["id"] == id {
			cmd = c
		}
	}
	if cmd == nil {
		return errReply(http.StatusNotFound, 10063, "Unknown application command")
	}
	switch call.Method {
	case http.MethodGet:
		return jsonReply(http.StatusOK, cmd)
	case http.MethodPatch:
		patch, err := decodeObject(call.Payload())
		if err != nil {
			return invalidJSON()
		}
		var merged map[string]json.RawMessage
		json.Unmarshal(mustJSON(cmd), &merged)
		for k, v := range patch {
			merged[k] = v
		}
		fe := formErrors{}
		validateCommand(fe, nil, decodeCommand(merged))
		if len(fe) > 0 {
			return fe.reply()
		}
		obj := s.commandObjLocked(merged, id, guild)
		s.replaceCommand(guild, obj)
		return jsonReply(http.StatusOK, obj)
	case http.MethodDelete:
		var kept []map[string]any
		for _, c := range list {
			if c["id"] != id {
				kept = append(kept, c)
			}
		}
		s.commands[guild] = kept
		return noContent()
	}
	return methodNotAllowed()
}

func decodeCommand(raw map[string]json.RawMessage) commandIn {
	var c commandIn
	json.Unmarshal(mustJSON(raw), &c)
	if c.Type == 0 {
		c.Type = 1
	}
	return c
}

func findCommand(list []map[string]any, c commandIn) map[string]any {
	for _, old := range list {
		if old["name"] == c.Name && old["type"] == c.Type {
			return old
		}
	}
	return nil
}

func (s *Server) replaceCommand(guild string, obj map[string]any) {
	for i, c := range s.commands[guild] {
		if c["id"] == obj["id"] {
			s.commands[guild][i] = obj
		}
	}
}

// commandObjLocked builds a command as Discord returns it from a request
// payload: ids assigned, defaults filled in, permissions as a string.
func (s *Server) commandObjLocked(raw map[string]json.RawMessage, id, guild string) map[string]any {
	c := decodeCommand(raw)
	if id == "" {
		id = s.newIDLocked()
	}
	obj := map[string]any{
		"id": id, "application_id": AppID, "version": s.newIDLocked(), "type": c.Type,
		"name": c.Name, "description": c.Description, "default_member_permissions": nil,
		"nsfw": false, "integration_types": []int{0}, "contexts": nil,
	}
	if c.Type != 1 {
		obj["description"] = ""
	}
	for _, k := range []string{"name_localizations", "description_localizations", "nsfw", "integration_types", "contexts"} {
		if v, ok := raw[k]; ok && string(v) != "null" {
			obj[k] = v
		}
	}
	if v, ok := raw["default_member_permissions"]; ok && string(v) != "null" {
		var str string
		var num json.Number
		if json.Unmarshal(v, &str) == nil {
			obj["default_member_permissions"] = str
		} else if json.Unmarshal(v, &num) == nil {
			obj["default_member_permissions"] = num.String()
		}
	}
	if guild != "" {
		obj["guild_id"] = guild
	} else {
		obj["dm_permission"] = true
		if v, ok := raw["dm_permission"]; ok && string(v) != "null" {
			obj["dm_permission"] = v
		}
	}
	if len(c.Options) > 0 {
		obj["options"] = raw["options"]
	}
	return obj
}

// commandInfo is what Interact needs to know about a registered command.
type commandInfo struct {
	ID                       string  `json:"id"`
	Type                     int     `json:"type"`
	GuildID                  string  `json:"guild_id"`
	DefaultMemberPermissions *string `json:"default_member_permissions"`
	DMPermission             *bool   `json:"dm_permission"`
	Contexts                 *[]int  `json:"contexts"`
}

// lookupCommandLocked finds a registered command by name, guild commands
// first; registered reports whether any command is registered where Discord
// would look.
func (s *Server) lookupCommandLocked(name, guild string) (info *commandInfo, registered bool) {
	scopes := []string{""}
	if guild != "" {
		scopes = []string{guild, ""}
	}
	for _, scope := range scopes {
		for _, c := range s.commands[scope] {
			registered = true
			if c["name"] == name {
				var ci commandInfo
				json.Unmarshal(mustJSON(c), &ci)
				return &ci, true
			}
		}
	}
	return nil, registered
}

// Commands returns the registered commands: global ones for guildID "",
// else that guild's.
func (s *Server) Commands(guildID string) []*discordgo.ApplicationCommand {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*discordgo.ApplicationCommand
	json.Unmarshal(mustJSON(s.commands[guildID]), &out)
	return out
}
