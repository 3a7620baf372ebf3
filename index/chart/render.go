package chart

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// What every chart shares: the canvas, large type (a phone shows the
// 1200-pixel image about a third of its size), the axes' ticks, a legend
// strip under the plot.

// dpi makes Width×Height pixels of a canvas in points: 1 pt = 4/3 px.
const dpi = 96

var (
	ink   = color.Gray{Y: 0x20}
	muted = color.Gray{Y: 0x60}
	grey  = color.Gray{Y: 0x90}
	// palette is Okabe and Ito's, which colour-blind readers can tell
	// apart: blue, vermilion, bluish green, reddish purple, orange, sky blue.
	palette = []color.Color{
		color.RGBA{0x00, 0x72, 0xB2, 0xFF}, color.RGBA{0xD5, 0x5E, 0x00, 0xFF}, color.RGBA{0x00, 0x9E, 0x73, 0xFF},
		color.RGBA{0xCC, 0x79, 0xA7, 0xFF}, color.RGBA{0xE6, 0x9F, 0x00, 0xFF}, color.RGBA{0x56, 0xB4, 0xE9, 0xFF},
	}
)

// sans is the charts' typeface: Liberation Sans, which plot embeds.
var sans = font.Font{Typeface: "Liberation", Variant: "Sans"}

// style is a text style of size points.
func style(size vg.Length, c color.Color) text.Style {
	return text.Style{Color: c, Font: font.From(sans, size), Handler: plot.DefaultTextHandler}
}

// newPlot is a plot with the layout's type sizes.
func newPlot(title string, lk look) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle = style(lk.title, ink)
	p.Title.TextStyle.XAlign, p.Title.TextStyle.YAlign = draw.XCenter, draw.YTop
	p.Title.Padding = lk.title / 2
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label = style(lk.tick, ink)
		a.Label.TextStyle = style(lk.axis, ink)
		a.Label.TextStyle.XAlign, a.Label.TextStyle.YAlign = draw.XCenter, draw.YBottom
		a.Color = grey
		a.Tick.Color = grey
	}
	p.X.Tick.Label.XAlign, p.X.Tick.Label.YAlign = draw.XCenter, draw.YTop
	p.Y.Tick.Label.XAlign, p.Y.Tick.Label.YAlign = draw.XRight, draw.YCenter
	p.Y.Label.Padding = 6
	p.Y.Padding = 0
	if lk.phone {
		p.Y.Label.Padding = 3
		p.X.Tick.Length, p.Y.Tick.Length = 5, 5
	}
	return p
}

// render draws a plot and its legend strip of legendHeight points (above
// it in the phone layout, under it in the full one) on a canvas of size s
// and encodes it in format f (format.go). The title, when the legend is
// above, stays above the legend.
func render(f Format, s Size, aspect float64, lk look, p *plot.Plot, legendHeight vg.Length, legend func(c draw.Canvas)) ([]byte, error) {
	out, c, err := canvas(f, s, aspect)
	if err != nil {
		return nil, err
	}
	m := lk.margin
	c = draw.Crop(c, m, -1.5*m, m*2/3, -m*5/6) // margins
	if lk.legendTop {
		ts := p.Title.TextStyle
		ts.XAlign, ts.YAlign = draw.XCenter, draw.YTop
		lines := wrap(ts, p.Title.Text, c.Max.X-c.Min.X)
		p.Title.Text = ""
		y := c.Max.Y
		for _, line := range lines {
			c.FillText(ts, vg.Point{X: (c.Min.X + c.Max.X) / 2, Y: y}, line)
			y -= ts.Height(line)
		}
		c = draw.Crop(c, 0, 0, 0, -(c.Max.Y - y + p.Title.Padding))
		legend(draw.Crop(c, 0, 0, c.Max.Y-c.Min.Y-legendHeight, 0))
		p.Draw(draw.Crop(c, 0, 0, 0, -legendHeight))
	} else {
		p.Draw(draw.Crop(c, 0, 0, legendHeight, 0))
		legend(draw.Crop(c, 0, 0, 0, -(c.Max.Y - c.Min.Y - legendHeight)))
	}
	var buf bytes.Buffer
	if _, err := out.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("encode chart: %w", err)
	}
	return buf.Bytes(), nil
}

// unix is a time as a value of the time axis.
func unix(t time.Time) float64 { return float64(t.Unix()) }

// atValue is a YYYY-MM-DD date as a value of the time axis.
func atValue(s string) float64 {
	t, _ := time.Parse(time.DateOnly, s)
	return unix(t)
}

// timeTicks marks months on a time axis: a labelled tick every 3, 6 or 12
// months as the span allows ("Jan 2024", "Apr", "Jul"), the others minor;
// with years, only the years are labelled ("2024"), for a phone.
type timeTicks struct{ years bool }

