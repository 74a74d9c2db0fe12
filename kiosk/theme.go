package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// kioskTheme is the kiosk's look: dark text on white, dark blue buttons
// with white text (contrast above 7:1, WCAG AAA), big text and big targets
// for a visitor standing at arm's length, maybe with poor sight. large is
// the "A+" setting: everything a third bigger.
type kioskTheme struct {
	large bool
	text  float32 // text size of a part of a screen (big buttons); 0: the default
}

var _ fyne.Theme = kioskTheme{}

// Colours. Every text colour has a contrast of at least 7:1 on the
// background it sits on.
var (
	white      = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	ink        = color.NRGBA{0x11, 0x11, 0x11, 0xFF} // text: 18.9:1 on white
	navy       = color.NRGBA{0x0B, 0x3A, 0x82, 0xFF} // primary buttons: 10.8:1 with white text
	paleBlue   = color.NRGBA{0xE3, 0xEC, 0xF9, 0xFF} // other buttons: 15.9:1 with ink
	grey       = color.NRGBA{0x4A, 0x4A, 0x4A, 0xFF} // secondary text: 8.9:1 on white
	errorRed   = color.NRGBA{0x9B, 0x11, 0x1E, 0xFF} // 8.4:1 on white, and as a background for white
	darkGreen  = color.NRGBA{0x1B, 0x5E, 0x20, 0xFF} // 7.9:1
	darkOrange = color.NRGBA{0x7A, 0x3E, 0x00, 0xFF} // 8.3:1
)

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	switch n {
	case theme.ColorNameBackground, theme.ColorNameInputBackground, theme.ColorNameMenuBackground,
		theme.ColorNameOverlayBackground, theme.ColorNameHeaderBackground:
		return white
	case theme.ColorNameForeground, theme.ColorNameInputBorder, theme.ColorNameSeparator:
		return ink
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
		return grey // still readable: 8.9:1 on white, 7:1 on a disabled button
	case theme.ColorNameError:
		return errorRed
	case theme.ColorNameSuccess:
		return darkGreen
	case theme.ColorNameWarning:
		return darkOrange
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

func (t kioskTheme) Font(s fyne.TextStyle) fyne.Resource { return theme.DefaultTheme().Font(s) }

func (t kioskTheme) Icon(n fyne.ThemeIconName) fyne.Resource { return theme.DefaultTheme().Icon(n) }

// Sizes, in Fyne units (pixels at scale 1). Body text is 28: about 7 mm
// high on a 21.5" 1080p screen, readable from a metre.
func (t kioskTheme) Size(n fyne.ThemeSizeName) float32 {
	k := float32(1)
	if t.large {
		k = 4.0 / 3
	}
	switch n {
	case theme.SizeNameText:
		if t.text > 0 {
			return t.text * k
		}
		return 28 * k
	case theme.SizeNameHeadingText:
		return 48 * k
	case theme.SizeNameSubHeadingText:
		return 36 * k
	case theme.SizeNameCaptionText:
		return 22 * k
	case theme.SizeNameInlineIcon:
		if t.text > 0 {
			return t.text * 1.3 * k
		}
		return 40 * k
	case theme.SizeNamePadding:
		return 8
	case theme.SizeNameInnerPadding:
		return 16
	case theme.SizeNameLineSpacing:
		return 6 * k
	case theme.SizeNameInputBorder:
		return 3
	case theme.SizeNameInputRadius, theme.SizeNameSelectionRadius:
		return 12
	case theme.SizeNameSeparatorThickness:
		return 2
	case theme.SizeNameScrollBar:
		return 24
	case theme.SizeNameScrollBarSmall:
		return 8
	}
	return theme.DefaultTheme().Size(n)
}

// Target sizes. A touch target must be at least 15 mm: 61 units on a
// 21.5" 1080×1920 screen (0.25 mm per unit); the kiosk's are larger.
const (
	targetMin    = 64  // smallest touch target (16 mm); keypad keys are taller
	buttonHeight = 110 // action buttons
	choiceHeight = 130 // reasons and answers
)
