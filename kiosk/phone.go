package main

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"accueil/assets"
)

// phoneKeys are the keys of the phone keypad, three to a row.
const phoneKeys = "123456789+0"

// phoneScreen offers an SMS when the visitor's turn is near: a number on a
// keypad and an explicit consent. It is optional: "No thanks" is as big as
// the rest.
type phoneScreen struct {
	chrome
	k       *Kiosk
	Keys    map[rune]*bigButton
	Delete  *widget.Button
	Consent *widget.Button // a big tick box: taps anywhere on it count
	Send    *widget.Button
	Skip    *widget.Button
	number  *widget.RichText
	hint    *widget.RichText
	root    fyne.CanvasObject
}

func newPhoneScreen(k *Kiosk) *phoneScreen {
	f := k.flow
	s := &phoneScreen{k: k, Keys: map[rune]*bigButton{}}
	var keys []fyne.CanvasObject
	for _, r := range phoneKeys {
		b := newBigButton(string(r), nil, widget.MediumImportance, sizePhoneKey, fyne.TextAlignCenter, false, func() { f.PhoneKey(r) })
		s.Keys[r] = b
		keys = append(keys, tall(b.object(), targetMin+30))
	}
	s.Delete = button("", theme.NavigateBackIcon(), widget.MediumImportance, f.PhoneDelete)
	keys = append(keys, tall(s.Delete, targetMin+30))
	var keyRows []fyne.CanvasObject
	for i := 0; i < len(keys); i += 3 {
		keyRows = append(keyRows, container.NewGridWithColumns(3, keys[i:i+3]...))
	}
	keypad := container.New(rows{max: 160}, keyRows...)

	s.number = textBlock("", theme.SizeNameHeadingText, true, theme.ColorNameForeground, fyne.TextAlignCenter)
	s.number.Wrapping = fyne.TextWrapOff
	s.hint = textBlock("", theme.SizeNameText, false, theme.ColorNameForeground, fyne.TextAlignCenter)

	s.Consent = button(lang.L("kiosk.phone.agree"), theme.CheckButtonIcon(), widget.MediumImportance, func() { f.SetConsent(!f.Consent()) })
	s.Consent.Alignment = widget.ButtonAlignLeading
	s.Send = button(lang.L("kiosk.phone.send"), assets.Image("sms"), widget.HighImportance, f.SendPhone)
	s.Skip = button(lang.L("kiosk.phone.skip"), theme.NavigateNextIcon(), widget.MediumImportance, f.SkipPhone)

	left := container.NewVBox(
		title(lang.L("kiosk.phone.title")),
		para(lang.L("kiosk.phone.hint")),
		framed(s.number, theme.ColorNameInputBorder),
		s.hint,
	)
	// The consent sits by the button that uses it.
	consent := container.NewVBox(
		textBlock(lang.L("kiosk.phone.consent"), theme.SizeNameText, false, theme.ColorNameForeground, fyne.TextAlignLeading),
		tall(s.Consent, targetMin+20),
		k.actions(tall(s.Send, buttonHeight), tall(s.Skip, buttonHeight)),
	)
	right := container.New(growFirst{max: 4*160 + 3*theme.Padding()}, keypad, consent)
	body := container.New(&split{ratio: 0.45, landscape: k.landscape()}, left, right)
	s.root = k.frame(&s.chrome, body, true, true, f.Touch)
	return s
}

func (s *phoneScreen) object() fyne.CanvasObject { return s.root }

func (s *phoneScreen) refresh() {
	f := s.k.flow
	p := f.Phone()
	if p == "" {
		setText(s.number, lang.L("kiosk.phone.placeholder"))
		setColor(s.number, theme.ColorNamePlaceHolder)
	} else {
		setText(s.number, phoneText(p))
		setColor(s.number, theme.ColorNameForeground)
	}
	switch {
	case p != "" && !f.PhoneValid():
		setText(s.hint, lang.L("kiosk.phone.incomplete"))
	case p != "" && !f.Consent():
		setText(s.hint, lang.L("kiosk.phone.tick"))
	default:
		setText(s.hint, "")
	}
	showIf(s.hint, s.hint.String() != "")
	if f.Consent() {
		s.Consent.Icon, s.Consent.Importance = theme.CheckButtonCheckedIcon(), widget.SuccessImportance
	} else {
		s.Consent.Icon, s.Consent.Importance = theme.CheckButtonIcon(), widget.MediumImportance
	}
	s.Consent.Refresh()
	enableIf(s.Send, f.CanSendPhone())
}
