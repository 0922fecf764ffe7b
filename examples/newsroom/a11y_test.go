package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/testenv"
)

// The accessibility of the public pages, checked in headless Chromium with
// axe-core (npm axe-core), which .ci/run installs beside ALTCHA's widget.

// axeEnv names axe-core's axe.min.js when it is not where .ci/run puts it.
const axeEnv = "BINHLUAN_AXE_CORE"

// axeFile is where .ci/run installs axe-core: in the same npm prefix as
// the widget, under the user's cache folder.
func axeFile() string {
	if f := os.Getenv(axeEnv); f != "" {
		return f
	}
	dir := altchaCacheDir() // PREFIX/node_modules/altcha/dist_external
	if dir == "" {
		return ""
	}
	return filepath.Join(filepath.Dir(filepath.Dir(dir)), "axe-core", "axe.min.js")
}

// axeSource returns axe-core's script, or skips t (fails it under
// BINHLUAN_REQUIRE_SERVICES=1, where .ci/run installed it).
func axeSource(t *testing.T) string {
	t.Helper()
	name := axeFile()
	src, err := os.ReadFile(name)
	if err != nil || !strings.Contains(string(src), "axe") {
		testenv.Skip(t, "axe-core not found at %q ($%s or the cache .ci/run installs it in: npm install axe-core): %v", name, axeEnv, err)
	}
	return string(src)
}

// axeViolation is one rule axe-core found broken, with where.
type axeViolation struct {
	ID     string `json:"id"`
	Impact string `json:"impact"`
	Help   string `json:"help"`
	Nodes  []struct {
		Target  json.RawMessage `json:"target"`
		HTML    string          `json:"html"`
		Summary string          `json:"summary"`
	} `json:"nodes"`
}

// String lists the rule and the elements that break it.
func (v axeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    %s %s\n      %s", n.Target, n.HTML, strings.ReplaceAll(n.Summary, "\n", "\n      "))
	}
	return b.String()
}

// runAxe runs axe-core on the tab's page and returns what it found.
const runAxe = `axe.run(document, {resultTypes: ["violations"]}).then(r => r.violations.map(v => ({
  id: v.id, impact: v.impact || "", help: v.help,
  nodes: v.nodes.map(n => ({target: n.target, html: n.html, summary: n.failureSummary || ""})),
})))`

// axeCheck opens url in the tab of ctx (or stays on the page it shows
// when url is ""), injects axe-core's script src into it and runs every
// rule, failing t with the list of violations whose impact is serious or
// critical; the others are logged. It returns every violation found. The
// moderation pages can be checked by the same code: open them, then call
// axeCheck with "".
func axeCheck(t *testing.T, ctx context.Context, src, url, what string) []axeViolation {
	t.Helper()
	if url != "" {
		_, err := chromedp.Run(ctx, chromedp.Navigate(url))
		require.NoError(t, err, "%s: open %s", what, url)
	}
	waitIn(t, ctx, `[...document.images].every(i => i.complete)`, 20*time.Second)
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[chromedp.Void](src)); err != nil {
		t.Fatalf("%s: injecting axe-core: %v", what, err)
	}
	found, err := chromedp.Run(ctx, chromedp.Evaluate[[]axeViolation](runAxe, chromedp.EvalAwaitPromise))
	require.NoError(t, err, "%s: running axe-core", what)
	var bad []string
	for _, v := range found {
		if v.Impact == "serious" || v.Impact == "critical" {
			bad = append(bad, v.String())
		} else {
			t.Logf("%s: axe-core, %s", what, v)
		}
	}
	if len(bad) > 0 {
		t.Errorf("%s: axe-core found %d serious or critical violations:\n  %s", what, len(bad), strings.Join(bad, "\n  "))
	}
	t.Logf("%s: axe-core found %d violations, %d serious or critical", what, len(found), len(bad))
	return found
}

