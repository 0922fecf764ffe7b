package notify_test

import (
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/binhluan/binhluan/comment/notify"
)

func TestVerify(t *testing.T) {
	body := []byte(`{"kind":"report","comment_id":"c-1","report":{"note":"Lời lẽ xúc phạm"}}`)
	now := time.Unix(1_741_919_400, 0)
	ts := strconv.FormatInt(now.Unix(), 10)
	sig := notify.Sign(secret, ts, body)
	old := strconv.FormatInt(now.Add(-6*time.Minute).Unix(), 10)
	ahead := strconv.FormatInt(now.Add(6*time.Minute).Unix(), 10)
	tests := []struct {
		name      string
		secret    []byte
		ts, sig   string
		body      []byte
		maxAge    time.Duration
		want      error // nil, ErrSignature or ErrExpired
		wantPlain bool  // a plain error (a short secret)
	}{
		{name: "good", secret: secret, ts: ts, sig: sig, body: body},
		{name: "upper-case hex", secret: secret, ts: ts, sig: "sha256=" + strings.ToUpper(sig[7:]), body: body},
		{name: "edge of the age", secret: secret, ts: strconv.FormatInt(now.Add(-5*time.Minute).Unix(), 10),
			sig: notify.Sign(secret, strconv.FormatInt(now.Add(-5*time.Minute).Unix(), 10), body), body: body},
		{name: "wrong secret", secret: []byte("một khóa khác hẳn, đủ dài"), ts: ts, sig: sig, body: body, want: notify.ErrSignature},
		{name: "body changed", secret: secret, ts: ts, sig: sig, body: append([]byte(" "), body...), want: notify.ErrSignature},
		{name: "timestamp changed", secret: secret, ts: strconv.FormatInt(now.Unix()-1, 10), sig: sig, body: body, want: notify.ErrSignature},
		{name: "old", secret: secret, ts: old, sig: notify.Sign(secret, old, body), body: body, want: notify.ErrExpired},
		{name: "ahead", secret: secret, ts: ahead, sig: notify.Sign(secret, ahead, body), body: body, want: notify.ErrExpired},
		{name: "old within a longer age", secret: secret, ts: old, sig: notify.Sign(secret, old, body), body: body, maxAge: 10 * time.Minute},
		{name: "signed sign", secret: secret, ts: "+" + ts, sig: notify.Sign(secret, "+"+ts, body), body: body, want: notify.ErrSignature},
		{name: "spaced", secret: secret, ts: " " + ts, sig: notify.Sign(secret, " "+ts, body), body: body, want: notify.ErrSignature},
		{name: "no timestamp", secret: secret, ts: "", sig: sig, body: body, want: notify.ErrSignature},
		{name: "huge timestamp", secret: secret, ts: strings.Repeat("9", 30), sig: sig, body: body, want: notify.ErrSignature},
		{name: "no signature", secret: secret, ts: ts, sig: "", body: body, want: notify.ErrSignature},
		{name: "other scheme", secret: secret, ts: ts, sig: "sha1=" + sig[7:], body: body, want: notify.ErrSignature},
		{name: "short", secret: secret, ts: ts, sig: sig[:len(sig)-2], body: body, want: notify.ErrSignature},
		{name: "not hex", secret: secret, ts: ts, sig: sig[:len(sig)-1] + "g", body: body, want: notify.ErrSignature},
		{name: "short secret", secret: secret[:15], ts: ts, sig: sig, body: body, wantPlain: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := notify.Verify(tt.secret, tt.ts, tt.sig, tt.body, now, tt.maxAge)
			switch {
			case tt.wantPlain:
				if err == nil || errors.Is(err, notify.ErrSignature) || errors.Is(err, notify.ErrExpired) {
					t.Errorf("Verify: %v, want the secret refused", err)
				}
			case tt.want == nil && err != nil:
				t.Errorf("Verify: %v, want nil", err)
			case tt.want != nil && !errors.Is(err, tt.want):
				t.Errorf("Verify: %v, want %v", err, tt.want)
			}
		})
	}
}

func FuzzVerify(f *testing.F) {
	now := int64(1_741_919_400)
	ts := strconv.FormatInt(now, 10)
	body := []byte(`{"kind":"takedown_due","comment_id":"c-9","left_seconds":3600}`)
	f.Add(ts, notify.Sign(secret, ts, body), body, now, int64(time.Minute))
	f.Add(ts, "sha256=", body, now, int64(0))
	f.Add("", "", []byte(nil), int64(0), int64(-1))
	f.Add("999999999999999", notify.Sign(secret, "999999999999999", nil), []byte(nil), int64(-1<<63), int64(1<<63-1))
	f.Add("0", notify.Sign(secret, "0", body), body, int64(1<<63-1), int64(time.Hour))
	f.Fuzz(func(t *testing.T, ts, sig string, body []byte, nowUnix, maxAge int64) {
		now := time.Unix(nowUnix, 0)
		err := notify.Verify(secret, ts, sig, body, now, time.Duration(maxAge))
		if err == nil && !strings.EqualFold(sig, notify.Sign(secret, ts, body)) {
			t.Fatalf("Verify took %q for %q and %q, not its signature", sig, ts, body)
		}
		if err != nil && !errors.Is(err, notify.ErrSignature) && !errors.Is(err, notify.ErrExpired) {
			t.Fatalf("Verify: %v, want ErrSignature or ErrExpired", err)
		}
		// Its own signature, made now, passes whenever the timestamp reads.
		if sec, perr := strconv.ParseUint(ts, 10, 63); perr == nil && len(ts) <= 15 {
			if err := notify.Verify(secret, ts, notify.Sign(secret, ts, body), body, time.Unix(int64(sec), 0), 0); err != nil {
				t.Fatalf("Verify of a fresh signature for %q: %v", ts, err)
			}
		}
	})
}
