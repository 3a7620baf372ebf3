package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"text/tabwriter"

	"github.com/talksbot/talksbot/index"
)

// whereInfo is what `talksbot where` reports.
type whereInfo struct {
	DataDir    string `json:"data_dir"`
	From       string `json:"from"` // --data, TALKSBOT_DATA, default, ./talksbot-data
	Exists     bool   `json:"exists"`
	Articles   int    `json:"articles"`
	Passages   uint64 `json:"passages"`
	Generation string `json:"generation,omitempty"`
	Snapshot   string `json:"snapshot,omitempty"` // the copy readers use while a writer runs
	Model      string `json:"model"`
	Extractor  string `json:"extractor"`
}

// cmdWhere prints where the data directory is and what it holds, the
// model in use and the HTML extractor found: `talksbot where` (or info).
func cmdWhere(ctx context.Context, e env, args []string) error {
	fs, data := newFlags(e, "where")
	asJSON := fs.Bool("json", false, "print JSON")
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("where: unexpected argument %q", pos[0])
	}
	if err := checkDataDir(*data); err != nil {
		return fmt.Errorf("where: %w", err)
	}
	w := whereInfo{DataDir: *data, From: dataSource(e, fs.Lookup("data").Value.(*dataValue)), Model: "built in: " + index.DefaultModel().About}
	if abs, err := filepath.Abs(*data); err == nil {
		w.DataDir = abs
	}
	w.Extractor = describeExtractor(e)
	if _, err := os.Stat(*data); err == nil {
		w.Exists = true
		d, _, err := openOrDial(ctx, e, *data, readingHere)
		if err != nil {
			return err
		}
		defer d.Close()
		articles, _ := d.Store.Load()
		w.Articles = len(articles)
		w.Passages, _ = d.PassageCount()
		w.Generation = filepath.Base(d.Index.Dir())
		if gen, at := index.SnapshotOf(*data); gen != "" {
			w.Snapshot = fmt.Sprintf("%s (as of %s)", gen, at.Local().Format("2006-01-02 15:04:05"))
		}
	}
	if *asJSON {
		return writeJSON(e.stdout, w)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "data directory\t%s (%s)\n", w.DataDir, w.From)
	if !w.Exists {
		fmt.Fprintf(tw, "\tnot created yet: the first command that reads it creates it and builds the index\n")
	} else {
		fmt.Fprintf(tw, "articles\t%d\n", w.Articles)
		fmt.Fprintf(tw, "passages\t%d\n", w.Passages)
		fmt.Fprintf(tw, "index generation\t%s\n", w.Generation)
		if w.Snapshot != "" {
			fmt.Fprintf(tw, "snapshot\t%s: what readers answer from while a command holds the directory\n", w.Snapshot)
		}
	}
	fmt.Fprintf(tw, "model\t%s\n", w.Model)
	fmt.Fprintf(tw, "extractor\t%s\n", w.Extractor)
	return tw.Flush()
}

// dataSource says where the data directory's name came from.
func dataSource(e env, v *dataValue) string {
	switch {
	case v.set && e.getenv("TALKSBOT_DATA") == v.dir:
		return "TALKSBOT_DATA"
	case v.set:
		return "--data"
	case v.dir == legacyDataDir:
		return "./" + legacyDataDir + " in the current directory"
	}
	return "the default; --data or TALKSBOT_DATA choose another"
}

// describeExtractor says which HTML extractor ingest would run and why
// (extractorPlaces.locate, without running or building one), or why none.
func describeExtractor(e env) string {
	return placesOf(e.getenv).describe()
}

// cmdVersion prints the module version and the source revision this
// binary was built from.
func cmdVersion(ctx context.Context, e env, args []string) error {
	fs, _ := newFlags(e, "version") // --data, as every command takes it
	pos, err := parseInterspersed(fs, args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return fmt.Errorf("version: unexpected argument %q", pos[0])
	}
	fmt.Fprintln(e.stdout, versionLine())
	return nil
}

// versionLine is "talksbot VERSION (REVISION[, modified], DATE)".
func versionLine() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "talksbot (no build information)"
	}
	version := bi.Main.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, at, dirty string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.time":
			at = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				dirty = ", modified"
			}
		}
	}
	if rev == "" {
		return fmt.Sprintf("talksbot %s (no VCS revision: built outside a git checkout, or with -buildvcs=false), %s", version, bi.GoVersion)
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	return fmt.Sprintf("talksbot %s (revision %s%s, %s), %s", version, rev, dirty, at, bi.GoVersion)
}
