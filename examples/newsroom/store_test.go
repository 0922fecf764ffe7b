package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/internal/pgtest"
	"github.com/binhluan/binhluan/internal/redistest"
)

// oldLine is a line of the JSON-lines log of the earlier demo.
func oldLine(t *testing.T, c comment.Comment, learned string) string {
	t.Helper()
	b, err := json.Marshal(struct {
		comment.Comment
		Learned string `json:"learned,omitempty"`
	}{c, learned})
	require.NoError(t, err)
	return string(b) + "\n"
}

func TestImportOldLog(t *testing.T) {
	at := time.Date(2020, 11, 29, 5, 0, 0, 0, time.UTC)
	held := comment.Comment{
		ID: "AAAAAAAAAAAAAAAAAAAAAAAAAA", ArticleID: "long-bien", Name: "Trần Thị Bình",
		Title: "Góp ý", Content: "Mong quận làm sớm.", CreatedAt: at, Status: comment.Pending, Reason: comment.ReasonHeld,
	}
	decided := held
	// The old demo wrote a moderator's decision as free text.
	decided.Status, decided.Reason = comment.Approved, "moderator: approved"
	other := comment.Comment{
		ID: "BBBBBBBBBBBBBBBBBBBBBBBBBB", ArticleID: "long-bien", Name: "Lê Văn Cường",
		Title: "Hỏi", Content: "Bao giờ xong?", CreatedAt: at.Add(time.Minute), Status: comment.Pending, Reason: comment.ReasonUnsure,
	}
	log := oldLine(t, held, "") + oldLine(t, other, "") + oldLine(t, decided, "ham")

	dir := t.TempDir()
	logPath := filepath.Join(dir, oldLog)
	// A cut last line, left by a crash, is skipped as the old demo did.
	require.NoError(t, os.WriteFile(logPath, []byte(log+`{"id":"CUT","name":"Nguy`), 0o600))
	h := newHarness(t, siteConfig{DataDir: dir, Password: testPassword})
	got := h.stored(held.ID)
	assert.Equal(t, comment.Approved, got.Status, "the last line of an id wins")
	assert.Equal(t, "ham", learnedOf(got), "the lesson follows from the moderator's decision")
	assert.Equal(t, comment.Pending, h.stored(other.ID).Status)
	_, err := os.Stat(logPath)
	assert.ErrorIs(t, err, os.ErrNotExist, "the log is renamed once imported")
	_, err = os.Stat(logPath + importedSuffix)
	require.NoError(t, err)
	_, page := h.get(seedPath)
	assert.Contains(t, page, "Mong quận làm sớm.")
	require.NoError(t, h.s.close())

	// Started again: nothing to import, the comments are kept. A log that
	// comes back (an import stopped before the rename) adds only what is
	// new.
	third := other
	third.ID, third.CreatedAt = "CCCCCCCCCCCCCCCCCCCCCCCCCC", at.Add(2*time.Minute)
	require.NoError(t, os.WriteFile(logPath, []byte(log+oldLine(t, third, "")), 0o600))
	h2 := newHarness(t, siteConfig{DataDir: dir, Password: testPassword})
	n, err := h2.comments.Count(context.Background(), "", comment.Pending)
	require.NoError(t, err)
	assert.Equal(t, 2, n, "the second import adds the new comment only")
	n, err = h2.comments.Count(context.Background(), "", comment.Approved)
	require.NoError(t, err)
	assert.Equal(t, 1, n)

	t.Run("replies the old demo took unchecked", func(t *testing.T) {
		dir := t.TempDir()
		top := other
		top.ID, top.Status, top.Reason = "DDDDDDDDDDDDDDDDDDDDDDDDDD", comment.Approved, "moderator: approved"
		orphan := other
		orphan.ID, orphan.ParentID = "EEEEEEEEEEEEEEEEEEEEEEEEEE", "no-such-comment"
		toSpam := other
		toSpam.ID, toSpam.ParentID = "FFFFFFFFFFFFFFFFFFFFFFFFFF", "GGGGGGGGGGGGGGGGGGGGGGGGGG"
		spam := other
		spam.ID, spam.Status, spam.Reason = "GGGGGGGGGGGGGGGGGGGGGGGGGG", comment.Spam, "moderator: spam"
		reply := other
		reply.ID, reply.ParentID, reply.CreatedAt = "HHHHHHHHHHHHHHHHHHHHHHHHHH", top.ID, at.Add(time.Hour)
		lines := oldLine(t, top, "ham") + oldLine(t, orphan, "") + oldLine(t, spam, "spam") + oldLine(t, toSpam, "") + oldLine(t, reply, "")
		require.NoError(t, os.WriteFile(filepath.Join(dir, oldLog), []byte(lines), 0o600))
		h := newHarness(t, siteConfig{DataDir: dir, Password: testPassword})
		assert.Empty(t, h.stored(orphan.ID).ParentID, "a reply to nothing is kept as a comment of its own")
		assert.Empty(t, h.stored(toSpam.ID).ParentID, "a reply to a comment filed as spam too")
		assert.Equal(t, top.ID, h.stored(reply.ID).ParentID, "a reply to an approved comment stays one")
		assert.Equal(t, "spam", learnedOf(h.stored(spam.ID)))
	})

	t.Run("damage in the middle is an error", func(t *testing.T) {
		dir := t.TempDir()
		path := filepath.Join(dir, oldLog)
		require.NoError(t, os.WriteFile(path, []byte("{oops\n"+oldLine(t, other, "")), 0o600))
		_, err := newSite(siteConfig{DataDir: dir})
		require.Error(t, err)
		assert.Contains(t, err.Error(), "line 1")
		_, err = os.Stat(path)
		assert.NoError(t, err, "a log that was not imported keeps its name")
	})
}

