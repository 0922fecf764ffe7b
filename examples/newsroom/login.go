package main

import (
	"context"
	"crypto/hmac"
	"errors"
	"log"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Settings of the login page.
const (
	// loginScope is the scope of the login form's token.
	loginScope = "quan-tri/dang-nhap"
	// loginPath is the login page.
	loginPath = "/quan-tri/dang-nhap"
	// loginTimeout bounds a login's wait for a hashing slot.
	loginTimeout = 10 * time.Second
)

// moderator returns the session of the request's cookie. Without one it
// sends a GET to the login page and answers any other method 401 with a
// link to it. No answer of the desk may be cached: its pages carry
// readers' phone numbers.
func (s *site) moderator(w http.ResponseWriter, r *http.Request) (session, bool) {
	w.Header().Set("Cache-Control", "no-store")
	if c, err := r.Cookie(sessionCookie); err == nil {
		if sess, ok := s.sessions.get(c.Value, s.now()); ok {
			return sess, true
		}
	}
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		http.Redirect(w, r, loginPath, http.StatusSeeOther)
		return session{}, false
	}
	s.deskNotice(w, http.StatusUnauthorized, session{}, "desk.signin.expired.title", "desk.signin.expired.text", loginPath)
	return session{}, false
}

// loginForm renders the login page with the status, a message key ("" for
// none) and the name typed.
func (s *site) loginForm(w http.ResponseWriter, status int, errKey, name string) {
	w.Header().Set("Cache-Control", "no-store")
	data := s.deskData(session{}, "desk.signin.title")
	data["Token"] = s.loginTokens.Issue(loginScope, s.now())
	data["Name"] = name
	if errKey != "" {
		data["Error"] = data["L"].(labeler).T(errKey)
	}
	s.render(w, status, "admin-login.html", data)
}

func (s *site) loginPage(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		if _, ok := s.sessions.get(c.Value, s.now()); ok {
			http.Redirect(w, r, "/quan-tri", http.StatusSeeOther)
			return
		}
	}
	s.loginForm(w, http.StatusOK, "", "")
}

// login checks a moderator's name and password, throttled per address and
// per account (see loginGuard), and starts a session with a new ID.
func (s *site) login(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Cache-Control", "no-store")
	// A login costs a password hash: it takes a token of the address's
	// posting limit first, so that many addresses within their free tries
	// cannot keep the hashing busy for the moderators.
	if !s.allowed(w, r, s.postLimit) {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminBody)
	if err := r.ParseForm(); err != nil {
		s.loginForm(w, http.StatusBadRequest, "desk.bad_form", "")
		return
	}
	now := s.now()
	name := strings.ToLower(strings.TrimSpace(r.PostForm.Get("user")))
	if len(name) > maxName {
		name = name[:maxName]
	}
	if err := s.loginTokens.Check(r.PostForm.Get("token"), loginScope, now); err != nil {
		s.loginForm(w, http.StatusForbidden, "desk.signin.stale", name)
		return
	}
	client := clientOf(r, s.cfg.TrustedProxies)
	keys := []string{clientKey(client), accountKey(name)}
	if wait := s.guard.attempt(now, keys...); wait > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
		s.loginForm(w, http.StatusTooManyRequests, "desk.signin.throttled", name)
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), loginTimeout)
	defer cancel()
	ok, err := s.accounts.verify(ctx, name, r.PostForm.Get("password"))
	if err != nil && !errors.Is(err, context.DeadlineExceeded) && !errors.Is(err, context.Canceled) {
		log.Printf("newsroom: checking a moderator's password: %v", err)
	}
	if !ok {
		s.guard.wrong(client, name, s.accounts.known(name), now)
		s.loginForm(w, http.StatusUnauthorized, "desk.signin.wrong", name)
		return
	}
	s.guard.succeeded(keys...)
	id, _, err := s.sessions.start(name, now)
	if err != nil {
		s.fail(w, "starting a session", err)
		return
	}
	http.SetCookie(w, sessionCookieFor(r, id, s.cfg.TrustedProxies))
	http.Redirect(w, r, "/quan-tri", http.StatusSeeOther)
}

// logout ends the session and deletes its cookie.
func (s *site) logout(w http.ResponseWriter, r *http.Request) {
	if _, ok := s.deskForm(w, r); !ok {
		return
	}
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.sessions.end(c.Value)
	}
	http.SetCookie(w, sessionCookieFor(r, "", s.cfg.TrustedProxies))
	http.Redirect(w, r, loginPath, http.StatusSeeOther)
}

// deskForm reads a moderator's POST and checks the session and its CSRF
// token, answering the error itself when it returns false.
func (s *site) deskForm(w http.ResponseWriter, r *http.Request) (session, bool) {
	sess, ok := s.moderator(w, r)
	if !ok {
		return session{}, false
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxAdminBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.deskNotice(w, http.StatusRequestEntityTooLarge, sess, "desk.too_large.title", "desk.too_large.text", "/quan-tri")
			return session{}, false
		}
		s.deskNotice(w, http.StatusBadRequest, sess, "desk.bad_form.title", "desk.bad_form", "/quan-tri")
		return session{}, false
	}
	if !hmac.Equal([]byte(r.PostForm.Get("csrf")), []byte(sess.csrf)) {
		s.deskNotice(w, http.StatusForbidden, sess, "desk.csrf.title", "desk.csrf.text", "/quan-tri")
		return session{}, false
	}
	return sess, true
}
