package captcha_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
)

// solve solves c as the widget would and returns its payload.
func solve(t testing.TB, c captcha.WorkChallenge) string {
	t.Helper()
	payload, err := captcha.SolveWork(context.Background(), c)
	require.NoError(t, err)
	return payload
}

// payloadFields decodes a payload into its JSON fields, for a test to
// change one.
func payloadFields(t testing.TB, payload string) map[string]any {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(payload)
	require.NoError(t, err)
	d := json.NewDecoder(bytes.NewReader(raw))
	d.UseNumber()
	var m map[string]any
	require.NoError(t, d.Decode(&m))
	return m
}

// encodePayload is the widget's encoding: base64 of the JSON object.
func encodePayload(t testing.TB, m map[string]any) string {
	t.Helper()
	raw, err := json.Marshal(m)
	require.NoError(t, err)
	return base64.StdEncoding.EncodeToString(raw)
}

// rewrite returns payload with old replaced by new in its JSON text.
func rewrite(t testing.TB, payload, old, new string) string {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(payload)
	require.NoError(t, err)
	require.Contains(t, string(raw), old)
	return base64.StdEncoding.EncodeToString([]byte(strings.Replace(string(raw), old, new, 1)))
}

// with returns payload with its fields changed by edit.
func with(t testing.TB, payload string, edit func(m map[string]any)) string {
	t.Helper()
	m := payloadFields(t, payload)
	edit(m)
	return encodePayload(t, m)
}

func TestWork(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{WorkMax: 5000})
	c, err := e.svc.NewWork(ctx)
	require.NoError(t, err)
	assert.Equal(t, captcha.WorkAlgorithm, c.Algorithm)
	assert.Equal(t, 5000, c.MaxNumber)
	assert.Len(t, c.Challenge, 64)
	assert.Len(t, c.Signature, 64)
	assert.Regexp(t, `^[0-9a-f]{24}\?expires=[0-9]+&$`, c.Salt)
	assert.Equal(t, "?expires="+strconv.FormatInt(t0.Add(captcha.DefaultExpiry).Unix(), 10)+"&", c.Salt[24:])
	assert.Zero(t, e.store.Len(), "issuing stores nothing")

	payload := solve(t, c)
	ok, err := e.svc.VerifyWork(ctx, payload)
	require.NoError(t, err)
	assert.True(t, ok, "a solution verifies")
	assert.Equal(t, 1, e.store.Len(), "and is spent")
	ok, err = e.svc.VerifyWork(ctx, payload)
	require.NoError(t, err)
	assert.False(t, ok, "once")

	t.Run("the widget's extra fields", func(t *testing.T) {
		c, err := e.svc.NewWork(ctx)
		require.NoError(t, err)
		payload := with(t, solve(t, c), func(m map[string]any) { m["took"] = 412; m["test"] = nil })
		ok, err := e.svc.VerifyWork(ctx, payload)
		require.NoError(t, err)
		assert.True(t, ok)
	})

	t.Run("an image challenge and a proof of work share the store without meeting", func(t *testing.T) {
		id, answer := e.issue(t)
		c, err := e.svc.NewWork(ctx)
		require.NoError(t, err)
		ok, err := e.svc.VerifyWork(ctx, solve(t, c))
		require.NoError(t, err)
		assert.True(t, ok)
		ok, err = e.svc.Verify(ctx, id, answer)
		require.NoError(t, err)
		assert.True(t, ok)
	})
}

