package chart

import (
	"image/color"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Render draws the milestones as a Width×Height PNG: a marker on a time
// axis for each (filled when it happened, hollow when planned), a stem up
// to its label and date; labels stand at heights where they cover no other
// label or stem.
func (t TimelineChart) Render() ([]byte, error) { return t.Draw(PNG, Full) }

// RenderAs draws the chart as Render does, in format f.
func (t TimelineChart) RenderAs(f Format) ([]byte, error) { return t.Draw(f, Full) }

// Draw draws the chart in format f at size s: across at full width; down
// the screen for a phone, the time axis running down the left and each
// label on its own line to the right, the legend above.
func (t TimelineChart) Draw(f Format, s Size) ([]byte, error) {
	if len(t.Milestones) == 0 {
		return nil, ErrNoData
	}
	lk := s.look()
	col := palette[0]
	items := []legendItem{
		{func(dc draw.Canvas, at vg.Point, _ vg.Length) {
			dc.DrawGlyph(draw.GlyphStyle{Color: col, Radius: lk.radius, Shape: draw.CircleGlyph{}}, at)
		}, "happened, as reported"},
		{func(dc draw.Canvas, at vg.Point, _ vg.Length) { hollow(dc, at, lk.radius) }, "planned or expected, as reported at the time"},
	}
	lo, hi := axis(t.Milestones[0].At, t.Milestones[len(t.Milestones)-1].At)
	p := newPlot(t.Title, lk)
	p.X.Min, p.X.Max = unix(lo), unix(hi)
	p.X.Tick.Marker = timeTicks{}
	p.Y.Min, p.Y.Max = 0, 1
	p.HideY()
	lh := vg.Length(44)
	if lk.phone {
		p.HideX()
		items[1].text = "planned or expected"
		pw, _ := s.pixels(phoneTimelineAspect)
		lh = legendHeight(items, "", lk, vg.Length(pw/s.scale())/dpi*vg.Inch-2*lk.margin)
		p.Add(downLayer{t: t, lk: lk, lo: lo, hi: hi})
	} else {
		p.Add(timelineLayer{t, lk})
	}
	return render(f, s, phoneTimelineAspect, lk, p, lh, func(dc draw.Canvas) { drawLegend(dc, items, "", lk) })
}

// milestoneDate is a milestone's date as its label says it: "27 Jan
// 2024", "by Sep 2025 · reported Dec 2025" when a later article reports a
// deadline met.
func milestoneDate(m Milestone) string {
	d := shortDate(m.Date)
	if m.ReportedBy != nil {
		d = "by " + d + " · reported " + shortDate(m.ReportedBy.Published)
	}
	return d
}

// hollow is the marker of a planned milestone.
func hollow(dc draw.Canvas, at vg.Point, radius vg.Length) {
	dc.DrawGlyph(draw.GlyphStyle{Color: palette[0], Radius: radius, Shape: draw.CircleGlyph{}}, at)
	dc.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: radius * 0.58, Shape: draw.CircleGlyph{}}, at)
}

type timelineLayer struct {
	t  TimelineChart
	lk look
}

// box is a label's place: its level and horizontal extent, and its stem.
type box struct {
	level  int
	x0, x1 vg.Length
	stem   vg.Length
	align  draw.XAlignment
}

// covers reports whether a's label is over b's stem.
func (a box) covers(b box) bool { return a.x0 <= b.stem && b.stem <= a.x1 }

