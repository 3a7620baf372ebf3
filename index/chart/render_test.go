package chart

import (
	"bytes"
	"errors"
	"image/png"
	"testing"

	"gonum.org/v1/plot/vg"
)

// TestRender checks that each chart of the embedded corpus is a PNG that
// decodes at Width×Height (the pixels themselves are not tested).
func TestRender(t *testing.T) {
	charts := map[string]interface{ Render() ([]byte, error) }{
		"troops":   TroopsData(troopsView, timelineView),
		"timeline": TimelineData(timelineView),
	}
	for name, c := range charts {
		t.Run(name, func(t *testing.T) {
			b, err := c.Render()
			if err != nil {
				t.Fatal(err)
			}
			img, err := png.Decode(bytes.NewReader(b))
			if err != nil {
				t.Fatalf("not a PNG: %v", err)
			}
			if got := img.Bounds().Size(); got.X != Width || got.Y != Height {
				t.Errorf("size %v; want %d×%d", got, Width, Height)
			}
		})
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
