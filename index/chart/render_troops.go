package chart

import (
	"errors"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ErrNoData is returned by Render for a chart with nothing to draw.
var ErrNoData = errors.New("chart: nothing to draw")

// Render draws the chart as a Width×Height PNG: the figures as markers
// (a circle for "about" or exact, ▼ for "fewer than" and "up to", ▲ for
// "more than" and "at least", a bar for "between"), each place a colour,
// ringed where sources differ, the value of each run of equal figures
// written once; the key events as grey vertical lines, dashed when
// planned. The value axis starts at 0.
func (c TroopsChart) Render() ([]byte, error) { return c.Draw(PNG, Full) }

// RenderAs draws the chart as Render does, in format f.
func (c TroopsChart) RenderAs(f Format) ([]byte, error) { return c.Draw(f, Full) }

// Draw draws the chart in format f at size s. The phone layout writes the
// values of two runs of each series (the most reported and the latest),
// numbers the key events on their lines and names them in the legend,
// which stands above the plot, and labels the years only.
func (c TroopsChart) Draw(f Format, s Size) ([]byte, error) {
	lo, hi, ok := c.timeRange()
	if !ok || len(c.Series) == 0 {
		return nil, ErrNoData
	}
	lk := s.look()
	p := newPlot(c.Title, lk)
	if lk.phone {
		p.Title.Text = "Troop figures, as each source reports them"
	}
	pad := max(hi.Sub(lo)/25, 20*24*time.Hour)
	p.X.Min, p.X.Max = unix(lo.Add(-pad)), unix(hi.Add(pad))
	p.X.Tick.Marker = timeTicks{years: lk.phone}
	top, units := 0.0, []string{}
	for _, s := range c.Series {
		for _, pt := range s.Points {
			top = max(top, pt.Value, pt.Hi)
		}
		if !containsString(units, s.Unit) {
			units = append(units, s.Unit)
		}
	}
	p.Y.Min, p.Y.Max = 0, niceCeil(top*1.35)
	p.Y.Tick.Marker = countTicks{}
	p.Y.Label.Text = strings.Join(units, " / ")
	p.Add(troopsLayer{c, lk})
	items, note := c.legend(lk), c.note(lk)
	lh := vg.Length(62)
	if lk.phone {
		pw, _ := s.pixels(phoneTroopsAspect)
		lh = legendHeight(items, note, lk, vg.Length(pw/s.scale())/dpi*vg.Inch-2*lk.margin)
	}
	return render(f, s, phoneTroopsAspect, lk, p, lh, func(dc draw.Canvas) { drawLegend(dc, items, note, lk) })
}

// troopsLayer draws the event lines, the points and their values.
type troopsLayer struct {
	c  TroopsChart
	lk look
}

func (l troopsLayer) Plot(dc draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&dc)
	l.events(dc, trX)
	r := l.lk.radius
	for si, s := range l.c.Series {
		col := palette[si%len(palette)]
		for _, pt := range s.Points {
			drawPoint(dc, vg.Point{X: trX(atValue(pt.At)) + vg.Length(pt.Jitter)*(2*r+2), Y: trY(pt.Value)}, pt, col, trY, r)
		}
		l.values(dc, s, col, trX, trY)
	}
}

// events draws the key events' lines and their labels in rows from the
// top, each label in the first row where it overlaps no other; in the
// phone layout, each line's number in a disc (the legend names it).
func (l troopsLayer) events(dc draw.Canvas, trX func(float64) vg.Length) {
	sty := style(l.lk.event, ink)
	sty.YAlign = draw.YTop
	var rows [][][2]vg.Length
	for i, e := range l.c.Events {
		x := trX(atValue(e.At))
		line := draw.LineStyle{Color: grey, Width: 1.5}
		if e.Planned {
			line.Dashes = []vg.Length{6, 4}
		}
		dc.StrokeLine2(line, x, dc.Min.Y, x, dc.Max.Y)
		if l.lk.phone {
			d := l.lk.event * 1.5 // the disc's diameter
			r := 0
			for ; r < len(rows) && overlaps(rows[r], x-d/2-1, x+d/2+1); r++ {
			}
			if r == len(rows) {
				rows = append(rows, nil)
			}
			rows[r] = append(rows[r], [2]vg.Length{x - d/2 - 1, x + d/2 + 1})
			numberDisc(dc, vg.Point{X: x, Y: dc.Max.Y - d/2 - 1 - vg.Length(r)*(d+2)}, i+1, l.lk)
			continue
		}
		label := e.Label + "\n" + eventDate(e)
		w := sty.Width(label)
		s := sty
		x0 := x + 4
		if x0+w > dc.Max.X {
			s.XAlign, x0 = draw.XRight, x-4-w
		}
		r := 0
		for ; r < len(rows) && overlaps(rows[r], x0, x0+w); r++ {
		}
		if r == len(rows) {
			rows = append(rows, nil)
		}
		rows[r] = append(rows[r], [2]vg.Length{x0 - 6, x0 + w + 6})
		at := vg.Point{X: x + 4, Y: dc.Max.Y - 2 - vg.Length(r)*(sty.Height(label)+8)}
		if s.XAlign == draw.XRight {
			at.X = x - 4
		}
		fillBox(dc, s, at, label)
		dc.FillText(s, at, label)
	}
}