// TestWorkRefused checks every way a payload can be wrong: each is
// refused without an error and without reaching the store.
func TestWorkRefused(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{WorkMax: 5000})
	c, err := e.svc.NewWork(ctx)
	require.NoError(t, err)
	good := solve(t, c)
	number := payloadFields(t, good)["number"].(json.Number)
	n, err := number.Int64()
	require.NoError(t, err)

	other := newEnv(t, captcha.Config{WorkMax: 5000, Key: bytes.Repeat([]byte{9}, 32)})
	foreign, err := other.svc.NewWork(ctx)
	require.NoError(t, err)

	tests := []struct{ name, payload string }{
		{"empty", ""},
		{"not base64", "!!!!"},
		{"base64 of junk", base64.StdEncoding.EncodeToString([]byte("not json"))},
		{"a JSON array", base64.StdEncoding.EncodeToString([]byte(`[1,2]`))},
		{"too long", good + strings.Repeat("A", 2048)},
		{"the next number", with(t, good, func(m map[string]any) { m["number"] = n + 1 })},
		{"the number as a string", with(t, good, func(m map[string]any) { m["number"] = number.String() })},
		{"the number with a leading zero", rewrite(t, good, `"number":`+number.String(), `"number":0`+number.String())},
		{"the number as a float", with(t, good, func(m map[string]any) { m["number"] = json.Number(number.String() + ".0") })},
		{"a negative number", with(t, good, func(m map[string]any) { m["number"] = -n })},
		{"no number", with(t, good, func(m map[string]any) { delete(m, "number") })},
		{"another algorithm", with(t, good, func(m map[string]any) { m["algorithm"] = "SHA-1" })},
		{"no algorithm", with(t, good, func(m map[string]any) { delete(m, "algorithm") })},
		{"a later expiry", with(t, good, func(m map[string]any) {
			m["salt"] = strings.Replace(m["salt"].(string), "?expires=", "?expires=9", 1)
		})},
		{"a second expiry", with(t, good, func(m map[string]any) { m["salt"] = m["salt"].(string) + "expires=99999999999&" })},
		{"no expiry", with(t, good, func(m map[string]any) { m["salt"] = m["salt"].(string)[:24] })},
		{"the signature in capitals", with(t, good, func(m map[string]any) { m["signature"] = strings.ToUpper(m["signature"].(string)) })},
		{"the signature of another key", with(t, good, func(m map[string]any) { m["signature"] = foreign.Signature })},
		{"a challenge of another key, solved", solve(t, foreign)},
		{"a truncated signature", with(t, good, func(m map[string]any) { m["signature"] = m["signature"].(string)[:63] })},
		{"the challenge of another number", with(t, good, func(m map[string]any) { m["challenge"] = foreign.Challenge })},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ok, err := e.svc.VerifyWork(ctx, tt.payload)
			require.NoError(t, err)
			assert.False(t, ok)
		})
	}
	assert.Zero(t, e.store.Len(), "no refused payload reached the store")
	ok, err := e.svc.VerifyWork(ctx, good)
	require.NoError(t, err)
	assert.True(t, ok, "the good payload is still unspent")
}

// TestWorkSplice moves the first digit of the number into the salt: the
// hash and the signature still hold, but the expiry cannot change (the
// salt ends in '&'), and the challenge is spent once, however it is
// spelt.
func TestWorkSplice(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{WorkMax: 5000})
	var c captcha.WorkChallenge
	var good string
	for {
		var err error
		c, err = e.svc.NewWork(ctx)
		require.NoError(t, err)
		good = solve(t, c)
		if n := payloadFields(t, good)["number"].(json.Number); len(n) >= 2 && n[1] != '0' {
			break
		}
	}
	spliced := with(t, good, func(m map[string]any) {
		n := m["number"].(json.Number)
		m["salt"] = m["salt"].(string) + string(n[0])
		m["number"] = json.Number(n[1:])
	})
	ok, err := e.svc.VerifyWork(ctx, good)
	require.NoError(t, err)
	assert.True(t, ok)
	ok, err = e.svc.VerifyWork(ctx, spliced)
	require.NoError(t, err)
	assert.False(t, ok, "the same challenge spelt another way is spent already")
}

func TestWorkExpiry(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{WorkMax: 1000, Expiry: 2 * time.Minute})
	c, err := e.svc.NewWork(ctx)
	require.NoError(t, err)
	payload := solve(t, c)
	e.clock.Advance(2*time.Minute - time.Second)
	late, err := e.svc.NewWork(ctx)
	require.NoError(t, err)
	e.clock.Advance(time.Second)
	ok, err := e.svc.VerifyWork(ctx, payload)
	require.NoError(t, err)
	assert.False(t, ok, "expired at Expiry")
	ok, err = e.svc.VerifyWork(ctx, solve(t, late))
	require.NoError(t, err)
	assert.True(t, ok, "a later one still lives")

	t.Run("an expiry farther than the service signs", func(t *testing.T) {
		long := newEnv(t, captcha.Config{WorkMax: 1000, Expiry: time.Hour, Key: bytes.Repeat([]byte{3}, 32)})
		short := newEnv(t, captcha.Config{WorkMax: 1000, Expiry: time.Minute, Key: bytes.Repeat([]byte{3}, 32)})
		c, err := long.svc.NewWork(ctx)
		require.NoError(t, err)
		ok, err := short.svc.VerifyWork(ctx, solve(t, c))
		require.NoError(t, err)
		assert.False(t, ok, "the spent set would forget it before it expired")
	})
}

