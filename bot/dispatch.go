package bot

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"strconv"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/bwmarrin/discordgo"
)

// handlerTimeout bounds one interaction's work; Discord accepts edits for
// 15 minutes.
const handlerTimeout = 14 * time.Minute

// userError is an error whose text is meant for the user.
type userError struct{ msg string }

func (e userError) Error() string { return e.msg }

func userErrorf(format string, args ...any) error { return userError{fmt.Sprintf(format, args...)} }

// friendly turns an error into what the user reads.
func friendly(err error) string {
	var ue userError
	var me *memberError
	switch {
	case errors.As(err, &ue):
		return ue.msg
	case errors.As(err, &me):
		return me.msg
	}
	if w, ok := refusalWords(err); ok {
		return w
	}
	switch {
	case errors.Is(err, context.DeadlineExceeded):
		return "That took too long, so I gave up. Please try again in a moment."
	}
	return "Something went wrong on my side while answering. Please try again in a moment; if it keeps happening, tell a server moderator."
}

// capitalize upper-cases the first letter of an error text.
func capitalize(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[n:]
}

// Attach routes a gateway Session's interactions (and, when mentions are
// on, its messages) to the bot, and sets the intents it needs. Call it
// before Open.
func (b *Bot) Attach(s *discordgo.Session) {
	s.Identify.Intents = b.Intents()
	s.Dialer = b.gw.dialer(s.Dialer)
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Connect) { b.gw.onConnect() })
	s.AddHandler(func(s *discordgo.Session, _ *discordgo.Disconnect) { b.gw.onDisconnect() })
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Ready) {
		if r.User != nil {
			b.setBotUser(r.User.ID)
		}
		if r.Application != nil && r.Application.ID != "" {
			b.setAppID(r.Application.ID)
		}
		b.log.Info("connected to the gateway", "bot_user", userName(r.User), "guilds", len(r.Guilds))
	})
	s.AddHandler(func(s *discordgo.Session, r *discordgo.Resumed) {
		b.log.Info("gateway session resumed")
	})
	s.AddHandler(func(s *discordgo.Session, ic *discordgo.InteractionCreate) {
		if !b.begin() {
			return
		}
		defer b.end()
		ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
		defer cancel()
		b.handle(ctx, &request{ix: ic.Interaction, rp: restReplier{s: s, ix: ic.Interaction}, s: s})
	})
	if b.cfg.Mentions {
		s.AddHandler(b.onMessage)
	}
}

// Register replaces the application's commands with Commands(), in one
// bulk overwrite: in guildID when set (instant, for testing), else globally.
func (b *Bot) Register(ctx context.Context, s *discordgo.Session, guildID string) error {
	appID, err := b.applicationID(s)
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	cmds, err := s.ApplicationCommandBulkOverwrite(appID, guildID, Commands(), discordgo.WithContext(ctx))
	if err != nil {
		return fmt.Errorf("register commands: %w", err)
	}
	scope := "globally"
	if guildID != "" {
		scope = "in guild " + guildID
	}
	b.log.Info("registered commands", "count", len(cmds), "scope", scope, "application", appID)
	return nil
}

// applicationID is the application's id. Discord's answer wins: GET
// /oauth2/applications/@me, or, when that fails (servers that do not serve
// it), the gateway's READY. Config.ApplicationID (DISCORD_APPLICATION_ID)
// is used when Discord gives none; when Discord's differs from it, Discord's
// is used (it is the application of the token) and a warning names both.
func (b *Bot) applicationID(s *discordgo.Session) (string, error) {
	id, from := "", "GET /oauth2/applications/@me"
	app, err := s.Application("@me")
	if err == nil && app.ID != "" {
		id = app.ID
	} else {
		from = "the gateway's READY"
		id = b.appIDFromReady()
		if id == "" && s.State != nil && s.State.Application != nil {
			id = s.State.Application.ID // READY, kept by the session's state
		}
	}
	set := b.cfg.ApplicationID
	switch {
	case id != "" && set != "" && id != set:
		b.log.Warn("DISCORD_APPLICATION_ID differs from the application Discord names; using Discord's",
			"set", set, "discord", id, "from", from)
	case id != "":
		if from != "GET /oauth2/applications/@me" {
			b.log.Info("application id taken from the gateway's READY", "lookup_err", restSummaryOrNil(err))
		}
	case set != "":
		b.log.Info("application id from DISCORD_APPLICATION_ID: Discord named none", "lookup_err", restSummaryOrNil(err))
		return set, nil
	default:
		why := "GET /oauth2/applications/@me gave no id"
		if err != nil {
			why = "GET /oauth2/applications/@me: " + restSummary(err)
		}
		//lint:ignore ST1005 the message starts with a name
		return "", fmt.Errorf("Discord did not say which application the bot is (READY had no application; %s): set DISCORD_APPLICATION_ID or --application-id to the Application ID from the Developer Portal (General Information)", why)
	}
	return id, nil
}

