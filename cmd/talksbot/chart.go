package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/talksbot/talksbot/index/chart"
)

// The troops and timeline views with --chart FILE.png also draw their
// chart: the PNG is written atomically (a temporary file renamed), and
// where it went is printed after the text view (on stderr with --json, so
// that stdout stays JSON).

// chartOption is a view command's --chart flag and, once written, the line
// that says where the chart went.
type chartOption struct {
	path  string
	width int
	fs    *flag.FlagSet
	done  string
}

func (o *chartOption) register(fs *flag.FlagSet) {
	o.fs = fs
	fs.StringVar(&o.path, "chart", "", fmt.Sprintf("also draw the view's chart, %d×%d, into `FILE`: .png, .svg or .pdf", chart.Width, chart.Height))
	fs.IntVar(&o.width, "chart-width", chart.Width, fmt.Sprintf("the chart's width in `PIXELS`: %d for a phone's layout (what Discord shows), %d for a screen's", chart.PhoneWidth, chart.Width))
}

// save renders c in the format the --chart file's extension names and
// writes it there.
func (o *chartOption) save(e env, c interface {
	Draw(chart.Format, chart.Size) ([]byte, error)
	PixelsAt(chart.Size) (int, int)
}) error {
	f, err := chart.FormatOf(o.path)
	if err != nil {
		return err
	}
	if o.width < 300 || o.width > 4000 {
		return fmt.Errorf("--chart-width %d: give a width from 300 to 4000 pixels (%d for a phone)", o.width, chart.PhoneWidth)
	}
	size := chart.Size{Width: o.width, Scale: 1}
	b, err := c.Draw(f, size)
	if err != nil {
		return fmt.Errorf("draw chart: %w", err)
	}
	if err := writeFileAtomic(o.path, b); err != nil {
		return err
	}
	w, h := c.PixelsAt(size)
	o.done = fmt.Sprintf("chart: wrote %s (%d×%d %s)", o.path, w, h, strings.ToUpper(string(f)))
	if f := o.fs.Lookup("json"); f != nil && f.Value.String() == "true" {
		fmt.Fprintln(e.stderr, o.done)
	}
	return nil
}

// withChart is the view's text, then where the chart went.
func withChart[V any](o *chartOption, write func(io.Writer, V)) func(io.Writer, V) {
	return func(w io.Writer, v V) {
		write(w, v)
		if o.done != "" {
			fmt.Fprintf(w, "\n%s\n", o.done)
		}
	}
}

// writeFileAtomic writes b to path through a temporary file in the same
// directory, renamed over path: a reader sees the old file or the new one,
// never half of one.
func writeFileAtomic(path string, b []byte) (err error) {
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer func() {
		if err != nil {
			f.Close()
			os.Remove(f.Name())
			err = fmt.Errorf("write %s: %w", path, err)
		}
	}()
	if _, err = f.Write(b); err != nil {
		return err
	}
	if err = f.Chmod(0o644); err != nil {
		return err
	}
	if err = f.Sync(); err != nil {
		return err
	}
	if err = f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}