// eventDate is an event's date as its label says it: "27 Sep 2024", "Nov
// 2024 (planned)", "by Sep 2025 (reported 31 Dec 2025)".
func eventDate(e Event) string {
	d := shortDate(e.Date)
	switch {
	case e.Planned:
		d += " (planned)"
	case e.ReportedBy != nil:
		d = "by " + d + " (reported " + shortDate(e.ReportedBy.Published) + ")"
	}
	return d
}

// numberDisc draws n in a white disc ringed in grey: an event's key.
func numberDisc(dc draw.Canvas, at vg.Point, n int, lk look) {
	d := lk.event * 1.5
	dc.DrawGlyph(draw.GlyphStyle{Color: color.White, Radius: d / 2, Shape: draw.CircleGlyph{}}, at)
	dc.DrawGlyph(draw.GlyphStyle{Color: muted, Radius: d / 2, Shape: draw.RingGlyph{}}, at)
	sty := style(lk.event*0.9, ink)
	sty.Font.Weight = xfont.WeightBold
	sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
	dc.FillText(sty, at, strconv.Itoa(n))
}

func overlaps(row [][2]vg.Length, x0, x1 vg.Length) bool {
	for _, r := range row {
		if x0 < r[1] && r[0] < x1 {
			return true
		}
	}
	return false
}

// drawPoint draws one figure: its marker, a bar for a range, a ring when
// sources differ.
func drawPoint(dc draw.Canvas, at vg.Point, pt Point, col color.Color, trY func(float64) vg.Length, radius vg.Length) {
	switch pt.Kind {
	case "between":
		bar := draw.LineStyle{Color: col, Width: 2.5}
		lo, hi := trY(pt.Lo), trY(pt.Hi)
		dc.StrokeLine2(bar, at.X, lo, at.X, hi)
		dc.StrokeLine2(bar, at.X-radius, lo, at.X+radius, lo)
		dc.StrokeLine2(bar, at.X-radius, hi, at.X+radius, hi)
		at.Y = (lo + hi) / 2
		dc.DrawGlyph(draw.GlyphStyle{Color: col, Radius: radius * 0.8, Shape: draw.CircleGlyph{}}, at)
	case "fewer than", "up to":
		dc.DrawGlyph(draw.GlyphStyle{Color: col, Radius: radius * 1.25, Shape: downGlyph{}}, at)
	case "more than", "at least":
		dc.DrawGlyph(draw.GlyphStyle{Color: col, Radius: radius * 1.25, Shape: draw.PyramidGlyph{}}, at)
	default:
		dc.DrawGlyph(draw.GlyphStyle{Color: col, Radius: radius, Shape: draw.CircleGlyph{}}, at)
	}
	if pt.Differs {
		dc.SetLineStyle(draw.LineStyle{Color: ink, Width: 1.5})
		var ring vg.Path
		ring.Move(vg.Point{X: at.X + radius + 3, Y: at.Y})
		ring.Arc(at, radius+3, 0, 2*math.Pi)
		ring.Close()
		dc.Stroke(ring)
	}
}

// downGlyph is a filled triangle pointing down: "fewer than".
type downGlyph struct{}

func (downGlyph) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	r := sty.Radius
	c.FillPolygon(sty.Color, []vg.Point{{X: pt.X, Y: pt.Y - r}, {X: pt.X - r*0.866, Y: pt.Y + r/2}, {X: pt.X + r*0.866, Y: pt.Y + r/2}})
}

// values writes the value of each run of equal figures of a series once,
// at its first point: below it when the next run is higher, else above.
// The phone layout writes only the most reported run's and the latest's.
func (l troopsLayer) values(dc draw.Canvas, s Series, col color.Color, trX, trY func(float64) vg.Length) {
	sty := style(l.lk.value, col)
	sty.Font.Weight = xfont.WeightBold
	sty.XAlign = draw.XCenter
	type run struct {
		pt  Point
		key string
		n   int
	}
	var runs []run
	for _, pt := range s.Points {
		k := direction(pt.Kind) + thousands(pt.Value) + "-" + thousands(pt.Hi)
		if len(runs) == 0 || runs[len(runs)-1].key != k {
			runs = append(runs, run{pt, k, 0})
		}
		runs[len(runs)-1].n++
	}
	show := func(int) bool { return true }
	if l.lk.maxValueLabels > 0 && len(runs) > l.lk.maxValueLabels {
		most := 0
		for i, r := range runs {
			if r.n > runs[most].n {
				most = i
			}
		}
		show = func(i int) bool { return i == most || i == len(runs)-1 }
	}
	r0 := l.lk.radius
	for i, r := range runs {
		if !show(i) {
			continue
		}
		at := vg.Point{X: trX(atValue(r.pt.At)) + vg.Length(r.pt.Jitter)*(2*r0+2), Y: trY(r.pt.Value)}
		s := sty
		if i+1 < len(runs) && runs[i+1].pt.Value > r.pt.Value {
			s.YAlign, at.Y = draw.YTop, at.Y-r0-5
		} else {
			s.YAlign, at.Y = draw.YBottom, at.Y+r0+5
		}
		label := valueLabel(r.pt)
		if l.lk.phone && r.pt.Mostly != "" { // "<2,000": where they mostly are is in the quote
			pt := r.pt
			pt.Mostly = ""
			label = valueLabel(pt)
		}
		if at.X+s.Width(label)/2 > dc.Max.X {
			s.XAlign = draw.XRight
		} else if at.X-s.Width(label)/2 < dc.Min.X {
			s.XAlign = draw.XLeft
		}
		fillBox(dc, s, at, label)
		dc.FillText(s, at, label)
	}
}

