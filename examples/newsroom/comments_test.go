package main

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/binhluan/binhluan/captcha/captchatest"
	"github.com/binhluan/binhluan/comment"
	"github.com/binhluan/binhluan/comment/phone"
	"golang.org/x/text/language"
)

const seedPath = "/bai-viet/quan-long-bien-nhieu-giai-phap-thiet-thuc-dua-nghi-quyet-dai-hoi-dang-bo-quan-vao-cuoc-song"

// testPassword is the moderator's password in the tests: long enough.
const testPassword = "mật khẩu thử nghiệm"

// harness is a site on a test server with a clock the test moves and a
// captcha store whose answers it reads: the way the browser test starts it
// too, with no back door in the program.
type harness struct {
	t      *testing.T
	s      *site
	srv    *httptest.Server
	clock  *captchatest.Clock
	store  *captchatest.Store
	client *http.Client
	// comments is the site's store, as the site sees it.
	comments *testStore
	// cookies are the session cookies of the moderators signed in, by
	// name and password.
	cookies map[string]*http.Cookie
}

// testStore is the site's store in the tests: it remembers the comments
// the site added, and fails every write once down is set, as a database
// gone away or a full disk would.
type testStore struct {
	commentStore
	down  atomic.Bool
	mu    sync.Mutex
	added []comment.Comment
}

var errStoreDown = errors.New("the comment store is down (test)")

func (s *testStore) Add(ctx context.Context, c comment.Comment) (comment.Comment, error) {
	if s.down.Load() {
		return comment.Comment{}, errStoreDown
	}
	c, err := s.commentStore.Add(ctx, c)
	if err == nil {
		s.mu.Lock()
		s.added = append(s.added, c)
		s.mu.Unlock()
	}
	return c, err
}

func (s *testStore) SetStatus(ctx context.Context, id string, from, to comment.Status, reason comment.Reason) error {
	if s.down.Load() {
		return errStoreDown
	}
	return s.commentStore.SetStatus(ctx, id, from, to, reason)
}

func (s *testStore) Decide(ctx context.Context, d comment.Decision) error {
	if s.down.Load() {
		return errStoreDown
	}
	return s.commentStore.Decide(ctx, d)
}

func (s *testStore) Erase(ctx context.Context, number phone.Number) (int, error) {
	if s.down.Load() {
		return 0, errStoreDown
	}
	return s.commentStore.Erase(ctx, number)
}

// addedCount is how many comments the site has added.
func (s *testStore) addedCount() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.added)
}

// stored returns the comment with the id as the store holds it now.
func (h *harness) stored(id string) comment.Comment {
	h.t.Helper()
	c, err := h.comments.Get(context.Background(), id)
	require.NoError(h.t, err)
	return c
}

func newHarness(t *testing.T, cfg siteConfig) *harness {
	t.Helper()
	h := &harness{t: t, clock: captchatest.NewClock(time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC))}
	h.store = captchatest.NewStore(h.clock)
	cfg.CaptchaStore, cfg.Now, cfg.Rand = h.store, h.clock.Now, captchatest.Rand(1)
	if cfg.Hash == (hashParams{}) {
		cfg.Hash = testHash
	}
	s, err := newSite(cfg)
	require.NoError(t, err)
	h.comments = &testStore{commentStore: s.comments}
	require.NoError(t, s.useStore(h.comments))
	h.s = s
	h.srv = httptest.NewServer(s)
	t.Cleanup(func() {
		h.srv.Close()
		require.NoError(t, s.close())
	})
	h.client = h.srv.Client()
	h.client.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return h
}

// do sends a request and returns the status, the body and the response.
func (h *harness) do(req *http.Request) (int, string, *http.Response) {
	h.t.Helper()
	res, err := h.client.Do(req)
	require.NoError(h.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(h.t, err)
	return res.StatusCode, string(body), res
}

func (h *harness) get(path string) (int, string) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.srv.URL+path, nil)
	require.NoError(h.t, err)
	code, body, _ := h.do(req)
	return code, body
}

func (h *harness) post(path string, v url.Values, header ...string) (int, string, *http.Response) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+path, strings.NewReader(v.Encode()))
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	return h.do(req)
}

var hiddenRE = regexp.MustCompile(`name="(form_token|captcha_id|csrf|token)" value="([^"]*)"`)

// hidden returns the value of a hidden input of a page.
func hidden(t *testing.T, page, name string) string {
	t.Helper()
	for _, m := range hiddenRE.FindAllStringSubmatch(page, -1) {
		if m[1] == name {
			return m[2]
		}
	}
	t.Fatalf("no hidden input %q in the page", name)
	return ""
}

