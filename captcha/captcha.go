package captcha

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"sync"
	"time"
	"unicode"

	"github.com/binhluan/binhluan/internal/digits"
)

// Defaults of a [Config].
const (
	DefaultLength     = 6
	DefaultExpiry     = 10 * time.Minute
	DefaultMaxReloads = 10
)

// MaxLength is the most digits a challenge may have: it bounds the audio.
const MaxLength = 10

// maxAnswerBytes bounds what Verify reads of an answer: ten full-width
// digits with spaces between them fit many times over.
const maxAnswerBytes = 128

// ErrReloadLimit is returned by [Service.Reload] for a challenge reloaded
// as often as the service allows. The challenge itself stays valid.
var ErrReloadLimit = errors.New("captcha: reload limit reached")

// Config configures a [Service]. The zero value, or nil, means the
// defaults: a new [MemoryStore], a key of its own, 6 digits, 10 minutes,
// 10 reloads, 240×80 images, crypto/rand and time.Now.
type Config struct {
	// Store keeps the spent ids, so that each challenge is answered once;
	// a new MemoryStore with the defaults and this configuration's clock
	// when nil. Servers that share keys share a store.
	Store Store
	// Key seals the challenges into their ids: 16, 24 or 32 random bytes
	// (AES-128, -192 or -256 in GCM). When nil, New draws KeySize bytes
	// from Rand: ids then open in this Service only, and die with it.
	// Several servers behind one site must be given the same Key (and
	// PreviousKeys), kept as secret as a session key.
	Key []byte
	// PreviousKeys still open ids sealed before Key took over: rotate by
	// making the old Key the first previous key, and drop it once every
	// id it sealed has expired (after Expiry).
	PreviousKeys [][]byte
	// Length is the number of digits, 1 to MaxLength; DefaultLength when
	// zero.
	Length int
	// Expiry is how long a challenge can be answered after it is made or
	// reloaded; DefaultExpiry when zero.
	Expiry time.Duration
	// MaxReloads is how often one challenge may be followed by another
	// through [Service.Reload]; DefaultMaxReloads when zero, none when
	// negative.
	MaxReloads int
	// Width and Height are the image's size in pixels, 60–1200 by 24–400;
	// DefaultWidth and DefaultHeight when zero.
	Width, Height int
	// WorkMax is the largest number a proof of work hides ([Service.NewWork]),
	// which sets how much work a browser does: half of WorkMax hashes on
	// average. DefaultWorkMax when zero; 1 to MaxWorkMax.
	WorkMax int
	// Rand is the source of keys, nonces, digits and seeds;
	// crypto/rand.Reader when nil. Tests set a deterministic one. Reads
	// from it are serialised, so it need not be safe for concurrent use.
	Rand io.Reader
	// Now is the clock; time.Now when nil. Tests set a fixed one.
	Now func() time.Time
}

// Opener is implemented by a [Store] that reads the challenges of the
// services it serves: [New] gives such a store the function that opens
// the new service's ids. captchatest.Store implements it so that a site's
// tests can learn the answer of a challenge; a production store has no
// need of it.
type Opener interface {
	SetOpener(open func(id string) (Challenge, error))
}

// ErrZeroService is returned by the methods of a [Service] that was not
// made by [New]: the zero Service has no store to keep challenges in.
var ErrZeroService = errors.New("captcha: Service not made by New")

// Service makes, shows and checks captcha challenges. It is safe for
// concurrent use; the only state it changes is the spent set in its
// [Store].
//
// Make one with [New]. The zero Service, or a nil *Service, is not usable:
// its methods return [ErrZeroService] rather than panic, and its handler
// answers 500.
type Service struct {
	store      Store
	length     int
	expiry     time.Duration
	maxReloads int
	workMax    int
	rand       io.Reader
	now        func() time.Time
	images     *imageRenderer
	sealer     *sealer
}