// TestAccessibility checks with axe-core the home page, the article page
// and the form sent back with errors, at a phone's width and a desktop's,
// with ALTCHA's widget beside the captcha when it is installed.
func TestAccessibility(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chromium := chromiumPath(t)
	src := axeSource(t)
	h := newHarness(t, siteConfig{AltchaDir: defaultAltchaDir(os.Getenv)})
	h.readersTalk()
	ctx := browserTab(t, chromium, 180*time.Second)
	for _, width := range []int64{390, 1280} {
		_, err := chromedp.Run(ctx, viewport(width))
		require.NoError(t, err)
		at := fmt.Sprintf(" at %d px", width)
		axeCheck(t, ctx, src, h.srv.URL+"/", "the home page"+at)
		axeCheck(t, ctx, src, h.srv.URL+seedPath, "the article page"+at)

		h.clock.Advance(time.Minute)
		require.NoError(t, chromedp.Do(ctx,
			chromedp.SendKeys("#phone", "12"),
			chromedp.SendKeys("#content", "Ngắn"),
			chromedp.Click(`.comment-form p:last-of-type button[type=submit]`)))
		waitIn(t, ctx, `document.getElementById("loi-bieu-mau") !== null`, 20*time.Second)
		axeCheck(t, ctx, src, "", "the form with errors"+at)
	}
}

// TestKeyboardOnly posts a comment with the keyboard alone: the skip link
// first, then Tab to each field and type, the audio captcha reached and
// named on the way, and Enter in the captcha's field sends the form.
func TestKeyboardOnly(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chromium := chromiumPath(t)
	h := newHarness(t, siteConfig{})
	ctx := browserTab(t, chromium, 90*time.Second)
	_, err := chromedp.Run(ctx, chromedp.Navigate(h.srv.URL+seedPath))
	require.NoError(t, err)
	waitIn(t, ctx, `document.getElementById("content") !== null`, 20*time.Second)

	type focused struct {
		ID, Tag, Text, Href, Outline string
		Top                          float64
	}
	active := func() focused {
		t.Helper()
		f, err := chromedp.Run(ctx, chromedp.Evaluate[focused](`(e => ({ID: e.id, Tag: e.tagName, Text: (e.textContent || "").trim(),
			Href: e.getAttribute("href") || "", Outline: getComputedStyle(e).outlineStyle, Top: e.getBoundingClientRect().top}))(document.activeElement)`))
		require.NoError(t, err)
		return f
	}
	key := func(keys string, opts ...chromedp.KeyOption) {
		t.Helper()
		require.NoError(t, chromedp.Do(ctx, chromedp.KeyEvent(keys, opts...)))
	}
	// tabTo presses Tab until the element with the id has the focus.
	tabTo := func(id string) {
		t.Helper()
		for range 200 {
			if active().ID == id {
				return
			}
			key("\t")
		}
		t.Fatalf("Tab never reached #%s", id)
	}

	key("\t")
	skip := active()
	assert.Equal(t, "Chuyển đến nội dung chính", skip.Text, "the first Tab reaches the skip link")
	assert.GreaterOrEqual(t, skip.Top, 0.0, "which shows when focused")
	assert.NotEqual(t, "none", skip.Outline, "with a visible focus")
	key("\r")
	waitIn(t, ctx, `document.activeElement.id === "noi-dung"`, 5*time.Second)

	answer, ok := h.store.Answer(func() string {
		v, err := chromedp.Run(ctx, chromedp.Value(`input[name=captcha_id]`))
		require.NoError(t, err)
		return v
	}())
	require.True(t, ok)
	for _, f := range []struct{ id, text string }{
		{"name", "Vũ Thị Hoa"},
		{"phone", "0987 654 321"},
		{"title", "Bàn phím"},
		{"content", "Tôi gửi bình luận này chỉ bằng bàn phím, không cần chuột."},
		{"captcha", answer},
	} {
		tabTo(f.id)
		assert.NotEqual(t, "none", active().Outline, "#%s shows its focus", f.id)
		key(f.text)
	}
	// The audio captcha is the next stop, named by its text, then the
	// reload button; back to the digits, Enter sends the form.
	key("\t")
	audio := active()
	assert.Equal(t, "A", audio.Tag)
	assert.Equal(t, "Nghe mã xác nhận", audio.Text)
	assert.True(t, strings.HasSuffix(audio.Href, ".wav"), "it links the spoken digits: %q", audio.Href)
	key("\t")
	assert.Equal(t, "Lấy lại mã bảo mật", active().Text)
	key("\t", chromedp.KeyModifiers(chromedp.ModifierShift))
	key("\t", chromedp.KeyModifiers(chromedp.ModifierShift))
	require.Equal(t, "captcha", active().ID)
	h.clock.Advance(time.Minute) // the reader takes a minute to write
	key("\r")
	waitIn(t, ctx, `document.querySelector(".notice") !== null`, 20*time.Second)
	notice, err := chromedp.Run(ctx, chromedp.Text(".notice"))
	require.NoError(t, err)
	assert.Contains(t, notice, "Bình luận của bạn đang chờ duyệt")
	require.Equal(t, 1, h.comments.addedCount(), "the comment was taken")
	h.comments.mu.Lock()
	c := h.comments.added[0]
	h.comments.mu.Unlock()
	assert.Equal(t, "Vũ Thị Hoa", c.Name)
	assert.Equal(t, "Tôi gửi bình luận này chỉ bằng bàn phím, không cần chuột.", c.Content)
}