// form reads the article page and returns a valid submission for its form,
// with the captcha's answer from the store and the clock moved on as a
// person would take to type.
func (h *harness) form() url.Values {
	h.t.Helper()
	code, page := h.get(seedPath)
	require.Equal(h.t, http.StatusOK, code)
	id := hidden(h.t, page, "captcha_id")
	answer, ok := h.store.Answer(id)
	require.True(h.t, ok, "the rendered captcha is in the store")
	h.clock.Advance(30 * time.Second)
	return url.Values{
		comment.FormName:      {"Nguyễn Văn An"},
		comment.FormPhone:     {"0912.345.678"},
		comment.FormTitle:     {"Ý kiến về nghị quyết"},
		comment.FormContent:   {"Bài viết rất thiết thực.\n\nMong quận sớm giải quyết chuyện thoát nước."},
		comment.FormCaptchaID: {id},
		comment.FormCaptcha:   {answer},
		comment.FormToken:     {hidden(h.t, page, "form_token")},
	}
}

// comment posts a valid comment and returns it as stored.
func (h *harness) comment() comment.Comment {
	h.t.Helper()
	return h.postComment(h.form())
}

// postComment posts the form v, wants it taken, and returns the comment
// as stored.
func (h *harness) postComment(v url.Values) comment.Comment {
	h.t.Helper()
	before := h.comments.addedCount()
	code, _, res := h.post(seedPath, v)
	require.Equal(h.t, http.StatusSeeOther, code)
	require.Equal(h.t, seedPath+"?gui=1", res.Header.Get("Location"))
	h.comments.mu.Lock()
	defer h.comments.mu.Unlock()
	require.Len(h.t, h.comments.added, before+1)
	return h.comments.added[before]
}

func (h *harness) admin(method, path string, v url.Values, password string) (int, string) {
	h.t.Helper()
	var body io.Reader
	if v != nil {
		body = strings.NewReader(v.Encode())
	}
	req, err := http.NewRequest(method, h.srv.URL+path, body)
	require.NoError(h.t, err)
	if v != nil {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if password != "" {
		if c := h.session(oneTimeUser, password); c != nil {
			req.AddCookie(c)
		}
	}
	code, page, _ := h.do(req)
	return code, page
}

// testHash are argon2id parameters cheap enough for the tests.
var testHash = hashParams{Time: 1, MemoryKiB: 64, Threads: 1}

// login signs in with the login page's form as a moderator would, the
// clock moved on as a person takes to type, and returns the answer.
func (h *harness) login(user, password string, header ...string) (int, string, *http.Response) {
	h.t.Helper()
	code, page := h.get(loginPath)
	require.Equal(h.t, http.StatusOK, code)
	h.clock.Advance(time.Second)
	return h.post(loginPath, url.Values{"user": {user}, "password": {password}, "token": {hidden(h.t, page, "token")}}, header...)
}

// session returns the session cookie of the user signed in with the
// password, signing in the first time; nil when the password is wrong.
func (h *harness) session(user, password string) *http.Cookie {
	h.t.Helper()
	key := user + "\x00" + password
	if c, ok := h.cookies[key]; ok {
		if _, live := h.s.sessions.get(c.Value, h.clock.Now()); live {
			return c
		}
	}
	code, _, res := h.login(user, password)
	if code != http.StatusSeeOther {
		return nil
	}
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			if h.cookies == nil {
				h.cookies = map[string]*http.Cookie{}
			}
			h.cookies[key] = c
			return c
		}
	}
	h.t.Fatal("no session cookie after signing in")
	return nil
}

// csrf returns the CSRF token of the session of the run's admin with
// testPassword.
func (h *harness) csrf() string {
	h.t.Helper()
	c := h.session(oneTimeUser, testPassword)
	require.NotNil(h.t, c, "signed in")
	sess, ok := h.s.sessions.get(c.Value, h.clock.Now())
	require.True(h.t, ok)
	return sess.csrf
}

// decide posts a moderator's decision with the CSRF token of the admin
// page, and wants it made.
func (h *harness) decide(id, action string) {
	h.t.Helper()
	code, _ := h.tryDecide(id, action)
	require.Equal(h.t, http.StatusSeeOther, code, "decision %s", action)
}

