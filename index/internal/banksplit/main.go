// Command banksplit splits the question bank (index/testdata/bank/raw,
// one file per writer) into train, dev and test, once, by a fixed seed:
// a question's split is a hash of the seed and its text, so the split
// does not depend on the order of the files, and a question added later
// does not move the others.
//
//	go run ./index/internal/banksplit -dir index/testdata/bank
package main

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// seed is fixed: changing it would reshuffle the locked test split.
const seed = "talksbot-bank-2026-12-02"

type question struct {
	Q          string            `json:"q"`
	Style      string            `json:"style"`
	Kind       string            `json:"kind"`
	Answerable bool              `json:"answerable"`
	Negative   string            `json:"negative,omitempty"`
	Missing    string            `json:"missing,omitempty"`
	Expect     []json.RawMessage `json:"expect"`
	Answers    []string          `json:"answers,omitempty"`
	Note       string            `json:"note,omitempty"`
	Writer     string            `json:"writer"`
	Pages      bool              `json:"pages,omitempty"`
}

func main() {
	dir := flag.String("dir", "index/testdata/bank", "the bank folder (raw/ in, train.json dev.json test.json out)")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "banksplit:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "raw", "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no raw question files in %s/raw", dir)
	}
	sort.Strings(files)
	splits := map[string][]question{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var set struct{ Questions []question }
		if err := json.Unmarshal(data, &set); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		writer := strings.TrimSuffix(filepath.Base(f), ".json")
		for _, q := range set.Questions {
			q.Writer = writer
			if q.Kind == "yesno" {
				q.Kind = "yes/no"
			}
			for _, e := range q.Expect {
				q.Pages = q.Pages || strings.Contains(string(e), `"fixture:`)
			}
			q.Pages = q.Pages || writer == "w5" || writer == "w6" // the real-pages writers
			splits[splitOf(q.Q)] = append(splits[splitOf(q.Q)], q)
		}
	}
	for _, name := range []string{"train", "dev", "test"} {
		out, err := json.MarshalIndent(map[string]any{"questions": splits[name]}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), append(out, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d questions\n", name, len(splits[name]))
	}
	return nil
}

// splitOf is 60% train, 20% dev, 20% test by the hash of seed and question.
func splitOf(q string) string {
	h := sha256.Sum256([]byte(seed + "\x00" + strings.ToLower(strings.TrimSpace(q))))
	switch v := binary.BigEndian.Uint64(h[:8]) % 100; {
	case v < 60:
		return "train"
	case v < 80:
		return "dev"
	default:
		return "test"
	}
}
