package palette

import (
	"image/color"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// TestContrast checks every text colour on what it sits on, widget states
// included: a tint (hover, pressed, selection) over the surface it tints.
func TestContrast(t *testing.T) {
	c := func(n fyne.ThemeColorName) color.Color { return Color(n) }
	tint := func(over, under fyne.ThemeColorName) color.Color {
		v := Over(Color(over), Color(under))
		return color.NRGBA{uint8(v[0]*255 + 0.5), uint8(v[1]*255 + 0.5), uint8(v[2]*255 + 0.5), 0xFF}
	}
	for _, tc := range []struct {
		name   string
		fg, bg color.Color
		min    float64
	}{
		{"TextOnBackground", c(theme.ColorNameForeground), c(theme.ColorNameBackground), 7},
		{"TextOnButton", c(theme.ColorNameForeground), c(theme.ColorNameButton), 7},
		{"TextOnPrimary", c(theme.ColorNameForegroundOnPrimary), c(theme.ColorNamePrimary), 7},
		{"DisabledOnBackground", c(theme.ColorNameDisabled), c(theme.ColorNameBackground), 7},
		{"DisabledOnDisabledButton", c(theme.ColorNameDisabled), c(theme.ColorNameDisabledButton), 7},
		{"ErrorOnBackground", c(theme.ColorNameError), c(theme.ColorNameBackground), 7},
		{"SuccessOnBackground", c(theme.ColorNameSuccess), c(theme.ColorNameBackground), 7},
		{"WarningOnBackground", c(theme.ColorNameWarning), c(theme.ColorNameBackground), 7},
		{"OnSuccess", c(theme.ColorNameForegroundOnSuccess), c(theme.ColorNameSuccess), 7},
		{"OnError", c(theme.ColorNameForegroundOnError), c(theme.ColorNameError), 7},
		{"OnWarning", c(theme.ColorNameForegroundOnWarning), c(theme.ColorNameWarning), 7},
		{"PlaceholderOnInput", c(theme.ColorNamePlaceHolder), c(theme.ColorNameInputBackground), 7},
		{"TextOnInput", c(theme.ColorNameForeground), c(theme.ColorNameInputBackground), 7},
		{"TextOnMenu", c(theme.ColorNameForeground), c(theme.ColorNameMenuBackground), 7},
		{"TextOnOverlay", c(theme.ColorNameForeground), c(theme.ColorNameOverlayBackground), 7},
		// States: the active item of a drop-down or menu, a hovered or
		// pressed button, a selected list row.
		{"TextOnFocus", c(theme.ColorNameForeground), c(theme.ColorNameFocus), 4.5},
		{"FocusBorderOnBackground", c(theme.ColorNameFocus), c(theme.ColorNameBackground), 3},
		{"TextOnHoveredButton", c(theme.ColorNameForeground), tint(theme.ColorNameHover, theme.ColorNameButton), 4.5},
		{"TextOnPressedButton", c(theme.ColorNameForeground), tint(theme.ColorNamePressed, theme.ColorNameButton), 4.5},
		{"TextOnHoveredPrimary", c(theme.ColorNameForegroundOnPrimary), tint(theme.ColorNameHover, theme.ColorNamePrimary), 4.5},
		{"TextOnPressedPrimary", c(theme.ColorNameForegroundOnPrimary), tint(theme.ColorNamePressed, theme.ColorNamePrimary), 4.5},
		{"TextOnHoveredBackground", c(theme.ColorNameForeground), tint(theme.ColorNameHover, theme.ColorNameBackground), 4.5},
		{"TextOnSelection", c(theme.ColorNameForeground), tint(theme.ColorNameSelection, theme.ColorNameBackground), 4.5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Contrast(tc.fg, tc.bg); got < tc.min {
				t.Errorf("contrast %.1f:1, want at least %.1f:1", got, tc.min)
			}
		})
	}
}
