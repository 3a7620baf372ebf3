package fakediscord

import (
	"bytes"
	"crypto/sha1"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime"
	"mime/multipart"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// reply is a REST answer.
type reply struct {
	status int
	body   []byte
	header http.Header
}

func jsonReply(status int, v any) reply { return reply{status: status, body: mustJSON(v)} }

// errReply is Discord's JSON error body: {"message": msg, "code": code}.
func errReply(status, code int, msg string) reply {
	return jsonReply(status, map[string]any{"message": msg, "code": code})
}

func noContent() reply { return reply{status: http.StatusNoContent} }

func notFound() reply { return errReply(http.StatusNotFound, 0, "404: Not Found") }

func methodNotAllowed() reply {
	return errReply(http.StatusMethodNotAllowed, 0, "405: Method Not Allowed")
}

func invalidJSON() reply {
	return errReply(http.StatusBadRequest, 50109, "The request body contains invalid JSON.")
}

func emptyMessage() reply {
	return errReply(http.StatusBadRequest, 50006, "Cannot send an empty message")
}

var apiPrefix = regexp.MustCompile(`^/api(/v[0-9]+)?(/|$)`)

// apiRoute strips /api/vN from a path.
func apiRoute(path string) (string, bool) {
	loc := apiPrefix.FindStringIndex(path)
	if loc == nil {
		return "", false
	}
	return "/" + strings.TrimPrefix(path[loc[1]:], "/"), true
}

func (s *Server) serveHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == gatewayPath || r.URL.Path == gatewayPath+"/" {
		s.serveGateway(w, r)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxRequestBody))
	call := Call{
		Method: r.Method,
		Path:   r.URL.Path,
		Query:  r.URL.Query(),
		Header: r.Header.Clone(),
		Body:   body,
	}
	call.Route, _ = apiRoute(r.URL.Path)

	s.mu.Lock()
	var rep reply
	if err != nil {
		rep = errReply(http.StatusRequestEntityTooLarge, 40005, "Request entity too large")
	} else {
		rep = s.handleRESTLocked(call)
	}
	call.Status = rep.status
	// Record before answering, so a client that got its answer always finds
	// its call in Calls.
	s.calls = append(s.calls, call)
	s.logLocked("%s %s → %d", call.Method, r.URL.RequestURI(), rep.status)
	s.notifyLocked()
	s.mu.Unlock()

	h := w.Header()
	for k, v := range rep.header {
		h[k] = v
	}
	if rep.body != nil && h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	w.WriteHeader(rep.status)
	w.Write(rep.body)
}

func (s *Server) handleRESTLocked(call Call) reply {
	if !strings.HasPrefix(call.Path, "/api/") {
		return notFound()
	}
	segs := strings.Split(strings.Trim(call.Route, "/"), "/")
	tmpl, major := bucketRoute(call.Method, segs)
	if f := s.takeFaultLocked(call.Method, call.Path, call.Route); f != nil {
		return s.faultReplyLocked(f, tmpl, major)
	}
	rl, limited := s.rateLimitLocked(tmpl, major)
	var rep reply
	switch {
	case limited:
		after, _ := strconv.ParseFloat(rl.Get("X-RateLimit-Reset-After"), 64)
		rep = jsonReply(http.StatusTooManyRequests, map[string]any{
			"message": "You are being rate limited.", "retry_after": after, "global": false,
		})
		rl.Set("Retry-After", strconv.Itoa(int(math.Ceil(after))))
		rl.Set("X-RateLimit-Scope", "user")
	case !authExempt(segs) && !s.authorized(call.Header.Get("Authorization")):
		rep = errReply(http.StatusUnauthorized, 0, "401: Unauthorized")
	default:
		rep = s.routeLocked(call, segs)
	}
	if rep.header == nil {
		rep.header = http.Header{}
	}
	for k, v := range rl {
		rep.header[k] = v
	}
	return rep
}

func (s *Server) authorized(h string) bool {
	if s.cfg.token == "" {
		return h != ""
	}
	return h == "Bot "+s.cfg.token
}

// authExempt reports routes Discord serves without a bot token: the gateway
// URL, interaction callbacks and webhook-token routes.
func authExempt(segs []string) bool {
	switch segs[0] {
	case "gateway", "interactions":
		return true
	case "webhooks":
		return len(segs) >= 3
	}
	return false
}

