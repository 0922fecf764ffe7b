package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
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

	"github.com/binhluan/binhluan/comment"
)

// TestNoStore checks that no cache may keep a page with a form token or a
// captcha, an answer to a form, a captcha's image or sound, or anything of
// the moderation pages.
func TestNoStore(t *testing.T) {
	h := newHarness(t, siteConfig{Password: testPassword})
	req := func(method, path string, v url.Values, password string) *http.Response {
		t.Helper()
		var body *strings.Reader
		if v != nil {
			body = strings.NewReader(v.Encode())
		} else {
			body = strings.NewReader("")
		}
		r, err := http.NewRequest(method, h.srv.URL+path, body)
		require.NoError(t, err)
		if v != nil {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		if password != "" {
			r.AddCookie(h.session(oneTimeUser, password))
		}
		_, _, res := h.do(r)
		return res
	}
	_, page := h.get(seedPath)
	id := hidden(t, page, "captcha_id")
	reload := h.form()
	reload.Set("reload", "1")
	c := h.comment()
	for _, tt := range []struct {
		name, method, path string
		form               url.Values
		password           string
		status             int
	}{
		{"article with its form", http.MethodGet, seedPath, nil, "", http.StatusOK},
		{"form with errors", http.MethodPost, seedPath, url.Values{}, "", http.StatusUnprocessableEntity},
		{"captcha reloaded without JavaScript", http.MethodPost, seedPath, reload, "", http.StatusOK},
		{"form too large", http.MethodPost, seedPath, url.Values{comment.FormContent: {strings.Repeat("a", comment.DefaultMaxBodyBytes+1)}}, "", http.StatusRequestEntityTooLarge},
		{"captcha image", http.MethodGet, "/captcha/" + id + ".png", nil, "", http.StatusOK},
		{"captcha audio", http.MethodGet, "/captcha/" + id + ".wav", nil, "", http.StatusOK},
		{"moderation page", http.MethodGet, "/quan-tri", nil, testPassword, http.StatusOK},
		{"moderation spam tab", http.MethodGet, "/quan-tri?tab=spam", nil, testPassword, http.StatusOK},
		{"moderation without a session", http.MethodGet, "/quan-tri", nil, "", http.StatusSeeOther},
		{"decision without a session", http.MethodPost, "/quan-tri/" + c.ID, url.Values{"action": {"approve"}}, "", http.StatusUnauthorized},
		{"login page", http.MethodGet, loginPath, nil, "", http.StatusOK},
		{"report page", http.MethodGet, seedPath + "/bao-vi-pham/" + c.ID, nil, "", http.StatusNotFound},
		{"decision refused", http.MethodPost, "/quan-tri/" + c.ID, url.Values{"action": {"approve"}}, testPassword, http.StatusForbidden},
		{"decision", http.MethodPost, "/quan-tri/" + c.ID, url.Values{"action": {"approve"}, "csrf": {h.csrf()}, "from": {c.Status.String()}}, testPassword, http.StatusSeeOther},
		{"commenter's data", http.MethodPost, "/quan-tri/du-lieu", url.Values{"action": {"export"}, "phone": {"0912345678"}, "csrf": {h.csrf()}}, testPassword, http.StatusOK},
		{"erasure asked", http.MethodPost, "/quan-tri/du-lieu", url.Values{"action": {"erase"}, "phone": {"0912345678"}, "csrf": {h.csrf()}}, testPassword, http.StatusOK},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := req(tt.method, tt.path, tt.form, tt.password)
			require.Equal(t, tt.status, res.StatusCode)
			assert.Equal(t, "no-store", res.Header.Get("Cache-Control"))
		})
	}

}

func TestStaticNoListing(t *testing.T) {
	h := newHarness(t, siteConfig{})
	for _, path := range []string{"/static/", "/static/?C=M;O=D"} {
		code, body := h.get(path)
		assert.Equal(t, http.StatusNotFound, code, path)
		assert.NotContains(t, body, `href="reload.js"`, "%s: want no listing of the folder", path)
	}
	code, body := h.get("/static/reload.js")
	assert.Equal(t, http.StatusOK, code)
	assert.Contains(t, body, "reload=1")
}