// approvedComment adds an approved comment to the seed article directly,
// n minutes after the harness's clock.
func (h *harness) approvedComment(n int, parent string) comment.Comment {
	h.t.Helper()
	c, err := h.comments.Add(context.Background(), comment.Comment{
		ArticleID: "long-bien", ParentID: parent, Name: "Phạm Thu Hà", Title: fmt.Sprintf("Ý kiến số %d", n),
		Content: "Đồng ý với bài viết.", CreatedAt: h.clock.Now().Add(time.Duration(n) * time.Minute),
		Status: comment.Approved, Reason: comment.ReasonModerator,
	})
	require.NoError(h.t, err)
	return c
}

var hrefRE = regexp.MustCompile(`<a href="([^"]*)">(Xem thêm bình luận|Trả lời)</a>`)

// link returns the unescaped href of the first link of the page with the
// text, or "".
func link(page, text string) string {
	for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
		if m[2] == text {
			return strings.ReplaceAll(m[1], "&amp;", "&")
		}
	}
	return ""
}

func TestRepliesAndPages(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	parent := h.approvedComment(0, "")
	_, page := h.get(seedPath)
	assert.Contains(t, page, "Bình luận (1)")
	reply := link(page, "Trả lời")
	require.NotEmpty(t, reply, "a top-level comment takes replies")
	assert.Contains(t, reply, "tra-loi="+parent.ID)

	// The link opens the form as a reply, without JavaScript.
	code, page := h.get(strings.TrimSuffix(reply, "#viet-binh-luan"))
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, `<input type="hidden" name="parent_id" value="`+parent.ID+`">`)
	assert.Contains(t, page, "Trả lời <strong>Phạm Thu Hà</strong>")
	id := hidden(t, page, "captcha_id")
	answer, _ := h.store.Answer(id)
	h.clock.Advance(30 * time.Second)
	v := h.form()
	v.Set(comment.FormParentID, parent.ID)
	v.Set(comment.FormCaptchaID, id)
	v.Set(comment.FormCaptcha, answer)
	posted := h.postComment(v)
	assert.Equal(t, parent.ID, posted.ParentID, "the reply names its parent")
	h.decide(posted.ID, "approve")
	_, page = h.get(seedPath)
	inOrder(t, page, "Ý kiến số 0", `<div class="comment reply" id="bl-`+posted.ID+`">`, "Ý kiến về nghị quyết")
	assert.Equal(t, 1, strings.Count(page, ">Trả lời</a>"), "replies take no replies")

	// A reply to a comment that takes none is refused, with the form kept.
	v = h.form()
	v.Set(comment.FormParentID, posted.ID)
	code, page, _ = h.post(seedPath, v)
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Contains(t, page, `class="error" role="alert"`)
	assert.NotContains(t, page, `name="parent_id"`, "the form becomes a new comment")

	// Pages of 20, the next one through "Xem thêm bình luận".
	for i := 1; i <= 25; i++ {
		h.approvedComment(i, "")
	}
	_, page = h.get(seedPath)
	assert.Contains(t, page, "Bình luận (27)")
	assert.Equal(t, commentsPerPage, strings.Count(page, `<div class="comment`))
	more := link(page, "Xem thêm bình luận")
	require.NotEmpty(t, more)
	code, page = h.get(strings.TrimSuffix(more, "#binh-luan"))
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, 27-commentsPerPage, strings.Count(page, `<div class="comment`))
	assert.Contains(t, page, "Ý kiến số 25")
	assert.NotContains(t, page, "Ý kiến số 0<")
	assert.Empty(t, link(page, "Xem thêm bình luận"), "the last page links no further")

	code, _ = h.get(seedPath + "?sau=hong")
	assert.Equal(t, http.StatusBadRequest, code)
}

