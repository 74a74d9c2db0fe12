package main

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// Widgets and layouts the screens share. Sizes come from the theme so that
// "A+" grows them all.

// minHeight is a layout giving its objects at least h of height.
type minHeight struct{ h float32 }

func (l minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Resize(size)
		o.Move(fyne.NewPos(0, 0))
	}
}

func (l minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for _, o := range objs {
		m = m.Max(o.MinSize())
	}
	return m.Max(fyne.NewSize(0, l.h))
}

// tall wraps o so that it is at least h high.
func tall(o fyne.CanvasObject, h float32) fyne.CanvasObject {
	return container.New(minHeight{h}, o)
}

// split lays out two objects side by side on a landscape screen, the first
// taking ratio of the width, and one above the other on a portrait one,
// the first at its minimum height. Its minimum size follows the
// orientation it was last laid out in, the window's at first.
type split struct {
	ratio     float32
	landscape bool
	portrait  float32 // share of the height for the first in portrait; 0: its minimum
}

func (l *split) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) != 2 {
		return
	}
	l.landscape = size.Width > size.Height
	pad := theme.Padding() * 4
	a, b := objs[0], objs[1]
	if l.landscape {
		wa := (size.Width - pad) * l.ratio
		a.Resize(fyne.NewSize(wa, size.Height))
		a.Move(fyne.NewPos(0, 0))
		b.Resize(fyne.NewSize(size.Width-pad-wa, size.Height))
		b.Move(fyne.NewPos(wa+pad, 0))
		return
	}
	ha := min(max(a.MinSize().Height, (size.Height-pad)*l.portrait), size.Height)
	a.Resize(fyne.NewSize(size.Width, ha))
	a.Move(fyne.NewPos(0, 0))
	b.Resize(fyne.NewSize(size.Width, max(size.Height-ha-pad, 0)))
	b.Move(fyne.NewPos(0, ha+pad))
}

func (l *split) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) != 2 {
		return fyne.Size{}
	}
	a, b := objs[0].MinSize(), objs[1].MinSize()
	pad := theme.Padding() * 4
	if l.landscape {
		return fyne.NewSize(a.Width+pad+b.Width, max(a.Height, b.Height))
	}
	return fyne.NewSize(max(a.Width, b.Width), a.Height+pad+b.Height)
}

// choices lays out buttons in as many columns as fit the width (at most
// maxCols, 0 for no limit), none narrower than minWidth or than a button
// needs; all as high as the highest. Its minimum size follows the width it
// was last laid out in, the window's at first.
type choices struct {
	minWidth float32
	maxCols  int
	width    float32
}

func (l *choices) cols(objs []fyne.CanvasObject, width float32) int {
	col := l.minWidth
	for _, o := range objs {
		col = max(col, o.MinSize().Width)
	}
	n := int((width + l.gap()) / (col + l.gap()))
	if l.maxCols > 0 {
		n = min(n, l.maxCols)
	}
	return max(1, min(n, len(objs)))
}

func (l *choices) gap() float32 { return theme.Padding() * 2 }

func (l *choices) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	l.width = size.Width
	cols := l.cols(objs, size.Width)
	w := (size.Width - l.gap()*float32(cols-1)) / float32(cols)
	h := cellHeight(objs)
	for i, o := range objs {
		r, c := i/cols, i%cols
		o.Resize(fyne.NewSize(w, h))
		o.Move(fyne.NewPos(float32(c)*(w+l.gap()), float32(r)*(h+l.gap())))
	}
}

func (l *choices) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	cols := l.cols(objs, l.width)
	rows := (len(objs) + cols - 1) / cols
	return fyne.NewSize(w, cellHeight(objs)*float32(rows)+l.gap()*float32(rows-1))
}

// actions lays out a screen's action buttons side by side when they fit,
// one above the other when they do not.
func (k *Kiosk) actions(buttons ...fyne.CanvasObject) *fyne.Container {
	return container.New(&choices{maxCols: len(buttons), width: k.win.Canvas().Size().Width}, buttons...)
}

func cellHeight(objs []fyne.CanvasObject) float32 {
	var h float32
	for _, o := range objs {
		h = max(h, o.MinSize().Height)
	}
	return h
}

// tapArea is a surface that reports taps: behind a screen it catches the
// taps that land beside the buttons, which count as activity too.
type tapArea struct {
	widget.BaseWidget
	onTap func()
}

