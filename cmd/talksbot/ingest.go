package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/talksbot/talksbot/bot/control"
	"github.com/talksbot/talksbot/corpus"
	"github.com/talksbot/talksbot/corpus/ingest"
	"github.com/talksbot/talksbot/index"
)

// maxIngestBytes caps one file or page.
const maxIngestBytes = 5 << 20

func cmdIngest(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "ingest")
	force := fs.Bool("force", false, "add near-duplicates, text that is not prose, and articles that replace another held under their id or address")
	var meta ingest.Meta
	fs.StringVar(&meta.Title, "title", "", "the article's title (one PATH or URL only)")
	fs.StringVar(&meta.Outlet, "outlet", "", "the outlet that published it")
	fs.StringVar(&meta.Published, "published", "", "its publication date, YYYY-MM-DD")
	fs.StringVar(&meta.URL, "url", "", "its address on the web (one PATH only)")
	allow := fetchAllowFlag(fs, e)
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	fetchOpts, err := fetchOptions(e, *allow, nil)
	if err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if len(pos) == 0 {
		return fmt.Errorf("ingest: usage: talksbot ingest [--force] [--title T] [--outlet O] [--published YYYY-MM-DD] [--url U] PATH|URL…")
	}
	if err := meta.Check(); err != nil {
		return fmt.Errorf("ingest: %w", err)
	}
	if (meta.Title != "" || meta.URL != "") && (len(pos) > 1 || isDir(pos[0])) {
		return fmt.Errorf("ingest: --title and --url describe one article: give one file or page")
	}
	d, c, err := openOrDial(ctx, e, *data, writing)
	if err != nil {
		return err
	}
	var add func(in input) (index.IngestResult, error)
	if c != nil {
		defer c.Close()
		add = func(in input) (index.IngestResult, error) { return remoteIngest(ctx, c, in, meta, *force) }
	} else {
		defer d.Close()
		fetcher := ingest.NewFetcher(fetchOpts...)
		add = func(in input) (index.IngestResult, error) {
			a, err := in.read(ctx, fetcher)
			if err != nil {
				return index.IngestResult{}, err
			}
			notes, err := ingest.Apply(a, meta)
			if err != nil {
				return index.IngestResult{}, err
			}
			if !*force {
				if err := ingest.CheckProse(a); err != nil {
					return index.IngestResult{}, err
				}
			}
			res, err := d.Ingest(ctx, a, *force)
			res.Notes = notes
			return res, err
		}
	}
	failed := 0
	lists := listAll(pos)
	bar := newLineBar(e, "ingesting", lists.total)
	defer bar.finish()
	for _, l := range lists.each {
		for _, sk := range l.skipped {
			bar.println(e.stderr, "- "+sk)
		}
		if l.err != nil {
			bar.println(e.stderr, failLine(l.src, l.err))
			failed++
		}
		for _, in := range l.inputs {
			if err := ctx.Err(); err != nil {
				return err
			}
			// Acknowledged (✓) only once Ingest has returned: the article
			// is then on disk and in the index.
			res, err := add(in)
			bar.add()
			if err != nil {
				bar.println(e.stderr, failLine(in.name, err)+forceHint(err))
				failed++
				continue
			}
			for _, n := range res.Notes {
				bar.println(e.stderr, fmt.Sprintf("  %s: %s", in.name, n))
			}
			if res.Status == index.Replaces {
				bar.println(e.stderr, fmt.Sprintf("✗ %s: would replace %s “%s”, another article held under its id or address (use --force to replace it)", in.name, res.SameAs, res.SameTitle))
				failed++
				continue
			}
			bar.println(e.stdout, describeIngest(in.name, res))
		}
	}
	if failed > 0 {
		return fmt.Errorf("ingest: %d source(s) not added", failed)
	}
	return nil
}

// forceHint tells how to add anyway what --force (or the operator's
// allow-list) lets in.
func forceHint(err error) string {
	if errors.Is(err, ingest.ErrNotProse) {
		return " (use --force to add it anyway)"
	}
	return blockedHint(err)
}

func describeIngest(name string, r index.IngestResult) string {
	switch r.Status {
	case index.Duplicate:
		return fmt.Sprintf("= %s: already have it as %s (use --force to add it anyway)", name, r.SameAs)
	case index.Unchanged:
		return fmt.Sprintf("= %s: already have it as %s, unchanged", name, r.ID)
	}
	return fmt.Sprintf("✓ %s: %s %s “%s” (%d passages)", name, r.Status, r.ID, r.Title, r.Passages)
}

// input is one thing to ingest: a web page or a file.
type input struct {
	name string // as given, for messages
	url  string // or
	path string
	// A folder's file: the folder walked, and what the walk saw of the
	// file, which open checks.
	root   string
	listed fs.FileInfo
}

