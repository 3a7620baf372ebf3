package main

import (
	"strings"
	"unicode/utf8"
)

// termSafe is s fit to print on a terminal when it comes from outside (a
// feed's titles, links and errors, an article's title): escape sequences
// (CSI, OSC, DCS… whole, so none of their text is left to show), C0 and
// C1 controls and DEL, and the bidirectional overrides and isolates that
// reorder what is shown are dropped; tabs, line ends and the Unicode line
// separators become spaces, since every such string is printed on a line
// of its own making; bytes that are not UTF-8 become U+FFFD.
func termSafe(s string) string {
	if safeAlready(s) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == 0x1b:
			i += escapeLen(s[i:])
			continue
		case r == '\t' || r == '\n' || r == '\r' || r == 0x2028 || r == 0x2029:
			b.WriteByte(' ')
		case r == utf8.RuneError && n == 1:
			b.WriteRune(utf8.RuneError)
		case r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || bidiControl(r):
		default:
			b.WriteString(s[i : i+n])
		}
		i += n
	}
	return b.String()
}

// safeAlready reports whether s needs no change (the usual case).
func safeAlready(s string) bool {
	for _, r := range s {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) || r == utf8.RuneError || r == 0x2028 || r == 0x2029 || bidiControl(r) {
			return false
		}
	}
	return true
}

// bidiControl reports the characters that change the order text is shown
// in: embeddings and overrides (U+202A–U+202E), isolates (U+2066–U+2069),
// and the marks (LRM, RLM, ALM).
func bidiControl(r rune) bool {
	return (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0x200e || r == 0x200f || r == 0x061c
}

// escapeLen is the length of the escape sequence s starts with (s[0] is
// ESC): CSI up to its final byte; OSC, DCS, SOS, PM and APC up to BEL or
// ST (or the end of s); otherwise ESC and the one character after it.
func escapeLen(s string) int {
	if len(s) < 2 {
		return len(s)
	}
	switch s[1] {
	case '[': // CSI: parameters and intermediates, then a final byte @–~
		for i := 2; i < len(s); i++ {
			if s[i] >= 0x40 && s[i] <= 0x7e {
				return i + 1
			}
			if s[i] < 0x20 || s[i] > 0x7e { // not CSI after all: cut it here
				return i
			}
		}
		return len(s)
	case ']', 'P', 'X', '^', '_': // strings ended by BEL or ST (ESC \)
		for i := 2; i < len(s); i++ {
			if s[i] == 0x07 {
				return i + 1
			}
			if s[i] == 0x1b && i+1 < len(s) && s[i+1] == '\\' {
				return i + 2
			}
		}
		return len(s)
	}
	_, n := utf8.DecodeRuneInString(s[1:])
	return 1 + n
}

// termError is an error whose text is printed: Error is termSafe, Unwrap
// keeps what it wraps for errors.Is.
type termError struct{ err error }

func (e termError) Error() string { return termSafe(e.err.Error()) }
func (e termError) Unwrap() error { return e.err }

// termErr makes err safe to print (nil stays nil).
func termErr(err error) error {
	if err == nil {
		return nil
	}
	return termError{err}
}
