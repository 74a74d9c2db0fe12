package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"accueil/assets"
)

// keypadRows are the keys of the code keypad: codes are letters and
// digits (appointment "RDV42", web order "WEB7").
var keypadRows = []string{"1234567890", "ABCDEFGHIJ", "KLMNOPQRST", "UVWXYZ-"}

// checkInScreen takes the code of an appointment or a web order: scanned
// (a keyboard-wedge scanner types on the window), or typed on the keypad.
// When the code is not found, it says so and offers a normal ticket.
type checkInScreen struct {
	chrome
	k       *Kiosk
	Code    *widget.Entry
	Keys    map[rune]*bigButton
	Delete  *bigButton
	Submit  *widget.Button
	Normal  *widget.Button // a normal ticket instead
	message *widget.RichText
	root    fyne.CanvasObject
}

func newCheckInScreen(k *Kiosk) *checkInScreen {
	f := k.flow
	s := &checkInScreen{k: k, Keys: map[rune]*bigButton{}}
	kind := ""
	if r := f.Reason(); r != nil {
		kind = r.Kind
	}
	head := lang.L("kiosk.checkin.title.any")
	switch kind {
	case "appointment":
		head = lang.L("kiosk.checkin.title.appointment")
	case "pickup":
		head = lang.L("kiosk.checkin.title.pickup")
	}
	scan := widget.NewIcon(assets.Image("scan"))
	scanBox := container.NewGridWrap(fyne.NewSquareSize(120), scan)

	s.Code = widget.NewEntry()
	s.Code.SetPlaceHolder(lang.L("kiosk.checkin.placeholder"))
	s.Code.TextStyle = fyne.TextStyle{Bold: true, Monospace: true}
	s.Code.OnChanged = f.SetTyped
	s.Code.OnSubmitted = func(string) { f.SubmitTyped() }

	var keyRows []fyne.CanvasObject
	for _, row := range keypadRows {
		var keys []fyne.CanvasObject
		for _, r := range row {
			b := newBigButton(string(r), nil, widget.MediumImportance, sizeCodeKey, fyne.TextAlignCenter, false, func() { f.Key(r) })
			s.Keys[r] = b
			keys = append(keys, tall(b.object(), targetMin+20))
		}
		if row == keypadRows[len(keypadRows)-1] {
			s.Delete = newBigButton(lang.L("kiosk.key.delete"), theme.NavigateBackIcon(), widget.MediumImportance, sizeCodeKey, fyne.TextAlignCenter, false, f.DeleteKey)
			keys = append(keys, tall(s.Delete.object(), targetMin+20))
			// The delete key spans the rest of the row.
			keyRows = append(keyRows, container.New(&lastRow{cols: len(keypadRows[0])}, keys...))
			continue
		}
		keyRows = append(keyRows, container.NewGridWithColumns(len(keypadRows[0]), keys...))
	}
	keypad := container.New(rows{max: 140}, keyRows...)

	s.message = textBlock("", theme.SizeNameText, true, theme.ColorNameError, fyne.TextAlignLeading)
	s.Submit = button(lang.L("kiosk.checkin.submit"), theme.ConfirmIcon(), widget.HighImportance, f.SubmitTyped)
	s.Normal = button(lang.L("kiosk.checkin.normal"), theme.NavigateNextIcon(), widget.MediumImportance, f.NormalTicket)

	left := container.NewVBox(
		container.NewBorder(nil, nil, scanBox, nil, title(head)),
		para(lang.L("kiosk.checkin.hint")),
		s.Code,
		s.message,
	)
	actions := k.actions(tall(s.Submit, buttonHeight), tall(s.Normal, buttonHeight))
	right := container.New(growFirst{max: 4*140 + 3*theme.Padding()}, keypad, actions)
	body := container.New(&split{ratio: 0.45, landscape: k.landscape()}, left, right)
	s.root = k.frame(&s.chrome, body, true, true, f.Touch)
	return s
}

func (s *checkInScreen) object() fyne.CanvasObject { return s.root }

func (s *checkInScreen) refresh() {
	f := s.k.flow
	if s.Code.Text != f.Typed() {
		s.Code.SetText(f.Typed())
	}
	key, data := f.CodeProblem()
	if key == "" {
		setText(s.message, "")
		s.message.Hide()
	} else {
		setText(s.message, lang.L(key, data))
		s.message.Show()
	}
	enableIf(s.Submit, f.Typed() != "")
	// Once a code was not found, the normal ticket is the way forward.
	if f.NotFound() {
		s.Normal.Importance = widget.HighImportance
		s.Submit.Importance = widget.MediumImportance
	} else {
		s.Normal.Importance = widget.MediumImportance
		s.Submit.Importance = widget.HighImportance
	}
	s.Normal.Refresh()
	s.Submit.Refresh()
}

// lastRow lays out a keypad row on a grid of cols columns, its last key
// spanning the columns left.
type lastRow struct{ cols int }

func (l *lastRow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	pad := theme.Padding()
	w := (size.Width - pad*float32(l.cols-1)) / float32(l.cols)
	for i, o := range objs {
		o.Move(fyne.NewPos(float32(i)*(w+pad), 0))
		if i == len(objs)-1 {
			o.Resize(fyne.NewSize(size.Width-float32(i)*(w+pad), size.Height))
		} else {
			o.Resize(fyne.NewSize(w, size.Height))
		}
	}
}

func (l *lastRow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	if len(objs) == 0 {
		return fyne.Size{}
	}
	var key fyne.Size
	for _, o := range objs[:len(objs)-1] {
		key = key.Max(o.MinSize())
	}
	last := objs[len(objs)-1].MinSize()
	n := float32(len(objs) - 1)
	pad := theme.Padding()
	w := max(key.Width*float32(l.cols)+pad*float32(l.cols-1), (key.Width+pad)*n+last.Width)
	return fyne.NewSize(w, max(key.Height, last.Height))
}