func newTapArea(onTap func()) *tapArea {
	t := &tapArea{onTap: onTap}
	t.ExtendBaseWidget(t)
	return t
}

func (t *tapArea) Tapped(*fyne.PointEvent) { t.onTap() }

func (t *tapArea) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// button returns a button.
func button(text string, icon fyne.Resource, imp widget.Importance, tapped func()) *widget.Button {
	b := widget.NewButtonWithIcon(text, icon, tapped)
	b.Importance = imp
	return b
}

// textBlock returns word-wrapped text in the theme size size.
func textBlock(s string, size fyne.ThemeSizeName, bold bool, col fyne.ThemeColorName, align fyne.TextAlign) *widget.RichText {
	rt := widget.NewRichText(&widget.TextSegment{Text: s, Style: widget.RichTextStyle{
		SizeName: size, ColorName: col, TextStyle: fyne.TextStyle{Bold: bold}, Alignment: align,
	}})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// setText changes the text of a textBlock.
func setText(rt *widget.RichText, s string) {
	seg := rt.Segments[0].(*widget.TextSegment)
	if seg.Text != s {
		seg.Text = s
		rt.Refresh()
	}
}

// setColor changes the colour of a textBlock.
func setColor(rt *widget.RichText, col fyne.ThemeColorName) {
	seg := rt.Segments[0].(*widget.TextSegment)
	if seg.Style.ColorName != col {
		seg.Style.ColorName = col
		rt.Refresh()
	}
}

// title is a screen's heading.
func title(s string) *widget.RichText {
	return textBlock(s, theme.SizeNameHeadingText, true, theme.ColorNameForeground, fyne.TextAlignLeading)
}

// para is body text.
func para(s string) *widget.RichText {
	return textBlock(s, theme.SizeNameText, false, theme.ColorNameForeground, fyne.TextAlignLeading)
}

// showIf shows o when cond holds, hides it otherwise.
func showIf(o fyne.CanvasObject, cond bool) {
	if cond && !o.Visible() {
		o.Show()
	} else if !cond && o.Visible() {
		o.Hide()
	}
}

// enableIf enables b when cond holds.
func enableIf(b *widget.Button, cond bool) {
	if cond && b.Disabled() {
		b.Enable()
	} else if !cond && !b.Disabled() {
		b.Disable()
	}
}

// framed draws a rounded frame of colour col around o.
func framed(o fyne.CanvasObject, col fyne.ThemeColorName) fyne.CanvasObject {
	r := canvas.NewRectangle(color.Transparent)
	r.StrokeColor = theme.Color(col)
	r.StrokeWidth = 4
	r.CornerRadius = 12
	return container.NewStack(r, container.NewPadded(o))
}

// rows lays out objects one above the other, sharing the height equally
// up to max each: keypads grow to fill a tall screen.
type rows struct{ max float32 }

func (l rows) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	h := (size.Height - pad*float32(len(objs)-1)) / float32(len(objs))
	h = max(min(h, l.max), cellHeight(objs))
	for i, o := range objs {
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, float32(i)*(h+pad)))
	}
}

func (l rows) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var w float32
	for _, o := range objs {
		w = max(w, o.MinSize().Width)
	}
	n := float32(len(objs))
	return fyne.NewSize(w, cellHeight(objs)*n+theme.Padding()*max(n-1, 0))
}

// growFirst lays out objects one above the other at their minimum height,
// but the first, which takes the height left, up to max: a keypad grows on
// a tall screen and its action buttons stay right below it.
type growFirst struct{ max float32 }

func (l growFirst) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	if len(objs) == 0 {
		return
	}
	pad := theme.Padding()
	rest := float32(0)
	for _, o := range objs[1:] {
		rest += o.MinSize().Height + pad
	}
	h := min(max(size.Height-rest, objs[0].MinSize().Height), l.max)
	y := float32(0)
	for i, o := range objs {
		if i > 0 {
			h = o.MinSize().Height
		}
		o.Resize(fyne.NewSize(size.Width, h))
		o.Move(fyne.NewPos(0, y))
		y += h + pad
	}
}

func (l growFirst) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var m fyne.Size
	for i, o := range objs {
		s := o.MinSize()
		m.Width = max(m.Width, s.Width)
		m.Height += s.Height
		if i > 0 {
			m.Height += theme.Padding()
		}
	}
	return m
}