// direction groups hedges that say the same of a value.
func direction(kind string) string {
	switch kind {
	case "fewer than", "up to":
		return "<"
	case "more than", "at least":
		return ">"
	case "between":
		return "–"
	}
	return "="
}

// valueLabel is a figure in a few characters: "~2,500", "<2,000 (mostly
// Erbil)", "1,000–2,000".
func valueLabel(pt Point) string {
	v := thousands(pt.Value)
	switch pt.Kind {
	case "about":
		v = "~" + v
	case "fewer than":
		v = "<" + v
	case "up to":
		v = "≤" + v
	case "more than":
		v = ">" + v
	case "at least":
		v = "≥" + v
	case "between":
		v += "–" + thousands(pt.Hi)
	}
	if pt.Mostly != "" {
		v += " (mostly " + pt.Mostly + ")"
	}
	return v
}

// legend is the chart's key: the places, the marker kinds present, the
// ring, the event lines (in the phone layout, each event by its number).
func (c TroopsChart) legend(lk look) []legendItem {
	var items []legendItem
	radius := lk.radius
	glyph := func(col color.Color, shape draw.GlyphDrawer, r vg.Length) func(draw.Canvas, vg.Point, vg.Length) {
		return func(dc draw.Canvas, at vg.Point, _ vg.Length) {
			dc.DrawGlyph(draw.GlyphStyle{Color: col, Radius: r, Shape: shape}, at)
		}
	}
	kinds := map[string]bool{}
	differ := false
	for i, s := range c.Series {
		items = append(items, legendItem{glyph(palette[i%len(palette)], draw.CircleGlyph{}, radius), s.Name})
		for _, pt := range s.Points {
			kinds[direction(pt.Kind)] = true
			differ = differ || pt.Differs
		}
	}
	if kinds["<"] {
		items = append(items, legendItem{glyph(ink, downGlyph{}, radius*1.25), "fewer than / up to"})
	}
	if kinds[">"] {
		items = append(items, legendItem{glyph(ink, draw.PyramidGlyph{}, radius*1.25), "more than / at least"})
	}
	if kinds["–"] {
		items = append(items, legendItem{func(dc draw.Canvas, at vg.Point, size vg.Length) {
			dc.StrokeLine2(draw.LineStyle{Color: ink, Width: 2.5}, at.X, at.Y-size/2, at.X, at.Y+size/2)
		}, "range"})
	}
	if differ {
		ring := radius + 3
		if lk.phone {
			ring = lk.legendKey / 2 // within its key's square, clear of the text
		}
		items = append(items, legendItem{func(dc draw.Canvas, at vg.Point, _ vg.Length) {
			dc.DrawGlyph(draw.GlyphStyle{Color: ink, Radius: ring, Shape: draw.RingGlyph{}}, at)
		}, "sources differ"})
	}
	if len(c.Events) > 0 {
		items = append(items, legendItem{func(dc draw.Canvas, at vg.Point, size vg.Length) {
			dc.StrokeLine2(draw.LineStyle{Color: grey, Width: 1.5}, at.X, at.Y-size/2, at.X, at.Y+size/2)
		}, "key event (dashed: planned)"})
	}
	if lk.phone {
		for i, e := range c.Events {
			n := i + 1
			items = append(items, legendItem{func(dc draw.Canvas, at vg.Point, _ vg.Length) { numberDisc(dc, at, n, lk) },
				e.Label + ", " + eventDate(e)})
		}
	}
	return items
}

// note is the legend's last line: one marker per source, what was left off.
func (c TroopsChart) note(lk look) string {
	n := "One marker per source's figure, at the date it holds for."
	if lk.phone {
		n = "One marker per source's figure."
	}
	if c.Skipped.Undated > 0 || c.Skipped.Vague > 0 {
		n += " Not drawn: " + plural(c.Skipped.Undated, "undated figure") + ", " + plural(c.Skipped.Vague, "vague one") + "."
	}
	return n
}

func plural(n int, what string) string {
	s := thousands(float64(n)) + " " + what
	if n != 1 {
		s += "s"
	}
	return s
}
