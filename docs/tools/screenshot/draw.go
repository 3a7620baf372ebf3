package main

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"math"
	"strings"
	"time"

	"github.com/bwmarrin/discordgo"
	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// scale draws at twice Discord's CSS pixels, for sharp type.
const scale = 2

// Discord's dark theme, and its layout in CSS pixels.
var (
	chatBG    = rgb(0x313338)
	embedBG   = rgb(0x2B2D31)
	textCol   = rgb(0xDBDEE1)
	headCol   = rgb(0xF2F3F5)
	mutedCol  = rgb(0x949BA4)
	linkCol   = rgb(0x00A8FC)
	quoteBar  = rgb(0x4E5058)
	blurple   = rgb(0x5865F2)
	secondary = rgb(0x4E5058)
	white     = rgb(0xFFFFFF)
)

const (
	pageW      = 640 // the message list's width drawn
	contentX   = 72  // where a message's text starts, right of the avatar
	embedW     = 520 // an embed's largest width, its colour bar included
	buttonH    = 32
	buttonPadX = 16
)

func rgb(v uint32) color.RGBA { return color.RGBA{uint8(v >> 16), uint8(v >> 8), uint8(v), 0xFF} }

// faces are the Go fonts at Discord's sizes (px), regular and bold.
type faces struct{ regular, bold map[float64]font.Face }

func loadFaces() (*faces, error) {
	f := &faces{regular: map[float64]font.Face{}, bold: map[float64]font.Face{}}
	for _, src := range []struct {
		ttf []byte
		to  map[float64]font.Face
	}{{goregular.TTF, f.regular}, {gobold.TTF, f.bold}} {
		ft, err := opentype.Parse(src.ttf)
		if err != nil {
			return nil, err
		}
		for _, size := range []float64{10, 12, 14, 16} {
			face, err := opentype.NewFace(ft, &opentype.FaceOptions{Size: size * scale, DPI: 72, Hinting: font.HintingFull})
			if err != nil {
				return nil, err
			}
			src.to[size] = face
		}
	}
	return f, nil
}

func (f *faces) face(size float64, bold bool) font.Face {
	if bold {
		return f.bold[size]
	}
	return f.regular[size]
}

// canvas is the picture being drawn, in CSS pixels.
type canvas struct {
	img *image.RGBA
	f   *faces
}

func (c *canvas) rect(x, y, w, h, radius float64, col color.Color) {
	r := vector.NewRasterizer(c.img.Bounds().Dx(), c.img.Bounds().Dy())
	x, y, w, h, radius = x*scale, y*scale, w*scale, h*scale, radius*scale
	const k = 0.5523 // a quarter circle as a cubic Bézier
	r.MoveTo(float32(x+radius), float32(y))
	r.LineTo(float32(x+w-radius), float32(y))
	r.CubeTo(float32(x+w-radius+k*radius), float32(y), float32(x+w), float32(y+radius-k*radius), float32(x+w), float32(y+radius))
	r.LineTo(float32(x+w), float32(y+h-radius))
	r.CubeTo(float32(x+w), float32(y+h-radius+k*radius), float32(x+w-radius+k*radius), float32(y+h), float32(x+w-radius), float32(y+h))
	r.LineTo(float32(x+radius), float32(y+h))
	r.CubeTo(float32(x+radius-k*radius), float32(y+h), float32(x), float32(y+h-radius+k*radius), float32(x), float32(y+h-radius))
	r.LineTo(float32(x), float32(y+radius))
	r.CubeTo(float32(x), float32(y+radius-k*radius), float32(x+radius-k*radius), float32(y), float32(x+radius), float32(y))
	r.ClosePath()
	r.Draw(c.img, c.img.Bounds(), image.NewUniform(col), image.Point{})
}

// stroke draws a polyline of width w, each segment a thin quadrilateral.
func (c *canvas) stroke(w float64, col color.Color, pts ...[2]float64) {
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		dx, dy := b[0]-a[0], b[1]-a[1]
		n := math.Hypot(dx, dy)
		if n == 0 {
			continue
		}
		// half a width across the segment, and a half width beyond each end
		px, py := -dy/n*w/2, dx/n*w/2
		ex, ey := dx/n*w/2, dy/n*w/2
		r := vector.NewRasterizer(c.img.Bounds().Dx(), c.img.Bounds().Dy())
		pt := func(x, y float64) (float32, float32) { return float32(x * scale), float32(y * scale) }
		r.MoveTo(pt(a[0]-ex+px, a[1]-ey+py))
		r.LineTo(pt(b[0]+ex+px, b[1]+ey+py))
		r.LineTo(pt(b[0]+ex-px, b[1]+ey-py))
		r.LineTo(pt(a[0]-ex-px, a[1]-ey-py))
		r.ClosePath()
		r.Draw(c.img, c.img.Bounds(), image.NewUniform(col), image.Point{})
	}
}

