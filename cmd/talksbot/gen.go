package main

import (
	"context"
	"flag"
	"fmt"
	"time"

	"github.com/talksbot/talksbot/corpus/gen"
)

// cmdGen writes a synthetic corpus for benchmarks (see docs/BENCHMARKS.md).
func cmdGen(ctx context.Context, e env, args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	fs.Usage = func() { commandHelp(e.stdout, "gen", fs) }
	n := fs.Int("n", 1000, "number of articles")
	out := fs.String("out", "", "folder to write the article files to (created)")
	seed := fs.Int64("seed", 1, "seed: the same seed and n give the same files")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	if *out == "" || *n < 1 {
		return fmt.Errorf("gen: usage: talksbot gen [--seed S] --n N --out DIR")
	}
	start := time.Now()
	const chunk = 1000
	for from := 0; from < *n; from += chunk {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := gen.Write(*out, *seed, from, min(from+chunk, *n)); err != nil {
			return fmt.Errorf("gen: %w", err)
		}
	}
	fmt.Fprintf(e.stdout, "wrote %d generated articles (seed %d) to %s in %s\n", *n, *seed, *out, time.Since(start).Round(time.Millisecond))
	return nil
}
