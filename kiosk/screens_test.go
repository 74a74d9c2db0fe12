package main

import (
	"image/png"
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"

	"accueil/hardware/printer"
	"accueil/internal/queue"
)

// TestScreensFit lays out every screen in both languages, both
// orientations and both text sizes, and checks that each fits the screen
// without scrolling. With KIOSK_SCREENSHOTS=dir it also renders them
// there as PNG files (the pictures in docs/kiosk come from it):
//
//	KIOSK_SCREENSHOTS=$PWD/docs/kiosk go test -run TestScreensFit ./kiosk/
func TestScreensFit(t *testing.T) {
	dir := os.Getenv("KIOSK_SCREENSHOTS")
	save := dir != ""
	for _, o := range []struct {
		name string
		size fyne.Size
	}{{"portrait", portrait}, {"landscape", landscape}} {
		for _, lang := range []string{"fr", "en"} {
			for _, large := range []bool{false, true} {
				name := o.name + "-" + lang
				if large {
					name += "-large"
				}
				t.Run(name, func(t *testing.T) {
					h := newHarness(t, o.size)
					h.busyStore()
					shot := func(screen string) {
						t.Helper()
						if !save && minor[screen] {
							return // laid out like another one; saves time under -race
						}
						c := h.win.Canvas()
						if m := h.win.Content().MinSize(); m.Width > o.size.Width || m.Height > o.size.Height {
							t.Errorf("%s: needs %v, the screen is %v", screen, m, o.size)
						}
						if s := h.kiosk.scroll; s.Content.MinSize().Height > s.Size().Height+0.5 {
							t.Errorf("%s: scrolls: %v of content in %v", screen, s.Content.MinSize(), s.Size())
						}
						// The docs get every screen in portrait, the main ones in
						// landscape and with larger text.
						if save && (o.name == "portrait" && !large || !minor[screen] && (!large || lang == "fr")) {
							file := screen + "-" + lang
							if o.name == "landscape" {
								file += "-landscape"
							}
							if large {
								file += "-large"
							}
							writePNG(t, filepath.Join(dir, file+".png"), c)
						}
					}
					// The end of a visit goes back to French, normal text.
					setup := func() {
						if lang != "fr" {
							h.tap(screenAs[*welcomeScreen](h).Langs[lang])
						}
						if large {
							h.tap(screenAs[*welcomeScreen](h).Larger)
						}
					}
					setup()
					shot("welcome")
					h.tap(screenAs[*welcomeScreen](h).Start)
					shot("reasons")
					h.tap(screenAs[*reasonsScreen](h).Reasons["sim"])
					shot("question")
					h.tap(screenAs[*questionsScreen](h).Back)
					h.tap(screenAs[*reasonsScreen](h).Reasons["expert"])
					h.tap(screenAs[*questionsScreen](h).Options["phone"])
					shot("question2")
					h.tap(screenAs[*questionsScreen](h).Back)
					h.tap(screenAs[*questionsScreen](h).Back)
					h.tap(screenAs[*reasonsScreen](h).Reasons["pickup"])
					shot("checkin")
					h.scan("WEB404")
					shot("checkin-unknown")
					h.tap(screenAs[*checkInScreen](h).Normal)
					p := screenAs[*phoneScreen](h)
					for _, c := range "06123456" {
						h.tap(p.Keys[c])
					}
					shot("phone")
					h.tap(p.Keys['7'])
					h.tap(p.Keys['8'])
					h.tap(p.Consent)
					shot("phone-ok")
					h.tap(screenAs[*phoneScreen](h).Send)
					h.waitPrinted()
					shot("ticket")
					h.tap(screenAs[*ticketScreen](h).Done)

					h.printer.SetStatus(printer.PaperOut)
					setup()
					h.tap(screenAs[*welcomeScreen](h).Start)
					h.tap(screenAs[*reasonsScreen](h).Reasons["sim"])
					h.tap(screenAs[*questionsScreen](h).Options["stolen"])
					h.tap(screenAs[*phoneScreen](h).Skip)
					h.waitPrinted()
					shot("ticket-paper-out")
					h.tap(screenAs[*ticketScreen](h).Done)

					h.backend.setOnline(false)
					h.ui.drain()
					setup()
					shot("welcome-offline")
				})
			}
		}
	}
}

// minor are the screens laid out like another one, left out of the
// landscape and larger-text pictures.
var minor = map[string]bool{"question2": true, "checkin": true, "phone": true, "welcome-offline": true}

// busyStore puts staff at work and people in the queue, so that the
// screens show waits.
func (h *harness) busyStore() {
	b := h.backend
	b.hub(queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	b.hub(queue.StaffLoggedIn, queue.StaffBody{Staff: "expert", Counter: "c3"})
	ctx := h.t.Context()
	for _, r := range []string{"purchase", "purchase", "sim", "expert", "expert", "expert", "purchase"} {
		if _, err := b.Issue(ctx, queue.IssueBody{Reason: r}, false); err != nil {
			h.t.Fatal(err)
		}
	}
	h.ui.drain()
}

func writePNG(t *testing.T, path string, c fyne.Canvas) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, c.Capture()); err != nil {
		t.Fatal(err)
	}
}
