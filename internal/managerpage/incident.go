package managerpage

import (
	"context"
	"crypto/rand"
	"net/http"
	"strings"
	"time"

	"accueil/internal/queue"
	"accueil/internal/report"
)

// The incidents page, /manager/incidents: the outages open, each with a
// button that ends it, and a form that declares one (queue.Incident).
// Forms post to the hub with the session's cookie and token (see
// signedIn).

// localTime is the form of the date and time inputs (datetime-local).
const localTime = "2006-01-02T15:04"

// incidentsView is what the page shows.
type incidentsView struct {
	Open     []incidentRow
	Services []option
	Reasons  []option
	Form     incidentForm // what was typed, kept when refused
}

type incidentRow struct {
	ID, Service, Area, Message, Since, Until string
	Visits, Informed                         int // today's visits about it, and those who left informed
}

type option struct {
	ID, Label string
}

// incidentForm is the declaration as typed.
type incidentForm struct {
	Area, Service, Reason, MessageFR, MessageEN, Start, End string
}

func (s *Pages) incidentsPage(rw http.ResponseWriter, r *http.Request, p *page) {
	var f incidentForm
	s.renderIncidents(rw, r, p, f, http.StatusOK)
}

// renderIncidents renders the page with form f, filled in with defaults
// where empty.
func (s *Pages) renderIncidents(rw http.ResponseWriter, r *http.Request, p *page, f incidentForm, code int) {
	p.Nav = "incidents"
	v := incidentsView{}
	err := s.read(r, func(st *queue.State) {
		loc, now := st.Config.Location(), s.now()
		visits := report.IncidentsLive(st)
		for _, i := range st.OpenIncidents() {
			row := incidentRow{ID: i.ID, Service: p.L("incident.service." + i.Service), Area: i.Area,
				Visits: visits[i.ID].Visits, Informed: visits[i.ID].Informed,
				Message: i.Message.In(p.Lang), Since: i.Start.In(loc).Format("02/01 15:04"), Until: "–"}
			if !i.End.IsZero() {
				row.Until = i.End.In(loc).Format("02/01 15:04")
			}
			v.Open = append(v.Open, row)
		}
		for _, sv := range queue.IncidentServices() {
			v.Services = append(v.Services, option{sv, p.L("incident.service." + sv)})
		}
		for _, rs := range st.Config.DoorReasons() {
			v.Reasons = append(v.Reasons, option{rs.Code, rs.Name.In(p.Lang)})
			if f.Reason == "" && rs.Skill == "expert" {
				f.Reason = rs.Code
			}
		}
		if f.Start == "" {
			f.Start = now.In(loc).Format(localTime)
		}
	})
	if err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	v.Form = f
	p.Body = v
	s.render(rw, p, "incidents", code)
}

// declare declares the incident of the form.
func (s *Pages) declare(rw http.ResponseWriter, r *http.Request, p *page) {
	f := incidentForm{Area: strings.TrimSpace(r.PostFormValue("area")), Service: r.PostFormValue("service"),
		Reason: r.PostFormValue("reason"), MessageFR: strings.TrimSpace(r.PostFormValue("message_fr")),
		MessageEN: strings.TrimSpace(r.PostFormValue("message_en")), Start: r.PostFormValue("start"), End: r.PostFormValue("end")}
	var loc *time.Location
	if err := s.read(r, func(st *queue.State) { loc = st.Config.Location() }); err != nil {
		http.Error(rw, "hub busy", http.StatusServiceUnavailable)
		return
	}
	i := queue.Incident{ID: "inc-" + rand.Text()[:10], Area: f.Area, Service: f.Service, Reason: f.Reason,
		Message: queue.Text{"fr": f.MessageFR, "en": f.MessageEN}, Staff: s.sessions.staff(r)}
	start, serr := time.ParseInLocation(localTime, f.Start, loc)
	end, eerr := time.ParseInLocation(localTime, f.End, loc)
	switch {
	case f.Area == "":
		p.Error = p.L("manager.incident.need_area")
	case f.MessageFR == "" || f.MessageEN == "":
		p.Error = p.L("manager.incident.need_message")
	case serr != nil:
		p.Error = p.L("manager.incident.bad_start")
	case f.End != "" && (eerr != nil || !end.After(start)):
		p.Error = p.L("manager.incident.bad_end")
	}
	if p.Error != "" {
		s.renderIncidents(rw, r, p, f, http.StatusUnprocessableEntity)
		return
	}
	i.Start = start
	if f.End != "" {
		i.End = end
	}
	if err := s.submit(r, queue.IncidentDeclared, i); err != nil {
		p.Error = p.L("manager.incident.refused")
		s.renderIncidents(rw, r, p, f, http.StatusUnprocessableEntity)
		return
	}
	http.Redirect(rw, r, "/manager/incidents?"+string(p.Q()), http.StatusSeeOther)
}

// endIncident ends the incident the form names.
func (s *Pages) endIncident(rw http.ResponseWriter, r *http.Request, p *page) {
	b := queue.IncidentEndBody{ID: r.PostFormValue("id"), Staff: s.sessions.staff(r)}
	if err := s.submit(r, queue.IncidentEnded, b); err != nil && queue.ErrorCode(err) != queue.ECONFLICT {
		p.Error = p.L("manager.incident.refused")
		s.renderIncidents(rw, r, p, incidentForm{}, http.StatusUnprocessableEntity)
		return
	}
	http.Redirect(rw, r, "/manager/incidents?"+string(p.Q()), http.StatusSeeOther)
}

// submit makes an event of the hub's, bounded by the request.
func (s *Pages) submit(r *http.Request, typ string, body any) error {
	ctx, cancel := context.WithTimeout(r.Context(), 5*time.Second)
	defer cancel()
	_, err := s.hub.Submit(ctx, typ, body)
	return err
}

// sameOrigin reports whether a form comes from the hub's own pages, by
// the browser's Sec-Fetch-Site, else its Origin (net/http's
// CrossOriginProtection): the pages send no referrer, so a browser posts
// them with "Origin: null".
func sameOrigin(r *http.Request) bool { return http.NewCrossOriginProtection().Check(r) == nil }
