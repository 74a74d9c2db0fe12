package main

import (
	"fmt"
	"maps"
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"accueil/internal/queue"
)

// TestEveryReason taps through the whole visit for every configured
// reason, in both languages: welcome, reason, questions or code, phone,
// ticket; the ticket issued carries the reason, the answers, the language
// and, when given, the phone number; it prints.
func TestEveryReason(t *testing.T) {
	for _, lang := range []string{"fr", "en"} {
		for i, r := range queue.DefaultConfig().Reasons {
			withPhone := i%2 == 0
			t.Run(lang+"/"+r.Code, func(t *testing.T) {
				h := newHarness(t, portrait)
				code := ""
				if r.Kind != "" {
					code = strings.ToUpper(r.Kind[:3]) + "42"
					h.backend.book(code, r.Kind, r.Code)
				}

				w := screenAs[*welcomeScreen](h)
				if lang != "fr" {
					h.tap(w.Langs[lang])
					w = screenAs[*welcomeScreen](h)
				}
				if got := h.flow.Lang(); got != lang {
					t.Fatalf("language %s, want %s", got, lang)
				}
				h.tap(w.Start)

				rs := screenAs[*reasonsScreen](h)
				for _, rr := range queue.DefaultConfig().Reasons {
					if got, want := rs.Reasons[rr.Code].text(), rr.Name.In(lang); got != want {
						t.Errorf("reason button %q, want %q", got, want)
					}
				}
				h.tap(rs.Reasons[r.Code])

				want := map[string]string{}
				for n, q := range r.Questions {
					qs := screenAs[*questionsScreen](h)
					if got := h.flow.Question(); got.ID != q.ID || got.N != n+1 {
						t.Fatalf("question %+v, want %s", got, q.ID)
					}
					o := q.Options[(n+i)%len(q.Options)] // not always the first
					if got := qs.Options[o.ID].text(); got != o.Label.In(lang) {
						t.Errorf("option %q, want %q", got, o.Label.In(lang))
					}
					h.tap(qs.Options[o.ID])
					want[q.ID] = o.ID
				}
				if r.Kind != "" {
					screenAs[*checkInScreen](h)
					h.scan(code)
				}

				p := screenAs[*phoneScreen](h)
				phone := ""
				if withPhone {
					phone = "0612345678"
					for _, c := range phone {
						h.tap(p.Keys[c])
					}
					if !p.Send.Disabled() {
						t.Error("SMS without consent")
					}
					h.tap(p.Consent)
					h.tap(p.Send)
				} else {
					h.tap(p.Skip)
				}

				ts := screenAs[*ticketScreen](h)
				issued := h.backend.issued()
				if len(issued) != 1 {
					t.Fatalf("%d tickets issued, want 1", len(issued))
				}
				b := issued[0]
				if b.Reason != r.Code || !maps.Equal(b.Answers, want) || b.Lang != lang || b.Phone != phone || b.Appointment != code {
					t.Errorf("issued %+v; want reason %s, answers %v, lang %s, phone %q, appointment %q", b, r.Code, want, lang, phone, code)
				}
				tv := h.flow.Ticket()
				if tv.Ticket.Number != queue.FormatNumber(r.Prefix, 1) {
					t.Errorf("number %s", tv.Ticket.Number)
				}
				if ts.QR == nil || tv.URL != fmt.Sprintf("http://localhost:8080/t/%s?k=%s", tv.Ticket.ID, tv.Ticket.Token) {
					t.Errorf("status URL %q", tv.URL)
				}
				if tv.Wait.Known {
					t.Errorf("wait known (%v) with nobody at work", tv.Wait)
				}
				if tv = h.waitPrinted(); tv.Print != Printed {
					t.Fatalf("print: %v", tv.PrintErr)
				}
				files, _ := filepath.Glob(filepath.Join(h.tickets, "*"+tv.Ticket.Number+".png"))
				if len(files) != 1 {
					t.Errorf("printed tickets: %v", files)
				}
				h.tap(ts.Done)
				screenAs[*welcomeScreen](h)
				if h.flow.Lang() != "fr" {
					t.Errorf("language %s after the visit, want the default", h.flow.Lang())
				}
			})
		}
	}
}

