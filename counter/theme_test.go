package main

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"accueil/internal/palette"
)

// TestThemeContrast checks the tablet's own colours (fields and
// drop-downs) in every state at 4.5:1 or more; internal/palette checks
// the rest.
func TestThemeContrast(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fg, bg fyne.ThemeColorName
	}{
		{"TextOnInput", theme.ColorNameForeground, theme.ColorNameInputBackground},
		{"PlaceholderOnInput", theme.ColorNamePlaceHolder, theme.ColorNameInputBackground},
		{"DisabledOnInput", theme.ColorNameDisabled, theme.ColorNameInputBackground},
		{"ChosenOnFocus", theme.ColorNameForeground, theme.ColorNameFocus}, // a drop-down's active item
		{"TextOnMenu", theme.ColorNameForeground, theme.ColorNameMenuBackground},
	} {
		t.Run(tc.name, func(t *testing.T) {
			th := counterTheme{}
			if got := palette.Contrast(th.Color(tc.fg, theme.VariantLight), th.Color(tc.bg, theme.VariantLight)); got < 4.5 {
				t.Errorf("contrast %.1f:1, want at least 4.5:1", got)
			}
		})
	}
}