// tryDecide posts a moderator's decision with the CSRF token of the admin
// page and returns the answer's status and body.
func (h *harness) tryDecide(id, action string) (int, string) {
	h.t.Helper()
	var page string
	for _, tab := range deskTabs {
		code, p := h.admin(http.MethodGet, "/quan-tri?tab="+tab.Tab, nil, testPassword)
		require.Equal(h.t, http.StatusOK, code)
		if strings.Contains(p, `action="/quan-tri/`+id+`"`) {
			page = p
		}
	}
	require.NotEmpty(h.t, page, "the comment is on a tab of the admin")
	return h.admin(http.MethodPost, "/quan-tri/"+id, url.Values{"action": {action}, "csrf": {hidden(h.t, page, "csrf")}, "from": {h.stored(id).Status.String()}}, testPassword)
}

func TestForm(t *testing.T) {
	h := newHarness(t, siteConfig{})
	code, page := h.get(seedPath)
	require.Equal(t, http.StatusOK, code)
	for _, want := range []string{
		"Viết bình luận",
		`Họ tên:<span class="req">(*)</span>`, `name="name"`,
		"Số điện thoại:</label>", `name="phone"`,
		`Tiêu đề:<span class="req">(*)</span>`, `name="title"`,
		`Nội dung:<span class="req">(*)</span>`, `<textarea id="content" name="content"`,
		"Mã xác nhận:", `name="captcha"`, "Lấy lại mã bảo mật", `name="reload" value="1"`,
		`name="captcha_id"`, `name="form_token"`,
		`<p class="hp" aria-hidden="true"><label for="website">Để trống ô này</label>`,
		`<input id="website" name="website" tabindex="-1"`,
		`<script src="/static/reload.js" defer></script>`,
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "<script>", "no inline script: the CSP forbids it")
	id := hidden(t, page, "captcha_id")
	assert.Contains(t, page, `src="/captcha/`+id+`.png"`)
	assert.Contains(t, page, `href="/captcha/`+id+`.wav"`)

	res, err := h.client.Get(h.srv.URL + "/captcha/" + id + ".png")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Equal(t, "image/png", res.Header.Get("Content-Type"))

	res, err = h.client.Get(h.srv.URL + "/static/reload.js")
	require.NoError(t, err)
	js, _ := io.ReadAll(res.Body)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	assert.Contains(t, string(js), "?reload=1&t=")
}

func TestPostErrors(t *testing.T) {
	h := newHarness(t, siteConfig{})
	code, page := h.get(seedPath)
	require.Equal(t, http.StatusOK, code)
	h.clock.Advance(time.Minute)
	v := url.Values{
		comment.FormPhone:     {"0912 <345>"},
		comment.FormContent:   {"Tôi <b>không</b> đồng ý & muốn hỏi"},
		comment.FormCaptchaID: {hidden(t, page, "captcha_id")},
		comment.FormToken:     {hidden(t, page, "form_token")},
	}
	code, page, _ = h.post(seedPath, v)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	for _, want := range []string{
		"Vui lòng nhập họ tên.", "Vui lòng nhập tiêu đề.", "Vui lòng nhập mã xác nhận.",
		`value="0912 &lt;345&gt;"`,
		"Tôi &lt;b&gt;không&lt;/b&gt; đồng ý &amp; muốn hỏi</textarea>",
	} {
		assert.Contains(t, page, want)
	}
	assert.NotContains(t, page, "<b>không</b>")
	assert.NotEqual(t, v.Get(comment.FormCaptchaID), hidden(t, page, "captcha_id"), "a new challenge comes with the form")

	t.Run("wrong captcha", func(t *testing.T) {
		v := h.form()
		v.Set(comment.FormCaptcha, "000000x")
		code, page, _ := h.post(seedPath, v)
		require.Equal(t, http.StatusUnprocessableEntity, code)
		assert.Contains(t, page, "Mã xác nhận không đúng, vui lòng nhập mã mới.")
		assert.Contains(t, page, `value="Nguyễn Văn An"`)
		assert.Zero(t, h.comments.addedCount())
	})

	t.Run("English by Accept-Language", func(t *testing.T) {
		code, page, _ := h.post(seedPath, url.Values{}, "Accept-Language", "en-US,en;q=0.9")
		require.Equal(t, http.StatusUnprocessableEntity, code)
		assert.Contains(t, page, "Please enter your name.")
	})

	t.Run("too large", func(t *testing.T) {
		v := url.Values{comment.FormContent: {strings.Repeat("a", comment.DefaultMaxBodyBytes+1)}}
		code, _, _ := h.post(seedPath, v)
		assert.Equal(t, http.StatusRequestEntityTooLarge, code)
	})

	t.Run("unknown article", func(t *testing.T) {
		code, _, _ := h.post("/bai-viet/khong-co", url.Values{})
		assert.Equal(t, http.StatusNotFound, code)
	})
}

