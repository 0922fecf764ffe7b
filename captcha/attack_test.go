package captcha

import (
	"bufio"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	dchest "github.com/dchest/captcha"
	"github.com/stretchr/testify/require"
)

// TestWriteAttackSets writes labelled images for an attack harness outside
// the tests, when BINHLUAN_ATTACK_DIR names a folder (skipped otherwise):
// BINHLUAN_ATTACK_N images (12,000 by default) of six digits, ours and
// dchest/captcha's, at 240×80, as one file each of
//
//	count (uint32) ‖ width (uint32) ‖ height (uint32) ‖ per image: 6 ASCII digits ‖ width×height grey bytes
//
// and sheet.png and sheet-2x.png: 50 of ours, to be looked at. The
// measured results are in docs/captcha.md.
func TestWriteAttackSets(t *testing.T) {
	dir := os.Getenv("BINHLUAN_ATTACK_DIR")
	if dir == "" {
		t.Skip("set BINHLUAN_ATTACK_DIR to write the attack sets")
	}
	n := 12000
	if v := os.Getenv("BINHLUAN_ATTACK_N"); v != "" {
		var err error
		n, err = strconv.Atoi(v)
		require.NoError(t, err)
	}
	require.NoError(t, os.MkdirAll(dir, 0o755))
	src := rand.New(rand.NewPCG(uint64(n), 17))
	labels := make([]string, n)
	for i := range labels {
		for range DefaultLength {
			labels[i] += strconv.Itoa(src.IntN(10))
		}
	}
	r := newImageRenderer(DefaultWidth, DefaultHeight)
	c := &canvas{
		img: image.NewPaletted(image.Rect(0, 0, DefaultWidth, DefaultHeight), inks[0]),
		dx:  make([]float32, DefaultHeight),
		dy:  make([]float32, DefaultWidth),
	}
	grey := image.NewGray(image.Rect(0, 0, DefaultWidth, DefaultHeight))
	write := func(name string, draw func(i int) *image.Gray) {
		f, err := os.Create(filepath.Join(dir, name))
		require.NoError(t, err)
		defer f.Close()
		w := bufio.NewWriter(f)
		require.NoError(t, binary.Write(w, binary.LittleEndian, [3]uint32{uint32(n), DefaultWidth, DefaultHeight}))
		for i := range n {
			_, _ = w.WriteString(labels[i])
			_, _ = w.Write(draw(i).Pix)
		}
		require.NoError(t, w.Flush())
	}
	ours := func(i int) *image.Gray {
		r.draw(c, labels[i], src.Uint64())
		for j, p := range c.img.Pix {
			grey.Pix[j] = 255 * (1 - p)
		}
		return grey
	}
	write("ours.bin", ours)
	write("dchest.bin", func(i int) *image.Gray {
		digits := make([]byte, len(labels[i]))
		for j := range digits {
			digits[j] = labels[i][j] - '0'
		}
		img := dchest.NewImage(fmt.Sprint("attack-", n, "-", i), digits, DefaultWidth, DefaultHeight)
		draw.Draw(grey, grey.Rect, img, image.Point{}, draw.Src)
		return grey
	})

	// The sheet: 50 images in 5 columns, at 1× and 2×.
	for _, scale := range []int{1, 2} {
		const cols, rows, gap = 5, 10, 4
		w, h := DefaultWidth*scale, DefaultHeight*scale
		sheet := image.NewRGBA(image.Rect(0, 0, cols*(w+gap), rows*(h+gap)))
		draw.Draw(sheet, sheet.Rect, image.NewUniform(color.Gray{0x80}), image.Point{}, draw.Src)
		for k := range cols * rows {
			r.draw(c, labels[k], uint64(k)+1)
			x0, y0 := (k%cols)*(w+gap), (k/cols)*(h+gap)
			for y := range h {
				for x := range w {
					sheet.Set(x0+x, y0+y, c.img.Palette[c.img.Pix[(y/scale)*c.img.Stride+x/scale]])
				}
			}
		}
		name := "sheet.png"
		if scale == 2 {
			name = "sheet-2x.png"
		}
		f, err := os.Create(filepath.Join(dir, name))
		require.NoError(t, err)
		require.NoError(t, png.Encode(f, sheet))
		require.NoError(t, f.Close())
	}
	labelsFile := ""
	for _, l := range labels[:50] {
		labelsFile += l + "\n"
	}
	require.NoError(t, os.WriteFile(filepath.Join(dir, "sheet.txt"), []byte(labelsFile), 0o644))
}

// TestAudioCut measures the attack that solved the earlier audio: cut the
// file where it is quiet and expect one piece a digit. It reports, for
// several thresholds, how many of 200 files of ten digits come apart into
// exactly ten pieces; skipped unless BINHLUAN_ATTACK_DIR is set, like the
// image sets.
func TestAudioCut(t *testing.T) {
	if os.Getenv("BINHLUAN_ATTACK_DIR") == "" {
		t.Skip("set BINHLUAN_ATTACK_DIR to measure the attacks")
	}
	for _, lang := range []string{Vietnamese, English} {
		v, err := voices[lang]()
		require.NoError(t, err)
		for _, threshold := range []float64{-34, -30, -27, -24, -21} {
			const files = 200
			cut := 0
			for seed := range uint64(files) {
				w := parseWAV(t, appendWAV(nil, v, "0123456789", seed))
				const win = AudioSampleRate / 20 // 50 ms
				pieces, quiet := 0, 3
				for i := 0; i+win <= len(w.samples); i += win {
					if rms, _ := levels(w.samples[i : i+win]); rms <= threshold {
						quiet++
						continue
					}
					if quiet >= 2 { // 100 ms of quiet ends a piece
						pieces++
					}
					quiet = 0
				}
				if pieces == 10 {
					cut++
				}
			}
			t.Logf("%s, cut below %.0f dBFS: %d of %d files in ten pieces", lang, threshold, cut, files)
		}
	}
}