func TestWorkRotation(t *testing.T) {
	ctx := context.Background()
	keyA, keyB := bytes.Repeat([]byte{1}, 32), bytes.Repeat([]byte{2}, 32)
	store := captchatest.NewStore(nil)
	a, err := captcha.New(&captcha.Config{Store: store, Key: keyA, WorkMax: 1000})
	require.NoError(t, err)
	b, err := captcha.New(&captcha.Config{Store: store, Key: keyB, PreviousKeys: [][]byte{keyA}, WorkMax: 1000})
	require.NoError(t, err)
	c, err := captcha.New(&captcha.Config{Store: store, Key: keyB, WorkMax: 1000})
	require.NoError(t, err)

	old, err := a.NewWork(ctx)
	require.NoError(t, err)
	payload := solve(t, old)
	ok, err := c.VerifyWork(ctx, payload)
	require.NoError(t, err)
	assert.False(t, ok, "a dropped key signs nothing")
	ok, err = b.VerifyWork(ctx, payload)
	require.NoError(t, err)
	assert.True(t, ok, "a previous key still signs")
	ok, err = a.VerifyWork(ctx, payload)
	require.NoError(t, err)
	assert.False(t, ok, "spent in the store the servers share")
}

func TestWorkConfig(t *testing.T) {
	for _, tt := range []struct {
		max int
		ok  bool
	}{{0, true}, {1, true}, {captcha.MaxWorkMax, true}, {-1, false}, {captcha.MaxWorkMax + 1, false}} {
		svc, err := captcha.New(&captcha.Config{WorkMax: tt.max})
		if !tt.ok {
			assert.ErrorContains(t, err, "captcha: WorkMax", "WorkMax %d", tt.max)
			continue
		}
		require.NoError(t, err, "WorkMax %d", tt.max)
		c, err := svc.NewWork(context.Background())
		require.NoError(t, err)
		assert.Equal(t, max(tt.max, 0)+captcha.DefaultWorkMax*boolIndex(tt.max == 0), c.MaxNumber)
	}
}

// TestWorkNumbers checks that the hidden numbers are uniform over
// 0…WorkMax: their mean is half of it.
func TestWorkNumbers(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{WorkMax: 1000})
	const n = 600
	sum, top := 0, 0
	for range n {
		c, err := e.svc.NewWork(ctx)
		require.NoError(t, err)
		v, err := payloadFields(t, solve(t, c))["number"].(json.Number).Int64()
		require.NoError(t, err)
		require.LessOrEqual(t, v, int64(1000))
		sum += int(v)
		top = max(top, int(v))
	}
	// σ of the mean is 289/√600 ≈ 11.8; 5σ either side.
	assert.InDelta(t, 500, float64(sum)/n, 60)
	assert.Greater(t, top, 950, "numbers reach the top of the range")
}

func TestWorkFailures(t *testing.T) {
	ctx := context.Background()
	svc, err := captcha.New(&captcha.Config{Store: failingStore{}, WorkMax: 100})
	require.NoError(t, err)
	c, err := svc.NewWork(ctx)
	require.NoError(t, err, "issuing needs no store")
	ok, err := svc.VerifyWork(ctx, solve(t, c))
	assert.ErrorIs(t, err, errDown, "a store failure is an error")
	assert.False(t, ok)

	svc, err = captcha.New(&captcha.Config{Rand: &failingReader{n: 0}, Key: make([]byte, 32)})
	require.NoError(t, err)
	_, err = svc.NewWork(ctx)
	assert.ErrorContains(t, err, "captcha: reading randomness")

	var zero *captcha.Service
	_, err = zero.NewWork(ctx)
	assert.ErrorIs(t, err, captcha.ErrZeroService)
	_, err = zero.VerifyWork(ctx, "")
	assert.ErrorIs(t, err, captcha.ErrZeroService)

	_, err = captcha.SolveWork(ctx, captcha.WorkChallenge{Algorithm: "SHA-1", Challenge: c.Challenge, MaxNumber: 100, Salt: c.Salt})
	assert.ErrorIs(t, err, captcha.ErrUnsolved)
	_, err = captcha.SolveWork(ctx, captcha.WorkChallenge{Algorithm: captcha.WorkAlgorithm, Challenge: strings.Repeat("0", 64), MaxNumber: 100, Salt: c.Salt})
	assert.ErrorIs(t, err, captcha.ErrUnsolved)
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	_, err = captcha.SolveWork(cancelled, c)
	assert.ErrorIs(t, err, context.Canceled)
}

