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
)

// Defaults of a [Config].
const (
	DefaultLength     = 6
	DefaultExpiry     = 10 * time.Minute
	DefaultMaxReloads = 10
)

// MaxLength is the most digits a challenge may have: it bounds the audio.
const MaxLength = 10

// IDLength is the length of a challenge id: 26 characters of the base32
// alphabet A–Z, 2–7, as crypto/rand.Text makes, 130 random bits.
const IDLength = 26

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// maxAnswerBytes bounds what Verify reads of an answer: ten full-width
// digits with spaces between them fit many times over.
const maxAnswerBytes = 128

// ErrReloadLimit is returned by [Service.Reload] for a challenge reloaded
// as often as the service allows. The challenge itself stays valid.
var ErrReloadLimit = errors.New("captcha: reload limit reached")

// Config configures a [Service]. The zero value, or nil, means the
// defaults: a new [MemoryStore], 6 digits, 10 minutes, 10 reloads, 240×80
// images, crypto/rand and time.Now.
type Config struct {
	// Store keeps the challenges; a new MemoryStore with the defaults and
	// this configuration's clock when nil. Servers that share challenges
	// share a store.
	Store Store
	// Length is the number of digits, 1 to MaxLength; DefaultLength when
	// zero.
	Length int
	// Expiry is how long a challenge can be answered after it is made or
	// reloaded; DefaultExpiry when zero.
	Expiry time.Duration
	// MaxReloads is how often one challenge may be given new digits;
	// DefaultMaxReloads when zero, none when negative.
	MaxReloads int
	// Width and Height are the image's size in pixels, 60–1200 by 24–400;
	// DefaultWidth and DefaultHeight when zero.
	Width, Height int
	// Rand is the source of ids, digits and seeds; crypto/rand.Reader
	// when nil. Tests set a deterministic one. Reads from it are
	// serialised, so it need not be safe for concurrent use.
	Rand io.Reader
	// Now is the clock; time.Now when nil. Tests set a fixed one.
	Now func() time.Time
}

// ErrZeroService is returned by the methods of a [Service] that was not
// made by [New]: the zero Service has no store to keep challenges in.
var ErrZeroService = errors.New("captcha: Service not made by New")

