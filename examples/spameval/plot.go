package main

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/binhluan/binhluan/classify"
)

// bins is how many histogram bins cover the probabilities [0, 1].
const bins = 50

// plotData is what the plot shows: the spam probabilities of ham and of
// spam, binned, and the thresholds that turn them into verdicts.
type plotData struct {
	title, subtitle             string
	hamThreshold, spamThreshold float64
	counts                      [2][bins]int // per class, per bin
	n                           [2]int       // per class
	zones                       [2][3]int    // per class: below ham threshold, unsure, at or above spam threshold
}

// add counts one comment of a class with its spam probability; a
// probability that is not a number is left out.
func (d *plotData) add(class classify.Class, p float64) {
	if class > classify.Spam || math.IsNaN(p) {
		return
	}
	p = min(max(p, 0), 1)
	d.counts[class][min(int(p*bins), bins-1)]++
	d.n[class]++
	switch {
	case p >= d.spamThreshold:
		d.zones[class][2]++
	case p < d.hamThreshold:
		d.zones[class][0]++
	default:
		d.zones[class][1]++
	}
}

// writePlotFile draws the plot to path.
func writePlotFile(path string, d plotData) error {
	var b bytes.Buffer
	if err := renderSVG(&b, d); err != nil {
		return err
	}
	return os.WriteFile(path, b.Bytes(), 0o644)
}

// Layout of the plot, in SVG user units.
const (
	svgWidth   = 880
	svgHeight  = 560
	plotLeft   = 80
	plotRight  = 850
	plotTop    = 100
	plotBottom = 430
)

// Colours of the classes, the unsure zone and the thresholds.
const (
	hamColour    = "#1f77b4"
	spamColour   = "#d62728"
	unsureColour = "#f2f2f2"
	lineColour   = "#333333"
)

// countFloor is where the log-scaled count axis starts, below 1 so that a
// bin of one comment still shows.
const countFloor = 0.5