func restSummaryOrNil(err error) any {
	if err == nil {
		return nil
	}
	return restSummary(err)
}

// Run connects s to the gateway, registers the commands (shard 0 only:
// every shard serves the same application) and answers until ctx is done;
// then it lets handlers in flight finish (up to 30 s) and closes the
// connection. When Discord closes the connection with a code after which
// reconnecting cannot help (4004: authentication failed; 4010–4014: bad
// shard, intents or version), Run stops and returns a *GatewayError.
func (b *Bot) Run(ctx context.Context, s *discordgo.Session, guildID string) error {
	b.Attach(s)
	if err := s.Open(); err != nil {
		b.gw.stop("")
		return fmt.Errorf("connect to the Discord gateway: %w", fatalError(err))
	}
	if s.ShardCount > 1 {
		b.log.Info("connected as a shard", "shard", s.ShardID, "shards", s.ShardCount)
	}
	if s.ShardID == 0 {
		if err := b.Register(ctx, s, guildID); err != nil {
			b.closeSession(s, "the commands could not be registered")
			return err
		}
	} else {
		b.log.Info("commands are registered by shard 0")
	}
	b.log.Info("answering; stop with Ctrl-C")
	select {
	case <-ctx.Done():
		b.log.Info("shutting down")
		b.shutdown(s, "shutting down")
		return nil
	case <-b.gw.fatalc:
		b.shutdown(s, "")
		return b.gw.fatal
	}
}

// shutdown lets handlers in flight finish, then closes s for the reason
// why (see closeSession).
func (b *Bot) shutdown(s *discordgo.Session, why string) {
	dctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := b.Drain(dctx); err != nil {
		b.log.Warn("handlers still running at shutdown", "err", err)
	}
	if s != nil {
		b.closeSession(s, why)
	}
}

// closeSession closes s on purpose, saying why in the log ("" after
// Discord closed the connection for good: nothing is left to close).
func (b *Bot) closeSession(s *discordgo.Session, why string) {
	b.gw.stop(why)
	s.Lock()
	s.ShouldReconnectOnError = false
	s.Unlock()
	if err := s.Close(); err != nil {
		b.log.Warn("close the gateway connection", "err", err)
	}
	if why != "" {
		b.log.Info("the bot closed the gateway connection", "why", why)
	}
}

// handle answers one interaction; a panic is recovered and logged, and the
// user told.
func (b *Bot) handle(ctx context.Context, r *request) {
	start := time.Now()
	outcome := OutcomeAnswered
	defer func() {
		if v := recover(); v != nil {
			outcome = OutcomeError
			b.log.Error("panic in interaction handler", "panic", fmt.Sprint(v), "interaction", r.describe(), "stack", string(debug.Stack()))
			if err := r.fail(ctx, friendly(errors.New("panic"))); err != nil {
				b.log.Warn("could not tell the user about a panic", "err", err)
			}
		}
		b.cfg.Metrics.question(b.commandLabel(r), outcome, time.Since(start))
	}()
	err := b.route(ctx, r)
	outcome = questionOutcome(outcome, r.said)
	if err != nil {
		lvl := slog.LevelWarn
		outcome = OutcomeError
		var ue userError
		if errors.As(err, &ue) {
			lvl = slog.LevelInfo
			outcome = OutcomeRefused
		}
		attrs := append([]any{"interaction", r.describe(), "user", r.userID(), "err", err}, restAttrs(err)...)
		b.log.Log(ctx, lvl, "interaction failed", attrs...)
		if ferr := r.fail(ctx, friendly(err)); ferr != nil {
			b.log.Warn("could not send the error to the user", "err", ferr, "interaction", r.describe())
		}
		return
	}
	b.log.Debug("interaction answered", "interaction", r.describe(), "user", r.userID(), "took", time.Since(start))
}

