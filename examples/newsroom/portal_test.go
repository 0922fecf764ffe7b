package main

import (
	"bytes"
	"cmp"
	"context"
	"image"
	"image/color"
	"image/png"
	"maps"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"testing/fstest"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
)

// countingStore counts the calls of Count, to see what the home page costs.
type countingStore struct {
	commentStore
	counts atomic.Int64
}

func (s *countingStore) Count(ctx context.Context, articleID string, status comment.Status) (int, error) {
	s.counts.Add(1)
	return s.commentStore.Count(ctx, articleID, status)
}

// readerComment adds an approved comment by name to the article with the
// ID, minutes after the harness's clock.
func (h *harness) readerComment(articleID, parent, name, title, content string, minutes int) comment.Comment {
	h.t.Helper()
	c, err := h.comments.Add(context.Background(), comment.Comment{
		ArticleID: articleID, ParentID: parent, Name: name, Title: title, Content: content,
		CreatedAt: h.clock.Now().Add(time.Duration(minutes) * time.Minute),
		Status:    comment.Approved, Reason: comment.ReasonModerator,
	})
	require.NoError(h.t, err)
	return c
}

// readersTalk adds a short thread under the seed article: two comments, a
// reply to the first, and one held for a moderator, which no page counts.
func (h *harness) readersTalk() {
	h.t.Helper()
	first := h.readerComment("long-bien", "", "Nguyễn Văn An", "Mong sớm chống ngập",
		"Chương trình 03 về thoát nước là điều người dân phường Bồ Đề mong nhất.\nMùa mưa năm nay nhiều ngõ vẫn ngập sâu.", 20)
	h.readerComment("long-bien", first.ID, "Trần Thị Bình", "Đồng ý",
		"Phường Ngọc Thụy cũng vậy, mong quận công bố tiến độ từng dự án.", 45)
	h.readerComment("long-bien", "", "Lê Minh Quân", "Cải cách hành chính",
		"Làm thủ tục ở phường đã nhanh hơn trước, mong tiếp tục mở rộng dịch vụ công trực tuyến.", 80)
	_, err := h.comments.Add(context.Background(), comment.Comment{
		ArticleID: "long-bien", Name: "Ẩn danh", Title: "Chờ duyệt", Content: "Một bình luận chưa được duyệt.",
		CreatedAt: h.clock.Now(), Status: comment.Pending,
	})
	require.NoError(h.t, err)
}

func TestSections(t *testing.T) {
	s, err := newSite(siteConfig{})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, s.close()) })
	var names []string
	total := 0
	for _, sec := range s.portal.sections {
		names = append(names, sec.Name)
		require.NotEmpty(t, sec.Articles, "section %s has articles", sec.Slug)
		for i, a := range sec.Articles {
			assert.Same(t, sec, s.portal.of[a.ID])
			if i > 0 {
				assert.False(t, a.PublishedAt.After(sec.Articles[i-1].PublishedAt), "%s lists the newest first", sec.Slug)
			}
		}
		total += len(sec.Articles)
	}
	assert.Equal(t, []string{"Thời sự", "Đô thị", "Giao thông", "Giáo dục", "Văn hóa – Xã hội"}, names, "the menu's order")
	assert.Equal(t, s.archive.Len(), total, "every article is in one section")
	assert.Equal(t, "thoi-su", s.portal.of["long-bien"].Slug, "the seed article is news of the day")
	for id, want := range map[string]string{"long-bien": "/static/anh/long-bien.svg", "cau-vuot": "/static/anh/cau-vuot.svg", "truong-hoc": ""} {
		assert.Equal(t, want, s.portal.pictures[id], "the picture of %s", id)
	}

	const body = "Tiêu đề thử (08:00 01/12/2020)\n\nHNP - Lời dẫn.\n\nNội dung bài.\n"
	for _, tt := range []struct {
		name  string
		files fstest.MapFS
		err   string
	}{
		{"a folder not in the list", fstest.MapFS{
			sectionsFile:         {Data: []byte("thoi-su\tThời sự\n")},
			"content/khac/a.txt": {Data: []byte(body)},
		}, "is not a section"},
		{"a line without a name", fstest.MapFS{sectionsFile: {Data: []byte("thoi-su\n")}}, "want one"},
		{"a section twice", fstest.MapFS{sectionsFile: {Data: []byte("a\tA\na\tB\n")}}, "want one"},
		{"no list", fstest.MapFS{"content/a/b.txt": {Data: []byte(body)}}, "chuyen-muc.tsv"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := loadContent(tt.files, &article.Archive{})
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.err)
		})
	}
	p, err := loadContent(fstest.MapFS{
		sectionsFile:            {Data: []byte("thoi-su\tThời sự\nrong\tRỗng\n")},
		"content/thoi-su/a.txt": {Data: []byte(body)},
	}, &article.Archive{})
	require.NoError(t, err)
	assert.Len(t, p.bySlug["thoi-su"].Articles, 1)
	assert.Empty(t, p.bySlug["rong"].Articles, "a section may be empty")
}

