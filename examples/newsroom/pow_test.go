package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha"
	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/captcha/limit"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/redistest"
	"github.com/binhluan/binhluan/internal/testenv"
)

// widgetDir finds ALTCHA's widget as the demo does, or skips the test
// (fails it under BINHLUAN_REQUIRE_SERVICES=1, where .ci/run installed it).
func widgetDir(t *testing.T) string {
	dir := defaultAltchaDir(os.Getenv)
	if dir == "" {
		testenv.Skip(t, "ALTCHA's widget not found in $%s nor %s: .ci/run installs it (npm install altcha@%s)", altchaEnv, altchaCacheDir(), altchaVersion)
	}
	return dir
}

// browserTab starts headless Chromium for t as a Vietnamese reader's
// browser and returns a tab's context, ended after timeout.
func browserTab(t *testing.T, chromium string, timeout time.Duration) context.Context {
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium), chromedp.NoSandbox,
		chromedp.Flag("disable-gpu", true), chromedp.Flag("disable-quic", true), chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-background-networking", true), chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true), chromedp.UserDataDir(t.TempDir()), chromedp.WindowSize(1000, 1800),
		chromedp.Flag("lang", "vi-VN"), chromedp.Flag("accept-lang", "vi-VN,vi"))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancelAlloc)
	ctx, cancelTab := chromedp.NewContext(actx)
	t.Cleanup(cancelTab)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	t.Cleanup(cancel)
	return ctx
}