// New returns a service configured by cfg, which may be nil. It returns
// an error for a configuration out of range.
func New(cfg *Config) (*Service, error) {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	s := &Service{
		store:      c.Store,
		length:     cmpOr(c.Length, DefaultLength),
		expiry:     cmpOr(c.Expiry, DefaultExpiry),
		maxReloads: max(cmpOr(c.MaxReloads, DefaultMaxReloads), 0),
		workMax:    cmpOr(c.WorkMax, DefaultWorkMax),
		rand:       c.Rand,
		now:        c.Now,
	}
	width, height := cmpOr(c.Width, DefaultWidth), cmpOr(c.Height, DefaultHeight)
	switch {
	case s.length < 1 || s.length > MaxLength:
		return nil, fmt.Errorf("captcha: Length %d is outside 1–%d", s.length, MaxLength)
	case s.expiry < 0:
		return nil, fmt.Errorf("captcha: Expiry %v is negative", s.expiry)
	case width < minWidth || width > maxWidth:
		return nil, fmt.Errorf("captcha: Width %d is outside %d–%d", width, minWidth, maxWidth)
	case height < minHeight || height > maxHeight:
		return nil, fmt.Errorf("captcha: Height %d is outside %d–%d", height, minHeight, maxHeight)
	case s.workMax < 1 || s.workMax > MaxWorkMax:
		return nil, fmt.Errorf("captcha: WorkMax %d is outside 1–%d", s.workMax, MaxWorkMax)
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	} else {
		s.rand = &lockedReader{r: s.rand}
	}
	key := c.Key
	if key == nil {
		key = make([]byte, KeySize)
		if _, err := io.ReadFull(s.rand, key); err != nil {
			return nil, fmt.Errorf("captcha: reading randomness for a key: %w", err)
		}
	}
	var err error
	if s.sealer, err = newSealer(key, c.PreviousKeys); err != nil {
		return nil, err
	}
	if s.store == nil {
		s.store = NewMemoryStore(&MemoryConfig{Now: s.now})
	}
	if o, ok := s.store.(Opener); ok {
		o.SetOpener(s.open)
	}
	s.images = newImageRenderer(width, height)
	return s, nil
}

