package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"accueil/internal/palette"
)

// kioskTheme is the kiosk's look: dark text on white, dark blue buttons
// with white text (contrast above 7:1, WCAG AAA), big text and big targets
// for a visitor standing at arm's length, maybe with poor sight. large is
// the "A+" setting: everything a third bigger.
//
// The kiosk has one theme: parts of a screen with larger text (big
// buttons, keypads) name a size of its own below rather than overriding
// the theme, which would have Fyne load the fonts again for every screen.
type kioskTheme struct {
	large bool
}

// The kiosk's own text sizes.
const (
	sizeChoice   fyne.ThemeSizeName = "kiosk.choice"    // reasons and answers: 36, grown by "A+"
	sizeStart    fyne.ThemeSizeName = "kiosk.start"     // the welcome screen's start button: 48, grown
	sizeHeader   fyne.ThemeSizeName = "kiosk.header"    // the header's buttons: 28 whatever "A+" says
	sizePhoneKey fyne.ThemeSizeName = "kiosk.phone.key" // phone keypad: 44, fixed (it must fit)
	sizeCodeKey  fyne.ThemeSizeName = "kiosk.code.key"  // code keypad: 36, fixed
)

var _ fyne.Theme = kioskTheme{}

func (t kioskTheme) Color(n fyne.ThemeColorName, _ fyne.ThemeVariant) color.Color {
	return palette.Color(n)
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
	case sizeChoice:
		return 36 * k
	case sizeStart:
		return 48 * k
	case sizeHeader:
		return 28
	case sizePhoneKey:
		return 44
	case sizeCodeKey:
		return 36
	case theme.SizeNameText:
		return 28 * k
	case theme.SizeNameHeadingText:
		return 48 * k
	case theme.SizeNameSubHeadingText:
		return 36 * k
	case theme.SizeNameCaptionText:
		return 22 * k
	case theme.SizeNameInlineIcon:
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