func (tt timeTicks) Ticks(min, max float64) []plot.Tick {
	lo, hi := time.Unix(int64(min), 0).UTC(), time.Unix(int64(max), 0).UTC()
	months := (hi.Year()-lo.Year())*12 + int(hi.Month()-lo.Month())
	step := 3
	switch {
	case months > 48 || tt.years:
		step = 12
	case months > 24:
		step = 6
	}
	var ts []plot.Tick
	for t := time.Date(lo.Year(), lo.Month(), 1, 0, 0, 0, 0, time.UTC); !t.After(hi); t = t.AddDate(0, 1, 0) {
		if t.Before(lo) {
			continue
		}
		tick := plot.Tick{Value: unix(t)}
		if (int(t.Month())-1)%step == 0 {
			tick.Label = t.Format("Jan")
			if t.Month() == time.January {
				tick.Label = t.Format("Jan 2006")
			}
			if step == 12 {
				tick.Label = t.Format("2006")
			}
		}
		ts = append(ts, tick)
	}
	return ts
}

// countTicks marks a count axis from 0 at a round step, with thousands
// separated ("2,500").
type countTicks struct{}

func (countTicks) Ticks(min, max float64) []plot.Tick {
	step := niceStep(max - min)
	var ts []plot.Tick
	for v := 0.0; v <= max+step/1e6; v += step {
		ts = append(ts, plot.Tick{Value: v, Label: thousands(v)})
		if half := v + step/2; half < max {
			ts = append(ts, plot.Tick{Value: half})
		}
	}
	return ts
}

// niceStep is a round step (1, 2 or 5 × 10ⁿ) giving about five ticks.
func niceStep(span float64) float64 {
	if span <= 0 {
		return 1
	}
	raw := span / 5
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return m * mag
		}
	}
	return 10 * mag
}

// niceCeil rounds v up to a multiple of its nice step.
func niceCeil(v float64) float64 {
	step := niceStep(v)
	return math.Ceil(v/step) * step
}

// thousands formats a count with commas: 2500 → "2,500".
func thousands(v float64) string {
	s := strconv.FormatFloat(math.Round(v), 'f', 0, 64)
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// legendItem is one entry of a legend strip: its key drawn in a square of
// side size at pt (its lower left corner), then its text.
type legendItem struct {
	key  func(c draw.Canvas, center vg.Point, size vg.Length)
	text string
}

// drawLegend lays items out in rows from the top of c, wrapping at its
// right edge; note, if any, is a last row of small text (wrapped at the
// edge in the phone layout). It returns the height it took.
func drawLegend(c draw.Canvas, items []legendItem, note string, lk look) vg.Length {
	sty := style(lk.legend, ink)
	sty.YAlign = draw.YCenter
	key, gap, pad := lk.legendKey, lk.legendGap, lk.legendKey*3/8
	row := sty.FontExtents().Height + lk.legend*3/7
	x, y := c.Min.X, c.Max.Y-row/2
	for _, it := range items {
		w := key + pad + sty.Width(it.text)
		if x > c.Min.X && x+w > c.Max.X {
			x, y = c.Min.X, y-row
		}
		it.key(c, vg.Point{X: x + key/2, Y: y}, key)
		lines := wrap(sty, it.text, c.Max.X-x-key-pad)
		for i, line := range lines { // an item wider than the strip wraps under its text
			if i > 0 {
				y -= row
			}
			c.FillText(sty, vg.Point{X: x + key + pad, Y: y}, line)
		}
		if len(lines) > 1 {
			w = c.Max.X - x // the next item starts a row
		}
		x += w + gap
	}
	if note != "" {
		ns := style(lk.note, muted)
		ns.YAlign = draw.YCenter
		for _, line := range wrap(ns, note, c.Max.X-c.Min.X) {
			y -= ns.FontExtents().Height + 3
			c.FillText(ns, vg.Point{X: c.Min.X, Y: y}, line)
		}
	}
	return c.Max.Y - y + row/2
}

// legendHeight is how tall drawLegend draws items and note across width.
func legendHeight(items []legendItem, note string, lk look, width vg.Length) vg.Length {
	sty := style(lk.legend, ink)
	key, gap, pad := lk.legendKey, lk.legendGap, lk.legendKey*3/8
	row := sty.FontExtents().Height + lk.legend*3/7
	x, h := vg.Length(0), row
	for _, it := range items {
		w := key + pad + sty.Width(it.text)
		if x > 0 && x+w > width {
			x, h = 0, h+row
		}
		if n := len(wrap(sty, it.text, width-x-key-pad)); n > 1 {
			h += vg.Length(n-1) * row
			w = width - x
		}
		x += w + gap
	}
	if note != "" {
		ns := style(lk.note, muted)
		h += vg.Length(len(wrap(ns, note, width))) * (ns.FontExtents().Height + 3)
	}
	return h + 4
}

// wrap cuts text into lines no wider than width, at spaces.
func wrap(sty text.Style, s string, width vg.Length) []string {
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		if cur != "" && sty.Width(cur+" "+w) > width {
			lines = append(lines, cur)
			cur = w
			continue
		}
		cur = strings.TrimSpace(cur + " " + w)
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	return lines
}

// fillBox paints a white box behind text drawn at pt with sty.
func fillBox(c draw.Canvas, sty text.Style, pt vg.Point, txt string) {
	r := sty.Rectangle(txt)
	r.Min, r.Max = r.Min.Add(pt), r.Max.Add(pt)
	r.Min.X, r.Min.Y, r.Max.X, r.Max.Y = r.Min.X-2, r.Min.Y-1, r.Max.X+2, r.Max.Y+1
	c.SetColor(color.NRGBA{0xFF, 0xFF, 0xFF, 0xE0})
	c.Fill(r.Path())
}
