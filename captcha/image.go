package captcha

import (
	"image"
	"image/color"
	"io"
	"math"
	"math/rand/v2"
	"sync"
)

// Default image size, in pixels.
const (
	DefaultWidth  = 240
	DefaultHeight = 80
)

// Limits of the image size a [Config] may ask for.
const (
	minWidth, maxWidth   = 60, 1200
	minHeight, maxHeight = 24, 400
)

// inks are the colour pairs an image is drawn in, picked by its seed: a
// dark ink on a light paper, contrast well over WCAG's 4.5:1.
var inks = [...]color.Palette{
	{color.RGBA{0xf6, 0xf2, 0xe8, 0xff}, color.RGBA{0x1b, 0x2f, 0x5e, 0xff}}, // navy on cream
	{color.RGBA{0xee, 0xf4, 0xf7, 0xff}, color.RGBA{0x23, 0x2b, 0x33, 0xff}}, // graphite on pale blue
	{color.RGBA{0xf7, 0xf0, 0xf0, 0xff}, color.RGBA{0x6b, 0x16, 0x1e, 0xff}}, // maroon on pale rose
	{color.RGBA{0xf0, 0xf5, 0xec, 0xff}, color.RGBA{0x1d, 0x44, 0x2a, 0xff}}, // forest on pale green
}

// imageRenderer draws challenges of one size as two-colour PNGs. It keeps
// its canvases, each with its buffers and zlib compressor, in a pool, so
// that a warm renderer draws and encodes an image without allocating. It
// is safe for concurrent use.
type imageRenderer struct {
	width, height int
	canvases      sync.Pool // *canvas
}

// canvas is what drawing and encoding one image needs.
type canvas struct {
	img *image.Paletted
	// dx[y] shifts points on row y sideways, dy[x] shifts points in
	// column x up or down: the wave distortion.
	dx, dy []float32
	png    pngEncoder
}

func newImageRenderer(width, height int) *imageRenderer {
	return &imageRenderer{width: width, height: height}
}

// writePNG draws digits with the noise of seed and writes the PNG to w.
func (r *imageRenderer) writePNG(w io.Writer, digits string, seed uint64) error {
	c, _ := r.canvases.Get().(*canvas)
	if c == nil {
		c = &canvas{
			img: image.NewPaletted(image.Rect(0, 0, r.width, r.height), inks[0]),
			dx:  make([]float32, r.height),
			dy:  make([]float32, r.width),
		}
	}
	r.draw(c, digits, seed)
	err := c.png.encode(w, c.img)
	r.canvases.Put(c)
	return err
}

// noise is the image's own random source: PCG seeded from the
// challenge's seed, so that an image can be drawn again identically.
type noise struct{ pcg rand.PCG }

// float returns a number in [0, 1).
func (n *noise) float() float64 { return float64(n.pcg.Uint64()>>11) / (1 << 53) }

// between returns a number in [lo, hi).
func (n *noise) between(lo, hi float64) float64 { return lo + (hi-lo)*n.float() }

// intn returns an integer in [0, k), k > 0.
func (n *noise) intn(k int) int { return int(n.pcg.Uint64() % uint64(k)) }

// Streams of the PCG source, one for each use of a seed.
const (
	streamImage = 0x62696e686c75616e // "binhluan"
	streamAudio = 0x617564696f766e21 // "audiovn!"
)

