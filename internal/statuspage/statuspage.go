// Package statuspage serves the visitor's status page, from the QR code of
// the ticket, and takes their answer on the visit once it is over. It
// reads the hub's state and submits events through the hub (Hub), so a
// test mounts it on any hub.
package statuspage

import (
	"bytes"
	"context"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"accueil/assets"
	"accueil/internal/eta"
	"accueil/internal/queue"
	"accueil/internal/webpage"
)

// The visitor's status page, from the QR code of the ticket:
// GET /t/{id}?k=token shows the ticket in its visitor's language (or the
// one picked on the page with &lang=, or the browser's); its script
// follows GET /t/{id}/events, a Server-Sent Events stream, and rings and
// vibrates when the ticket is called. Without scripts the page reloads
// itself every statusReload; once the ticket is over it does neither.
// Scripts and styles are files, so a strict Content-Security-Policy holds.
//
// Once the visit is over, the page asks the visitor how likely they are to
// recommend the shop (0 to 10, a comment if they like): a plain form
// posted to POST /t/{id}/feedback, which checks the ticket's token and the
// rules of queue.CheckFeedback, submits the answer through the hub and
// sends the visitor back to the page, which thanks them.
const (
	statusPoll   = 300 * time.Millisecond // how often the stream looks at the hub
	statusRetry  = 3000                   // ms before the browser reconnects
	statusReload = 60                     // s between reloads of a page without scripts
	waitRefresh  = 15 * time.Second       // how often the stream estimates the wait again when nothing happens
)

//go:embed status.js
var statusJS []byte

//go:embed status.css
var statusCSS []byte

const statusCSP = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; media-src 'self'; img-src 'self' data:; form-action 'self'"

// Hub is what the page needs of the store's hub (mqttsync.Hub).
type Hub interface {
	// Read calls fn with the hub's state, which fn must not keep or change.
	Read(ctx context.Context, fn func(*queue.State)) error
	// Submit makes, applies and logs an event of the hub's own.
	Submit(ctx context.Context, typ string, body any) (queue.Event, error)
}

// Page is the status page of the tickets of Hub.
type Page struct {
	Hub Hub
	Now func() time.Time // the clock of the posted waits; time.Now
	// History, when set, gives the finished tickets of the store's last
	// days, which the wait estimate learns service times from besides
	// today's (see eta.New).
	History func(ctx context.Context, st *queue.State) []queue.Ticket
}

// Routes adds the page's routes to mux.
func (p *Page) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /t/{id}", p.status)
	mux.HandleFunc("GET /t/{id}/events", p.statusEvents)
	mux.HandleFunc("POST /t/{id}/feedback", p.statusFeedback)
	mux.HandleFunc("GET /status.js", webpage.Static("text/javascript; charset=utf-8", statusJS))
	mux.HandleFunc("GET /status.css", webpage.Static("text/css; charset=utf-8", statusCSS))
}

// read runs fn on a copy of the hub's state, bounded by the request: the
// wait estimate takes a few milliseconds, which the hub's goroutine, that
// applies the store's events, does not wait for.
func (p *Page) read(r *http.Request, fn func(*queue.State)) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	var st *queue.State
	if err := p.Hub.Read(ctx, func(s *queue.State) { st = s.Clone() }); err != nil {
		return err
	}
	fn(st)
	return nil
}

// history returns the past days' tickets to learn from, if any.
func (p *Page) history(ctx context.Context, st *queue.State) []queue.Ticket {
	if p.History == nil {
		return nil
	}
	return p.History(ctx, st)
}

// ticketView is the ticket as the page shows it, in one language; the
// stream sends it as JSON.
type ticketView struct {
	State  string `json:"state"` // waiting, called, serving or over
	Status string `json:"status"`
	Ahead  string `json:"ahead"`
	Wait   string `json:"wait"`
	Rate   bool   `json:"rate"`  // the visitor may rate the visit now
	Rated  bool   `json:"rated"` // and did
	// Incident is what is known of the outage the visit is about, or
	// that it is over; Following, that it is not over yet.
	Incident  string `json:"incident"`
	Following bool   `json:"-"`
}