// waitIn polls until expr is true in the page of ctx; a form post
// navigates, which interrupts an evaluation, so errors mean "not yet".
func waitIn(t *testing.T, ctx context.Context, expr string, within time.Duration) {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		ok, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.readyState === "complete" && (`+expr+`)`))
		if err == nil && ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: %v", expr, err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// workSolved is true in the page once the widget has put its payload in
// the form.
const workSolved = `(document.querySelector("input[name=altcha]") || {value: ""}).value.length > 0`

// widgetPayload is the part of the widget's payload the test reads.
type widgetPayload struct {
	Number int64 `json:"number"`
	Took   int64 `json:"took"`
}

func decodePayload(t *testing.T, payload string) widgetPayload {
	t.Helper()
	raw, err := base64.StdEncoding.DecodeString(payload)
	require.NoError(t, err, "the payload is base64")
	var p widgetPayload
	require.NoError(t, json.Unmarshal(raw, &p), "of JSON")
	return p
}

// TestBrowserWork posts a comment in headless Chromium with ALTCHA's real
// widget beside "Mã xác nhận": the reader types no digits, the widget
// solves the proof of work served by the demo, and the comment is taken;
// the challenge is spent in the captcha store.
func TestBrowserWork(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chromium := chromiumPath(t)
	dir := widgetDir(t)
	clock := captchatest.NewClock(time.Now())
	store := captchatest.NewStore(clock)
	s, err := newSite(siteConfig{CaptchaStore: store, Rand: captchatest.Rand(17), Now: clock.Now, AltchaDir: dir, Limits: defaultLimits()})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx := browserTab(t, chromium, 120*time.Second)

	seed := srv.URL + "/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song"
	_, err = chromedp.Run(ctx, chromedp.Navigate(seed))
	require.NoError(t, err)
	waitIn(t, ctx, `customElements.get("altcha-widget") !== undefined && document.querySelector("altcha-widget input[type=checkbox]") !== null`, 20*time.Second)
	img, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("captcha-img").naturalWidth === 240`))
	require.NoError(t, err)
	assert.True(t, img, "the image captcha is still there, for readers without JavaScript")
	label, err := chromedp.Run(ctx, chromedp.Text("altcha-widget"))
	require.NoError(t, err)
	assert.Contains(t, label, "Tôi không phải người máy", "the widget speaks Vietnamese")

	// Focusing the form starts the widget.
	require.NoError(t, chromedp.Do(ctx,
		chromedp.SendKeys("#name", "Lê Thị Cúc"),
		chromedp.SendKeys("#title", "Ủng hộ"),
		chromedp.SendKeys("#content", "Mong quận tiếp tục lắng nghe ý kiến của người dân ở các phường.")))
	start := time.Now()
	waitIn(t, ctx, workSolved, 60*time.Second)
	payload, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("input[name=altcha]").value`))
	require.NoError(t, err)
	p := decodePayload(t, payload)
	cores, err := chromedp.Run(ctx, chromedp.Evaluate[int](`navigator.hardwareConcurrency`))
	require.NoError(t, err)
	t.Logf("the widget solved number %d in %d ms (%v seen by the test) with %d workers", p.Number, p.Took, time.Since(start).Round(time.Millisecond), cores)
	verified, err := chromedp.Run(ctx, chromedp.Text("altcha-widget"))
	require.NoError(t, err)
	assert.Contains(t, verified, "Đã xác minh")

	clock.Advance(time.Minute) // the reader takes a minute to write
	require.NoError(t, chromedp.Do(ctx, chromedp.Click(`.comment-form p:last-of-type button[type=submit]`)))
	waitIn(t, ctx, `document.querySelector(".notice") !== null`, 20*time.Second)
	notice, err := chromedp.Run(ctx, chromedp.Text(".notice"))
	require.NoError(t, err)
	assert.Contains(t, notice, "Bình luận của bạn đang chờ duyệt", "the comment was taken with the proof of work alone")
	assert.Equal(t, 1, store.Len(), "the proof of work was spent")
	ok, err := s.captchas.VerifyWork(context.Background(), payload)
	require.NoError(t, err)
	assert.False(t, ok, "and counts once")
}

// TestWidgetSpeed measures how fast the real widget hashes in headless
// Chromium on this machine, for docs/captcha.md: it loads the page n times
// (BINHLUAN_WIDGET_RUNS, skipped when unset) and reports each solution's
// number and time, and the rate of one worker.
func TestWidgetSpeed(t *testing.T) {
	runs, _ := strconv.Atoi(os.Getenv("BINHLUAN_WIDGET_RUNS"))
	if runs <= 0 {
		t.Skip("set BINHLUAN_WIDGET_RUNS to measure the widget")
	}
	chromium := chromiumPath(t)
	s, err := newSite(siteConfig{AltchaDir: widgetDir(t)})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	defer srv.Close()
	ctx := browserTab(t, chromium, time.Duration(runs)*30*time.Second)
	var hashes, ms float64
	for range runs {
		_, err := chromedp.Run(ctx, chromedp.Navigate(srv.URL+"/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song"))
		require.NoError(t, err)
		waitIn(t, ctx, `document.querySelector("altcha-widget input[type=checkbox]") !== null`, 20*time.Second)
		require.NoError(t, chromedp.Do(ctx, chromedp.Click("altcha-widget input[type=checkbox]")))
		waitIn(t, ctx, workSolved, 60*time.Second)
		payload, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector("input[name=altcha]").value`))
		require.NoError(t, err)
		cores, err := chromedp.Run(ctx, chromedp.Evaluate[int](`navigator.hardwareConcurrency`))
		require.NoError(t, err)
		p := decodePayload(t, payload)
		// Each of the workers tries its share of 0…max from its start:
		// the one that finds the number has tried its offset in its share.
		share := (int64(captcha.DefaultWorkMax) + int64(cores) - 1) / int64(cores)
		tried := p.Number % share
		hashes += float64(tried)
		ms += float64(p.Took)
		t.Logf("number %d, %d ms, %d workers: %d hashes by the finder", p.Number, p.Took, cores, tried)
	}
	t.Logf("one worker: %.0f hashes/s over %d runs; mean time %.0f ms", hashes/ms*1000, runs, ms/float64(runs))
}

// fakeWidget writes stand-ins for the widget's files, for tests that need
// the form to offer the proof of work but run no browser.
func fakeWidget(t *testing.T) string {
	dir := t.TempDir()
	for _, f := range widgetFiles {
		require.NoError(t, os.WriteFile(filepath.Join(dir, f.file), []byte("/* "+f.file+" */"), 0o644))
	}
	return dir
}

// solvedWork fetches a proof of work from the site as the widget does and
// solves it in Go.
func solvedWork(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	code, body, _ := get(t, srv, "/captcha/work")
	require.Equal(t, http.StatusOK, code)
	var c captcha.WorkChallenge
	require.NoError(t, json.Unmarshal([]byte(body), &c))
	payload, err := captcha.SolveWork(context.Background(), c)
	require.NoError(t, err)
	return payload
}

