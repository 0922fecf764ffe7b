package main

import (
	"context"
	"html"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
)

// TestLabelsComplete checks that every label the desk's code and
// templates use is in the catalog in both languages.
func TestLabelsComplete(t *testing.T) {
	known := map[string]bool{}
	for _, l := range deskLabels {
		assert.False(t, known[l.key], "%s is given once", l.key)
		known[l.key] = true
		assert.NotEmpty(t, l.vi, l.key)
		assert.NotEmpty(t, l.en, l.key)
	}
	used := regexp.MustCompile(`"((?:desk|reportpage)\.[a-z_.]*[a-z_])"`)
	files, err := fs.Glob(os.DirFS("."), "*.go")
	require.NoError(t, err)
	more, err := fs.Glob(templates, "templates/*.html")
	require.NoError(t, err)
	for _, name := range append(files, more...) {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		data, err := os.ReadFile(name)
		require.NoError(t, err)
		for _, m := range used.FindAllStringSubmatch(string(data), -1) {
			assert.True(t, known[m[1]], "%s: label %s is not in the catalog", name, m[1])
		}
	}
	for _, prefix := range []string{"desk.action.", "desk.verdict.", "desk.learned.", "desk.kind."} {
		n := 0
		for k := range known {
			if strings.HasPrefix(k, prefix) {
				n++
			}
		}
		assert.Positive(t, n, "labels made with printf %s%%s", prefix)
	}
}

// visible returns the text of a page a reader sees: tags, styles and
// attribute values dropped, entities decoded.
func visible(page string) string {
	page = regexp.MustCompile(`(?s)<style>.*?</style>`).ReplaceAllString(page, " ")
	page = regexp.MustCompile(`(?s)<[^>]*>`).ReplaceAllString(page, " ")
	return html.UnescapeString(page)
}

// TestDeskLanguages renders every page of the desk in Vietnamese and under
// -lang en, with something in each queue, and looks for the other
// language's labels.
func TestDeskLanguages(t *testing.T) {
	vietnamese := []string{
		"Chờ duyệt", "Đã duyệt", "Thư rác", "Duyệt", "Xoá", "Gỡ bỏ", "Chặn", "Bỏ chặn", "Đăng xuất", "Đăng nhập",
		"Nhật ký", "Lý do", "Yêu cầu gỡ", "Hàng chờ", "Mật khẩu", "Tên đăng nhập", "Bộ lọc", "Trang sau",
		"Số điện thoại", "Lịch sử", "Sắp hết hạn", "Báo vi phạm", "Quyết định", "Không có", "giờ", "phút",
	}
	english := []string{
		"Approve", "Pending", "Approved", "Spam filter", "Remove", "Take down", "Ban the commenter", "Bans in force", "Unban", "Sign out", "Sign in",
		"Audit", "Reason", "Takedown", "Queues", "Password", "User name", "Next page", "Phone number", "History",
		"Due soon", "Report", "Decision", "(ham)", "(spam)", "(unsure)", "held for a moderator", "ham", "left",
	}
	for _, tt := range []struct {
		lang   string
		absent []string
	}{
		{"vi", english},
		{"en", vietnamese},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			h := newHarness(t, siteConfig{Password: testPassword, Lang: tt.lang})
			// Something in every queue, in words of neither language.
			reported := h.fillDesk(deskFill{Name: "Xyz", Title: "Qwerty", Content: "Zzz zzz zzz zzz.", Requester: "Qwerty"})

			code, login := h.get(loginPath)
			require.Equal(t, http.StatusOK, code)
			pages := map[string]string{"login": login}
			for _, tab := range deskTabs {
				pages[tab.Tab] = h.deskGet("/quan-tri?tab=" + tab.Tab)
			}
			pages["bans"] = h.deskGet("/quan-tri/chan")
			pages["audit"] = h.deskGet("/quan-tri/nhat-ky")
			_, pages["history"] = h.deskPost("/quan-tri/du-lieu", url.Values{"action": {"history"}, "phone": {"0912345678"}})
			_, pages["erase"] = h.deskPost("/quan-tri/du-lieu", url.Values{"action": {"erase"}, "phone": {"0912345678"}})
			_, pages["notice"] = h.deskPost("/quan-tri/"+reported.ID, url.Values{"action": {"ban"}})
			_, pages["banned"] = h.deskPost("/quan-tri/"+reported.ID+"/chan", url.Values{"subject": {"phone"}})
			_, pages["wrong password"], _ = h.login(oneTimeUser, "sai")
			// The report form, which a reader sees in the portal's page: its
			// main part.
			a, ok := h.s.archive.Get(reported.ArticleID)
			require.True(t, ok)
			code, report := h.get(reportPath(a, reported.ID))
			require.Equal(t, http.StatusOK, code)
			pages["report"] = report[:strings.Index(report, "<head>")] + between(t, report, "<main", "</main>")
			for name, page := range pages {
				assert.Contains(t, page, `<html lang="`+tt.lang+`">`, "%s: the page's language", name)
				text := visible(page)
				for _, word := range tt.absent {
					assert.NotContains(t, text, word, "%s in %s: a label of the other language", name, tt.lang)
				}
			}
			assert.Contains(t, pages[tabTakedowns], map[string]string{"vi": "⚠ Sắp hết hạn", "en": "⚠ Due soon"}[tt.lang])
			for name, want := range map[string][2]string{
				"wrong password": {"Sai tên đăng nhập hoặc mật khẩu.", "Wrong user name or password."},
				"banned":         {"Đã chặn +84912345678: lần chặn thứ 1", "+84912345678 is banned: ban number 1"},
				"report":         {"Gửi báo vi phạm", "Send the report"},
			} {
				assert.Contains(t, pages[name], want[map[string]int{"vi": 0, "en": 1}[tt.lang]], "%s: the page checked is the one meant", name)
			}
		})
	}
}

