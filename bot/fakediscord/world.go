package fakediscord

import (
	"strconv"
	"time"
)

// The objects of the fake world, shaped like Discord's JSON: IDs and
// permissions are strings, absent values are null.

var joinedAt = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC).Format("2006-01-02T15:04:05.000000+00:00")

func botUser() map[string]any {
	return map[string]any{
		"id": BotUserID, "username": BotUsername, "discriminator": "0", "global_name": nil,
		"avatar": nil, "bot": true, "verified": true, "mfa_enabled": false, "flags": 0,
		"public_flags": 0, "email": nil,
	}
}

func userObj(id string) map[string]any {
	if id == BotUserID {
		return botUser()
	}
	name := "user" + id[max(0, len(id)-4):]
	return map[string]any{
		"id": id, "username": name, "discriminator": "0", "global_name": "User " + id[max(0, len(id)-4):],
		"avatar": nil, "public_flags": 0, "flags": 0, "avatar_decoration_data": nil,
		"collectibles": nil, "clan": nil, "primary_guild": nil,
	}
}

// memberObj is a guild member; withUser adds the user object (interactions
// carry it, resolved members do not).
func memberObj(userID string, roles []string, perms int64, withUser bool) map[string]any {
	if roles == nil {
		roles = []string{}
	}
	m := map[string]any{
		"roles": roles, "joined_at": joinedAt, "premium_since": nil, "nick": nil, "avatar": nil,
		"banner": nil, "deaf": false, "mute": false, "pending": false, "flags": 0,
		"communication_disabled_until": nil, "unusual_dm_activity_until": nil,
		"permissions": strconv.FormatInt(perms, 10),
	}
	if withUser {
		m["user"] = userObj(userID)
	}
	return m
}

// channelOf returns the default text channel of a known guild.
func channelOf(guildID string) string {
	if guildID == OtherGuildID {
		return OtherChannelID
	}
	return ChannelID
}

func knownGuild(id string) bool { return id == GuildID || id == OtherGuildID }

// guildOfChannel returns the guild of a known channel ("" for the DM).
func guildOfChannel(id string) (string, bool) {
	switch id {
	case ChannelID:
		return GuildID, true
	case OtherChannelID:
		return OtherGuildID, true
	case DMChannelID:
		return "", true
	}
	return "", false
}

func channelObj(id string) map[string]any {
	guild, _ := guildOfChannel(id)
	if guild == "" && id == DMChannelID {
		return map[string]any{
			"id": id, "type": 1, "last_message_id": nil, "flags": 0,
			"recipients": []any{userObj(UserID)},
		}
	}
	if guild == "" {
		guild = GuildID
	}
	return map[string]any{
		"id": id, "type": 0, "guild_id": guild, "name": "general", "position": 0,
		"permission_overwrites": []any{}, "parent_id": nil, "nsfw": false, "topic": nil,
		"last_message_id": nil, "rate_limit_per_user": 0, "flags": 0,
	}
}

func everyoneRole(guildID string) map[string]any {
	return map[string]any{
		"id": guildID, "name": "@everyone", "color": 0, "hoist": false, "icon": nil,
		"unicode_emoji": nil, "position": 0, "permissions": strconv.FormatInt(MemberPermissions, 10),
		"managed": false, "mentionable": false, "flags": 0,
	}
}

func roleObj(id string) map[string]any {
	return map[string]any{
		"id": id, "name": "role-" + id[max(0, len(id)-4):], "color": 0, "hoist": false, "icon": nil,
		"unicode_emoji": nil, "position": 1, "permissions": "0", "managed": false,
		"mentionable": false, "flags": 0,
	}
}

func guildCreate(id string) map[string]any {
	name := "Test Guild"
	if id == OtherGuildID {
		name = "Other Guild"
	}
	ch := channelObj(channelOf(id))
	delete(ch, "guild_id") // GUILD_CREATE channels omit it
	bot := memberObj(BotUserID, nil, MemberPermissions, true)
	delete(bot, "permissions")
	return map[string]any{
		"id": id, "name": name, "icon": nil, "splash": nil, "discovery_splash": nil, "banner": nil,
		"owner_id": OwnerID, "afk_channel_id": nil, "afk_timeout": 300, "verification_level": 0,
		"default_message_notifications": 0, "explicit_content_filter": 0, "mfa_level": 0,
		"roles": []any{everyoneRole(id)}, "emojis": []any{}, "stickers": []any{}, "features": []any{},
		"application_id": nil, "system_channel_id": channelOf(id), "system_channel_flags": 0,
		"rules_channel_id": nil, "vanity_url_code": nil, "description": nil, "premium_tier": 0,
		"premium_subscription_count": 0, "preferred_locale": "en-US", "public_updates_channel_id": nil,
		"nsfw_level": 0, "max_members": 500000, "max_video_channel_users": 25,
		"joined_at": joinedAt, "large": false, "unavailable": false, "member_count": 3,
		"voice_states": []any{}, "members": []any{bot}, "channels": []any{ch}, "threads": []any{},
		"presences": []any{}, "stage_instances": []any{}, "guild_scheduled_events": []any{},
		"soundboard_sounds": []any{}, "lazy": true,
	}
}

func application() map[string]any {
	return map[string]any{
		"id": AppID, "name": BotUsername, "icon": nil, "description": "", "summary": "",
		"type": nil, "bot_public": true, "bot_require_code_grant": false,
		"verify_key": "0000000000000000000000000000000000000000000000000000000000000000",
		"flags":      1<<19 | 1<<23, "owner": userObj(OwnerID), "team": nil, "bot": botUser(),
	}
}
