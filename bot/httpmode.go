package bot

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// HTTP interactions endpoint limits.
const (
	maxInteractionBody = 64 << 10
	maxSignatureAge    = 5 * time.Minute
	// autoDefer is when an HTTP interaction still unanswered gets a
	// deferred reply, inside Discord's 3 seconds.
	autoDefer = 2500 * time.Millisecond
)

// HTTPHandler serves Discord's HTTP interactions endpoint: it checks the
// Ed25519 signature (401 when bad or missing) and the timestamp's age,
// limits the body, answers PING with PONG and runs the same handlers as the
// gateway. The first response goes in the HTTP reply; later edits and
// follow-ups go through s's REST API with the interaction token.
func (b *Bot) HTTPHandler(s *discordgo.Session, key ed25519.PublicKey) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "POST interactions here", http.StatusMethodNotAllowed)
			return
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxInteractionBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				http.Error(w, "body too large", http.StatusRequestEntityTooLarge)
				return
			}
			http.Error(w, "bad body", http.StatusBadRequest)
			return
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
		if !freshTimestamp(r.Header.Get("X-Signature-Timestamp"), time.Now()) || !discordgo.VerifyInteraction(r, key) {
			b.log.Warn("interaction with a bad signature refused", "remote", r.RemoteAddr)
			http.Error(w, "invalid request signature", http.StatusUnauthorized)
			return
		}
		var ix discordgo.Interaction
		if err := json.Unmarshal(body, &ix); err != nil {
			http.Error(w, "bad interaction", http.StatusBadRequest)
			return
		}
		if ix.Type == discordgo.InteractionPing {
			writeJSON(w, discordgo.InteractionResponse{Type: discordgo.InteractionResponsePong})
			return
		}
		if !b.replays.first(ix.ID, time.Now()) {
			b.log.Warn("replayed interaction answered without acting", "interaction", ix.ID, "remote", r.RemoteAddr)
			writeJSON(w, discordgo.InteractionResponse{Type: discordgo.InteractionResponseChannelMessageWithSource, Data: &discordgo.InteractionResponseData{
				Content: "This request was already handled.", Flags: discordgo.MessageFlagsEphemeral,
				AllowedMentions: &discordgo.MessageAllowedMentions{Parse: []discordgo.AllowedMentionType{}},
			}})
			return
		}
		if !b.begin() {
			http.Error(w, "shutting down", http.StatusServiceUnavailable)
			return
		}
		hr := &httpReplier{
			restReplier: restReplier{s: s, ix: &ix},
			first:       make(chan *discordgo.InteractionResponse, 1),
			written:     make(chan struct{}),
		}
		done := make(chan struct{})
		go func() {
			defer b.end()
			defer close(done)
			ctx, cancel := context.WithTimeout(context.Background(), handlerTimeout)
			defer cancel()
			b.handle(ctx, &request{ix: &ix, rp: hr, s: s})
		}()
		timer := time.NewTimer(autoDefer)
		defer timer.Stop()
		select {
		case resp := <-hr.first:
			hr.write(w, resp)
		case <-done:
			select {
			case resp := <-hr.first:
				hr.write(w, resp)
			default:
				hr.write(w, nil)
				http.Error(w, "no response", http.StatusInternalServerError)
			}
		case <-timer.C:
			if resp := hr.autoDefer(); resp != nil {
				hr.write(w, resp)
			} else {
				hr.write(w, <-hr.first)
			}
		}
	})
}

func freshTimestamp(ts string, now time.Time) bool {
	sec, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return false
	}
	age := now.Sub(time.Unix(sec, 0))
	return age < maxSignatureAge && age > -maxSignatureAge
}

func writeJSON(w http.ResponseWriter, v any) {
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(v)
}

// httpReplier answers the first time in the HTTP reply, then through REST.
type httpReplier struct {
	restReplier
	first   chan *discordgo.InteractionResponse
	written chan struct{}

	mu       sync.Mutex
	sent     bool // the handler's first response went to the HTTP reply
	deferred bool // the HTTP reply was an automatic deferral
	once     sync.Once
}

func (h *httpReplier) respond(ctx context.Context, resp *discordgo.InteractionResponse) error {
	h.mu.Lock()
	if h.deferred {
		h.mu.Unlock()
		return h.afterAutoDefer(ctx, resp)
	}
	if h.sent {
		h.mu.Unlock()
		return errors.New("interaction already answered")
	}
	h.sent = true
	h.mu.Unlock()
	h.first <- resp
	select {
	case <-h.written:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// autoDefer turns an unanswered interaction into a deferred one; it
// returns nil when the handler's response is on its way.
func (h *httpReplier) autoDefer() *discordgo.InteractionResponse {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.sent {
		return nil
	}
	h.deferred = true
	typ := discordgo.InteractionResponseDeferredChannelMessageWithSource
	switch h.ix.Type {
	case discordgo.InteractionMessageComponent:
		typ = discordgo.InteractionResponseDeferredMessageUpdate
	case discordgo.InteractionApplicationCommandAutocomplete:
		return &discordgo.InteractionResponse{Type: discordgo.InteractionApplicationCommandAutocompleteResult,
			Data: &discordgo.InteractionResponseData{Choices: []*discordgo.ApplicationCommandOptionChoice{}, AllowedMentions: noMentions()}}
	}
	return &discordgo.InteractionResponse{Type: typ, Data: &discordgo.InteractionResponseData{AllowedMentions: noMentions()}}
}

// afterAutoDefer delivers a late first response as an edit of the deferred
// message.
func (h *httpReplier) afterAutoDefer(ctx context.Context, resp *discordgo.InteractionResponse) error {
	switch resp.Type {
	case discordgo.InteractionResponseDeferredChannelMessageWithSource, discordgo.InteractionResponseDeferredMessageUpdate:
		return nil
	case discordgo.InteractionApplicationCommandAutocompleteResult:
		return errors.New("autocomplete answered too late")
	}
	d := resp.Data
	if d == nil {
		d = &discordgo.InteractionResponseData{}
	}
	return h.edit(ctx, &discordgo.WebhookEdit{
		Content: &d.Content, Embeds: &d.Embeds, Components: &d.Components, AllowedMentions: noMentions(),
	})
}

// write sends resp as the HTTP reply (nil: nothing) and lets the handler go on.
func (h *httpReplier) write(w http.ResponseWriter, resp *discordgo.InteractionResponse) {
	if resp != nil {
		writeJSON(w, resp)
		if f, ok := w.(http.Flusher); ok {
			f.Flush()
		}
	}
	h.once.Do(func() { close(h.written) })
}
