package control

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/index"
)

// The alias lexicon's endpoints (`talksbot aliases` through serve):
//
//	GET  /aliases         bot.AliasLexicon
//	POST /aliases/add     AliasAddRequest     → progress lines, then {"result": bot.AliasChange}
//	POST /aliases/remove  AliasRemoveRequest  → progress lines, then {"result": bot.AliasChange}
//
// Both changes re-index, so they answer as POST /reindex does.

// AliasAddRequest is the body of POST /aliases/add: the sets to add, and
// who asked (logged).
type AliasAddRequest struct {
	Sets index.AliasSet `json:"sets"`
	By   string         `json:"by,omitempty"`
}

// AliasRemoveRequest is the body of POST /aliases/remove: a phrase of the
// moderators' set to remove, and who asked.
type AliasRemoveRequest struct {
	Phrase string `json:"phrase"`
	By     string `json:"by,omitempty"`
}

// errNoAliases means the server keeps no alias lexicon (Server.Aliases is nil).
var errNoAliases = errors.New("this talksbot does not keep the alias lexicon")

func (s *Server) aliasesRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /aliases", func(w http.ResponseWriter, r *http.Request) {
		if s.Aliases == nil {
			writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: errNoAliases.Error(), Code: codeRefused})
			return
		}
		lex, err := s.Aliases.Aliases(r.Context())
		if err != nil {
			writeError(w, err)
			return
		}
		writeJSON(w, http.StatusOK, lex)
	})
	mux.HandleFunc("POST /aliases/add", func(w http.ResponseWriter, r *http.Request) {
		var req AliasAddRequest
		if err := decode(w, r, 1<<20, &req); err != nil {
			writeError(w, err)
			return
		}
		s.aliasesChange(w, r, "aliases add", req.By, func(progress func(done, total int)) (bot.AliasChange, error) {
			return s.Aliases.AddAliases(r.Context(), req.Sets, req.By, progress)
		})
	})
	mux.HandleFunc("POST /aliases/remove", func(w http.ResponseWriter, r *http.Request) {
		var req AliasRemoveRequest
		if err := decode(w, r, 64<<10, &req); err != nil {
			writeError(w, err)
			return
		}
		s.aliasesChange(w, r, "aliases remove", req.By, func(progress func(done, total int)) (bot.AliasChange, error) {
			return s.Aliases.RemoveAlias(r.Context(), req.Phrase, req.By, progress)
		})
	})
}

// aliasesChange streams an add or a remove. s.Aliases refreshes what
// depends on the index itself (serve's caches, replicas), as it does for
// /aliases on Discord: Changed is not called again.
func (s *Server) aliasesChange(w http.ResponseWriter, r *http.Request, op, by string, change func(progress func(done, total int)) (bot.AliasChange, error)) {
	if s.Aliases == nil {
		writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: errNoAliases.Error(), Code: codeRefused})
		return
	}
	var ch bot.AliasChange
	err := streamProgress(w, func(progress func(done, total int)) (any, error) {
		var err error
		ch, err = change(progress)
		return ch, err
	})
	if err != nil {
		s.Log.Warn("control: "+op+" failed", "by", by, "err", err)
		return
	}
	s.Log.Info("control: "+op, "sets", strings.TrimSpace(ch.Sets.String()), "articles", ch.Reindex.Articles, "by", by)
}

func isAliasRefusal(err error) bool {
	return errors.Is(err, bot.ErrAliasEmbedded) || errors.Is(err, bot.ErrNoAlias) || errors.Is(err, bot.ErrAliasKnown)
}

// Aliases lists the server's alias lexicon.
func (c *Client) Aliases(ctx context.Context) (bot.AliasLexicon, error) {
	var lex bot.AliasLexicon
	err := c.do(ctx, http.MethodGet, "/aliases", nil, &lex)
	return lex, err
}

// AddAliases has the server add alias sets and re-index.
func (c *Client) AddAliases(ctx context.Context, sets index.AliasSet, by string, progress func(done, total int)) (bot.AliasChange, error) {
	return streamed[bot.AliasChange](ctx, c, "aliases add", "/aliases/add", AliasAddRequest{Sets: sets, By: by}, progress)
}

// RemoveAlias has the server remove the moderators' set with a phrase and
// re-index.
func (c *Client) RemoveAlias(ctx context.Context, phrase, by string, progress func(done, total int)) (bot.AliasChange, error) {
	return streamed[bot.AliasChange](ctx, c, "aliases remove", "/aliases/remove", AliasRemoveRequest{Phrase: phrase, By: by}, progress)
}
