package main

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Settings of the moderators' sessions.
const (
	// sessionCookie is the cookie that carries a session's ID.
	sessionCookie = "quan_tri"
	// sessionIdle is how long a session lasts without a request.
	sessionIdle = 8 * time.Hour
	// sessionMax is how long a session lasts however busy it is: a stolen
	// cookie is not good for ever.
	sessionMax = 12 * time.Hour
	// maxSessions bounds the sessions kept: past it, the one idle longest
	// ends to make room.
	maxSessions = 1000
	// sessionIDBytes is the size of a session's random ID.
	sessionIDBytes = 32
)

// session is a moderator signed in.
type session struct {
	user string
	// csrf is the token every form of the desk posts back, so that a page
	// of another site cannot post with the browser's cookie.
	csrf string
	last time.Time // the last request
	born time.Time // when it began
}

// sessions keeps the moderators' sessions in memory, by their random ID:
// a restart signs everyone out. A session ends after sessionIdle without a
// request, at logout, or when maxSessions newer ones push it out. The zero
// value is ready to use and safe for concurrent use.
type sessions struct {
	mu   sync.Mutex
	byID map[string]*session
}

// start begins a session of the user at now and returns its ID and
// CSRF token.
func (ss *sessions) start(user string, now time.Time) (id, csrf string, err error) {
	raw := make([]byte, sessionIDBytes+sessionIDBytes)
	if _, err := rand.Read(raw); err != nil {
		return "", "", err
	}
	id = base64.RawURLEncoding.EncodeToString(raw[:sessionIDBytes])
	csrf = hex.EncodeToString(raw[sessionIDBytes:])
	ss.mu.Lock()
	defer ss.mu.Unlock()
	if ss.byID == nil {
		ss.byID = make(map[string]*session)
	}
	if len(ss.byID) >= maxSessions {
		ss.expire(now)
	}
	for len(ss.byID) >= maxSessions {
		ss.dropIdlest()
	}
	ss.byID[id] = &session{user: user, csrf: csrf, last: now, born: now}
	return id, csrf, nil
}

// get returns the session with the ID when it has not expired at now, and
// counts now as its last request.
func (ss *sessions) get(id string, now time.Time) (session, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.byID[id]
	if !ok {
		return session{}, false
	}
	if now.Sub(s.last) >= sessionIdle || now.Sub(s.born) >= sessionMax {
		delete(ss.byID, id)
		return session{}, false
	}
	if now.After(s.last) {
		s.last = now
	}
	return *s, true
}

// end ends the session with the ID.
func (ss *sessions) end(id string) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	delete(ss.byID, id)
}

// count is the number of sessions kept.
func (ss *sessions) count() int {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	return len(ss.byID)
}

// expire ends every session idle for sessionIdle; ss.mu is held.
func (ss *sessions) expire(now time.Time) {
	for id, s := range ss.byID {
		if now.Sub(s.last) >= sessionIdle {
			delete(ss.byID, id)
		}
	}
}

// dropIdlest ends the session idle longest; ss.mu is held.
func (ss *sessions) dropIdlest() {
	var oldest string
	var at time.Time
	for id, s := range ss.byID {
		if oldest == "" || s.last.Before(at) {
			oldest, at = id, s.last
		}
	}
	delete(ss.byID, oldest)
}

// sessionCookieFor is the cookie of a session's ID, or, with an empty ID,
// the one that deletes it: HttpOnly, SameSite=Strict, for /quan-tri only,
// and Secure when the request came over TLS, to the demo or to a trusted
// proxy that says so (X-Forwarded-Proto: https). It has no expiry of its
// own: the server ends the session.
func sessionCookieFor(r *http.Request, id string, trusted []netip.Prefix) *http.Cookie {
	c := &http.Cookie{
		Name: sessionCookie, Value: id, Path: "/quan-tri",
		HttpOnly: true, SameSite: http.SameSiteStrictMode, Secure: r.TLS != nil || overTLS(r, trusted),
	}
	if id == "" {
		c.MaxAge = -1
	}
	return c
}

// overTLS reports whether r came from a trusted proxy that says its client
// spoke TLS to it.
func overTLS(r *http.Request, trusted []netip.Prefix) bool {
	if !strings.EqualFold(r.Header.Get("X-Forwarded-Proto"), "https") {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	peer, err := netip.ParseAddr(host)
	if err != nil {
		return false
	}
	peer = peer.Unmap()
	for _, p := range trusted {
		if p.Contains(peer) {
			return true
		}
	}
	return false
}
