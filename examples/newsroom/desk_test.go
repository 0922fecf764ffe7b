package main

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/article"
	"github.com/binhluan/binhluan/comment"
)

// deskPost posts a desk form as the run's admin, with the session's CSRF
// token.
func (h *harness) deskPost(path string, v url.Values) (int, string) {
	h.t.Helper()
	if v == nil {
		v = url.Values{}
	}
	v.Set("csrf", h.csrf())
	code, page := h.admin(http.MethodPost, path, v, testPassword)
	return code, html.UnescapeString(page)
}

// deskGet reads a desk page as the run's admin, wanting it shown.
func (h *harness) deskGet(path string) string {
	h.t.Helper()
	code, page := h.admin(http.MethodGet, path, nil, testPassword)
	require.Equal(h.t, http.StatusOK, code, path)
	return html.UnescapeString(page)
}

// approved posts a comment and approves it, as a moderator would.
func (h *harness) approved() comment.Comment {
	h.t.Helper()
	c := h.comment()
	h.decide(c.ID, "approve")
	return h.stored(c.ID)
}

// audit returns the newest audit entry of a comment.
func (h *harness) audit(id string) comment.AuditEntry {
	h.t.Helper()
	page, err := h.s.mod().Audit(context.Background(), comment.AuditQuery{CommentID: id, Limit: 1})
	require.NoError(h.t, err)
	require.NotEmpty(h.t, page.Entries, "an audit entry of comment %s", id)
	return page.Entries[0]
}

// TestDeskDecisions approves and rejects through the desk: each decision
// is recorded under the moderator's name.
func TestDeskDecisions(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	for _, tt := range []struct {
		action string
		want   comment.Status
	}{
		{"approve", comment.Approved},
		{"spam", comment.Spam},
		{"delete", comment.Trash},
	} {
		t.Run(tt.action, func(t *testing.T) {
			c := h.comment()
			h.decide(c.ID, tt.action)
			got := h.stored(c.ID)
			assert.Equal(t, tt.want, got.Status)
			assert.Equal(t, comment.ReasonModerator, got.Reason)
			e := h.audit(c.ID)
			assert.Equal(t, comment.ActionDecide, e.Action)
			assert.Equal(t, oneTimeUser, e.Actor, "recorded under the moderator's name")
			assert.Equal(t, tt.want, e.To)
		})
	}
}

func TestDeskTakeDown(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.comment()
	h.decide(c.ID, "approve")
	ham, spam := h.s.classifier().Docs()

	code, page := h.deskPost("/quan-tri/"+c.ID+"/go-bo", url.Values{"tab": {tabApproved}})
	assert.Equal(t, http.StatusBadRequest, code, "no grounds")
	assert.Contains(t, page, "Vui lòng ghi lý do gỡ bỏ")
	assert.Equal(t, comment.Approved, h.stored(c.ID).Status)

	code, _ = h.deskPost("/quan-tri/"+c.ID+"/go-bo", url.Values{"tab": {tabApproved}, "note": {"Xúc phạm danh dự người khác"}})
	require.Equal(t, http.StatusSeeOther, code)
	got := h.stored(c.ID)
	assert.Equal(t, comment.Trash, got.Status)
	assert.Equal(t, comment.ReasonTakedown, got.Reason)
	e := h.audit(c.ID)
	assert.Equal(t, comment.ActionTakedown, e.Action)
	assert.Equal(t, oneTimeUser, e.Actor)
	tk, err := h.s.mod().Takedown(context.Background(), e.Ref)
	require.NoError(t, err)
	assert.Equal(t, "Xúc phạm danh dự người khác", tk.Note, "the grounds are kept")
	assert.Equal(t, comment.FromModerator, tk.Source)
	ham2, spam2 := h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham - 1, spam}, [2]uint64{ham2, spam2}, "what its approval taught is taken back")
	_, page = h.get(seedPath)
	assert.NotContains(t, page, "Ý kiến về nghị quyết", "gone from the article")

	code, _ = h.deskPost("/quan-tri/KHONGCO/go-bo", url.Values{"note": {"x"}})
	assert.Equal(t, http.StatusNotFound, code)
}