// TestProofSettings posts the digits alone and the proof of work alone to
// the demo set to take the image, the work or either: each is taken
// exactly where the setting says, and the form shows what it takes.
func TestProofSettings(t *testing.T) {
	for _, tt := range []struct {
		proof       captcha.Proof
		image, work bool
	}{
		{captcha.ProofImage, true, false},
		{captcha.ProofWork, false, true},
		{captcha.ProofEither, true, true},
	} {
		t.Run(tt.proof.String(), func(t *testing.T) {
			h := newHarness(t, siteConfig{AltchaDir: fakeWidget(t), Proof: tt.proof})
			_, page := h.get(seedPath)
			assert.Equal(t, tt.image, strings.Contains(page, `id="captcha-img"`), "the image shown")
			assert.Equal(t, tt.work, strings.Contains(page, `<altcha-widget challengeurl="/captcha/work"`), "the widget shown")

			digits := h.form()
			code, _, _ := h.post(seedPath, digits)
			assert.Equal(t, tt.image, code == http.StatusSeeOther, "the digits alone taken: %d", code)

			work := h.form()
			work.Del(comment.FormCaptcha)
			work.Set(captcha.WorkField, solvedWork(t, h.srv))
			code, page, _ = h.post(seedPath, work)
			assert.Equal(t, tt.work, code == http.StatusSeeOther, "the proof of work alone taken: %d", code)
			if !tt.work {
				assert.Contains(t, page, "Vui lòng nhập mã xác nhận.", "without the digits the captcha is unanswered")
			}
		})
	}

	t.Run("without the widget, the image alone", func(t *testing.T) {
		h := newHarness(t, siteConfig{})
		_, page := h.get(seedPath)
		assert.NotContains(t, page, "altcha-widget")
		v := h.form()
		v.Del(comment.FormCaptcha)
		v.Set(captcha.WorkField, solvedWork(t, h.srv))
		code, _, _ := h.post(seedPath, v)
		assert.Equal(t, http.StatusUnprocessableEntity, code, "a proof of work is not taken")
		code, _ = h.get("/altcha/altcha.js")
		assert.Equal(t, http.StatusNotFound, code)
		_, err := newSite(siteConfig{Proof: captcha.ProofWork})
		assert.ErrorContains(t, err, "-altcha", "the proof of work alone needs the widget")
	})

	t.Run("the widget's files", func(t *testing.T) {
		h := newHarness(t, siteConfig{AltchaDir: fakeWidget(t)})
		for _, f := range widgetFiles {
			code, body, res := get(t, h.srv, "/altcha/"+f.url)
			assert.Equal(t, http.StatusOK, code, f.url)
			assert.Equal(t, f.typ, res.Get("Content-Type"))
			assert.Equal(t, "/* "+f.file+" */", body)
		}
		code, _ := h.get("/altcha/package.json")
		assert.Equal(t, http.StatusNotFound, code)
		_, err := newSite(siteConfig{AltchaDir: t.TempDir()})
		assert.ErrorContains(t, err, "widget", "a folder without the widget is an error at start")
	})
}

// TestWidgetLanguage checks that the widget's texts follow the reader's
// language, as the form's messages do, and say so when it is not the
// page's.
func TestWidgetLanguage(t *testing.T) {
	for _, tt := range []struct {
		lang, accept, attr, text string
	}{
		{"", "", `<div class="pow" id="xac-minh">`, "Tôi không phải người máy"},
		{"", "en-US,en;q=0.8", `<div class="pow" id="xac-minh" lang="en">`, "I am not a robot"},
		// Under -lang en the page is English but its content, the form
		// included, is marked Vietnamese.
		{"en", "", `<div class="pow" id="xac-minh" lang="en">`, "I am not a robot"},
		{"en", "vi", `<div class="pow" id="xac-minh">`, "Tôi không phải người máy"},
	} {
		h := newHarness(t, siteConfig{AltchaDir: fakeWidget(t), Lang: tt.lang})
		req, err := http.NewRequest(http.MethodGet, h.srv.URL+seedPath, nil)
		require.NoError(t, err)
		if tt.accept != "" {
			req.Header.Set("Accept-Language", tt.accept)
		}
		_, page, _ := h.do(req)
		assert.Contains(t, page, tt.attr, "-lang %q, Accept-Language %q", tt.lang, tt.accept)
		assert.Contains(t, page, tt.text, "-lang %q, Accept-Language %q", tt.lang, tt.accept)
	}
}

