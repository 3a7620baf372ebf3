// Command convsplit splits the follow-up conversations
// (index/testdata/conversations/raw, one file per writer) into dev and a
// locked test set, once, by a fixed seed: a conversation's split is a
// hash of the seed and its id, so it does not depend on file order and
// one added later does not move the others.
//
//	go run ./index/internal/convsplit -dir index/testdata/conversations
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
)

// seed is fixed: changing it would reshuffle the locked test split.
const seed = "talksbot-conversations-2026-12-02"

func main() {
	dir := flag.String("dir", "index/testdata/conversations", "the conversations folder (raw/ in, dev.json test.json out)")
	flag.Parse()
	if err := run(*dir); err != nil {
		fmt.Fprintln(os.Stderr, "convsplit:", err)
		os.Exit(1)
	}
}

func run(dir string) error {
	files, err := filepath.Glob(filepath.Join(dir, "raw", "*.json"))
	if err != nil || len(files) == 0 {
		return fmt.Errorf("no raw conversation files in %s/raw", dir)
	}
	sort.Strings(files)
	splits := map[string][]json.RawMessage{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			return err
		}
		var set struct {
			Conversations []json.RawMessage `json:"conversations"`
		}
		if err := json.Unmarshal(data, &set); err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
		for _, c := range set.Conversations {
			var head struct {
				ID string `json:"id"`
			}
			if err := json.Unmarshal(c, &head); err != nil || head.ID == "" {
				return fmt.Errorf("%s: a conversation without an id", f)
			}
			name := splitOf(head.ID)
			splits[name] = append(splits[name], c)
		}
	}
	for _, name := range []string{"dev", "test"} {
		out, err := json.MarshalIndent(map[string]any{"conversations": splits[name]}, "", "  ")
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name+".json"), append(out, '\n'), 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d conversations\n", name, len(splits[name]))
	}
	return nil
}

// splitOf is half dev, half test by the hash of seed and id.
func splitOf(id string) string {
	h := sha256.Sum256([]byte(seed + "\x00" + id))
	if binary.BigEndian.Uint64(h[:8])%2 == 0 {
		return "dev"
	}
	return "test"
}
