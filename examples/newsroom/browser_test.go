package main

import (
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha/captchatest"
)

// chromiumPath finds Debian's Chromium. Without it the browser test skips,
// unless BINHLUAN_REQUIRE_SERVICES=1 (set by .ci/run after installing it).
func chromiumPath(t *testing.T) string {
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("BINHLUAN_REQUIRE_SERVICES") == "1" {
		t.Fatal("Chromium is not installed but BINHLUAN_REQUIRE_SERVICES=1: install it (apt-get install chromium)")
	}
	t.Skip("Chromium is not installed (apt-get install chromium); skipping the browser test")
	return ""
}

// TestBrowser drives the demo in headless Chromium as a reader and a
// moderator would: read the article, send an empty form, reload the
// captcha without losing what was typed, post a comment, approve it in
// the moderation pages and see it under the article.
func TestBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chromium := chromiumPath(t)
	clock := captchatest.NewClock(time.Now())
	store := captchatest.NewStore(clock)
	const password = "mật-khẩu-thử"
	s, err := newSite(siteConfig{CaptchaStore: store, Rand: captchatest.Rand(7), Now: clock.Now, Password: password, Hash: testHash})
	require.NoError(t, err)
	srv := httptest.NewServer(s)
	defer srv.Close()

	ctx := browserTab(t, chromium, 90*time.Second)

	text := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Text(sel))
		require.NoError(t, err, "text of %s", sel)
		return s
	}
	value := func(sel string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Value(sel))
		require.NoError(t, err, "value of %s", sel)
		return s
	}
	attr := func(sel, name string) string {
		t.Helper()
		s, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.querySelector(`+"`"+sel+"`"+`).getAttribute("`+name+`")`))
		require.NoError(t, err, "attribute %s of %s", name, sel)
		return s
	}
	// waitFor polls until expr is true in the page; a form post navigates,
	// which interrupts an evaluation, so errors mean "not yet".
	waitFor := func(expr string) {
		t.Helper()
		waitIn(t, ctx, expr, 20*time.Second)
	}
	do := func(what string, actions ...chromedp.Action[chromedp.Void]) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, actions...), what)
	}

	seed := srv.URL + "/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song"
	do("open the article", chromedp.Navigate(seed))
	waitFor(`document.getElementById("content") !== null`)
	page := text("body")
	for _, want := range []string{
		"Đưa Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội vào cuộc sống",
		"Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống",
		"(12:48 29/11/2020)", "HNP - Nhận diện rõ", "Chủ tịch UBND Quận Nguyễn Mạnh Hà quán triệt Nghị quyết Đại hội",
		"Nhật Minh", "Các bài mới đăng", "Các bài đã đăng", "Viết bình luận", "Lấy lại mã bảo mật",
	} {
		assert.Contains(t, page, want, "the article page shows its parts")
	}
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("captcha-img").naturalWidth === 240`))
	require.NoError(t, err)
	assert.True(t, loaded, "the captcha image loads")

	// An empty form: Vietnamese errors beside the fields, typed values kept.
	do("send an almost empty form",
		chromedp.SendKeys("#phone", "0912 345 678"),
		chromedp.SendKeys("#content", "Ngắn"),
		chromedp.Click(`.comment-form p:last-of-type button[type=submit]`))
	waitFor(`document.querySelector(".error") !== null`)
	page = text("body")
	for _, want := range []string{"Vui lòng nhập họ tên.", "Vui lòng nhập tiêu đề.", "Nội dung cần ít nhất 10 ký tự"} {
		assert.Contains(t, page, want)
	}
	assert.Equal(t, "0912 345 678", value("#phone"), "the phone typed is kept")
	assert.Equal(t, "Ngắn", value("#content"), "the content typed is kept")

	// "Lấy lại mã bảo mật" with JavaScript: new image, typed text stays.
	do("type a name", chromedp.SendKeys("#name", "Nguyễn Văn An"))
	before := attr("#captcha-img", "src")
	beforeID := value(`input[name=captcha_id]`)
	do("reload the captcha", chromedp.Click(`[data-captcha-reload]`), chromedp.Sleep(300*time.Millisecond))
	assert.NotEqual(t, before, attr("#captcha-img", "src"), "the image was swapped")
	assert.NotEqual(t, beforeID, value(`input[name=captcha_id]`), "and the form holds the new challenge's id")
	assert.Equal(t, "Nguyễn Văn An", value("#name"), "nothing typed was lost")
	assert.Contains(t, text("body"), "Viết bình luận", "no page load happened")

	// A valid comment, with the answer read from the store the test gave
	// the site.
	id := value(`input[name=captcha_id]`)
	answer, ok := store.Answer(id)
	require.True(t, ok, "the challenge %q is in the store", id)
	clock.Advance(time.Minute) // the reader takes a minute to write
	_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.getElementById("content").value = ""; true`))
	require.NoError(t, err, "clear the content")
	do("fill in and send the form",
		chromedp.SendKeys("#title", "Mong sớm triển khai"),
		chromedp.SendKeys("#content", "Tôi đồng tình với các chương trình của quận, mong sớm có kết quả ở phường tôi."),
		chromedp.SendKeys("#captcha", answer),
		chromedp.Click(`.comment-form p:last-of-type button[type=submit]`))
	waitFor(`document.querySelector(".notice") !== null`)
	assert.Contains(t, text(".notice"), "Bình luận của bạn đang chờ duyệt")

	// The moderator signs in and approves it.
	admin := srv.URL + "/quan-tri"
	do("open the login page", chromedp.Navigate(srv.URL+loginPath))
	waitFor(`document.getElementById("password") !== null`)
	clock.Advance(time.Second) // the moderator takes a second to type
	do("sign in",
		chromedp.SendKeys("#user", oneTimeUser),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`button[type=submit]`))
	waitFor(`document.querySelector("button[value=approve]") !== null`)
	do("open the moderation page", chromedp.Navigate(admin))
	waitFor(`document.querySelector("button[value=approve]") !== null`)
	assert.Contains(t, text("body"), "Mong sớm triển khai", "the comment waits for a moderator")
	do("approve", chromedp.Click(`button[value=approve]`))
	waitFor(`document.querySelector("button[value=approve]") === null`)

	do("back to the article", chromedp.Navigate(seed))
	waitFor(`document.querySelector(".comment") !== null`)
	assert.Contains(t, text(".comments"), "Tôi đồng tình với các chương trình của quận", "the approved comment is on the page")
	assert.Contains(t, text(".comments"), "Nguyễn Văn An")
	assert.Contains(t, text(".comments h2"), "Bình luận (1)")

	// "Trả lời" opens the form as a reply; the reply, approved, shows
	// under its parent.
	do("open the reply form", chromedp.Click(`.reply-link a`))
	waitFor(`document.querySelector("input[name=parent_id]") !== null`)
	assert.Contains(t, text(".comment-form h2"), "Trả lời bình luận")
	assert.Contains(t, text(".replying"), "Nguyễn Văn An")
	answer, ok = store.Answer(value(`input[name=captcha_id]`))
	require.True(t, ok)
	clock.Advance(time.Minute)
	do("write a reply",
		chromedp.SendKeys("#name", "Trần Thị Bình"),
		chromedp.SendKeys("#title", "Đồng ý"),
		chromedp.SendKeys("#content", "Phường tôi cũng mong như vậy, cảm ơn bạn đã góp ý."),
		chromedp.SendKeys("#captcha", answer),
		chromedp.Click(`.comment-form p:last-of-type button[type=submit]`))
	waitFor(`document.querySelector(".notice") !== null`)
	do("open the moderation page again", chromedp.Navigate(admin))
	waitFor(`document.querySelector("button[value=approve]") !== null`)
	do("approve the reply", chromedp.Click(`button[value=approve]`))
	waitFor(`document.querySelector("button[value=approve]") === null`)
	do("back to the article again", chromedp.Navigate(seed))
	waitFor(`document.querySelector(".comment.reply") !== null`)
	assert.Contains(t, text(".comment.reply"), "Phường tôi cũng mong như vậy", "the reply is under its parent")
	assert.Contains(t, text(".comments h2"), "Bình luận (2)")

	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), "article.png")
	require.NoError(t, os.WriteFile(path, shot, 0o644))
	if dst := os.Getenv("BINHLUAN_SCREENSHOT"); dst != "" {
		require.NoError(t, os.WriteFile(dst, shot, 0o644))
	}
	assert.Greater(t, len(shot), 10_000, "a screenshot of the page")
	assert.False(t, strings.Contains(text("body"), "spam"), "the verdict is never shown to readers")
}
