package main

import (
	"accueil/assets"

	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"accueil/internal/queue"
)

// TestScreenshots renders each mode at 1280×800 and 800×1280 into the
// directory named by ACCUEIL_SCREENSHOTS (docs/counter in the repository):
//
//	ACCUEIL_SCREENSHOTS=$PWD/docs/counter go test -run Screenshots ./counter
func TestScreenshots(t *testing.T) {
	dir := os.Getenv("ACCUEIL_SCREENSHOTS")
	if dir == "" {
		t.Skip("ACCUEIL_SCREENSHOTS is not set")
	}
	for _, lang := range assets.Languages {
		t.Run(lang, func(t *testing.T) {
			if err := assets.SetLanguage(lang); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { assets.SetLanguage("fr") })
			suffix := ""
			if lang != "fr" {
				suffix = "-" + lang
			}
			screenshots(t, dir, lang, suffix)
		})
	}
}

// screenshots writes each mode's screen in lang to dir, names ending with
// suffix.
func screenshots(t *testing.T, dir, lang, suffix string) {
	s := startShop(t)
	kiosk, _ := s.device("kiosk-1")
	later := func() time.Time { return time.Now().Add(14 * time.Minute) } // waits that look like a real morning
	for _, b := range []queue.IssueBody{
		{Reason: "purchase", Answers: map[string]string{"what": "renew"}},
		{Reason: "sim", Answers: map[string]string{"why": "lost"}},
		{Reason: "expert", Customer: "C42", Answers: map[string]string{"device": "box", "problem": "network"}},
		{Reason: "purchase", Answers: map[string]string{"what": "box"}},
		{Reason: "other"},
		{Reason: "purchase"}, // a kiosk gives no priority: only staff do
	} {
		issue(t, kiosk, b)
	}
	now := time.Now()
	s.book(queue.Appointment{Code: "RDV1", Kind: "appointment", Reason: "appointment", At: now.Add(10 * time.Minute), Name: "M. Martin", Staff: "expert", Customer: "C7"})
	s.book(queue.Appointment{Code: "RDV2", Kind: "appointment", Reason: "appointment", At: now.Add(25 * time.Minute), Name: "Mme Durand"})

	shot := func(tb *tablet, name string) {
		t.Helper()
		tb.UI.render()
		for _, size := range []struct {
			suffix string
			w, h   float32
		}{{"", 1280, 800}, {"-portrait", 800, 1280}} {
			tb.W.Resize(fyne.NewSize(size.w, size.h))
			capture(t, tb.W, filepath.Join(dir, name+suffix+size.suffix+".png"))
		}
		tb.W.Resize(fyne.NewSize(1280, 800))
	}

	desk := s.tabletAt("counter-1", lang, later)
	desk.UI.render()
	shot(desk, "login")
	desk.login("conseil", "c1", "1234")
	desk.callNext()
	desk.tap(desk.UI.Desk.Start)
	test.Type(desk.UI.Desk.NoteEntry, "Veut garder son numéro.")
	desk.tap(desk.UI.Desk.AddNote)
	shot(desk, "conseiller")

	expert := s.tabletAt("counter-3", lang, later)
	expert.login("expert", "c3", "1234")
	expert.callNext()
	shot(expert, "expert")

	door := s.tabletAt("counter-2", lang, later)
	door.login("orient", "", "1234")
	door.until("the queues", func() bool { door.UI.render(); return len(door.UI.Orient.Pick) >= 3 })
	for id := range door.UI.Orient.Pick {
		door.tap(door.UI.Orient.Pick[id])
		break
	}
	door.UI.Orient.NewReason.Choose("expert")
	shot(door, "orienteur")

	s.stopBroker()
	desk.until("offline", func() bool { return !desk.C.Online() })
	desk.UI.Desk.Outcome.Choose("sale")
	desk.tap(desk.UI.Desk.Finish)
	desk.tap(desk.UI.Desk.CallNext)
	shot(desk, "offline")
}

// capture writes what window w shows to a PNG file at path.
func capture(t *testing.T, w fyne.Window, path string) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, w.Canvas().Capture()); err != nil {
		t.Fatal(err)
	}
}
