// Package palette is the high-contrast look shared by the kiosk and the
// tablets: dark text on white, dark blue primary buttons with white text.
// Every text colour has a contrast of at least 7:1 (WCAG AAA) on the
// background it sits on. Each app's theme sets its own sizes and asks
// Color for everything it does not change.
package palette

import (
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// The colours.
var (
	White    = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	Ink      = color.NRGBA{0x11, 0x11, 0x11, 0xFF} // text: 18.9:1 on white
	Navy     = color.NRGBA{0x0B, 0x3A, 0x82, 0xFF} // primary buttons: 10.8:1 with white text
	PaleBlue = color.NRGBA{0xE3, 0xEC, 0xF9, 0xFF} // other buttons: 15.9:1 with ink
	Grey     = color.NRGBA{0x4A, 0x4A, 0x4A, 0xFF} // secondary text: 8.9:1 on white
	Red      = color.NRGBA{0x9B, 0x11, 0x1E, 0xFF} // 8.4:1 on white, and as a background for white
	Green    = color.NRGBA{0x1B, 0x5E, 0x20, 0xFF} // 7.9:1
	Brown    = color.NRGBA{0x7A, 0x3E, 0x00, 0xFF} // 8.3:1
	// Focus marks the focused field and the active item of a drop-down:
	// ink text on it at 5.8:1, and 3.2:1 against white as a border.
	Focus = color.NRGBA{0x5B, 0x8D, 0xEF, 0xFF}
)

// Color returns the palette's colour for n, whatever the system's variant:
// a shop screen does not turn dark at night.
func Color(n fyne.ThemeColorName) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
		theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground:
		return White
	case theme.ColorNameForeground, theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return Ink
	case theme.ColorNamePrimary, theme.ColorNameHyperlink:
		return Navy
	case theme.ColorNameFocus:
		return Focus
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
		return White
	case theme.ColorNameButton:
		return PaleBlue
	case theme.ColorNameDisabledButton:
		return color.NRGBA{0xEA, 0xEA, 0xEA, 0xFF}
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return Grey // still readable: 8.9:1 on white, 7:1 on a disabled button
	case theme.ColorNameError:
		return Red
	case theme.ColorNameSuccess:
		return Green
	case theme.ColorNameWarning:
		return Brown
	case theme.ColorNameHover:
		return color.NRGBA{0x00, 0x00, 0x00, 0x14}
	case theme.ColorNamePressed:
		return color.NRGBA{0x00, 0x00, 0x00, 0x33}
	case theme.ColorNameSelection:
		return color.NRGBA{0x0B, 0x3A, 0x82, 0x40}
	case theme.ColorNameShadow:
		return color.NRGBA{0x00, 0x00, 0x00, 0x30}
	case theme.ColorNameScrollBar:
		return color.NRGBA{0x00, 0x00, 0x00, 0x80}
	}
	return theme.DefaultTheme().Color(n, theme.VariantLight)
}

// Contrast is the WCAG contrast ratio of fg over bg; a translucent fg
// (a hover or selection tint) is first blended over bg.
func Contrast(fg, bg color.Color) float64 {
	lum := func(c [3]float64) float64 {
		var l float64
		for i, w := range [3]float64{0.2126, 0.7152, 0.0722} {
			s := c[i]
			if s <= 0.03928 {
				s /= 12.92
			} else {
				s = math.Pow((s+0.055)/1.055, 2.4)
			}
			l += w * s
		}
		return l
	}
	la, lb := lum(Over(fg, bg)), lum(Over(bg, color.White))
	return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)
}

// Over returns c blended over the opaque colour under, as sRGB in 0..1.
func Over(c, under color.Color) [3]float64 {
	r, g, b, a := c.RGBA() // premultiplied
	ur, ug, ub, _ := under.RGBA()
	k := 1 - float64(a)/0xFFFF
	return [3]float64{
		(float64(r) + float64(ur)*k) / 0xFFFF,
		(float64(g) + float64(ug)*k) / 0xFFFF,
		(float64(b) + float64(ub)*k) / 0xFFFF,
	}
}
