package board

import (
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"accueil/assets"
	"accueil/internal/queue"
)

// TestNotices: an outage open is on the board in its language, with its
// expected end in store time, and the Fyne board shows it under the
// calls; once over, it is gone.
func TestNotices(t *testing.T) {
	s := newShop(t)
	s.Apply("hub", queue.IncidentDeclared, queue.Incident{ID: "inc1", Area: "Lyon 3e", Service: queue.ServiceMobile, Reason: "expert",
		Staff: "manager", Message: queue.Text{"fr": "Antenne en panne, réparation en cours.", "en": "Mast down, being repaired."},
		Start: t0, End: t0.Add(3 * time.Hour)})
	b := FromState(s.St, "en", s.At)
	if want := (Notice{Service: queue.ServiceMobile, Area: "Lyon 3e", Message: "Mast down, being repaired.", Until: "13:00"}); len(b.Notices) != 1 || b.Notices[0] != want {
		t.Fatalf("notices %+v, want %+v", b.Notices, want)
	}

	test.NewTempApp(t)
	if err := assets.SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
	b = FromState(s.St, "fr", s.At)
	if got, want := b.Notices[0].Heading(), "Panne en cours : Réseau mobile · Lyon 3e · retour prévu vers 13:00"; got != want {
		t.Errorf("heading %q, want %q", got, want)
	}
	v := NewView()
	w := test.NewTempWindow(t, v.Object())
	w.Resize(fyne.NewSize(1920, 1080))
	v.Refresh(b)
	if got := shown(v.Object()); !slices.Contains(got, "Antenne en panne, réparation en cours.") || !slices.Contains(got, b.Notices[0].Heading()) {
		t.Errorf("board shows %q", got)
	}

	s.Apply("hub", queue.IncidentEnded, queue.IncidentEndBody{ID: "inc1", Staff: "manager"})
	v.Refresh(FromState(s.St, "fr", s.At))
	if got := shown(v.Object()); slices.Contains(got, "Antenne en panne, réparation en cours.") {
		t.Errorf("ended, the board still shows it: %q", got)
	}
}
