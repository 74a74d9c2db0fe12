package main

import (
	"context"
	"crypto/subtle"
	"encoding/json"
	"html/template"
	"maps"
	"math"
	"net/http"
	"sync/atomic"
	"time"

	"fyne.io/fyne/v2/lang"

	"accueil/internal/eta"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
)

// web serves the hub's pages and JSON.
type web struct {
	hub       *mqttsync.Hub
	integrity *integrity
	now       func() time.Time
}

// integrity is what the database's integrity check found: "checking",
// "ok", or the problems.
type integrity struct{ v atomic.Value }

func (i *integrity) set(s string) { i.v.Store(s) }
func (i *integrity) get() string  { return i.v.Load().(string) }

func newWeb(hub *mqttsync.Hub, integrity *integrity) http.Handler {
	w := &web{hub: hub, integrity: integrity, now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", w.health)
	mux.Handle("GET /metrics", metricsHandler(hub))
	mux.HandleFunc("GET /api/queue", w.queue)
	mux.HandleFunc("GET /t/{id}", w.status)
	w.displayRoutes(mux)
	return mux
}

func writeJSON(rw http.ResponseWriter, v any) {
	rw.Header().Set("Content-Type", "application/json")
	json.NewEncoder(rw).Encode(v)
}

// read runs fn on the hub's state, bounded by the request.
func (w *web) read(r *http.Request, fn func(*queue.State)) error {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	return w.hub.Read(ctx, fn)
}

func (w *web) health(rw http.ResponseWriter, r *http.Request) {
	var seq int64
	if err := w.read(r, func(st *queue.State) { seq = st.Seq }); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	s := &w.hub.Stats
	check := w.integrity.get()
	writeJSON(rw, map[string]any{
		"ok": check == "ok" || check == "checking", "broker": w.hub.Online(), "seq": seq, "integrity": check,
		"applied": s.Applied.Load(), "batches": s.Batches.Load(), "duplicates": s.Dupes.Load(), "rejected": s.Rejected.Load(),
	})
}

// queueTicket is a ticket as the JSON of the queue shows it: no token, no
// phone number.
type queueTicket struct {
	Number   string         `json:"number"`
	Reason   string         `json:"reason"`
	Status   queue.Status   `json:"status"`
	Priority queue.Priority `json:"priority"`
	Arrived  time.Time      `json:"arrived_at"`
	WaitSecs int            `json:"wait_seconds"`
	Counter  string         `json:"counter,omitempty"`
}

func (w *web) queue(rw http.ResponseWriter, r *http.Request) {
	now := w.now()
	out := struct {
		Store   string                     `json:"store"`
		Seq     int64                      `json:"seq"`
		Waiting []queueTicket              `json:"waiting"`
		Called  []queueTicket              `json:"called"`
		Alerts  map[string]queue.AlertBody `json:"alerts"` // last alert of each device: a printer out of paper
	}{Waiting: []queueTicket{}, Called: []queueTicket{}}
	err := w.read(r, func(st *queue.State) {
		out.Store, out.Seq, out.Alerts = st.Config.Store, st.Seq, maps.Clone(st.Alerts)
		view := func(t *queue.Ticket) queueTicket {
			return queueTicket{Number: t.Number, Reason: t.Reason, Status: t.Status, Priority: t.Priority,
				Arrived: t.ArrivedAt, WaitSecs: int(t.Wait(now).Seconds()), Counter: t.Counter}
		}
		for _, t := range st.Waiting("", now) {
			out.Waiting = append(out.Waiting, view(t))
		}
		for _, t := range st.Tickets {
			if t.Status == queue.Called || t.Status == queue.Serving {
				out.Called = append(out.Called, view(t))
			}
		}
	})
	if err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	writeJSON(rw, out)
}

var statusPage = template.Must(template.New("status").Parse(`<!doctype html>
<html lang="{{.Lang}}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="15">
<title>{{.Number}} · {{.Store}}</title>
<style>
body{font-family:sans-serif;background:#111;color:#fff;text-align:center;margin:0;padding:2em 1em}
.n{font-size:5em;font-weight:bold;margin:.2em 0;color:#ffd400}
p{font-size:1.5em;margin:.5em 0}
.s{font-size:2em;font-weight:bold}
</style></head><body>
<p>{{.Store}}</p>
<div class="n">{{.Number}}</div>
<p>{{.Reason}}</p>
<p class="s">{{.Status}}</p>
{{if .Ahead}}<p>{{.Ahead}}</p>{{end}}
{{if .Wait}}<p>{{.Wait}}</p>{{end}}
<p><small>{{.Refresh}}</small></p>
</body></html>`))

func (w *web) status(rw http.ResponseWriter, r *http.Request) {
	id, token := r.PathValue("id"), r.URL.Query().Get("k")
	now := w.now()
	var page struct{ Lang, Store, Number, Reason, Status, Ahead, Wait, Refresh string }
	found := false
	err := w.read(r, func(st *queue.State) {
		t := st.Tickets[id]
		if t == nil || subtle.ConstantTimeCompare([]byte(t.Token), []byte(token)) != 1 {
			return
		}
		found = true
		page.Lang, page.Store, page.Number = lang.L("web.lang"), st.Config.Store, t.Number
		if rs := st.Config.Reason(t.Reason); rs != nil {
			page.Reason = rs.Name.In(page.Lang)
		}
		page.Status = lang.L("web.status." + string(t.Status))
		if t.Status == queue.Called || t.Status == queue.Serving {
			counter := t.Counter
			if c := st.Config.Counter(t.Counter); c != nil {
				counter = c.Name
			}
			page.Status = lang.L("web.status.called_to", map[string]string{"Counter": counter})
		}
		if n := st.Ahead(id, now); n >= 0 {
			page.Ahead = lang.LocalizePlural("web.status.ahead", n, map[string]int{"Count": n})
			page.Wait = lang.L("web.status.wait_unknown")
			if wait, known := eta.Estimate(st, t.Reason, n, now); known {
				page.Wait = lang.L("web.status.wait", map[string]int{"Minutes": int(math.Ceil(wait.Minutes()))})
			}
		}
		page.Refresh = lang.L("web.status.refresh")
	})
	switch {
	case err != nil:
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
	case !found:
		http.Error(rw, lang.L("web.status.unknown"), http.StatusNotFound)
	default:
		rw.Header().Set("Content-Type", "text/html; charset=utf-8")
		statusPage.Execute(rw, page)
	}
}