// pageOverflow is how far the page in the tab is wider than the screen:
// its layout viewport, as a phone's browser widens the window itself to
// show a page too wide.
const pageOverflow = `document.documentElement.scrollWidth - document.documentElement.clientWidth`

// TestDeskAccessibility checks with axe-core the login page, alone and
// with an error, every tab of the desk with something in it, a
// commenter's history, the bans, the audit log and a reader's report
// form, at a phone's width and a desktop's, in Vietnamese and under
// -lang en, and that none of them is wider than the screen: a table too
// wide for a phone scrolls in its box. The moderator signs in and out
// through the forms, as a person would.
func TestDeskAccessibility(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chromium := chromiumPath(t)
	src := axeSource(t)
	for _, lang := range []struct{ code, history string }{{"vi", "Lịch sử"}, {"en", "History"}} {
		t.Run(lang.code, func(t *testing.T) { deskAccessibility(t, chromium, src, lang.code, lang.history) })
	}
}

// deskAccessibility is TestDeskAccessibility in one language, whose
// history page's heading begins with history.
func deskAccessibility(t *testing.T, chromium, src, lang, history string) {
	h := newHarness(t, siteConfig{Password: testPassword, Lang: lang})
	reported := h.fillDesk(vietnameseFill)
	a, ok := h.s.archive.Get(reported.ArticleID)
	require.True(t, ok)
	// The commenter's number banned too, for the history's bans and log.
	_, err := h.s.desk.Ban(context.Background(), comment.Subject{Kind: comment.SubjectPhone, Value: reported.Phone.E164()}, false, time.Time{}, oneTimeUser, "Lời lẽ xúc phạm nhiều lần")
	require.NoError(t, err)
	ctx := browserTab(t, chromium, 300*time.Second)
	d := deskBrowser{t: t, h: h, ctx: ctx}
	check := func(what string) {
		t.Helper()
		axeCheck(t, ctx, src, "", what)
		over, err := chromedp.Run(ctx, chromedp.Evaluate[int](pageOverflow))
		require.NoError(t, err)
		assert.LessOrEqual(t, over, 0, "%s: nothing is wider than the screen", what)
	}
	for _, width := range []int64{390, 1280} {
		_, err = chromedp.Run(ctx, viewport(width))
		require.NoError(t, err)
		at := fmt.Sprintf(" at %d px", width)

		d.open(loginPath, `document.getElementById("password") !== null`)
		check("the login page" + at)
		d.signIn("sai mật khẩu")
		waitIn(t, ctx, `document.getElementById("login-error") !== null`, 20*time.Second)
		check("the login page with an error" + at)
		d.signIn(testPassword)
		waitIn(t, ctx, `document.querySelector(".tabs") !== null`, 20*time.Second)
		for _, tab := range deskTabs {
			d.open("/quan-tri?tab="+tab.Tab, `document.querySelector(".tabs") !== null`)
			check("the desk's tab " + tab.Tab + at)
		}
		d.do("ask for a commenter's history",
			chromedp.SendKeys("#data-phone", "0912 345 678"),
			chromedp.Click(`button[value=history]`))
		waitIn(t, ctx, `document.querySelector("h1").textContent.startsWith(`+strconv.Quote(history)+`)`, 20*time.Second)
		check("a commenter's history" + at)
		assert.Contains(t, d.text("main"), "Lời lẽ xúc phạm nhiều lần", "with the number's ban in its log")
		d.open("/quan-tri/chan", `document.querySelector("h1") !== null`)
		check("the bans" + at)
		d.open("/quan-tri/nhat-ky", `document.querySelector("h1") !== null`)
		check("the audit log" + at)
		d.signOut()

		d.open(reportPath(a, reported.ID), `document.querySelector(".report-form") !== null`)
		check("the report form" + at)
	}
}
