package captcha

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"time"
)

// A sealed id is base64url, without padding, of
//
//	nonce (12 bytes) ‖ AES-GCM(key, nonce, plaintext, aad) (plainLen + 16 bytes)
//
// where the plaintext is
//
//	length (1) ‖ digits as a number (5) ‖ seed (8) ‖ expiry in Unix ms (6) ‖ reloads (1)
//
// and the additional data names the format, so that the same key used
// for something else never opens as a challenge.
const (
	nonceLen  = 12
	tagLen    = 16
	plainLen  = 1 + 5 + 8 + 6 + 1
	sealedLen = nonceLen + plainLen + tagLen
)

// IDLength is the length of a challenge id: the sealed challenge in the
// URL- and form-safe base64 alphabet (A–Z, a–z, 0–9, '-', '_') without
// padding.
const IDLength = (sealedLen*8 + 5) / 6

var idAAD = []byte("binhluan captcha id v1")

// KeySize is the size of the keys [New] generates: AES-256. Keys given in
// a [Config] may also be 16 or 24 bytes (AES-128, AES-192).
const KeySize = 32

// sealer seals challenges under the current key and opens them under it
// or any previous one, and holds the proof-of-work keys derived from the
// same keys, in the same order.
type sealer struct {
	current cipher.AEAD
	all     []cipher.AEAD // current first, then the previous keys
	work    [][]byte      // HMAC-SHA-256 keys of the proofs of work, as all
}

// workKeyLabel names what a key derived for the proofs of work is for, so
// that it is never the AES key itself nor the key of anything else.
var workKeyLabel = []byte("binhluan captcha proof of work v1")

// workKey derives the HMAC key of the proofs of work from a sealing key.
func workKey(key []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(workKeyLabel)
	return m.Sum(nil)
}

func newSealer(current []byte, previous [][]byte) (*sealer, error) {
	s := &sealer{}
	for i, k := range append([][]byte{current}, previous...) {
		block, err := aes.NewCipher(k)
		if err != nil {
			if i == 0 {
				return nil, fmt.Errorf("captcha: Key: %d bytes; want 16, 24 or 32", len(k))
			}
			return nil, fmt.Errorf("captcha: PreviousKeys[%d]: %d bytes; want 16, 24 or 32", i-1, len(k))
		}
		aead, err := cipher.NewGCM(block)
		if err != nil {
			return nil, fmt.Errorf("captcha: key %d: %w", i, err)
		}
		s.all = append(s.all, aead)
		s.work = append(s.work, workKey(k))
	}
	s.current = s.all[0]
	return s, nil
}

// seal returns the id that carries c, under nonce.
func (s *sealer) seal(c Challenge, nonce [nonceLen]byte) string {
	var plain [plainLen]byte
	encodeChallenge(&plain, c)
	var out [sealedLen]byte
	copy(out[:], nonce[:])
	s.current.Seal(out[:nonceLen], nonce[:], plain[:], idAAD)
	return idEncoding.EncodeToString(out[:])
}

// open returns the challenge an id carries, or false for an id that no
// key opens. Its time depends on the id's length only: an id of the right
// length is tried against every key, all of them, whatever the outcome,
// and the result is chosen without a branch on which key opened it.
func (s *sealer) open(id string) (Challenge, bool) {
	if len(id) != IDLength {
		return Challenge{}, false
	}
	var raw [sealedLen]byte
	n, err := idEncoding.Decode(raw[:], []byte(id))
	// A decoding error is public (the alphabet), not secret: it is
	// answered with the same work all the same.
	bad := 0
	if err != nil || n != sealedLen {
		bad = 1
	}
	var plain, got [plainLen]byte
	opened := 0
	for _, aead := range s.all {
		out, err := aead.Open(got[:0], raw[:nonceLen], raw[nonceLen:], idAAD)
		ok := subtle.ConstantTimeEq(int32(len(out)), plainLen) & boolInt(err == nil)
		subtle.ConstantTimeCopy(ok&^opened&^bad, plain[:], got[:])
		opened |= ok
	}
	if opened&^bad == 0 {
		return Challenge{}, false
	}
	return decodeChallenge(&plain)
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func encodeChallenge(p *[plainLen]byte, c Challenge) {
	var digits uint64
	for i := 0; i < len(c.Digits); i++ {
		digits = digits*10 + uint64(c.Digits[i]-'0')
	}
	p[0] = byte(len(c.Digits))
	putUint40(p[1:6], digits)
	binary.LittleEndian.PutUint64(p[6:14], c.Seed)
	ms := uint64(c.Expires.UnixMilli())
	for i := range 6 {
		p[14+i] = byte(ms >> (8 * i))
	}
	p[20] = byte(min(c.Reloads, 255))
}

func decodeChallenge(p *[plainLen]byte) (Challenge, bool) {
	n := int(p[0])
	digits := uint64(p[1]) | uint64(p[2])<<8 | uint64(p[3])<<16 | uint64(p[4])<<24 | uint64(p[5])<<32
	if n < 1 || n > MaxLength {
		return Challenge{}, false
	}
	var buf [MaxLength]byte
	for i := n - 1; i >= 0; i-- {
		buf[i] = '0' + byte(digits%10)
		digits /= 10
	}
	if digits != 0 {
		return Challenge{}, false
	}
	var ms int64
	for i := range 6 {
		ms |= int64(p[14+i]) << (8 * i)
	}
	return Challenge{
		Digits:  string(buf[:n]),
		Seed:    binary.LittleEndian.Uint64(p[6:14]),
		Expires: time.UnixMilli(ms),
		Reloads: int(p[20]),
	}, true
}

func putUint40(b []byte, v uint64) {
	for i := range 5 {
		b[i] = byte(v >> (8 * i))
	}
}

// idEncoding is strict so that every challenge has one id: base64 without
// padding leaves spare bits in the last character, which a lax decoder
// ignores, and the spent set is kept by id.
var idEncoding = base64.RawURLEncoding.Strict()
