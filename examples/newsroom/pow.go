package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/netip"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"golang.org/x/text/language"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/limit"
	"github.com/binhluan/binhluan/captcha/redisstore"
)

// The proof of work's widget and the limits per sender, as the demo wires
// them: the widget is ALTCHA's (npm altcha, version 2), whose files the
// demo serves itself from a folder given at start; without it the form
// has the image captcha alone.

// altchaEnv names the folder of the widget's files when -altcha does not.
const altchaEnv = "BINHLUAN_ALTCHA_DIR"

// altchaVersion is the widget's version the demo is tested with: the last
// of version 2, which speaks the protocol of package captcha (version 3
// changed the proof of work).
const altchaVersion = "2.3.0"

// altchaCacheDir is where .ci/run installs the widget, under the user's
// cache folder: the package's build without bundled worker, whose files
// are served from the demo's own origin so the page's Content-Security-
// Policy holds.
func altchaCacheDir() string {
	cache, err := os.UserCacheDir()
	if err != nil {
		return ""
	}
	return filepath.Join(cache, "binhluan", "altcha-"+altchaVersion, "node_modules", "altcha", "dist_external")
}

// defaultAltchaDir is the widget's folder when -altcha is not given: the
// environment's, or the cache's when the widget is installed there, or ""
// for none.
func defaultAltchaDir(getenv func(string) string) string {
	if dir := getenv(altchaEnv); dir != "" {
		return dir
	}
	if dir := altchaCacheDir(); dir != "" {
		if _, err := os.Stat(filepath.Join(dir, "altcha.umd.cjs")); err == nil {
			return dir
		}
	}
	return ""
}

// widgetFiles are the widget's files the demo serves under /altcha/: the
// name in the URL, the file in the package, its type.
var widgetFiles = []struct{ url, file, typ string }{
	{"altcha.js", "altcha.umd.cjs", "text/javascript; charset=utf-8"},
	{"worker.js", "worker.js", "text/javascript; charset=utf-8"},
	{"altcha.css", "altcha.css", "text/css; charset=utf-8"},
}

// maxWidgetFile bounds what loadWidget reads of one file; the largest is
// about 60 KB.
const maxWidgetFile = 1 << 20

// widgetFile is one of the widget's files, read at start.
type widgetFile struct {
	typ  string
	body []byte
}

// loadWidget reads the widget's files from dir.
func loadWidget(dir string) (map[string]widgetFile, error) {
	fsys := os.DirFS(dir)
	files := make(map[string]widgetFile, len(widgetFiles))
	for _, f := range widgetFiles {
		body, err := readBounded(fsys, f.file)
		if err != nil {
			return nil, fmt.Errorf("newsroom: the proof of work's widget in %s: %w", dir, err)
		}
		files[f.url] = widgetFile{typ: f.typ, body: body}
	}
	return files, nil
}

func readBounded(fsys fs.FS, name string) ([]byte, error) {
	f, err := fsys.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	body, err := io.ReadAll(io.LimitReader(f, maxWidgetFile+1))
	if err != nil {
		return nil, err
	}
	if len(body) > maxWidgetFile {
		return nil, fmt.Errorf("%s is over %d bytes", name, maxWidgetFile)
	}
	return body, nil
}

// serveWidget serves one of the widget's files.
func (s *site) serveWidget(w http.ResponseWriter, r *http.Request) {
	f, ok := s.widget[r.PathValue("file")]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", f.typ)
	h.Set("Cache-Control", "public, max-age=86400")
	h.Set("Content-Length", strconv.Itoa(len(f.body)))
	_, _ = w.Write(f.body)
}

// widgetStrings are the widget's texts for its strings attribute, in
// Vietnamese and in English, as the reader's language picks the form's
// messages.
var widgetStrings = map[string]string{
	"vi": widgetJSON(map[string]string{
		"ariaLinkLabel":        "ALTCHA",
		"error":                "Không xác minh được. Vui lòng nhập mã xác nhận.",
		"expired":              "Hết hạn xác minh, vui lòng bấm lại.",
		"footer":               "",
		"label":                "Tôi không phải người máy",
		"verificationRequired": "Vui lòng xác minh trước khi gửi.",
		"verified":             "Đã xác minh, không cần nhập mã",
		"verifying":            "Đang xác minh…",
		"waitAlert":            "Đang xác minh… vui lòng chờ.",
	}),
	"en": widgetJSON(map[string]string{
		"ariaLinkLabel":        "ALTCHA",
		"error":                "Verification failed. Please type the code instead.",
		"expired":              "The verification expired; please click again.",
		"footer":               "",
		"label":                "I am not a robot",
		"verificationRequired": "Please verify before you send.",
		"verified":             "Verified, no code needed",
		"verifying":            "Verifying…",
		"waitAlert":            "Verifying… please wait.",
	}),
}

// widgetJSON is the strings attribute of the widget's texts.
func widgetJSON(texts map[string]string) string {
	b, _ := json.Marshal(texts) // a map of strings always marshals
	return string(b)
}

