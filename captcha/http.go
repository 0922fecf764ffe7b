package captcha

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
)

// Handler returns an http.Handler that serves the challenges' images and
// audio under "/{id}.png" and "/{id}.wav". Mount it under a prefix with
// http.StripPrefix:
//
//	mux.Handle("/captcha/", http.StripPrefix("/captcha", svc.Handler()))
//
// and show <img src="/captcha/{id}.png">. The handler answers:
//
//   - GET or HEAD "/{id}.png": the PNG (image/png);
//   - GET or HEAD "/{id}.wav": the WAV (audio/wav), in Vietnamese, or in
//     English with "?lang=en";
//   - GET or HEAD "/work": a new proof-of-work challenge as JSON
//     ([Service.NewWork]), the challenge URL of ALTCHA's widget;
//   - "?reload=1" on a GET: 303 See Other to the image or audio of a new
//     challenge ([Service.Reload]), at a relative "{new id}.png" or
//     ".wav"; this is "Lấy lại mã bảo mật" for a page that swaps the
//     image in place: its script fetches the address, follows the
//     redirect and puts the new id, read from the final address, in the
//     form's hidden field;
//   - 404 Not Found for an id that does not open or has expired, a
//     malformed id or any other path: the page should ask for a new
//     challenge;
//   - 429 Too Many Requests when a reload passes the limit: the challenge
//     is still valid, with the image it had;
//   - 400 Bad Request for an unknown language, 405 Method Not Allowed
//     for other methods, 500 when the store fails.
//
// Every answer has "Cache-Control: no-store" and
// "X-Content-Type-Options: nosniff". Nothing in it tells the digits: no
// header, no error text, no length that depends on them other than the
// PNG's and WAV's own.
func (s *Service) Handler() http.Handler {
	return &handler{s: s}
}

type handler struct {
	s    *Service
	bufs sync.Pool // *bytes.Buffer
}

// maxPooledBuffer keeps one large audio file from holding its memory in
// the pool.
const maxPooledBuffer = 256 << 10

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	hdr := w.Header()
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		hdr.Set("Allow", "GET, HEAD")
		http.Error(w, "captcha: method not allowed", http.StatusMethodNotAllowed)
		return
	}
	if r.URL.Path == "/work" {
		h.serveWork(w, r)
		return
	}
	id, ext, ok := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), ".")
	if !ok || !ValidID(id) || ext != "png" && ext != "wav" {
		http.Error(w, "captcha: not found", http.StatusNotFound)
		return
	}
	q := r.URL.Query()
	ctx := r.Context()
	if q.Get("reload") == "1" && r.Method == http.MethodGet {
		next, err := h.s.Reload(ctx, id)
		if err != nil {
			h.fail(w, err)
			return
		}
		// Relative, so that it holds under any prefix the handler is
		// mounted at.
		loc := next + "." + ext
		if lang := q.Get("lang"); lang != "" && ext == "wav" {
			loc += "?lang=" + url.QueryEscape(lang)
		}
		hdr.Set("Location", loc)
		w.WriteHeader(http.StatusSeeOther)
		return
	}

	buf, _ := h.bufs.Get().(*bytes.Buffer)
	if buf == nil {
		buf = new(bytes.Buffer)
	}
	defer func() {
		if buf.Cap() <= maxPooledBuffer {
			buf.Reset()
			h.bufs.Put(buf)
		}
	}()
	var err error
	if ext == "png" {
		hdr.Set("Content-Type", "image/png")
		err = h.s.WriteImage(ctx, buf, id)
	} else {
		hdr.Set("Content-Type", "audio/wav")
		err = h.s.WriteAudio(ctx, buf, id, q.Get("lang"))
	}
	if err != nil {
		h.fail(w, err)
		return
	}
	hdr.Set("Content-Length", strconv.Itoa(buf.Len()))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(buf.Bytes())
	}
}

// serveWork answers a new proof-of-work challenge.
func (h *handler) serveWork(w http.ResponseWriter, r *http.Request) {
	c, err := h.s.NewWork(r.Context())
	if err != nil {
		h.fail(w, err)
		return
	}
	body, err := json.Marshal(c)
	if err != nil {
		h.fail(w, err)
		return
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

// fail writes the status and a short text for err; it never includes a
// store's own error text.
func (h *handler) fail(w http.ResponseWriter, err error) {
	w.Header().Del("Content-Type")
	switch {
	case errors.Is(err, ErrNotFound):
		http.Error(w, "captcha: not found", http.StatusNotFound)
	case errors.Is(err, ErrReloadLimit):
		http.Error(w, "captcha: reload limit reached", http.StatusTooManyRequests)
	case errors.Is(err, ErrLanguage):
		http.Error(w, "captcha: audio language not supported", http.StatusBadRequest)
	default:
		http.Error(w, "captcha: internal error", http.StatusInternalServerError)
	}
}
