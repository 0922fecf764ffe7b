package classify

import (
	"bytes"
	"cmp"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"slices"

	"github.com/binhluan/binhluan/internal/atomicfile"
)

// The model file: "BLNB", a format version, the settings, the class
// counts, the bias, the evidence cap (see evidenceScale), then every feature as the difference of its hash from
// the previous one, its ham and spam counts and its weight (the bits of
// the float32, exclusive-or those of 1, so that an unfitted weight takes
// one byte), all as unsigned varints, and a CRC-32 of everything before
// it. Version 1, before the weights, had neither bias nor weights; it is
// still read, with every weight 1. Version 2, before the cap, is read with
// no cap, so that its model scores as it did. Version 4 adds, after the
// cap, the model's kind and its two labels (each its length, then its
// bytes; both empty for the kind's own); a spam model with the default
// labels is still written as version 3, which every earlier library
// reads. Version 5 adds, after each feature's weight, its additive weight
// (the bits of the float32, so that none takes one byte); it is written
// only for a model that has additive weights (see refit), and a model
// without is written as version 4 or 3, as before.
const (
	modelMagic   = "BLNB"
	modelVersion = 5
	// labelledVersion is the format before the additive weights.
	labelledVersion = 4
	// cappedVersion is the format before the kind and labels.
	cappedVersion = 3
	// unweightedVersion is the format without bias and weights.
	unweightedVersion = 1
	// unscaledVersion is the format before the evidence cap.
	unscaledVersion = 2
	// maxEvidenceCap bounds the evidence cap Read accepts.
	maxEvidenceCap = maxFeatures
	// oneBits are the bits of the float32 1.
	oneBits = 0x3F800000
	// maxModelBytes bounds what Read accepts: room for a model of
	// maxModelFeatures.
	maxModelBytes = 256 << 20
	// maxModelFeatures bounds the features of a model Read accepts, and
	// so what it allocates: about 40 bytes a feature, 400 MB at most.
	maxModelFeatures = 10_000_000
)

// Errors from [Read] and [LoadFile].
var (
	ErrCorrupt = errors.New("classify: model file is corrupt or truncated")
	ErrVersion = errors.New("classify: model file is of another format version")
	ErrFormat  = errors.New("classify: not a binhluan model file")
)

// WriteTo writes the model in binhluan's compact, versioned format. It
// holds the read lock while it copies the counts, so scoring goes on.
func (c *Classifier) WriteTo(w io.Writer) (int64, error) {
	c.ready()
	c.mu.RLock()
	order := make([]int, 0, c.feats.n)
	additive := false
	for i, e := range c.feats.slots {
		if e.key != 0 {
			order = append(order, i)
			additive = additive || e.a != 0
		}
	}
	slices.SortFunc(order, func(a, b int) int { return cmp.Compare(c.feats.slots[a].key, c.feats.slots[b].key) })
	var buf bytes.Buffer
	buf.Grow(40 + len(order)*10)
	buf.WriteString(modelMagic)
	var tmp [binary.MaxVarintLen64]byte
	put := func(v uint64) { buf.Write(tmp[:binary.PutUvarint(tmp[:], v)]) }
	version := uint64(cappedVersion)
	switch {
	case additive:
		version = modelVersion
	case c.cfg.Kind != KindSpam || c.cfg.Labels != ([2]string{}):
		version = labelledVersion
	}
	put(version)
	put(math.Float64bits(c.cfg.Alpha))
	put(math.Float64bits(c.cfg.SpamThreshold))
	put(math.Float64bits(c.cfg.HamThreshold))
	put(c.docs[Ham])
	put(c.docs[Spam])
	put(c.total[Ham])
	put(c.total[Spam])
	put(math.Float64bits(c.bias))
	put(uint64(c.evidenceCap))
	if version >= labelledVersion {
		put(uint64(c.cfg.Kind))
		for _, l := range c.cfg.Labels {
			put(uint64(len(l)))
			buf.WriteString(l)
		}
	}
	put(uint64(len(order)))
	prev := uint64(0)
	for _, i := range order {
		e := c.feats.slots[i]
		put(e.key - prev)
		put(uint64(e.n[Ham]))
		put(uint64(e.n[Spam]))
		put(uint64(math.Float32bits(e.w) ^ oneBits))
		if additive {
			put(uint64(math.Float32bits(e.a)))
		}
		prev = e.key
	}
	c.mu.RUnlock()
	binary.BigEndian.PutUint32(tmp[:4], crc32.ChecksumIEEE(buf.Bytes()))
	buf.Write(tmp[:4])
	return buf.WriteTo(w)
}