// widgetTexts returns the widget's texts in the language tag and, when
// that is not Vietnamese, its lang attribute (see otherLang).
func widgetTexts(tag language.Tag) (texts, lang string) {
	code := tag.String()
	if _, ok := widgetStrings[code]; !ok {
		code = "vi"
	}
	return widgetStrings[code], otherLang(language.Make(code))
}

// siteLimits are the rates of the limits per sender: of taking captcha
// challenges (article pages, images and audio, proofs of work) and of
// posting. Each is per address and per /24 or /64.
type siteLimits struct {
	Issue, Post limit.Config
}

// defaultLimits are the demo's rates. A reader's page view takes three
// challenges (the page, its image, its proof of work): 60 at once and
// one a second after is far more than anyone reads; posting, 5 at once
// and one every 20 seconds.
func defaultLimits() *siteLimits {
	return &siteLimits{
		Issue: limit.Config{PerAddr: limit.Rate{Burst: 60, Every: time.Second}, PerPrefix: limit.Rate{Burst: 600, Every: 100 * time.Millisecond}},
		Post:  limit.Config{PerAddr: limit.Rate{Burst: 5, Every: 20 * time.Second}, PerPrefix: limit.Rate{Burst: 50, Every: 2 * time.Second}},
	}
}

// Key prefixes of the limits on Redis.
const (
	issueLimitPrefix = "binhluan:limit:new:"
	postLimitPrefix  = "binhluan:limit:post:"
)

// openLimits makes the site's limiters: in memory, or on Redis to be
// shared by every server.
func (s *site) openLimits() error {
	l := s.cfg.Limits
	if l == nil {
		return nil
	}
	var err error
	open := func(cfg limit.Config, prefix string) limit.Limiter {
		if err != nil {
			return nil
		}
		cfg.Now = s.cfg.Now
		if s.cfg.Redis != nil {
			var r *redisstore.Limiter
			r, err = redisstore.NewLimiter(s.cfg.Redis, &redisstore.LimiterOptions{Prefix: prefix, PerAddr: cfg.PerAddr, PerPrefix: cfg.PerPrefix, Now: cfg.Now})
			return r
		}
		var m *limit.Memory
		m, err = limit.New(&cfg)
		return m
	}
	s.issueLimit = open(l.Issue, issueLimitPrefix)
	s.postLimit = open(l.Post, postLimitPrefix)
	if err != nil {
		return fmt.Errorf("newsroom: limits: %w", err)
	}
	return nil
}

// allowed takes a token for r's client from l, when the site has limits,
// and answers 429 with Retry-After when there is none; a client whose
// address cannot be read (an odd X-Forwarded-For from a trusted proxy) is
// answered 400. A limiter that fails lets the request through: a limit is
// one layer among others, and a Redis outage must not close the site.
func (s *site) allowed(w http.ResponseWriter, r *http.Request, l limit.Limiter) bool {
	if l == nil {
		return true
	}
	addr, err := limit.ClientAddr(r, s.cfg.TrustedProxies)
	if err != nil {
		http.Error(w, "Không đọc được địa chỉ của bạn", http.StatusBadRequest)
		return false
	}
	d, err := l.Allow(r.Context(), addr)
	if err != nil {
		log.Printf("newsroom: limiting %s: %v", addr, err)
		return true
	}
	if !d.Allowed {
		limit.SetRetryAfter(w.Header(), d.RetryAfter)
		w.Header().Set("Cache-Control", "no-store")
		http.Error(w, "Bạn thao tác quá nhanh, vui lòng thử lại sau ít phút", http.StatusTooManyRequests)
		return false
	}
	return true
}

// limited wraps h with the limit of taking challenges.
func (s *site) limited(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.allowed(w, r, s.issueLimit) {
			h.ServeHTTP(w, r)
		}
	})
}

// openGate sets what the form takes as its captcha: cfg.Proof (either, by
// default) when the widget is there, the image alone without it.
func (s *site) openGate() error {
	proof := s.cfg.Proof
	if proof == 0 {
		proof = captcha.ProofEither
	}
	if s.cfg.AltchaDir != "" {
		var err error
		if s.widget, err = loadWidget(s.cfg.AltchaDir); err != nil {
			return err
		}
	} else if proof&captcha.ProofWork != 0 {
		if proof == captcha.ProofWork {
			return errors.New("newsroom: -proof work needs the widget: give -altcha DIR")
		}
		proof = captcha.ProofImage
	}
	s.gate = captcha.Gate{Service: s.captchas, Accept: proof}
	return nil
}

// parseTrusted reads -trusted-proxy: prefixes or addresses, comma
// separated.
func parseTrusted(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, v := range list {
		if v == "" {
			continue
		}
		if p, err := netip.ParsePrefix(v); err == nil {
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(v)
		if err != nil {
			return nil, fmt.Errorf("newsroom: -trusted-proxy %q: not an address or prefix", v)
		}
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}
