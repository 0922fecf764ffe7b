package main

import (
	"context"
	"fmt"
	"net/http"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha/limit"
	"github.com/binhluan/binhluan/comment"
)

// reportForm reads the report page of a comment and returns a report of
// the reason, the clock moved on as a reader takes to choose.
func (h *harness) reportForm(id, reason string) url.Values {
	h.t.Helper()
	code, page := h.get(seedPath + "/bao-vi-pham/" + id)
	require.Equal(h.t, http.StatusOK, code)
	h.clock.Advance(10 * time.Second)
	return url.Values{"reason": {reason}, "form_token": {hidden(h.t, page, "form_token")}}
}

// sendReport posts a report as the reader of the user agent.
func (h *harness) sendReport(id string, v url.Values, agent string) (int, string, *http.Response) {
	h.t.Helper()
	return h.post(seedPath+"/bao-vi-pham/"+id, v, "User-Agent", agent)
}

func TestReport(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.approvedComment(0, "")
	_, article := h.get(seedPath)
	assert.Contains(t, article, `<a href="`+seedPath+`/bao-vi-pham/`+c.ID+`" rel="nofollow">Báo vi phạm</a>`, "a link under the comment")

	code, page := h.get(seedPath + "/bao-vi-pham/" + c.ID)
	require.Equal(t, http.StatusOK, code)
	for _, r := range comment.ReportReasons {
		assert.Contains(t, page, `<input type="radio" id="ly-do-`+string(r)+`" name="reason" value="`+string(r)+`" required>`)
		assert.Contains(t, page, `<label for="ly-do-`+string(r)+`">`+h.s.messages.Text(h.s.messageLang(&http.Request{}), "report."+string(r))+`</label>`)
	}
	assert.Contains(t, page, "<legend>Lý do báo vi phạm")
	assert.Contains(t, page, "Đồng ý với bài viết.", "the comment reported is quoted")

	v := h.reportForm(c.ID, "offensive")
	v.Set("note", "Lời lẽ thô tục")
	code, _, res := h.sendReport(c.ID, v, "trình duyệt A")
	require.Equal(t, http.StatusSeeOther, code)
	thanks := res.Header.Get("Location")
	assert.Equal(t, seedPath+"/bao-vi-pham/"+c.ID+"?da-gui=1", thanks)
	code, page = h.get(thanks)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "Cảm ơn bạn đã báo vi phạm.")
	assert.NotRegexp(t, `\d+ (lượt|báo cáo)`, page, "never how many reports there are")

	code, _, res = h.sendReport(c.ID, h.reportForm(c.ID, "spam"), "trình duyệt A")
	assert.Equal(t, http.StatusSeeOther, code, "a second report answers the same")
	assert.Equal(t, thanks, res.Header.Get("Location"))
	reports, err := h.s.mod().Reports(context.Background(), c.ID)
	require.NoError(t, err)
	require.Len(t, reports, 1, "stored once")
	assert.Equal(t, comment.ReportOffensive, reports[0].Reason)
	assert.Equal(t, "Lời lẽ thô tục", reports[0].Note)
	assert.True(t, strings.HasPrefix(reports[0].Reader, "r1-"), "a reader key, not the address")

	for _, tt := range []struct {
		name string
		edit func(url.Values)
		want string
	}{
		{"no reason", func(v url.Values) { v.Del("reason") }, "Vui lòng chọn một lý do báo vi phạm."},
		{"unknown reason", func(v url.Values) { v.Set("reason", "boring") }, "Vui lòng chọn một lý do báo vi phạm."},
		{"note too long", func(v url.Values) { v.Set("note", strings.Repeat("a", comment.MaxNote+1)) }, "Ghi chú quá dài"},
		{"bad token", func(v url.Values) { v.Set("form_token", "hỏng") }, "Không kiểm tra được biểu mẫu"},
		{"no token", func(v url.Values) { v.Del("form_token") }, "Không kiểm tra được biểu mẫu"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			v := h.reportForm(c.ID, "spam")
			tt.edit(v)
			code, page, _ := h.sendReport(c.ID, v, "trình duyệt B")
			assert.Equal(t, http.StatusBadRequest, code)
			assert.Contains(t, page, tt.want)
		})
	}
	code, _, _ = h.sendReport(c.ID, url.Values{"note": {strings.Repeat("a", maxReportBody)}}, "trình duyệt B")
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)

	pending := h.comment()
	code, _ = h.get(seedPath + "/bao-vi-pham/" + pending.ID)
	assert.Equal(t, http.StatusNotFound, code, "a comment nobody sees cannot be reported")
	code, _ = h.get("/bai-viet/gia-lam-khanh-thanh-ba-truong-hoc-dat-chuan-quoc-gia/bao-vi-pham/" + c.ID)
	assert.Equal(t, http.StatusNotFound, code, "on another article")
}

// TestReportLimit sends more reports from one reader than a day allows:
// the one past the limit gets a polite 429.
func TestReportLimit(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	for i := range comment.DefaultReportsPerReader + 1 {
		c := h.approvedComment(i, "")
		code, page, res := h.sendReport(c.ID, h.reportForm(c.ID, "spam"), "trình duyệt C")
		if i < comment.DefaultReportsPerReader {
			require.Equal(t, http.StatusSeeOther, code, "report %d", i+1)
			continue
		}
		assert.Equal(t, http.StatusTooManyRequests, code, "report %d", i+1)
		assert.Contains(t, page, "Bạn đã gửi nhiều báo vi phạm trong hôm nay")
		assert.NotEmpty(t, res.Header.Get("Retry-After"))
	}
}