// deskFill is what fillDesk writes in the comments it adds.
type deskFill struct {
	Name, Title, Content string
	Requester            string // of the takedown request
}

// fillDesk puts something in every queue of the desk, from the phone
// number 0912 345 678 and the address 192.0.2.7: a comment held for a
// moderator, one held for abuse, one the spam filter caught, and one
// approved, then reported by a reader and asked down by an authority 22
// hours ago (2 hours left: urgent); the address is shadow-banned. It
// returns the approved comment.
func (h *harness) fillDesk(f deskFill) comment.Comment {
	h.t.Helper()
	ctx := context.Background()
	add := func(status comment.Status, reason comment.Reason) comment.Comment {
		c, err := h.comments.Add(ctx, comment.Comment{
			ArticleID: "long-bien", Name: f.Name, Title: f.Title, Content: f.Content,
			Phone: mustPhone(h.t, "0912345678"), IP: "192.0.2.7",
			CreatedAt: h.clock.Now(), Status: status, Reason: reason,
		})
		require.NoError(h.t, err)
		return c
	}
	add(comment.Pending, comment.ReasonHeld)
	add(comment.Pending, comment.ReasonAbuse)
	add(comment.Spam, comment.ReasonSpamFilter)
	reported := add(comment.Approved, comment.ReasonTrusted)
	_, err := h.s.desk.Report(ctx, comment.Report{CommentID: reported.ID, Reader: "r-x", Reason: comment.ReportOffensive})
	require.NoError(h.t, err)
	_, err = h.s.desk.RequestTakedown(ctx, comment.Takedown{CommentID: reported.ID, Source: comment.FromAuthority, Requester: f.Requester, Received: h.clock.Now().Add(-22 * time.Hour)})
	require.NoError(h.t, err)
	_, err = h.s.desk.Ban(ctx, comment.Subject{Kind: comment.SubjectIP, Value: "192.0.2.7"}, true, time.Time{}, "admin", "")
	require.NoError(h.t, err)
	return h.stored(reported.ID)
}

// mustPhone parses a phone number the test knows to be good.
func mustPhone(t *testing.T, s string) phone.Number {
	t.Helper()
	n, err := phone.Parse(s)
	require.NoError(t, err)
	return n
}
