package chart

import "gonum.org/v1/plot/vg"

// Size is the width a chart is laid out for, in pixels, and how many
// pixels of the image draw each of them (2 for sharp type on a phone's
// screen). The layout follows the width: at Full, the 16:9 chart of
// Width×Height; at Phone's 400 pixels, which is how wide Discord shows an
// image on a phone, fewer and larger labels, the legend above the plot and
// a taller canvas (the timeline runs down the screen).
type Size struct {
	Width int `json:"width"`
	Scale int `json:"scale"`
}

// The sizes a chart is drawn at.
var (
	Full  = Size{Width: Width, Scale: 1}
	Phone = Size{Width: PhoneWidth, Scale: 2}
)

// PhoneWidth is the width of the phone layout; widths up to
// phoneMaxWidth are laid out for a phone.
const (
	PhoneWidth    = 400
	phoneMaxWidth = 700
)

// phone reports whether s is laid out for a phone.
func (s Size) phone() bool { return s.Width <= phoneMaxWidth }

func (s Size) scale() int { return max(1, s.Scale) }

// heights of the phone layouts, as a share of the width: the timeline
// runs down the screen, so it is the taller.
const (
	phoneTroopsAspect   = 1.35
	phoneTimelineAspect = 1.6
)

// Pixels is the image's size in pixels for a chart whose phone layout is
// aspect times as tall as wide.
func (s Size) pixels(aspect float64) (w, h int) {
	if !s.phone() {
		return s.Width * s.scale(), s.Width * Height / Width * s.scale()
	}
	return s.Width * s.scale(), int(float64(s.Width)*aspect) * s.scale()
}

// look is the type and marks of a layout, in points.
type look struct {
	phone                   bool
	title, tick, axis       vg.Length
	legend, note            vg.Length
	value, event            vg.Length
	head, sub               vg.Length // a milestone's label and its date
	legendTop               bool
	margin                  vg.Length
	radius                  vg.Length
	legendKey, legendGap    vg.Length
	maxValueLabels, maxRows int
}

var (
	fullLook = look{title: 22, tick: 14, axis: 15, legend: 14, note: 12, value: 15, event: 14, head: 15, sub: 13,
		margin: 12, radius: 6, legendKey: 16, legendGap: 22, maxRows: 4}
	// phoneLook: type about 1.6 times as large for the width as the full
	// layout's, and only the labels that matter.
	phoneLook = look{phone: true, title: 13, tick: 10, axis: 10, legend: 10, note: 8.5, value: 11, event: 10, head: 11, sub: 9.5,
		legendTop: true, margin: 6, radius: 4.5, legendKey: 11, legendGap: 12, maxValueLabels: 2, maxRows: 3}
)

func (s Size) look() look {
	if s.phone() {
		return phoneLook
	}
	return fullLook
}

// PixelsAt is the size in pixels of the troops chart drawn at s.
func (TroopsChart) PixelsAt(s Size) (w, h int) { return s.pixels(phoneTroopsAspect) }

// PixelsAt is the size in pixels of the timeline chart drawn at s.
func (TimelineChart) PixelsAt(s Size) (w, h int) { return s.pixels(phoneTimelineAspect) }
