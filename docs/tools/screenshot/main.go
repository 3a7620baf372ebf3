// Command screenshot draws docs/img/answer.png: the bot's real reply to
// /ask, drawn the way Discord shows it. There is no Discord here, so the
// picture is made from what the bot would send: it opens the embedded
// corpus in a throwaway data directory, posts a signed /ask interaction to
// the bot's own HTTP interactions endpoint (bot.HTTPHandler, the code
// `talksbot serve --http` runs), and draws the embed and buttons of the
// JSON reply on Discord's dark theme with the Go fonts. What it cannot draw
// it leaves out rather than imitates: the Go fonts have no emoji, so the
// vote buttons show their labels without 👍 and 👎; the member's name and
// the bot's avatar are placeholders.
//
// Run it from the repository's root:
//
//	go run ./docs/tools/screenshot                 # docs/img/answer.png
//	go run ./docs/tools/screenshot -json reply.json -q "Who leads the talks?"
//
// It is not one of talksbot's binaries (go build ./cmd/... leaves it out).
package main

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"image/png"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"time"

	"github.com/bwmarrin/discordgo"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/index"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "screenshot:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("screenshot", flag.ContinueOnError)
	q := fs.String("q", "How many U.S. troops are in Iraq?", "the question asked with /ask")
	out := fs.String("out", "docs/img/answer.png", "the PNG to write")
	raw := fs.String("json", "", "also write the bot's reply, as Discord receives it, to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	resp, err := askBot(context.Background(), *q)
	if err != nil {
		return err
	}
	if *raw != "" {
		b, _ := json.MarshalIndent(resp, "", "  ")
		if err := os.WriteFile(*raw, append(b, '\n'), 0o644); err != nil {
			return err
		}
	}
	img, err := drawReply(resp)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		return err
	}
	return os.WriteFile(*out, buf.Bytes(), 0o644)
}

// askBot asks q through the bot's HTTP interactions endpoint and returns
// its reply.
func askBot(ctx context.Context, q string) (*reply, error) {
	dir, err := os.MkdirTemp("", "talksbot-screenshot-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	d, err := index.OpenData(ctx, dir+"/data", nil)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	b := bot.New(bot.Config{Answerer: d, Library: noLibrary{}, Feedback: noFeedback{}})
	s, err := bot.NewSession("screenshot", nil) // never used: the reply goes in the HTTP response
	if err != nil {
		return nil, err
	}
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		return nil, err
	}
	body, err := json.Marshal(map[string]any{
		"id": "1", "application_id": "2", "type": discordgo.InteractionApplicationCommand,
		"token": "screenshot", "channel_id": "3", "guild_id": "4", "version": 1,
		"member": map[string]any{"user": map[string]any{"id": "5", "username": "member"}, "permissions": "0"},
		"data": map[string]any{"id": "6", "name": "ask", "type": 1, "options": []map[string]any{
			{"name": "question", "type": discordgo.ApplicationCommandOptionString, "value": q},
		}},
	})
	if err != nil {
		return nil, err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	req := httptest.NewRequest(http.MethodPost, "/", bytes.NewReader(body))
	req.Header.Set("X-Signature-Ed25519", hex.EncodeToString(ed25519.Sign(priv, append([]byte(ts), body...))))
	req.Header.Set("X-Signature-Timestamp", ts)
	rec := httptest.NewRecorder()
	b.HTTPHandler(s, pub).ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		return nil, fmt.Errorf("the bot answered %d: %s", rec.Code, rec.Body)
	}
	var resp reply
	if err := json.Unmarshal(rec.Body.Bytes(), &resp); err != nil {
		return nil, fmt.Errorf("the bot's reply: %w", err)
	}
	if resp.Type != discordgo.InteractionResponseChannelMessageWithSource || resp.Data == nil || len(resp.Data.Embeds) == 0 {
		return nil, fmt.Errorf("the bot's reply is not an answer (type %d): %s", resp.Type, rec.Body)
	}
	return &resp, nil
}

// reply is the part of an interaction response that is drawn: discordgo
// marshals components but does not read them back.
type reply struct {
	Type discordgo.InteractionResponseType `json:"type"`
	Data *replyData                        `json:"data"`
}

// replyData is the message: its embeds and its rows of buttons.
type replyData struct {
	Content    string                    `json:"content"`
	Embeds     []*discordgo.MessageEmbed `json:"embeds"`
	Components []struct {
		Components []button `json:"components"`
	} `json:"components"`
}

// button is one button of a reply's action rows.
type button struct {
	Label string                 `json:"label"`
	Style discordgo.ButtonStyle  `json:"style"`
	Emoji *struct{ Name string } `json:"emoji"`
	URL   string                 `json:"url"`
}

// noLibrary and noFeedback stand in for the data directory's source list
// and vote store, which /ask does not read; noFeedback makes the reply
// carry its vote buttons, as it does under serve.
type noLibrary struct{}

func (noLibrary) Sources(context.Context) ([]bot.Source, error) { return nil, nil }

type noFeedback struct{}

func (noFeedback) Vote(context.Context, bot.Vote) error { return errors.New("not kept") }
func (noFeedback) Gap(context.Context, string, index.Outcome, time.Time) error {
	return nil
}
func (noFeedback) Gaps(context.Context, int) ([]bot.Gap, error) { return nil, nil }
