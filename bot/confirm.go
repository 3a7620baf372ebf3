package bot

import (
	"context"
	"sync"
	"time"

	"github.com/bwmarrin/discordgo"
)

// A moderator's /ingest refused because the article would replace another
// one (same id or address) or nearly repeats one comes back with buttons:
//
//	ic:KEY  "Replace it" / "Add anyway": the same ingest, forced
//	ix:KEY  "Keep what is held": nothing changes
//
// KEY names the ingest, kept server-side for confirmTTL and used once; the
// button is checked like the command (a moderator, and the one who asked).

const (
	confirmTTL  = 15 * time.Minute
	maxConfirms = 200
)

// confirmStore holds ingests waiting for a moderator's confirmation.
type confirmStore struct {
	mu    sync.Mutex
	now   func() time.Time
	jobs  map[string]pendingJob
	order []string // oldest first
}

type pendingJob struct {
	job     ingestJob
	created time.Time
}

func newConfirmStore(now func() time.Time) *confirmStore {
	return &confirmStore{now: now, jobs: map[string]pendingJob{}}
}

// put keeps j and returns its key, dropping expired and, past
// maxConfirms, the oldest jobs.
func (s *confirmStore) put(j ingestJob) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for len(s.order) > 0 {
		old, ok := s.jobs[s.order[0]]
		if ok && len(s.order) < maxConfirms && now.Sub(old.created) <= confirmTTL {
			break
		}
		delete(s.jobs, s.order[0])
		s.order = s.order[1:]
	}
	key := newID()
	s.jobs[key] = pendingJob{job: j, created: now}
	s.order = append(s.order, key)
	return key
}

// take removes and returns the job of key for user, if it has not
// expired. A job someone else asked for stays (mine is false).
func (s *confirmStore) take(key, user string) (j ingestJob, ok, mine bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	p, ok := s.jobs[key]
	if !ok || s.now().Sub(p.created) > confirmTTL {
		delete(s.jobs, key)
		return ingestJob{}, false, false
	}
	if p.job.user != user {
		return ingestJob{}, true, false
	}
	delete(s.jobs, key)
	return p.job, true, true
}

// confirmButtons are the buttons under a refused ingest's report.
func confirmButtons(key, status string) []discordgo.MessageComponent {
	label := "Replace it"
	if status == "duplicate" {
		label = "Add anyway"
	}
	return []discordgo.MessageComponent{discordgo.ActionsRow{Components: []discordgo.MessageComponent{
		discordgo.Button{Label: label, Style: discordgo.DangerButton, CustomID: "ic:" + key},
		discordgo.Button{Label: "Keep what is held", Style: discordgo.SecondaryButton, CustomID: "ix:" + key},
	}}}
}

// onConfirm handles the two buttons: checked on the server like /ingest
// itself (a moderator, the one who asked), then the forced ingest or
// nothing.
func (b *Bot) onConfirm(ctx context.Context, r *request, kind, key string) error {
	if err := b.checkModerator(r, "ingest"); err != nil {
		return err
	}
	if b.cfg.Ingester == nil {
		return userErrorf("Ingest is not available on this server yet.")
	}
	j, ok, mine := b.confirms.take(key, r.userID())
	if ok && !mine {
		return userErrorf("Only the moderator who ran this /ingest can confirm it.")
	}
	if !ok {
		return r.update(ctx, message{Content: "This confirmation has expired or was already used (I keep them " +
			plural(int(confirmTTL.Minutes()), "minute") + "). Run /ingest again with `force:True`.", Embeds: []*discordgo.MessageEmbed{}, Components: []discordgo.MessageComponent{}})
	}
	if kind == "ix" {
		b.moderatorLog(r, "ingest declined", "source", j.what())
		return r.update(ctx, message{Content: "Kept what is held; " + escape(j.what()) + " was not added.", Embeds: []*discordgo.MessageEmbed{}, Components: []discordgo.MessageComponent{}})
	}
	if err := r.send(ctx, discordgo.InteractionResponseDeferredMessageUpdate, nil); err != nil {
		return err
	}
	return b.runIngest(ctx, r, j)
}