func (s *Server) faultReplyLocked(f *fault, tmpl, major string) reply {
	if f.status != http.StatusTooManyRequests {
		rep := errReply(f.status, 0, fmt.Sprintf("%d: %s", f.status, http.StatusText(f.status)))
		if f.retryAfter > 0 {
			rep.header = http.Header{"Retry-After": {strconv.Itoa(int(math.Ceil(f.retryAfter)))}}
		}
		return rep
	}
	rep := jsonReply(http.StatusTooManyRequests, map[string]any{
		"message": "You are being rate limited.", "retry_after": f.retryAfter, "global": f.global,
	})
	h := http.Header{}
	h.Set("Retry-After", strconv.Itoa(int(math.Ceil(f.retryAfter))))
	if f.global {
		// Discord's global 429 carries no bucket headers.
		h.Set("X-RateLimit-Global", "true")
		h.Set("X-RateLimit-Scope", "global")
	} else {
		after := time.Duration(f.retryAfter * float64(time.Second))
		h.Set("X-RateLimit-Limit", strconv.Itoa(s.cfg.rlLimit))
		h.Set("X-RateLimit-Remaining", "0")
		h.Set("X-RateLimit-Reset", unixSeconds(time.Now().Add(after)))
		h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", f.retryAfter))
		h.Set("X-RateLimit-Bucket", bucketHash(tmpl))
		h.Set("X-RateLimit-Scope", "user")
	}
	rep.header = h
	return rep
}

type bucket struct {
	start time.Time
	count int
}

// bucketRoute returns a request's rate-limit route (method and path with IDs
// replaced) and its top-level resource (channel, guild, webhook+token,
// interaction+token), which Discord limits separately.
func bucketRoute(method string, segs []string) (tmpl, major string) {
	parts := make([]string, len(segs))
	copy(parts, segs)
	majors := 0
	switch segs[0] {
	case "channels", "guilds":
		majors = 1
	case "webhooks", "interactions":
		majors = 2
	}
	for i := 1; i < len(parts); i++ {
		if i <= majors {
			major += "/" + parts[i]
			parts[i] = ":major"
		} else if isSnowflake(parts[i]) {
			parts[i] = ":id"
		}
	}
	return method + " /" + strings.Join(parts, "/"), major
}

func bucketHash(tmpl string) string {
	sum := sha1.Sum([]byte(tmpl))
	return hex.EncodeToString(sum[:8])
}

func unixSeconds(t time.Time) string {
	return fmt.Sprintf("%.3f", float64(t.UnixMilli())/1000)
}

func isSnowflake(s string) bool {
	if s == "" || len(s) > 20 {
		return false
	}
	_, err := strconv.ParseUint(s, 10, 64)
	return err == nil
}

// rateLimitLocked counts a request in its bucket and returns the
// X-RateLimit-* headers, and whether the bucket is exhausted.
func (s *Server) rateLimitLocked(tmpl, major string) (http.Header, bool) {
	key := tmpl + " " + major
	now := time.Now()
	b := s.buckets[key]
	if b == nil || now.Sub(b.start) >= s.cfg.rlWindow {
		b = &bucket{start: now}
		s.buckets[key] = b
	}
	b.count++
	reset := b.start.Add(s.cfg.rlWindow)
	remaining := s.cfg.rlLimit - b.count
	h := http.Header{}
	h.Set("X-RateLimit-Limit", strconv.Itoa(s.cfg.rlLimit))
	h.Set("X-RateLimit-Remaining", strconv.Itoa(max(remaining, 0)))
	h.Set("X-RateLimit-Reset", unixSeconds(reset))
	h.Set("X-RateLimit-Reset-After", fmt.Sprintf("%.3f", reset.Sub(now).Seconds()))
	h.Set("X-RateLimit-Bucket", bucketHash(tmpl))
	return h, remaining < 0
}

// match matches path segments against a pattern where "*" captures one segment.
func match(segs []string, pattern ...string) ([]string, bool) {
	if len(segs) != len(pattern) {
		return nil, false
	}
	var params []string
	for i, p := range pattern {
		switch {
		case p == "*":
			params = append(params, segs[i])
		case p != segs[i]:
			return nil, false
		}
	}
	return params, true
}

