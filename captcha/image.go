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

// draw paints the challenge on c. Each digit gets its own width, pen,
// slant, turn and a smooth warp of its outline, and the digits are set
// edge to edge, touching or overlapping their neighbours, in a block whose
// place and width change with every image, so no column holds one digit.
// The whole is bent by two waves. The noise is in the same ink and at the
// same stroke width as the digits, so that neither colour nor thickness
// tells it apart: a long curve through the band, pieces of digits
// scattered around it, and a thin cut in paper colour that breaks strokes
// the way a crossing does.
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
	ampX, periodX, phaseX := n.between(0.025, 0.05)*h, n.between(0.5, 0.8)*h, n.between(0, 2*math.Pi)
	for x := range c.dy {
		c.dy[x] = float32(ampY * math.Sin(2*math.Pi*float64(x)/periodY+phaseY))
	}
	for y := range c.dx {
		c.dx[y] = float32(ampX * math.Sin(2*math.Pi*float64(y)/periodX+phaseX))
	}

	// Layout: the glyphs' height is bounded by the image's height and by
	// an even share of the width; each digit is then drawn as wide as it
	// likes and advances the pen by less than its width, so neighbours
	// touch. The block is shrunk to fit when it comes out too wide, and
	// placed anywhere in the slack left.
	var ds [MaxLength + 1]glyphPlace
	k := 0
	for i := 0; i < len(digits) && k < len(ds); i++ {
		if d := digits[i] - '0'; d <= 9 {
			ds[k].digit = d
			k++
		}
	}
	margin := 0.03 * w
	gh := min(0.62*h, 1.3*(w-2*margin)/max(float64(k), 1)/glyphAspect)
	total := 0.0
	for i := range ds[:k] {
		p := &ds[i]
		p.sx, p.sy = gh*glyphAspect*n.between(0.85, 1.15), gh*n.between(0.88, 1.1)
		p.advance = p.sx * n.between(0.88, 1.02)
		if i == k-1 {
			p.advance = p.sx
		}
		total += p.advance
	}
	fit := min(1, (w-2*margin)/max(total, 1))
	x := margin + (w-2*margin-total*fit)*n.float()
	for i := range ds[:k] {
		p := &ds[i]
		p.sx, p.sy, p.advance = p.sx*fit, p.sy*fit, p.advance*fit
		p.cx = x + p.sx/2
		p.cy = h/2 + (h-p.sy)*n.between(-0.3, 0.3)
		x += p.advance
	}
	penBase := 0.055 * gh * fit
	for i := range ds[:k] {
		p := &ds[i]
		pen := newPen(penBase * n.between(0.8, 1.25))
		r.drawGlyph(c, &n, &pen, glyphs[p.digit], p.cx, p.cy, p.sx, p.sy, 1)
	}

	// A long curve through the digits' band, as thick as they are.
	{
		pen := newPen(penBase * n.between(0.65, 0.85))
		y0, amp := h*n.between(0.35, 0.65), h*n.between(0.05, 0.12)
		period, phase := w*n.between(0.3, 0.7), n.between(0, 2*math.Pi)
		x0, x1 := w*n.between(0, 0.2), w*n.between(0.8, 1)
		prev := vec{x0, y0 + amp*math.Sin(phase)}
		for x := x0 + 4; x <= x1; x += 4 {
			q := vec{x, y0 + amp*math.Sin(2*math.Pi*(x-x0)/period+phase)}
			r.stroke(c, &pen, prev, q, 1)
			prev = q
		}
	}

	// Pieces of digits, smaller than the digits, above and below them.
	for range 3 + n.intn(3) {
		g := glyphs[n.intn(10)]
		s := g[n.intn(len(g))]
		from := n.intn(len(s) - 1)
		to := min(len(s), from+2+n.intn(5))
		scale := gh * n.between(0.5, 0.8)
		cx, cy := w*n.float(), h*n.between(0.06, 0.22)
		if n.intn(2) == 0 {
			cy = h - cy
		}
		pen := newPen(penBase * n.between(0.8, 1.1))
		r.drawGlyph(c, &n, &pen, glyph{s[from:to]}, cx, cy, scale*glyphAspect, scale, 1)
	}

	// A thin cut in paper colour across the band.
	{
		pen := newPen(max(0.6, penBase*n.between(0.35, 0.5)))
		y0, y1 := h*n.between(0.25, 0.75), h*n.between(0.25, 0.75)
		r.stroke(c, &pen, vec{0, y0}, vec{w, y1}, 0)
	}
}

// glyphPlace is where one digit of an image goes and how large.
type glyphPlace struct {
	digit          byte
	cx, cy, sx, sy float64
	advance        float64
}

// drawGlyph traces g, scaled to sx by sy around (cx, cy), turned, slanted
// and warped by draws from n, in palette index ink.
func (r *imageRenderer) drawGlyph(c *canvas, n *noise, pen *pen, g glyph, cx, cy, sx, sy float64, ink uint8) {
	angle := n.between(-0.2, 0.2)
	shear := n.between(-0.15, 0.15)
	sin, cos := math.Sincos(angle)
	// The warp moves each point of the outline by a smooth function of
	// where it is: the figure keeps its shape but not its exact build.
	wx, wy := n.between(0, 0.04), n.between(0, 0.04)
	fx, fy := n.between(0.6, 1.4), n.between(0.6, 1.4)
	px, py := n.between(0, 2*math.Pi), n.between(0, 2*math.Pi)
	for _, s := range g {
		var prev vec
		for j, p := range s {
			gx := p.x + wx*math.Sin(2*math.Pi*fx*p.y+px)
			gy := p.y + wy*math.Sin(2*math.Pi*fy*p.x+py)
			v := (gy - 0.5) * sy
			u := (gx-0.5)*sx + shear*v
			q := vec{cx + u*cos - v*sin, cy + u*sin + v*cos}
			if j > 0 {
				r.stroke(c, pen, prev, q, ink)
			}
			prev = q
		}
	}
}

// stroke traces the segment from p to q with the pen, bent by the
// canvas's waves. The pen goes down every 0.6 radius (0.75 pixel at
// least): close enough that the edges show no scallops.
func (r *imageRenderer) stroke(c *canvas, pen *pen, p, q vec, ink uint8) {
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
		pen.stamp(c.img, int(math.Floor(x+0.5)), int(math.Floor(y+0.5)), ink)
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

// stamp puts the pen down at (x, y) in palette index ink, clipped to the
// image.
func (p *pen) stamp(img *image.Paletted, x, y int, ink uint8) {
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
			row[xx] = ink
		}
	}
}
