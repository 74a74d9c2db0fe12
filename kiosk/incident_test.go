package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
)

// outage is an internet outage declared at t0 (11:00 in Paris), expected
// to end two hours later.
var outage = queue.Incident{ID: "inc1", Area: "Lyon 3e", Service: queue.ServiceInternet, Reason: "expert", Staff: "manager",
	Message: queue.Text{"fr": "Coupure de la fibre dans le quartier. Des techniciens sont sur place.",
		"en": "Fibre cut in the area. Technicians are on site."},
	Start: t0, End: t0.Add(2 * time.Hour)}

// TestIncidentAtTheDoor: an outage declared shows on the welcome screen,
// in the visitor's language; a visitor who came about it is told what is
// known, and either waits (a ticket about it, printed) or leaves with the
// QR code of their status page (no ticket printed, never in the queue).
// Once the outage ends, the welcome screen no longer shows it.
func TestIncidentAtTheDoor(t *testing.T) {
	dir := os.Getenv("KIOSK_SCREENSHOTS")
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			h := newHarness(t, portrait, withoutSMS())
			h.backend.hub(queue.IncidentDeclared, outage)
			h.ui.drain()
			w := screenAs[*welcomeScreen](h)
			if lang != "fr" {
				h.tap(w.Langs[lang])
				w = screenAs[*welcomeScreen](h)
			}
			want := map[string][]string{
				"fr": {"Panne en cours : Internet (box, fibre) · Lyon 3e · retour prévu vers 13:00", outage.Message["fr"], "Je viens pour cette panne"},
				"en": {"Outage now: Internet (box, fibre) · Lyon 3e · expected back around 13:00", outage.Message["en"], "I came about this outage"},
			}[lang]
			for _, s := range want {
				if !strings.Contains(screenText(h), s) {
					t.Errorf("welcome: no %q in\n%s", s, screenText(h))
				}
			}
			if dir != "" {
				writePNG(t, filepath.Join(dir, "welcome-incident-"+lang+".png"), h.win.Canvas())
			}

			// Waits: a ticket about the outage, in the queue the manager chose.
			h.tap(w.Incidents[0].About)
			is := screenAs[*incidentScreen](h)
			if !strings.Contains(screenText(h), outage.Message[lang]) || !is.Wait.Visible() || !is.Leave.Visible() || is.left.Visible() {
				t.Fatalf("incident screen:\n%s", screenText(h))
			}
			if dir != "" {
				writePNG(t, filepath.Join(dir, "incident-"+lang+".png"), h.win.Canvas())
			}
			h.tap(is.Wait)
			screenAs[*ticketScreen](h)
			if tv := h.waitPrinted(); tv.Print != Printed || tv.Ticket.Incident != "inc1" || tv.Ticket.Reason != "expert" {
				t.Fatalf("waiting about the outage: %+v", tv)
			}
			h.tap(screenAs[*ticketScreen](h).Done)

			// Leaves: the QR code of the status page, nothing printed.
			w = screenAs[*welcomeScreen](h)
			if lang != "fr" {
				h.tap(w.Langs[lang])
				w = screenAs[*welcomeScreen](h)
			}
			h.tap(w.Incidents[0].About)
			is = screenAs[*incidentScreen](h)
			h.tap(is.Leave)
			is = screenAs[*incidentScreen](h)
			tv := h.flow.Ticket()
			if tv == nil || tv.Err != nil || !is.left.Visible() || is.choose.Visible() || is.QR.Image == nil || !strings.Contains(tv.URL, "/t/"+tv.Ticket.ID+"?k=") {
				t.Fatalf("left informed: %+v, shown %v", tv, is.left.Visible())
			}
			if dir != "" {
				writePNG(t, filepath.Join(dir, "incident-left-"+lang+".png"), h.win.Canvas())
			}
			issued := h.backend.issued()
			if len(issued) != 2 || issued[0].Incident != "inc1" || issued[0].Informed || !issued[1].Informed || issued[1].Incident != "inc1" {
				t.Fatalf("issued %+v", issued)
			}
			if st := h.backend.View().Tickets[tv.Ticket.ID]; st.Status != queue.Cancelled || st.Outcome != queue.OutcomeInformed {
				t.Errorf("left informed: %s %q", st.Status, st.Outcome)
			}
			files, _ := filepath.Glob(filepath.Join(h.tickets, "*.png"))
			if len(files) != 1 {
				t.Errorf("printed %v, want the ticket of the visitor who waits only", files)
			}
			h.advance(PrintFailHold)
			w = screenAs[*welcomeScreen](h)

			h.backend.hub(queue.IncidentEnded, queue.IncidentEndBody{ID: "inc1", Staff: "manager"})
			h.ui.drain()
			if len(w.Incidents) != 0 || strings.Contains(screenText(h), outage.Message["fr"]) {
				t.Errorf("the outage ended, the welcome still shows it:\n%s", screenText(h))
			}
		})
	}
}