func TestModelFilePrivate(t *testing.T) {
	dir := t.TempDir()
	h := newHarness(t, siteConfig{DataDir: dir, Password: testPassword})
	h.decide(h.comment().ID, "spam")
	for _, name := range []string{modelPath(dir), filepath.Join(dir, dbName), filepath.Join(dir, "form-key")} {
		info, err := os.Stat(name)
		require.NoError(t, err)
		assert.Equal(t, os.FileMode(0o600), info.Mode().Perm(), "%s: want it readable by its owner only", filepath.Base(name))
	}
	leftovers, err := filepath.Glob(filepath.Join(dir, ".*tmp*"))
	require.NoError(t, err)
	assert.Empty(t, leftovers, "want no temporary file left")
}

func TestPasswordLength(t *testing.T) {
	for _, tt := range []struct {
		password string
		ok       bool
		why      string
	}{
		{"", true, "moderation off"},
		{"mật khẩu 123", true, "12 characters, 16 bytes"},
		{"mật khẩu 12", false, "11 characters, though 15 bytes"},
		{"abcdefghijk", false, "11 characters"},
		{"abcdefghijkl", true, "12 characters"},
	} {
		_, err := newSite(siteConfig{Password: tt.password, Hash: testHash})
		if tt.ok {
			assert.NoError(t, err, tt.why)
		} else {
			assert.ErrorContains(t, err, "at least 12", tt.why)
		}
	}
}

