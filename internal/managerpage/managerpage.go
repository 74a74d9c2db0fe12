// Package managerpage serves the store manager's pages, under /manager:
// the live floor, reports with charts and CSV exports, behind a login with
// a manager's staff id and PIN (see sessions). The pages render
// view-models of internal/report; every text comes from the translations
// (manager.*.json), in the language picked on the page (&lang=), else the
// browser's. Scripts and styles are files: the pages work without
// scripts, the floor then reloads itself.
package managerpage

import (
	"context"
	"crypto/subtle"
	"embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"accueil/assets"
	"accueil/internal/queue"
	"accueil/internal/report"
	"accueil/internal/webpage"
)

// policy lets the pages load their own scripts and styles only; a report
// adds the hash of its charts' stylesheet.
const policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
	"object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// Hub is what the pages need of the store's hub (mqttsync.Hub).
type Hub interface {
	// Read calls fn with the hub's state, which fn must not keep or change.
	Read(ctx context.Context, fn func(*queue.State)) error
	// Submit makes, applies and logs an event of the hub's own: an
	// incident declared. Errors carry a queue.ErrorCode.
	Submit(ctx context.Context, typ string, body any) (queue.Event, error)
	// CheckPIN reports whether pin is staff's PIN (the hub alone keeps
	// them).
	CheckPIN(ctx context.Context, staff, pin string) bool
	// VisitsOf returns the visits of a visitor still holding personal data.
	VisitsOf(ctx context.Context, v queue.Visitor) ([]*queue.Ticket, error)
	// EraseVisitor erases them, and returns how many.
	EraseVisitor(ctx context.Context, v queue.Visitor) (int, error)
	// SetPIN sets staff's PIN, apart from the log (EINVALID: too short).
	SetPIN(ctx context.Context, staff, pin string) error
	// ConfigHistory returns the last n changes of the configuration,
	// latest first.
	ConfigHistory(ctx context.Context, n int) ([]queue.Event, error)
}

// Pages are the manager's pages of a hub.
type Pages struct {
	hub      Hub
	reports  report.Source // the store's database
	now      func() time.Time
	sessions *sessions
}

// New returns the manager's pages of hub, with reports read from reports.
func New(hub Hub, reports report.Source, now func() time.Time) *Pages {
	return &Pages{hub: hub, reports: reports, now: now, sessions: newSessions(now)}
}

// read runs fn on the hub's state, bounded by the request.
func (s *Pages) read(r *http.Request, fn func(*queue.State)) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	return s.hub.Read(ctx, fn)
}

//go:embed *.html
var pageFiles embed.FS

//go:embed manager.js
var managerJS []byte

//go:embed manager.css
var managerCSS []byte

var tmpl = template.Must(template.New("manager").Funcs(template.FuncMap{
	"figures": func(p *page, rows []FiguresRow, total FiguresRow, first string) any {
		return struct {
			P     *page
			Rows  []FiguresRow
			Total FiguresRow
			First string
		}{p, rows, total, first}
	},
	"pair": func(p *page, f any) any {
		return struct {
			P *page
			F any
		}{p, f}
	},
	"answers": func(p *page, rows []AnswerRow) any {
		return struct {
			P    *page
			Rows []AnswerRow
		}{p, rows}
	},
}).ParseFS(pageFiles, "*.html"))

// Routes adds the pages' routes to mux.
func (s *Pages) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /manager.js", webpage.Static("text/javascript; charset=utf-8", managerJS))
	mux.HandleFunc("GET /manager.css", webpage.Static("text/css; charset=utf-8", managerCSS))
	mux.Handle("GET /manager", http.RedirectHandler("/manager/", http.StatusMovedPermanently))
	mux.HandleFunc("GET /manager/login", s.loginPage)
	mux.HandleFunc("POST /manager/login", s.login)
	mux.HandleFunc("POST /manager/logout", s.logout)
	mux.HandleFunc("GET /manager/{$}", s.signedIn(s.floorPage))
	mux.HandleFunc("GET /manager/events", s.signedIn(s.floorEvents))
	mux.HandleFunc("GET /manager/report", s.signedIn(s.reportPage))
	mux.HandleFunc("GET /manager/report.csv", s.signedIn(s.reportCSV))
	mux.HandleFunc("GET /manager/incidents", s.signedIn(s.incidentsPage))
	mux.HandleFunc("POST /manager/incidents", s.signedIn(s.declare))
	mux.HandleFunc("POST /manager/incidents/end", s.signedIn(s.endIncident))
	mux.HandleFunc("GET /manager/visitor", s.signedIn(s.visitorPage))
	mux.HandleFunc("GET /manager/visitor.json", s.signedIn(s.visitorExport))
	mux.HandleFunc("POST /manager/visitor/erase", s.signedIn(s.visitorErase))
	mux.HandleFunc("GET /manager/config", s.signedIn(s.configPage))
	mux.HandleFunc("POST /manager/config/{section}", s.signedIn(s.saveConfig))
	mux.HandleFunc("/manager/", s.signedIn(func(rw http.ResponseWriter, r *http.Request, _ *page) { http.NotFound(rw, r) }))
}

// page is what every manager page's template is given.
type page struct {
	tr       assets.Translator
	Lang     string
	Langs    []webpage.LangLink
	Store    string
	Manager  string       // the name of who is logged in; "" on the login page
	Nav      string       // the page: "floor", "report", "incidents", "visitor", "config" or "login"
	Events   string       // the live floor's stream
	Reload   int          // s, for the live floor without scripts
	Error    string       // a sentence saying what went wrong
	CSRF     string       // the session's token, posted back by every form
	ChartCSS template.CSS // the styles of the page's charts (see charts)
	Body     any          // the page's own view
}

