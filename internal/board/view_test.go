package board

import (
	"flag"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"accueil/assets"
)

// go test ./internal/board -run TestView -args -shots ../../docs/display
// writes the board's screenshot into the docs.
var shots = flag.String("shots", "", "directory to write the board's screenshot to")

// shown returns the visible texts under o, in layout order.
func shown(o fyne.CanvasObject) []string {
	if !o.Visible() {
		return nil
	}
	switch o := o.(type) {
	case *canvas.Text:
		return []string{o.Text}
	case *fyne.Container:
		var out []string
		for _, c := range o.Objects {
			out = append(out, shown(c)...)
		}
		return out
	}
	return nil
}

func sampleBoard() Board {
	return Board{Seq: 42, Store: "Boutique Accueil", Calls: []Call{
		{Number: "A042", Counter: "3"},
		{Number: "S007", Counter: "1", Recall: true, Recalls: 1},
		{Number: "E012", Counter: "4"},
	}, Waiting: []Line{
		{Reason: "purchase", Name: "Acheter", Numbers: []string{"A043", "A044", "A045", "A046"}, Count: 6, Wait: 12 * time.Minute, WaitKnown: true},
		{Reason: "sim", Name: "Changer ma carte SIM", Numbers: []string{"S008"}, Count: 1, WaitKnown: true},
		{Reason: "expert", Name: "Un expert pour m'aider", Numbers: []string{"E013", "E014"}, Count: 2},
		{Reason: "other", Name: "Autre demande", Numbers: []string{}},
	}}
}

func TestView(t *testing.T) {
	test.NewTempApp(t)
	if err := assets.SetLanguage("fr"); err != nil {
		t.Fatal(err)
	}
	v := NewView()
	w := test.NewTempWindow(t, v.Object())
	w.SetPadded(false)
	w.Resize(fyne.NewSize(1920, 1080))

	v.Refresh(Board{Store: "Boutique Accueil"})
	if got := shown(v.Object()); !slices.Contains(got, "Aucun appel pour le moment") || slices.Contains(got, "Rappel") {
		t.Errorf("empty board shows %q", got)
	}

	v.Refresh(sampleBoard())
	got := shown(v.Object())
	for _, want := range []string{"Appels en cours", "Boutique Accueil", "A042", "→ Guichet 3", "S007", "Rappel", "→ Guichet 1", "E012",
		"En attente", "Acheter", "6 personnes  ·  Attente ≈ 12 min", "A043  A044  A045  A046",
		"1 personne  ·  Sans attente", "2 personnes", "E013  E014", "Personne en attente"} {
		if !slices.Contains(got, want) {
			t.Errorf("board does not show %q; it shows %q", want, got)
		}
	}
	if slices.Contains(got, "Aucun appel pour le moment") || slices.Contains(got, "Connexion perdue, reconnexion…") {
		t.Errorf("board shows the empty or offline notice: %q", got)
	}
	if i, j := slices.Index(got, "A042"), slices.Index(got, "S007"); i < 0 || i > j {
		t.Errorf("newest call not first: %q", got)
	}
	v.SetOnline(false)
	if got := shown(v.Object()); !slices.Contains(got, "Connexion perdue, reconnexion…") {
		t.Errorf("offline board shows %q", got)
	}
	v.SetOnline(true)

	img := w.Canvas().Capture()
	if b := img.Bounds(); b.Dx() < 1920 || b.Dy() < 1080 {
		t.Errorf("capture is %v", b)
	}
	dir := *shots
	if dir == "" {
		dir = t.TempDir()
	}
	f, err := os.Create(filepath.Join(dir, "board-fyne.png"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
