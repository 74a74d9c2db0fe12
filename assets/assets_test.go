package assets

import (
	"testing"

	"fyne.io/fyne/v2/lang"
)

func TestSetLanguage(t *testing.T) {
	for _, tc := range []struct{ code, want string }{{"fr", "Français"}, {"en", "English"}, {"fr", "Français"}} {
		if err := SetLanguage(tc.code); err != nil {
			t.Fatal(err)
		}
		if got := lang.L("lang.name"); got != tc.want {
			t.Errorf("SetLanguage(%q): lang.name = %q, want %q", tc.code, got, tc.want)
		}
	}
	if err := SetLanguage("de"); err == nil {
		t.Error("SetLanguage(de): want an error")
	}
}

// TestTranslator: two translators speak their own language side by side,
// with templates and plurals, whatever the screen's language is.
func TestTranslator(t *testing.T) {
	if err := SetLanguage("en"); err != nil {
		t.Fatal(err)
	}
	fr, err := NewTranslator("fr")
	if err != nil {
		t.Fatal(err)
	}
	en, err := NewTranslator("en")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ got, want string }{
		{fr.L("lang.name"), "Français"},
		{en.L("lang.name"), "English"},
		{fr.L("hardware.ticket.ahead", map[string]any{"Count": 3}), "Personnes avant vous : 3"},
		{fr.N("kiosk.ticket.ahead", 1, map[string]any{"Count": 1}), "1 personne avant vous"},
		{en.N("kiosk.ticket.ahead", 2, map[string]any{"Count": 2}), "2 people ahead of you"},
		{en.L("no.such.key"), "no.such.key"},
		{lang.L("lang.name"), "English"},
	} {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
	if _, err := NewTranslator("de"); err == nil {
		t.Error("NewTranslator(de): want an error")
	}
}
