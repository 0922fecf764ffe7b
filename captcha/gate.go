package captcha

import (
	"context"
	"fmt"
)

// Proof is what a [Gate] takes as a reader's proof: the digits of an
// image challenge, a solved proof of work, or either.
type Proof uint8

// The proofs a Gate may accept.
const (
	// ProofImage is the digits of the image or the audio, checked by
	// [Service.Verify].
	ProofImage Proof = 1 << iota
	// ProofWork is a payload of ALTCHA's widget, checked by
	// [Service.VerifyWork]. A form that asks for it alone cannot be sent
	// without JavaScript.
	ProofWork
	// ProofEither is either of them: the proof of work when the browser
	// ran the widget, the digits when it did not.
	ProofEither = ProofImage | ProofWork
)

// String returns "image", "work" or "either", as ParseProof reads them.
func (p Proof) String() string {
	switch p {
	case ProofImage:
		return "image"
	case ProofWork:
		return "work"
	case ProofEither:
		return "either"
	}
	return fmt.Sprintf("Proof(%d)", uint8(p))
}

// ParseProof reads "image", "work" or "either", as a site's setting.
func ParseProof(s string) (Proof, error) {
	for _, p := range []Proof{ProofImage, ProofWork, ProofEither} {
		if s == p.String() {
			return p, nil
		}
	}
	return 0, fmt.Errorf("captcha: proof %q: want image, work or either", s)
}

// Gate checks a form's captcha answer against the proofs it accepts. It
// has the Verify method of comment.CaptchaVerifier, so a site puts it in
// its comment.Screener where the Service would go, and passes as the
// submission's answer what [Gate.Answer] returns:
//
//	gate := captcha.Gate{Service: svc, Accept: captcha.ProofEither}
//	screener := &comment.Screener{Captcha: gate, …}
//	sub, _ := comment.BindRequest(r, 0)
//	sub.Captcha = gate.Answer(sub.Captcha, r.PostFormValue(captcha.WorkField))
//
// The zero Accept is ProofImage. A Gate is a plain value, safe for
// concurrent use as its Service is.
type Gate struct {
	Service *Service
	Accept  Proof
}

// accepts reports whether the gate takes proof p.
func (g Gate) accepts(p Proof) bool {
	return cmpOr(g.Accept, ProofImage)&p != 0
}

// Answer returns the answer a site screens: the widget's payload work
// when the gate accepts a proof of work and the browser sent one, else
// what the reader typed. A gate that accepts only the proof of work gives
// work even when empty, so that a form without it is refused as
// unanswered.
func (g Gate) Answer(typed, work string) string {
	switch {
	case !g.accepts(ProofWork):
		return typed
	case work != "" || !g.accepts(ProofImage):
		return work
	}
	return typed
}

// Verify checks answer as the proof it has the form of: an answer of
// digits and white space (what [Service.Verify] reads) is the digits of
// the image challenge id, anything else a proof-of-work payload. A proof
// the gate does not accept gives false, and spends nothing. Errors are
// the store's, as from the Service.
func (g Gate) Verify(ctx context.Context, id, answer string) (bool, error) {
	if isDigitAnswer(answer) {
		if !g.accepts(ProofImage) {
			return false, nil
		}
		return g.Service.Verify(ctx, id, answer)
	}
	if !g.accepts(ProofWork) {
		return false, nil
	}
	return g.Service.VerifyWork(ctx, answer)
}

// isDigitAnswer reports whether answer has the form Verify reads: at most
// maxAnswerBytes of digits, ASCII or full-width, and white space.
func isDigitAnswer(answer string) bool {
	if len(answer) > maxAnswerBytes {
		return false
	}
	var buf [maxAnswerBytes]byte
	_, ok := normalizeAnswer(buf[:0], answer)
	return ok
}
