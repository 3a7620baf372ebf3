// Command linkcheck checks that every relative link of the README and of
// docs/*.md leads to a file that exists and, with a #fragment, to a heading
// of that file (by GitHub's rule for heading anchors). Links to the web are
// not fetched. Run it from the repository's root:
//
//	go run ./docs/tools/linkcheck             # README.md docs/*.md
//	go run ./docs/tools/linkcheck FILE.md…
//
// It prints each broken link as FILE:LINE: LINK: why, and exits 1 if any.
package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
)

func main() {
	files := os.Args[1:]
	if len(files) == 0 {
		docs, _ := filepath.Glob("docs/*.md")
		files = append([]string{"README.md"}, docs...)
	}
	bad := 0
	for _, f := range files {
		problems, err := check(f)
		if err != nil {
			fmt.Fprintln(os.Stderr, "linkcheck:", err)
			os.Exit(2)
		}
		for _, p := range problems {
			fmt.Println(p)
		}
		bad += len(problems)
	}
	if bad > 0 {
		fmt.Fprintf(os.Stderr, "linkcheck: %d broken link(s)\n", bad)
		os.Exit(1)
	}
}

var (
	mdLink  = regexp.MustCompile(`\]\(([^)\s]+)\)`)
	htmlSrc = regexp.MustCompile(`(?:src|href)="([^"]+)"`)
	fence   = regexp.MustCompile("(?m)^```.*$")
	code    = regexp.MustCompile("`[^`\n]*`")
)

// check returns file's broken links.
func check(file string) ([]string, error) {
	b, err := os.ReadFile(file)
	if err != nil {
		return nil, err
	}
	text := blankCode(string(b))
	var out []string
	for _, re := range []*regexp.Regexp{mdLink, htmlSrc} {
		for _, m := range re.FindAllStringSubmatchIndex(text, -1) {
			link := text[m[2]:m[3]]
			if strings.Contains(link, "://") || strings.HasPrefix(link, "mailto:") {
				continue
			}
			line := strings.Count(text[:m[2]], "\n") + 1
			if why := resolve(file, link); why != "" {
				out = append(out, fmt.Sprintf("%s:%d: %s: %s", file, line, link, why))
			}
		}
	}
	return out, nil
}

// blankCode replaces fenced blocks and code spans with spaces (keeping
// line breaks), so that what looks like a link in code is not checked.
func blankCode(s string) string {
	return code.ReplaceAllStringFunc(blankFences(s), blank)
}

func blank(t string) string {
	return strings.Map(func(r rune) rune {
		if r == '\n' {
			return r
		}
		return ' '
	}, t)
}

// blankFences blanks fenced code blocks only.
func blankFences(s string) string {
	locs := fence.FindAllStringIndex(s, -1)
	var b strings.Builder
	last := 0
	for i := 0; i+1 < len(locs); i += 2 {
		b.WriteString(s[last:locs[i][0]])
		b.WriteString(blank(s[locs[i][0]:locs[i+1][1]]))
		last = locs[i+1][1]
	}
	b.WriteString(s[last:])
	return b.String()
}

// resolve says why link, written in file, does not resolve ("" if it does).
func resolve(file, link string) string {
	path, frag, _ := strings.Cut(link, "#")
	target := file
	if path != "" {
		target = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
		if _, err := os.Stat(target); err != nil {
			return "no such file"
		}
	}
	if frag == "" {
		return ""
	}
	b, err := os.ReadFile(target)
	if err != nil {
		return "cannot read " + target
	}
	if !anchors(string(b))[frag] {
		return "no heading #" + frag + " in " + target
	}
	return ""
}

// anchors are the heading anchors GitHub makes for a Markdown text: lower
// case, spaces as hyphens, punctuation dropped, -1, -2… for repeats.
func anchors(text string) map[string]bool {
	out := map[string]bool{}
	seen := map[string]int{}
	for _, line := range strings.Split(blankFences(text), "\n") {
		t := strings.TrimLeft(line, "#")
		if len(t) == len(line) || len(line)-len(t) > 6 || !strings.HasPrefix(t, " ") {
			continue
		}
		var b strings.Builder
		for _, r := range strings.ToLower(strings.TrimSpace(t)) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		a := b.String()
		if n := seen[a]; n > 0 {
			out[fmt.Sprintf("%s-%d", a, n)] = true
		} else {
			out[a] = true
		}
		seen[a]++
	}
	return out
}