func TestDecisionConflict(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.comment()
	seen := h.stored(c.ID).Status.String()
	h.decide(c.ID, "spam") // another moderator, first
	ham, spam := h.s.classifier().Docs()
	code, page := h.admin(http.MethodPost, "/quan-tri/"+c.ID, url.Values{
		"action": {"approve"}, "csrf": {h.csrf()}, "from": {seen},
	}, testPassword)
	assert.Equal(t, http.StatusConflict, code)
	assert.Contains(t, page, "Một người kiểm duyệt khác đã quyết định về bình luận này trước bạn")
	assert.Equal(t, comment.Spam, h.stored(c.ID).Status, "the first decision stands")
	ham2, spam2 := h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham, spam}, [2]uint64{ham2, spam2}, "the model learned nothing of the late one")
}

func TestCommenterData(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	ham0, spam0 := h.s.classifier().Docs()
	mine := h.comment()
	h.decide(mine.ID, "approve")
	second := h.comment()
	v := h.form()
	v.Set(comment.FormPhone, "0987 654 321")
	v.Set(comment.FormTitle, "Của người khác")
	theirs := h.postComment(v)

	post := func(v url.Values) (int, string, *http.Response) {
		req, err := http.NewRequest(http.MethodPost, h.srv.URL+"/quan-tri/du-lieu", strings.NewReader(v.Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.AddCookie(h.session(oneTimeUser, testPassword))
		return h.do(req)
	}
	code, _, _ := post(url.Values{"action": {"export"}, "phone": {"0912345678"}})
	assert.Equal(t, http.StatusForbidden, code, "no CSRF token")
	csrf := h.csrf()
	code, page, _ := post(url.Values{"action": {"export"}, "phone": {"12"}, "csrf": {csrf}})
	assert.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Contains(t, page, "Số điện thoại không hợp lệ")

	code, body, res := post(url.Values{"action": {"export"}, "phone": {"0912 345 678"}, "csrf": {csrf}})
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, `attachment; filename="binh-luan-0912345678.json"`, res.Header.Get("Content-Disposition"))
	var got commenterExport
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	assert.Equal(t, "+84912345678", got.Phone)
	require.Len(t, got.Comments, 2)
	assert.Equal(t, []string{mine.ID, second.ID}, []string{got.Comments[0].ID, got.Comments[1].ID})

	// Erasing asks first, and erases nothing until confirmed.
	code, page, _ = post(url.Values{"action": {"erase"}, "phone": {"0912345678"}, "csrf": {csrf}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "đã gửi 2 bình luận")
	assert.Contains(t, page, `name="confirm" value="1"`)
	assert.Equal(t, mine.Content, h.stored(mine.ID).Content)

	// A store that fails leaves everything as it was, the model too.
	model := modelBytes(t, h.s.classifier())
	h.comments.down.Store(true)
	code, _, _ = post(url.Values{"action": {"erase"}, "phone": {"0912345678"}, "csrf": {csrf}, "confirm": {"1"}})
	assert.Equal(t, http.StatusInternalServerError, code)
	assert.Equal(t, model, modelBytes(t, h.s.classifier()))
	h.comments.down.Store(false)

	code, page, _ = post(url.Values{"action": {"erase"}, "phone": {"0912345678"}, "csrf": {csrf}, "confirm": {"1"}})
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "của 2 bình luận")
	erased := h.stored(mine.ID)
	assert.Empty(t, erased.Content)
	assert.Empty(t, erased.Name)
	assert.True(t, erased.Phone.IsZero())
	assert.Equal(t, comment.Approved, erased.Status, "the moderator's decision is kept")
	ham, spam := h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham0, spam0}, [2]uint64{ham, spam}, "what the comment taught is taken back")
	assert.Equal(t, theirs.Content, h.stored(theirs.ID).Content, "another number's comments stay")
	_, page = h.get(seedPath)
	assert.Contains(t, page, "Bình luận đã được xoá theo yêu cầu của người viết.")
	assert.NotContains(t, page, "Ý kiến về nghị quyết")

	h.decide(second.ID, "spam")
	ham, spam = h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham0, spam0}, [2]uint64{ham, spam}, "an erased comment teaches nothing")

	_, body, _ = post(url.Values{"action": {"export"}, "phone": {"0912345678"}, "csrf": {csrf}})
	require.NoError(t, json.Unmarshal([]byte(body), &got))
	assert.Empty(t, got.Comments, "nothing is left under the number")
}