// listInputs turns a URL, a file or a folder of files into inputs, and
// says what it skipped in a folder: symbolic links (never followed: a
// folder's "shadow.md → /etc/shadow" is not an article) and anything but
// a regular file (a FIFO would block the read forever).
func listInputs(src string) (inputs []input, skipped []string, err error) {
	if strings.HasPrefix(src, "http://") || strings.HasPrefix(src, "https://") {
		return []input{{name: src, url: src}}, nil, nil
	}
	info, err := os.Stat(src)
	if err != nil {
		return nil, nil, err
	}
	if !info.IsDir() {
		if !info.Mode().IsRegular() {
			return nil, nil, fmt.Errorf("not a regular file (%s)", fileKind(info.Mode()))
		}
		return []input{{name: src, path: src}}, nil, nil
	}
	err = filepath.WalkDir(src, func(path string, de fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		switch strings.ToLower(filepath.Ext(path)) {
		case ".md", ".markdown", ".txt", ".html", ".htm":
			switch t := de.Type(); {
			case de.IsDir():
			case t&fs.ModeSymlink != 0:
				skipped = append(skipped, path+": skipped: a symbolic link (links are not followed)")
			case !t.IsRegular():
				skipped = append(skipped, fmt.Sprintf("%s: skipped: not a regular file (%s)", path, fileKind(t)))
			default:
				inputs = append(inputs, input{name: path, path: path, root: src, listed: listedInfo(de)})
			}
		}
		return nil
	})
	return inputs, skipped, err
}

func isDir(path string) bool {
	info, err := os.Stat(path)
	return err == nil && info.IsDir()
}

// fileKind names what a non-regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m&fs.ModeNamedPipe != 0:
		return "a FIFO"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "not a regular file"
}

// read turns an input into an article here.
func (in input) read(ctx context.Context, f *ingest.Fetcher) (*corpus.Article, error) {
	if in.url != "" {
		return f.Fetch(ctx, in.url)
	}
	file, err := in.open()
	if err != nil {
		return nil, err
	}
	defer file.Close()
	return ingest.FromReader(ctx, f.Extractor, filepath.Base(in.path), "", file, maxIngestBytes)
}

// remoteIngest has the talksbot holding the data directory ingest an
// input: it fetches URLs itself; files are sent.
func remoteIngest(ctx context.Context, c *control.Client, in input, meta ingest.Meta, force bool) (index.IngestResult, error) {
	if in.url != "" {
		return c.Ingest(ctx, control.IngestRequest{URL: in.url, Force: force, Meta: meta})
	}
	file, err := in.open()
	if err != nil {
		return index.IngestResult{}, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, maxIngestBytes+1))
	if err != nil {
		return index.IngestResult{}, err
	}
	if len(data) > maxIngestBytes {
		return index.IngestResult{}, fmt.Errorf("%w: more than %d MiB", ingest.ErrTooBig, maxIngestBytes>>20)
	}
	return c.Ingest(ctx, control.IngestRequest{Name: filepath.Base(in.path), Data: data, Force: force, Meta: meta})
}

func cmdReindex(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "reindex")
	if _, err := parseInterspersed(fs, args); err != nil {
		return err
	}
	d, c, err := openOrDial(ctx, e, *data, writing)
	if err != nil {
		return err
	}
	progress, finish := reindexProgress(e)
	var res index.ReindexResult
	if c != nil {
		defer c.Close()
		res, err = c.Reindex(ctx, progress)
	} else {
		defer d.Close()
		res, err = d.Reindex(ctx, progress)
	}
	finish()
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "re-indexed %d articles (%d passages) in %s\n", res.Articles, res.Passages, res.Took.Round(time.Millisecond))
	if res.Skipped != "" {
		fmt.Fprintf(e.stderr, "skipped:\n%s\n", res.Skipped)
	}
	return nil
}

// reindexProgress is a re-index's progress bar on stderr (shown on a
// terminal only), and the function that ends it.
func reindexProgress(e env) (progress func(done, total int), finish func()) {
	var bar *progressbar.ProgressBar
	progress = func(done, total int) {
		if bar == nil {
			bar = progressbar.NewOptions(total, progressbar.OptionSetWriter(e.stderr),
				progressbar.OptionSetDescription("re-indexing"), progressbar.OptionShowCount(),
				progressbar.OptionShowIts(), progressbar.OptionSetItsString("articles"),
				progressbar.OptionSetPredictTime(true), progressbar.OptionSetVisibility(isTerminal(e.stderr)))
		}
		bar.Set(done)
	}
	finish = func() {
		if bar != nil && isTerminal(e.stderr) {
			bar.Finish()
			fmt.Fprintln(e.stderr)
		}
	}
	return progress, finish
}