func TestDeskTakedownRequest(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.approved()
	vn := func(t time.Time) string { return t.In(article.Vietnam()).Format(deskTime) }
	h.csrf()                                                                                 // signed in first
	h.clock.Advance(h.clock.Now().Truncate(time.Minute).Add(time.Minute).Sub(h.clock.Now())) // a whole minute
	received := h.clock.Now().Add(-time.Hour)
	for _, tt := range []struct {
		name string
		v    url.Values
		want string
	}{
		{"no source", url.Values{"requester": {"Sở TT&TT"}, "received": {vn(received)}}, "Vui lòng chọn nguồn yêu cầu"},
		{"own source", url.Values{"source": {"moderator"}, "requester": {"Sở TT&TT"}, "received": {vn(received)}}, "Vui lòng chọn nguồn yêu cầu"},
		{"no requester", url.Values{"source": {"authority"}, "received": {vn(received)}}, "Vui lòng ghi người hoặc cơ quan yêu cầu"},
		{"bad date", url.Values{"source": {"authority"}, "requester": {"Sở TT&TT"}, "received": {"2020-11-29 11:00"}}, "ngày/tháng/năm"},
		{"future", url.Values{"source": {"authority"}, "requester": {"Sở TT&TT"}, "received": {vn(h.clock.Now().Add(time.Hour))}}, "không ở tương lai"},
	} {
		code, page := h.deskPost("/quan-tri/"+c.ID+"/yeu-cau-go", tt.v)
		assert.Equal(t, http.StatusBadRequest, code, tt.name)
		assert.Contains(t, page, tt.want, tt.name)
	}

	code, _ := h.deskPost("/quan-tri/"+c.ID+"/yeu-cau-go", url.Values{
		"source": {"authority"}, "requester": {"Sở TT&TT Hà Nội, CV 123/STTTT"}, "received": {vn(received)}, "note": {"Thông tin sai sự thật"},
	})
	require.Equal(t, http.StatusSeeOther, code)
	assert.Equal(t, comment.Approved, h.stored(c.ID).Status, "a request waits for the moderator")
	page := h.deskGet("/quan-tri?tab=" + tabTakedowns)
	assert.Contains(t, page, "Yêu cầu gỡ (1)")
	assert.Contains(t, page, "còn 23 giờ 0 phút")
	assert.Contains(t, page, "Sở TT&TT Hà Nội, CV 123/STTTT")
	assert.Contains(t, page, "Nhận lúc: "+vn(received))
	assert.NotContains(t, page, `class="urgent"`, "a day left is not urgent")

	h.clock.Advance(20 * time.Hour)
	page = h.deskGet("/quan-tri?tab=" + tabTakedowns)
	assert.Contains(t, page, `<span class="urgent">⚠ Sắp hết hạn: còn 3 giờ 0 phút</span>`, "under 4 hours: red, and said in words")

	open, err := h.s.mod().OpenTakedowns(context.Background(), 0)
	require.NoError(t, err)
	require.Len(t, open, 1)
	code, _ = h.deskPost("/quan-tri/yeu-cau-go/"+open[0].ID+"/xong", nil)
	require.Equal(t, http.StatusSeeOther, code)
	got := h.stored(c.ID)
	assert.Equal(t, comment.Trash, got.Status)
	assert.Equal(t, comment.ReasonTakedown, got.Reason)
	done, err := h.s.mod().Takedown(context.Background(), open[0].ID)
	require.NoError(t, err)
	assert.Equal(t, oneTimeUser, done.DoneBy)
	assert.Contains(t, h.deskGet("/quan-tri?tab="+tabTakedowns), "Không có yêu cầu gỡ nào đang mở.")
	code, _ = h.deskPost("/quan-tri/yeu-cau-go/"+open[0].ID+"/xong", nil)
	assert.Equal(t, http.StatusConflict, code, "done already")

	// A request received more than a day ago is past its deadline: done at
	// once.
	late := h.approved()
	code, _ = h.deskPost("/quan-tri/"+late.ID+"/yeu-cau-go", url.Values{
		"source": {"authority"}, "requester": {"Sở TT&TT"}, "received": {vn(h.clock.Now().Add(-30 * time.Hour))},
	})
	require.Equal(t, http.StatusSeeOther, code)
	assert.Equal(t, comment.Trash, h.stored(late.ID).Status)
}