// L returns the translation of key, its template filled from pairs of
// names and values.
func (p *page) L(key string, pairs ...any) string {
	if len(pairs) == 0 {
		return p.tr.L(key)
	}
	data := map[string]any{}
	for i := 0; i+1 < len(pairs); i += 2 {
		data[pairs[i].(string)] = pairs[i+1]
	}
	return p.tr.L(key, data)
}

// Q is the page's language as a query, for links.
func (p *page) Q() template.URL { return template.URL(url.Values{"lang": {p.Lang}}.Encode()) }

// minutes says a duration in minutes, rounded, and from an hour on in
// hours and minutes.
func (p *page) minutes(d time.Duration) string {
	if d >= time.Hour {
		return p.L("manager.hours_minutes", "H", int(d/time.Hour), "M", fmt.Sprintf("%02d", int(d%time.Hour/time.Minute)))
	}
	return p.L("manager.minutes", "M", int(math.Round(d.Minutes())))
}

// newPage builds the frame of a page in the request's language.
func (s *Pages) newPage(r *http.Request, nav string) (*page, error) {
	lang := webpage.PageLang(r, "")
	tr, err := assets.NewTranslator(lang)
	if err != nil {
		return nil, err
	}
	p := &page{tr: tr, Lang: lang, Nav: nav}
	p.Langs = webpage.LangLinks(r, lang, tr)
	return p, nil
}

// render writes page with template name.
func (s *Pages) render(rw http.ResponseWriter, p *page, name string, code int) {
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", p.Lang)
	if h.Get("Content-Security-Policy") == "" {
		h.Set("Content-Security-Policy", policy)
	}
	rw.WriteHeader(code)
	tmpl.ExecuteTemplate(rw, name, p)
}

// maxForm bounds what a form posts.
const maxForm = 64 << 10

// signedIn lets through requests of a manager's session, still a manager
// in the store's configuration, and sends the others to the login page. A
// form must come from the hub's own pages, with the session's token.
func (s *Pages) signedIn(next func(http.ResponseWriter, *http.Request, *page)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		p, err := s.newPage(r, "")
		if err != nil {
			http.Error(rw, err.Error(), http.StatusInternalServerError)
			return
		}
		if r.Method == http.MethodPost {
			r.Body = http.MaxBytesReader(rw, r.Body, maxForm)
		}
		o := s.sessions.get(r)
		err = s.read(r, func(st *queue.State) {
			p.Store = st.Config.Store
			if m := st.Config.StaffMember(o.staff); o.staff != "" && m != nil && m.Role == queue.RoleManager {
				p.Manager = m.Name
			}
		})
		p.CSRF = o.token
		switch {
		case err != nil:
			http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		case p.Manager == "":
			http.Redirect(rw, r, "/manager/login?"+string(p.Q()), http.StatusSeeOther)
		case r.Method == http.MethodPost && (!sameOrigin(r) || subtle.ConstantTimeCompare([]byte(r.PostFormValue("csrf")), []byte(o.token)) != 1):
			http.Error(rw, "cross-site request", http.StatusForbidden)
		default:
			next(rw, r, p)
		}
	}
}

func (s *Pages) loginPage(rw http.ResponseWriter, r *http.Request) {
	p, err := s.newPage(r, "login")
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	s.read(r, func(st *queue.State) { p.Store = st.Config.Store })
	s.render(rw, p, "login", http.StatusOK)
}

// login checks a manager's staff id and PIN and opens their session.
func (s *Pages) login(rw http.ResponseWriter, r *http.Request) {
	p, err := s.newPage(r, "login")
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	staff, pin, addr := r.PostFormValue("staff"), r.PostFormValue("pin"), clientAddr(r)
	refuse := func(code int, key string, wait time.Duration) {
		p.Error = p.L(key)
		if wait > 0 {
			rw.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(wait.Seconds()))))
			p.Error += " " + p.L("manager.login.wait", "Wait", p.waitText(wait))
		}
		s.render(rw, p, "login", code)
	}
	if wait := s.sessions.attempt(staff, addr); wait > 0 {
		refuse(http.StatusTooManyRequests, "manager.login.locked", wait)
		return
	}
	var member queue.Staff
	known := false
	if err := s.read(r, func(st *queue.State) {
		p.Store = st.Config.Store
		if m := st.Config.StaffMember(staff); m != nil {
			member, known = *m, true
		}
	}); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	if !known || !s.hub.CheckPIN(r.Context(), staff, pin) {
		if wait := s.sessions.locked(staff, addr); wait > 0 {
			refuse(http.StatusTooManyRequests, "manager.login.locked", wait)
			return
		}
		refuse(http.StatusUnauthorized, "manager.login.wrong", 0)
		return
	}
	s.sessions.forgive(staff, addr)
	if member.Role != queue.RoleManager {
		refuse(http.StatusForbidden, "manager.login.not_manager", 0)
		return
	}
	http.SetCookie(rw, sessionCookieOf(s.sessions.start(staff), r.TLS != nil))
	http.Redirect(rw, r, "/manager/?"+string(p.Q()), http.StatusSeeOther)
}

// waitText says how long to wait before trying again: seconds under a
// minute, else minutes rounded up.
func (p *page) waitText(d time.Duration) string {
	if d < time.Minute {
		return p.L("manager.seconds", "S", int(math.Ceil(d.Seconds())))
	}
	return p.L("manager.minutes", "M", int(math.Ceil(d.Minutes())))
}

func (s *Pages) logout(rw http.ResponseWriter, r *http.Request) {
	s.sessions.end(r)
	http.SetCookie(rw, sessionCookieOf("", r.TLS != nil))
	lang := webpage.PageLang(r, "")
	http.Redirect(rw, r, "/manager/login?"+url.Values{"lang": {lang}}.Encode(), http.StatusSeeOther)
}
