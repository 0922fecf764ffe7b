package main

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
)

// vietnameseFill is what the desk's browser tests put in its queues: a
// reader's words, as the screenshots show them.
var vietnameseFill = deskFill{
	Name: "Phạm Văn Hùng", Title: "Ý kiến về thoát nước",
	Content:   "Mùa mưa năm nay ngõ 245 phường Bồ Đề vẫn ngập sâu, mong quận sớm có giải pháp.",
	Requester: "Sở Thông tin và Truyền thông Hà Nội, công văn số 123/STTTT",
}

// deskBrowser drives the demo of a harness in a tab of headless Chromium
// as a moderator does.
type deskBrowser struct {
	t   *testing.T
	h   *harness
	ctx context.Context
}

// do runs actions in the tab, failing the test with what they were for.
func (d deskBrowser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	d.t.Helper()
	require.NoError(d.t, chromedp.Do(d.ctx, actions...), what)
}

// open opens the path of the site and waits until ready is true in it.
func (d deskBrowser) open(path, ready string) {
	d.t.Helper()
	d.do("open "+path, chromedp.Navigate(d.h.srv.URL+path))
	waitIn(d.t, d.ctx, ready, 20*time.Second)
}

// text returns the text of the first element sel matches.
func (d deskBrowser) text(sel string) string {
	d.t.Helper()
	s, err := chromedp.Run(d.ctx, chromedp.Text(sel))
	require.NoError(d.t, err, "text of %s", sel)
	return s
}

// signIn fills in the login page shown with the run's admin and the
// password and sends it, the clock moved on as a person takes to type.
func (d deskBrowser) signIn(password string) {
	d.t.Helper()
	d.h.clock.Advance(time.Second)
	d.do("sign in",
		chromedp.Evaluate[chromedp.Void](`document.getElementById("user").value = ""`), chromedp.SendKeys("#user", oneTimeUser),
		chromedp.SendKeys("#password", password),
		chromedp.Click(`button[type=submit]`))
}

// signOut presses "Đăng xuất" and waits for the login page.
func (d deskBrowser) signOut() {
	d.t.Helper()
	d.do("sign out", chromedp.Click(`form[action="/quan-tri/dang-xuat"] button`))
	waitIn(d.t, d.ctx, `document.getElementById("password") !== null && document.querySelector("form[action='/quan-tri/dang-xuat']") === null`, 20*time.Second)
}

// clearForm is the script that empties the comment form's fields.
const clearForm = `["name", "phone", "title", "content", "captcha"].forEach(id => document.getElementById(id).value = "")`

// writeComment fills in the comment form of the page shown as a reader
// would, with the captcha's answer read from the harness's store, sends
// it, and waits for the page that answers: the notice, or the form with
// its errors.
func (d deskBrowser) writeComment(name, number, title, content string) {
	d.t.Helper()
	id, err := chromedp.Run(d.ctx, chromedp.Value(`input[name=captcha_id]`))
	require.NoError(d.t, err)
	answer, ok := d.h.store.Answer(id)
	require.True(d.t, ok, "the challenge %q is in the store", id)
	d.h.clock.Advance(time.Minute) // the reader takes a minute to write
	d.do("write a comment as "+name,
		chromedp.Evaluate[chromedp.Void](clearForm),
		chromedp.SendKeys("#name", name), chromedp.SendKeys("#phone", number),
		chromedp.SendKeys("#title", title), chromedp.SendKeys("#content", content),
		chromedp.SendKeys("#captcha", answer),
		chromedp.Click(`.comment-form .actions button[type=submit]`))
	waitIn(d.t, d.ctx, `document.querySelector(".notice, .error") !== null`, 20*time.Second)
}

// lastAdded is the comment the site added last.
func (d deskBrowser) lastAdded() comment.Comment {
	d.t.Helper()
	d.h.comments.mu.Lock()
	defer d.h.comments.mu.Unlock()
	require.NotEmpty(d.t, d.h.comments.added)
	return d.h.comments.added[len(d.h.comments.added)-1]
}

// inRow is the selector sel inside the desk's row of the comment.
func inRow(id, sel string) string { return `article.row[aria-labelledby="t-` + id + `"] ` + sel }

