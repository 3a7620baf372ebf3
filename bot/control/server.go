package control

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"runtime/debug"
	"sync"
	"time"

	"golang.org/x/net/netutil"

	"github.com/talksbot/talksbot/bot"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// Source is one article in GET /sources (and `talksbot sources --json`):
// the bot's own description of an article.
type Source = bot.Source

// SourceOf describes an article.
func SourceOf(a *corpus.Article) Source {
	return Source{ID: a.ID, Title: a.Title, Outlet: a.Outlet, Published: a.Published,
		DateNote: a.DateNote, Kind: a.Kind, URL: a.URL, Passages: len(a.Passages())}
}

// IngestRequest is the body of POST /ingest: a URL for the server to fetch,
// or the bytes of a file (Markdown, text or HTML, as ingest.Detect reads).
type IngestRequest struct {
	URL         string `json:"url,omitempty"`
	Name        string `json:"name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Data        []byte `json:"data,omitempty"`
	Force       bool   `json:"force,omitempty"`
	// Meta is the article's metadata as given; it wins over the article's own.
	Meta ingest.Meta `json:"meta,omitzero"`
}

// AskRequest is the body of POST /ask.
type AskRequest struct {
	Question string `json:"question"`
	N        int    `json:"n"`
	// Turn, when set, is the question as a turn of a conversation
	// (index.FollowUp): its Standalone is what is answered.
	Turn *index.Turn `json:"turn,omitempty"`
}

// Server answers on the control socket for the process that holds the data
// directory.
type Server struct {
	Data *index.Data
	// Fetcher fetches the URLs of POST /ingest (default ingest.NewFetcher()).
	Fetcher *ingest.Fetcher
	// MaxBytes caps an uploaded file (default and at most
	// ingest.DefaultMaxBytes).
	MaxBytes int64
	// Changed, if set, is called after an article is added or updated and
	// after a rebuild: the bot's caches, replicas to publish to.
	Changed func(ctx context.Context)
	// Log, if set, gets a line per request.
	Log *slog.Logger
	// Feeds, if set, serves the feeds and their review queue (feeds.go).
	Feeds bot.Feeds
	// Aliases, if set, serves the alias lexicon (aliases.go).
	Aliases bot.Aliases

	once sync.Once
}

func (s *Server) init() {
	s.once.Do(func() {
		if s.Fetcher == nil {
			s.Fetcher = ingest.NewFetcher()
		}
		if s.MaxBytes <= 0 || s.MaxBytes > ingest.DefaultMaxBytes {
			s.MaxBytes = ingest.DefaultMaxBytes
		}
		if s.Log == nil {
			s.Log = slog.New(slog.DiscardHandler)
		}
	})
}

// Handler is the HTTP handler of the protocol.
func (s *Server) Handler() http.Handler {
	s.init()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /ping", s.ping)
	mux.HandleFunc("POST /ask", s.ask)
	mux.HandleFunc("POST /ingest", s.ingest)
	mux.HandleFunc("POST /reindex", s.reindex)
	mux.HandleFunc("POST /remove", s.remove)
	mux.HandleFunc("GET /sources", s.sources)
	mux.HandleFunc("GET /show/{id}", s.show)
	s.feedsRoutes(mux)
	s.aliasesRoutes(mux)
	return s.recoverer(mux)
}

// Start listens on the control socket of the data directory s.Data.Dir and
// serves until stop is called.
func Start(s *Server) (stop func(), err error) {
	l, err := Listen(s.Data.Dir)
	if err != nil {
		return nil, err
	}
	// Any process of the owner may connect: idle connections are closed,
	// a request body must arrive within BodyTimeout (decode), and at most
	// MaxConns are served at once. No ReadTimeout or WriteTimeout: a
	// reindex or an ingest answers when it is done.
	l = netutil.LimitListener(l, MaxConns)
	srv := &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second, IdleTimeout: IdleTimeout}
	s.init()
	if s.Log != nil {
		srv.ErrorLog = slog.NewLogLogger(s.Log.Handler(), slog.LevelWarn)
	}
	done := make(chan struct{})
	go func() {
		defer close(done)
		srv.Serve(l)
	}()
	s.Log.Info("control socket: talksbot ask, ingest, remove, reindex, sources, show, feeds, queue and aliases work through this process", "socket", l.Addr().String())
	return func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		if srv.Shutdown(ctx) != nil {
			srv.Close()
		}
		l.Close()
		<-done
	}, nil
}

// errorBody is every error response.
type errorBody struct {
	Error string `json:"error"`
	Code  string `json:"code"`
}

// Error codes.
const (
	codeBadRequest     = "bad_request"
	codeRefused        = "refused"   // the input is not something talksbot takes
	codeNotProse       = "not_prose" // refused as not prose; force adds it
	codeNotFound       = "not_found"
	codeNoArticle      = "no_article" // a removal named no stored article
	codeWritesDisabled = "writes_disabled"
	codeNoSpace        = "no_space"
	codeInternal       = "internal"
)

func writeError(w http.ResponseWriter, err error) {
	status, code := classify(err)
	writeJSON(w, status, errorBody{Error: err.Error(), Code: code})
}

// classify gives an error its HTTP status and code.
func classify(err error) (status int, code string) {
	switch {
	case errors.Is(err, errBadRequest):
		return http.StatusBadRequest, codeBadRequest
	case errors.Is(err, index.ErrNoArticle):
		return http.StatusNotFound, codeNoArticle
	case errors.Is(err, ErrNotFound):
		return http.StatusNotFound, codeNotFound
	case errors.Is(err, index.ErrWritesDisabled):
		return http.StatusServiceUnavailable, codeWritesDisabled
	case errors.Is(err, index.ErrNoSpace):
		return http.StatusInsufficientStorage, codeNoSpace
	case errors.Is(err, ingest.ErrNotProse):
		return http.StatusUnprocessableEntity, codeNotProse
	case isRefusal(err), isFeedRefusal(err), isAliasRefusal(err), errors.Is(err, index.ErrSourceArticle), errors.Is(err, corpus.ErrBadID):
		return http.StatusUnprocessableEntity, codeRefused
	}
	return http.StatusInternalServerError, codeInternal
}

func isRefusal(err error) bool {
	for _, e := range []error{ingest.ErrEmpty, ingest.ErrNotArticle, ingest.ErrTooBig, ingest.ErrType,
		ingest.ErrFormat, ingest.ErrBadURL, ingest.ErrBlocked, ingest.ErrFetch, ingest.ErrExtractor} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

var errBadRequest = errors.New("bad request")

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.Encode(v)
}

// The control socket's limits (variables for tests).
var (
	IdleTimeout = 60 * time.Second
	BodyTimeout = 30 * time.Second // to send a request's body
	MaxConns    = 32
)

// decode reads a JSON body of at most max bytes into v.
func decode(w http.ResponseWriter, r *http.Request, max int64, v any) error {
	// A body sent by halves must not hold its connection for ever; the
	// deadline is lifted once it is read, for the work that follows.
	rc := http.NewResponseController(w)
	rc.SetReadDeadline(time.Now().Add(BodyTimeout))
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, max))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		if errors.As(err, new(*http.MaxBytesError)) {
			return fmt.Errorf("%w: the request is more than %d bytes", ingest.ErrTooBig, max)
		}
		return fmt.Errorf("%w: %v", errBadRequest, err)
	}
	rc.SetReadDeadline(time.Time{})
	return nil
}

func (s *Server) recoverer(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				s.Log.Error("control: panic", "path", r.URL.Path, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
				writeError(w, fmt.Errorf("talksbot failed on this request: %v", v))
			}
		}()
		h.ServeHTTP(w, r)
	})
}

func (s *Server) ping(w http.ResponseWriter, r *http.Request) {
	writeJSON(w, http.StatusOK, map[string]any{"pid": os.Getpid(), "data": s.Data.Dir})
}

func (s *Server) ask(w http.ResponseWriter, r *http.Request) {
	var req AskRequest
	if err := decode(w, r, 64<<10, &req); err != nil {
		writeError(w, err)
		return
	}
	turn := index.Turn{Question: req.Question, Standalone: req.Question}
	if req.Turn != nil {
		turn = *req.Turn
	}
	if _, err := index.CheckQuestion(turn.Standalone); err != nil {
		writeError(w, fmt.Errorf("%w: %v", errBadRequest, err))
		return
	}
	ans, err := s.Data.AskTurn(r.Context(), turn, req.N)
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, ans)
}

func (s *Server) ingest(w http.ResponseWriter, r *http.Request) {
	var req IngestRequest
	// base64 takes 4 bytes for 3; a little more for the other fields.
	if err := decode(w, r, s.MaxBytes/3*4+64<<10, &req); err != nil {
		if errors.Is(err, ingest.ErrTooBig) {
			err = fmt.Errorf("%w: more than %d bytes", ingest.ErrTooBig, s.MaxBytes)
		}
		writeError(w, err)
		return
	}
	ctx := r.Context()
	var a *corpus.Article
	var err error
	name := req.Name
	switch {
	case req.URL != "" && req.Data != nil:
		err = fmt.Errorf("%w: give a url or data, not both", errBadRequest)
	case req.URL != "":
		name = req.URL
		a, err = s.Fetcher.Fetch(ctx, req.URL)
	case req.Data != nil:
		a, err = ingest.FromReader(ctx, s.Fetcher.Extractor, req.Name, req.ContentType, bytes.NewReader(req.Data), s.MaxBytes)
	default:
		err = fmt.Errorf("%w: give a url or data", errBadRequest)
	}
	var notes []string
	if err == nil {
		notes, err = ingest.Apply(a, req.Meta)
	}
	if err == nil && !req.Force {
		err = ingest.CheckProse(a)
	}
	if err != nil {
		s.Log.Info("control: ingest refused", "source", name, "err", err)
		writeError(w, err)
		return
	}
	res, err := s.Data.Ingest(ctx, a, req.Force)
	res.Notes = notes
	if err != nil {
		s.Log.Warn("control: ingest failed", "source", name, "err", err)
		writeError(w, err)
		return
	}
	s.Log.Info("control: ingest", "source", name, "status", res.Status, "id", res.ID)
	if s.Changed != nil && (res.Status == index.Added || res.Status == index.Updated) {
		s.Changed(ctx)
	}
	writeJSON(w, http.StatusOK, res)
}

// progressLine is one line of a long request's answer (POST /reindex,
// /aliases/add, /aliases/remove): progress, then the result or the error.
type progressLine struct {
	Done   int             `json:"done,omitempty"`
	Total  int             `json:"total,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  string          `json:"error,omitempty"`
	Code   string          `json:"code,omitempty"`
}