func (l timelineLayer) Plot(dc draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&dc)
	head := style(l.lk.head, ink)
	head.Font.Weight = xfont.WeightBold
	sub := style(l.lk.sub, muted)
	lineH := head.Height("Ag") + sub.Height("Ag") + 4
	base := dc.Min.Y + 14
	var bs []box
	for _, m := range l.t.Milestones {
		x := trX(atValue(m.At))
		w := max(head.Width(label(m)), sub.Width(milestoneDate(m)))
		b := box{x0: x - 4, x1: x + w + 10, stem: x, align: draw.XLeft}
		if b.x1 > dc.Max.X {
			b.x0, b.x1, b.align = x-w-10, x+4, draw.XRight
		}
		bs = append(bs, b)
	}
	// A label to the right that covers the stem of a label to its left
	// that covers its own stem cannot be above and below it: it turns left.
	for i := len(bs) - 1; i >= 0; i-- {
		for j := range bs {
			if a := bs[i]; a.align == draw.XLeft && bs[j].align == draw.XRight && a.covers(bs[j]) && bs[j].covers(a) && a.x0-(a.x1-a.x0) >= dc.Min.X {
				w := a.x1 - a.x0 - 14
				bs[i].x0, bs[i].x1, bs[i].align = a.stem-w-10, a.stem+4, draw.XRight
				break
			}
		}
	}
	top := layer(bs)
	step := min(lineH+12, (dc.Max.Y-base-24)/vg.Length(top+1))
	levelY := func(n int) vg.Length { return base + 18 + vg.Length(n)*step }

	dc.StrokeLine2(draw.LineStyle{Color: grey, Width: 2}, dc.Min.X, base, dc.Max.X, base)
	for i, b := range bs { // stems first, under every label
		line := draw.LineStyle{Color: grey, Width: 1.5}
		if l.t.Milestones[i].Planned {
			line.Dashes = []vg.Length{5, 3}
		}
		dc.StrokeLine2(line, b.stem, base, b.stem, levelY(b.level))
	}
	for i, b := range bs {
		m := l.t.Milestones[i]
		at := vg.Point{X: b.stem, Y: base}
		if m.Planned {
			hollow(dc, at, l.lk.radius)
		} else {
			dc.DrawGlyph(draw.GlyphStyle{Color: palette[0], Radius: l.lk.radius, Shape: draw.CircleGlyph{}}, at)
		}
		h, s := head, sub
		h.XAlign, s.XAlign = b.align, b.align
		h.YAlign, s.YAlign = draw.YBottom, draw.YTop
		x := b.stem + 3
		if b.align == draw.XRight {
			x = b.stem - 3
		}
		y := levelY(b.level) + sub.Height("Ag") + 4
		fillBox(dc, h, vg.Point{X: x, Y: y}, label(m))
		fillBox(dc, s, vg.Point{X: x, Y: y - 2}, milestoneDate(m))
		dc.FillText(h, vg.Point{X: x, Y: y}, label(m))
		dc.FillText(s, vg.Point{X: x, Y: y - 2}, milestoneDate(m))
	}
}

// layer sets the labels' levels so that a label is above every stem it
// covers (a stem never crosses a label) and no two labels of a level
// overlap; it returns the highest level. A label is placed once the
// stems it covers are; when labels cover each other's stems, the one
// covering fewest unplaced stems goes first.
func layer(bs []box) int {
	placed := make([]bool, len(bs))
	top := 0
	for range bs {
		next, waiting := -1, 0
		for i := range bs {
			if placed[i] {
				continue
			}
			n := 0
			for j := range bs {
				if j != i && !placed[j] && bs[i].covers(bs[j]) {
					n++
				}
			}
			if next < 0 || n < waiting {
				next, waiting = i, n
			}
		}
		lv := 0
		for j := range bs {
			if placed[j] && bs[next].covers(bs[j]) {
				lv = max(lv, bs[j].level+1)
			}
		}
		for overlapsLevel(bs, placed, next, lv) {
			lv++
		}
		bs[next].level, placed[next] = lv, true
		top = max(top, lv)
	}
	return top
}

// overlapsLevel reports whether label i at level lv would overlap a placed
// label of that level.
func overlapsLevel(bs []box, placed []bool, i, lv int) bool {
	for j, o := range bs {
		if placed[j] && o.level == lv && bs[i].x0 < o.x1 && o.x0 < bs[i].x1 {
			return true
		}
	}
	return false
}

// label is a milestone's label as drawn: words of the quote in quotation
// marks.
func label(m Milestone) string {
	if m.Rule == "" {
		return "“" + m.Label + "”"
	}
	return m.Label
}
