package managerpage

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"time"

	"accueil/internal/queue"
	"accueil/internal/report"
	"accueil/internal/webpage"
)

// The live floor, /manager/: report.LiveFloor rendered, and rendered
// again into the page through /manager/events (Server-Sent Events) each
// time it changes; without scripts the page reloads every floorReload.
const (
	floorPoll   = time.Second
	floorRetry  = 3000 // ms before the browser reconnects
	floorReload = 30   // s
)

// FloorView is the floor as the page shows it.
type FloorView struct {
	Reasons  []FloorReason
	Staff    []FloorStaff
	Devices  []FloorDevice
	WalkOuts int
	NoShows  int
	Updated  string // the store's time of the figures, "15:04"
}

type FloorReason struct {
	Name                 string
	Waiting, Late        int
	Longest, Posted, SLA string
	PastSLA              bool
}

type FloorStaff struct {
	Name, Role, Counter, State, Doing, For string
}

type FloorDevice struct {
	ID, Kind, Status string
	Alert            bool
}

// viewFloor renders f in p's language.
func viewFloor(p *page, f report.Floor, loc *time.Location) FloorView {
	v := FloorView{WalkOuts: f.WalkOuts, NoShows: f.NoShows, Updated: f.At.In(loc).Format("15:04")}
	for _, r := range f.Reasons {
		fr := FloorReason{Name: r.Name.In(p.Lang), Waiting: r.Waiting, Late: r.Late, SLA: p.minutes(r.SLA),
			Longest: "–", Posted: p.L("manager.floor.nobody"), PastSLA: r.Late > 0}
		if r.Waiting > 0 {
			fr.Longest = p.minutes(r.Longest)
		}
		if r.PostedKnown {
			fr.Posted = p.minutes(r.Posted)
		}
		v.Reasons = append(v.Reasons, fr)
	}
	for _, s := range f.Staff {
		key := "manager.floor.state." + s.State
		if s.Why != "" {
			key += "_why"
		}
		fs := FloorStaff{Name: s.Name, Role: p.L("manager.role." + string(s.Role)), Counter: s.Counter, State: s.State,
			Doing: p.L(key, "Ticket", s.Ticket, "Why", s.Why), For: "–"}
		if s.ForKnown {
			fs.For = p.minutes(s.For)
		}
		v.Staff = append(v.Staff, fs)
	}
	for _, d := range f.Devices {
		fd := FloorDevice{ID: d.ID, Kind: p.L("manager.device." + d.Kind), Status: p.L("manager.floor.device_ok")}
		if d.Alert != nil && d.Alert.Status != "" && d.Alert.Status != "ready" {
			key := "manager.alert." + d.Alert.Kind + "." + d.Alert.Status
			fd.Alert, fd.Status = true, p.L(key)
			if fd.Status == key {
				fd.Status = p.L("manager.alert.other", "Kind", d.Alert.Kind, "Status", d.Alert.Status)
			}
		}
		v.Devices = append(v.Devices, fd)
	}
	return v
}

// floor reads the floor and renders it; false when the hub is busy. It
// reads from a copy of the hub's state: the posted waits take
// milliseconds, which the hub's goroutine does not wait for.
func (s *Pages) floor(r *http.Request, p *page) (FloorView, bool) {
	var st *queue.State
	if err := s.read(r, func(hub *queue.State) { st = hub.Clone() }); err != nil {
		return FloorView{}, false
	}
	return viewFloor(p, report.LiveFloor(st, s.now()), st.Config.Location()), true
}

func (s *Pages) floorPage(rw http.ResponseWriter, r *http.Request, p *page) {
	v, ok := s.floor(r, p)
	if !ok {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	p.Nav, p.Body, p.Reload = "floor", v, floorReload
	p.Events = "/manager/events?" + string(p.Q())
	s.render(rw, p, "floor", http.StatusOK)
}

// floorEvents streams the floor's HTML as a "floor" event at once and at
// each change; a "gone" event when the session ends, for the page to
// reload (to the login page).
func (s *Pages) floorEvents(rw http.ResponseWriter, r *http.Request, p *page) {
	flusher, ok := webpage.OpenStream(rw, floorRetry)
	if !ok {
		return
	}
	var sent []byte
	lastWrite := time.Now()
	tick := time.NewTicker(floorPoll)
	defer tick.Stop()
	for {
		if s.sessions.staff(r) == "" {
			fmt.Fprint(rw, "event: gone\ndata: {}\n\n")
			flusher.Flush()
			return
		}
		if v, ok := s.floor(r, p); ok {
			p.Body = v
			var html bytes.Buffer
			if err := tmpl.ExecuteTemplate(&html, "floor-live", p); err != nil {
				return
			}
			if !bytes.Equal(html.Bytes(), sent) {
				payload, _ := json.Marshal(map[string]string{"html": html.String()})
				if _, err := fmt.Fprintf(rw, "event: floor\ndata: %s\n\n", payload); err != nil {
					return
				}
				flusher.Flush()
				sent, lastWrite = html.Bytes(), time.Now()
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
