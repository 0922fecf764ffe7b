package captcha

import (
	"bytes"
	"image"
	"image/png"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestPNGRoundTrip encodes random two-colour images of every width up to
// three words and some heights, and decodes them with image/png: the same
// pixels and palette come back.
func TestPNGRoundTrip(t *testing.T) {
	src := rand.New(rand.NewPCG(3, 4))
	var e pngEncoder // reused across sizes, as a canvas's is
	for width := 1; width <= 25; width++ {
		for _, height := range []int{1, 2, 7} {
			img := image.NewPaletted(image.Rect(0, 0, width, height), inks[src.IntN(len(inks))])
			for i := range img.Pix {
				img.Pix[i] = uint8(src.IntN(2))
			}
			var b bytes.Buffer
			require.NoError(t, e.encode(&b, img))
			got, err := png.Decode(&b)
			require.NoError(t, err, "%d×%d", width, height)
			p, ok := got.(*image.Paletted)
			require.True(t, ok, "%d×%d: %T", width, height, got)
			require.Equal(t, img.Bounds(), p.Bounds())
			require.Equal(t, img.Pix, p.Pix, "%d×%d", width, height)
			for i, c := range img.Palette {
				require.True(t, sameColor(c, p.Palette[i]), "%d×%d: palette entry %d", width, height, i)
			}
		}
	}
}
