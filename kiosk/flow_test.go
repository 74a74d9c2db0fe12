package main

import (
	"os"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"accueil/hardware/printer"
	"accueil/internal/eta"
	"accueil/internal/queue"
)

func TestMain(m *testing.M) {
	// Fyne's lang reads the locale from the environment; "C" is not one.
	switch l := os.Getenv("LANG"); {
	case l == "", l == "C", l == "POSIX", strings.HasPrefix(l, "C."):
		os.Setenv("LANG", "fr_FR.UTF-8")
	}
	os.Exit(runTests(m))
}

// runTests runs the tests; soak_glfw_test.go runs them beside a real
// driver's event loop.
var runTests = (*testing.M).Run

// TestIdleReset: after 60 s without a touch, the kiosk goes back to the
// welcome screen in the default language and forgets what was typed.
func TestIdleReset(t *testing.T) {
	h := newHarness(t, portrait)
	w := screenAs[*welcomeScreen](h)
	h.tap(w.Langs["en"])
	h.tap(screenAs[*welcomeScreen](h).Larger)
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["appointment"])
	c := screenAs[*checkInScreen](h)
	h.tap(c.Keys['W'])
	h.tap(c.Keys['E'])

	h.advance(IdleAfter - time.Second)
	if h.flow.Step() != StepCheckIn {
		t.Fatalf("step %s before the idle time", h.flow.Step())
	}
	h.tap(c.Keys['B']) // a touch starts the count again
	h.advance(IdleAfter - time.Second)
	if h.flow.Step() != StepCheckIn || h.flow.Typed() != "WEB" {
		t.Fatalf("step %s, typed %q: reset too early", h.flow.Step(), h.flow.Typed())
	}
	h.advance(time.Second)
	screenAs[*welcomeScreen](h)
	if h.flow.Lang() != "fr" || h.flow.Large() || h.flow.Typed() != "" || h.flow.Reason() != nil {
		t.Errorf("after idle: lang %s, large %v, typed %q, reason %v", h.flow.Lang(), h.flow.Large(), h.flow.Typed(), h.flow.Reason())
	}
	if len(h.backend.issued()) != 0 {
		t.Error("a ticket was issued")
	}

	t.Run("Phone", func(t *testing.T) {
		h.tap(screenAs[*welcomeScreen](h).Start)
		h.tap(screenAs[*reasonsScreen](h).Reasons["other"])
		p := screenAs[*phoneScreen](h)
		h.tap(p.Keys['0'])
		h.tap(p.Keys['6'])
		h.tap(p.Consent)
		h.advance(IdleAfter)
		screenAs[*welcomeScreen](h)
		if h.flow.Phone() != "" || h.flow.Consent() {
			t.Errorf("phone %q, consent %v kept", h.flow.Phone(), h.flow.Consent())
		}
	})
	t.Run("WelcomeInEnglish", func(t *testing.T) {
		h.tap(screenAs[*welcomeScreen](h).Langs["en"])
		h.advance(IdleAfter)
		if h.flow.Lang() != "fr" {
			t.Errorf("welcome left in %s", h.flow.Lang())
		}
	})
}

// TestTicketHold: the ticket stays 20 s, then the welcome screen is back.
func TestTicketHold(t *testing.T) {
	h := newHarness(t, portrait, withoutSMS())
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["other"])
	screenAs[*ticketScreen](h)
	h.waitPrinted()
	h.advance(TicketHold - time.Second)
	screenAs[*ticketScreen](h)
	h.advance(time.Second)
	screenAs[*welcomeScreen](h)
}