// TestLimits floods the demo from one address: past the burst its pages,
// images and proofs of work are refused with 429 and Retry-After, while
// the post of a reader who opened the page before still goes through,
// and another client behind a trusted proxy is not held up.
func TestLimits(t *testing.T) {
	limits := &siteLimits{
		Issue: limit.Config{PerAddr: limit.Rate{Burst: 4, Every: time.Hour}, PerPrefix: limit.Rate{Burst: 100, Every: time.Hour}},
		Post:  limit.Config{PerAddr: limit.Rate{Burst: 2, Every: time.Hour}, PerPrefix: limit.Rate{Burst: 100, Every: time.Hour}},
	}
	h := newHarness(t, siteConfig{Limits: limits, AltchaDir: fakeWidget(t), TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	reader := h.form() // the reader opens the page: one of the four
	for range 3 {
		code, _ := h.get(seedPath)
		require.Equal(t, http.StatusOK, code)
	}
	for _, path := range []string{seedPath, "/captcha/work", "/captcha/" + reader.Get(comment.FormCaptchaID) + ".png"} {
		code, _, res := get(t, h.srv, path)
		assert.Equal(t, http.StatusTooManyRequests, code, path)
		assert.NotEmpty(t, res.Get("Retry-After"), path)
	}
	h.postComment(reader) // posting has a limit of its own

	code, _, _ := h.post(seedPath, url.Values{}, "X-Forwarded-For", "203.0.113.9")
	assert.Equal(t, http.StatusUnprocessableEntity, code, "another client behind the proxy posts")
	code, _, _ = h.post(seedPath, url.Values{})
	assert.Equal(t, http.StatusUnprocessableEntity, code, "the second post of the flooding address")
	code, _, res := h.post(seedPath, url.Values{})
	assert.Equal(t, http.StatusTooManyRequests, code, "the third")
	assert.Equal(t, "3600", res.Header.Get("Retry-After"))
	code, _, _ = h.post(seedPath, url.Values{}, "X-Forwarded-For", "203.0.113.9, junk")
	assert.Equal(t, http.StatusBadRequest, code, "an unreadable chain from the proxy")
}

// TestLimitsAndWorkThroughRedis runs two servers of the demo on one Redis,
// as -redis does: a proof of work fetched from one counts once on either,
// and one client's allowance is the same on both.
func TestLimitsAndWorkThroughRedis(t *testing.T) {
	srv := redistest.Start(t)
	limits := &siteLimits{
		Issue: limit.Config{PerAddr: limit.Rate{Burst: 3, Every: time.Hour}},
		Post:  limit.Config{PerAddr: limit.Rate{Burst: 1, Every: time.Hour}},
	}
	dirA, dirB := t.TempDir(), t.TempDir()
	for _, dir := range []string{dirA, dirB} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, "form-key"), bytes.Repeat([]byte{4}, 32), 0o600))
	}
	widget := fakeWidget(t)
	a, err := newSite(siteConfig{Redis: srv.Client(), DataDir: dirA, Limits: limits, AltchaDir: widget})
	require.NoError(t, err)
	b, err := newSite(siteConfig{Redis: srv.Client(), DataDir: dirB, Limits: limits, AltchaDir: widget})
	require.NoError(t, err)
	webA, webB := httptest.NewServer(a), httptest.NewServer(b)
	defer webA.Close()
	defer webB.Close()

	payload := solvedWork(t, webA) // one of the three
	ok, err := b.captchas.VerifyWork(context.Background(), payload)
	require.NoError(t, err)
	assert.True(t, ok, "server B takes the proof of work of server A")
	ok, err = a.captchas.VerifyWork(context.Background(), payload)
	require.NoError(t, err)
	assert.False(t, ok, "once")

	code, _, _ := get(t, webB, seedPath)
	assert.Equal(t, http.StatusOK, code)
	code, _, _ = get(t, webA, seedPath)
	assert.Equal(t, http.StatusOK, code)
	code, _, _ = get(t, webB, seedPath)
	assert.Equal(t, http.StatusTooManyRequests, code, "the fourth page, across both servers")

	post := func(web *httptest.Server) int {
		res, err := web.Client().PostForm(web.URL+seedPath, url.Values{})
		require.NoError(t, err)
		res.Body.Close()
		return res.StatusCode
	}
	assert.Equal(t, http.StatusUnprocessableEntity, post(webA))
	assert.Equal(t, http.StatusTooManyRequests, post(webB), "the second post, on the other server")
}
