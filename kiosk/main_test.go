package main

import (
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// bootKiosk runs the kiosk program (Main) against the store, on the
// headless driver, with a fake clock for its timers.
func bootKiosk(t *testing.T, broker string) (*Main, *uiQueue, *fakeClock) {
	t.Helper()
	dir := t.TempDir()
	ui, clock := newUIQueue(), newFakeClock(time.Now())
	synctest.Pair(t, filepath.Join(dir, "kiosk-1.db"), "kiosk-1")
	cfg, err := ParseFlags([]string{"--store", "s1", "--broker", broker, "--db", filepath.Join(dir, "kiosk-1.db"),
		"--status-url", "http://127.0.0.1:8080/", "--windowed", "--sms"})
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Printer != "sim:"+filepath.Join(dir, "tickets") {
		t.Errorf("default printer %s", cfg.Printer)
	}
	m := &Main{Config: cfg, App: test.NewTempApp(t), Clock: clock, Do: ui.do, Log: quiet}
	ctx, cancel := context.WithCancel(context.Background())
	if err := m.Open(ctx); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cancel()
		ui.drain()
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	ui.until(t, "the kiosk's numbers", func() bool {
		v := m.Client.View()
		day := queue.Day(time.Now(), v.Config.Location())
		for _, r := range v.Config.Reasons {
			if len(v.FreeNumbers("kiosk-1", day, r.Prefix)) == 0 {
				return false
			}
		}
		return len(v.Config.Reasons) > 0
	})
	ui.until(t, "the welcome screen", func() bool {
		w, ok := m.Kiosk.cur.(*welcomeScreen)
		return ok && !w.Start.Disabled()
	})
	return m, ui, clock
}

// kioskOf wraps a booted Main in the harness the UI helpers take.
func kioskOf(t *testing.T, m *Main, ui *uiQueue, clock *fakeClock) *harness {
	return &harness{t: t, ui: ui, clock: clock, flow: m.Flow, kiosk: m.Kiosk, win: m.Window}
}

// TestEndToEnd runs the kiosk program against a real hub (synctest), through
// the embedded broker and through Mosquitto: a visitor takes a SIM ticket
// and the hub logs it with the answer; the QR code on screen decodes to the
// ticket's status page; an appointment booked in the back office is checked
// in by scanning its code. With the embedded broker, the store then goes
// down: the kiosk still issues tickets, which reach the hub when it is
// back.
func TestEndToEnd(t *testing.T) {
	t.Run("Embedded", func(t *testing.T) {
		s := synctest.StartHub(t, "")
		endToEnd(t, s, s.URL(), true)
	})
	t.Run("Mosquitto", func(t *testing.T) {
		m := synctest.StartMosquitto(t)
		endToEnd(t, synctest.StartHub(t, m.URL()), m.URL(), false)
	})
}

func endToEnd(t *testing.T, s *synctest.Hub, broker string, outage bool) {
	m, ui, clock := bootKiosk(t, broker)
	h := kioskOf(t, m, ui, clock)
	h.win.Resize(portrait)
	h.flow.Home()
	if got := h.flow.Store(); got != queue.DefaultConfig().Store {
		t.Errorf("store %q", got)
	}

	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["sim"])
	h.tap(screenAs[*questionsScreen](h).Options["damaged"])
	h.tap(screenAs[*phoneScreen](h).Skip)
	ts := screenAs[*ticketScreen](h)
	tv := h.flow.Ticket()
	if tv.Err != nil {
		t.Fatal(tv.Err)
	}
	ui.until(t, "the ticket on the hub", func() bool { return s.State().Tickets[tv.Ticket.ID] != nil })
	if got := s.State().Tickets[tv.Ticket.ID]; got.Answers["why"] != "damaged" || got.Number != tv.Ticket.Number || got.Lang != "fr" {
		t.Errorf("on the hub: %+v", got)
	}
	if tv = h.waitPrinted(); tv.Print != Printed {
		t.Errorf("print: %v", tv.PrintErr)
	}
	if files, _ := filepath.Glob(filepath.Join(strings.TrimPrefix(m.Config.Printer, "sim:"), "*.png")); len(files) != 1 {
		t.Errorf("printed: %v", files)
	}
	t.Run("QRCode", func(t *testing.T) {
		want := "http://127.0.0.1:8080/t/" + tv.Ticket.ID + "?k=" + tv.Ticket.Token
		if got := decodeQR(t, h.win.Canvas()); got != want {
			t.Errorf("QR code on screen: %q, want %q", got, want)
		}
	})
	h.tap(ts.Done)

	t.Run("CheckIn", func(t *testing.T) {
		at := time.Now().Add(10 * time.Minute)
		if _, err := s.Submit(context.Background(), queue.AppointmentBooked,
			queue.Appointment{Code: "RDV42", Kind: "appointment", Reason: "appointment", At: at, Customer: "C-42", Staff: "expert"}); err != nil {
			t.Fatal(err)
		}
		ui.until(t, "the appointment on the kiosk", func() bool { return m.Client.View().Appointments["RDV42"] != nil })
		h.scan("RDV42") // on the welcome screen
		h.tap(screenAs[*phoneScreen](h).Skip)
		tv := h.flow.Ticket()
		if tv.Err != nil || tv.Ticket.Appointment != "RDV42" {
			t.Fatalf("check-in: %+v", tv)
		}
		ui.until(t, "the check-in on the hub", func() bool { return s.State().Appointments["RDV42"].Ticket == tv.Ticket.ID })
		if tk := s.State().Tickets[tv.Ticket.ID]; tk.Priority != queue.PriorityAppointment || tk.ForStaff != "expert" {
			t.Errorf("checked in on the hub: %+v", tk)
		}
		h.waitPrinted()
		h.tap(screenAs[*ticketScreen](h).Done)
	})
	if !outage {
		return
	}

	t.Run("Offline", func(t *testing.T) {
		s.Stop() // the hub and its broker
		ui.until(t, "the kiosk offline", func() bool { return !m.Client.Online() })
		h.tap(screenAs[*welcomeScreen](h).Start)
		for _, p := range h.flow.Posted() {
			if p.Wait.Known {
				t.Errorf("offline, the wait of %s is known", p.Reason)
			}
		}
		h.tap(screenAs[*reasonsScreen](h).Reasons["other"])
		h.tap(screenAs[*phoneScreen](h).Skip)
		tv := h.flow.Ticket()
		if tv.Err != nil || tv.Wait.Known {
			t.Fatalf("offline ticket: %+v", tv)
		}
		if m.Client.Pending() == 0 {
			t.Error("nothing waits in the outbox")
		}
		h.waitPrinted()
		h.tap(screenAs[*ticketScreen](h).Done)

		s.Start()
		ui.until(t, "the offline ticket on the hub", func() bool {
			return s.State().Tickets[tv.Ticket.ID] != nil && m.Client.Pending() == 0
		})
	})
}

// decodeQR captures the canvas to a PNG file and reads its QR code with
// zbarimg.
func decodeQR(t *testing.T, c fyne.Canvas) string {
	t.Helper()
	zbar, err := exec.LookPath("zbarimg")
	if err != nil {
		t.Skip("zbarimg is not installed (make deps installs zbar-tools)")
	}
	path := filepath.Join(t.TempDir(), "screen.png")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := png.Encode(f, c.Capture()); err != nil {
		t.Fatal(err)
	}
	f.Close()
	out, err := exec.Command(zbar, "--raw", "-q", path).Output()
	if err != nil {
		t.Fatalf("zbarimg %s: %v", path, err)
	}
	return strings.TrimSpace(string(out))
}
