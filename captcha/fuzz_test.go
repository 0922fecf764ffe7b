package captcha_test

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"unicode"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
)

// FuzzVerify answers a challenge with arbitrary text: no panic, the
// answer is accepted exactly when it is the digits give or take white
// space and full width, and the challenge is used up either way.
func FuzzVerify(f *testing.F) {
	ctx := context.Background()
	// The same randomness makes the same challenge in every run, so the
	// seeds below can hold the right answer.
	newService := func() (*captcha.Service, *captchatest.Store, string, string) {
		store := captchatest.NewStore(nil)
		svc, err := captcha.New(&captcha.Config{Store: store, Rand: captchatest.Rand(7)})
		if err != nil {
			f.Fatal(err)
		}
		id, err := svc.New(ctx)
		if err != nil {
			f.Fatal(err)
		}
		digits, _ := store.Answer(id)
		return svc, store, id, digits
	}
	_, _, _, digits := newService()
	full := strings.Map(func(r rune) rune { return r - '0' + '０' }, digits)
	for _, seed := range []string{
		digits, " " + digits + " ", digits[:3] + "\u3000" + digits[3:], full, digits[:5],
		digits + "0", "", "abc", "\xff\xfe", strings.Repeat(" ", 200) + digits, "一二三四五六",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, answer string) {
		svc, store, id, digits := newService()
		ok, err := svc.Verify(ctx, id, answer)
		if err != nil {
			t.Fatalf("Verify(%q): %v", answer, err)
		}
		if want := referenceAnswer(answer) == digits; ok != want {
			t.Fatalf("Verify(%q) = %v, want %v for %q", answer, ok, want, digits)
		}
		if _, held := store.Answer(id); held {
			t.Fatalf("Verify(%q) left the challenge unspent", answer)
		}
		if ok, _ := svc.Verify(ctx, id, digits); ok {
			t.Fatalf("a second Verify after %q succeeded", answer)
		}
	})
}

// referenceAnswer is what Verify compares, written the slow way: answers
// over 128 bytes are refused, white space is dropped, full-width digits
// become ASCII, and anything else stays (so it can never match).
func referenceAnswer(answer string) string {
	if len(answer) > 128 {
		return "refused"
	}
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case '０' <= r && r <= '９':
			return '0' + r - '０'
		}
		return r
	}, answer)
}

// FuzzHandler sends arbitrary paths and queries to the handler: no panic,
// a known status, never cacheable.
func FuzzHandler(f *testing.F) {
	store := captchatest.NewStore(nil)
	svc, err := captcha.New(&captcha.Config{Store: store, Rand: captchatest.Rand(8), MaxReloads: 1})
	if err != nil {
		f.Fatal(err)
	}
	id, err := svc.New(context.Background())
	if err != nil {
		f.Fatal(err)
	}
	h := svc.Handler()
	f.Add("GET", "/"+id+".png", "")
	f.Add("GET", "/"+id+".wav", "lang=en")
	f.Add("GET", "/"+id+".png", "reload=1")
	f.Add("HEAD", "/"+id+".wav", "reload=1&lang=vi")
	f.Add("POST", "/"+id+".png", "")
	f.Add("GET", "/../"+id+".png", "%zz")
	f.Add("GET", "/"+strings.Repeat("A", captcha.IDLength)+".png", "lang=%00")
	f.Add("GET", "", ";;;")
	known := map[int]bool{200: true, 303: true, 400: true, 404: true, 405: true, 429: true}
	f.Fuzz(func(t *testing.T, method, path, query string) {
		if method == "" || strings.ContainsFunc(method, func(r rune) bool { return r <= ' ' || r >= 0x7f }) {
			method = "GET"
		}
		r := httptest.NewRequest("GET", "/", nil)
		r.Method = method
		r.URL = &url.URL{Path: path, RawQuery: query}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		if !known[rec.Code] {
			t.Fatalf("%s %q ? %q: status %d", method, path, query, rec.Code)
		}
		if got := rec.Header().Get("Cache-Control"); got != "no-store" {
			t.Fatalf("%s %q ? %q: Cache-Control %q", method, path, query, got)
		}
		if rec.Code == 200 && rec.Header().Get("Content-Type") == "image/png" && method == http.MethodGet {
			if _, err := png.Decode(bytes.NewReader(rec.Body.Bytes())); err != nil {
				t.Fatalf("%q: the PNG does not decode: %v", path, err)
			}
		}
	})
}

