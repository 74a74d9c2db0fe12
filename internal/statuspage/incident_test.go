package statuspage

import (
	"strings"
	"testing"
	"time"

	"accueil/assets"
	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

// TestIncidentStatus: the status page of a visitor who left informed of
// an outage says what is known of it, in their language, until it is
// over, then says it is over.
func TestIncidentStatus(t *testing.T) {
	at := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, at, time.Minute)
	shop.Apply("hub", queue.IncidentDeclared, queue.Incident{ID: "inc1", Area: "Lyon 3e", Service: queue.ServiceTV, Reason: "expert",
		Staff: "manager", Message: queue.Text{"fr": "Chaînes coupées.", "en": "Channels down."}, Start: at, End: at.Add(2 * time.Hour)})
	id := shop.IssueBody(queue.IssueBody{Reason: "expert", Incident: "inc1", Informed: true})
	tr, err := assets.NewTranslator("en")
	if err != nil {
		t.Fatal(err)
	}
	v := viewTicket(shop.St, shop.St.Tickets[id], tr, shop.At, nil)
	if want := "Outage now: TV · Lyon 3e. Channels down. Expected back around 12:00."; v.Incident != want || !v.Following || v.State != "over" {
		t.Errorf("open: %+v, want incident %q, following", v, want)
	}
	if !strings.Contains(v.Status, "no need to wait") {
		t.Errorf("status %q", v.Status)
	}
	shop.Apply("hub", queue.IncidentEnded, queue.IncidentEndBody{ID: "inc1", Staff: "manager"})
	v = viewTicket(shop.St, shop.St.Tickets[id], tr, shop.At, nil)
	if !strings.HasPrefix(v.Incident, "The outage is over.") || v.Following {
		t.Errorf("over: %+v", v)
	}
}