// streamProgress answers with JSON lines: one at once (the client knows it
// is heard), the progress of run at most ten a second and its last, then
// run's result or error.
func streamProgress(w http.ResponseWriter, run func(progress func(done, total int)) (any, error)) error {
	w.Header().Set("Content-Type", "application/x-ndjson")
	w.WriteHeader(http.StatusOK)
	rc := http.NewResponseController(w)
	var mu sync.Mutex
	enc := json.NewEncoder(w)
	send := func(l progressLine) {
		mu.Lock()
		defer mu.Unlock()
		enc.Encode(l)
		rc.Flush()
	}
	send(progressLine{}) // headers out: the client knows it is heard
	var last time.Time
	var lastDone int
	res, err := run(func(done, total int) {
		// At most ten lines a second, and the last one.
		if done == lastDone || (done < total && time.Since(last) < 100*time.Millisecond) {
			return
		}
		last, lastDone = time.Now(), done
		send(progressLine{Done: done, Total: total})
	})
	var b []byte
	if err == nil {
		b, err = json.Marshal(res)
	}
	if err != nil {
		_, code := classify(err)
		send(progressLine{Error: err.Error(), Code: code})
		return err
	}
	send(progressLine{Result: b})
	return nil
}

func (s *Server) reindex(w http.ResponseWriter, r *http.Request) {
	var res index.ReindexResult
	err := streamProgress(w, func(progress func(done, total int)) (any, error) {
		var err error
		res, err = s.Data.Reindex(r.Context(), progress)
		return res, err
	})
	if err != nil {
		s.Log.Warn("control: reindex failed", "err", err)
		return
	}
	s.Log.Info("control: reindex", "articles", res.Articles, "passages", res.Passages, "took", res.Took)
	if s.Changed != nil {
		s.Changed(r.Context())
	}
}

