package main

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"math"
	"net/http"
	"net/url"
	"slices"
	"time"

	"golang.org/x/text/language"

	"accueil/assets"
	"accueil/internal/eta"
	"accueil/internal/queue"
)

// The visitor's status page, from the QR code of the ticket:
// GET /t/{id}?k=token shows the ticket in its visitor's language (or the
// one picked on the page with &lang=, or the browser's); its script
// follows GET /t/{id}/events, a Server-Sent Events stream, and rings and
// vibrates when the ticket is called. Without scripts the page reloads
// itself every statusReload; once the ticket is over it does neither.
// Scripts and styles are files, so a strict Content-Security-Policy holds.
const (
	statusPoll   = 300 * time.Millisecond // how often the stream looks at the hub
	statusRetry  = 3000                   // ms before the browser reconnects
	statusReload = 60                     // s between reloads of a page without scripts
)

//go:embed status/status.js
var statusJS []byte

//go:embed status/status.css
var statusCSS []byte

const statusCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; media-src 'self'; img-src 'self' data:"

func (w *web) statusRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /t/{id}", w.status)
	mux.HandleFunc("GET /t/{id}/events", w.statusEvents)
	mux.HandleFunc("GET /status.js", static("text/javascript; charset=utf-8", statusJS))
	mux.HandleFunc("GET /status.css", static("text/css; charset=utf-8", statusCSS))
}

func static(typ string, b []byte) http.HandlerFunc {
	return func(rw http.ResponseWriter, r *http.Request) {
		rw.Header().Set("Content-Type", typ)
		rw.Header().Set("Cache-Control", "max-age=3600")
		http.ServeContent(rw, r, "", time.Time{}, bytes.NewReader(b))
	}
}

// ticketView is the ticket as the page shows it, in one language; the
// stream sends it as JSON.
type ticketView struct {
	State  string `json:"state"` // waiting, called, serving or over
	Status string `json:"status"`
	Ahead  string `json:"ahead"`
	Wait   string `json:"wait"`
}

// viewTicket says where t stands, in tr's language.
func viewTicket(st *queue.State, t *queue.Ticket, tr assets.Translator, now time.Time) ticketView {
	v := ticketView{State: "over", Status: tr.L("web.status." + string(t.Status))}
	switch t.Status {
	case queue.Waiting:
		v.State = "waiting"
	case queue.Called, queue.Serving:
		v.State = string(t.Status)
		counter := t.Counter
		if c := st.Config.Counter(t.Counter); c != nil {
			counter = c.Name
		}
		v.Status = tr.L("web.status.called_to", map[string]any{"Counter": counter})
	}
	if n := st.Ahead(t.ID, now); n >= 0 {
		v.Ahead = tr.N("web.status.ahead", n, map[string]any{"Count": n})
		v.Wait = tr.L("web.status.wait_unknown")
		if wait, known := eta.Estimate(st, t.Reason, n, now); known {
			v.Wait = tr.L("web.status.wait", map[string]any{"Minutes": int(math.Ceil(wait.Minutes()))})
		}
	}
	return v
}

// ticketOf returns the ticket id whose token is token, or nil: a wrong
// link, or a ticket of a day that is over.
func ticketOf(st *queue.State, id, token string) *queue.Ticket {
	t := st.Tickets[id]
	if t == nil || subtle.ConstantTimeCompare([]byte(t.Token), []byte(token)) != 1 {
		return nil
	}
	return t
}

// pageLang is the language of a page: the one picked on the page, else
// the ticket's, else the browser's first that Accueil speaks, else French.
func pageLang(r *http.Request, ticket string) string {
	if l := r.URL.Query().Get("lang"); slices.Contains(assets.Languages, l) {
		return l
	}
	if slices.Contains(assets.Languages, ticket) {
		return ticket
	}
	tags, _, _ := language.ParseAcceptLanguage(r.Header.Get("Accept-Language"))
	for _, t := range tags {
		if b, _ := t.Base(); slices.Contains(assets.Languages, b.String()) {
			return b.String()
		}
	}
	return assets.Languages[0]
}

// langLink is a link of the language switch.
type langLink struct {
	Lang, Name, Href string
	Current          bool
}

func langLinks(r *http.Request, cur string, tr assets.Translator) []langLink {
	var out []langLink
	for _, l := range assets.Languages {
		q := url.Values{"lang": {l}}
		if k := r.URL.Query().Get("k"); k != "" {
			q.Set("k", k)
		}
		out = append(out, langLink{Lang: l, Name: tr.L("web.lang." + l), Href: "?" + q.Encode(), Current: l == cur})
	}
	return out
}

// statusPage is what the status page template is given.
type statusPage struct {
	Lang   string
	Langs  []langLink
	T      map[string]string // the page's own texts
	Store  string
	Number string
	Reason string
	View   ticketView
	Events string // the stream's URL; empty once the ticket is over
	Reload int    // s, for a page without scripts; 0: none
}

