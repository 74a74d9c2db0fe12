package managerpage

import (
	"crypto/rand"
	"encoding/base64"
	"net"
	"net/http"
	"sync"
	"time"
)

// The manager's pages ask for the staff id and PIN of a manager of the
// store's configuration, and keep a session in memory: a random 256-bit id
// in a cookie only the hub's /manager pages get, valid for sessionTTL.
// Each session has its own random token, which the pages' forms post
// back (see signedIn): with the cookie's SameSite=Strict, it keeps another
// site from posting a form in a manager's name.
// Logins are counted by staff id and by client address until their PIN
// proves right; past freeTries of either, logins wait a delay that doubles
// with each new failure, whether their PIN is right or not.
const (
	sessionCookie = "accueil_manager"
	sessionTTL    = 8 * time.Hour
	freeTries     = 5
	firstLock     = 30 * time.Second
	longestLock   = 30 * time.Minute
	failuresKept  = 24 * time.Hour // a count of failures is forgotten after a quiet day
)

// sessions holds the managers' sessions and the failed logins.
type sessions struct {
	now   func() time.Time
	mu    sync.Mutex
	open  map[string]session   // by session id
	fails map[string]*failures // by "staff:<id>" and "addr:<ip>"
}

type session struct {
	staff   string
	token   string // the forms' token
	expires time.Time
}

type failures struct {
	n           int
	last, until time.Time
}

func newSessions(now func() time.Time) *sessions {
	return &sessions{now: now, open: map[string]session{}, fails: map[string]*failures{}}
}

// clientAddr is the address failures are counted by: the peer's IP (the
// hub is reached directly on the store's network, not through a proxy).
func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

func failKeys(staff, addr string) []string { return []string{"staff:" + staff, "addr:" + addr} }

// locked returns how long logins of staff from addr must still wait; 0
// when they may try.
func (s *sessions) locked(staff, addr string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	var wait time.Duration
	for _, k := range failKeys(staff, addr) {
		if f := s.fails[k]; f != nil {
			wait = max(wait, f.until.Sub(now))
		}
	}
	return max(wait, 0)
}

// attempt counts a login of staff from addr before its PIN is checked,
// so that attempts sent at once are all counted; it returns how long they
// must still wait, 0 when this attempt may go on. The attempt that
// reaches freeTries locks those after it, unless its PIN is right (see
// forgive).
func (s *sessions) attempt(staff, addr string) time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, f := range s.fails {
		if now.Sub(f.last) > failuresKept {
			delete(s.fails, k)
		}
	}
	var wait time.Duration
	for _, k := range failKeys(staff, addr) {
		if f := s.fails[k]; f != nil {
			wait = max(wait, f.until.Sub(now))
		}
	}
	if wait > 0 {
		return wait
	}
	for _, k := range failKeys(staff, addr) {
		f := s.fails[k]
		if f == nil {
			f = &failures{}
			s.fails[k] = f
		}
		f.n++
		f.last = now
		if f.n >= freeTries {
			f.until = now.Add(min(firstLock<<min(f.n-freeTries, 10), longestLock))
		}
	}
	return 0
}

// forgive forgets the attempts of staff and of addr: the PIN was right.
func (s *sessions) forgive(staff, addr string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, k := range failKeys(staff, addr) {
		delete(s.fails, k)
	}
}

// randomID returns 256 random bits, in base64.
func randomID() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

// start opens a session for staff and returns its id.
func (s *sessions) start(staff string) string {
	id := randomID()
	s.mu.Lock()
	defer s.mu.Unlock()
	now := s.now()
	for k, o := range s.open {
		if !now.Before(o.expires) {
			delete(s.open, k)
		}
	}
	s.open[id] = session{staff: staff, token: randomID(), expires: now.Add(sessionTTL)}
	return id
}

// staff returns the staff id of the session of r, or "".
func (s *sessions) staff(r *http.Request) string { return s.get(r).staff }

// get returns the session of r; its staff is "" when there is none.
func (s *sessions) get(r *http.Request) session {
	c, err := r.Cookie(sessionCookie)
	if err != nil {
		return session{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	o, ok := s.open[c.Value]
	if !ok || !s.now().Before(o.expires) {
		delete(s.open, c.Value)
		return session{}
	}
	return o
}

// end closes the session of r.
func (s *sessions) end(r *http.Request) {
	if c, err := r.Cookie(sessionCookie); err == nil {
		s.mu.Lock()
		delete(s.open, c.Value)
		s.mu.Unlock()
	}
}

// sessionCookieOf is the session cookie carrying id; an empty id clears
// it. Over TLS (secure), browsers send it over TLS only.
func sessionCookieOf(id string, secure bool) *http.Cookie {
	c := &http.Cookie{Name: sessionCookie, Value: id, Path: "/manager", HttpOnly: true, SameSite: http.SameSiteStrictMode,
		Secure: secure, MaxAge: int(sessionTTL / time.Second)}
	if id == "" {
		c.MaxAge = -1
	}
	return c
}
