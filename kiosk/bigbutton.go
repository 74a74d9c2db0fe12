package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// bigButton is a button whose label has a text size of the kiosk theme's
// own (sizeChoice, sizeStart, ...), taken when it is built: a plain button
// draws the background and takes the taps, its label and icon are drawn
// over it. The app keeps
// one theme: a theme override per part of a screen would have Fyne load
// the fonts again for each screen built, and keep them.
type bigButton struct {
	*widget.Button
	label *canvas.Text
	icon  *canvas.Image // nil without an icon
	res   fyne.Resource
	col   fyne.ThemeColorName // of the label and icon
	root  *fyne.Container
}

// newBigButton returns a button labelled text in the theme size size, with
// icon (nil for none) before the text, or after it with trailing.
func newBigButton(text string, icon fyne.Resource, imp widget.Importance, size fyne.ThemeSizeName, align fyne.TextAlign, trailing bool, tapped func()) *bigButton {
	b := &bigButton{Button: widget.NewButton("", tapped), res: icon}
	b.Importance = imp
	b.label = canvas.NewText(text, theme.Color(theme.ColorNameForeground))
	b.label.TextSize = theme.Current().Size(size)
	b.label.TextStyle.Bold = true
	b.label.Alignment = align
	var leading, after fyne.CanvasObject
	if icon != nil {
		b.icon = canvas.NewImageFromResource(icon)
		b.icon.FillMode = canvas.ImageFillContain
		side := theme.Current().Size(size) * 1.3
		b.icon.SetMinSize(fyne.NewSquareSize(side))
		if trailing {
			after = b.icon
		} else {
			leading = b.icon
		}
	}
	row := container.NewBorder(nil, nil, leading, after, b.label)
	if align == fyne.TextAlignCenter {
		row = container.NewHBox(nonNil(layout.NewSpacer(), leading, b.label, after, layout.NewSpacer())...)
	}
	b.root = container.NewStack(b.Button, container.NewPadded(container.NewPadded(row)))
	b.restyle()
	return b
}

// nonNil drops the nil objects of objs.
func nonNil(objs ...fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for _, o := range objs {
		if o != nil {
			out = append(out, o)
		}
	}
	return out
}

// object is what a screen lays out.
func (b *bigButton) object() fyne.CanvasObject { return b.root }

// setText changes the label.
func (b *bigButton) setText(s string) {
	if b.label.Text != s {
		b.label.Text = s
		b.label.Refresh()
	}
}

// text is the label.
func (b *bigButton) text() string { return b.label.Text }

// setIcon changes the icon of a button made with one.
func (b *bigButton) setIcon(res fyne.Resource) {
	if b.icon != nil && res != b.res {
		b.res = res
		b.icon.Resource = theme.NewColoredResource(res, b.col)
		b.icon.Refresh()
	}
}

// setImportance changes the importance, and the colour of the label with it.
func (b *bigButton) setImportance(imp widget.Importance) {
	if b.Importance != imp {
		b.Importance = imp
		b.Button.Refresh()
		b.restyle()
	}
}

// setEnabled enables or disables the button, greying its label.
func (b *bigButton) setEnabled(on bool) {
	enableIf(b.Button, on)
	b.restyle()
}

// restyle gives the label and icon the colour of the button's state, the
// one widget.Button gives its own text.
func (b *bigButton) restyle() {
	col := theme.ColorNameForeground
	switch {
	case b.Disabled():
		col = theme.ColorNameDisabled
	case b.Importance == widget.HighImportance:
		col = theme.ColorNameForegroundOnPrimary
	case b.Importance == widget.SuccessImportance:
		col = theme.ColorNameForegroundOnSuccess
	case b.Importance == widget.DangerImportance:
		col = theme.ColorNameForegroundOnError
	case b.Importance == widget.WarningImportance:
		col = theme.ColorNameForegroundOnWarning
	}
	if col == b.col {
		return
	}
	b.col = col
	b.label.Color = theme.Color(col)
	b.label.Refresh()
	if b.icon != nil {
		b.icon.Resource = theme.NewColoredResource(b.res, col)
		b.icon.Refresh()
	}
}