func (s *Server) routeLocked(call Call, segs []string) reply {
	m := call.Method
	if _, ok := match(segs, "gateway"); ok {
		if m != http.MethodGet {
			return methodNotAllowed()
		}
		return jsonReply(http.StatusOK, map[string]any{"url": s.wsURL})
	}
	if _, ok := match(segs, "gateway", "bot"); ok {
		if m != http.MethodGet {
			return methodNotAllowed()
		}
		return jsonReply(http.StatusOK, map[string]any{
			"url": s.wsURL, "shards": 1,
			"session_start_limit": map[string]any{"total": 1000, "remaining": 999, "reset_after": 14400000, "max_concurrency": 1},
		})
	}
	if p, ok := match(segs, "users", "*"); ok {
		if m != http.MethodGet {
			return methodNotAllowed()
		}
		switch {
		case p[0] == "@me":
			return jsonReply(http.StatusOK, botUser())
		case isSnowflake(p[0]):
			return jsonReply(http.StatusOK, userObj(p[0]))
		}
		return errReply(http.StatusNotFound, 10013, "Unknown User")
	}
	if _, ok := match(segs, "oauth2", "applications", "@me"); ok {
		if s.cfg.noApp {
			return reply{status: http.StatusNotFound, body: []byte("404 page not found\n"), header: http.Header{"Content-Type": {"text/plain; charset=utf-8"}}}
		}
		if m != http.MethodGet {
			return methodNotAllowed()
		}
		return jsonReply(http.StatusOK, application())
	}
	if p, ok := match(segs, "applications", "*", "commands"); ok {
		return s.commandsLocked(call, p[0], "", "")
	}
	if p, ok := match(segs, "applications", "*", "commands", "*"); ok {
		return s.commandsLocked(call, p[0], "", p[1])
	}
	if p, ok := match(segs, "applications", "*", "guilds", "*", "commands"); ok {
		return s.commandsLocked(call, p[0], p[1], "")
	}
	if p, ok := match(segs, "applications", "*", "guilds", "*", "commands", "*"); ok {
		return s.commandsLocked(call, p[0], p[1], p[2])
	}
	if p, ok := match(segs, "interactions", "*", "*", "callback"); ok {
		if m != http.MethodPost {
			return methodNotAllowed()
		}
		return s.callbackLocked(call, p[0], p[1])
	}
	if p, ok := match(segs, "webhooks", "*", "*"); ok {
		if m != http.MethodPost {
			return methodNotAllowed()
		}
		return s.followupLocked(call, p[0], p[1])
	}
	if p, ok := match(segs, "webhooks", "*", "*", "messages", "*"); ok {
		return s.webhookMessageLocked(call, p[0], p[1], p[2])
	}
	if p, ok := match(segs, "channels", "*"); ok {
		if m != http.MethodGet {
			return methodNotAllowed()
		}
		if _, known := s.knownChannelLocked(p[0]); !known {
			return errReply(http.StatusNotFound, 10003, "Unknown Channel")
		}
		return jsonReply(http.StatusOK, s.channelObjLocked(p[0]))
	}
	if p, ok := match(segs, "channels", "*", "typing"); ok {
		if m != http.MethodPost {
			return methodNotAllowed()
		}
		if _, known := s.knownChannelLocked(p[0]); !known {
			return errReply(http.StatusNotFound, 10003, "Unknown Channel")
		}
		return noContent()
	}
	if p, ok := match(segs, "channels", "*", "messages"); ok {
		return s.channelMessagesLocked(call, p[0])
	}
	if p, ok := match(segs, "channels", "*", "messages", "*"); ok {
		return s.channelMessageLocked(call, p[0], p[1])
	}
	if p, ok := match(segs, "channels", "*", "messages", "*", "threads"); ok {
		return s.startThreadLocked(call, p[0], p[1])
	}
	return notFound()
}

// splitBody returns the JSON payload of a request body, and its files if it
// is multipart/form-data.
func splitBody(contentType string, body []byte) ([]byte, []File, error) {
	mt, params, err := mime.ParseMediaType(contentType)
	if err != nil || !strings.HasPrefix(mt, "multipart/") {
		return body, nil, nil
	}
	var payload []byte
	var files []File
	mr := multipart.NewReader(bytes.NewReader(body), params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, fmt.Errorf("read multipart body: %w", err)
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return nil, nil, fmt.Errorf("read multipart part %q: %w", part.FormName(), err)
		}
		if part.FormName() == "payload_json" {
			payload = data
			continue
		}
		files = append(files, File{Name: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data})
	}
	return payload, files, nil
}

// decodeObject decodes a JSON object payload; an empty body is an empty object.
func decodeObject(payload []byte) (map[string]json.RawMessage, error) {
	obj := map[string]json.RawMessage{}
	if len(bytes.TrimSpace(payload)) == 0 {
		return obj, nil
	}
	if err := json.Unmarshal(payload, &obj); err != nil {
		return nil, err
	}
	if obj == nil {
		obj = map[string]json.RawMessage{}
	}
	return obj, nil
}

// messageBody reads a message-creating or -editing request.
func messageBody(call Call) (map[string]json.RawMessage, []File, *reply) {
	payload, files, err := splitBody(call.Header.Get("Content-Type"), call.Body)
	if err != nil {
		rep := errReply(http.StatusBadRequest, 50035, "Invalid Form Body")
		return nil, nil, &rep
	}
	obj, err := decodeObject(payload)
	if err != nil {
		rep := invalidJSON()
		return nil, nil, &rep
	}
	return obj, files, nil
}
