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
