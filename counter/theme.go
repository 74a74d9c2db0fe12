package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"accueil/internal/palette"
)

// counterTheme is the tablets' look: dark text on white, dark blue
// primary buttons with white text (contrast 7:1 or more, WCAG AAA), text
// readable at arm's length and buttons at least 56 px high for a thumb.
type counterTheme struct{}

var _ fyne.Theme = counterTheme{}

// Colours of the palette, by the names the tablet's screens use, and the
// tablet's own: fields and drop-downs stand out on white and on cards.
var (
	white    = palette.White
	ink      = palette.Ink
	navy     = palette.Navy
	paleBlue = palette.PaleBlue
	lateRed  = palette.Red
	cardBG   = color.NRGBA{0xF2, 0xF4, 0xF7, 0xFF}
	inputBG  = color.NRGBA{0xDD, 0xE4, 0xEF, 0xFF}
)

func (counterTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameInputBackground:
		return inputBG
	case theme.ColorNameSeparator:
		return color.NRGBA{0xB0, 0xB0, 0xB0, 0xFF}
	}
	return palette.Color(n)
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
