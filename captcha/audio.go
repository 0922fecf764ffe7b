package captcha

import (
	"context"
	"embed"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"slices"
	"sync"
)

// Languages of the audio challenge, as in a "lang" query parameter.
const (
	Vietnamese = "vi"
	English    = "en"
)

// ErrLanguage is returned by [Service.WriteAudio] for a language it has
// no recordings of.
var ErrLanguage = errors.New("captcha: audio language not supported")

// AudioSampleRate is the sample rate of the WAV files, in hertz: telephone
// quality, enough for speech. Samples are 16-bit signed PCM, one channel.
const AudioSampleRate = 8000

// The spoken digits, made by audio/generate.sh (see audio/README.md): raw
// 8 kHz µ-law, one folder a voice and one file a digit.
//
//go:embed audio/vi/*/*.ulaw audio/en/*/*.ulaw
var recordings embed.FS

// voice is one speaker's ten spoken digits as 16-bit samples.
type voice [10][]int16

// voices decodes each language's recordings on first use and keeps them,
// read-only, for the life of the process: every voice of the language, in
// the order of their folders' names.
var voices = map[string]func() ([]*voice, error){
	Vietnamese: sync.OnceValues(func() ([]*voice, error) { return loadVoices(Vietnamese) }),
	English:    sync.OnceValues(func() ([]*voice, error) { return loadVoices(English) }),
}

func loadVoices(lang string) ([]*voice, error) {
	dirs, err := fs.ReadDir(recordings, "audio/"+lang)
	if err != nil {
		return nil, fmt.Errorf("captcha: loading %s audio: %w", lang, err)
	}
	var vs []*voice
	for _, dir := range dirs {
		if !dir.IsDir() {
			continue
		}
		v, err := loadVoice("audio/" + lang + "/" + dir.Name())
		if err != nil {
			return nil, err
		}
		vs = append(vs, v)
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("captcha: no %s voices", lang)
	}
	return vs, nil
}

func loadVoice(dir string) (*voice, error) {
	var v voice
	for d := range v {
		b, err := recordings.ReadFile(fmt.Sprintf("%s/%d.ulaw", dir, d))
		if err != nil {
			return nil, fmt.Errorf("captcha: loading %s: %w", dir, err)
		}
		v[d] = make([]int16, len(b))
		for i, u := range b {
			v[d][i] = ulawDecode(u)
		}
	}
	return &v, nil
}

// ulawDecode expands one G.711 µ-law byte to a 16-bit sample.
func ulawDecode(u byte) int16 {
	u = ^u
	mag := (int32(u&0x0f)<<3 + 0x84) << (u >> 4 & 7)
	mag -= 0x84
	if u&0x80 != 0 {
		return int16(-mag)
	}
	return int16(mag)
}

// Audio timing, in seconds: silence before the first digit and after the
// last, and between digits; and how much faster or slower a digit may be
// spoken.
const (
	leadMin, leadMax   = 0.4, 0.7
	gapMin, gapMax     = 0.15, 0.5
	tailMin, tailMax   = 0.3, 0.5
	speedMin, speedMax = 0.85, 1.15
	// maxDigitSeconds bounds a recording's length, checked by the tests.
	maxDigitSeconds = 0.8
)

// maxAudioSeconds bounds a WAV file's length: MaxLength digits at their
// slowest with the longest gaps; about 300 KB.
const maxAudioSeconds = leadMax + tailMax + MaxLength*(maxDigitSeconds/speedMin+gapMax)

// WriteAudio writes the challenge's digits to w as a WAV file spoken in
// lang ([Vietnamese], the default when empty, or [English]): 8 kHz 16-bit
// mono PCM with random gaps over continuous babble, the same for
// the same id every time. It returns [ErrNotFound] for an id that does
// not open or has expired, and [ErrLanguage] for another language.
func (s *Service) WriteAudio(ctx context.Context, w io.Writer, id, lang string) error {
	if lang == "" {
		lang = Vietnamese
	}
	load, ok := voices[lang]
	if !ok {
		return ErrLanguage
	}
	c, err := s.open(id)
	if err != nil {
		return err
	}
	vs, err := load()
	if err != nil {
		return err
	}
	_, err = w.Write(appendWAV(nil, vs, c.Digits, c.Seed))
	return err
}

const wavHeaderLen = 44

// audioPart is one digit of a challenge's audio: which voice speaks it,
// where, and how.
type audioPart struct {
	voice   int // index in the language's voices
	samples []int16
	at      int
	speed   float64
	gain    float64
	tilt    float64 // darker below 0, brighter above: the voice's colour
}

// audioPlan is where a challenge's digits go in its audio.
type audioPlan struct {
	parts [MaxLength]audioPart
	k     int                   // parts used
	gaps  [MaxLength + 1][2]int // the gaps before each digit and after the last
	total int                   // samples
}