// commandLabel names an interaction for the metrics: a command of ours,
// "unknown", "autocomplete", "button" or "other".
func (b *Bot) commandLabel(r *request) string {
	switch r.ix.Type {
	case discordgo.InteractionApplicationCommand:
		if name := r.ix.ApplicationCommandData().Name; b.handlers[name].run != nil {
			return name
		}
		return "unknown"
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete"
	case discordgo.InteractionMessageComponent:
		return "button"
	}
	return "other"
}

func (r *request) describe() string {
	switch r.ix.Type {
	case discordgo.InteractionApplicationCommand:
		return "/" + r.ix.ApplicationCommandData().Name
	case discordgo.InteractionApplicationCommandAutocomplete:
		return "autocomplete /" + r.ix.ApplicationCommandData().Name
	case discordgo.InteractionMessageComponent:
		return "button " + r.ix.MessageComponentData().CustomID
	}
	return "interaction type " + strconv.Itoa(int(r.ix.Type))
}

func (b *Bot) route(ctx context.Context, r *request) error {
	switch r.ix.Type {
	case discordgo.InteractionApplicationCommand:
		name := r.ix.ApplicationCommandData().Name
		h, ok := b.handlers[name]
		if !ok {
			return userErrorf("I don't know the command /%s. My commands may have changed: try /help.", name)
		}
		if h.moderator {
			if err := b.checkModerator(r, name); err != nil {
				return err
			}
		}
		if h.cooldown {
			if err := b.checkCooldown(r.userID()); err != nil {
				return err
			}
		}
		return h.run(ctx, r)
	case discordgo.InteractionApplicationCommandAutocomplete:
		h, ok := b.handlers[r.ix.ApplicationCommandData().Name]
		if !ok || h.complete == nil {
			return r.choices(ctx, nil)
		}
		return h.complete(ctx, r)
	case discordgo.InteractionMessageComponent:
		// Page buttons show what was already answered: no cooldown.
		return b.onComponent(ctx, r)
	case discordgo.InteractionModalSubmit:
		return b.onModal(ctx, r)
	}
	return userErrorf("I can't handle that kind of interaction.")
}

func (b *Bot) checkCooldown(user string) error {
	if user == "" {
		return nil
	}
	if ok, wait := b.cool.allow(user); !ok {
		secs := int(wait.Seconds() + 0.999)
		return userErrorf("Easy there: you can ask again in %s. (A few questions every %s each, so everyone gets answers quickly.)",
			plural(max(1, secs), "second"), b.cool.per.Round(time.Second))
	}
	return nil
}

// checkModerator lets moderator commands through for members with Manage
// Server or Administrator in the channel, or a configured moderator role;
// never in DMs. Refusals are logged.
func (b *Bot) checkModerator(r *request, cmd string) error {
	if r.ix.GuildID == "" || r.ix.Member == nil {
		b.log.Warn("moderator command refused", "command", cmd, "user", r.userID(), "user_name", userName(r.user()), "reason", "DM")
		return userErrorf("/%s works in a server, not in direct messages.", cmd)
	}
	perms := r.ix.Member.Permissions
	ok := perms&discordgo.PermissionAdministrator != 0 || perms&discordgo.PermissionManageGuild != 0
	for _, role := range r.ix.Member.Roles {
		if slices.Contains(b.cfg.ModRoles, role) {
			ok = true
		}
	}
	if !ok {
		b.log.Warn("moderator command refused", "command", cmd, "user", r.userID(), "user_name", userName(r.user()),
			"guild", r.ix.GuildID, "reason", "not a moderator")
		return userErrorf("/%s is for moderators: it needs the Manage Server permission or the moderator role. Ask a server moderator.", cmd)
	}
	return nil
}

func userName(u *discordgo.User) string {
	if u == nil {
		return ""
	}
	return u.Username
}