// text draws s with its baseline at y and returns its width.
func (c *canvas) text(x, y float64, s string, size float64, bold bool, col color.Color) float64 {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: c.f.face(size, bold),
		Dot: fixed.Point26_6{X: fixed.Int26_6(x * scale * 64), Y: fixed.Int26_6(y * scale * 64)}}
	d.DrawString(s)
	return c.width(s, size, bold)
}

func (c *canvas) width(s string, size float64, bold bool) float64 {
	return float64(font.MeasureString(c.f.face(size, bold), s)) / 64 / scale
}

// span is a piece of a line of Discord Markdown in one style.
type span struct {
	text       string
	bold, link bool
}

// inline reads the Markdown the bot writes in a line: **bold**,
// [masked](links), backslash escapes. Anything else is text as written.
func inline(s string) []span {
	var out []span
	var cur strings.Builder
	bold := false
	flush := func(link bool) {
		if cur.Len() > 0 {
			out = append(out, span{text: cur.String(), bold: bold, link: link})
			cur.Reset()
		}
	}
	for i := 0; i < len(s); i++ {
		switch {
		case s[i] == '\\' && i+1 < len(s):
			i++
			cur.WriteByte(s[i])
		case strings.HasPrefix(s[i:], "**"):
			flush(false)
			bold = !bold
			i++
		case s[i] == '[':
			end := strings.Index(s[i:], "](")
			close := strings.IndexByte(s[i:], ')')
			if end < 0 || close < end {
				cur.WriteByte(s[i])
				continue
			}
			flush(false)
			for _, r := range inline(s[i+1 : i+end]) {
				out = append(out, span{text: r.text, bold: r.bold || bold, link: true})
			}
			i += close
		default:
			cur.WriteByte(s[i])
		}
	}
	flush(false)
	return out
}

// paragraph draws Markdown text (lines, "> " quotes) from the top y within
// width w at size, and returns the y below it.
func (c *canvas) paragraph(x, y, w float64, md string, size, lineH float64, bold bool, col color.Color, draw bool) float64 {
	for _, line := range strings.Split(md, "\n") {
		lx, lw := x, w
		quote := strings.HasPrefix(line, "> ")
		if quote {
			line = line[2:]
			lx, lw = x+12, w-12
		}
		top := y
		y = c.wrap(lx, y, lw, inline(line), size, lineH, bold, col, draw)
		if quote && draw {
			c.rect(x, top, 4, y-top, 2, quoteBar)
		}
	}
	return y
}

// wrap lays spans out word by word, breaking lines at spaces.
func (c *canvas) wrap(x, y, w float64, spans []span, size, lineH float64, bold bool, col color.Color, draw bool) float64 {
	baseline := func(top float64) float64 { return top + lineH - (lineH-size)/2 - size*0.22 }
	dx := 0.0
	for _, r := range spans {
		b := bold || r.bold
		fg := col
		if r.link {
			fg = linkCol
		}
		for _, word := range splitWords(r.text) {
			ww := c.width(word, size, b)
			if dx > 0 && dx+ww > w && strings.TrimSpace(word) != "" {
				y += lineH
				dx = 0
			}
			if dx == 0 && strings.TrimSpace(word) == "" {
				continue // no space at a line's start
			}
			if draw {
				c.text(x+dx, baseline(y), word, size, b, fg)
			}
			dx += ww
		}
	}
	return y + lineH
}

// splitWords cuts s into words and the spaces between them.
func splitWords(s string) []string {
	var out []string
	start := 0
	for i := 1; i <= len(s); i++ {
		if i == len(s) || (s[i] == ' ') != (s[i-1] == ' ') {
			out = append(out, s[start:i])
			start = i
		}
	}
	return out
}

