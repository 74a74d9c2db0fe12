package main

import (
	"context"
	"image/png"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"accueil/internal/managerpage"
	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// uiQueue is the window's UI goroutine in a test: what the model hands it
// runs when the test drains the queue.
type uiQueue chan func()

func (q uiQueue) do(fn func()) { q <- fn }

// until runs what is queued until cond holds.
func (q uiQueue) until(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.After(time.Minute)
	for !cond() {
		select {
		case fn := <-q:
			fn()
		case <-deadline:
			t.Fatalf("%s: never", what)
		}
	}
}

// TestManagerWindow runs a hub with a kiosk and a tablet, and the
// manager's window on Fyne's test driver: a conseiller and a wrong PIN are
// refused; the manager signs in; the live floor shows the queue and who
// serves; a detractor's answer reaches the satisfaction tab, with the NPS
// by wait drawn by the pages' chart code; today's report draws its charts
// as images. -shots dir saves the three tabs.
func TestManagerWindow(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	hub := synctest.StartHub(t, "")
	kiosk, tablet := synctest.StartDevice(t, "kiosk-1", hub.URL()), synctest.StartDevice(t, "counter-1", hub.URL())
	kiosk.Ready()
	tablet.Synced()
	views, err := managerpage.NewViews("fr")
	if err != nil {
		t.Fatal(err)
	}
	ui := make(uiQueue, 64)
	m := &manager{hub: hub.Hub, reports: hub.DB, views: views, now: time.Now, log: slog.Default(), do: ui.do}
	a := test.NewTempApp(t)
	w := newManagerWindow(ctx, a, m)
	defer m.Logout()

	login := func(staff, pin, want string) {
		t.Helper()
		w.login.Staff.SetText(staff)
		w.login.PIN.SetText("")
		test.Type(w.login.PIN, pin)
		test.Tap(w.login.Submit)
		ui.until(t, "login of "+staff, func() bool { return !m.Checking })
		if !strings.Contains(m.LoginError, want) {
			t.Errorf("login of %s: %q, want %q", staff, m.LoginError, want)
		}
	}
	login("conseil", synctest.PIN, "n'est pas un compte de responsable")
	login("manager", "000000", "Identifiant ou code PIN incorrect")
	login("manager", synctest.PIN, "")
	if m.Manager != "Marie" || w.win.Content() != w.signedIn {
		t.Fatalf("signed in as %q", m.Manager)
	}

	for _, r := range []string{"purchase", "purchase", "sim"} {
		if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: r, Lang: "fr"}, false); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "the tickets on the hub", func() bool { return kiosk.Pending() == 0 })
	if _, err := tablet.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: synctest.PIN}); err != nil {
		t.Fatal(err)
	}
	called, err := tablet.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"})
	if err != nil {
		t.Fatal(err)
	}
	ui.until(t, "the floor", func() bool {
		serving := slices.ContainsFunc(m.Floor.Staff, func(s managerpage.FloorStaff) bool {
			return s.Name == "Chloé" && strings.HasPrefix(s.Doing, "Appelle")
		})
		waiting := slices.ContainsFunc(m.Floor.Reasons, func(r managerpage.FloorReason) bool { return r.Name == "Acheter" && r.Waiting == 1 })
		return serving && waiting
	})

	for _, e := range []struct {
		typ  string
		body any
	}{{queue.ServiceStarted, queue.TicketBody{Ticket: called.Ticket, Staff: "conseil"}},
		{queue.ServiceFinished, queue.FinishBody{Ticket: called.Ticket, Staff: "conseil", Outcome: "resolved"}}} {
		if _, err := tablet.Submit(ctx, e.typ, e.body); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "the visit over at the kiosk", func() bool { return kiosk.View().Tickets[called.Ticket].Status == queue.Done })
	comment := "Trop d'attente, personne ne nous a prévenus."
	if _, err := kiosk.Submit(ctx, queue.FeedbackGiven, queue.FeedbackBody{Ticket: called.Ticket, Token: kiosk.View().Tickets[called.Ticket].Token, Score: 3, Comment: comment}); err != nil {
		t.Fatal(err)
	}
	ui.until(t, "the detractor in the window", func() bool {
		return len(m.Detractors) == 1 && m.Detractors[0].Comment == comment && m.NPSChart != nil
	})
	if m.Answers.NPS.Score != "-100" || !strings.HasPrefix(m.Today, "-100") {
		t.Errorf("NPS %q, today %q, want -100", m.Answers.NPS.Score, m.Today)
	}
	if _, err := png.Decode(strings.NewReader(string(m.NPSChart))); err != nil {
		t.Errorf("the chart is no PNG: %v", err)
	}

	m.ShowReport(ctx, "today")
	ui.until(t, "today's report", func() bool { return m.Report.Total.Arrivals == 3 && len(m.Charts) == 3 })
	for _, c := range m.Charts {
		if _, err := png.Decode(strings.NewReader(string(c.PNG))); err != nil {
			t.Errorf("the chart %q is no PNG: %v", c.Title, err)
		}
	}

	if *shots != "" {
		w.win.Resize(fyne.NewSize(1100, 1150))
		for i, name := range []string{"window-floor", "window-reports", "window-satisfaction"} {
			w.Tabs.SelectIndex(i)
			f, err := os.Create(filepath.Join(*shots, name+".png"))
			if err != nil {
				t.Fatal(err)
			}
			if err := png.Encode(f, w.win.Canvas().Capture()); err != nil {
				t.Fatal(err)
			}
			f.Close()
		}
	}
	test.Tap(w.Logout)
	if w.win.Content() != w.login.root {
		t.Error("signed out, the window still shows the figures")
	}
}
