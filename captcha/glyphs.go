package captcha

import "math"

// The digits are drawn from outlines made for this package: each glyph is
// a few strokes, each stroke a polyline through points of a unit box (x
// and y from 0 to 1, y down), traced with a round pen. There is no font
// file and nothing to license. The shapes are plain handwriting-like
// figures, tall and narrow, with a closed 4, a flat-topped 5 and a 7
// without a bar, so that no two digits look alike when bent.

type vec struct{ x, y float64 }

type stroke []vec

type glyph []stroke

// glyphs holds the ten digits; it is built once, from constants, and never
// changed.
var glyphs = buildGlyphs()

// glyphAspect is a glyph's width over its height.
const glyphAspect = 0.62

func buildGlyphs() [10]glyph {
	return [10]glyph{
		// 0: an oval.
		{arc(0.5, 0.5, 0.46, 0.5, 0, 360)},
		// 1: a flag, a stem and a foot.
		{line(0.18, 0.24, 0.56, 0), line(0.56, 0, 0.56, 1), line(0.22, 1, 0.88, 1)},
		// 2: a hook, a diagonal and a base.
		{join(arc(0.5, 0.3, 0.44, 0.3, 195, 360),
			quad(0.94, 0.3, 0.9, 0.55, 0.04, 1),
			line(0.04, 1, 0.98, 1))},
		// 3: two bowls open to the left.
		{join(arc(0.48, 0.26, 0.42, 0.26, 200, 450),
			arc(0.48, 0.76, 0.48, 0.24, 270, 520))},
		// 4: a stem, a diagonal from its top and a crossbar.
		{join(line(0.72, 1, 0.72, 0), line(0.72, 0, 0.02, 0.68), line(0.02, 0.68, 1, 0.68))},
		// 5: a flag, a neck and a belly.
		{join(line(0.9, 0, 0.18, 0),
			line(0.18, 0, 0.12, 0.48),
			arc(0.5, 0.69, 0.46, 0.31, 220, 500))},
		// 6: a swash down into a closed bowl.
		{join(quad(0.86, 0.04, 0.14, 0.12, 0.06, 0.7),
			arc(0.5, 0.7, 0.44, 0.3, 180, 540))},
		// 7: a top and a long diagonal.
		{join(line(0.02, 0.02, 0.98, 0.02), quad(0.98, 0.02, 0.5, 0.45, 0.36, 1))},
		// 8: two stacked loops, the lower one wider.
		{arc(0.5, 0.25, 0.38, 0.25, 0, 360), arc(0.5, 0.74, 0.46, 0.26, 0, 360)},
		// 9: a closed bowl with a tail: a 6 turned round.
		{join(arc(0.5, 0.3, 0.44, 0.3, 0, 360),
			quad(0.94, 0.3, 0.86, 0.96, 0.16, 0.98))},
	}
}

// line is a straight stroke.
func line(x0, y0, x1, y1 float64) stroke {
	return stroke{{x0, y0}, {x1, y1}}
}

// arc is an elliptical arc around (cx, cy) from angle a0 to a1 degrees,
// clockwise on screen (0 is right, 90 is down).
func arc(cx, cy, rx, ry, a0, a1 float64) stroke {
	n := int(math.Ceil(math.Abs(a1-a0)/12)) + 1
	s := make(stroke, n)
	for i := range s {
		a := (a0 + (a1-a0)*float64(i)/float64(n-1)) * math.Pi / 180
		s[i] = vec{cx + rx*math.Cos(a), cy + ry*math.Sin(a)}
	}
	return s
}

// quad is a quadratic Bézier curve from (x0, y0) to (x1, y1) pulled
// towards (cx, cy).
func quad(x0, y0, cx, cy, x1, y1 float64) stroke {
	const n = 12
	s := make(stroke, n+1)
	for i := range s {
		t := float64(i) / n
		u := 1 - t
		s[i] = vec{u*u*x0 + 2*u*t*cx + t*t*x1, u*u*y0 + 2*u*t*cy + t*t*y1}
	}
	return s
}

// join makes one stroke of pieces that follow each other.
func join(pieces ...stroke) stroke {
	var s stroke
	for _, p := range pieces {
		s = append(s, p...)
	}
	return s
}