// TestScanUnknownCode: a code that matches nothing says so, and the
// visitor takes a normal ticket of the reason instead.
func TestScanUnknownCode(t *testing.T) {
	h := newHarness(t, portrait, withoutSMS())
	h.backend.book("WEB7", "pickup", "pickup")
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["pickup"])
	h.scan("WEB8")

	s := screenAs[*checkInScreen](h)
	key, data := h.flow.CodeProblem()
	if key != "kiosk.checkin.unknown" || data["Code"] != "WEB8" || !s.message.Visible() {
		t.Fatalf("message %q %v, shown %v", key, data, s.message.Visible())
	}
	if !strings.Contains(s.message.String(), "WEB8") {
		t.Errorf("message %q does not name the code", s.message.String())
	}
	if len(h.backend.issued()) != 0 {
		t.Fatal("a ticket was issued for an unknown code")
	}
	h.tap(s.Normal)
	screenAs[*ticketScreen](h)
	b := h.backend.issued()[0]
	if b.Reason != "pickup" || b.Appointment != "" {
		t.Errorf("issued %+v, want a normal pickup ticket", b)
	}
	if tk := h.backend.View().Tickets[b.Ticket]; tk.Priority != queue.PriorityNormal {
		t.Errorf("priority %s", tk.Priority)
	}
}

// TestTypeCode types a code on the keypad, lower case and all, and checks
// in; a second check-in with the same code is refused with the number of
// the first ticket.
func TestTypeCode(t *testing.T) {
	h := newHarness(t, landscape, withoutSMS())
	h.backend.book("RDV42", "appointment", "appointment")
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["appointment"])
	s := screenAs[*checkInScreen](h)
	if !s.Submit.Disabled() {
		t.Error("OK enabled without a code")
	}
	for _, c := range "RDV43" {
		h.tap(s.Keys[c])
	}
	h.tap(s.Delete)
	h.tap(s.Keys['2'])
	if s.Code.Text != "RDV42" {
		t.Fatalf("entry shows %q", s.Code.Text)
	}
	h.tap(s.Submit)
	ts := screenAs[*ticketScreen](h)
	b := h.backend.issued()[0]
	if b.Appointment != "RDV42" || b.Reason != "appointment" {
		t.Fatalf("issued %+v", b)
	}
	tk := h.backend.View().Tickets[b.Ticket]
	if tk.Priority != queue.PriorityAppointment || tk.Customer != "C-RDV42" {
		t.Errorf("checked in %+v", tk)
	}
	h.tap(ts.Done)

	// Typed in lower case on a keyboard, while the entry has the focus.
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["appointment"])
	s = screenAs[*checkInScreen](h)
	test.Type(s.Code, "rdv42")
	s.Code.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	h.ui.drain()
	screenAs[*checkInScreen](h)
	key, data := h.flow.CodeProblem()
	if key != "kiosk.checkin.already" || data["Number"] != tk.Number {
		t.Errorf("message %q %v, want already checked in with %s", key, data, tk.Number)
	}
	if len(h.backend.issued()) != 1 {
		t.Error("checked in twice")
	}
}

// TestQRCodeLandscape reads the QR code of a ticket shown on a landscape
// screen, large text on.
func TestQRCodeLandscape(t *testing.T) {
	h := newHarness(t, landscape, withoutSMS())
	h.tap(screenAs[*welcomeScreen](h).Larger)
	h.tap(screenAs[*welcomeScreen](h).Start)
	h.tap(screenAs[*reasonsScreen](h).Reasons["purchase"])
	h.tap(screenAs[*questionsScreen](h).Options["box"])
	tv := h.waitPrinted()
	if got := decodeQR(t, h.win.Canvas()); got != tv.URL || !strings.HasPrefix(got, "http://localhost:8080/t/") {
		t.Errorf("QR code %q, want %q", got, tv.URL)
	}
}