// drawReply draws the reply r to /ask as Discord shows it.
func drawReply(r *reply) (image.Image, error) {
	f, err := loadFaces()
	if err != nil {
		return nil, err
	}
	c := &canvas{img: image.NewRGBA(image.Rect(0, 0, pageW*scale, 3000*scale)), f: f}
	fillAll(c.img, chatBG)

	// "member used /ask", joined to the avatar by Discord's curved line.
	y := 16.0
	c.stroke(2, quoteBar, [2]float64{36, y + 18}, [2]float64{36, y + 9}, [2]float64{contentX - 6, y + 9})
	c.rect(contentX, y+1, 16, 16, 8, rgb(0x80848E))
	x := contentX + 20.0
	x += c.text(x, y+13, "member", 14, true, mutedCol)
	x += c.text(x, y+13, " used ", 14, false, mutedCol)
	c.text(x, y+13, "/ask", 14, false, linkCol)
	y += 24

	// The bot: avatar, name and the APP tag.
	c.rect(16, y, 40, 40, 20, blurple)
	c.text(16+20-c.width("t", 16, true)/2, y+26, "t", 16, true, white)
	x = contentX + c.text(contentX, y+17, "talksbot", 16, true, headCol) + 6
	c.rect(x, y+4, c.width("APP", 10, true)+8, 15, 3, blurple)
	c.text(x+4, y+15.5, "APP", 10, true, white)
	y += 24

	for _, e := range r.Data.Embeds {
		inner := float64(embedW - 4 - 12 - 16)
		// Measure, then draw.
		h := embedBody(c, contentX+4+12, y, inner, e, false) - y
		c.rect(contentX, y, embedW, h+16, 4, embedBG)
		c.rect(contentX, y, 4, h+16, 2, rgb(uint32(e.Color)))
		embedBody(c, contentX+4+12, y, inner, e, true)
		y += h + 16
	}
	y += 4
	for _, row := range r.Data.Components {
		y += 4
		x := float64(contentX)
		for _, b := range row.Components {
			bg := secondary
			if b.Style == 1 {
				bg = blurple
			}
			w := c.width(b.Label, 14, true) + 2*buttonPadX
			if b.Style == 5 {
				w += 20
			}
			c.rect(x, y, w, buttonH, 8, bg)
			c.text(x+buttonPadX, y+21, b.Label, 14, true, white)
			if b.Style == 5 { // a link button's ↗
				ax := x + w - buttonPadX - 12
				c.stroke(1.6, white, [2]float64{ax + 1, y + 22}, [2]float64{ax + 11, y + 12})
				c.stroke(1.6, white, [2]float64{ax + 4, y + 12}, [2]float64{ax + 11, y + 12}, [2]float64{ax + 11, y + 19})
			}
			x += w + 8
		}
		y += buttonH
	}
	y += 16
	return c.img.SubImage(image.Rect(0, 0, pageW*scale, int(y*scale))), nil
}

// embedBody lays out (and, when draw, draws) an embed's title,
// description, fields and footer from the top y; it returns the y below.
func embedBody(c *canvas, x, y, w float64, em *discordgo.MessageEmbed, draw bool) float64 {
	y += 8
	if em.Title != "" {
		y = c.paragraph(x, y+8, w, em.Title, 16, 22, true, headCol, draw)
	}
	if em.Description != "" {
		y = c.paragraph(x, y+8, w, em.Description, 14, 18, false, textCol, draw)
	}
	for _, fd := range em.Fields {
		y = c.paragraph(x, y+8, w, fd.Name, 14, 18, true, headCol, draw)
		y = c.paragraph(x, y+2, w, fd.Value, 14, 18, false, textCol, draw)
	}
	foot := ""
	if em.Footer != nil {
		foot = em.Footer.Text
	}
	if t, err := time.Parse(time.RFC3339, em.Timestamp); err == nil && em.Timestamp != "" {
		foot = strings.TrimPrefix(foot+" • "+fmt.Sprintf("%d/%d/%d", t.Month(), t.Day(), t.Year()), " • ")
	}
	if foot != "" {
		y = c.paragraph(x, y+8, w, foot, 12, 16, false, mutedCol, draw)
	}
	return y
}

func fillAll(img *image.RGBA, col color.Color) {
	draw.Draw(img, img.Bounds(), image.NewUniform(col), image.Point{}, draw.Src)
}
