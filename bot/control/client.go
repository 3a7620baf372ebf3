package control

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/url"
	"time"

	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// ErrNoServer means nothing answers on the control socket.
var ErrNoServer = errors.New("nothing answers on the control socket")

// ErrPermission means the control socket is there but this user may not
// connect to it (serve runs as another user).
var ErrPermission = errors.New("permission denied")

// ErrNotFound means there is no article with the id asked for.
var ErrNotFound = errors.New("not found")

// pingTimeout bounds how long Dial waits for the server to answer.
const pingTimeout = 2 * time.Second

// Client talks to the process serving a data directory's control socket.
type Client struct {
	socket string
	http   *http.Client
	PID    int // the server's process id
}

// Dial connects to the control socket of the data directory dir and checks
// that the server answers, within 2 s. It fails with ErrNoServer otherwise.
func Dial(ctx context.Context, dir string) (*Client, error) {
	socket := SocketPath(dir)
	c := &Client{socket: socket, http: &http.Client{Transport: &http.Transport{
		DialContext: func(ctx context.Context, _, _ string) (net.Conn, error) {
			var d net.Dialer
			return d.DialContext(ctx, "unix", socket)
		},
		ResponseHeaderTimeout: time.Minute, // a rebuild sends its first line at once
		MaxIdleConns:          2,
	}}}
	pctx, cancel := context.WithTimeout(ctx, pingTimeout)
	defer cancel()
	var ping struct {
		PID int `json:"pid"`
	}
	if err := c.do(pctx, http.MethodGet, "/ping", nil, &ping); err != nil {
		c.http.CloseIdleConnections()
		if errors.Is(err, fs.ErrPermission) {
			return nil, fmt.Errorf("control socket %s: %w: the serve that holds %s runs as another user; run this command as that user (sudo -u), or use --data", socket, ErrPermission, dir)
		}
		return nil, fmt.Errorf("%w (%s): %v", ErrNoServer, socket, err)
	}
	c.PID = ping.PID
	return c, nil
}

// Socket is the path of the socket the client talks to.
func (c *Client) Socket() string { return c.socket }

// Close releases the client's connections.
func (c *Client) Close() { c.http.CloseIdleConnections() }

// Ask asks the server a question.
func (c *Client) Ask(ctx context.Context, q string, n int) (index.Answer, error) {
	var ans index.Answer
	err := c.do(ctx, http.MethodPost, "/ask", AskRequest{Question: q, N: n}, &ans)
	return ans, err
}

// AskTurn has the server answer one turn of a conversation.
func (c *Client) AskTurn(ctx context.Context, t index.Turn, n int) (index.Answer, error) {
	var ans index.Answer
	err := c.do(ctx, http.MethodPost, "/ask", AskRequest{Question: t.Question, N: n, Turn: &t}, &ans)
	return ans, err
}

// Ingest has the server add an article: one it fetches (req.URL) or one
// read from req.Data.
func (c *Client) Ingest(ctx context.Context, req IngestRequest) (index.IngestResult, error) {
	var res index.IngestResult
	err := c.do(ctx, http.MethodPost, "/ingest", req, &res)
	return res, err
}

// Remove has the server remove an article; by is who asked, for its log.
func (c *Client) Remove(ctx context.Context, id, by string) (index.RemoveResult, error) {
	var res index.RemoveResult
	err := c.do(ctx, http.MethodPost, "/remove", RemoveRequest{ID: id, By: by}, &res)
	return res, err
}

// Sources lists the server's articles.
func (c *Client) Sources(ctx context.Context) ([]Source, error) {
	var rows []Source
	err := c.do(ctx, http.MethodGet, "/sources", nil, &rows)
	return rows, err
}

// Show reads one article.
func (c *Client) Show(ctx context.Context, id string) (*corpus.Article, error) {
	var a corpus.Article
	if err := c.do(ctx, http.MethodGet, "/show/"+url.PathEscape(id), nil, &a); err != nil {
		return nil, err
	}
	return &a, nil
}

// Reindex has the server rebuild its index; progress (may be nil) is told
// how far it got.
func (c *Client) Reindex(ctx context.Context, progress func(done, total int)) (index.ReindexResult, error) {
	return streamed[index.ReindexResult](ctx, c, "reindex", "/reindex", nil, progress)
}

// streamed sends a long request (streamProgress answers it), tells
// progress (may be nil) how far it got and returns its result. op names
// it in errors.
func streamed[T any](ctx context.Context, c *Client, op, path string, in any, progress func(done, total int)) (T, error) {
	var zero T
	resp, err := c.send(ctx, http.MethodPost, path, in)
	if err != nil {
		return zero, err
	}
	defer resp.Body.Close()
	sc := bufio.NewScanner(resp.Body)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var l progressLine
		if err := json.Unmarshal(sc.Bytes(), &l); err != nil {
			return zero, fmt.Errorf("%s: bad answer from %s: %v", op, c.socket, err)
		}
		switch {
		case l.Error != "":
			return zero, remoteError(l.Error, l.Code)
		case l.Result != nil:
			var res T
			if err := json.Unmarshal(l.Result, &res); err != nil {
				return zero, fmt.Errorf("%s: bad answer from %s: %v", op, c.socket, err)
			}
			return res, nil
		case l.Total > 0 && progress != nil:
			progress(l.Done, l.Total)
		}
	}
	if err := sc.Err(); err != nil {
		return zero, fmt.Errorf("%s through %s: %w", op, c.socket, err)
	}
	return zero, fmt.Errorf("%s through %s: the server stopped answering before it finished", op, c.socket)
}

// do sends a request with a JSON body (if in is not nil) and decodes the
// JSON answer into out.
func (c *Client) do(ctx context.Context, method, path string, in, out any) error {
	resp, err := c.send(ctx, method, path, in)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if err := json.NewDecoder(resp.Body).Decode(out); err != nil {
		return fmt.Errorf("bad answer from %s: %v", c.socket, err)
	}
	return nil
}

// send sends a request and returns a response with status 200; another
// status becomes the error the server described.
func (c *Client) send(ctx context.Context, method, path string, in any) (*http.Response, error) {
	var body io.Reader
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return nil, err
		}
		body = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, "http://talksbot"+path, body)
	if err != nil {
		return nil, err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, fmt.Errorf("talk to %s: %w", c.socket, unwrapURLError(err))
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		var e errorBody
		if err := json.NewDecoder(io.LimitReader(resp.Body, 1<<20)).Decode(&e); err != nil || e.Error == "" {
			return nil, fmt.Errorf("%s answered %s", c.socket, resp.Status)
		}
		return nil, remoteError(e.Error, e.Code)
	}
	return resp, nil
}

func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// remoteErr is an error the server reported, keeping its sentinel.
type remoteErr struct {
	msg  string
	kind error
}

func (e *remoteErr) Error() string { return e.msg }
func (e *remoteErr) Unwrap() error { return e.kind }

func remoteError(msg, code string) error {
	var kind error
	switch code {
	case codeWritesDisabled:
		kind = index.ErrWritesDisabled
	case codeNoSpace:
		kind = index.ErrNoSpace
	case codeNotFound:
		kind = ErrNotFound
	case codeNotProse:
		kind = ingest.ErrNotProse
	case codeNoArticle:
		kind = index.ErrNoArticle
	}
	return &remoteErr{msg: msg, kind: kind}
}
