package main

import (
	"embed"
	_ "embed"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"accueil/assets"
	"accueil/internal/queue"
)

// The store manager's pages, under /manager: the live floor, reports with
// charts and CSV exports, behind a login with a manager's staff id and PIN
// (see sessions). They render view-models of internal/report; every text
// comes from the translations (manager.*.json), in the language picked on
// the page (&lang=), else the browser's. Scripts and styles are files:
// the pages work without scripts, the floor then reloads itself.

//go:embed manager/*.html
var managerFiles embed.FS

//go:embed manager/manager.js
var managerJS []byte

//go:embed manager/manager.css
var managerCSS []byte

var managerTmpl = template.Must(template.New("manager").Funcs(template.FuncMap{
	"figures": func(p *managerPage, rows []figuresRow, total figuresRow, first string) any {
		return struct {
			P     *managerPage
			Rows  []figuresRow
			Total figuresRow
			First string
		}{p, rows, total, first}
	},
}).ParseFS(managerFiles, "manager/*.html"))

func (w *web) managerRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /manager.js", static("text/javascript; charset=utf-8", managerJS))
	mux.HandleFunc("GET /manager.css", static("text/css; charset=utf-8", managerCSS))
	mux.Handle("GET /manager", http.RedirectHandler("/manager/", http.StatusMovedPermanently))
	mux.HandleFunc("GET /manager/login", w.loginPage)
	mux.HandleFunc("POST /manager/login", w.login)
	mux.HandleFunc("POST /manager/logout", w.logout)
	mux.HandleFunc("GET /manager/{$}", w.signedIn(w.floorPage))
	mux.HandleFunc("GET /manager/events", w.signedIn(w.floorEvents))
	mux.HandleFunc("GET /manager/report", w.signedIn(w.reportPage))
	mux.HandleFunc("GET /manager/report.csv", w.signedIn(w.reportCSV))
	mux.HandleFunc("/manager/", w.signedIn(func(rw http.ResponseWriter, r *http.Request, _ *managerPage) { http.NotFound(rw, r) }))
}

// managerPage is what every manager page's template is given.
type managerPage struct {
	tr       assets.Translator
	Lang     string
	Langs    []langLink
	Store    string
	Manager  string       // the name of who is logged in; "" on the login page
	Nav      string       // the page: "floor", "report" or "login"
	Events   string       // the live floor's stream
	Reload   int          // s, for the live floor without scripts
	Error    string       // a sentence saying what went wrong
	ChartCSS template.CSS // the styles of the page's charts (see charts)
	Body     any          // the page's own view
}

// L returns the translation of key, its template filled from pairs of
// names and values.
func (p *managerPage) L(key string, pairs ...any) string {
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
func (p *managerPage) Q() template.URL { return template.URL(url.Values{"lang": {p.Lang}}.Encode()) }

// minutes says a duration in whole minutes, rounded up past a second.
func (p *managerPage) minutes(d time.Duration) string {
	if d >= time.Hour {
		return p.L("manager.hours_minutes", "H", int(d/time.Hour), "M", fmt.Sprintf("%02d", int(d%time.Hour/time.Minute)))
	}
	return p.L("manager.minutes", "M", int(math.Round(d.Minutes())))
}

// newManagerPage builds the frame of a page in the request's language.
func (w *web) newManagerPage(r *http.Request, nav string) (*managerPage, error) {
	lang := pageLang(r, "")
	tr, err := assets.NewTranslator(lang)
	if err != nil {
		return nil, err
	}
	p := &managerPage{tr: tr, Lang: lang, Nav: nav}
	p.Langs = langLinks(r, lang, tr)
	return p, nil
}

// render writes page with template name.
func (w *web) render(rw http.ResponseWriter, p *managerPage, name string, code int) {
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", p.Lang)
	rw.WriteHeader(code)
	managerTmpl.ExecuteTemplate(rw, name, p)
}

// signedIn lets through requests of a manager's session, still a manager
// in the store's configuration, and sends the others to the login page.
func (w *web) signedIn(next func(http.ResponseWriter, *http.Request, *managerPage)) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		p, err := w.newManagerPage(r, "")
		if err != nil {
			http.Error(rw, err.Error(), http.StatusInternalServerError)
			return
		}
		id := w.sessions.staff(r)
		err = w.read(r, func(st *queue.State) {
			p.Store = st.Config.Store
			if s := st.Config.StaffMember(id); id != "" && s != nil && s.Role == queue.RoleManager {
				p.Manager = s.Name
			}
		})
		switch {
		case err != nil:
			http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		case p.Manager == "":
			http.Redirect(rw, r, "/manager/login?"+string(p.Q()), http.StatusSeeOther)
		default:
			next(rw, r, p)
		}
	}
}

func (w *web) loginPage(rw http.ResponseWriter, r *http.Request) {
	p, err := w.newManagerPage(r, "login")
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	w.read(r, func(st *queue.State) { p.Store = st.Config.Store })
	w.render(rw, p, "login", http.StatusOK)
}

// login checks a manager's staff id and PIN and opens their session.
func (w *web) login(rw http.ResponseWriter, r *http.Request) {
	p, err := w.newManagerPage(r, "login")
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
		w.render(rw, p, "login", code)
	}
	if wait := w.sessions.locked(staff, addr); wait > 0 {
		refuse(http.StatusTooManyRequests, "manager.login.locked", wait)
		return
	}
	var member queue.Staff
	known := false
	if err := w.read(r, func(st *queue.State) {
		p.Store = st.Config.Store
		if s := st.Config.StaffMember(staff); s != nil {
			member, known = *s, true
		}
	}); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	switch ok := known && w.hub.CheckPIN(r.Context(), staff, pin); {
	case !ok:
		if wait := w.sessions.failed(staff, addr); wait > 0 {
			refuse(http.StatusTooManyRequests, "manager.login.locked", wait)
			return
		}
		refuse(http.StatusUnauthorized, "manager.login.wrong", 0)
	case member.Role != queue.RoleManager:
		refuse(http.StatusForbidden, "manager.login.not_manager", 0)
	default:
		http.SetCookie(rw, sessionCookieOf(w.sessions.start(staff, addr)))
		http.Redirect(rw, r, "/manager/?"+string(p.Q()), http.StatusSeeOther)
	}
}

// waitText says how long to wait before trying again: seconds under a
// minute, else minutes rounded up.
func (p *managerPage) waitText(d time.Duration) string {
	if d < time.Minute {
		return p.L("manager.seconds", "S", int(math.Ceil(d.Seconds())))
	}
	return p.L("manager.minutes", "M", int(math.Ceil(d.Minutes())))
}

func (w *web) logout(rw http.ResponseWriter, r *http.Request) {
	w.sessions.end(r)
	http.SetCookie(rw, sessionCookieOf(""))
	lang := pageLang(r, "")
	http.Redirect(rw, r, "/manager/login?"+url.Values{"lang": {lang}}.Encode(), http.StatusSeeOther)
}
