package assets

import (
	"embed"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
)

// images holds the kiosk's pictures: one icon per reason for a visit
// (Reason.Icon names them), and the pictures of the check-in and SMS
// screens. They are Material Design icons (Apache License 2.0), drawn with
// fills only, so that Fyne recolours them for the place they sit in.
//
//go:embed images
var images embed.FS

// Image returns the picture images/<name>.svg, recoloured with the theme's
// text colour (white on a primary button), or nil when there is none.
func Image(name string) fyne.Resource {
	b, err := images.ReadFile("images/" + name + ".svg")
	if err != nil {
		return nil
	}
	return theme.NewThemedResource(fyne.NewStaticResource(name+".svg", b))
}

// ReasonIcon returns the icon of a reason, by the name in its
// configuration ("purchase", "sim", ...); a question mark for a name
// without a picture.
func ReasonIcon(name string) fyne.Resource {
	if r := Image(name); r != nil {
		return r
	}
	return theme.QuestionIcon()
}
