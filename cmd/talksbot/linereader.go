package main

import (
	"bufio"
	"io"
	"strings"
)

// lineReader reads lines like bufio.Scanner, but a line over max bytes is
// skipped (TooLong says so) instead of ending the input.
type lineReader struct {
	r       *bufio.Reader
	max     int
	line    string
	tooLong bool
	err     error // the first error but io.EOF
}

func newLineReader(r io.Reader, max int) *lineReader {
	return &lineReader{r: bufio.NewReaderSize(r, 4096), max: max}
}

// Scan reads the next line; false at the end of the input (or an error).
func (l *lineReader) Scan() bool {
	var b strings.Builder
	l.line, l.tooLong = "", false
	for {
		frag, err := l.r.ReadSlice('\n')
		if !l.tooLong {
			if b.Len()+len(frag) > l.max+1 { // +1: the newline
				l.tooLong = true
				b.Reset()
			} else {
				b.Write(frag)
			}
		}
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err != nil && err != io.EOF:
			l.err = err
			return false
		case err != nil && b.Len() == 0 && !l.tooLong:
			return false
		}
		l.line = strings.TrimSuffix(strings.TrimSuffix(b.String(), "\n"), "\r")
		return true
	}
}

// Err is the error that ended the input, nil at its end.
func (l *lineReader) Err() error { return l.err }

// Text is the line read, without its line end ("" when TooLong).
func (l *lineReader) Text() string { return l.line }

// TooLong reports whether the line read was over max bytes and skipped.
func (l *lineReader) TooLong() bool { return l.tooLong }

// maxChatLine is the longest line chat reads.
const maxChatLine = 64 << 10