// Service makes, shows and checks captcha challenges. It is safe for
// concurrent use; the state is in its [Store].
//
// Make one with [New]. The zero Service, or a nil *Service, is not usable:
// its methods return [ErrZeroService] rather than panic, and its handler
// answers 500.
type Service struct {
	store      Store
	length     int
	expiry     time.Duration
	maxReloads int
	rand       io.Reader
	now        func() time.Time
	images     *imageRenderer
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
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.rand == nil {
		s.rand = rand.Reader
	} else {
		s.rand = &lockedReader{r: s.rand}
	}
	if s.store == nil {
		s.store = NewMemoryStore(&MemoryConfig{Now: s.now})
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
	if s == nil || s.store == nil {
		return ErrZeroService
	}
	return nil
}

// New makes a challenge and returns its id, for the form's hidden field
// and the image's address.
func (s *Service) New(ctx context.Context) (string, error) {
	if err := s.usable(); err != nil {
		return "", err
	}
	var buf [IDLength]byte
	if _, err := io.ReadFull(s.rand, buf[:]); err != nil {
		return "", fmt.Errorf("captcha: reading randomness: %w", err)
	}
	for i, b := range buf {
		buf[i] = idAlphabet[b&31]
	}
	id := string(buf[:])
	c, err := s.challenge(s.now())
	if err != nil {
		return "", err
	}
	if err := s.store.Set(ctx, id, c); err != nil {
		return "", err
	}
	return id, nil
}

// challenge returns new digits and a new seed, valid from now.
func (s *Service) challenge(now time.Time) (Challenge, error) {
	var seed [8]byte
	if _, err := io.ReadFull(s.rand, seed[:]); err != nil {
		return Challenge{}, fmt.Errorf("captcha: reading randomness: %w", err)
	}
	digits := make([]byte, 0, s.length)
	var buf [2 * MaxLength]byte
	for len(digits) < s.length {
		if _, err := io.ReadFull(s.rand, buf[:]); err != nil {
			return Challenge{}, fmt.Errorf("captcha: reading randomness: %w", err)
		}
		for _, b := range buf {
			// 250 is the largest multiple of 10 a byte holds: rejecting
			// bytes above it keeps the digits uniform.
			if b < 250 && len(digits) < s.length {
				digits = append(digits, '0'+b%10)
			}
		}
	}
	return Challenge{
		Digits:  string(digits),
		Seed:    binary.LittleEndian.Uint64(seed[:]),
		Expires: now.Add(s.expiry),
	}, nil
}

// Reload gives the challenge new digits, a new image and a new expiry
// under the same id, for "Lấy lại mã bảo mật". It returns [ErrNotFound]
// for an unknown, used or expired id, and [ErrReloadLimit] once the
// challenge has been reloaded as often as the configuration allows; the
// challenge is then left as it was and can still be answered.
//
// A reload takes the challenge out of the store and puts the new one in:
// an answer checked at that very moment fails, as it would a moment
// later against the new digits.
func (s *Service) Reload(ctx context.Context, id string) error {
	if err := s.usable(); err != nil {
		return err
	}
	if !ValidID(id) {
		return ErrNotFound
	}
	old, err := s.store.Take(ctx, id)
	if err != nil {
		return err
	}
	now := s.now()
	if !now.Before(old.Expires) {
		return ErrNotFound
	}
	if old.Reloads >= s.maxReloads {
		if err := s.store.Set(ctx, id, old); err != nil {
			return err
		}
		return ErrReloadLimit
	}
	c, err := s.challenge(now)
	if err != nil {
		// Keep the old challenge rather than lose the reader's form.
		return errors.Join(err, s.store.Set(ctx, id, old))
	}
	c.Reloads = old.Reloads + 1
	return s.store.Set(ctx, id, c)
}

// Verify reports whether answer is the challenge's digits. Every call
// uses the challenge up, right or wrong, so no code can be tried twice;
// the reader gets a new challenge with the form.
//
// The answer may have spaces anywhere and full-width digits ("１２３"
// from an East Asian input method). An unknown, used, expired or
// malformed id, or an answer that is not the digits, gives false and no
// error: the error is for a store that failed, when the caller cannot
// tell whether the reader was right.
func (s *Service) Verify(ctx context.Context, id, answer string) (bool, error) {
	if err := s.usable(); err != nil {
		return false, err
	}
	if !ValidID(id) {
		return false, nil
	}
	c, err := s.store.Take(ctx, id)
	if errors.Is(err, ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if !s.now().Before(c.Expires) {
		return false, nil
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
		switch {
		case '0' <= r && r <= '9':
			dst = append(dst, byte(r))
		case '０' <= r && r <= '９':
			dst = append(dst, byte('0'+r-'０'))
		case unicode.IsSpace(r):
		default:
			return dst, false
		}
	}
	return dst, true
}

// ValidID reports whether id has the form of the ids [Service.New]
// makes. Anything else is refused before the store is asked.
func ValidID(id string) bool {
	if len(id) != IDLength {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('A' <= c && c <= 'Z' || '2' <= c && c <= '7') {
			return false
		}
	}
	return true
}

// get returns the live challenge under id, or ErrNotFound.
func (s *Service) get(ctx context.Context, id string) (Challenge, error) {
	if err := s.usable(); err != nil {
		return Challenge{}, err
	}
	if !ValidID(id) {
		return Challenge{}, ErrNotFound
	}
	c, err := s.store.Get(ctx, id)
	if err != nil {
		return Challenge{}, err
	}
	if !s.now().Before(c.Expires) {
		return Challenge{}, ErrNotFound
	}
	return c, nil
}

// WriteImage writes the challenge's image to w as a PNG. The same
// challenge gives the same image until it is reloaded. It returns
// [ErrNotFound] for an unknown, used or expired id.
func (s *Service) WriteImage(ctx context.Context, w io.Writer, id string) error {
	c, err := s.get(ctx, id)
	if err != nil {
		return err
	}
	return s.images.writePNG(w, c.Digits, c.Seed)
}