// renderSVG writes the plot as a standalone SVG document.
func renderSVG(w io.Writer, d plotData) error {
	var maxCount int
	for c := range d.counts {
		for _, k := range d.counts[c] {
			maxCount = max(maxCount, k)
		}
	}
	// The axis runs to three times the largest count, leaving room above
	// the bars for the zone names; ticks are at powers of ten.
	top := max(10, 3*float64(maxCount))
	xOf := func(p float64) float64 { return plotLeft + p*(plotRight-plotLeft) }
	yOf := func(count float64) float64 {
		if count < countFloor {
			return plotBottom
		}
		return plotBottom - math.Log10(count/countFloor)/math.Log10(top/countFloor)*(plotBottom-plotTop)
	}

	var b strings.Builder
	fmt.Fprintf(&b, `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">
`, svgWidth, svgHeight, svgWidth, svgHeight)
	fmt.Fprintf(&b, "<title>%s</title>\n", esc(d.title))
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", svgWidth, svgHeight)
	fmt.Fprintf(&b, `<text x="%d" y="26" text-anchor="middle" font-size="16" font-weight="bold">%s</text>`+"\n", svgWidth/2, esc(shorten(d.title, 80)))
	if d.subtitle != "" {
		fmt.Fprintf(&b, `<text x="%d" y="46" text-anchor="middle" fill="#555555">%s</text>`+"\n", svgWidth/2, esc(shorten(d.subtitle, 110)))
	}

	// The verdict zones: shade the unsure one, name all three.
	xh, xs := xOf(d.hamThreshold), xOf(d.spamThreshold)
	if xs > xh {
		fmt.Fprintf(&b, `<rect class="unsure" x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n", xh, plotTop, xs-xh, plotBottom-plotTop, unsureColour)
	}
	for _, z := range []struct {
		from, to float64
		name     string
	}{{plotLeft, xh, "verdict ham"}, {xh, xs, "unsure"}, {xs, plotRight, "verdict spam"}} {
		if z.to-z.from >= 70 {
			fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" fill="#777777" font-style="italic">%s</text>`+"\n", (z.from+z.to)/2, plotTop+16, z.name)
		}
	}

	// Grid and count axis.
	for t := 1.0; t <= top; t *= 10 {
		y := yOf(t)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%d" y2="%.1f" stroke="#dddddd"/>`+"\n", plotLeft, y, plotRight, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%s</text>`+"\n", plotLeft-6, y+4, groupDigits(int(t)))
	}
	// Probability axis.
	for i := 0; i <= 10; i++ {
		p := float64(i) / 10
		x := xOf(p)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s"/>`+"\n", x, plotBottom, x, plotBottom+5, lineColour)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">%.1f</text>`+"\n", x, plotBottom+19, p)
	}

	// The histograms, as steps: both fills first, then both outlines, so
	// that each class's outline stays sharp where they overlap.
	var paths [2]string
	for _, c := range []classify.Class{classify.Ham, classify.Spam} {
		var path strings.Builder
		fmt.Fprintf(&path, "M%.1f,%d", xOf(0), plotBottom)
		for i, k := range d.counts[c] {
			y := yOf(float64(k))
			fmt.Fprintf(&path, " L%.1f,%.1f L%.1f,%.1f", xOf(float64(i)/bins), y, xOf(float64(i+1)/bins), y)
		}
		fmt.Fprintf(&path, " L%.1f,%d Z", xOf(1), plotBottom)
		paths[c] = path.String()
		fmt.Fprintf(&b, `<path class="hist %s" d="%s" fill="%s" fill-opacity="0.35" stroke="none"/>`+"\n", c, paths[c], classColour(c))
	}
	for _, c := range []classify.Class{classify.Ham, classify.Spam} {
		fmt.Fprintf(&b, `<path class="outline %s" d="%s" fill="none" stroke="%s" stroke-width="1.5"/>`+"\n", c, paths[c], classColour(c))
	}

	// Threshold lines, each with its value on a row of its own above the
	// plot so that close thresholds do not overwrite each other.
	thresholds := []struct {
		p     float64
		label string
	}{{d.hamThreshold, fmt.Sprintf("ham below %.2f", d.hamThreshold)}, {d.spamThreshold, fmt.Sprintf("spam from %.2f", d.spamThreshold)}}
	if d.hamThreshold == d.spamThreshold {
		thresholds = thresholds[1:]
		thresholds[0].label = fmt.Sprintf("threshold %.2f", d.spamThreshold)
	}
	for i, t := range thresholds {
		x := xOf(t.p)
		y := plotTop - 30 + 18*i
		if len(thresholds) == 1 {
			y = plotTop - 12
		}
		fmt.Fprintf(&b, `<line class="threshold" x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="%s" stroke-width="1.5" stroke-dasharray="6,4"/>`+"\n", x, y-12, x, plotBottom, lineColour)
		anchor, dx := "start", 5.0
		if x > svgWidth-130 {
			anchor, dx = "end", -5
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="%s" font-weight="bold" fill="%s">%s</text>`+"\n", x+dx, y, anchor, lineColour, esc(t.label))
	}

	// Axes and their labels.
	fmt.Fprintf(&b, `<path d="M%d,%d V%d H%d" fill="none" stroke="%s"/>`+"\n", plotLeft, plotTop, plotBottom, plotRight, lineColour)
	fmt.Fprintf(&b, `<text x="%d" y="%d" text-anchor="middle">spam probability given by the filter (%d bins)</text>`+"\n", (plotLeft+plotRight)/2, plotBottom+40, bins)
	fmt.Fprintf(&b, `<text transform="translate(24,%d) rotate(-90)" text-anchor="middle">comments per bin (log scale)</text>`+"\n", (plotTop+plotBottom)/2)

	// Legend: each class with how its comments fall in the three zones.
	for i, c := range []classify.Class{classify.Ham, classify.Spam} {
		y := plotBottom + 78 + 26*i
		fmt.Fprintf(&b, `<rect x="%d" y="%d" width="18" height="12" fill="%s" fill-opacity="0.4" stroke="%s" stroke-width="1.5"/>`+"\n", plotLeft, y-11, classColour(c), classColour(c))
		fmt.Fprintf(&b, `<text x="%d" y="%d">%s</text>`+"\n", plotLeft+26, y, esc(legendLine(d, c)))
	}

	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// legendLine describes how one class's comments fall in the verdict zones.
func legendLine(d plotData, c classify.Class) string {
	n := d.n[c]
	z := d.zones[c]
	pct := func(k int) string {
		if n == 0 {
			return "–"
		}
		return fmt.Sprintf("%.1f%%", 100*float64(k)/float64(n))
	}
	what := "ham comments"
	if c == classify.Spam {
		what = "spam comments"
	}
	return fmt.Sprintf("%s %s: %s verdict ham, %s unsure, %s verdict spam", groupDigits(n), what, pct(z[0]), pct(z[1]), pct(z[2]))
}

func classColour(c classify.Class) string {
	if c == classify.Spam {
		return spamColour
	}
	return hamColour
}

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b strings.Builder
	_ = xml.EscapeText(&b, []byte(s)) // a strings.Builder does not fail
	return b.String()
}

// shorten cuts s to at most n runes, keeping its end (the file name) and
// marking the cut with an ellipsis.
func shorten(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return "…" + string(r[len(r)-(n-1):])
}

// groupDigits writes a count with thin spaces between groups of three
// digits.
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	if n < 0 {
		return s
	}
	var b strings.Builder
	for i, ch := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u2009')
		}
		b.WriteRune(ch)
	}
	return b.String()
}