// TestSharedPostgres runs two servers of the demo on one PostgreSQL
// database and one Redis, as -db and -redis do: a comment posted on one
// is moderated on the other and shown by both.
func TestSharedPostgres(t *testing.T) {
	db := pgtest.Start(t).Database(t)
	rd := redistest.Start(t)
	var hs [2]*harness
	for i := range hs {
		dir := t.TempDir()
		require.NoError(t, os.WriteFile(filepath.Join(dir, "form-key"), bytes.Repeat([]byte{7}, 32), 0o600))
		hs[i] = newHarness(t, siteConfig{DB: db, Redis: rd.Client(), DataDir: dir, Password: testPassword})
		_, err := os.Stat(filepath.Join(dir, dbName))
		assert.ErrorIs(t, err, os.ErrNotExist, "with -db no SQLite file is made")
	}
	a, b := hs[0], hs[1]
	c := a.comment()
	b.decide(c.ID, "approve")
	_, page := a.get(seedPath)
	assert.Contains(t, page, "Ý kiến về nghị quyết", "server A shows what server B approved")
	r := b.approvedComment(1, c.ID)
	_, page = a.get(seedPath)
	assert.Contains(t, page, `<div class="comment reply" id="bl-`+r.ID+`">`)
	assert.Contains(t, page, "Bình luận (2)")
}

// TestListingCache reuses the comments of a page for ListingTTL: a comment
// another server approved shows once that has passed, one this server
// approved at once.
func TestListingCache(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword, ListingTTL: time.Minute})
	_, page := h.get(seedPath)
	assert.Contains(t, page, "Bình luận (0)")
	h.approvedComment(0, "") // as another server sharing the database would
	_, page = h.get(seedPath)
	assert.Contains(t, page, "Bình luận (0)", "the listing is reused within the minute")
	h.clock.Advance(time.Minute)
	_, page = h.get(seedPath)
	assert.Contains(t, page, "Bình luận (1)", "and listed again after it")

	c := h.comment()
	h.decide(c.ID, "approve")
	_, page = h.get(seedPath)
	assert.Contains(t, page, "Bình luận (2)", "this server's decision shows at once")
}