// clockRE is a home page's time of an article: dd/mm/yyyy HH:MM.
var clockRE = regexp.MustCompile(`<time datetime="[0-9T:&#;-]+">(\d\d/\d\d/\d{4} \d\d:\d\d)</time>`)

func TestHome(t *testing.T) {
	h := newHarness(t, siteConfig{ListingTTL: time.Minute})
	counting := &countingStore{commentStore: h.comments}
	h.s.comments = counting
	h.readersTalk()

	code, home := h.get("/")
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, 1, strings.Count(home, "<h1"), "one h1")
	for _, want := range []string{
		`<html lang="vi">`, `<a class="skip" href="#noi-dung">`, `<header class="masthead">`, `<nav class="menu" aria-label="Chuyên mục">`,
		`<main id="noi-dung"`, `<footer class="site-footer">`, `<span class="brand-name">Hà Nội Ngày Nay</span>`,
		`<a href="/" aria-current="page">Trang chủ</a>`, `<a href="/chuyen-muc/giao-thong">Giao thông</a>`,
		`<h2 class="band" id="cm-van-hoa"><a href="/chuyen-muc/van-hoa">Văn hóa – Xã hội</a></h2>`,
		`<img src="/static/anh/cau-vuot.svg"`,
		`<time datetime="2020-11-29T12:48:00&#43;07:00">29/11/2020 12:48</time>`,
		`<a class="count" href="/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song#binh-luan">3 bình luận</a>`,
		"HNP - Tại buổi tiếp xúc cử tri"[len("HNP - "):], // an excerpt: the lead, without the source tag
	} {
		assert.Contains(t, home, want)
	}
	assert.NotContains(t, home, "4 bình luận", "a comment held for a moderator is not counted")
	// Every article is listed under its section with its time: ten in
	// the sections, and the five newest once more on top.
	assert.Len(t, clockRE.FindAllString(home, -1), h.s.archive.Len()+latestOnTop)
	sections := home[strings.Index(home, `<div class="sections">`):]
	assert.Equal(t, []string{"cm-thoi-su", "cm-do-thi", "cm-giao-thong", "cm-giao-duc", "cm-van-hoa"},
		inOrder(t, sections, "cm-giao-duc", "cm-thoi-su", "cm-van-hoa", "cm-do-thi", "cm-giao-thong"), "sections in the menu's order")

	// The counts are made once for the cache's time, not once per reader.
	n := counting.counts.Load()
	assert.Equal(t, int64(h.s.archive.Len()), n, "one count per article")
	h.get("/")
	h.get("/chuyen-muc/thoi-su")
	assert.Equal(t, n, counting.counts.Load(), "the counts were reused")
	h.readerComment("long-bien", "", "Đỗ Hải", "Thêm ý kiến", "Một bình luận của một máy chủ khác.", 90)
	h.clock.Advance(time.Minute)
	_, home = h.get("/")
	assert.Contains(t, home, ">4 bình luận</a>", "counted again once the cache's time is over")

	code, page := h.get("/chuyen-muc/giao-thong")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `<h1 class="band" id="cm-giao-thong">Giao thông</h1>`)
	assert.Contains(t, page, `<a href="/chuyen-muc/giao-thong" aria-current="page">Giao thông</a>`)
	assert.Contains(t, page, newest)
	assert.NotContains(t, page, seedTitle, "another section's article")
	assert.NotContains(t, page, "Tin mới nhất")
	code, _ = h.get("/chuyen-muc/khong-co")
	assert.Equal(t, http.StatusNotFound, code)
}

