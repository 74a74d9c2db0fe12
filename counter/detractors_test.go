package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/widget"

	"accueil/internal/queue"
	"accueil/internal/statuspage"
	"accueil/internal/synctest"
)

// TestDetractorAlert: a visitor who scores their visit 6 or less on the
// status page (posted to the page, served on the shop's hub) shows at once
// on the orienteur's tablet, with the number, the reason, the wait, who
// served them and what they said, until dismissed; a happy one does not.
// A manager at a desk is told too. With ACCUEIL_SCREENSHOTS set, both
// screens are saved there.
func TestDetractorAlert(t *testing.T) {
	s := startShop(t)
	mux := http.NewServeMux()
	(&statuspage.Page{Hub: s.Hub, Now: time.Now}).Routes(mux)
	web := httptest.NewServer(mux)
	t.Cleanup(web.Close)

	door := s.tablet("counter-2")
	door.login("orient", "", "1234")
	boss := s.tablet("counter-3")
	boss.login("manager", "c2", "1234")
	kiosk, _ := s.device("kiosk-1")
	desk, _ := s.device("counter-1")
	ctx := context.Background()
	if _, err := desk.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"}); err != nil {
		t.Fatal(err)
	}
	visit := func(reason string) queue.Ticket {
		t.Helper()
		tk := issue(t, kiosk, queue.IssueBody{Reason: reason})
		synctest.WaitFor(t, "the ticket at the desk", func() bool { return desk.View().Tickets[tk.ID] != nil })
		for _, e := range []struct {
			typ  string
			body any
		}{
			{queue.TicketCalled, queue.CallBody{Ticket: tk.ID, Counter: "c1", Staff: "conseil"}},
			{queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: "conseil"}},
			{queue.ServiceFinished, queue.FinishBody{Ticket: tk.ID, Staff: "conseil", Outcome: "resolved"}},
		} {
			if _, err := desk.Submit(ctx, e.typ, e.body); err != nil {
				t.Fatal(err)
			}
		}
		synctest.WaitFor(t, "the visit on the hub", func() bool { return kiosk.Pending() == 0 && desk.Pending() == 0 })
		return tk
	}
	answer := func(tk queue.Ticket, score, comment string) {
		t.Helper()
		noRedirect := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
		resp, err := noRedirect.PostForm(web.URL+"/t/"+tk.ID+"/feedback", url.Values{"k": {tk.Token}, "score": {score}, "comment": {comment}})
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusSeeOther {
			t.Fatalf("the status page answered %s", resp.Status)
		}
	}
	o := door.UI.Orient

	happy := visit("sim")
	answer(happy, "9", "Parfait")
	unhappy := visit("purchase")
	posted := time.Now()
	answer(unhappy, "3", "Personne ne m'a expliqué les forfaits")
	door.until("the alert on the orienteur's tablet", func() bool { return o.Dismiss[unhappy.ID] != nil })
	t.Logf("the alert showed %v after the answer was posted", time.Since(posted).Round(time.Millisecond))

	alerts := door.T.alerts(door.C.View())
	want := detractorAlert{Ticket: unhappy.ID, Title: unhappy.Number + " · Acheter · note 3/10",
		Comment: "« Personne ne m'a expliqué les forfaits »"}
	if len(alerts) != 1 || alerts[0].Ticket != want.Ticket || alerts[0].Title != want.Title || alerts[0].Comment != want.Comment {
		t.Fatalf("alerts %+v, want %+v", alerts, want)
	}
	for _, part := range []string{"Attente 0 min", "servi par Chloé", "réponse à "} {
		if d := alerts[0].Detail; !strings.Contains(d, part) {
			t.Errorf("alert detail %q, want %q in it", d, part)
		}
	}
	if len(o.Dismiss) != 1 || o.unhappy.Hidden {
		t.Errorf("the screen shows %d alerts; the happy visitor's too?", len(o.Dismiss))
	}
	// A manager at a desk sees how many, on the way to the door view.
	boss.until("the manager told", func() bool { return boss.UI.SwitchMode.Importance == widget.DangerImportance })
	if got := boss.UI.SwitchMode.Text; got != "Vue accueil : 1 visiteur mécontent" {
		t.Errorf("the manager's door button says %q", got)
	}
	if dir := os.Getenv("ACCUEIL_SCREENSHOTS"); dir != "" {
		capture(t, boss.W, filepath.Join(dir, "manager-detractor.png"))
	}
	boss.tap(boss.UI.SwitchMode)
	if boss.T.Mode() != ModeOrienteur || boss.UI.Orient.Dismiss[unhappy.ID] == nil {
		t.Errorf("the manager's door view: mode %s, %d alerts", boss.T.Mode(), len(boss.UI.Orient.Dismiss))
	}
	if dir := os.Getenv("ACCUEIL_SCREENSHOTS"); dir != "" {
		door.UI.render()
		capture(t, door.W, filepath.Join(dir, "orienteur-detractor.png"))
	}

	door.tap(o.Dismiss[unhappy.ID])
	if len(o.Dismiss) != 0 || o.unhappy.Visible() || len(door.T.alerts(door.C.View())) != 0 {
		t.Errorf("after a dismiss: %d alerts shown", len(o.Dismiss))
	}
	// Dismissed stays dismissed when the screens are built again.
	if err := door.T.SetLang("en"); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { door.T.SetLang("fr") })
	if len(door.UI.Orient.Dismiss) != 0 {
		t.Error("a dismissed alert came back with the other language")
	}
}
