package captcha_test

import (
	"bytes"
	"context"
	"image/png"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
)

func serve(h http.Handler, method, target string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	return rec
}

func TestHandler(t *testing.T) {
	ctx := context.Background()
	e := newEnv(t, captcha.Config{MaxReloads: 2})
	h := e.svc.Handler()
	expired, _ := e.issue(t)
	e.clock.Advance(captcha.DefaultExpiry - 1)
	id2, _ := e.issue(t)
	e.clock.Advance(1)
	id, digits := e.issue(t)

	tests := []struct {
		name, method, target string
		status               int
		contentType          string
	}{
		{"image", "GET", "/" + id2 + ".png", 200, "image/png"},
		{"image head", "HEAD", "/" + id2 + ".png", 200, "image/png"},
		{"audio", "GET", "/" + id2 + ".wav", 200, "audio/wav"},
		{"audio in Vietnamese", "GET", "/" + id2 + ".wav?lang=vi", 200, "audio/wav"},
		{"audio in English", "GET", "/" + id2 + ".wav?lang=en", 200, "audio/wav"},
		{"audio in French", "GET", "/" + id2 + ".wav?lang=fr", 400, "text/plain; charset=utf-8"},
		{"unknown query ignored", "GET", "/" + id2 + ".png?v=3", 200, "image/png"},
		{"post", "POST", "/" + id2 + ".png", 405, "text/plain; charset=utf-8"},
		{"delete", "DELETE", "/" + id2 + ".png", 405, "text/plain; charset=utf-8"},
		{"expired", "GET", "/" + expired + ".png", 404, "text/plain; charset=utf-8"},
		{"expired audio", "GET", "/" + expired + ".wav", 404, "text/plain; charset=utf-8"},
		{"expired reload", "GET", "/" + expired + ".png?reload=1", 404, "text/plain; charset=utf-8"},
		{"unknown id", "GET", "/" + strings.Repeat("A", captcha.IDLength) + ".png", 404, "text/plain; charset=utf-8"},
		{"malformed id", "GET", "/abc.png", 404, "text/plain; charset=utf-8"},
		{"lower case id", "GET", "/" + strings.ToLower(id2) + ".png", 404, "text/plain; charset=utf-8"},
		{"other extension", "GET", "/" + id2 + ".gif", 404, "text/plain; charset=utf-8"},
		{"double extension", "GET", "/" + id2 + ".png.png", 404, "text/plain; charset=utf-8"},
		{"no extension", "GET", "/" + id2, 404, "text/plain; charset=utf-8"},
		{"sub-path", "GET", "/x/" + id2 + ".png", 404, "text/plain; charset=utf-8"},
		{"root", "GET", "/", 404, "text/plain; charset=utf-8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := serve(h, tt.method, tt.target)
			assert.Equal(t, tt.status, rec.Code, "%s %s: %s", tt.method, tt.target, rec.Body)
			assert.Equal(t, "no-store", rec.Header().Get("Cache-Control"))
			assert.Equal(t, "nosniff", rec.Header().Get("X-Content-Type-Options"))
			assert.Equal(t, tt.contentType, rec.Header().Get("Content-Type"))
			if tt.status == 405 {
				assert.Equal(t, "GET, HEAD", rec.Header().Get("Allow"))
			}
			if tt.status == 200 {
				assert.NotEmpty(t, rec.Header().Get("Content-Length"))
				if tt.method == "HEAD" {
					assert.Zero(t, rec.Body.Len(), "no body for HEAD")
				} else {
					assert.Equal(t, rec.Header().Get("Content-Length"), itoa(rec.Body.Len()))
				}
			} else {
				assert.True(t, strings.HasPrefix(rec.Body.String(), "captcha: "), "error text %q", rec.Body)
			}
		})
	}

	t.Run("the image is the service's", func(t *testing.T) {
		rec := serve(h, "GET", "/"+id+".png")
		require.Equal(t, 200, rec.Code)
		var want bytes.Buffer
		require.NoError(t, e.svc.WriteImage(ctx, &want, id))
		assert.Equal(t, want.Bytes(), rec.Body.Bytes())
		_, err := png.Decode(rec.Body)
		assert.NoError(t, err)
	})

	t.Run("the same image until reloaded", func(t *testing.T) {
		a := serve(h, "GET", "/"+id+".png")
		b := serve(h, "GET", "/"+id+".png")
		assert.Equal(t, a.Body.Bytes(), b.Body.Bytes())
		head := serve(h, "HEAD", "/"+id+".png?reload=1")
		assert.Equal(t, 200, head.Code, "HEAD does not reload")

		r1 := serve(h, "GET", "/"+id+".png?reload=1")
		require.Equal(t, http.StatusSeeOther, r1.Code)
		next, ok := strings.CutSuffix(r1.Header().Get("Location"), ".png")
		require.True(t, ok, "Location %q", r1.Header().Get("Location"))
		require.True(t, captcha.ValidID(next), "Location %q names an id", next)
		assert.NotEqual(t, id, next, "a new challenge")
		now, ok := e.store.Answer(next)
		require.True(t, ok)
		assert.NotEqual(t, digits, now, "with new digits")
		img := serve(h, "GET", "/"+next+".png")
		assert.NotEqual(t, a.Body.Bytes(), img.Body.Bytes(), "and a new image")

		r2 := serve(h, "GET", "/"+next+".wav?reload=1&lang=en")
		require.Equal(t, http.StatusSeeOther, r2.Code, "the second reload, through the audio")
		last, ok := strings.CutSuffix(r2.Header().Get("Location"), ".wav?lang=en")
		require.True(t, ok, "Location %q keeps the language", r2.Header().Get("Location"))

		r3 := serve(h, "GET", "/"+last+".png?reload=1")
		assert.Equal(t, http.StatusTooManyRequests, r3.Code, "the third reload is over the limit")
		assert.Equal(t, "captcha: reload limit reached\n", r3.Body.String())
		answer, ok := e.store.Answer(last)
		require.True(t, ok, "the last challenge is still valid")
		ok, err := e.svc.Verify(ctx, last, answer)
		require.NoError(t, err)
		assert.True(t, ok)
		assert.Equal(t, http.StatusTooManyRequests, serve(h, "GET", "/"+last+".png?reload=1").Code, "spent, it still refuses reloads past the limit")
	})

	t.Run("nothing tells the answer", func(t *testing.T) {
		id, digits := e.issue(t)
		for _, target := range []string{"/" + id + ".png", "/" + id + ".wav", "/" + id + ".wav?lang=en", "/" + id + ".wav?lang=xx"} {
			rec := serve(h, "GET", target)
			for k, vs := range rec.Header() {
				for _, v := range vs {
					assert.NotContains(t, v, digits, "header %s", k)
				}
			}
			if !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain") {
				continue
			}
			assert.NotContains(t, rec.Body.String(), digits)
		}
	})

	t.Run("mounted under a prefix", func(t *testing.T) {
		id, _ := e.issue(t)
		mux := http.NewServeMux()
		mux.Handle("/captcha/", http.StripPrefix("/captcha", e.svc.Handler()))
		assert.Equal(t, 200, serve(mux, "GET", "/captcha/"+id+".png").Code)
		assert.Equal(t, 404, serve(mux, "GET", "/captcha/"+id+".jpg").Code)
	})

	t.Run("the handler stores nothing", func(t *testing.T) {
		before := e.store.Len()
		id, _ := e.issue(t)
		for range 3 {
			serve(h, "GET", "/"+id+".png")
			serve(h, "GET", "/"+id+".wav")
			serve(h, "GET", "/"+id+".png?reload=1")
		}
		assert.Equal(t, before, e.store.Len())
	})
}

func itoa(n int) string {
	var b []byte
	for {
		b = append([]byte{byte('0' + n%10)}, b...)
		n /= 10
		if n == 0 {
			return string(b)
		}
	}
}
