package feeds

import (
	"net/url"
	"os"
	"path/filepath"
	"strings"
)

// The feeds' state names moderators (AddedBy, By) and the feeds followed:
// its folder and file are the owner's only, like DATA/feedback.
const (
	dirMode  = 0o700
	fileMode = 0o600
)

// tighten makes an existing folder and state file (from before they were
// private) the owner's only. Failures are left for the next save to report.
func tighten(dir string) {
	for _, p := range []struct {
		path string
		mode os.FileMode
	}{{dir, dirMode}, {filepath.Join(dir, stateFile), fileMode}} {
		if info, err := os.Stat(p.path); err == nil && info.Mode().Perm()&^p.mode != 0 {
			os.Chmod(p.path, p.mode)
		}
	}
}

// withoutCredentials is link without its user:password@ part. The fetcher
// never sends them (ingest.Fetcher drops them), so they are only a secret
// kept in the state and shown by `feeds list` and `queue`.
func withoutCredentials(link string) string {
	if !strings.Contains(link, "@") {
		return link
	}
	u, err := url.Parse(link)
	if err != nil || u.User == nil {
		return link
	}
	u.User = nil
	return u.String()
}

// scrubLocked drops the credentials a state written before this kept.
// m.mu must be held (or m not yet shared).
func (m *Manager) scrubLocked() {
	for _, f := range m.st.Feeds {
		f.URL = withoutCredentials(f.URL)
	}
	for _, it := range m.st.Items {
		it.URL = withoutCredentials(it.URL)
		it.GUID = withoutCredentials(it.GUID)
	}
}