func TestArticlePortal(t *testing.T) {
	h := newHarness(t, siteConfig{})
	h.readersTalk()
	code, page := h.get(seedPath)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, 1, strings.Count(page, "<h1"), "one h1: the title")
	for _, want := range []string{
		`<html lang="vi">`, `<a class="skip" href="#noi-dung">`, `<main id="noi-dung"`, `<footer class="site-footer">`,
		`<a href="/chuyen-muc/thoi-su" aria-current="page">Thời sự</a>`,
		`<p class="crumbs"><a href="/chuyen-muc/thoi-su">Thời sự</a></p>`,
		`<p class="series">Đưa Nghị quyết Đại hội lần thứ XVII Đảng bộ thành phố Hà Nội vào cuộc sống:</p>`,
		`<h1 id="tieu-de">Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống <span class="stamp">(12:48 29/11/2020)</span></h1>`,
		`<p class="lead">HNP - Nhận diện rõ`,
		`<figure><img src="/static/anh/long-bien.svg" alt="Hình vẽ minh họa" width="720" height="405"><figcaption>Chủ tịch UBND Quận Nguyễn Mạnh Hà quán triệt Nghị quyết Đại hội</figcaption></figure>`,
		`<title>Quận Long Biên: Nhiều giải pháp thiết thực đưa Nghị quyết Đại hội Đảng bộ quận vào cuộc sống – Hà Nội Ngày Nay</title>`,
		`<h2 id="binh-luan-dem">Bình luận (3)</h2>`,
		`<div class="comment reply" id="bl-`,
		`<ul class="comment-actions"><li class="reply-link"><a href="`,
		// The consent line under the phone number.
		`<p class="note" id="phone-note">Không bắt buộc. Số điện thoại chỉ dùng để tòa soạn liên hệ với bạn về bình luận này và không bao giờ được hiển thị công khai.`,
		`aria-describedby="phone-note"`,
		`<a class="captcha-audio" href="/captcha/`,
	} {
		assert.Contains(t, page, want)
	}
	// The picture is the project's own drawing, served from the binary.
	code, svg := h.get("/static/anh/long-bien.svg")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, svg, "<svg")
	// An article without a picture of its own keeps its caption alone.
	_, page = h.get("/bai-viet/gia-lam-khanh-thanh-ba-truong-hoc-dat-chuan-quoc-gia")
	assert.NotContains(t, page, "<figure>")

	// Under -lang en the page says it is English, and its Vietnamese parts
	// say they are Vietnamese.
	en := newHarness(t, siteConfig{Lang: "en"})
	_, page = en.get(seedPath)
	for _, want := range []string{`<html lang="en">`, `<header class="masthead" lang="vi">`, `<main id="noi-dung" class="wrap" tabindex="-1" lang="vi">`} {
		assert.Contains(t, page, want)
	}
}

func TestFormErrorsLinked(t *testing.T) {
	h := newHarness(t, siteConfig{})
	v := h.form()
	v.Set(comment.FormName, "")
	v.Set(comment.FormPhone, "12")
	v.Set(comment.FormCaptcha, "")
	code, page, _ := h.post(seedPath, v)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	summary := between(t, page, `<div class="error-summary" id="loi-bieu-mau" tabindex="-1"`, "</div>")
	assert.Equal(t, []string{`href="#name"`, `href="#phone"`, `href="#captcha"`},
		inOrder(t, summary, `href="#captcha"`, `href="#name"`, `href="#phone"`), "the summary links the fields in the form's order")
	assert.NotContains(t, summary, `href="#title"`, "a field without an error is not listed")
	for _, want := range []string{
		`autocomplete="name" aria-invalid="true" aria-describedby="name-loi">`,
		`<span class="error" id="name-loi">Vui lòng nhập họ tên.</span>`,
		`aria-describedby="phone-loi phone-note" aria-invalid="true">`,
		`<span class="error" id="phone-loi">`,
		`aria-describedby="captcha-loi captcha-note" aria-invalid="true">`,
		`<span class="error" id="captcha-loi">Vui lòng nhập mã xác nhận.</span>`,
		`action="/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song#viet-binh-luan"`,
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, `id="title-loi"`)

	// Messages in English on a Vietnamese page say so.
	v = h.form()
	v.Set(comment.FormName, "")
	_, page, _ = h.post(seedPath, v, "Accept-Language", "en")
	assert.Contains(t, page, `<span class="error" id="name-loi" lang="en">Please enter your name.</span>`)
}

