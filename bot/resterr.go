package bot

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/bwmarrin/discordgo"
)

// Discord's JSON error codes the bot tells members about
// (https://discord.com/developers/docs/topics/opcodes-and-status-codes#json).
const (
	codeUnknownChannel     = 10003
	codeUnknownMessage     = 10008
	codeUnknownWebhook     = 10015
	codeUnknownInteraction = 10062
	codeMissingAccess      = 50001
	codeMissingPermissions = 50013
	codeWrongChannelType   = 50024
	codeThreadExists       = 160004
)

// memberError is a failure whose cause is for the log and whose msg is what
// the member reads.
type memberError struct {
	msg   string
	cause error
}

func (e *memberError) Error() string { return e.cause.Error() }
func (e *memberError) Unwrap() error { return e.cause }

// restError is the Discord refusal in err: its HTTP status and Discord's
// JSON error code (0 when the body had none).
func restError(err error) (rest *discordgo.RESTError, status, code int, ok bool) {
	if !errors.As(err, &rest) || rest.Response == nil {
		return nil, 0, 0, false
	}
	if rest.Message != nil {
		code = rest.Message.Code
	}
	return rest, rest.Response.StatusCode, code, true
}

// refusalWords says, in words a member can act on, that Discord refused one
// of the bot's requests; ok is false when err is no such refusal. The
// response body never reaches the member: the log has it (restAttrs).
func refusalWords(err error) (string, bool) {
	var rl *discordgo.RateLimitError
	if errors.As(err, &rl) {
		return slowDown, true
	}
	_, status, code, ok := restError(err)
	if !ok {
		return "", false
	}
	switch {
	case code == codeMissingAccess:
		return "Discord refused: I can't see this channel. A server moderator can let my role view it (View Channel, Read Message History).", true
	case code == codeMissingPermissions || status == http.StatusForbidden:
		return "Discord refused: I am missing a permission in this channel. A server moderator can check my role's permissions here (Send Messages, Embed Links, Attach Files).", true
	case code == codeUnknownInteraction || code == codeUnknownWebhook:
		return "Discord no longer accepts my answer to this: it took me too long. Please ask again.", true
	case code == codeUnknownChannel:
		return "Discord says this channel no longer exists (or I can't see it), so I could not answer here.", true
	case code == codeUnknownMessage:
		return "The message I was answering is gone (deleted?), so I could not finish. Ask again if you still need the answer.", true
	case status == http.StatusNotFound:
		return "Discord could not find what I was answering (a deleted message or channel?). Please ask again.", true
	case status == http.StatusTooManyRequests:
		return slowDown, true
	case status == http.StatusUnauthorized:
		return "Discord did not accept my login (the bot token). Please tell a server moderator.", true
	case status >= 500:
		return fmt.Sprintf("Discord had a problem on its side (HTTP %d). Please try again in a moment.", status), true
	case status == http.StatusBadRequest || status == http.StatusRequestEntityTooLarge:
		return "Discord refused my reply (it was too long or malformed); the moderators have the detail in the log. Please try again, or tell a server moderator if it keeps happening.", true
	}
	return fmt.Sprintf("Discord refused my request (HTTP %d); the moderators have the detail in the log. Please try again in a moment.", status), true
}

const slowDown = "Discord asked me to slow down: too many requests at once. Please try again in a few seconds."

// threadWords says why a thread could not be started from a message.
func threadWords(err error) string {
	const cant = "I can't start a thread here — "
	_, status, code, ok := restError(err)
	switch {
	case !ok:
		if w, ok := refusalWords(err); ok {
			return w
		}
		return "I could not start a thread here."
	case code == codeMissingAccess:
		return cant + "I can't see this channel (a moderator can let my role view it)."
	case code == codeMissingPermissions || status == http.StatusForbidden:
		return cant + "I need the Create Public Threads permission in this channel (a moderator can give it to my role)."
	case code == codeWrongChannelType:
		return cant + "threads can't be started in this kind of channel."
	case code == codeUnknownChannel:
		return cant + "Discord says this channel does not exist (or I can't see it)."
	case code == codeUnknownMessage || status == http.StatusNotFound:
		return cant + "Discord could not find the message to start it from (was it deleted?)."
	}
	w, _ := refusalWords(err)
	return w
}

// restAttrs are a Discord refusal's details for the log: status, Discord's
// code and message, and the request (interaction and webhook tokens left
// out; the bot token is never in a URL).
func restAttrs(err error) []any {
	rest, status, code, ok := restError(err)
	if !ok {
		return nil
	}
	attrs := []any{"http_status", status, "discord_code", code}
	if rest.Message != nil && rest.Message.Message != "" {
		attrs = append(attrs, "discord_message", rest.Message.Message)
	}
	if rest.Request != nil && rest.Request.URL != nil {
		attrs = append(attrs, "request", rest.Request.Method+" "+redactPath(rest.Request.URL.Path))
	}
	return attrs
}

// redactPath leaves interaction tokens out of a REST path:
// /interactions/{id}/{token}/… and /webhooks/{app}/{token}/….
func redactPath(p string) string {
	segs := strings.Split(p, "/")
	for i := 0; i+2 < len(segs); i++ {
		if segs[i] == "interactions" || segs[i] == "webhooks" {
			segs[i+2] = "[token]"
			i += 2
		}
	}
	return strings.Join(segs, "/")
}

// restSummary is a refusal in one line for an operator: "HTTP 404 Not
// Found" with Discord's code and message when it sent them (a body that is
// not Discord's JSON is left out: it may be a page of HTML).
func restSummary(err error) string {
	rest, status, code, ok := restError(err)
	if !ok {
		return strings.Join(strings.Fields(err.Error()), " ")
	}
	s := fmt.Sprintf("HTTP %d %s", status, http.StatusText(status))
	if rest.Message != nil && (code != 0 || rest.Message.Message != "") {
		s += fmt.Sprintf(" (Discord code %d: %s)", code, strings.Join(strings.Fields(rest.Message.Message), " "))
	}
	return s
}
