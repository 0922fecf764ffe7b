package main

import (
	"crypto/tls"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sessionOf returns the session cookie an answer sets, or nil.
func sessionOf(res *http.Response) *http.Cookie {
	for _, c := range res.Cookies() {
		if c.Name == sessionCookie {
			return c
		}
	}
	return nil
}

func TestLogin(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	_, err := h.s.accounts.set("thu.ha", "một mật khẩu khác dài", h.clock.Now())
	require.NoError(t, err)
	for _, tt := range []struct {
		name, user, password string
		status               int
		why                  string
	}{
		{"admin", "admin", testPassword, http.StatusSeeOther, "the run's account"},
		{"named", "thu.ha", "một mật khẩu khác dài", http.StatusSeeOther, "an account of its own"},
		{"name in capitals", " Thu.Ha ", "một mật khẩu khác dài", http.StatusSeeOther, "names are lower case, spaces trimmed"},
		{"wrong password", "admin", "sai mật khẩu rồi", http.StatusUnauthorized, "a wrong password"},
		{"another's password", "thu.ha", testPassword, http.StatusUnauthorized, "each account has its own password"},
		{"unknown account", "khong-co", testPassword, http.StatusUnauthorized, "an account that does not exist"},
		{"empty", "", "", http.StatusUnauthorized, "nothing typed"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, page, res := h.login(tt.user, tt.password)
			require.Equal(t, tt.status, code, tt.why)
			c := sessionOf(res)
			if tt.status != http.StatusSeeOther {
				assert.Nil(t, c, "no session after a failure")
				assert.Contains(t, page, "Sai tên đăng nhập hoặc mật khẩu.")
				if tt.password != "" {
					assert.NotContains(t, page, tt.password, "the password is not echoed back")
				}
				return
			}
			assert.Equal(t, "/quan-tri", res.Header.Get("Location"))
			require.NotNil(t, c, "a session cookie")
			assert.True(t, c.HttpOnly, "HttpOnly")
			assert.Equal(t, http.SameSiteStrictMode, c.SameSite, "SameSite=Strict")
			assert.Equal(t, "/quan-tri", c.Path)
			assert.False(t, c.Secure, "not Secure over plain HTTP: the browser would not send it back")
			assert.Len(t, c.Value, 43, "32 random bytes in base64url")
			assert.Zero(t, c.MaxAge, "a session cookie: the server ends the session")
		})
		h.s.guard.succeeded(clientKey(netip.MustParsePrefix("127.0.0.1/32")), accountKey("admin"), accountKey("thu.ha"), accountKey("khong-co"), accountKey(""))
	}

	t.Run("stale token", func(t *testing.T) {
		code, page, _ := h.post(loginPath, url.Values{"user": {"admin"}, "password": {testPassword}, "token": {"hỏng"}})
		assert.Equal(t, http.StatusForbidden, code)
		assert.Contains(t, page, "Trang đăng nhập đã cũ")
	})
	t.Run("two logins, two sessions", func(t *testing.T) {
		_, _, a := h.login("admin", testPassword)
		_, _, b := h.login("admin", testPassword)
		assert.NotEqual(t, sessionOf(a).Value, sessionOf(b).Value, "a new ID at each login")
	})
}