var statusTmpl = template.Must(template.New("status").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{if .Reload}}<noscript><meta http-equiv="refresh" content="{{.Reload}}"></noscript>{{end}}
<title>{{if .Number}}{{.Number}} · {{.Store}}{{else}}{{.T.unknown_title}}{{end}}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/status.css">
<script src="/status.js" defer></script>
</head><body class="{{.View.State}}"{{if .Events}} data-events="{{.Events}}"{{end}}>
<nav>{{range .Langs}}<a href="{{.Href}}" hreflang="{{.Lang}}" lang="{{.Lang}}"{{if .Current}} aria-current="page"{{end}}>{{.Name}}</a>{{end}}</nav>
{{if .Number}}
<p class="store">{{.Store}}</p>
<div class="number">{{.Number}}</div>
<p>{{.Reason}}</p>
<p id="status" class="status" role="status" aria-live="assertive">{{.View.Status}}</p>
<p id="ahead"{{if not .View.Ahead}} hidden{{end}}>{{.View.Ahead}}</p>
<p id="wait"{{if not .View.Wait}} hidden{{end}}>{{.View.Wait}}</p>
{{if .Events}}<p id="live" class="small">{{.T.live}}</p>
<button id="sound" type="button" hidden>{{.T.sound}}</button>
<audio id="chime" src="/display/chime.wav" preload="auto"></audio>{{end}}
{{else}}
<h1>{{.T.unknown_title}}</h1>
<p>{{.T.unknown}}</p>
{{end}}
</body></html>`))

func (w *web) status(rw http.ResponseWriter, r *http.Request) {
	id, token := r.PathValue("id"), r.URL.Query().Get("k")
	now := w.now()
	var page statusPage
	var ticketLang string
	err := w.read(r, func(st *queue.State) {
		t := ticketOf(st, id, token)
		if t == nil {
			return
		}
		ticketLang = t.Lang
		page.Lang = pageLang(r, t.Lang)
		tr, err := assets.NewTranslator(page.Lang)
		if err != nil {
			return
		}
		page.Store, page.Number = st.Config.Store, t.Number
		if rs := st.Config.Reason(t.Reason); rs != nil {
			page.Reason = rs.Name.In(page.Lang)
		}
		page.View = viewTicket(st, t, tr, now)
	})
	if err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	if page.Number == "" {
		page.Lang = pageLang(r, ticketLang)
	}
	tr, err := assets.NewTranslator(page.Lang)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	page.Langs = langLinks(r, page.Lang, tr)
	page.T = map[string]string{
		"live": tr.L("web.status.refresh"), "sound": tr.L("web.status.sound"),
		"unknown_title": tr.L("web.status.unknown_title"), "unknown": tr.L("web.status.unknown"),
	}
	if page.Number != "" && page.View.State != "over" {
		page.Events = "/t/" + url.PathEscape(id) + "/events?" + url.Values{"k": {token}, "lang": {page.Lang}}.Encode()
		page.Reload = statusReload
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", statusCSP)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", page.Lang)
	if page.Number == "" {
		rw.WriteHeader(http.StatusNotFound)
	}
	statusTmpl.Execute(rw, page)
}

// statusEvents streams where a ticket stands: a "ticket" event at once
// and at each change, until the ticket is over; a "gone" event when the
// ticket is no longer there (its day closed), for the page to reload.
func (w *web) statusEvents(rw http.ResponseWriter, r *http.Request) {
	flusher, ok := rw.(http.Flusher)
	if !ok {
		http.Error(rw, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	id, token := r.PathValue("id"), r.URL.Query().Get("k")
	tr, err := assets.NewTranslator(pageLang(r, ""))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	h := rw.Header()
	h.Set("Content-Type", "text/event-stream")
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Accel-Buffering", "no")
	if _, err := fmt.Fprintf(rw, "retry: %d\n\n", statusRetry); err != nil {
		return
	}
	flusher.Flush()
	var sent []byte
	lastWrite := time.Now()
	tick := time.NewTicker(statusPoll)
	defer tick.Stop()
	for {
		var v *ticketView
		gone := false
		err := w.read(r, func(st *queue.State) {
			t := ticketOf(st, id, token)
			if t == nil {
				gone = true
				return
			}
			tv := viewTicket(st, t, tr, w.now())
			v = &tv
		})
		switch {
		case err == nil && gone:
			fmt.Fprint(rw, "event: gone\ndata: {}\n\n")
			flusher.Flush()
			return
		case err == nil:
			payload, _ := json.Marshal(v)
			if !bytes.Equal(payload, sent) {
				if _, err := fmt.Fprintf(rw, "event: ticket\ndata: %s\n\n", payload); err != nil {
					return
				}
				flusher.Flush()
				sent, lastWrite = payload, time.Now()
			}
			if v.State == "over" {
				return
			}
		}
		if !keepAlive(rw, flusher, &lastWrite) {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}
