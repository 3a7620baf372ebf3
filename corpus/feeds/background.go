package feeds

import (
	"context"
	"time"
)

// retryAfter is how long an auto-approval that failed (a fetch, a full
// disk) waits before it is tried again.
var retryAfter = 5 * time.Minute

// approveLoop ingests, one at a time, the pending items of auto-approved
// feeds: those a poll or AddFeed just queued (kick), and those whose
// ingest failed, again after retryAfter. It runs beside Run, so that
// neither the poll loop nor the caller of AddFeed waits for ingests.
func (m *Manager) approveLoop(ctx context.Context, check time.Duration) {
	t := time.NewTicker(check)
	defer t.Stop()
	tried := map[string]time.Time{}
	for {
		ids := m.autoPending(tried)
		for i, id := range ids {
			if ctx.Err() != nil {
				return
			}
			tried[id] = time.Now()
			a, err := m.Approve(ctx, id, "auto-approve")
			switch {
			case err != nil:
				m.cfg.Log.Warn("feed item auto-approve", "item", id, "err", err, "done", i+1, "of", len(ids))
			default:
				m.cfg.Log.Info("feed item auto-approved", "item", id, "status", a.Item.Status, "err", a.Error, "done", i+1, "of", len(ids))
			}
		}
		select {
		case <-ctx.Done():
			return
		case <-m.kick:
		case <-t.C:
		}
	}
}

// autoPending lists the pending items of auto-approved feeds not tried
// within retryAfter.
func (m *Manager) autoPending(tried map[string]time.Time) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	auto := map[string]bool{}
	for _, f := range m.st.Feeds {
		auto[f.ID] = f.AutoApprove
	}
	var ids []string
	for _, it := range m.st.Items {
		if it.Status == Pending && auto[it.Feed] && !m.approving[it.ID] && time.Since(tried[it.ID]) >= retryAfter {
			ids = append(ids, it.ID)
		}
	}
	return ids
}

// approveLater hands the items queued to the background approvals when
// Run is running (serve), and says how many wait; otherwise (a command
// on its own) it approves them now.
func (m *Manager) approveLater(ctx context.Context, ids []string) (approved []Approval, waiting int) {
	if !m.isRunning() {
		return m.autoApprove(ctx, ids), 0
	}
	select {
	case m.kick <- struct{}{}:
	default: // already kicked
	}
	return nil, len(ids)
}

func (m *Manager) isRunning() bool {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.running
}