func cmpOr[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// lockedReader serialises reads from a source that may not be safe for
// concurrent use.
type lockedReader struct {
	mu sync.Mutex
	r  io.Reader
}

func (l *lockedReader) Read(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return io.ReadFull(l.r, p)
}

// usable reports [ErrZeroService] for a service that [New] did not make.
func (s *Service) usable() error {
	if s == nil || s.store == nil || s.sealer == nil {
		return ErrZeroService
	}
	return nil
}

// New makes a challenge and returns its id, for the form's hidden field
// and the image's address. The id carries the challenge, sealed: nothing
// is stored.
func (s *Service) New(ctx context.Context) (string, error) {
	if err := s.usable(); err != nil {
		return "", err
	}
	return s.issue(s.now(), 0)
}

// issue seals a new challenge, valid from now, that follows reloads
// others.
func (s *Service) issue(now time.Time, reloads int) (string, error) {
	// One read gives the nonce, the seed and enough bytes for the digits
	// nearly always: a byte is refused with probability 6/256.
	var buf [nonceLen + 8 + 2*MaxLength]byte
	if _, err := io.ReadFull(s.rand, buf[:]); err != nil {
		return "", fmt.Errorf("captcha: reading randomness: %w", err)
	}
	var digits [MaxLength]byte
	n := 0
	for pool := buf[nonceLen+8:]; n < s.length; {
		for _, b := range pool {
			// 250 is the largest multiple of 10 a byte holds: refusing
			// bytes from it on keeps the digits uniform.
			if b < 250 && n < s.length {
				digits[n] = '0' + b%10
				n++
			}
		}
		if n < s.length {
			if _, err := io.ReadFull(s.rand, pool); err != nil {
				return "", fmt.Errorf("captcha: reading randomness: %w", err)
			}
		}
	}
	c := Challenge{
		Digits:  string(digits[:n]),
		Seed:    binary.LittleEndian.Uint64(buf[nonceLen : nonceLen+8]),
		Expires: now.Add(s.expiry),
		Reloads: reloads,
	}
	return s.sealer.seal(c, [nonceLen]byte(buf[:nonceLen])), nil
}

// open returns the live challenge id carries, or [ErrNotFound] for an id
// that is malformed, forged, sealed under a key the service no longer
// has, or expired.
func (s *Service) open(id string) (Challenge, error) {
	if err := s.usable(); err != nil {
		return Challenge{}, err
	}
	c, ok := s.sealer.open(id)
	if !ok || !s.now().Before(c.Expires) {
		return Challenge{}, ErrNotFound
	}
	return c, nil
}

// Reload returns the id of a new challenge, with new digits, a new image
// and a new expiry, to replace id, for "Lấy lại mã bảo mật". It returns
// [ErrNotFound] for an id that does not open or has expired, and
// [ErrReloadLimit] once the challenges that led to id were reloaded as
// often as the configuration allows.
//
// The old id is not spent, so it stays answerable until it expires: the
// limit bounds one chain of reloads, not a client, which can reload the
// first id again. Limits per client are the job of a limiter (package
// captcha/limit).
func (s *Service) Reload(ctx context.Context, id string) (string, error) {
	old, err := s.open(id)
	if err != nil {
		return "", err
	}
	if old.Reloads >= s.maxReloads {
		return "", ErrReloadLimit
	}
	return s.issue(s.now(), old.Reloads+1)
}

// Verify reports whether answer is the challenge's digits. Every call on
// a live id spends it, right or wrong, so no code can be tried twice; the
// reader gets a new challenge with the form.
//
// The answer may have spaces anywhere and full-width digits ("１２３"
// from an East Asian input method). A malformed, forged, spent or expired
// id, or an answer that is not the digits, gives false and no error: the
// error is for a store that failed, when the caller cannot tell whether
// the reader was right. Only ids that open reach the store, so forged
// ones cost it nothing.
func (s *Service) Verify(ctx context.Context, id, answer string) (bool, error) {
	c, err := s.open(id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	first, err := s.store.Spend(ctx, id, c.Expires)
	if err != nil || !first {
		return false, err
	}
	if len(answer) > maxAnswerBytes {
		return false, nil
	}
	var buf [maxAnswerBytes]byte
	got, ok := normalizeAnswer(buf[:0], answer)
	if !ok || len(got) != len(c.Digits) {
		return false, nil
	}
	var want [MaxLength]byte
	n := copy(want[:], c.Digits)
	return subtle.ConstantTimeCompare(got, want[:n]) == 1, nil
}

// normalizeAnswer appends the digits of answer to dst: ASCII and
// full-width digits as ASCII, white space dropped. It reports false for
// any other character.
func normalizeAnswer(dst []byte, answer string) ([]byte, bool) {
	for _, r := range answer {
		d, isDigit := digits.ASCII(r)
		switch {
		case isDigit:
			dst = append(dst, d)
		case unicode.IsSpace(r):
		default:
			return dst, false
		}
	}
	return dst, true
}

// ValidID reports whether id has the form of the ids [Service.New]
// makes: IDLength characters of the base64url alphabet. It says nothing
// of whether the id opens; it lets a caller refuse junk cheaply.
func ValidID(id string) bool {
	if len(id) != IDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// WriteImage writes the challenge's image to w as a PNG. The same id
// gives the same image every time. It returns [ErrNotFound] for an id
// that does not open or has expired; a spent id is still drawn, as its
// answer is of no more use.
func (s *Service) WriteImage(ctx context.Context, w io.Writer, id string) error {
	c, err := s.open(id)
	if err != nil {
		return err
	}
	return s.images.writePNG(w, c.Digits, c.Seed)
}