// Read loads a model written by [Classifier.WriteTo]. The settings saved
// with the model apply, except those cfg sets (its non-zero fields); the
// settings that result must be valid, as for [New]. A
// truncated or damaged file gives [ErrCorrupt], a file of another version
// [ErrVersion], anything else [ErrFormat] (a model of more than ten million
// features too); Read never panics on bad input.
func Read(r io.Reader, cfg *Config) (*Classifier, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxModelBytes+1))
	if err != nil {
		return nil, fmt.Errorf("classify: reading model: %w", err)
	}
	if len(data) > maxModelBytes {
		return nil, fmt.Errorf("%w: larger than %d bytes", ErrFormat, maxModelBytes)
	}
	if len(data) < len(modelMagic) || string(data[:len(modelMagic)]) != modelMagic {
		return nil, ErrFormat
	}
	if len(data) < len(modelMagic)+1+4 {
		return nil, ErrCorrupt
	}
	body, sum := data[:len(data)-4], binary.BigEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, ErrCorrupt
	}
	d := decoder{b: body[len(modelMagic):]}
	version := d.uvarint()
	if d.err != nil || version < unweightedVersion || version > modelVersion {
		return nil, fmt.Errorf("%w: version %d, this library reads %d to %d", ErrVersion, version, unweightedVersion, modelVersion)
	}
	saved := Config{
		Alpha:         math.Float64frombits(d.uvarint()),
		SpamThreshold: math.Float64frombits(d.uvarint()),
		HamThreshold:  math.Float64frombits(d.uvarint()),
	}
	if d.err != nil {
		return nil, ErrCorrupt
	}
	if _, err := saved.resolve(); err != nil {
		return nil, ErrCorrupt
	}
	var docs, total [2]uint64
	docs[Ham], docs[Spam] = d.uvarint(), d.uvarint()
	total[Ham], total[Spam] = d.uvarint(), d.uvarint()
	weighted := version >= unscaledVersion
	bias := 0.0
	if weighted {
		bias = math.Float64frombits(d.uvarint())
		if !(math.Abs(bias) <= maxBias) { // NaN fails too
			return nil, ErrCorrupt
		}
	}
	evidence := uint64(0)
	if version >= cappedVersion {
		if evidence = d.uvarint(); evidence > maxEvidenceCap {
			return nil, ErrCorrupt
		}
	}
	if version >= labelledVersion {
		saved.Kind = Kind(d.uvarint())
		for i := range saved.Labels {
			saved.Labels[i] = d.str(maxLabelBytes)
		}
		if d.err != nil {
			return nil, ErrCorrupt
		}
		if _, err := saved.resolve(); err != nil {
			return nil, ErrCorrupt
		}
	}
	if cfg != nil {
		if cfg.Alpha != 0 {
			saved.Alpha = cfg.Alpha
		}
		if cfg.SpamThreshold != 0 {
			saved.SpamThreshold = cfg.SpamThreshold
		}
		if cfg.HamThreshold != 0 {
			saved.HamThreshold = cfg.HamThreshold
		}
		if cfg.Kind != KindSpam && cfg.Kind != saved.Kind {
			return nil, fmt.Errorf("classify: Config.Kind %v: the model is a %v model", cfg.Kind, saved.Kind)
		}
		if cfg.Labels != ([2]string{}) {
			saved.Labels = cfg.Labels
		}
	}
	c, err := New(&saved)
	if err != nil {
		return nil, err
	}
	c.docs, c.total, c.bias, c.evidenceCap = docs, total, bias, int(evidence)
	n := d.uvarint()
	minFeatureBytes := uint64(3) // the hash's difference and two counts
	if weighted {
		minFeatureBytes++ // and the weight
	}
	additive := version >= modelVersion
	if additive {
		minFeatureBytes++ // and the additive weight
	}
	if d.err == nil && n > maxModelFeatures {
		return nil, fmt.Errorf("%w: %d features, more than %d", ErrFormat, n, maxModelFeatures)
	}
	if d.err != nil || n > uint64(len(d.b))/minFeatureBytes {
		return nil, ErrCorrupt
	}
	// The count comes from the file: trust it only so far for the size
	// hint, and refuse repeated hashes as they come, so a crafted file
	// cannot make Read allocate more than its features take.
	c.feats = newTable(int(min(n, 1<<16)))
	var sums [2]uint64
	h := uint64(0)
	for i := uint64(0); i < n; i++ {
		delta := d.uvarint()
		if i > 0 && delta == 0 {
			return nil, ErrCorrupt
		}
		h += delta
		ham, spam := d.uvarint(), d.uvarint()
		if d.err != nil || ham > math.MaxUint32 || spam > math.MaxUint32 || ham+spam == 0 ||
			ham > c.docs[Ham] || spam > c.docs[Spam] {
			return nil, ErrCorrupt
		}
		w := float32(1)
		if weighted {
			bits := d.uvarint() ^ oneBits
			w = math.Float32frombits(uint32(bits))
			if bits > math.MaxUint32 || !(w >= 0 && w <= maxWeight) {
				return nil, ErrCorrupt
			}
		}
		a := float32(0)
		if additive {
			bits := d.uvarint()
			a = math.Float32frombits(uint32(bits))
			if bits > math.MaxUint32 || !(a >= -maxAdditive && a <= maxAdditive) {
				return nil, ErrCorrupt
			}
		}
		e := &c.feats.slots[c.feats.insert(h)]
		e.n, e.w, e.a = counts{Ham: uint32(ham), Spam: uint32(spam)}, w, a
		sums[Ham] += ham
		sums[Spam] += spam
	}
	if d.err != nil || len(d.b) != 0 || uint64(c.feats.n) != n || sums != c.total {
		return nil, ErrCorrupt
	}
	c.changed()
	return c, nil
}

// decoder reads unsigned varints, remembering the first error.
type decoder struct {
	b   []byte
	err error
}

// str reads a string written as its length, then its bytes, of at most
// limit bytes.
func (d *decoder) str(limit int) string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if n > uint64(limit) || n > uint64(len(d.b)) {
		d.err = ErrCorrupt
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = ErrCorrupt
		return 0
	}
	d.b = d.b[n:]
	return v
}

// SaveFile writes the model to path atomically: to a temporary file in the
// same folder, synced, then renamed over path, so a reader or a crash never
// sees half a model.
func (c *Classifier) SaveFile(path string) error {
	// Readable like any file the site writes, not private to this user.
	err := atomicfile.Write(path, 0o644, func(w io.Writer) error {
		_, err := c.WriteTo(w)
		return err
	})
	if err != nil {
		return fmt.Errorf("classify: saving model: %w", err)
	}
	return nil
}

// LoadFile reads a model saved with [Classifier.SaveFile]; see [Read].
func LoadFile(path string, cfg *Config) (*Classifier, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("classify: loading model: %w", err)
	}
	defer f.Close()
	c, err := Read(f, cfg)
	if err != nil {
		return nil, fmt.Errorf("%w (%s)", err, path)
	}
	return c, nil
}