// draw paints the challenge on c: the digits, each turned, scaled and
// moved on its own, the whole bent by two waves, then noise strokes and
// dots in the same ink so that they cannot be told apart by colour.
func (r *imageRenderer) draw(c *canvas, digits string, seed uint64) {
	var n noise
	n.pcg.Seed(seed, streamImage)
	w, h := float64(r.width), float64(r.height)
	img := c.img
	clear(img.Pix)
	img.Palette = inks[n.intn(len(inks))]

	// The waves: a slow vertical swing along the width, a faster sideways
	// sway down the height.
	ampY, periodY, phaseY := n.between(0.05, 0.08)*h, n.between(0.35, 0.6)*w, n.between(0, 2*math.Pi)
	ampX, periodX, phaseX := n.between(0.025, 0.045)*h, n.between(0.5, 0.8)*h, n.between(0, 2*math.Pi)
	for x := range c.dy {
		c.dy[x] = float32(ampY * math.Sin(2*math.Pi*float64(x)/periodY+phaseY))
	}
	for y := range c.dx {
		c.dx[y] = float32(ampX * math.Sin(2*math.Pi*float64(y)/periodX+phaseX))
	}

	// Layout: equal cells across the width with a margin; the glyph's
	// height is bounded by the image's height and by its cell.
	k := float64(len(digits))
	margin := 0.06 * w
	cell := (w - 2*margin) / max(k, 1)
	gh := min(0.54*h, 1.25*cell/glyphAspect)
	gw := gh * glyphAspect
	pen := newPen(n.between(0.05, 0.062) * gh)
	for i := 0; i < len(digits); i++ {
		d := digits[i] - '0'
		if d > 9 {
			continue
		}
		sx, sy := gw*n.between(0.85, 1.08), gh*n.between(0.9, 1.08)
		angle := n.between(-0.25, 0.25)
		shear := n.between(-0.15, 0.15)
		sin, cos := math.Sincos(angle)
		cx := margin + cell*(float64(i)+0.5) + cell*n.between(-0.06, 0.06)
		cy := h/2 + (h-gh)*n.between(-0.28, 0.28)
		for _, s := range glyphs[d] {
			var prev vec
			for j, p := range s {
				v := (p.y - 0.5) * sy
				u := (p.x-0.5)*sx + shear*v
				q := vec{cx + u*cos - v*sin, cy + u*sin + v*cos}
				if j > 0 {
					r.stroke(c, &pen, prev, q)
				}
				prev = q
			}
		}
	}

	// A short arc, half as thick as the digits, bridging two or three of
	// them so that they are harder to cut apart.
	{
		r0 := n.between(1.2, 2.2) * gh
		cx, cy := w*n.between(0.25, 0.75), h/2+r0*n.between(0.75, 0.95)
		if n.intn(2) == 0 {
			cy = h/2 - r0*n.between(0.75, 0.95)
		}
		a0 := math.Atan2(h/2-cy, 0) - n.between(0.35, 0.5)
		a1 := a0 + n.between(0.6, 0.8)
		arcPen := newPen(pen.radiusF * n.between(0.45, 0.55))
		prev := vec{cx + r0*math.Cos(a0), cy + r0*math.Sin(a0)}
		for a := a0 + 0.05; a <= a1; a += 0.05 {
			q := vec{cx + r0*math.Cos(a), cy + r0*math.Sin(a)}
			r.stroke(c, &arcPen, prev, q)
			prev = q
		}
	}

	// Two long thin strokes through the digits' band.
	for range 2 {
		thin := newPen(n.between(0.013, 0.02) * h)
		y0, amp := h*n.between(0.3, 0.7), h*n.between(0.08, 0.18)
		period, phase := w*n.between(0.35, 0.8), n.between(0, 2*math.Pi)
		x0, x1 := w*n.between(0, 0.15), w*n.between(0.85, 1)
		prev := vec{x0, y0 + amp*math.Sin(phase)}
		for x := x0 + 4; x <= x1; x += 4 {
			q := vec{x, y0 + amp*math.Sin(2*math.Pi*(x-x0)/period+phase)}
			r.stroke(c, &thin, prev, q)
			prev = q
		}
	}

	// Specks, about one for every 400 pixels.
	dots := r.width * r.height / 400
	for range dots {
		dot := newPen(n.between(0.6, 1.5))
		dot.stamp(img, int(n.float()*w), int(n.float()*h))
	}
}

// stroke traces the segment from p to q with the pen, bent by the
// canvas's waves. The pen goes down every 0.6 radius (0.75 pixel at
// least): close enough that the edges show no scallops.
func (r *imageRenderer) stroke(c *canvas, pen *pen, p, q vec) {
	ddx, ddy := q.x-p.x, q.y-p.y
	step := max(0.75, 0.6*pen.radiusF)
	steps := max(int(math.Sqrt(ddx*ddx+ddy*ddy)/step), 1)
	inc := 1 / float64(steps)
	for i := 0; i <= steps; i++ {
		t := float64(i) * inc
		x, y := p.x+ddx*t, p.y+ddy*t
		xi, yi := clampInt(int(x), r.width-1), clampInt(int(y), r.height-1)
		x += float64(c.dx[yi])
		y += float64(c.dy[xi])
		pen.stamp(c.img, int(math.Floor(x+0.5)), int(math.Floor(y+0.5)))
	}
}

func clampInt(v, hi int) int {
	return max(0, min(v, hi))
}

// maxPenRadius bounds a pen so that its spans fit in a fixed array.
const maxPenRadius = 12

// pen is a round nib: the half widths of its rows, top to bottom.
type pen struct {
	radiusF float64
	radius  int
	half    [2*maxPenRadius + 1]int8
}

func newPen(radius float64) pen {
	radius = max(0.5, min(radius, maxPenRadius))
	p := pen{radiusF: radius, radius: int(radius)}
	for dy := -p.radius; dy <= p.radius; dy++ {
		p.half[dy+p.radius] = int8(math.Sqrt(radius*radius - float64(dy*dy)))
	}
	return p
}

// stamp puts the pen down at (x, y) in ink (palette index 1), clipped to
// the image.
func (p *pen) stamp(img *image.Paletted, x, y int) {
	b := img.Rect
	for dy := -p.radius; dy <= p.radius; dy++ {
		yy := y + dy
		if yy < b.Min.Y || yy >= b.Max.Y {
			continue
		}
		half := int(p.half[dy+p.radius])
		x0, x1 := max(x-half, b.Min.X), min(x+half, b.Max.X-1)
		if x0 > x1 {
			continue
		}
		row := img.Pix[(yy-b.Min.Y)*img.Stride:]
		for xx := x0 - b.Min.X; xx <= x1-b.Min.X; xx++ {
			row[xx] = 1
		}
	}
}
