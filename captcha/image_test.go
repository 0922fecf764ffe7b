package captcha

import (
	"bytes"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden image and the sample images in testdata")

// golden is the challenge pinned by testdata/golden.png.
var golden = Challenge{Digits: "250617", Seed: 0x5eed_b1a7_1a0a_2026}

// samples are the images shown in the README.
var samples = []Challenge{
	{Digits: "381964", Seed: 1},
	{Digits: "705248", Seed: 2},
	{Digits: "916350", Seed: 3},
	{Digits: "462087", Seed: 4},
}

func renderPNG(t testing.TB, r *imageRenderer, c Challenge) []byte {
	t.Helper()
	var b bytes.Buffer
	require.NoError(t, r.writePNG(&b, c.Digits, c.Seed))
	return b.Bytes()
}

// TestGolden pins the drawing: the same digits and seed give the pixels
// of testdata/golden.png. Run with -update after a deliberate change to
// the drawing, and look at the new images before committing them.
func TestGolden(t *testing.T) {
	r := newImageRenderer(DefaultWidth, DefaultHeight)
	got := renderPNG(t, r, golden)
	path := filepath.Join("testdata", "golden.png")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
		for i, c := range samples {
			name := filepath.Join("testdata", fmt.Sprintf("sample-%d.png", i+1))
			require.NoError(t, os.WriteFile(name, renderPNG(t, r, c), 0o644))
		}
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -run TestGolden -update ./captcha to make it")
	gotImg, err := png.Decode(bytes.NewReader(got))
	require.NoError(t, err)
	wantImg, err := png.Decode(bytes.NewReader(want))
	require.NoError(t, err)
	require.Equal(t, wantImg.Bounds(), gotImg.Bounds())

	// Pixels are compared, not bytes, so that a change in the standard
	// library's compressor does not break the test. A few edge pixels
	// may move on an architecture that fuses multiply-adds (arm64,
	// ppc64, s390x); any change to the drawing moves hundreds.
	differ := 0
	b := gotImg.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if !sameColor(gotImg.At(x, y), wantImg.At(x, y)) {
				differ++
			}
		}
	}
	assert.LessOrEqual(t, differ, 40, "%d of %d pixels differ from %s", differ, b.Dx()*b.Dy(), path)
	if differ > 0 {
		t.Logf("%d pixels differ from %s", differ, path)
	}
}

func sameColor(a, b color.Color) bool {
	r1, g1, b1, a1 := a.RGBA()
	r2, g2, b2, a2 := b.RGBA()
	return r1 == r2 && g1 == g2 && b1 == b2 && a1 == a2
}

// TestGoldenSensitive checks that the golden test would notice a change:
// another seed or another digit changes far more pixels than it allows.
func TestGoldenSensitive(t *testing.T) {
	r := newImageRenderer(DefaultWidth, DefaultHeight)
	base := decodePaletted(t, renderPNG(t, r, golden))
	for _, c := range []Challenge{
		{Digits: golden.Digits, Seed: golden.Seed + 1},
		{Digits: "250618", Seed: golden.Seed},
	} {
		other := decodePaletted(t, renderPNG(t, r, c))
		differ := 0
		for i := range base.Pix {
			if base.Pix[i] != other.Pix[i] {
				differ++
			}
		}
		assert.Greater(t, differ, 200, "%+v against the golden challenge", c)
	}
}

func decodePaletted(t testing.TB, b []byte) *image.Paletted {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	p, ok := img.(*image.Paletted)
	require.True(t, ok, "a paletted PNG, got %T", img)
	return p
}

// TestImage checks what every image must be: deterministic, two colours
// at one bit a pixel, under 2 KB, with ink on a tenth to a third of it.
func TestImage(t *testing.T) {
	r := newImageRenderer(DefaultWidth, DefaultHeight)
	src := rand.New(rand.NewPCG(1, 2))
	maxSize, total := 0, 0
	const n = 500
	for range n {
		c := Challenge{Seed: src.Uint64()}
		for range DefaultLength {
			c.Digits += string(rune('0' + src.IntN(10)))
		}
		b := renderPNG(t, r, c)
		require.Equal(t, b, renderPNG(t, r, c), "%+v drawn twice", c)
		require.LessOrEqual(t, len(b), 2048, "%+v: PNG of %d bytes", c, len(b))
		maxSize = max(maxSize, len(b))
		total += len(b)

		require.Equal(t, byte(1), b[24], "bit depth in IHDR")
		require.Equal(t, byte(3), b[25], "colour type in IHDR: paletted")
		img := decodePaletted(t, b)
		require.Len(t, img.Palette, 2)
		require.Equal(t, image.Rect(0, 0, DefaultWidth, DefaultHeight), img.Bounds())
		ink := 0
		for _, p := range img.Pix {
			ink += int(p)
		}
		share := float64(ink) / float64(len(img.Pix))
		require.True(t, share > 0.08 && share < 0.35, "%+v: ink on %.0f%% of the image", c, 100*share)
	}
	t.Logf("%d images: PNG %d bytes on average, %d at most", n, total/n, maxSize)
}

// TestImageSizes draws every length at the smallest, the default and the
// largest sizes, and digits that are not digits, without panicking.
func TestImageSizes(t *testing.T) {
	for _, size := range [][2]int{{minWidth, minHeight}, {DefaultWidth, DefaultHeight}, {maxWidth, maxHeight}, {minWidth, maxHeight}, {maxWidth, minHeight}} {
		r := newImageRenderer(size[0], size[1])
		for _, digits := range []string{"", "7", "0123456789", "12x4\xff", "99999999999999999999"} {
			img := decodePaletted(t, renderPNG(t, r, Challenge{Digits: digits, Seed: 99}))
			assert.Equal(t, image.Rect(0, 0, size[0], size[1]), img.Bounds())
		}
	}
}

// TestGlyphsInBox keeps the outlines inside their unit box, so that the
// layout's margins hold.
func TestGlyphsInBox(t *testing.T) {
	for d, g := range glyphs {
		require.NotEmpty(t, g, "digit %d", d)
		for _, s := range g {
			require.GreaterOrEqual(t, len(s), 2, "digit %d: a stroke has two points at least", d)
			for _, p := range s {
				assert.True(t, p.x >= -0.01 && p.x <= 1.01 && p.y >= -0.01 && p.y <= 1.01, "digit %d: point %v", d, p)
			}
		}
	}
}