// TestPrinterPaperOut: the printer is out of paper; the ticket screen says
// so and keeps the QR code up longer, and the hub gets an alert. The next
// ticket that prints tells the hub the printer is back.
func TestPrinterPaperOut(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		t.Run(lang, func(t *testing.T) {
			h := newHarness(t, portrait, withoutSMS())
			h.printer.SetStatus(printer.PaperOut)
			h.tap(screenAs[*welcomeScreen](h).Langs[lang])
			h.tap(screenAs[*welcomeScreen](h).Start)
			h.tap(screenAs[*reasonsScreen](h).Reasons["other"])
			s := screenAs[*ticketScreen](h)
			tv := h.waitPrinted()
			if tv.Print != PrintFailed {
				t.Fatalf("print state %v", tv.Print)
			}
			if got, want := s.status.String(), printer.ErrorMessage(printer.ErrPaperOut); got != want || want == "" {
				t.Errorf("status %q, want %q", got, want)
			}
			if s.QR == nil || !s.QR.Visible() {
				t.Error("no QR code on screen")
			}
			alerts := h.backend.alerts()
			if len(alerts) != 1 || alerts[0].Kind != "printer" || alerts[0].Status != "paper_out" {
				t.Fatalf("alerts %+v", alerts)
			}
			if a := h.backend.View().Alerts["kiosk-1"]; a.Status != "paper_out" {
				t.Errorf("the store sees %+v", a)
			}
			h.advance(TicketHold)
			screenAs[*ticketScreen](h) // still there to photograph
			h.advance(PrintFailHold - TicketHold)
			screenAs[*welcomeScreen](h)

			h.printer.SetStatus(printer.Ready)
			h.tap(screenAs[*welcomeScreen](h).Start)
			h.tap(screenAs[*reasonsScreen](h).Reasons["other"])
			if tv := h.waitPrinted(); tv.Print != Printed {
				t.Fatalf("print: %v", tv.PrintErr)
			}
			alerts = h.backend.alerts()
			if len(alerts) != 2 || alerts[1].Status != "ready" {
				t.Errorf("alerts %+v, want the printer back", alerts)
			}
		})
	}
}

// TestNoNumberLeft: when the kiosk has used its numbers, the visitor is
// told to go to the desk, in words.
func TestNoNumberLeft(t *testing.T) {
	h := newHarness(t, portrait, withoutSMS(), withStore(func(c *queue.Config) { c.LeaseSize = 1 }))
	for range 2 {
		h.tap(screenAs[*welcomeScreen](h).Start)
		h.tap(screenAs[*reasonsScreen](h).Reasons["other"])
		screenAs[*ticketScreen](h)
		if tv := h.flow.Ticket(); tv.Err == nil {
			h.waitPrinted()
			h.tap(screenAs[*ticketScreen](h).Done)
		}
	}
	tv := h.flow.Ticket()
	if queue.ErrorCode(tv.Err) != queue.ELIMIT {
		t.Fatalf("second ticket: %v", tv.Err)
	}
	if s := screenAs[*ticketScreen](h); s.QR != nil {
		t.Error("a QR code without a ticket")
	}
	h.advance(IssueFailHold)
	screenAs[*welcomeScreen](h)
}

// TestScanOnWelcome: a code scanned on the welcome screen checks in
// straight away.
func TestScanOnWelcome(t *testing.T) {
	h := newHarness(t, portrait, withoutSMS())
	h.backend.book("WEB7", "pickup", "pickup")
	h.scan("web7")
	screenAs[*ticketScreen](h)
	if b := h.backend.issued()[0]; b.Appointment != "WEB7" || b.Reason != "pickup" {
		t.Errorf("issued %+v", b)
	}

	t.Run("Unknown", func(t *testing.T) {
		h.tap(screenAs[*ticketScreen](h).Done)
		h.scan("NOPE1")
		s := screenAs[*checkInScreen](h)
		if !h.flow.NotFound() {
			t.Fatal("no message")
		}
		h.tap(s.Normal) // no reason yet: choose one
		screenAs[*reasonsScreen](h)
	})
	t.Run("TypedSlowlyIsNotAScan", func(t *testing.T) {
		h.flow.Home()
		c := h.win.Canvas()
		for _, r := range "WEB7" {
			c.OnTypedRune()(r)
			h.clock.Advance(300 * time.Millisecond)
		}
		c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		h.ui.drain()
		w := screenAs[*welcomeScreen](h)
		if !w.scan.Visible() || !strings.Contains(w.scan.String(), "Code non lu") {
			t.Errorf("no message for input not taken: %q", w.scan.String())
		}
	})
	t.Run("SlowEnter", func(t *testing.T) {
		// A burst whose Enter comes 300 ms after its last key (a slower or
		// Bluetooth scanner) is a scan.
		h.backend.book("WEB8", "pickup", "pickup")
		h.flow.Home()
		c := h.win.Canvas()
		for _, r := range "WEB8" {
			c.OnTypedRune()(r)
			h.clock.Advance(5 * time.Millisecond)
		}
		h.clock.Advance(300 * time.Millisecond)
		c.OnTypedKey()(&fyne.KeyEvent{Name: fyne.KeyReturn})
		h.ui.drain()
		screenAs[*ticketScreen](h)
		if b := h.backend.issued(); b[len(b)-1].Appointment != "WEB8" {
			t.Errorf("issued %+v", b[len(b)-1])
		}
		h.flow.Home()
	})
	t.Run("SerialScanner", func(t *testing.T) {
		h.backend.book("WEB9", "pickup", "pickup")
		h.flow.Home()
		h.tap(screenAs[*welcomeScreen](h).Start)
		h.flow.Scanned("WEB9") // on the reasons screen
		h.ui.drain()
		if b := h.backend.issued(); b[len(b)-1].Appointment != "WEB9" {
			t.Errorf("issued %+v", b[len(b)-1])
		}
		h.flow.Scanned("WEB7") // on the ticket screen: ignored
		screenAs[*ticketScreen](h)
		h.flow.Home()
	})
	t.Run("BadCharacter", func(t *testing.T) {
		h.tap(screenAs[*welcomeScreen](h).Start)
		h.tap(screenAs[*reasonsScreen](h).Reasons["pickup"])
		h.scan("WEB 7")
		if key, _ := h.flow.CodeProblem(); key != "kiosk.checkin.invalid" {
			t.Errorf("message %q", key)
		}
	})
}

