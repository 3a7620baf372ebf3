package feeds

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"unicode/utf8"
)

// Bounds of what one feed may put in the state: a hostile feed polled
// again and again must not grow it without end (44 polls once made it
// 185 MB).
const (
	maxGUID       = 200      // bytes; a longer GUID is kept as its hash
	maxTitle      = 300      // runes
	maxLink       = 2048     // bytes; an item with a longer link is skipped
	maxValidator  = 256      // bytes of an ETag or Last-Modified; longer ones are not kept
	maxErrorText  = 500      // runes of an error kept
	maxStateBytes = 8 << 20  // of state.json, about; the oldest decided items go first
	maxReadBytes  = 64 << 20 // a state.json bigger than this is not read
	itemOverhead  = 400      // bytes of JSON an item takes besides its strings
)

// boundGUID is guid, or when it is too long its SHA-256.
func boundGUID(guid string) string {
	if len(guid) <= maxGUID {
		return guid
	}
	sum := sha256.Sum256([]byte(guid))
	return "sha256:" + hex.EncodeToString(sum[:])
}

// boundText cuts s to n runes at a rune boundary (invalid UTF-8 replaced).
func boundText(s string, n int) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	if len(s) <= n { // bytes ≥ runes
		return s
	}
	return cut(s, n)
}

// boundValidator is v, or "" when it is too long to keep.
func boundValidator(v string) string {
	if len(v) > maxValidator {
		return ""
	}
	return v
}

func itemSize(it *Item) int {
	return itemOverhead + len(it.ID) + len(it.Feed) + len(it.GUID) + len(it.URL) + len(it.Title) + len(it.Summary) +
		len(it.Outlet) + len(it.Published) + len(it.By) + len(it.Article) + len(it.SameAs) + len(it.Error)
}

// boundLocked bounds every field of a state read from disk (one an older
// version wrote, uncut). m.mu must be held (or m not yet shared).
func (m *Manager) boundLocked() {
	for _, f := range m.st.Feeds {
		f.Title = boundText(f.Title, maxTitle)
		f.ETag, f.LastModified = boundValidator(f.ETag), boundValidator(f.LastModified)
		f.LastError = boundText(f.LastError, maxErrorText)
	}
	for _, it := range m.st.Items {
		it.GUID = boundGUID(it.GUID)
		it.Title, it.Outlet = boundText(it.Title, maxTitle), boundText(it.Outlet, maxTitle)
		it.Summary = boundText(it.Summary, maxSummary)
		it.Error = boundText(it.Error, maxErrorText)
		if len(it.URL) > maxLink {
			it.URL = ""
		}
	}
	m.forgetLocked()
}
