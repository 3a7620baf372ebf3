package main

import (
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/talksbot/talksbot/index/chart"
)

// TestViewCharts runs troops and timeline with --chart as a user would:
// the text view still prints, then where the chart went; the file is a PNG
// of the intended size and no temporary file is left behind. With --json,
// stdout stays JSON and the line goes to stderr.
func TestViewCharts(t *testing.T) {
	data := t.TempDir()
	out := t.TempDir()
	for _, tt := range []struct{ view, text string }{
		{"troops", "U.S. troops in Iraq"},
		{"timeline", "2024-01-27"},
	} {
		t.Run(tt.view, func(t *testing.T) {
			path := filepath.Join(out, tt.view+".png")
			stdout, _, err := runCmd(t, data, tt.view, "--chart", path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(stdout, tt.text) {
				t.Errorf("%s --chart: the text view is missing:\n%s", tt.view, stdout)
			}
			if want := "chart: wrote " + path + " (1200×675 PNG)"; !strings.HasSuffix(strings.TrimSpace(stdout), want) {
				t.Errorf("%s --chart: output does not end with %q", tt.view, want)
			}
			decodes(t, path)

			os.Remove(path)
			stdout, stderr, err := runCmd(t, data, tt.view, "--json", "--chart", path)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.HasPrefix(stdout, "{") || strings.Contains(stdout, "chart: wrote") {
				t.Errorf("%s --json --chart: stdout is not only JSON:\n%.200s", tt.view, stdout)
			}
			if !strings.Contains(stderr, "chart: wrote "+path) {
				t.Errorf("%s --json --chart: stderr %q does not say where the chart went", tt.view, stderr)
			}
			decodes(t, path)

			// The phone layout, as Discord gets it (there at scale 2).
			phone := filepath.Join(out, tt.view+"-phone.png")
			stdout, _, err = runCmd(t, data, tt.view, "--chart", phone, "--chart-width", "400")
			if err != nil {
				t.Fatal(err)
			}
			w, h := chart.TroopsChart{}.PixelsAt(chart.Size{Width: 400, Scale: 1})
			if tt.view == "timeline" {
				w, h = chart.TimelineChart{}.PixelsAt(chart.Size{Width: 400, Scale: 1})
			}
			if want := fmt.Sprintf("chart: wrote %s (%d×%d PNG)", phone, w, h); h <= 400 || !strings.HasSuffix(strings.TrimSpace(stdout), want) {
				t.Errorf("%s --chart-width 400: output does not end with %q (taller than wide)", tt.view, want)
			}
			if _, _, err := runCmd(t, data, tt.view, "--chart", phone, "--chart-width", "40"); err == nil || strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("%s --chart-width 40: %v; want one line saying what widths work", tt.view, err)
			}
		})
	}
	entries, err := os.ReadDir(out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".png") || strings.HasPrefix(e.Name(), ".") {
			t.Errorf("left behind: %s", e.Name())
		}
	}
	if _, _, err := runCmd(t, data, "troops", "--chart", filepath.Join(out, "no-such-dir", "x.png")); err == nil {
		t.Error("troops --chart into a missing directory: no error")
	}
}

func decodes(t *testing.T, path string) {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatalf("%s: not a PNG: %v", path, err)
	}
	if got := img.Bounds().Size(); got.X != chart.Width || got.Y != chart.Height {
		t.Errorf("%s: %v; want %d×%d", path, got, chart.Width, chart.Height)
	}
}