// TestBack goes back step by step, losing the answer of the question left.
func TestBack(t *testing.T) {
	h := newHarness(t, portrait)
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["expert"])
	h.tap(screenAs[*questionsScreen](h).Options["box"])
	h.tap(screenAs[*questionsScreen](h).Options["network"])
	screenAs[*phoneScreen](h)
	h.tap(screenAs[*phoneScreen](h).Back)
	if q := h.flow.Question(); q.ID != "problem" {
		t.Fatalf("back to %s", q.ID)
	}
	h.tap(screenAs[*questionsScreen](h).Back)
	if q := h.flow.Question(); q.ID != "device" || h.flow.Answers()["problem"] != "" {
		t.Fatalf("back to %s with answers %v", q.ID, h.flow.Answers())
	}
	if !q0Chosen(h, "box") {
		t.Error("the first answer is not shown as chosen")
	}
	h.tap(screenAs[*questionsScreen](h).Back)
	h.tap(screenAs[*reasonsScreen](h).Back)
	screenAs[*welcomeScreen](h)

	t.Run("Restart", func(t *testing.T) {
		h.tap(screenAs[*welcomeScreen](h).Start)
		h.tap(screenAs[*reasonsScreen](h).Reasons["sim"])
		h.tap(screenAs[*questionsScreen](h).Restart)
		screenAs[*welcomeScreen](h)
	})
}

func q0Chosen(h *harness, option string) bool {
	for _, o := range h.flow.Question().Options {
		if o.ID == option {
			return o.Chosen
		}
	}
	return false
}

// TestWaitShown: the waits on the welcome screen and the ticket come from
// eta, and say "unknown" when offline.
func TestWaitShown(t *testing.T) {
	h := newHarness(t, portrait, withoutSMS())
	h.backend.hub(queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	h.ui.drain()
	for range 3 {
		h.tap(screenAs[*welcomeScreen](h).Start)
		h.tap(screenAs[*reasonsScreen](h).Reasons["sim"])
		h.tap(screenAs[*questionsScreen](h).Options["lost"])
		h.waitPrinted()
		h.tap(screenAs[*ticketScreen](h).Done)
	}
	tv := h.flow.Ticket()
	_ = tv
	posted := map[string]PostedWait{}
	for _, p := range h.flow.Posted() {
		posted[p.Reason] = p
	}
	// 3 waiting, one idle server: about three services of the prior.
	want := eta.New(h.backend.View(), time.Now(), nil).Arrival("sim")
	if prior := eta.Prior(h.backend.View().Config.Reason("sim")); want.Mean < 2*prior || want.Mean > 4*prior {
		t.Errorf("posted wait for sim %v, want about %v", want, 3*prior)
	}
	if p := posted["sim"]; !p.Wait.Known || p.Wait.Mean != want.Mean {
		t.Errorf("posted wait for sim %+v, want %v", p, want)
	}
	if p := posted["expert"]; p.Wait.Known {
		t.Errorf("posted wait for expert %+v, with no expert at work", p)
	}
	if got := waitText(want); !strings.Contains(screenText(h), got) {
		t.Errorf("welcome screen does not show %q", got)
	}

	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["sim"])
	h.tap(screenAs[*questionsScreen](h).Options["esim"])
	tv = h.flow.Ticket()
	if tv.Ahead != 3 || tv.Wait != want {
		t.Errorf("ticket: %d ahead, wait %+v; want 3 ahead, %+v", tv.Ahead, tv.Wait, want)
	}

	h.backend.setOnline(false)
	h.flow.Home()
	h.ui.drain()
	for _, p := range h.flow.Posted() {
		if p.Wait.Known {
			t.Errorf("offline, wait of %s known: %v", p.Reason, p.Wait)
		}
	}
	if !strings.Contains(screenText(h), waitText(eta.Wait{})) {
		t.Error("offline, the welcome screen does not say the wait is unknown")
	}
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["sim"])
	h.tap(screenAs[*questionsScreen](h).Options["esim"])
	if tv := h.flow.Ticket(); tv.Err != nil || tv.Wait.Known {
		t.Errorf("offline ticket: %+v", tv)
	}
}

