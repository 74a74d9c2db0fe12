package palette

import (
	"image/color"
	"math"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// contrast is the WCAG contrast ratio of two opaque colours.
func contrast(a, b color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, bl, _ := c.RGBA()
		ch := func(v uint32) float64 {
			s := float64(v) / 0xFFFF
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(bl)
	}
	la, lb := lum(a), lum(b)
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

func TestContrast(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fg, bg fyne.ThemeColorName
	}{
		{"TextOnBackground", theme.ColorNameForeground, theme.ColorNameBackground},
		{"TextOnButton", theme.ColorNameForeground, theme.ColorNameButton},
		{"TextOnPrimary", theme.ColorNameForegroundOnPrimary, theme.ColorNamePrimary},
		{"DisabledOnBackground", theme.ColorNameDisabled, theme.ColorNameBackground},
		{"DisabledOnDisabledButton", theme.ColorNameDisabled, theme.ColorNameDisabledButton},
		{"ErrorOnBackground", theme.ColorNameError, theme.ColorNameBackground},
		{"SuccessOnBackground", theme.ColorNameSuccess, theme.ColorNameBackground},
		{"WarningOnBackground", theme.ColorNameWarning, theme.ColorNameBackground},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if c := contrast(Color(tc.fg), Color(tc.bg)); c < 7 {
				t.Errorf("contrast %.1f:1, want at least 7:1", c)
			}
		})
	}
}
