package main

import (
	"context"
	"encoding/json"
	"maps"
	"net/http"
	"sync/atomic"
	"time"

	"accueil/internal/enrol"
	"accueil/internal/managerpage"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/statuspage"
	"accueil/internal/store"
	"accueil/internal/webpage"
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

// newWeb returns the hub's web pages; metricsToken opens /metrics to
// scrapers beyond the hub's machine.
func newWeb(hub *mqttsync.Hub, db *store.DB, integrity *integrity, keys *enrol.Keyring, metricsToken string) http.Handler {
	w := &web{hub: hub, integrity: integrity, now: time.Now}
	mux := http.NewServeMux()
	mux.Handle("POST /pair", keys.Handler())
	mux.HandleFunc("GET /healthz", w.health)
	mux.Handle("GET /metrics", scrapers(metricsToken, metricsHandler(hub)))
	mux.HandleFunc("GET /api/queue", w.queue)
	history := &serviceHistory{db: db, now: w.now}
	(&statuspage.Page{Hub: hub, Now: w.now, History: history.Tickets}).Routes(mux)
	w.displayRoutes(mux)
	managerpage.New(hub, db, w.now).Routes(mux)
	return mux
}

// The hub's pages share the status page's language switch, static files
// and event-stream keep-alive (package webpage).
type langLink = webpage.LangLink

var (
	pageLang  = webpage.PageLang
	langLinks = webpage.LangLinks
	static    = webpage.Static
	keepAlive = webpage.KeepAlive
)

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