// viewTicket says where t stands, in tr's language.
func viewTicket(st *queue.State, t *queue.Ticket, tr assets.Translator, now time.Time, history []queue.Ticket) ticketView {
	v := ticketView{State: "over", Status: tr.L("web.status." + string(t.Status)), Rate: t.Rateable() == nil, Rated: t.Feedback != nil}
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
	if i := st.Incidents[t.Incident]; i != nil {
		v.Incident, v.Following = tr.L("web.incident.over"), i.Open()
		if i.Open() {
			v.Incident = tr.L("web.incident.open", map[string]any{"Service": tr.L("incident.service." + i.Service), "Area": i.Area}) +
				" " + i.Message.In(tr.Lang)
			if !i.End.IsZero() {
				v.Incident += " " + tr.L("web.incident.until", map[string]any{"Until": i.End.In(st.Config.Location()).Format("15:04")})
			}
		}
	}
	if t.Outcome == queue.OutcomeInformed {
		v.Status = tr.L("web.status.informed")
	}
	if n := st.Ahead(t.ID, now); n >= 0 {
		v.Ahead = tr.N("web.status.ahead", n, map[string]any{"Count": n})
		v.Wait = tr.L("web.status.wait_unknown")
		if w := eta.New(st, now, history).Ticket(t.ID); w.Known {
			low, high := w.Minutes()
			v.Wait = tr.L("web.status.wait", map[string]any{"Minutes": high})
			if low < high {
				v.Wait = tr.L("web.status.wait_range", map[string]any{"Low": low, "High": high})
			}
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

// statusPage is what the status page template is given.
type statusPage struct {
	Lang   string
	Langs  []webpage.LangLink
	T      map[string]string // the page's own texts
	Store  string
	Number string
	Reason string
	View   ticketView
	Events string // the stream's URL; empty once the ticket is over
	Reload int    // s, for a page without scripts; 0: none

	Feedback string // where the feedback form posts; empty: no form
	Token    string
	Scores   []int
	Error    string // why an answer was refused
	Back     string // the ticket's page, from an error
}

var statusTmpl = template.Must(template.New("status").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
{{if .Reload}}<noscript><meta http-equiv="refresh" content="{{.Reload}}"></noscript>{{end}}
<title>{{if .Number}}{{.Number}} · {{.Store}}{{else if .Error}}{{.T.error_title}}{{else}}{{.T.unknown_title}}{{end}}</title>
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
{{if .View.Incident}}<p id="incident" class="incident">{{.View.Incident}}</p>{{end}}
<p id="ahead"{{if not .View.Ahead}} hidden{{end}}>{{.View.Ahead}}</p>
<p id="wait"{{if not .View.Wait}} hidden{{end}}>{{.View.Wait}}</p>
{{if .Events}}<p id="live" class="small">{{.T.live}}</p>
<button id="sound" type="button" hidden>{{.T.sound}}</button>
<audio id="chime" src="/display/chime.wav" preload="auto"></audio>{{end}}
{{if .Feedback}}<form id="nps" method="post" action="{{.Feedback}}"{{if not .View.Rate}} hidden{{end}}>
<input type="hidden" name="k" value="{{.Token}}">
<fieldset><legend>{{.T.question}}</legend>
<div class="scale">{{range .Scores}}<input type="radio" name="score" value="{{.}}" id="score{{.}}" required><label for="score{{.}}">{{.}}</label>{{end}}</div>
<p class="ends" aria-hidden="true"><span>{{.T.low}}</span><span>{{.T.high}}</span></p>
</fieldset>
<label for="comment">{{.T.comment}}</label>
<textarea id="comment" name="comment" maxlength="{{.T.max}}" rows="3"></textarea>
<button type="submit" id="send">{{.T.send}}</button>
</form>
<p id="thanks" class="thanks" role="status"{{if not .View.Rated}} hidden{{end}}>{{.T.thanks}}</p>{{end}}
{{else if .Error}}
<h1>{{.T.error_title}}</h1>
<p id="error" class="error">{{.Error}}</p>
<p><a href="{{.Back}}">{{.T.back}}</a></p>
{{else}}
<h1>{{.T.unknown_title}}</h1>
<p>{{.T.unknown}}</p>
{{end}}
</body></html>`))

func (p *Page) status(rw http.ResponseWriter, r *http.Request) {
	id, token := r.PathValue("id"), r.URL.Query().Get("k")
	now := p.Now()
	var page statusPage
	var ticketLang string
	err := p.read(r, func(st *queue.State) {
		t := ticketOf(st, id, token)
		if t == nil {
			return
		}
		ticketLang = t.Lang
		page.Lang = webpage.PageLang(r, t.Lang)
		tr, err := assets.NewTranslator(page.Lang)
		if err != nil {
			return
		}
		page.Store, page.Number = st.Config.Store, t.Number
		if rs := st.Config.Reason(t.Reason); rs != nil {
			page.Reason = rs.Name.In(page.Lang)
		}
		page.View = viewTicket(st, t, tr, now, p.history(r.Context(), st))
	})
	if err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	if page.Number == "" {
		page.Lang = webpage.PageLang(r, ticketLang)
	}
	tr, err := assets.NewTranslator(page.Lang)
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	page.Langs = webpage.LangLinks(r, page.Lang, tr)
	if page.Number != "" && page.View.State != "over" {
		page.Events = "/t/" + url.PathEscape(id) + "/events?" + url.Values{"k": {token}, "lang": {page.Lang}}.Encode()
		page.Reload = statusReload
	}
	if page.View.Following && page.Events == "" { // a visitor who left informed: the page reloads
		page.Reload = statusReload
	}
	if page.Number != "" {
		page.Feedback = "/t/" + url.PathEscape(id) + "/feedback?" + url.Values{"lang": {page.Lang}}.Encode()
		page.Token = token
		for n := range queue.MaxScore + 1 {
			page.Scores = append(page.Scores, n)
		}
	}
	code := http.StatusOK
	if page.Number == "" {
		code = http.StatusNotFound
	}
	renderStatus(rw, page, tr, code)
}

// renderStatus writes page in tr's language with HTTP status code.
func renderStatus(rw http.ResponseWriter, page statusPage, tr assets.Translator, code int) {
	page.T = map[string]string{
		"live": tr.L("web.status.refresh"), "sound": tr.L("web.status.sound"),
		"unknown_title": tr.L("web.status.unknown_title"), "unknown": tr.L("web.status.unknown"),
		"question": tr.L("web.feedback.question"), "low": tr.L("web.feedback.low"), "high": tr.L("web.feedback.high"),
		"comment": tr.L("web.feedback.comment"), "send": tr.L("web.feedback.send"), "thanks": tr.L("web.feedback.thanks"),
		"error_title": tr.L("web.feedback.error_title"), "back": tr.L("web.feedback.back"),
		"max": strconv.Itoa(queue.MaxComment),
	}
	h := rw.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Security-Policy", statusCSP)
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Language", page.Lang)
	rw.WriteHeader(code)
	statusTmpl.Execute(rw, page)
}

// maxFeedback bounds the body of a feedback form: a score, the token and a
// comment of MaxComment characters fit in it with room to spare.
const maxFeedback = 4 << 10

// statusFeedback takes a visitor's answer from the status page's form and
// submits it through the hub, then sends them back to the page (303). It
// refuses, with a page that says why: a body over maxFeedback (413, read
// no further), an unknown ticket or a wrong token (403), a visit not over
// (409), a second answer (409), a score or comment out of bounds (400).
func (p *Page) statusFeedback(rw http.ResponseWriter, r *http.Request) {
	id := r.PathValue("id")
	refuse := func(key string, status int, token, ticketLang string) {
		page := statusPage{Lang: webpage.PageLang(r, ticketLang)}
		tr, err := assets.NewTranslator(page.Lang)
		if err != nil {
			http.Error(rw, err.Error(), http.StatusInternalServerError)
			return
		}
		if key != "" {
			page.Error = tr.L(key)
			page.Back = "/t/" + url.PathEscape(id) + "?" + url.Values{"k": {token}, "lang": {page.Lang}}.Encode()
		}
		renderStatus(rw, page, tr, status)
	}
	if r.ContentLength > maxFeedback {
		refuse("web.feedback.too_large", http.StatusRequestEntityTooLarge, "", "")
		return
	}
	r.Body = http.MaxBytesReader(rw, r.Body, maxFeedback)
	if err := r.ParseForm(); err != nil {
		if mb := (*http.MaxBytesError)(nil); errors.As(err, &mb) {
			refuse("web.feedback.too_large", http.StatusRequestEntityTooLarge, "", "")
		} else {
			refuse("web.feedback.invalid", http.StatusBadRequest, "", "")
		}
		return
	}
	token := r.PostForm.Get("k")
	score, err := strconv.Atoi(r.PostForm.Get("score"))
	if err != nil {
		score = -1 // refused below, once the token is checked
	}
	b, _ := queue.NewFeedback(id, token, score, r.PostForm.Get("comment"))
	var ticketLang string
	var check error
	if err := p.read(r, func(st *queue.State) {
		if t := ticketOf(st, id, token); t != nil {
			ticketLang = t.Lang
		}
		check = st.CheckFeedback(b)
	}); err != nil {
		refuse("web.feedback.busy", http.StatusServiceUnavailable, token, "")
		return
	}
	if check == nil {
		ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
		_, check = p.Hub.Submit(ctx, queue.FeedbackGiven, b)
		cancel()
	}
	switch queue.ErrorCode(check) {
	case "":
		http.Redirect(rw, r, "/t/"+url.PathEscape(id)+"?"+url.Values{"k": {token}, "lang": {webpage.PageLang(r, ticketLang)}}.Encode(), http.StatusSeeOther)
	case queue.ENOTFOUND, queue.EFORBIDDEN:
		refuse("", http.StatusForbidden, "", "")
	case queue.ECONFLICT:
		refuse("web.feedback.not_over", http.StatusConflict, token, ticketLang)
	case queue.EANSWERED:
		refuse("web.feedback.answered", http.StatusConflict, token, ticketLang)
	case queue.EINVALID:
		refuse("web.feedback.invalid", http.StatusBadRequest, token, ticketLang)
	default:
		refuse("web.feedback.busy", http.StatusServiceUnavailable, token, ticketLang)
	}
}

// statusEvents streams where a ticket stands: a "ticket" event at once
// and at each change, until the ticket is over; a "gone" event when the
// ticket is no longer there (its day closed), for the page to reload.
func (p *Page) statusEvents(rw http.ResponseWriter, r *http.Request) {
	id, token := r.PathValue("id"), r.URL.Query().Get("k")
	tr, err := assets.NewTranslator(webpage.PageLang(r, ""))
	if err != nil {
		http.Error(rw, err.Error(), http.StatusInternalServerError)
		return
	}
	flusher, ok := webpage.OpenStream(rw, statusRetry)
	if !ok {
		return
	}
	var sent []byte
	var seq int64 // of the state last viewed, at viewed
	var viewed time.Time
	var last ticketView
	lastWrite := time.Now()
	tick := time.NewTicker(statusPoll)
	defer tick.Stop()
	for {
		var v *ticketView
		gone := false
		err := p.read(r, func(st *queue.State) {
			t := ticketOf(st, id, token)
			if t == nil {
				gone = true
				return
			}
			if now := p.Now(); st.Seq != seq || now.Sub(viewed) >= waitRefresh {
				last, seq, viewed = viewTicket(st, t, tr, now, p.history(r.Context(), st)), st.Seq, now
			}
			v = &last
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
		if !webpage.KeepAlive(rw, flusher, &lastWrite) {
			return
		}
		select {
		case <-r.Context().Done():
			return
		case <-tick.C:
		}
	}
}