func TestEnglish(t *testing.T) {
	h := newHarness(t, siteConfig{Lang: "en"})
	code, page, _ := h.post(seedPath, url.Values{})
	require.Equal(t, http.StatusUnprocessableEntity, code)
	assert.Contains(t, page, "Please enter your name.")
	assert.NotContains(t, page, "Vui lòng nhập họ tên.")

	_, err := newSite(siteConfig{Lang: "fr"})
	assert.Error(t, err)
}

func TestReloadWithoutJavaScript(t *testing.T) {
	h := newHarness(t, siteConfig{})
	v := h.form()
	id := v.Get(comment.FormCaptchaID)
	old, _ := h.store.Answer(id)
	v.Set("reload", "1")
	for range 5 { // until the digits differ; the same ones may come again by chance
		code, page, _ := h.post(seedPath, v)
		require.Equal(t, http.StatusOK, code)
		id = hidden(t, page, "captcha_id")
		assert.NotEqual(t, v.Get(comment.FormCaptchaID), id, "a new challenge")
		assert.Contains(t, page, `value="Nguyễn Văn An"`)
		assert.Contains(t, page, "Mong quận sớm giải quyết chuyện thoát nước.</textarea>")
		assert.NotContains(t, page, `class="error"`, "a reload is not validated")
		if now, _ := h.store.Answer(id); now != old {
			break
		}
	}
	now, ok := h.store.Answer(id)
	require.True(t, ok)
	assert.NotEqual(t, old, now, "new digits")
	assert.Zero(t, h.comments.addedCount())
}

func TestPostAndModerate(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.comment()
	assert.Contains(t, []comment.Status{comment.Pending, comment.Spam}, c.Status)
	assert.Equal(t, "+84912345678", c.Phone.E164())

	code, page := h.get(seedPath + "?gui=1")
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "Bình luận của bạn đang chờ duyệt")
	assert.NotContains(t, page, "Ý kiến về nghị quyết", "not shown before a moderator approves it")
	assert.NotContains(t, page, c.Reason)

	code, _ = h.admin(http.MethodGet, "/quan-tri", nil, "")
	assert.Equal(t, http.StatusSeeOther, code, "to the login page")
	code, _ = h.admin(http.MethodGet, "/quan-tri", nil, "sai mật khẩu rồi")
	assert.Equal(t, http.StatusSeeOther, code, "to the login page")
	tab := "cho-duyet"
	if c.Status == comment.Spam {
		tab = "spam"
	}
	code, page = h.admin(http.MethodGet, "/quan-tri?tab="+tab, nil, testPassword)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "Ý kiến về nghị quyết")
	assert.Contains(t, page, "<code>", "the tokens that weighed most")
	reason := comment.NewMessages().Reason(language.Vietnamese, c.Reason)
	assert.Contains(t, page, reason, "the reason, in Vietnamese")
	assert.NotContains(t, page, "<p>"+string(c.Reason)+"</p>", "not the bare reason code")

	code, _ = h.admin(http.MethodPost, "/quan-tri/"+c.ID, url.Values{"action": {"approve"}}, testPassword)
	assert.Equal(t, http.StatusForbidden, code, "no CSRF token")
	code, _ = h.admin(http.MethodPost, "/quan-tri/"+c.ID, url.Values{"action": {"approve"}, "csrf": {"00"}}, testPassword)
	assert.Equal(t, http.StatusForbidden, code, "a wrong CSRF token")

	ham0, spam0 := h.s.classifier().Docs()
	h.decide(c.ID, "approve")
	ham, spam := h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham0 + 1, spam0}, [2]uint64{ham, spam}, "approve learns ham")
	code, page = h.get(seedPath)
	require.Equal(t, http.StatusOK, code)
	assert.Contains(t, page, "<strong>Nguyễn Văn An</strong> <span class=\"stamp\">(12:48 29/11/2020)</span>")
	assert.Contains(t, page, "Ý kiến về nghị quyết")
	assert.Contains(t, page, "<p>Bài viết rất thiết thực.</p>\n<p>Mong quận sớm giải quyết chuyện thoát nước.</p>")

	h.decide(c.ID, "approve")
	ham, spam = h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham0 + 1, spam0}, [2]uint64{ham, spam}, "approving twice learns once")

	h.decide(c.ID, "spam")
	ham, spam = h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham0, spam0 + 1}, [2]uint64{ham, spam}, "approve then spam unlearns ham, learns spam")
	_, page = h.get(seedPath)
	assert.NotContains(t, page, "Ý kiến về nghị quyết")

	h.decide(c.ID, "delete")
	ham, spam = h.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham0, spam0}, [2]uint64{ham, spam}, "delete unlearns")
	got := h.stored(c.ID)
	assert.Equal(t, comment.Trash, got.Status)
	assert.Empty(t, learnedOf(got))

	code, _ = h.admin(http.MethodPost, "/quan-tri/KHONGCO", url.Values{"action": {"spam"}, "csrf": {h.csrf()}, "from": {"pending"}}, testPassword)
	assert.Equal(t, http.StatusNotFound, code)
	code, _ = h.admin(http.MethodPost, "/quan-tri/"+c.ID, url.Values{"action": {"ban"}, "csrf": {h.csrf()}}, testPassword)
	assert.Equal(t, http.StatusBadRequest, code)
	code, _ = h.admin(http.MethodPost, "/quan-tri/"+c.ID, url.Values{"x": {strings.Repeat("a", maxAdminBody)}}, testPassword)
	assert.Equal(t, http.StatusRequestEntityTooLarge, code)
}

