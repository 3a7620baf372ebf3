package bot

import (
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/talksbot/talksbot/index"
)

// zwsp (zero-width space) breaks mentions and tags without changing how
// text looks.
const zwsp = "\u200b"

// escape makes text from articles or users inert in Discord Markdown: no
// formatting, no masked links, no headings, lists or quotes, no mentions of
// users, roles, channels, @everyone or @here. It replaces invalid UTF-8.
func escape(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	lineStart := true
	digits := false // only digits since the line start: "1." would be a list
	for _, r := range s {
		switch {
		case r == '\n':
			b.WriteRune(r)
			lineStart, digits = true, false
			continue
		case strings.ContainsRune("\\*_~`|[]()", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case lineStart && strings.ContainsRune(">#-+", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		case digits && (r == '.' || r == ')'):
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '@':
			b.WriteString("@" + zwsp)
		case r == '<':
			b.WriteString("<" + zwsp)
		default:
			b.WriteRune(r)
		}
		if unicode.IsDigit(r) && (lineStart || digits) {
			digits = true
		} else if !unicode.IsSpace(r) {
			digits = false
		}
		if !unicode.IsSpace(r) {
			lineStart = false
		}
	}
	return b.String()
}

// oneLine replaces line breaks and tabs with spaces, so a quote stays one
// block-quote line. Byte offsets are unchanged.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' || r == '\r' || r == '\t' || r == '\v' || r == '\f' {
			return ' '
		}
		return r
	}, s)
}

// markQuote renders a quote escaped, with the marked spans in bold. Marks
// that are out of range, overlap or split a UTF-8 sequence are ignored.
func markQuote(q string, marks []index.Span) string {
	q = oneLine(q)
	var b strings.Builder
	last := 0
	for i := 0; i < len(marks); i++ {
		m := marks[i]
		// Merge marks that touch, or Discord sees "****".
		for i+1 < len(marks) && marks[i+1].Start == m.End {
			m.End = marks[i+1].End
			i++
		}
		if m.Start < last || m.End <= m.Start || m.End > len(q) || !boundary(q, m.Start) || !boundary(q, m.End) {
			continue
		}
		inner := q[m.Start:m.End]
		if strings.TrimSpace(inner) == "" || !utf8.ValidString(inner) {
			continue
		}
		b.WriteString(escape(q[last:m.Start]))
		b.WriteString("**" + escape(inner) + "**")
		last = m.End
	}
	b.WriteString(escape(q[last:]))
	return b.String()
}

func boundary(s string, i int) bool { return i == len(s) || utf8.RuneStart(s[i]) }

// fitQuote renders a quote with marks in at most max runes, cutting the
// quote (not the Markdown) at a word boundary with an ellipsis.
func fitQuote(q string, marks []index.Span, max int) string {
	if len(q) > 4*max+16 {
		// Escaping at most doubles a rune: cut what cannot fit first.
		head := strings.TrimSuffix(truncate(q, max+1), ellipsis)
		var kept []index.Span
		for _, m := range marks {
			if m.End <= len(head) {
				kept = append(kept, m)
			}
		}
		q, marks = head+" …", kept
	}
	out := markQuote(q, marks)
	for tries := 0; runes(out) > max && tries < 12; tries++ {
		over := runes(out) - max
		keep := runes(q) - over - 2
		if keep <= 0 {
			break
		}
		q = strings.TrimSuffix(truncate(q, keep), ellipsis)
		var kept []index.Span
		for _, m := range marks {
			if m.End <= len(q) {
				kept = append(kept, m)
			}
		}
		marks = kept
		out = markQuote(q, marks) + ellipsis
	}
	if runes(out) > max {
		out = truncate(escape(oneLine(q)), max)
	}
	return out
}

// safeURL returns u when it is an http(s) URL that can sit in a Markdown
// link, percent-encoding what would end the link early; "" otherwise.
func safeURL(u string) string {
	p, err := url.Parse(strings.TrimSpace(u))
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" || p.User != nil {
		return ""
	}
	s := p.String()
	r := strings.NewReplacer("(", "%28", ")", "%29", " ", "%20", "<", "%3C", ">", "%3E", "[", "%5B", "]", "%5D")
	s = r.Replace(s)
	if runes(s) > 512 {
		return ""
	}
	return s
}

// link is a Markdown link with escaped text, or the escaped text alone when
// the URL is unusable.
func link(text, u string) string {
	t := escape(oneLine(text))
	if su := safeURL(u); su != "" {
		return "[" + t + "](" + su + ")"
	}
	return t
}

// codeText makes s safe inside a code span or block: valid UTF-8, no
// backtick to close it, and nothing that reads as a mention (Discord does
// not ping from code, but the text may be copied out of it).
func codeText(s string) string {
	s = strings.ToValidUTF8(s, "\uFFFD")
	return codeReplacer.Replace(s)
}

var codeReplacer = strings.NewReplacer("`", "'", "@", "@\u200b", "<", "<\u200b")