func TestDeskBan(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.comment()
	vn := func(t time.Time) string { return t.In(article.Vietnam()).Format(deskTime) }

	code, page := h.deskPost("/quan-tri/"+c.ID+"/chan", url.Values{"subject": {"phone"}, "note": {"Spam nhiều lần"}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "Đã chặn +84912345678: lần chặn thứ 1, đến "+vn(h.clock.Now().Add(7*24*time.Hour)))

	// The next comment is refused, with the end of the ban.
	code, page, _ = h.post(seedPath, h.form())
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Contains(t, page, "Bạn đang bị tạm khóa bình luận đến")

	bans := h.deskGet("/quan-tri/chan")
	assert.Contains(t, bans, "+84912345678")
	assert.Contains(t, bans, "Spam nhiều lần")
	list, err := h.s.mod().Bans(context.Background(), h.clock.Now(), 0)
	require.NoError(t, err)
	require.Len(t, list, 1)
	code, _ = h.deskPost("/quan-tri/chan/"+list[0].ID+"/bo", nil)
	require.Equal(t, http.StatusSeeOther, code)
	assert.Contains(t, h.deskGet("/quan-tri/chan"), "Không có lệnh chặn nào.")
	next := h.comment()
	assert.NotEqual(t, comment.ReasonBanned, next.Reason, "unbanned: taken as anyone's")

	// The second ban of the number lasts 30 days, the ladder's next step.
	code, page = h.deskPost("/quan-tri/"+c.ID+"/chan", url.Values{"subject": {"phone"}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "lần chặn thứ 2, đến "+vn(h.clock.Now().Add(30*24*time.Hour)))

	// A shadow ban of the address: the next comment looks taken, and is
	// kept as spam that nobody sees.
	other := newHarness(t, siteConfig{Password: testPassword})
	first := other.comment()
	code, page = other.deskPost("/quan-tri/"+first.ID+"/chan", url.Values{"subject": {"prefix"}, "shadow": {"1"}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "127.0.0.0/24")
	shadowed := other.comment()
	assert.Equal(t, comment.Spam, shadowed.Status)
	assert.Equal(t, comment.ReasonBanned, shadowed.Reason)

	code, _ = h.deskPost("/quan-tri/"+c.ID+"/chan", url.Values{"subject": {"device"}})
	assert.Equal(t, http.StatusBadRequest, code, "a subject the comment has not")
	code, _ = h.deskPost("/quan-tri/chan/KHONGCO/bo", nil)
	assert.Equal(t, http.StatusNotFound, code)
}

func TestDeskAuditAndHistory(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.comment()
	h.decide(c.ID, "approve")
	code, _ := h.deskPost("/quan-tri/"+c.ID+"/go-bo", url.Values{"note": {"Lộ thông tin cá nhân"}})
	require.Equal(t, http.StatusSeeOther, code)
	code, _ = h.deskPost("/quan-tri/"+c.ID+"/chan", url.Values{"subject": {"phone"}})
	require.Equal(t, http.StatusOK, code)

	page := h.deskGet("/quan-tri/nhat-ky")
	for _, want := range []string{"Quyết định", "Gỡ bỏ", "Chặn", "Đã duyệt", "Ban biên tập tự gỡ", "Lộ thông tin cá nhân", "+84912345678"} {
		assert.Contains(t, page, want)
	}
	assert.Less(t, strings.Index(page, "Chặn</td>"), strings.Index(page, "Quyết định</td>"), "newest first")

	code, page = h.deskPost("/quan-tri/du-lieu", url.Values{"action": {"history"}, "phone": {"0912 345 678"}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "Lịch sử của số 0912 345 678")
	assert.Contains(t, page, "Từ trước đến nay: 0 bình luận được duyệt, 1 bị loại.")
	assert.Contains(t, page, "Lần chặn thứ 1")
	assert.Contains(t, page, "Chưa phải người bình luận tin cậy.")
}

func TestDeskQueues(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	ctx := context.Background()
	add := func(title string, status comment.Status, reason comment.Reason) comment.Comment {
		c, err := h.comments.Add(ctx, comment.Comment{
			ArticleID: "long-bien", Name: "Lê Văn Tám", Title: title, Content: "Nội dung bình luận để thử.",
			CreatedAt: h.clock.Now(), Status: status, Reason: reason,
		})
		require.NoError(t, err)
		return c
	}
	add("Chờ bình thường", comment.Pending, comment.ReasonHeld)
	add("Lời lẽ nặng nề", comment.Pending, comment.ReasonAbuse)
	swearing, err := h.comments.Add(ctx, comment.Comment{
		ArticleID: "long-bien", Name: "Lê Văn Tám", Title: "Chửi", Content: "Địt mẹ thằng viết bài ngu như chó",
		CreatedAt: h.clock.Now(), Status: comment.Pending, Reason: comment.ReasonAbuse,
	})
	require.NoError(t, err)
	reported := add("Bị báo nhiều", comment.Approved, comment.ReasonModerator)
	for i, reason := range []comment.ReportReason{comment.ReportOffensive, comment.ReportOffensive} {
		_, err := h.s.desk.Report(ctx, comment.Report{CommentID: reported.ID, Reader: "r-" + string(rune('a'+i)), Reason: reason})
		require.NoError(t, err)
	}

	page := h.deskGet("/quan-tri?tab=" + tabAbuse)
	assert.Contains(t, page, "Lời lẽ xúc phạm (2)")
	assert.Contains(t, page, "Lời lẽ nặng nề")
	assert.Contains(t, page, "Bộ lọc lời lẽ xúc phạm: ", "the abuse filter's own explanation")
	assert.Contains(t, page, swearing.Content, "the comment itself is shown as written")
	assert.Contains(t, page, "^***", "the words that weighed are masked")
	assert.NotContains(t, page, "<code>^dit", "a swear word among the weights is masked")
	assert.NotContains(t, page, "Chờ bình thường", "only the abuse")
	assert.Contains(t, page, "Bộ lọc lời lẽ xúc phạm cảnh báo", "the filter's explanation")

	page = h.deskGet("/quan-tri?tab=" + tabReported)
	assert.Contains(t, page, "Bị báo vi phạm (1)")
	assert.Contains(t, page, "2 lượt báo vi phạm đang mở:")
	assert.Contains(t, page, "Xúc phạm, thô tục: 2")

	page = h.deskGet("/quan-tri")
	assert.Contains(t, page, "Chờ duyệt (3)")
	assert.Contains(t, page, "Chờ bình thường")
}

// TestRecordDecisionConflict checks that a decision the store refused as
// a conflict is an error even when another server has just made the same
// one: that server taught its lesson, and this one must take its own back.
func TestRecordDecisionConflict(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	ctx := context.Background()
	c, err := h.comments.Add(ctx, comment.Comment{
		ArticleID: "long-bien", Name: "Phạm Thu Hà", Title: "Quảng cáo", Content: "Vay tiền nhanh, lãi thấp.",
		CreatedAt: h.clock.Now(), Status: comment.Pending, Reason: comment.ReasonHeld,
	})
	require.NoError(t, err)
	d := comment.Decision{CommentID: c.ID, From: comment.Pending, FromReason: comment.ReasonHeld, To: comment.Spam,
		Reason: comment.ReasonModerator, Actor: "lan", At: h.clock.Now()}
	require.NoError(t, h.s.mod().Decide(ctx, d), "the other server's moderator decides first")
	d.Actor = "minh"
	assert.ErrorIs(t, h.s.recordDecision(ctx, d), comment.ErrConflict, "the same decision, refused")
}