// TestOneTimeAdmin starts the site with no accounts and no password: it
// makes the account admin for the run, with a random password that signs
// in, and the desk wants a session.
func TestOneTimeAdmin(t *testing.T) {
	h := newHarness(t, siteConfig{})
	require.NotEmpty(t, h.s.oneTime, "a random password for the run")
	assert.GreaterOrEqual(t, len(h.s.oneTime), minPassword)
	code, _ := h.admin(http.MethodGet, "/quan-tri", nil, "")
	assert.Equal(t, http.StatusSeeOther, code, "to the login page")
	code, _ = h.admin(http.MethodGet, "/quan-tri", nil, h.s.oneTime)
	assert.Equal(t, http.StatusOK, code, "the random password signs in")
	assert.True(t, h.s.accounts.runOnly())

	other := newHarness(t, siteConfig{})
	assert.NotEqual(t, h.s.oneTime, other.s.oneTime, "a new password each run")
	given := newHarness(t, siteConfig{Password: testPassword})
	assert.Empty(t, given.s.oneTime, "a password given is not shown")
	code, _ = given.admin(http.MethodGet, "/quan-tri", nil, testPassword)
	assert.Equal(t, http.StatusOK, code)
}

func TestSecurityHeaders(t *testing.T) {
	h := newHarness(t, siteConfig{})
	for _, path := range []string{"/", seedPath, "/khong-co"} {
		res, err := h.client.Get(h.srv.URL + path)
		require.NoError(t, err)
		res.Body.Close()
		csp := res.Header.Get("Content-Security-Policy")
		assert.Contains(t, csp, "default-src 'self'", path)
		assert.Contains(t, csp, "script-src 'self'", path)
		assert.NotRegexp(t, `script-src[^;]*unsafe-inline`, csp, path)
		assert.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"), path)
		assert.Equal(t, "same-origin", res.Header.Get("Referrer-Policy"), path)
		assert.Equal(t, "DENY", res.Header.Get("X-Frame-Options"), path)
	}
}

func TestPersistence(t *testing.T) {
	dir := t.TempDir()
	cfg := siteConfig{DataDir: dir, Password: testPassword}
	h := newHarness(t, cfg)
	c := h.comment()
	h.decide(c.ID, "approve")
	ham, spam := h.s.classifier().Docs()
	key := h.s.key
	token := h.s.tokens.Issue("long-bien", h.clock.Now())

	info, err := os.Stat(filepath.Join(dir, "form-key"))
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), info.Mode().Perm())
	_, err = os.Stat(modelPath(dir))
	require.NoError(t, err, "the model is saved after a decision")

	h2 := newHarness(t, cfg)
	got := h2.stored(c.ID)
	assert.Equal(t, comment.Approved, got.Status, "the comment survives a restart")
	assert.Equal(t, "ham", learnedOf(got))
	assert.Equal(t, c.Content, got.Content)
	ham2, spam2 := h2.s.classifier().Docs()
	assert.Equal(t, [2]uint64{ham, spam}, [2]uint64{ham2, spam2}, "the model survives a restart")
	assert.Equal(t, key, h2.s.key)
	h2.clock.Advance(time.Minute)
	assert.NoError(t, h2.s.tokens.Check(token, "long-bien", h2.clock.Now()), "forms rendered before a restart can be posted after it")
	_, page := h2.get(seedPath)
	assert.Contains(t, page, "Ý kiến về nghị quyết")

	t.Run("memory keys differ", func(t *testing.T) {
		a, b := newHarness(t, siteConfig{}), newHarness(t, siteConfig{})
		assert.NotEqual(t, a.s.key, b.s.key)
	})
}
