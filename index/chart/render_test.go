package chart

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestRenderGolden renders each chart of the embedded corpus at full width
// (1200 px) and at a phone's 400 px, and compares the PNGs with
// testdata/golden/NAME-WIDTH.png (refreshed with -update; look at them
// before committing). A PNG must decode at its layout's size; the pixels
// may differ from the golden file's in at most 0.1% (anti-aliasing).
func TestRenderGolden(t *testing.T) {
	charts := map[string]interface {
		Draw(Format, Size) ([]byte, error)
	}{
		"troops":   TroopsData(troopsView, timelineView),
		"timeline": TimelineData(timelineView),
	}
	aspects := map[string]float64{"troops": phoneTroopsAspect, "timeline": phoneTimelineAspect}
	for name, c := range charts {
		for _, size := range []Size{Full, {Width: PhoneWidth, Scale: 1}} {
			t.Run(fmt.Sprintf("%s-%d", name, size.Width), func(t *testing.T) {
				b, err := c.Draw(PNG, size)
				if err != nil {
					t.Fatal(err)
				}
				img, err := png.Decode(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("not a PNG: %v", err)
				}
				w, h := size.pixels(aspects[name])
				if got := img.Bounds().Size(); got.X != w || got.Y != h {
					t.Errorf("size %v; want %d×%d", got, w, h)
				}
				path := filepath.Join("testdata", "golden", fmt.Sprintf("%s-%d.png", name, size.Width))
				if *update {
					if err := os.WriteFile(path, b, 0o644); err != nil {
						t.Fatal(err)
					}
					return
				}
				want, err := os.ReadFile(path)
				if err != nil {
					t.Fatalf("%v (run `go test ./index/chart -update` to create it)", err)
				}
				wimg, err := png.Decode(bytes.NewReader(want))
				if err != nil {
					t.Fatal(err)
				}
				if n, total := differing(img, wimg); n*1000 > total {
					t.Errorf("%d of %d pixels differ from %s (run with -update if the change is intended, and look at it)", n, total, path)
				}
			})
		}
	}
}

// differing counts the pixels of a and b that differ (all of them when
// the sizes do).
func differing(a, b image.Image) (n, total int) {
	ra, rb := a.Bounds(), b.Bounds()
	total = ra.Dx() * ra.Dy()
	if ra.Size() != rb.Size() {
		return total, total
	}
	for y := 0; y < ra.Dy(); y++ {
		for x := 0; x < ra.Dx(); x++ {
			r1, g1, b1, _ := a.At(ra.Min.X+x, ra.Min.Y+y).RGBA()
			r2, g2, b2, _ := b.At(rb.Min.X+x, rb.Min.Y+y).RGBA()
			if r1 != r2 || g1 != g2 || b1 != b2 {
				n++
			}
		}
	}
	return n, total
}

// TestPhoneScale checks that the phone layout drawn at twice its pixels
// (what Discord gets) is the same picture, twice as large.
func TestPhoneScale(t *testing.T) {
	b, err := TimelineData(timelineView).Draw(PNG, Phone)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got.X != 2*PhoneWidth || got.Y != 2*int(PhoneWidth*phoneTimelineAspect) {
		t.Errorf("phone timeline at scale 2: %v", got)
	}
}

func TestRenderNothing(t *testing.T) {
	if _, err := (TroopsChart{}).Render(); !errors.Is(err, ErrNoData) {
		t.Errorf("empty troops chart: %v; want ErrNoData", err)
	}
	if _, err := (TimelineChart{}).Render(); !errors.Is(err, ErrNoData) {
		t.Errorf("empty timeline chart: %v; want ErrNoData", err)
	}
}

// TestLayer checks that milestone labels never cover a stem that rises
// past them, and that labels of one level do not overlap.
func TestLayer(t *testing.T) {
	var bs []box
	for i := 0; i < 8; i++ { // a dense cluster of left-aligned labels
		x := float64(i * 20)
		bs = append(bs, box{x0: vg.Length(x - 4), x1: vg.Length(x + 150), stem: vg.Length(x)})
	}
	layer(bs)
	for i, a := range bs {
		for j, b := range bs {
			if i == j {
				continue
			}
			if a.level == b.level && a.x0 < b.x1 && b.x0 < a.x1 {
				t.Errorf("labels %d and %d overlap at level %d", i, j, a.level)
			}
			if a.covers(b) && b.level > a.level {
				t.Errorf("stem %d (level %d) crosses label %d (level %d)", j, b.level, i, a.level)
			}
		}
	}
}

// TestSpace checks that the phone timeline's labels never overlap and stay
// inside the plot however their dates crowd.
func TestSpace(t *testing.T) {
	var bs []labelBlock
	for i := 0; i < 9; i++ { // nine labels dated within a few points
		bs = append(bs, labelBlock{h: 24, y: vg.Length(300 - i)})
	}
	space(bs, 320, 0, 5)
	for i, b := range bs {
		if b.y+b.h/2 > 320 || b.y-b.h/2 < 0 {
			t.Errorf("label %d at %v runs out of [0, 320]", i, b.y)
		}
		if i > 0 && bs[i-1].y-bs[i-1].h/2-(b.y+b.h/2) < 5-1e-9 {
			t.Errorf("labels %d and %d overlap: %v, %v", i-1, i, bs[i-1].y, b.y)
		}
	}
}