// TestDeskBrowser drives the demo in headless Chromium as readers and a
// moderator do. Readers post a comment, reply to another and report a
// third with "Báo vi phạm"; the moderator signs in through the login
// form, approves the comment, which then shows under the article, takes
// the reported one down with a reason, kept in the audit log, bans the
// first reader by phone number, whose next comment is refused with the
// ban's end, and shadow-bans the second, whose next comment is taken as
// if nothing happened but stored as spam, banned, and shown to nobody.
// With BINHLUAN_SCREENSHOTS=DIR it writes the README's screenshots of
// the desk there (docs/newsroom-desk-*.png): its queue of comments
// waiting, at 1280 and 390 px.
func TestDeskBrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("the browser test is not short")
	}
	chromium := chromiumPath(t)
	h := newHarness(t, siteConfig{Password: testPassword})
	// Two comments under the article: one to reply to, and one a
	// trusted commenter's, approved by the site, to report.
	first := h.readerComment("long-bien", "", "Nguyễn Văn An", "Mong sớm chống ngập",
		"Chương trình 03 về thoát nước là điều người dân phường Bồ Đề mong nhất.", 20)
	reported, err := h.comments.Add(context.Background(), comment.Comment{
		ArticleID: "long-bien", Name: "Lê Minh Quân", Title: "Cải cách hành chính",
		Content:   "Làm thủ tục ở phường đã nhanh hơn trước, liên hệ dịch vụ làm hộ giá rẻ.",
		CreatedAt: h.clock.Now().Add(40 * time.Minute), Status: comment.Approved, Reason: comment.ReasonTrusted,
	})
	require.NoError(t, err)
	ctx := browserTab(t, chromium, 180*time.Second)
	d := deskBrowser{t: t, h: h, ctx: ctx}
	_, err = chromedp.Run(ctx, viewport(1280))
	require.NoError(t, err)

	// A reader posts a comment.
	const mai, maiPhone = "Đinh Thị Mai", "0987 111 222"
	d.open(seedPath, `document.getElementById("content") !== null`)
	d.writeComment(mai, maiPhone, "Đề nghị lắp thêm đèn", "Ngõ 12 phường Thạch Bàn tối om, mong quận lắp thêm đèn chiếu sáng.")
	assert.Contains(t, d.text(".notice"), "Bình luận của bạn đang chờ duyệt")
	posted := d.lastAdded()
	assert.Equal(t, comment.Pending, posted.Status, "held for a moderator")

	// Another replies to the first comment.
	const tuan, tuanPhone = "Hoàng Minh Tuấn", "0977 333 444"
	d.do("open the reply form", chromedp.Click(`#bl-`+first.ID+` .reply-link a`))
	waitIn(t, ctx, `document.querySelector("input[name=parent_id]") !== null`, 20*time.Second)
	assert.Contains(t, d.text(".replying"), "Nguyễn Văn An")
	d.writeComment(tuan, tuanPhone, "Trả lời bạn An", "Ngõ nhà tôi ở Bồ Đề cũng ngập, mong quận nạo vét cống sớm.")
	assert.Contains(t, d.text(".notice"), "Bình luận của bạn đang chờ duyệt")
	reply := d.lastAdded()
	assert.Equal(t, first.ID, reply.ParentID, "a reply to the first comment")

	// A reader reports the third comment.
	d.open(seedPath, `document.getElementById("bl-`+reported.ID+`") !== null`)
	d.do("open its report form", chromedp.Click(`#bl-`+reported.ID+` .report-link a`))
	waitIn(t, ctx, `document.querySelector(".report-form") !== null`, 20*time.Second)
	assert.Contains(t, d.text("h1"), "Báo vi phạm")
	assert.Contains(t, d.text("blockquote"), "Cải cách hành chính", "the form quotes the comment")
	h.clock.Advance(30 * time.Second)
	d.do("report it",
		chromedp.Click(`#ly-do-`+string(comment.ReportSpam)),
		chromedp.SendKeys("#report-note", "Quảng cáo dịch vụ làm thủ tục."),
		chromedp.Click(`.report-form button[type=submit]`))
	waitIn(t, ctx, `document.querySelector(".notice") !== null`, 20*time.Second)
	assert.Contains(t, d.text(".notice"), "Cảm ơn bạn đã báo vi phạm")
	queue, err := h.s.mod().ReportQueue(context.Background(), comment.PageRequest{Limit: 10})
	require.NoError(t, err)
	require.Len(t, queue.Items, 1, "the report is on the desk")
	assert.Equal(t, reported.ID, queue.Items[0].Comment.ID)
	assert.Equal(t, 1, queue.Items[0].Reasons[comment.ReportSpam])

	// The moderator signs in through the form and finds both comments
	// waiting.
	d.open("/quan-tri", `document.getElementById("password") !== null`)
	d.signIn(testPassword)
	waitIn(t, ctx, `document.querySelector(".tabs") !== null`, 20*time.Second)
	page := d.text("main")
	assert.Contains(t, page, "Đề nghị lắp thêm đèn")
	assert.Contains(t, page, "Trả lời bạn An")
	dir := os.Getenv("BINHLUAN_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	for _, width := range []int64{390, 1280} {
		_, err := chromedp.Run(ctx, viewport(width))
		require.NoError(t, err)
		d.open("/quan-tri", `document.querySelector(".tabs") !== null`)
		name := filepath.Join(dir, "newsroom-desk-"+strconv.FormatInt(width, 10)+".png")
		shoot(t, ctx, name)
		st, err := os.Stat(name)
		require.NoError(t, err)
		assert.Greater(t, st.Size(), int64(10_000), "a screenshot of the desk")
	}

	// Approved, the comment shows under the article.
	d.do("approve", chromedp.Click(inRow(posted.ID, `button[value=approve]`)))
	waitIn(t, ctx, `document.querySelector(`+"`"+inRow(posted.ID, "")+"`"+`) === null && document.querySelector(".tabs") !== null`, 20*time.Second)
	assert.Equal(t, comment.Approved, h.stored(posted.ID).Status)
	d.open(seedPath, `document.getElementById("bl-`+posted.ID+`") !== null`)
	assert.Contains(t, d.text("#bl-"+posted.ID), "Ngõ 12 phường Thạch Bàn tối om")

	// The reported comment, taken down with a reason, leaves the article;
	// the reason is in the audit log.
	const grounds = "Quảng cáo trá hình, vi phạm quy định bình luận."
	d.open("/quan-tri?tab="+tabReported, `document.querySelector(`+"`"+inRow(reported.ID, "")+"`"+`) !== null`)
	d.do("take it down",
		chromedp.Click(inRow(reported.ID, `details:nth-of-type(1) summary`)),
		chromedp.SendKeys("#go-"+reported.ID, grounds),
		chromedp.Click(inRow(reported.ID, `form[action$="/go-bo"] button`)))
	waitIn(t, ctx, `document.querySelector(`+"`"+inRow(reported.ID, "")+"`"+`) === null && document.querySelector(".tabs") !== null`, 20*time.Second)
	got := h.stored(reported.ID)
	assert.Equal(t, comment.Trash, got.Status)
	assert.Equal(t, comment.ReasonTakedown, got.Reason)
	d.open("/quan-tri/nhat-ky", `document.querySelector("table") !== null`)
	assert.Contains(t, d.text("table"), grounds, "the audit log keeps the grounds")
	d.open(seedPath, `document.querySelector(".comments") !== null`)
	assert.NotContains(t, d.text(".comments"), "Cải cách hành chính", "gone from the article")

	// The first reader, banned by phone number, is refused with the ban's
	// end.
	d.open("/quan-tri?tab="+tabApproved, `document.querySelector(`+"`"+inRow(posted.ID, "")+"`"+`) !== null`)
	d.do("ban the first reader",
		chromedp.Click(inRow(posted.ID, `details:nth-of-type(3) summary`)),
		chromedp.Click(inRow(posted.ID, `input[name=subject][value=phone]`)),
		chromedp.SendKeys("#bn-"+posted.ID, "Thử cấm"),
		chromedp.Click(inRow(posted.ID, `form[action$="/chan"] button`)))
	waitIn(t, ctx, `document.querySelector("[role=status]") !== null`, 20*time.Second)
	assert.Contains(t, d.text("[role=status]"), "Đã chặn +84987111222: lần chặn thứ 1, đến 06/12/2020")
	d.open(seedPath, `document.getElementById("content") !== null`)
	before := h.comments.addedCount()
	d.writeComment(mai, maiPhone, "Lại là tôi", "Tôi muốn góp thêm một ý kiến nữa về chuyện đèn đường.")
	assert.Contains(t, d.text(".comment-form"), "Bạn đang bị tạm khóa bình luận đến 06/12/2020", "the reader is told until when")
	assert.Equal(t, before, h.comments.addedCount(), "the comment is refused")

	// The second, shadow-banned, is told nothing; the comment is stored
	// as spam, banned, and nobody sees it.
	d.open("/quan-tri", `document.querySelector(`+"`"+inRow(reply.ID, "")+"`"+`) !== null`)
	d.do("shadow-ban the second reader",
		chromedp.Click(inRow(reply.ID, `details:nth-of-type(3) summary`)),
		chromedp.Click(inRow(reply.ID, `input[name=subject][value=phone]`)),
		chromedp.Click(inRow(reply.ID, `input[name=shadow]`)),
		chromedp.Click(inRow(reply.ID, `form[action$="/chan"] button`)))
	waitIn(t, ctx, `document.querySelector("[role=status]") !== null`, 20*time.Second)
	assert.Contains(t, d.text("[role=status]"), "Đã chặn +84977333444")
	d.open(seedPath, `document.getElementById("content") !== null`)
	d.writeComment(tuan, tuanPhone, "Ý kiến khác", "Một ý kiến mà không ai được thấy trên trang.")
	assert.Contains(t, d.text(".notice"), "Bình luận của bạn đang chờ duyệt", "told as any reader is")
	shadowed := d.lastAdded()
	assert.Equal(t, comment.Spam, shadowed.Status)
	assert.Equal(t, comment.ReasonBanned, shadowed.Reason)
	assert.NotContains(t, d.text("body"), "Một ý kiến mà không ai được thấy")
}
