package bot

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/bwmarrin/discordgo"
)

// restRefusal is a Discord refusal as discordgo returns it: the status,
// Discord's JSON code and message, the raw body and the request.
func restRefusal(status, code int, msg, path string) error {
	body := fmt.Sprintf(`{"code": %d, "message": %q}`, code, msg)
	req := &http.Request{Method: http.MethodPost, URL: &url.URL{Path: path}}
	return fmt.Errorf("send: %w", &discordgo.RESTError{
		Request:      req,
		Response:     &http.Response{StatusCode: status, Status: fmt.Sprintf("%d %s", status, http.StatusText(status))},
		ResponseBody: []byte(body),
		Message:      &discordgo.APIErrorMessage{Code: code, Message: msg},
	})
}

// TestRefusalWords: every kind of refusal Discord gives the bot's requests
// is said to the member in words they can act on — never the HTTP body —
// and the log keeps the status, Discord's code and message and the
// request without its interaction token (issue 24 point 4).
func TestRefusalWords(t *testing.T) {
	const path = "/api/v9/interactions/123/secret-interaction-token/callback"
	for _, c := range []struct {
		name         string
		err          error
		says, thread string
	}{
		{"missing access", restRefusal(403, codeMissingAccess, "Missing Access", path), "can't see this channel", "can't see this channel"},
		{"missing permission", restRefusal(403, codeMissingPermissions, "Missing Permissions", path), "missing a permission", "Create Public Threads"},
		{"forbidden, no code", restRefusal(403, 0, "", path), "missing a permission", "Create Public Threads"},
		{"interaction expired", restRefusal(404, codeUnknownInteraction, "Unknown interaction", path), "took me too long", "could not find the message"},
		{"webhook gone", restRefusal(404, codeUnknownWebhook, "Unknown Webhook", path), "took me too long", "could not find the message"},
		{"channel gone", restRefusal(404, codeUnknownChannel, "Unknown Channel", path), "channel no longer exists", "channel does not exist"},
		{"message gone", restRefusal(404, codeUnknownMessage, "Unknown Message", path), "message I was answering is gone", "was it deleted?"},
		{"plain 404", restRefusal(404, 0, "404 page not found", path), "could not find what I was answering", "was it deleted?"},
		{"wrong channel type", restRefusal(400, codeWrongChannelType, "Cannot execute action on this channel type", path), "too long or malformed", "this kind of channel"},
		{"malformed", restRefusal(400, 50035, "Invalid Form Body", path), "too long or malformed", "too long or malformed"},
		{"too large", restRefusal(413, 40005, "Request entity too large", path), "too long or malformed", "too long or malformed"},
		{"slow down", restRefusal(429, 0, "You are being rate limited.", path), "slow down", "slow down"},
		{"rate limit", &discordgo.RateLimitError{RateLimit: &discordgo.RateLimit{}}, "slow down", "slow down"},
		{"bad token", restRefusal(401, 0, "401: Unauthorized", path), "did not accept my login", "did not accept my login"},
		{"discord down", restRefusal(502, 0, "Bad Gateway", path), "problem on its side (HTTP 502)", "problem on its side"},
		{"other", restRefusal(409, 0, "Conflict", path), "refused my request (HTTP 409)", "refused my request (HTTP 409)"},
	} {
		says, ok := refusalWords(c.err)
		if !ok || !strings.Contains(says, c.says) {
			t.Errorf("%s: the member reads %q (%v), want it to say %q", c.name, says, ok, c.says)
		}
		if th := threadWords(c.err); !strings.Contains(th, c.thread) {
			t.Errorf("%s: a failed thread start reads %q, want %q", c.name, th, c.thread)
		}
		for _, leak := range []string{`"code"`, "HTTP 404 Not Found", "page not found", "secret-interaction-token"} {
			if strings.Contains(says, leak) || strings.Contains(threadWords(c.err), leak) {
				t.Errorf("%s: the member's words carry %q: %q", c.name, leak, says)
			}
		}
		if _, isRest, _, _ := restError(c.err); isRest == 0 {
			continue // a rate limit has no response to log
		}
		attrs := fmt.Sprint(restAttrs(c.err))
		if strings.Contains(attrs, "secret-interaction-token") || !strings.Contains(attrs, "[token]") || !strings.Contains(attrs, "http_status") {
			t.Errorf("%s: the log's attributes %s must have the status and the request without its token", c.name, attrs)
		}
	}
	if _, ok := refusalWords(fmt.Errorf("dial tcp: connection refused")); ok {
		t.Error("a network failure is no refusal by Discord")
	}
}
