package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// counterTheme is the tablets' look: dark text on white, dark blue
// primary buttons with white text (contrast 7:1 or more, WCAG AAA), text
// readable at arm's length and buttons at least 56 px high for a thumb.
type counterTheme struct{}

var _ fyne.Theme = counterTheme{}

// Colours; every text colour has a contrast of at least 7:1 on the
// background it sits on.
var (
	white     = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	ink       = color.NRGBA{0x11, 0x11, 0x11, 0xFF} // 18.9:1 on white
	navy      = color.NRGBA{0x0B, 0x3A, 0x82, 0xFF} // 11:1 with white
	paleBlue  = color.NRGBA{0xE3, 0xEC, 0xF9, 0xFF} // 16:1 with ink
	grey      = color.NRGBA{0x4A, 0x4A, 0x4A, 0xFF} // 8.9:1 on white
	lateRed   = color.NRGBA{0x9B, 0x11, 0x1E, 0xFF} // 8.6:1 on white, and under white text
	okGreen   = color.NRGBA{0x1B, 0x5E, 0x20, 0xFF} // 7.9:1
	warnBrown = color.NRGBA{0x7A, 0x3E, 0x00, 0xFF} // 7.6:1
	cardBG    = color.NRGBA{0xF2, 0xF4, 0xF7, 0xFF}
	inputBG   = color.NRGBA{0xDD, 0xE4, 0xEF, 0xFF} // fields and drop-downs, on white and on cards
)

func (counterTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameMenuBackground, theme.ColorNameOverlayBackground,
		theme.ColorNameHeaderBackground:
		return white
	case theme.ColorNameInputBackground:
		return inputBG
	case theme.ColorNameForeground, theme.ColorNameInputBorder:
		return ink
	case theme.ColorNameSeparator:
		return color.NRGBA{0xB0, 0xB0, 0xB0, 0xFF}
	case theme.ColorNamePrimary, theme.ColorNameHyperlink, theme.ColorNameFocus:
		return navy
	case theme.ColorNameForegroundOnPrimary, theme.ColorNameForegroundOnError,
		theme.ColorNameForegroundOnSuccess, theme.ColorNameForegroundOnWarning:
		return white
	case theme.ColorNameButton:
		return paleBlue
	case theme.ColorNameDisabledButton:
		return color.NRGBA{0xE4, 0xE4, 0xE4, 0xFF}
	case theme.ColorNameDisabled, theme.ColorNamePlaceHolder:
		return grey
	case theme.ColorNameError:
		return lateRed
	case theme.ColorNameSuccess:
		return okGreen
	case theme.ColorNameWarning:
		return warnBrown
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

func (counterTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (counterTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

func (counterTheme) Size(n fyne.ThemeSizeName) float32 {
	switch n {
	case theme.SizeNameText:
		return 18
	case theme.SizeNameHeadingText:
		return 28
	case theme.SizeNameSubHeadingText:
		return 22
	case theme.SizeNameInnerPadding:
		return 14 // 18 + 2×14 + borders: buttons about 56 px high
	case theme.SizeNamePadding:
		return 5
	case theme.SizeNameInputBorder:
		return 2
	case theme.SizeNameScrollBar:
		return 14
	}
	return theme.DefaultTheme().Size(n)
}
