package control

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/talksbot/talksbot/corpus/feeds"
)

// The feeds' endpoints (`talksbot feeds`, `talksbot queue` through serve):
//
//	GET  /feeds           [feeds.Feed]
//	POST /feeds/add       FeedAddRequest     → feeds.AddResult
//	POST /feeds/remove    FeedRequest        → feeds.Feed
//	GET  /queue           [feeds.Item]
//	POST /queue/approve   FeedRequest{ID}    → feeds.Approval
//	POST /queue/reject    FeedRequest{ID}    → feeds.Item

// FeedAddRequest is the body of POST /feeds/add.
type FeedAddRequest struct {
	URL         string        `json:"url"`
	AutoApprove bool          `json:"auto_approve,omitempty"`
	Interval    time.Duration `json:"interval,omitempty"`
	By          string        `json:"by,omitempty"`
}

// FeedRequest names a feed (by id or address) or a queue item, and who asked.
type FeedRequest struct {
	ID string `json:"id"`
	By string `json:"by,omitempty"`
}

// errNoFeeds means the server follows no feeds (a replica, say).
var errNoFeeds = errors.New("this talksbot does not follow feeds")

func (s *Server) feedsRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /feeds", func(w http.ResponseWriter, r *http.Request) {
		s.feedsDo(w, func() (any, error) { return s.Feeds.Feeds(r.Context()) })
	})
	mux.HandleFunc("POST /feeds/add", func(w http.ResponseWriter, r *http.Request) {
		var req FeedAddRequest
		if err := decode(w, r, 64<<10, &req); err != nil {
			writeError(w, err)
			return
		}
		s.feedsDo(w, func() (any, error) {
			res, err := s.Feeds.AddFeed(r.Context(), req.URL, req.AutoApprove, req.Interval, req.By)
			if err == nil {
				s.Log.Info("control: feeds add", "url", req.URL, "feed", res.Feed.ID, "by", req.By)
				if len(res.Approved) > 0 && s.Changed != nil {
					s.Changed(r.Context())
				}
			}
			return res, err
		})
	})
	mux.HandleFunc("POST /feeds/remove", func(w http.ResponseWriter, r *http.Request) {
		var req FeedRequest
		if err := decode(w, r, 64<<10, &req); err != nil {
			writeError(w, err)
			return
		}
		s.feedsDo(w, func() (any, error) { return s.Feeds.RemoveFeed(r.Context(), req.ID, req.By) })
	})
	mux.HandleFunc("GET /queue", func(w http.ResponseWriter, r *http.Request) {
		s.feedsDo(w, func() (any, error) {
			q, err := s.Feeds.Queue(r.Context())
			if q == nil {
				q = []feeds.Item{}
			}
			return q, err
		})
	})
	mux.HandleFunc("POST /queue/approve", func(w http.ResponseWriter, r *http.Request) {
		var req FeedRequest
		if err := decode(w, r, 64<<10, &req); err != nil {
			writeError(w, err)
			return
		}
		s.feedsDo(w, func() (any, error) {
			a, err := s.Feeds.Approve(r.Context(), req.ID, req.By)
			if err == nil {
				s.Log.Info("control: queue approve", "item", req.ID, "status", a.Item.Status, "article", a.Ingested.ID, "err", a.Error, "by", req.By)
			}
			return a, err
		})
	})
	mux.HandleFunc("POST /queue/reject", func(w http.ResponseWriter, r *http.Request) {
		var req FeedRequest
		if err := decode(w, r, 64<<10, &req); err != nil {
			writeError(w, err)
			return
		}
		s.feedsDo(w, func() (any, error) { return s.Feeds.Reject(r.Context(), req.ID, req.By) })
	})
}

func (s *Server) feedsDo(w http.ResponseWriter, fn func() (any, error)) {
	if s.Feeds == nil {
		writeJSON(w, http.StatusServiceUnavailable, errorBody{Error: errNoFeeds.Error(), Code: codeRefused})
		return
	}
	v, err := fn()
	if err != nil {
		writeError(w, err)
		return
	}
	writeJSON(w, http.StatusOK, v)
}

func isFeedRefusal(err error) bool {
	for _, e := range []error{feeds.ErrNotFeed, feeds.ErrNoFeed, feeds.ErrFeedExists, feeds.ErrInterval,
		feeds.ErrTooMany, feeds.ErrNoItem, feeds.ErrNotPending, feeds.ErrBusy} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// AddFeed has the server follow a feed.
func (c *Client) AddFeed(ctx context.Context, url string, autoApprove bool, interval time.Duration, by string) (feeds.AddResult, error) {
	var res feeds.AddResult
	err := c.do(ctx, http.MethodPost, "/feeds/add", FeedAddRequest{URL: url, AutoApprove: autoApprove, Interval: interval, By: by}, &res)
	return res, err
}

// Feeds lists the server's feeds.
func (c *Client) Feeds(ctx context.Context) ([]feeds.Feed, error) {
	var out []feeds.Feed
	err := c.do(ctx, http.MethodGet, "/feeds", nil, &out)
	return out, err
}

// RemoveFeed has the server stop following a feed.
func (c *Client) RemoveFeed(ctx context.Context, idOrURL, by string) (feeds.Feed, error) {
	var f feeds.Feed
	err := c.do(ctx, http.MethodPost, "/feeds/remove", FeedRequest{ID: idOrURL, By: by}, &f)
	return f, err
}

// Queue lists the items waiting for review.
func (c *Client) Queue(ctx context.Context) ([]feeds.Item, error) {
	var out []feeds.Item
	err := c.do(ctx, http.MethodGet, "/queue", nil, &out)
	return out, err
}

// Approve has the server ingest a queued item.
func (c *Client) Approve(ctx context.Context, id, by string) (feeds.Approval, error) {
	var a feeds.Approval
	if err := c.do(ctx, http.MethodPost, "/queue/approve", FeedRequest{ID: id, By: by}, &a); err != nil {
		return a, fmt.Errorf("approve %s: %w", id, err)
	}
	return a, nil
}

// Reject has the server reject a queued item.
func (c *Client) Reject(ctx context.Context, id, by string) (feeds.Item, error) {
	var it feeds.Item
	if err := c.do(ctx, http.MethodPost, "/queue/reject", FeedRequest{ID: id, By: by}, &it); err != nil {
		return it, fmt.Errorf("reject %s: %w", id, err)
	}
	return it, nil
}
