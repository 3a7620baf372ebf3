package chart

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"

	xfont "golang.org/x/image/font"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgpdf"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Format is a file format a chart can be drawn in.
type Format string

// The formats: an image for Discord and the web, and two that scale.
const (
	PNG Format = "png"
	SVG Format = "svg"
	PDF Format = "pdf"
)

// Formats are the formats RenderAs draws, for messages.
var Formats = []Format{PNG, SVG, PDF}

// FormatOf is the format a file name's extension names (.png, .svg,
// .pdf, in any case); any other extension, or none, is an error.
func FormatOf(path string) (Format, error) {
	ext := strings.ToLower(strings.TrimPrefix(filepath.Ext(path), "."))
	for _, f := range Formats {
		if string(f) == ext {
			return f, nil
		}
	}
	if ext == "" {
		return "", fmt.Errorf("%s has no extension: name the format with .png, .svg or .pdf", path)
	}
	return "", fmt.Errorf("%s: .%s is not a chart format: use .png, .svg or .pdf", path, ext)
}

// writerCanvas is a canvas that encodes itself: vgimg's PNG, vgsvg, vgpdf.
type writerCanvas interface {
	vg.CanvasSizer
	io.WriterTo
}

// canvas is a canvas of size s (a phone layout aspect times as tall as
// wide) in format f: its points are the layout's pixels at 96 dpi, its
// pixels Scale times as many.
func canvas(f Format, s Size, aspect float64) (writerCanvas, draw.Canvas, error) {
	pw, ph := s.pixels(aspect)
	w := vg.Length(pw/s.scale()) / dpi * vg.Inch
	h := vg.Length(ph/s.scale()) / dpi * vg.Inch
	var c writerCanvas
	switch f {
	case PNG, "":
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(dpi*s.scale()))}
	case SVG:
		c = vgsvg.NewWith(vgsvg.UseWH(w, h), vgsvg.EmbedFonts(true))
	case PDF:
		c = pdfCanvas{vgpdf.New(w, h)} // fonts embedded
	default:
		return nil, draw.Canvas{}, fmt.Errorf("chart: no format %q", f)
	}
	return c, draw.New(c), nil
}

// pdfCanvas works around vgpdf (gonum/plot v0.17), which embeds a bold or
// italic face under its plain style and then selects it with "B" or "I",
// failing with "undefined font": such a face is passed on as a plain face
// of a typeface of its own, its glyphs unchanged.
type pdfCanvas struct{ *vgpdf.Canvas }

func (c pdfCanvas) FillString(f font.Face, pt vg.Point, s string) {
	if f.Font.Weight != xfont.WeightNormal || f.Font.Style != xfont.StyleNormal {
		f.Font.Typeface = font.Typeface(fmt.Sprintf("%s%s-w%d-s%d", f.Font.Typeface, f.Font.Variant, f.Font.Weight, f.Font.Style))
		f.Font.Weight, f.Font.Style = xfont.WeightNormal, xfont.StyleNormal
	}
	c.Canvas.FillString(f, pt, s)
}