func (s *Server) sources(w http.ResponseWriter, r *http.Request) {
	articles, err := s.Data.Store.Load()
	if len(articles) == 0 && err != nil {
		writeError(w, err)
		return
	}
	rows := make([]Source, 0, len(articles))
	for _, a := range articles {
		rows = append(rows, SourceOf(a))
	}
	writeJSON(w, http.StatusOK, rows)
}

func (s *Server) show(w http.ResponseWriter, r *http.Request) {
	a, err := s.Data.Store.Get(r.PathValue("id"))
	if err != nil {
		writeError(w, fmt.Errorf("%w: no article %q", ErrNotFound, r.PathValue("id")))
		return
	}
	writeJSON(w, http.StatusOK, a)
}

// RemoveRequest is the body of POST /remove: the article to remove, and
// who asked (logged).
type RemoveRequest struct {
	ID string `json:"id"`
	By string `json:"by,omitempty"`
}

func (s *Server) remove(w http.ResponseWriter, r *http.Request) {
	var req RemoveRequest
	if err := decode(w, r, 64<<10, &req); err != nil {
		writeError(w, err)
		return
	}
	res, err := s.Data.RemoveArticle(r.Context(), req.ID)
	if err != nil {
		s.Log.Warn("control: remove failed", "id", req.ID, "by", req.By, "err", err)
		writeError(w, err)
		return
	}
	s.Log.Info("control: remove", "id", res.ID, "title", res.Title, "passages", res.Passages, "by", req.By)
	if s.Changed != nil {
		s.Changed(r.Context())
	}
	writeJSON(w, http.StatusOK, res)
}