func TestAdminPassword(t *testing.T) {
	dir := t.TempDir()
	file := func(name, content string) string {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
		return p
	}
	env := func(v string) func(string) string {
		return func(name string) string {
			if name == passwordEnv {
				return v
			}
			return ""
		}
	}
	for _, tt := range []struct {
		name, file, env, want string
		ok                    bool
	}{
		{"neither", "", "", "", true},
		{"environment", "", "mật khẩu thật dài", "mật khẩu thật dài", true},
		{"file", file("plain", "mật khẩu thật dài"), "", "mật khẩu thật dài", true},
		{"file with a newline", file("newline", "mật khẩu thật dài\n"), "", "mật khẩu thật dài", true},
		{"file from Windows", file("crlf", "mật khẩu thật dài\r\nrest\r\n"), "", "mật khẩu thật dài", true},
		{"spaces kept", file("spaces", " mật khẩu \n"), "", " mật khẩu ", true},
		{"both", file("both", "một"), "hai", "", false},
		{"empty file", file("empty", "\n"), "", "", false},
		{"missing file", filepath.Join(dir, "missing"), "", "", false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := adminPassword(tt.file, env(tt.env))
			if !tt.ok {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestFlags(t *testing.T) {
	_, err := parseFlags([]string{"-admin-password", "một mật khẩu dài"}, io.Discard)
	assert.Error(t, err, "want no password flag: the process list shows it")
	o, err := parseFlags([]string{"-admin-password-file", "/run/secrets/newsroom", "-data", "/var/lib/newsroom"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, options{addr: "127.0.0.1:8080", data: "/var/lib/newsroom", lang: "vi", passwordFile: "/run/secrets/newsroom", listingTTL: time.Second}, o)
	o, err = parseFlags([]string{"-db", "postgres://newsroom@db.local/newsroom", "-listing-cache", "0"}, io.Discard)
	require.NoError(t, err)
	assert.Equal(t, "postgres://newsroom@db.local/newsroom", o.db)
	assert.Zero(t, o.listingTTL)
	_, err = parseFlags([]string{"extra"}, io.Discard)
	assert.Error(t, err)
}

func TestLoginGuardBounded(t *testing.T) {
	captureLog(t)
	var g loginGuard
	now := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	client := func(i int) string {
		return clientKey(netip.PrefixFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 32))
	}
	for i := range maxClients + 100 {
		g.attempt(now.Add(time.Duration(i)*time.Millisecond), client(i))
	}
	assert.Len(t, g.clients, maxClients, "want the guard's memory bounded")
	assert.Contains(t, g.clients, client(maxClients+99), "want the latest client remembered")
	assert.NotContains(t, g.clients, client(0), "want the one that failed longest ago forgotten")
}

func TestFailureLogRateLimited(t *testing.T) {
	logs := captureLog(t)
	var g loginGuard
	now := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	for i := range 50 {
		c := netip.MustParsePrefix(fmt.Sprintf("198.51.100.%d/32", i))
		g.attempt(now, clientKey(c))
		g.wrong(c, "admin", true, now)
	}
	assert.Equal(t, 1, strings.Count(logs.String(), "\n"), "want one line for a burst")
	last := netip.MustParsePrefix("198.51.100.200/32")
	g.attempt(now.Add(logEvery), clientKey(last))
	g.wrong(last, "admin", true, now.Add(logEvery))
	assert.Equal(t, 2, strings.Count(logs.String(), "\n"), "want the next line after logEvery")
	assert.Contains(t, logs.String(), "49 other failures since the last line")
}

func TestLoginGuardConcurrentGuesses(t *testing.T) {
	var g loginGuard
	now := time.Date(2020, 11, 29, 5, 48, 0, 0, time.UTC)
	client := netip.MustParsePrefix("203.0.113.9/32")
	var passed atomic.Int32
	var wg sync.WaitGroup
	for range 100 {
		wg.Go(func() {
			if g.attempt(now, clientKey(client), accountKey("admin")) == 0 {
				passed.Add(1)
			}
		})
	}
	wg.Wait()
	assert.Equal(t, int32(freeFailures+1), passed.Load(), "want the free attempts and one more let through, however many arrive at once")
}

func TestClientOf(t *testing.T) {
	for addr, want := range map[string]string{
		"192.0.2.7:4000":              "192.0.2.7/32",
		"[2001:db8:1:2:3:4:5:6]:4000": "2001:db8:1:2::/64",
		"[::ffff:192.0.2.7]:80":       "192.0.2.7/32",
		"[fe80::1%eth0]:80":           "fe80::/64",
	} {
		r := httptest.NewRequest(http.MethodGet, "/", nil)
		r.RemoteAddr = addr
		assert.Equal(t, want, clientOf(r, nil).String(), addr)
	}
}

// TestListening checks that the start-up line names the port bound, and is
// written only once it can be reached; a port already taken is an error
// without that line.
func TestListening(t *testing.T) {
	logs := captureLog(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- run(ctx, "127.0.0.1:0", siteConfig{}) }()
	line := regexp.MustCompile(`listening on http://(127\.0\.0\.1:\d+)/`)
	var addr string
	deadline := time.Now().Add(10 * time.Second)
	for addr == "" {
		if m := line.FindStringSubmatch(logs.String()); m != nil {
			addr = m[1]
			break
		}
		require.True(t, time.Now().Before(deadline), "no line saying where the site listens: %s", logs.String())
		time.Sleep(time.Millisecond)
	}
	conn, err := net.Dial("tcp", addr)
	require.NoError(t, err, "want the port open as soon as the line is written")
	conn.Close()
	res, err := http.Get("http://" + addr + "/")
	require.NoError(t, err)
	res.Body.Close()
	assert.Equal(t, http.StatusOK, res.StatusCode)
	cancel()
	require.NoError(t, <-done)

	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	before := logs.String()
	err = run(context.Background(), l.Addr().String(), siteConfig{})
	require.Error(t, err, "want a port already taken to be an error")
	assert.NotContains(t, strings.TrimPrefix(logs.String(), before), "listening on", "want no line for a port not bound")
}

// captureLog sends the standard logger's output to a buffer until the test
// ends.
func captureLog(t *testing.T) *syncBuffer {
	var b syncBuffer
	out, flags := log.Writer(), log.Flags()
	log.SetOutput(&b)
	log.SetFlags(0)
	t.Cleanup(func() { log.SetOutput(out); log.SetFlags(flags) })
	return &b
}

// syncBuffer is a bytes.Buffer safe for the logger and the test at once.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