// plan draws from n each digit's voice, speed, level and colour and the
// gaps between them.
func (p *audioPlan) plan(n *noise, vs []*voice, digits string) {
	const rate = AudioSampleRate
	pos := int(n.between(leadMin, leadMax) * rate)
	p.gaps[0] = [2]int{0, pos}
	p.k = 0
	for i := 0; i < len(digits) && p.k < len(p.parts); i++ {
		d := digits[i] - '0'
		if d > 9 {
			continue
		}
		vi := n.intn(len(vs))
		part := audioPart{voice: vi, samples: vs[vi][d], at: pos, speed: n.between(speedMin, speedMax), gain: n.between(0.7, 1), tilt: n.between(-0.5, 0.7)}
		p.parts[p.k] = part
		p.k++
		end := pos + int(float64(len(part.samples))/part.speed)
		pos = end + int(n.between(gapMin, gapMax)*rate)
		p.gaps[p.k] = [2]int{end, pos}
	}
	p.total = pos + int(n.between(tailMin, tailMax)*rate)
	p.gaps[p.k][1] = p.total
}

// appendWAV appends to dst the WAV file of digits, each spoken by one of
// vs, with the voices, gaps, speeds, levels and noise drawn from seed.
func appendWAV(dst []byte, vs []*voice, digits string, seed uint64) []byte {
	var n noise
	n.pcg.Seed(seed, streamAudio)
	const rate = AudioSampleRate

	// Plan the digits first, to know the length.
	var p audioPlan
	p.plan(&n, vs, digits)
	parts, gaps, total := p.parts[:p.k], p.gaps[:p.k+1], p.total

	mix := make([]int32, total)
	// The noise floor: white noise through a gentle low-pass, around
	// -35 dBFS, so that silence is never digital silence.
	var lp float64
	for i := range mix {
		lp = 0.7*lp + 0.3*n.between(-1, 1)
		mix[i] = int32(lp * 2400)
	}
	// Babble: two layers of digits played backwards end to end, each in
	// any of the voices at its own speed, some 10 dB under the words, from
	// the first sample to the last; and every gap between digits filled
	// from end to end with more, nearly as loud as the words and running
	// on into the next. There is no quiet stretch to cut the digits apart
	// at, yet no word can be heard in the babble, which runs backwards.
	backwards := func(at int, gain float64) int {
		src := vs[n.intn(len(vs))][n.intn(10)]
		speed := n.between(0.8, 1.25)
		out := int(float64(len(src)) / speed)
		for j := range out {
			i := len(src) - 1 - int(float64(j)*speed)
			if i < 0 {
				break
			}
			if k := at + j; k >= 0 && k < total {
				mix[k] += int32(float64(src[i]) * gain)
			}
		}
		return out
	}
	for range 2 {
		for at := -n.intn(rate / 2); at < total; {
			out := backwards(at, n.between(0.22, 0.32))
			at += out - int(n.between(0, 0.08)*rate)
		}
	}
	for _, g := range gaps {
		for at := g[0] - int(0.1*rate); at < g[1]; {
			// Each word overlaps the last a little, and the fill always
			// moves on, however short a recording.
			at += max(backwards(at, n.between(0.45, 0.65))-int(n.between(0.05, 0.15)*rate), 1)
		}
	}
	for _, p := range parts {
		var low float64
		out := int(float64(len(p.samples)) / p.speed)
		for j := range out {
			// Linear interpolation speeds the digit up or slows it down.
			t := float64(j) * p.speed
			i := int(t)
			if i+1 >= len(p.samples) || p.at+j >= total {
				break
			}
			f := t - float64(i)
			x := float64(p.samples[i])*(1-f) + float64(p.samples[i+1])*f
			// The tilt adds or takes away what a one-pole low-pass
			// leaves out: the same word, brighter or duller.
			low = 0.6*low + 0.4*x
			x += p.tilt * (x - low)
			mix[p.at+j] += int32(x * p.gain)
		}
	}

	// Bring the loudest sample down to -1 dBFS when the mix passes it,
	// keeping the levels' differences.
	var peak int32
	for _, x := range mix {
		peak = max(peak, x, -x)
	}
	const ceiling = 29204 // -1 dBFS
	scale := min(1, float64(ceiling)/float64(max(peak, 1)))
	dst = slices.Grow(dst, wavHeaderLen+2*total)
	dst = appendWAVHeader(dst, total)
	for _, x := range mix {
		x = int32(float64(x) * scale)
		x = max(math.MinInt16, min(x, math.MaxInt16))
		dst = binary.LittleEndian.AppendUint16(dst, uint16(int16(x)))
	}
	return dst
}

// appendWAVHeader appends the header of a WAV file of n 16-bit mono
// samples at AudioSampleRate.
func appendWAVHeader(dst []byte, n int) []byte {
	const bytesPerSample = 2
	data := uint32(n * bytesPerSample)
	dst = append(dst, "RIFF"...)
	dst = binary.LittleEndian.AppendUint32(dst, 36+data)
	dst = append(dst, "WAVEfmt "...)
	dst = binary.LittleEndian.AppendUint32(dst, 16)                             // fmt chunk size
	dst = binary.LittleEndian.AppendUint16(dst, 1)                              // PCM
	dst = binary.LittleEndian.AppendUint16(dst, 1)                              // mono
	dst = binary.LittleEndian.AppendUint32(dst, AudioSampleRate)                // sample rate
	dst = binary.LittleEndian.AppendUint32(dst, AudioSampleRate*bytesPerSample) // byte rate
	dst = binary.LittleEndian.AppendUint16(dst, bytesPerSample)                 // block align
	dst = binary.LittleEndian.AppendUint16(dst, 8*bytesPerSample)               // bits a sample
	dst = append(dst, "data"...)
	return binary.LittleEndian.AppendUint32(dst, data)
}