// TestReportsLimitedPerAddress changes the user agent, and so the reader
// key, at every report: the address's limit on posting still stops the
// flood.
func TestReportsLimitedPerAddress(t *testing.T) {
	limits := &siteLimits{
		Issue: limit.Config{PerAddr: limit.Rate{Burst: 100, Every: time.Hour}, PerPrefix: limit.Rate{Burst: 100, Every: time.Hour}},
		Post:  limit.Config{PerAddr: limit.Rate{Burst: 3, Every: time.Hour}, PerPrefix: limit.Rate{Burst: 100, Every: time.Hour}},
	}
	h := newHarness(t, siteConfig{Password: testPassword, Limits: limits})
	c := h.approvedComment(0, "")
	for i := range 4 {
		if i == 2 {
			c = h.approvedComment(1, "") // two reports on each: none goes back to the queue
		}
		code, _, res := h.sendReport(c.ID, h.reportForm(c.ID, "spam"), fmt.Sprintf("trình duyệt %d", i))
		if i < 3 {
			require.Equal(t, http.StatusSeeOther, code, "report %d", i+1)
			continue
		}
		assert.Equal(t, http.StatusTooManyRequests, code, "report %d from the same address", i+1)
		assert.NotEmpty(t, res.Header.Get("Retry-After"))
	}
	reports, err := h.comments.Reports(context.Background(), c.ID)
	require.NoError(t, err)
	assert.Len(t, reports, 1, "the fourth report was not stored")
}

// TestReportRequeue has three readers report an approved comment: it goes
// back to the moderators, leaves the page, and what its approval taught
// the spam filter is taken back. One address posing as several browsers
// is one reader.
func TestReportRequeue(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword, TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}})
	c := h.comment()
	h.decide(c.ID, "approve")
	ham, spam := h.s.classifier().Docs()
	from := func(addr, agent string) int {
		code, _, _ := h.post(seedPath+"/bao-vi-pham/"+c.ID, h.reportForm(c.ID, "false_information"), "User-Agent", agent, "X-Forwarded-For", addr)
		return code
	}
	for i := range comment.DefaultRequeue {
		require.Equal(t, http.StatusSeeOther, from("203.0.113.9", fmt.Sprintf("trình duyệt %d", i)))
	}
	assert.Equal(t, comment.Approved, h.stored(c.ID).Status, "new user agents from one address are one reader")
	reports, err := h.comments.Reports(context.Background(), c.ID)
	require.NoError(t, err)
	assert.Len(t, reports, 1)
	for i := 1; i < comment.DefaultRequeue; i++ {
		require.Equal(t, http.StatusSeeOther, from(fmt.Sprintf("198.51.100.%d", i), "trình duyệt"))
	}
	got := h.stored(c.ID)
	assert.Equal(t, comment.Pending, got.Status)
	assert.Equal(t, comment.ReasonReported, got.Reason)
	_, page := h.get(seedPath)
	assert.NotContains(t, page, "Ý kiến về nghị quyết", "off the page at once")
	ham2, spam2 := h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham - 1, spam}, [2]uint64{ham2, spam2})
	h.decide(c.ID, "approve")
	ham3, _ := h.s.classifier().Docs()
	assert.Equal(t, ham, ham3, "approved again: learned once more, not twice")
}

// TestReportPageLanguage checks that a report page written in the
// reader's language, not the site's, says so to screen readers, and that
// the comment and article it quotes stay marked Vietnamese.
func TestReportPageLanguage(t *testing.T) {
	for _, tt := range []struct {
		site, accept, want, quoted string
	}{
		{"", "", `<div class="report-page">`, `aria-label="Bình luận được báo">`},
		{"", "vi-VN,vi;q=0.9", `<div class="report-page">`, `aria-label="Bình luận được báo">`},
		{"", "en-GB,en;q=0.9", `<div class="report-page" lang="en">`, `aria-label="The comment reported" lang="vi">`},
		// Under -lang en the content of every page is marked Vietnamese
		// (the layout's main), so English in it says so too.
		{"en", "", `<div class="report-page" lang="en">`, `aria-label="The comment reported" lang="vi">`},
		{"en", "vi", `<div class="report-page">`, `aria-label="Bình luận được báo">`},
	} {
		h := newHarness(t, siteConfig{Password: testPassword, Lang: tt.site})
		c := h.approvedComment(0, "")
		req, err := http.NewRequest(http.MethodGet, h.srv.URL+seedPath+"/bao-vi-pham/"+c.ID, nil)
		require.NoError(t, err)
		if tt.accept != "" {
			req.Header.Set("Accept-Language", tt.accept)
		}
		code, page, _ := h.do(req)
		require.Equal(t, http.StatusOK, code, tt.accept)
		assert.Contains(t, page, tt.want, "-lang %q, Accept-Language %q", tt.site, tt.accept)
		assert.Contains(t, page, tt.quoted, "-lang %q, Accept-Language %q", tt.site, tt.accept)
	}
}
