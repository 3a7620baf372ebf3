package feeds

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/talksbot/talksbot/corpus/ingest"
)

// Refusals of the queue commands.
var (
	ErrNoItem     = errors.New("no such item in the queue (talksbot queue lists them)")
	ErrNotPending = errors.New("already decided")
	ErrBusy       = errors.New("already being approved")
)

// Approval says what approving an item did: the item as it now is, and
// the ingest's outcome — or, in Error, the reason it was refused (the
// item is then Refused, or still Pending after a failure to fetch it).
type Approval struct {
	Item     Item     `json:"item"`
	Ingested Ingested `json:"ingested,omitzero"`
	Error    string   `json:"error,omitempty"`
}

// OK reports whether the item's page is in the library now.
func (a Approval) OK() bool { return a.Error == "" && a.Item.Status == Approved }

// Approve ingests a queued item's page through Config.Ingest (the path of
// /ingest url:), and records the outcome: Approved when the page was added
// (or was already held, unchanged), Duplicate when ingest found it nearly
// repeats a stored article, Refused with the reason when ingest refused
// it for what it is; a page that could not be fetched or stored now (a
// failed fetch, a full disk) stays Pending, with the error. The
// returned error is for an item that is not pending, or a state that could
// not be saved.
func (m *Manager) Approve(ctx context.Context, id, by string) (Approval, error) {
	m.mu.Lock()
	it := m.itemLocked(id)
	switch {
	case m.disabled != nil:
		m.mu.Unlock()
		return Approval{}, m.disabled
	case it == nil:
		m.mu.Unlock()
		return Approval{}, fmt.Errorf("item %q: %w", id, ErrNoItem)
	case it.Status != Pending:
		m.mu.Unlock()
		return Approval{Item: *it}, fmt.Errorf("item %s: %w (%s)", id, ErrNotPending, it.Status)
	case m.approving[id]:
		m.mu.Unlock()
		return Approval{Item: *it}, fmt.Errorf("item %s: %w", id, ErrBusy)
	}
	m.approving[id] = true
	addr := it.URL
	m.mu.Unlock()
	defer func() {
		m.mu.Lock()
		delete(m.approving, id)
		m.mu.Unlock()
	}()

	if m.cfg.Ingest == nil {
		return Approval{}, errors.New("feeds: approving needs an ingester")
	}
	got, ierr := m.cfg.Ingest(ctx, addr)

	m.mu.Lock()
	defer m.mu.Unlock()
	it = m.itemLocked(id)
	if it == nil { // forgotten meanwhile (its feed removed): record nothing
		return Approval{Ingested: got, Error: errText(ierr)}, nil
	}
	res := Approval{Ingested: got}
	it.By, it.Decided = by, m.cfg.Now()
	switch {
	case ierr != nil && !refusal(ierr):
		it.Error = ierr.Error() // a failed fetch, a full disk: may work later, stays in the queue
		it.Decided, it.By = time.Time{}, ""
		res.Error = it.Error
	case ierr != nil:
		it.Status, it.Error = Refused, ierr.Error()
		res.Error = it.Error
	case got.Status == "duplicate":
		it.Status, it.Article, it.SameAs = Duplicate, "", "article "+got.SameAs
		res.Error = fmt.Sprintf("already have it as %s “%s”", got.SameAs, got.SameTitle)
		if got.SameTitle == "" {
			res.Error = "already have it as " + got.SameAs
		}
	case got.Status == "replaces":
		it.Status, it.SameAs = Refused, "article "+got.SameAs
		it.Error = fmt.Sprintf("would replace %s “%s” (ingest it with force to replace it)", got.SameAs, got.SameTitle)
		res.Error = it.Error
	default:
		it.Status, it.Article, it.Error = Approved, got.ID, ""
	}
	if err := m.saveLocked(); err != nil {
		return res, err
	}
	if it = m.itemLocked(id); it != nil {
		res.Item = *it
	}
	m.cfg.Log.Info("feed item approved", "item", id, "url", addr, "by", by, "status", res.Item.Status, "article", got.ID, "err", res.Error)
	return res, nil
}

// Reject takes an item out of the queue for good: it is remembered, so the
// feed does not bring it back.
func (m *Manager) Reject(ctx context.Context, id, by string) (Item, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	it := m.itemLocked(id)
	switch {
	case m.disabled != nil:
		return Item{}, m.disabled
	case it == nil:
		return Item{}, fmt.Errorf("item %q: %w", id, ErrNoItem)
	case it.Status != Pending:
		return *it, fmt.Errorf("item %s: %w (%s)", id, ErrNotPending, it.Status)
	case m.approving[id]:
		return *it, fmt.Errorf("item %s: %w", id, ErrBusy)
	}
	it.Status, it.By, it.Decided = Rejected, by, m.cfg.Now()
	if err := m.saveLocked(); err != nil {
		return Item{}, err
	}
	it = m.itemLocked(id)
	m.cfg.Log.Info("feed item rejected", "item", id, "url", it.URL, "by", by)
	return *it, nil
}

// autoApprove ingests the items an auto-approved feed queued.
func (m *Manager) autoApprove(ctx context.Context, ids []string) []Approval {
	var out []Approval
	for _, id := range ids {
		if ctx.Err() != nil {
			break
		}
		a, err := m.Approve(ctx, id, "auto-approve")
		if err != nil {
			m.cfg.Log.Warn("feed item auto-approve", "item", id, "err", err)
			continue
		}
		out = append(out, a)
	}
	return out
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}

// refusal reports whether ingest refused a page for what it is (not prose,
// not an article, too big, a blocked address…), which trying again would
// not change; anything else (a failed fetch, a full disk, a shutdown)
// leaves the item in the queue.
func refusal(err error) bool {
	for _, e := range []error{ingest.ErrNotProse, ingest.ErrNotArticle, ingest.ErrTooBig, ingest.ErrType,
		ingest.ErrFormat, ingest.ErrBadURL, ingest.ErrBlocked, ingest.ErrEmpty} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