// viewport sets the tab's width (and a phone's touch and scale below 600
// px), as a reader's screen would be.
func viewport(width int64) chromedp.Action[chromedp.Void] {
	if width < 600 {
		return chromedp.EmulateViewport(width, 844, chromedp.EmulateScale(1), chromedp.EmulateMobile)
	}
	return chromedp.EmulateViewport(width, 900)
}

// layoutCheck is what the browser measures of the article page's layout.
type layoutCheck struct {
	Overflow   int  `json:"overflow"`   // how far the page is wider than the viewport
	TextareaIn bool `json:"textareaIn"` // the textarea inside its form
	// The captcha's image, audio link and reload button: their tops, and
	// whether each fits on one line.
	ImgTop, AudioTop, ReloadTop float64
	AudioOneLine, ReloadOneLine bool
	LabelTop, InputTop          float64 // "Họ tên:" and its input
}

const measureLayout = `(() => {
  const r = s => document.querySelector(s).getBoundingClientRect();
  const oneLine = s => { const t = document.createRange(); t.selectNodeContents(document.querySelector(s)); return new Set([...t.getClientRects()].map(c => Math.round(c.top))).size === 1; };
  const form = r("#viet-binh-luan"), ta = r("#content");
  return {
    overflow: ` + pageOverflow + `,
    textareaIn: ta.left >= form.left && ta.right <= form.right,
    ImgTop: r("#captcha-img").top, AudioTop: r(".captcha-audio").top, ReloadTop: r("[data-captcha-reload]").top,
    AudioOneLine: oneLine(".captcha-audio"), ReloadOneLine: oneLine("[data-captcha-reload]"),
    LabelTop: r("label[for=name]").top, InputTop: r("#name").top,
  };
})()`

// TestPortalLayout opens the article page in headless Chromium at a
// phone's width and a desktop's and measures its layout: nothing wider
// than the screen, the textarea inside its form, the captcha's image,
// audio link and reload button on one row at 1280 px and wrapped whole at
// 390 px, with the proof of work's widget under them when it is there.
// With BINHLUAN_SCREENSHOTS=DIR it writes the README's screenshots
// there (docs/newsroom-*.png): the article and the form with errors at
// both widths.
func TestPortalLayout(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chromium := chromiumPath(t)
	// With ALTCHA's widget when it is installed, as a reader sees the page.
	h := newHarness(t, siteConfig{AltchaDir: defaultAltchaDir(os.Getenv)})
	h.readersTalk()
	ctx := browserTab(t, chromium, 120*time.Second)
	dir := os.Getenv("BINHLUAN_SCREENSHOTS")

	for _, width := range []int64{1280, 390} {
		_, err := chromedp.Run(ctx, viewport(width))
		require.NoError(t, err)
		_, err = chromedp.Run(ctx, chromedp.Navigate(h.srv.URL+seedPath))
		require.NoError(t, err)
		waitIn(t, ctx, `document.getElementById("captcha-img").complete && document.getElementById("captcha-img").naturalWidth > 0 && [...document.images].every(i => i.complete)`, 20*time.Second)
		m, err := chromedp.Run(ctx, chromedp.Evaluate[layoutCheck](measureLayout))
		require.NoError(t, err)
		t.Logf("%d px: %+v", width, m)
		assert.LessOrEqual(t, m.Overflow, 0, "%d px: nothing is wider than the screen", width)
		assert.True(t, m.TextareaIn, "%d px: the textarea stays inside the form", width)
		assert.True(t, m.AudioOneLine && m.ReloadOneLine, "%d px: neither link nor button breaks inside", width)
		if width >= 600 {
			assert.InDelta(t, m.AudioTop, m.ReloadTop, 12, "%d px: the audio link and the reload button on one row", width)
			assert.Less(t, m.AudioTop-m.ImgTop, 80.0, "%d px: beside the image, not under it", width)
			assert.InDelta(t, m.LabelTop, m.InputTop, 12, "%d px: the label beside its input", width)
		} else {
			assert.Greater(t, m.AudioTop-m.ImgTop, 70.0, "%d px: the links go under the image whole", width)
			assert.InDelta(t, m.AudioTop, m.ReloadTop, 12, "%d px: and stay together on their row", width)
		}
		if dir != "" {
			shoot(t, ctx, filepath.Join(dir, "newsroom-article-"+strconv.FormatInt(width, 10)+".png"))
		}
	}

	// The form sent without a name, a title or the digits, at both widths.
	for _, width := range []int64{1280, 390} {
		_, err := chromedp.Run(ctx, viewport(width))
		require.NoError(t, err)
		_, err = chromedp.Run(ctx, chromedp.Navigate(h.srv.URL+seedPath))
		require.NoError(t, err)
		waitIn(t, ctx, `document.getElementById("content") !== null`, 20*time.Second)
		h.clock.Advance(time.Minute) // the reader takes a minute to write
		require.NoError(t, chromedp.Do(ctx,
			chromedp.SendKeys("#phone", "0912 345 678"),
			chromedp.SendKeys("#content", "Ngắn quá"),
			chromedp.Click(`.comment-form p:last-of-type button[type=submit]`)))
		waitIn(t, ctx, `document.getElementById("loi-bieu-mau") !== null`, 20*time.Second)
		// The summary of the errors takes the focus.
		waitIn(t, ctx, `document.activeElement.id === "loi-bieu-mau"`, 5*time.Second)
		m, err := chromedp.Run(ctx, chromedp.Evaluate[layoutCheck](measureLayout))
		require.NoError(t, err)
		assert.LessOrEqual(t, m.Overflow, 0, "%d px: the form with errors is not wider than the screen", width)
		assert.True(t, m.TextareaIn, "%d px: the textarea stays inside the form", width)
		if dir != "" {
			shootForm(t, ctx, filepath.Join(dir, "newsroom-form-errors-"+strconv.FormatInt(width, 10)+".png"))
		}
	}
}

