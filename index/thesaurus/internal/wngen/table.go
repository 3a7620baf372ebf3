package main

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
)

// tableMagic opens the table file (see encodeTable).
const tableMagic = "WNT1"

// encodeTable turns the tab-separated table (the lines described in the
// package comment, lemmas and "="-prefixed irregular inflections) into the
// form package thesaurus embeds and searches in place, with no parsing at
// start:
//
//	"WNT1"  uint32 lemmas  uint32 inflections          (little-endian)
//	uint32 offset of each line, lemmas then inflections
//	the lines, "\n"-terminated
//
// Lemma lines and inflection lines (their "=" dropped) are each sorted by
// key (the text before the first tab, compared as bytes), so a key is found
// by binary search over its section's offsets; an offset counts from the
// start of the file.
func encodeTable(tsv []byte) ([]byte, error) {
	var lemmas, exc []string
	for n, line := range strings.Split(strings.TrimSuffix(string(tsv), "\n"), "\n") {
		key, _, ok := strings.Cut(line, "\t")
		if !ok || key == "" || key == "=" {
			return nil, fmt.Errorf("line %d: malformed", n+1)
		}
		if rest, ok := strings.CutPrefix(line, "="); ok {
			exc = append(exc, rest)
		} else {
			lemmas = append(lemmas, line)
		}
	}
	byKey := func(lines []string) {
		sort.Slice(lines, func(i, j int) bool {
			a, _, _ := strings.Cut(lines[i], "\t")
			b, _, _ := strings.Cut(lines[j], "\t")
			return a < b
		})
		for i := 1; i < len(lines); i++ {
			a, _, _ := strings.Cut(lines[i-1], "\t")
			b, _, _ := strings.Cut(lines[i], "\t")
			if a == b {
				panic("wngen: duplicate key " + a)
			}
		}
	}
	byKey(lemmas)
	byKey(exc)
	all := append(lemmas, exc...)
	head := 12 + 4*len(all)
	var out bytes.Buffer
	out.WriteString(tableMagic)
	binary.Write(&out, binary.LittleEndian, uint32(len(lemmas)))
	binary.Write(&out, binary.LittleEndian, uint32(len(exc)))
	off := head
	for _, l := range all {
		binary.Write(&out, binary.LittleEndian, uint32(off))
		off += len(l) + 1
	}
	for _, l := range all {
		out.WriteString(l)
		out.WriteByte('\n')
	}
	return out.Bytes(), nil
}

// convert writes the table file out from an earlier tab-separated table
// (gzip'd when it ends in .gz): the way to change the embedded form
// without the WordNet database.
func convert(from, out string) error {
	data, err := os.ReadFile(from)
	if err != nil {
		return err
	}
	if strings.HasSuffix(from, ".gz") {
		zr, err := gzip.NewReader(bytes.NewReader(data))
		if err != nil {
			return err
		}
		if data, err = io.ReadAll(zr); err != nil {
			return err
		}
	}
	tab, err := encodeTable(data)
	if err != nil {
		return fmt.Errorf("%s: %w", from, err)
	}
	return os.WriteFile(out, tab, 0o644)
}
