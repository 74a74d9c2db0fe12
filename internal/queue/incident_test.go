package queue_test

import (
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

// outage is an internet outage the manager declares at 9:00, expected to
// end at 11:30.
func outage(at time.Time) queue.Incident {
	return queue.Incident{ID: "inc1", Area: "Lyon 3e", Service: queue.ServiceInternet, Reason: "expert", Staff: "manager",
		Message: queue.Text{"fr": "Coupure fibre, techniciens sur place.", "en": "Fibre cut, technicians on site."},
		Start:   at, End: at.Add(150 * time.Minute)}
}

// TestIncidentDeclare: an incident is declared by a manager, with an
// area, a service, its message in both languages and a start; ended once.
func TestIncidentDeclare(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		change func(*queue.Incident)
		code   string
	}{
		{"Declared", func(*queue.Incident) {}, ""},
		{"NoEnd", func(i *queue.Incident) { i.End = time.Time{} }, ""},
		{"NoID", func(i *queue.Incident) { i.ID = "" }, queue.EINVALID},
		{"NoArea", func(i *queue.Incident) { i.Area = "  " }, queue.EINVALID},
		{"UnknownService", func(i *queue.Incident) { i.Service = "radio" }, queue.EINVALID},
		{"NoEnglish", func(i *queue.Incident) { i.Message = queue.Text{"fr": "Coupure"} }, queue.EINVALID},
		{"UnknownReason", func(i *queue.Incident) { i.Reason = "cooking" }, queue.EINVALID},
		{"NoStart", func(i *queue.Incident) { i.Start = time.Time{} }, queue.EINVALID},
		{"EndsBeforeStart", func(i *queue.Incident) { i.End = i.Start.Add(-time.Minute) }, queue.EINVALID},
		{"NotAManager", func(i *queue.Incident) { i.Staff = "conseil" }, queue.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			shop := queuetest.New(t, at, time.Minute)
			i := outage(at)
			tc.change(&i)
			err := shop.St.Apply(newEvent(t, "hub", queue.IncidentDeclared, at, i))
			if queue.ErrorCode(err) != tc.code {
				t.Fatalf("declare: %v, want code %q", err, tc.code)
			}
			if open := shop.St.OpenIncidents(); (tc.code == "") != (len(open) == 1) {
				t.Fatalf("open incidents %v", open)
			}
		})
	}

	shop := queuetest.New(t, at, time.Minute)
	shop.Apply("hub", queue.IncidentDeclared, outage(at))
	if err := shop.St.Apply(newEvent(t, "hub", queue.IncidentDeclared, at, outage(at))); queue.ErrorCode(err) != queue.ECONFLICT {
		t.Errorf("declared twice: %v", err)
	}
	if err := shop.St.Apply(newEvent(t, "hub", queue.IncidentEnded, at, queue.IncidentEndBody{ID: "inc1", Staff: "conseil"})); queue.ErrorCode(err) != queue.EFORBIDDEN {
		t.Errorf("ended by a conseiller: %v", err)
	}
	shop.Apply("hub", queue.IncidentEnded, queue.IncidentEndBody{ID: "inc1", Staff: "manager"})
	if len(shop.St.OpenIncidents()) != 0 || shop.St.Incidents["inc1"].EndedAt != shop.At {
		t.Errorf("ended: open %v, %+v", shop.St.OpenIncidents(), shop.St.Incidents["inc1"])
	}
	if err := shop.St.Apply(newEvent(t, "hub", queue.IncidentEnded, at, queue.IncidentEndBody{ID: "inc1", Staff: "manager"})); queue.ErrorCode(err) != queue.ECONFLICT {
		t.Errorf("ended twice: %v", err)
	}
	if err := shop.St.Apply(newEvent(t, "hub", queue.IncidentEnded, at, queue.IncidentEndBody{ID: "nope", Staff: "manager"})); queue.ErrorCode(err) != queue.ENOTFOUND {
		t.Errorf("unknown incident ended: %v", err)
	}
	if _, err := queue.FromSnapshot(must(shop.St.Snapshot())); err != nil {
		t.Fatal(err)
	}
}

// TestIncidentTickets: a ticket about an incident carries its id; one who
// leaves informed is never in the queue; a ticket about an incident
// unknown, ended before it, or for another queue is refused.
func TestIncidentTickets(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, at, time.Minute)
	shop.Apply("hub", queue.IncidentDeclared, outage(at))
	waits := shop.IssueBody(queue.IssueBody{Reason: "expert", Incident: "inc1"})
	gone := shop.IssueBody(queue.IssueBody{Reason: "expert", Incident: "inc1", Informed: true})
	if tk := shop.St.Tickets[waits]; tk.Incident != "inc1" || tk.Status != queue.Waiting {
		t.Errorf("waiting about the incident: %+v", tk)
	}
	if tk := shop.St.Tickets[gone]; tk.Incident != "inc1" || tk.Status != queue.Cancelled || tk.Outcome != queue.OutcomeInformed {
		t.Errorf("left informed: %+v", tk)
	}
	if n := shop.St.Waiting("expert", shop.At); len(n) != 1 {
		t.Errorf("%d waiting for an expert, want 1", len(n))
	}
	// The snapshot keeps the incident and the tags.
	st, err := queue.FromSnapshot(must(shop.St.Snapshot()))
	if err != nil || st.Incidents["inc1"] == nil || st.Tickets[gone].Incident != "inc1" {
		t.Fatalf("from the snapshot: %v, %+v", err, st)
	}

	for _, tc := range []struct {
		name string
		body queue.IssueBody
	}{
		{"UnknownIncident", queue.IssueBody{Reason: "expert", Incident: "inc9"}},
		{"OtherQueue", queue.IssueBody{Reason: "purchase", Incident: "inc1"}},
		{"InformedWithoutIncident", queue.IssueBody{Reason: "expert", Informed: true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			is, err := shop.St.PrepareIssue("kiosk-1", tc.body, false, shop.At)
			if err != nil {
				t.Fatal(err)
			}
			is.Body.Ticket, is.Body.Token = "x-"+tc.name, "k"
			if err := shop.St.Apply(newEvent(t, "kiosk-1", is.Type, shop.At, is.Body)); queue.ErrorCode(err) != queue.EINVALID {
				t.Errorf("%+v: %v, want code %q", tc.body, err, queue.EINVALID)
			}
		})
	}

	ended := shop.At // the end comes a step later
	shop.Apply("hub", queue.IncidentEnded, queue.IncidentEndBody{ID: "inc1", Staff: "manager"})
	// A kiosk offline made a ticket before the end: it still arrives.
	is, err := shop.St.PrepareIssue("kiosk-1", queue.IssueBody{Reason: "expert", Incident: "inc1"}, false, ended)
	if err != nil {
		t.Fatal(err)
	}
	is.Body.Ticket, is.Body.Token = "late", "k"
	if err := shop.St.Apply(newEvent(t, "kiosk-1", is.Type, ended, is.Body)); err != nil {
		t.Errorf("made before the end: %v", err)
	}
	is.Body.Ticket, is.Body.Number = "after", "E099"
	if err := shop.St.Apply(newEvent(t, "kiosk-1", is.Type, ended.Add(2*time.Minute), is.Body)); queue.ErrorCode(err) != queue.EINVALID {
		t.Errorf("made after the end: %v", err)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}
