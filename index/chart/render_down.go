package chart

import (
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The timeline for a phone runs down the screen: the years on the left of
// a vertical time axis, a marker at each milestone's date, its label and
// date on lines of their own to the right. Labels keep to their dates'
// heights where they can and are pushed apart where dates crowd (January
// 2024), a leader joining each to its marker.

// phoneMilestones is the most milestones the phone layout shows: those
// the rules recognise first, then the most reported (weight).
const phoneMilestones = 11

type downLayer struct {
	t      TimelineChart
	lk     look
	lo, hi time.Time
}

// labelBlock is a milestone's label laid out: its lines and height.
type labelBlock struct {
	m     Milestone
	head  []string
	h     vg.Length
	y, at vg.Length // the block's centre; the marker's height
}

func (l downLayer) Plot(dc draw.Canvas, p *plot.Plot) {
	head := style(l.lk.head, ink)
	head.Font.Weight = xfont.WeightBold
	sub := style(l.lk.sub, muted)
	tick := style(l.lk.tick, ink)
	ms := phoneSet(l.t.Milestones)

	axisX := dc.Min.X + tick.Width("2026") + 10
	textX := axisX + 16
	top, bottom := dc.Max.Y-6, dc.Min.Y+6
	span := float64(l.hi.Sub(l.lo))
	yOf := func(at string) vg.Length {
		t, _ := time.Parse(time.DateOnly, at)
		return top - vg.Length(float64(t.Sub(l.lo))/span)*(top-bottom)
	}
	// The axis and its years.
	dc.StrokeLine2(draw.LineStyle{Color: grey, Width: 2}, axisX, top, axisX, bottom)
	tick.XAlign, tick.YAlign = draw.XRight, draw.YCenter
	for y := l.lo.Year(); y <= l.hi.Year(); y++ {
		jan := time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC)
		at := jan
		if jan.Before(l.lo) {
			at = l.lo
		}
		yy := yOf(day(at))
		if !jan.Before(l.lo) {
			dc.StrokeLine2(draw.LineStyle{Color: grey, Width: 1}, axisX-5, yy, axisX+5, yy)
		}
		dc.FillText(tick, vg.Point{X: axisX - 8, Y: yy}, jan.Format("2006"))
	}
	// Labels: wrapped to the width, then spaced.
	width := dc.Max.X - textX
	lineH := head.Height("Ag") + 1
	subH := sub.Height("Ag")
	gap := vg.Length(5)
	var bs []labelBlock
	for _, m := range ms {
		lines := wrap(head, label(m), width)
		h := vg.Length(len(lines))*lineH + subH + 1
		y := yOf(m.At)
		bs = append(bs, labelBlock{m: m, head: lines, h: h, y: y, at: y})
	}
	space(bs, top, bottom, gap)
	for _, b := range bs { // leaders under the markers
		dc.StrokeLines(draw.LineStyle{Color: grey, Width: 1}, []vg.Point{
			{X: axisX, Y: b.at}, {X: axisX + 8, Y: b.at}, {X: textX - 3, Y: b.y}})
	}
	for _, b := range bs {
		at := vg.Point{X: axisX, Y: b.at}
		if b.m.Planned {
			hollow(dc, at, l.lk.radius)
		} else {
			dc.DrawGlyph(draw.GlyphStyle{Color: palette[0], Radius: l.lk.radius, Shape: draw.CircleGlyph{}}, at)
		}
		y := b.y + b.h/2
		h := head
		h.YAlign = draw.YTop
		for _, line := range b.head {
			dc.FillText(h, vg.Point{X: textX, Y: y}, line)
			y -= lineH
		}
		s := sub
		s.YAlign = draw.YTop
		dc.FillText(s, vg.Point{X: textX, Y: y}, milestoneDate(b.m))
	}
}

// space moves the blocks (in date order, top down) as little as it can so
// that none overlaps the next by less than gap and all stay between top
// and bottom: pushed down from the top, then, where they run past the
// bottom, up.
func space(bs []labelBlock, top, bottom, gap vg.Length) {
	for i := range bs {
		limit := top - bs[i].h/2
		if i > 0 {
			limit = bs[i-1].y - bs[i-1].h/2 - gap - bs[i].h/2
		}
		bs[i].y = min(bs[i].y, limit)
	}
	for i := len(bs) - 1; i >= 0; i-- {
		limit := bottom + bs[i].h/2
		if i < len(bs)-1 {
			limit = bs[i+1].y + bs[i+1].h/2 + gap + bs[i].h/2
		}
		bs[i].y = max(bs[i].y, limit)
	}
}

// phoneSet is the milestones a phone shows: at most phoneMilestones, by
// weight, in date order.
func phoneSet(ms []Milestone) []Milestone {
	if len(ms) <= phoneMilestones {
		return ms
	}
	idx := make([]int, len(ms))
	for i := range idx {
		idx[i] = i
	}
	// keep the heaviest; ties to the earlier
	keep := map[int]bool{}
	for len(keep) < phoneMilestones {
		best := -1
		for _, i := range idx {
			if !keep[i] && (best < 0 || weight(ms[i]) > weight(ms[best])) {
				best = i
			}
		}
		keep[best] = true
	}
	var out []Milestone
	for i, m := range ms {
		if keep[i] {
			out = append(out, m)
		}
	}
	return out
}