// TestLargerText: "A+" grows the text of every screen, and the next
// visitor gets normal text again.
func TestLargerText(t *testing.T) {
	h := newHarness(t, portrait)
	normal := theme.TextSize()
	h.tap(screenAs[*welcomeScreen](h).Larger)
	if !h.flow.Large() || theme.TextSize() <= normal {
		t.Fatalf("text size %v, was %v", theme.TextSize(), normal)
	}
	h.tap(screenAs[*welcomeScreen](h).Start)
	if theme.TextSize() <= normal {
		t.Error("text size back to normal on the reasons screen")
	}
	h.flow.Home()
	if theme.TextSize() != normal {
		t.Errorf("text size %v after the visit", theme.TextSize())
	}
}

func TestWaitText(t *testing.T) {
	h := newHarness(t, portrait)
	for _, tc := range []struct {
		w    eta.Wait
		want string
	}{
		{eta.Wait{}, "inconnue pour le moment"},
		{eta.Wait{Known: true}, "moins d'une minute"},
		{eta.Wait{Mean: 90 * time.Second, Known: true}, "environ 2 min"},
		{eta.Wait{Mean: 75 * time.Minute, Known: true}, "environ 1 h 15"},
		{eta.Wait{Mean: 61 * time.Minute, Known: true}, "environ 1 h 01"},
		{eta.Wait{Mean: 12 * time.Minute, Low: 10 * time.Minute, High: 15 * time.Minute, Known: true}, "10–15 min"},
	} {
		if got := waitText(tc.w); got != tc.want {
			t.Errorf("waitText(%+v) = %q, want %q", tc.w, got, tc.want)
		}
	}
	h.tap(screenAs[*welcomeScreen](h).Langs["en"])
	if got := waitText(eta.Wait{Mean: 12 * time.Minute, Known: true}); got != "about 12 min" {
		t.Errorf("in English: %q", got)
	}
	if got := aheadText(1); got != "1 person ahead of you" {
		t.Errorf("aheadText(1) = %q", got)
	}
}

// TestFirstStart: a kiosk that never reached the hub has no reasons to
// offer; it says it is getting ready, and shows the store once the
// configuration arrives.
func TestFirstStart(t *testing.T) {
	h := newHarness(t, portrait, firstStart())
	w := screenAs[*welcomeScreen](h)
	if !w.Start.Disabled() {
		t.Error("Start enabled without reasons")
	}
	h.flow.Start()
	screenAs[*welcomeScreen](h)
	if !strings.Contains(screenText(h), "un instant") {
		t.Errorf("the screen does not say the kiosk is getting ready:\n%s", screenText(h))
	}
	h.backend.configure(queue.DefaultConfig())
	h.ui.drain()
	w = screenAs[*welcomeScreen](h)
	if w.Start.Disabled() || !strings.Contains(screenText(h), "Boutique Accueil") {
		t.Errorf("after the configuration: start disabled %v, screen:\n%s", w.Start.Disabled(), screenText(h))
	}
	h.tap(w.Start)
	if n := len(screenAs[*reasonsScreen](h).Reasons); n != 6 {
		t.Errorf("%d reasons", n)
	}
}
