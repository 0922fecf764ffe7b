package captcha

import (
	"bytes"
	"context"
	"encoding/binary"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRecordings checks the embedded digits: every voice of both
// languages there, each digit a plausible spoken word (long enough, short
// enough, not clipped) at the level audio/README.md gives: −21.6 to −17
// dBFS RMS, peaks at −1 dBFS or under.
func TestRecordings(t *testing.T) {
	for _, lang := range []string{Vietnamese, English} {
		vs, err := voices[lang]()
		require.NoError(t, err)
		for i, v := range vs {
			for d, s := range v {
				secs := float64(len(s)) / AudioSampleRate
				assert.True(t, secs > 0.15 && secs <= maxDigitSeconds, "%s voice %d, %d: %.2f s", lang, i, d, secs)
				rms, peak := levels(s)
				assert.True(t, rms > -22 && rms < -16.5, "%s voice %d, %d: RMS %.1f dBFS", lang, i, d, rms)
				assert.True(t, peak > -6 && peak < -0.9, "%s voice %d, %d: peak %.1f dBFS", lang, i, d, peak)
			}
		}
	}
}

// TestAudioVoices checks that a digit is not always the same recording:
// each language has three voices or more, which differ, and a challenge's
// digits are spoken by more than one of them, any digit by any voice.
func TestAudioVoices(t *testing.T) {
	for _, lang := range []string{Vietnamese, English} {
		vs, err := voices[lang]()
		require.NoError(t, err)
		require.GreaterOrEqual(t, len(vs), 3, "%s: voices", lang)
		for i := range vs {
			for j := range i {
				assert.NotEqual(t, vs[i][7], vs[j][7], "%s: voices %d and %d say 7 alike", lang, i, j)
			}
		}
		spoken := make([]map[int]bool, 10) // the voices that spoke each digit
		for d := range spoken {
			spoken[d] = map[int]bool{}
		}
		for seed := range uint64(30) {
			var n noise
			n.pcg.Seed(seed, streamAudio)
			var p audioPlan
			p.plan(&n, vs, "0123456789")
			used := map[int]bool{}
			for d, part := range p.parts[:p.k] {
				assert.Equal(t, vs[part.voice][d], part.samples, "%s, seed %d: digit %d is the voice's recording of it", lang, seed, d)
				used[part.voice] = true
				spoken[d][part.voice] = true
			}
			assert.Greater(t, len(used), 1, "%s, seed %d: one voice spoke all ten digits", lang, seed)
		}
		for d, by := range spoken {
			assert.Len(t, by, len(vs), "%s: digit %d in 30 challenges", lang, d)
		}
	}
}

// TestAudioDigits checks the plan of a challenge's audio: every digit is
// there, in order, none overlapping the next, all inside the file, and the
// file within maxAudioSeconds.
func TestAudioDigits(t *testing.T) {
	for _, lang := range []string{Vietnamese, English} {
		vs, err := voices[lang]()
		require.NoError(t, err)
		for seed := range uint64(50) {
			var n noise
			n.pcg.Seed(seed, streamAudio)
			var p audioPlan
			p.plan(&n, vs, "0123456789x")
			require.Equal(t, 10, p.k, "%s, seed %d: ten digits", lang, seed)
			end := 0
			for d, part := range p.parts[:p.k] {
				assert.GreaterOrEqual(t, part.at, end+int(gapMin*AudioSampleRate), "%s, seed %d: digit %d after a gap", lang, seed, d)
				end = part.at + int(float64(len(part.samples))/part.speed)
			}
			assert.LessOrEqual(t, end+int(tailMin*AudioSampleRate), p.total, "%s, seed %d: the tail", lang, seed)
			assert.LessOrEqual(t, float64(p.total), AudioSampleRate*maxAudioSeconds, "%s, seed %d: bounded", lang, seed)
		}
	}
}

// levels returns the RMS and peak of samples in dBFS.
func levels(s []int16) (rms, peak float64) {
	var sum, pk float64
	for _, x := range s {
		f := float64(x) / 32768
		sum += f * f
		pk = max(pk, math.Abs(f))
	}
	return 10 * math.Log10(sum/float64(len(s))), 20 * math.Log10(pk)
}

func TestULawDecode(t *testing.T) {
	// G.711 reference points: 0xff and 0x7f are the two zeros, 0x80 and
	// 0x00 the extremes.
	assert.Equal(t, int16(0), ulawDecode(0xff))
	assert.Equal(t, int16(0), ulawDecode(0x7f))
	assert.Equal(t, int16(32124), ulawDecode(0x80))
	assert.Equal(t, int16(-32124), ulawDecode(0x00))
	assert.Equal(t, int16(8), ulawDecode(0xfe))
	prev := ulawDecode(0xff)
	for u := 0xfe; u >= 0x80; u-- {
		x := ulawDecode(byte(u))
		assert.Greater(t, x, prev, "µ-law %#x", u)
		assert.Equal(t, -x, ulawDecode(byte(u)&0x7f), "µ-law %#x is symmetric", u)
		prev = x
	}
}

// wav is a parsed WAV file.
type wav struct {
	format, channels, bits uint16
	rate                   uint32
	samples                []int16
}

func parseWAV(t testing.TB, b []byte) wav {
	t.Helper()
	require.GreaterOrEqual(t, len(b), wavHeaderLen)
	require.Equal(t, "RIFF", string(b[0:4]))
	require.Equal(t, uint32(len(b)-8), binary.LittleEndian.Uint32(b[4:]), "RIFF size")
	require.Equal(t, "WAVEfmt ", string(b[8:16]))
	require.Equal(t, uint32(16), binary.LittleEndian.Uint32(b[16:]))
	w := wav{
		format:   binary.LittleEndian.Uint16(b[20:]),
		channels: binary.LittleEndian.Uint16(b[22:]),
		rate:     binary.LittleEndian.Uint32(b[24:]),
		bits:     binary.LittleEndian.Uint16(b[34:]),
	}
	require.Equal(t, w.rate*2, binary.LittleEndian.Uint32(b[28:]), "byte rate")
	require.Equal(t, uint16(2), binary.LittleEndian.Uint16(b[32:]), "block align")
	require.Equal(t, "data", string(b[36:40]))
	require.Equal(t, uint32(len(b)-wavHeaderLen), binary.LittleEndian.Uint32(b[40:]), "data size")
	for i := wavHeaderLen; i+1 < len(b); i += 2 {
		w.samples = append(w.samples, int16(binary.LittleEndian.Uint16(b[i:])))
	}
	return w
}

func TestAudio(t *testing.T) {
	ctx := context.Background()
	store := NewMemoryStore(nil)
	svc, err := New(&Config{Store: store, Length: MaxLength})
	require.NoError(t, err)
	id, err := svc.New(ctx)
	require.NoError(t, err)

	for _, lang := range []string{"", Vietnamese, English} {
		var a, b bytes.Buffer
		require.NoError(t, svc.WriteAudio(ctx, &a, id, lang))
		require.NoError(t, svc.WriteAudio(ctx, &b, id, lang))
		assert.Equal(t, a.Bytes(), b.Bytes(), "%q: the same audio twice, so it cannot be averaged", lang)
		assert.LessOrEqual(t, float64(a.Len()), wavHeaderLen+2*AudioSampleRate*maxAudioSeconds, "%q: bounded", lang)

		w := parseWAV(t, a.Bytes())
		assert.Equal(t, uint16(1), w.format, "PCM")
		assert.Equal(t, uint16(1), w.channels, "mono")
		assert.Equal(t, uint32(AudioSampleRate), w.rate)
		assert.Equal(t, uint16(16), w.bits)
		secs := float64(len(w.samples)) / AudioSampleRate
		rms, peak := levels(w.samples)
		t.Logf("%q, %d digits: %d bytes, %.1f s, RMS %.1f dBFS, peak %.1f dBFS", lang, MaxLength, a.Len(), secs, rms, peak)
		// Over 2,000 files of ten digits: -23.2 to -17.2 dBFS, the gaps
		// being full of babble.
		assert.True(t, rms > -32 && rms < -16, "RMS %.1f dBFS", rms)
		assert.Less(t, peak, 0.0, "not clipped")
		quiet, _ := levels(w.samples[:int(leadMin*AudioSampleRate)-1])
		assert.True(t, quiet > -35, "the lead-in is babble, not silence: %.1f dBFS", quiet)
	}
	var vi, en bytes.Buffer
	require.NoError(t, svc.WriteAudio(ctx, &vi, id, Vietnamese))
	require.NoError(t, svc.WriteAudio(ctx, &en, id, English))
	assert.NotEqual(t, vi.Bytes(), en.Bytes())
	assert.ErrorIs(t, svc.WriteAudio(ctx, &bytes.Buffer{}, id, "fr"), ErrLanguage)

	next, err := svc.Reload(ctx, id)
	require.NoError(t, err)
	var after bytes.Buffer
	require.NoError(t, svc.WriteAudio(ctx, &after, next, Vietnamese))
	assert.NotEqual(t, vi.Bytes(), after.Bytes(), "a reload gives new audio")
}

// TestAudioNoGaps checks that the audio has no quiet stretch to cut the
// digits apart at: every 50 ms, from the first to the last, is louder than
// -38 dBFS, for every digit spoken.
func TestAudioNoGaps(t *testing.T) {
	for _, lang := range []string{Vietnamese, English} {
		v, err := voices[lang]()
		require.NoError(t, err)
		for seed := range uint64(20) {
			w := parseWAV(t, appendWAV(nil, v, "0123456789", seed))
			const win = AudioSampleRate / 20
			quietest := 0.0
			for i := 0; i+win <= len(w.samples); i += win {
				rms, _ := levels(w.samples[i : i+win])
				quietest = min(quietest, rms)
			}
			assert.Greater(t, quietest, -38.0, "%s, seed %d: the quietest 50 ms", lang, seed)
		}
	}
}

func TestAudioExpired(t *testing.T) {
	now := time.Date(2020, 11, 29, 12, 48, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	svc, err := New(&Config{Now: clock})
	require.NoError(t, err)
	id, err := svc.New(context.Background())
	require.NoError(t, err)
	now = now.Add(DefaultExpiry)
	assert.ErrorIs(t, svc.WriteAudio(context.Background(), &bytes.Buffer{}, id, ""), ErrNotFound)
}