// shootForm writes a screenshot of the comment form across the page's
// width, from a little above it to a little below, to name.
func shootForm(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[2]float64](`document.activeElement.blur();
		(r => [r.top + window.scrollY - 24, r.bottom + window.scrollY + 24])(document.getElementById("viet-binh-luan").getBoundingClientRect())`))
	require.NoError(t, err)
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err)
	b := img.Bounds()
	form := img.(interface {
		SubImage(image.Rectangle) image.Image
	}).SubImage(image.Rect(b.Min.X, max(b.Min.Y, int(box[0])), b.Max.X, min(b.Max.Y, int(box[1]))))
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, form))
	writePNG(t, name, buf.Bytes())
}

// shoot writes a screenshot of the whole page to name.
func shoot(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	shot, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	writePNG(t, name, shot)
}

// writePNG writes a screenshot to name in 256 colours at the best
// compression: the README's screenshots are committed, and a page of text
// on flat colours loses nothing visible in its 256 commonest colours.
func writePNG(t *testing.T, name string, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, paletted(img)))
	require.NoError(t, os.WriteFile(name, buf.Bytes(), 0o644))
	b := img.Bounds()
	t.Logf("wrote %s: %dx%d, %d bytes", name, b.Dx(), b.Dy(), buf.Len())
}

// paletted returns img in its 256 commonest colours, each other colour
// drawn as the nearest of them.
func paletted(img image.Image) *image.Paletted {
	b := img.Bounds()
	freq := map[color.RGBA]int{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			freq[color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)]++
		}
	}
	colours := slices.SortedFunc(maps.Keys(freq), func(a, b color.RGBA) int {
		return cmp.Or(freq[b]-freq[a], cmp.Compare(uint32(a.R)<<16|uint32(a.G)<<8|uint32(a.B), uint32(b.R)<<16|uint32(b.G)<<8|uint32(b.B)))
	})
	pal := make(color.Palette, 0, 256)
	for _, c := range colours[:min(256, len(colours))] {
		pal = append(pal, c)
	}
	out := image.NewPaletted(b, pal)
	index := make(map[color.RGBA]uint8, len(colours))
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			i, ok := index[c]
			if !ok {
				i = uint8(pal.Index(c))
				index[c] = i
			}
			out.SetColorIndex(x, y, i)
		}
	}
	return out
}