// TestLoginSecureCookie signs in over TLS: the cookie is Secure.
func TestLoginSecureCookie(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, loginPath, nil))
	token := hidden(t, rec.Body.String(), "token")
	h.clock.Advance(time.Second)
	r := httptest.NewRequest(http.MethodPost, loginPath, strings.NewReader(url.Values{"user": {"admin"}, "password": {testPassword}, "token": {token}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.TLS = &tls.ConnectionState{}
	rec = httptest.NewRecorder()
	h.s.ServeHTTP(rec, r)
	require.Equal(t, http.StatusSeeOther, rec.Code)
	c := sessionOf(rec.Result())
	require.NotNil(t, c)
	assert.True(t, c.Secure, "Secure over TLS")
}

// loginFrom signs in from an address, answering the status and the
// Retry-After header.
func loginFrom(t *testing.T, h *harness, addr, user, password string) (int, string) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, loginPath, nil))
	token := hidden(t, rec.Body.String(), "token")
	h.clock.Advance(time.Millisecond)
	r := httptest.NewRequest(http.MethodPost, loginPath, strings.NewReader(url.Values{"user": {user}, "password": {password}, "token": {token}}.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.RemoteAddr = addr
	rec = httptest.NewRecorder()
	h.s.ServeHTTP(rec, r)
	return rec.Code, rec.Header().Get("Retry-After")
}

// TestLoginThrottle sends wrong passwords: after three in a row, from one
// address (for any account) or for one account (from any address), the
// next attempts wait a second, twice as long after each further failure,
// without the password being checked; the right one clears the count.
func TestLoginThrottle(t *testing.T) {
	logs := captureLog(t)
	const other = "một mật khẩu khác dài"
	for _, tt := range []struct {
		name string
		// addr and user of the i-th wrong attempt
		addr, user func(i int) string
		// lockedAddr and lockedUser are an attempt that waits,
		// freeAddr and freeUser one that does not.
		lockedAddr, lockedUser, freeAddr, freeUser string
	}{
		{
			name:       "per address",
			addr:       func(int) string { return "192.0.2.7:4000" },
			user:       func(i int) string { return []string{"admin", "thu.ha", "khach", "admin"}[i] },
			lockedAddr: "192.0.2.7:5000", lockedUser: "thu.ha",
			freeAddr: "198.51.100.9:4000", freeUser: "admin",
		},
		{
			name:       "per account",
			addr:       func(i int) string { return fmt.Sprintf("203.0.113.%d:4000", i+1) },
			user:       func(int) string { return "admin" },
			lockedAddr: "198.51.100.20:4000", lockedUser: "admin",
			freeAddr: "198.51.100.21:4000", freeUser: "thu.ha",
		},
	} {
		t.Run(tt.name, func(t *testing.T) {
			h := newHarness(t, siteConfig{Password: testPassword})
			_, err := h.s.accounts.set("thu.ha", other, h.clock.Now())
			require.NoError(t, err)
			right := func(user string) string {
				if user == "thu.ha" {
					return other
				}
				return testPassword
			}
			for i := range freeFailures + 1 {
				code, _ := loginFrom(t, h, tt.addr(i), tt.user(i), "sai mật khẩu")
				assert.Equal(t, http.StatusUnauthorized, code, "wrong password %d", i+1)
			}
			code, wait := loginFrom(t, h, tt.lockedAddr, tt.lockedUser, right(tt.lockedUser))
			assert.Equal(t, http.StatusTooManyRequests, code, "locked out, even with the right password")
			assert.Equal(t, "1", wait)
			code, _ = loginFrom(t, h, tt.freeAddr, tt.freeUser, right(tt.freeUser))
			assert.Equal(t, http.StatusSeeOther, code, "another address and account are not held up")

			h.clock.Advance(time.Second)
			code, _ = loginFrom(t, h, tt.lockedAddr, tt.lockedUser, right(tt.lockedUser))
			assert.Equal(t, http.StatusSeeOther, code, "the right password after the wait")
		})
	}
	assert.Contains(t, logs.String(), "wrong moderator password from 192.0.2.7/32 for account admin")
	assert.NotContains(t, logs.String(), "sai mật khẩu", "no password in the log")
	assert.NotContains(t, logs.String(), "khach", "no unknown name in the log: it may be a password")
}

func TestSessionExpiry(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	code, _ := h.admin(http.MethodGet, "/quan-tri", nil, testPassword)
	require.Equal(t, http.StatusOK, code)
	c := h.session(oneTimeUser, testPassword)
	get := func() int {
		req, err := http.NewRequest(http.MethodGet, h.srv.URL+"/quan-tri", nil)
		require.NoError(t, err)
		req.AddCookie(c)
		code, _, _ := h.do(req)
		return code
	}
	h.clock.Advance(sessionIdle - time.Minute)
	assert.Equal(t, http.StatusOK, get(), "used within the idle time")
	h.clock.Advance(sessionIdle / 4)
	assert.Equal(t, http.StatusOK, get(), "each request keeps it going")
	h.clock.Advance(sessionIdle)
	assert.Equal(t, http.StatusSeeOther, get(), "idle for 8 hours: signed out")
	assert.Zero(t, h.s.sessions.count(), "and forgotten")

	// However busy, a session ends sessionMax after it began.
	c = h.session(oneTimeUser, testPassword)
	for elapsed := time.Hour; elapsed < sessionMax; elapsed += time.Hour {
		h.clock.Advance(time.Hour)
		require.Equal(t, http.StatusOK, get(), "busy for %v", elapsed)
	}
	h.clock.Advance(time.Hour)
	assert.Equal(t, http.StatusSeeOther, get(), "12 hours after it began: signed out")
}

func TestSessionsBounded(t *testing.T) {
	var ss sessions
	now := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	first, _, err := ss.start("admin", now)
	require.NoError(t, err)
	for i := range maxSessions {
		_, _, err := ss.start("admin", now.Add(time.Duration(i+1)*time.Second))
		require.NoError(t, err)
	}
	assert.Equal(t, maxSessions, ss.count(), "bounded")
	_, ok := ss.get(first, now.Add(time.Hour))
	assert.False(t, ok, "the one idle longest went first")
}

func TestLogout(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	csrf := h.csrf()
	c := h.session(oneTimeUser, testPassword)
	req, err := http.NewRequest(http.MethodPost, h.srv.URL+"/quan-tri/dang-xuat", strings.NewReader(url.Values{"csrf": {csrf}}.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.AddCookie(c)
	code, _, res := h.do(req)
	require.Equal(t, http.StatusSeeOther, code)
	assert.Equal(t, loginPath, res.Header.Get("Location"))
	gone := sessionOf(res)
	require.NotNil(t, gone, "the cookie is deleted")
	assert.Empty(t, gone.Value)
	_, ok := h.s.sessions.get(c.Value, h.clock.Now())
	assert.False(t, ok, "the session is over")
}

// TestCSRFRefused posts each of the desk's forms without the session's
// token, or with another's: refused, and nothing changes.
func TestCSRFRefused(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	c := h.approvedComment(1, "")
	other := newHarness(t, siteConfig{Password: testPassword}).csrf()
	for _, path := range []string{
		"/quan-tri/" + c.ID, "/quan-tri/" + c.ID + "/go-bo", "/quan-tri/" + c.ID + "/yeu-cau-go",
		"/quan-tri/" + c.ID + "/chan", "/quan-tri/yeu-cau-go/x/xong", "/quan-tri/chan/x/bo",
		"/quan-tri/du-lieu", "/quan-tri/dang-xuat",
	} {
		for _, token := range []string{"", other} {
			v := url.Values{"action": {"delete"}, "from": {"approved"}, "note": {"gỡ"}, "subject": {"ip"}, "phone": {"0912345678"}}
			if token != "" {
				v.Set("csrf", token)
			}
			code, page := h.admin(http.MethodPost, path, v, testPassword)
			assert.Equal(t, http.StatusForbidden, code, "%s with token %q", path, token)
			assert.Contains(t, page, "Mã chống giả mạo không đúng")
		}
	}
	assert.Equal(t, c.Status, h.stored(c.ID).Status, "nothing decided")
	bans, err := h.s.mod().Bans(t.Context(), h.clock.Now(), 0)
	require.NoError(t, err)
	assert.Empty(t, bans, "nobody banned")
	_, ok := h.s.sessions.get(h.session(oneTimeUser, testPassword).Value, h.clock.Now())
	assert.True(t, ok, "not signed out")
}

// TestGuardKeepsLockouts floods the guard with new keys once an account
// is locked out: making room never frees the account.
func TestGuardKeepsLockouts(t *testing.T) {
	var g loginGuard
	now := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	admin := accountKey("admin")
	for range freeFailures + 1 {
		require.Zero(t, g.attempt(now, admin))
	}
	require.Positive(t, g.attempt(now, admin), "locked out")
	for i := range maxClients + 10 {
		g.attempt(now, fmt.Sprintf("ip 10.0.%d.%d/32", i/256, i%256))
	}
	assert.Positive(t, g.attempt(now, admin), "still locked out after a flood of other keys")
}