// TestWorkConcurrent verifies one payload from several goroutines, many
// times over: exactly one wins each. Run with -race.
func TestWorkConcurrent(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{WorkMax: 200})
	const challenges, racers = 30, 4
	payloads := make([]string, challenges)
	for i := range payloads {
		c, err := e.svc.NewWork(ctx)
		require.NoError(t, err)
		payloads[i] = solve(t, c)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for _, p := range payloads {
		for range racers {
			wg.Go(func() {
				ok, err := e.svc.VerifyWork(ctx, p)
				assert.NoError(t, err)
				if ok {
					wins.Add(1)
				}
			})
		}
	}
	wg.Wait()
	assert.Equal(t, int32(challenges), wins.Load())
}

func TestWorkHandler(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{WorkMax: 3000})
	h := e.svc.Handler()
	rec := serve(h, "GET", "/work")
	require.Equal(t, http.StatusOK, rec.Code)
	assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
	assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
	var c captcha.WorkChallenge
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &c))
	var fields map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &fields))
	assert.ElementsMatch(t, []string{"algorithm", "challenge", "maxnumber", "salt", "signature"}, keys(fields), "the fields the widget reads")
	ok, err := e.svc.VerifyWork(ctx, solve(t, c))
	require.NoError(t, err)
	assert.True(t, ok, "the challenge served verifies")

	head := serve(h, "HEAD", "/work")
	assert.Equal(t, http.StatusOK, head.Code)
	assert.Zero(t, head.Body.Len())
	assert.Equal(t, http.StatusMethodNotAllowed, serve(h, "POST", "/work").Code)
	assert.Equal(t, http.StatusNotFound, serve(h, "GET", "/work.json").Code)
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestGate checks what each setting of a Gate accepts, and that a proof
// it refuses spends nothing.
func TestGate(t *testing.T) {
	ctx := context.Background()
	for _, tt := range []struct {
		accept      captcha.Proof
		image, work bool
	}{
		{0, true, false},
		{captcha.ProofImage, true, false},
		{captcha.ProofWork, false, true},
		{captcha.ProofEither, true, true},
	} {
		t.Run(tt.accept.String(), func(t *testing.T) {
			e := newEnv(t, captcha.Config{WorkMax: 500})
			gate := captcha.Gate{Service: e.svc, Accept: tt.accept}
			id, digits := e.issue(t)
			c, err := e.svc.NewWork(ctx)
			require.NoError(t, err)
			payload := solve(t, c)

			ok, err := gate.Verify(ctx, id, gate.Answer(digits, ""))
			require.NoError(t, err)
			assert.Equal(t, tt.image, ok, "the digits alone")
			_, unspent := e.store.Answer(id)
			assert.Equal(t, !tt.image, unspent, "a refused kind of proof spends nothing")

			ok, err = gate.Verify(ctx, "", payload)
			require.NoError(t, err)
			assert.Equal(t, tt.work, ok, "the payload as the answer")

			id, digits = e.issue(t)
			c, err = e.svc.NewWork(ctx)
			require.NoError(t, err)
			answer := gate.Answer(digits, solve(t, c))
			ok, err = gate.Verify(ctx, id, answer)
			require.NoError(t, err)
			assert.True(t, ok, "both sent: the one the gate takes")

			if tt.accept == captcha.ProofWork {
				assert.Empty(t, gate.Answer(digits, ""), "no payload is no answer")
			}
		})
	}
}

func TestParseProof(t *testing.T) {
	for _, p := range []captcha.Proof{captcha.ProofImage, captcha.ProofWork, captcha.ProofEither} {
		got, err := captcha.ParseProof(p.String())
		require.NoError(t, err)
		assert.Equal(t, p, got)
	}
	_, err := captcha.ParseProof("both")
	assert.ErrorContains(t, err, "captcha: proof")
	assert.Equal(t, "Proof(9)", captcha.Proof(9).String())
}