// TestListingCacheFirstPages has a reader walk later pages of comments,
// whose cursors anyone can make up: only the first page is cached.
func TestListingCacheFirstPages(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword, ListingTTL: time.Minute})
	for i := range commentsPerPage + 5 {
		h.approvedComment(i, "")
	}
	_, page := h.get(seedPath)
	next := regexp.MustCompile(`\?sau=([^"#&]+)`).FindStringSubmatch(page)
	require.NotNil(t, next, "a link to the next page")
	code, _ := h.get(seedPath + "?sau=" + next[1])
	require.Equal(t, http.StatusOK, code)
	h.s.listings.mu.Lock()
	n := len(h.s.listings.entries)
	h.s.listings.mu.Unlock()
	assert.Equal(t, 1, n, "the first page only")
}

// TestAdminPages works through a queue longer than a page with "Trang sau".
func TestAdminPages(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	for i := range queuePerPage + 3 {
		_, err := h.comments.Add(context.Background(), comment.Comment{
			ArticleID: "long-bien", Name: "Phạm Thu Hà", Title: fmt.Sprintf("Chờ số %d", i),
			Content: "Đồng ý với bài viết.", CreatedAt: h.clock.Now().Add(time.Duration(i) * time.Minute),
			Status: comment.Pending, Reason: comment.ReasonHeld,
		})
		require.NoError(t, err)
	}
	code, page := h.admin(http.MethodGet, "/quan-tri", nil, testPassword)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, fmt.Sprintf("Chờ duyệt (%d)", queuePerPage+3))
	assert.Equal(t, queuePerPage, strings.Count(page, `name="from" value="pending"`)/3, "three buttons a comment")
	m := regexp.MustCompile(`<a href="([^"]*)">Trang sau</a>`).FindStringSubmatch(page)
	require.NotNil(t, m)
	code, page = h.admin(http.MethodGet, strings.ReplaceAll(m[1], "&amp;", "&"), nil, testPassword)
	require.Equal(t, http.StatusOK, code)
	assert.Equal(t, 3, strings.Count(page, `name="from" value="pending"`)/3)
	assert.Contains(t, page, fmt.Sprintf("Chờ số %d", queuePerPage+2))
	assert.NotContains(t, page, "Trang sau")
}

// TestMaskedWords checks that readers see the word list's mask entries
// starred wherever a comment is shown to them (the article's listing, the
// line over a reply's form, the report page) while the store, and so the
// desk, keeps what was written.
func TestMaskedWords(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c, err := h.comments.Add(context.Background(), comment.Comment{
		ArticleID: "long-bien", Name: "Hà vl", Title: "Đẹp vãi",
		Content: "Cầu mới đẹp vãi, đi qua sướng vl.", CreatedAt: h.clock.Now(),
		Status: comment.Approved, Reason: comment.ReasonModerator,
	})
	require.NoError(t, err)
	for _, path := range []string{seedPath, seedPath + "?tra-loi=" + c.ID, seedPath + "/bao-vi-pham/" + c.ID} {
		code, page := h.get(path)
		require.Equal(t, http.StatusOK, code, path)
		assert.NotRegexp(t, `\bvl\b|vãi`, page, "%s shows a masked word", path)
		assert.Contains(t, page, "Hà **", path)
		assert.Contains(t, page, "Đẹp ***", path)
	}
	_, page := h.get(seedPath)
	assert.Contains(t, page, "Cầu mới đẹp ***, đi qua sướng **.")
	kept, err := h.comments.Get(context.Background(), c.ID)
	require.NoError(t, err)
	assert.Equal(t, "Cầu mới đẹp vãi, đi qua sướng vl.", kept.Content, "the store keeps what was written")
}