// FuzzImage draws challenges of arbitrary lengths and randomness at
// arbitrary sizes: no panic, and a PNG of the asked size.
func FuzzImage(f *testing.F) {
	f.Add(uint64(1), 6, 240, 80)
	f.Add(uint64(0), 1, 60, 24)
	f.Add(uint64(1<<63), 10, 1200, 24)
	f.Add(uint64(42), 3, 60, 400)
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, seed uint64, length, width, height int) {
		length = 1 + abs(length)%captcha.MaxLength
		width, height = 60+abs(width)%(1200-60+1), 24+abs(height)%(400-24+1)
		if width*height > 240*80*4 {
			width = 240 * 80 * 4 / height // keep each run quick
			width = max(width, 60)
		}
		svc, err := captcha.New(&captcha.Config{Length: length, Width: width, Height: height, Rand: captchatest.Rand(seed)})
		if err != nil {
			t.Fatalf("%d×%d: %v", width, height, err)
		}
		id, err := svc.New(ctx)
		if err != nil {
			t.Fatal(err)
		}
		var b bytes.Buffer
		if err := svc.WriteImage(ctx, &b, id); err != nil {
			t.Fatal(err)
		}
		img, err := png.Decode(&b)
		if err != nil {
			t.Fatal(err)
		}
		if got := img.Bounds().Size(); got.X != width || got.Y != height {
			t.Fatalf("asked for %d×%d, got %v", width, height, got)
		}
		if err := svc.WriteAudio(ctx, &b, id, captcha.English); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzID hands the service arbitrary ids, and ids one edit away from a
// issued one: no panic, ErrNotFound from every method for all but the issued
// id, and nothing stored for any of them.
func FuzzID(f *testing.F) {
	ctx := context.Background()
	clock := captchatest.NewClock(t0)
	store := captchatest.NewStore(clock)
	key := bytes.Repeat([]byte{9}, 32)
	svc, err := captcha.New(&captcha.Config{Store: store, Key: key, Now: clock.Now, Rand: captchatest.Rand(11)})
	if err != nil {
		f.Fatal(err)
	}
	issued, err := svc.New(ctx)
	if err != nil {
		f.Fatal(err)
	}
	answer, _ := store.Answer(issued)
	f.Add(issued)
	f.Add(issued[:len(issued)-1])
	f.Add(issued + "A")
	f.Add(strings.Repeat("A", captcha.IDLength))
	f.Add(strings.Repeat("_", captcha.IDLength))
	f.Add(issued[:len(issued)-1] + "B")
	f.Add("")
	f.Add("\xff" + issued[4:])
	f.Fuzz(func(t *testing.T, id string) {
		if id == issued {
			if err := svc.WriteImage(ctx, io.Discard, id); err != nil {
				t.Fatalf("the issued id: %v", err)
			}
			return
		}
		if err := svc.WriteImage(ctx, io.Discard, id); !errors.Is(err, captcha.ErrNotFound) {
			t.Fatalf("WriteImage(%q) = %v, want ErrNotFound", id, err)
		}
		if _, err := svc.Reload(ctx, id); !errors.Is(err, captcha.ErrNotFound) {
			t.Fatalf("Reload(%q) = %v, want ErrNotFound", id, err)
		}
		if ok, err := svc.Verify(ctx, id, answer); ok || err != nil {
			t.Fatalf("Verify(%q) = %v, %v", id, ok, err)
		}
		if store.Len() != 0 {
			t.Fatalf("Verify(%q) stored something", id)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		return -(n + 1) // -(MinInt) overflows
	}
	return n
}

// FuzzVerifyWork hands the service arbitrary payloads, base64-wrapped JSON
// or raw text: no panic, no error, and only a solution of the one
// challenge issued is accepted, once.
func FuzzVerifyWork(f *testing.F) {
	ctx := context.Background()
	clock := captchatest.NewClock(t0)
	key := bytes.Repeat([]byte{5}, 32)
	newService := func() *captcha.Service {
		svc, err := captcha.New(&captcha.Config{Key: key, Now: clock.Now, Rand: captchatest.Rand(12), WorkMax: 300})
		if err != nil {
			f.Fatal(err)
		}
		return svc
	}
	c, err := newService().NewWork(ctx)
	if err != nil {
		f.Fatal(err)
	}
	good, err := captcha.SolveWork(ctx, c)
	if err != nil {
		f.Fatal(err)
	}
	raw, _ := base64.StdEncoding.DecodeString(good)
	f.Add(raw, true)
	f.Add([]byte(good), false)
	f.Add([]byte(strings.Replace(string(raw), `"number":`, `"number":0`, 1)), true)
	f.Add([]byte(strings.Replace(string(raw), `expires=`, `expires=1`, 1)), true)
	f.Add([]byte(`{"algorithm":"SHA-256","number":1e3}`), true)
	f.Add([]byte(`{"number":99999999999999999999999}`), true)
	f.Add([]byte("\xff\x00"), false)
	f.Add([]byte(""), true)
	f.Fuzz(func(t *testing.T, data []byte, wrap bool) {
		payload := string(data)
		if wrap {
			payload = base64.StdEncoding.EncodeToString(data)
		}
		svc := newService()
		ok, err := svc.VerifyWork(ctx, payload)
		if err != nil {
			t.Fatalf("VerifyWork(%q): %v", payload, err)
		}
		if !ok {
			return
		}
		var sol struct{ Challenge, Signature string }
		raw, _ := base64.StdEncoding.DecodeString(payload)
		if json.Unmarshal(raw, &sol) != nil || sol.Challenge != c.Challenge || sol.Signature != c.Signature {
			t.Fatalf("VerifyWork accepted %q, not a solution of the challenge issued", payload)
		}
		if ok, _ := svc.VerifyWork(ctx, payload); ok {
			t.Fatalf("VerifyWork accepted %q twice", payload)
		}
	})
}
