package main

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
	qrcode "github.com/skip2/go-qrcode"

	"accueil/hardware/printer"
	"accueil/internal/queue"
)

// qrSize is the side of the QR code on screen: about 10 cm, easy to
// photograph or scan from a phone held at arm's length.
const qrSize = 440

// ticketScreen shows the ticket: the big number, the reason, the people
// ahead and the estimated wait, a QR code of the mobile status page, and
// whether the ticket printed. When no ticket could be issued, it says why
// and what to do. The kiosk keeps the screen and refreshes it for the
// next ticket.
type ticketScreen struct {
	chrome
	k          *Kiosk
	Done       *widget.Button
	QR         *canvas.Image // nil on a failure
	url        string        // the QR code's
	number     *canvas.Text
	reason     *widget.RichText
	ahead      *widget.RichText
	wait       *widget.RichText
	checkedIn  *widget.RichText
	reminder   *widget.RichText
	remind     fyne.CanvasObject // the reminder's frame
	sms        *widget.RichText
	scan       *widget.RichText
	status     *widget.RichText
	statusIcon *widget.Icon
	root       fyne.CanvasObject
}

// newTicketScreen builds the screen of an issued ticket or, with failed,
// of a ticket that could not be issued.
func newTicketScreen(k *Kiosk, failed bool) *ticketScreen {
	f := k.flow
	s := &ticketScreen{k: k}
	s.Done = button(lang.L("kiosk.ticket.done"), theme.HomeIcon(), widget.HighImportance, f.Done)
	done := tall(s.Done, buttonHeight)
	if failed {
		s.root = k.frame(&s.chrome, s.failure(f.Ticket(), done), false, false, f.Touch)
		return s
	}
	center := func(size fyne.ThemeSizeName, bold bool) *widget.RichText {
		return textBlock("", size, bold, theme.ColorNameForeground, fyne.TextAlignCenter)
	}
	s.number = canvas.NewText("", k.theme().Color(theme.ColorNamePrimary, 0))
	s.number.TextSize = 220 // big enough: A+ grows the rest
	if k.landscape() {
		s.number.TextSize = 180
	}
	s.number.TextStyle.Bold = true
	s.number.Alignment = fyne.TextAlignCenter
	yours := center(theme.SizeNameSubHeadingText, false)
	setText(yours, lang.L("kiosk.ticket.your_number"))
	s.reason = center(theme.SizeNameHeadingText, true)
	s.ahead = center(theme.SizeNameSubHeadingText, true)
	s.wait = center(theme.SizeNameSubHeadingText, false)
	s.checkedIn = center(theme.SizeNameText, false)
	setText(s.checkedIn, lang.L("kiosk.ticket.checked_in"))
	s.remind, s.reminder = reminder("", theme.SizeNameText)
	s.sms = center(theme.SizeNameText, false)
	info := container.NewVBox(yours, s.number, s.reason, s.ahead, s.wait, s.checkedIn, s.remind, s.sms)
	// How printing went sits by the QR code, which stands in for a ticket
	// that did not print.
	s.status = textBlock("", theme.SizeNameText, true, theme.ColorNameForeground, fyne.TextAlignLeading)
	s.statusIcon = widget.NewIcon(theme.DocumentPrintIcon())
	s.scan = center(theme.SizeNameText, false)
	setText(s.scan, lang.L("kiosk.ticket.scan"))
	s.QR = canvas.NewImageFromImage(nil)
	s.QR.FillMode = canvas.ImageFillContain
	s.QR.ScaleMode = canvas.ImageScalePixels
	s.QR.SetMinSize(fyne.NewSquareSize(qrSize))
	// Done sits right under the QR code on a portrait screen, at the
	// bottom of its column on a landscape one.
	gap := layout.NewSpacer()
	if !k.landscape() {
		gap.Hide()
	}
	qr := container.NewVBox(container.NewBorder(nil, nil, s.statusIcon, nil, s.status), s.scan, s.QR, gap, done)
	body := container.New(&split{ratio: 0.55, landscape: k.landscape()}, info, qr)
	s.root = k.frame(&s.chrome, body, false, false, f.Touch)
	return s
}

// failure is the screen of a ticket that could not be issued.
func (s *ticketScreen) failure(tv *TicketView, done fyne.CanvasObject) fyne.CanvasObject {
	var err error
	if tv != nil {
		err = tv.Err
	}
	icon := widget.NewIcon(theme.NewColoredResource(theme.ErrorIcon(), theme.ColorNameError))
	box := container.NewGridWrap(fyne.NewSquareSize(160), icon)
	return container.NewVBox(
		layout.NewSpacer(),
		container.NewCenter(box),
		textBlock(lang.L("kiosk.issue.failed"), theme.SizeNameHeadingText, true, theme.ColorNameError, fyne.TextAlignCenter),
		textBlock(issueError(err), theme.SizeNameSubHeadingText, false, theme.ColorNameForeground, fyne.TextAlignCenter),
		layout.NewSpacer(),
		done,
	)
}

// issueError says why a ticket could not be issued, and what to do.
func issueError(err error) string {
	switch queue.ErrorCode(err) {
	case queue.ELIMIT:
		return lang.L("kiosk.error.limit")
	case queue.ENOTFOUND:
		return lang.L("kiosk.error.not_found")
	case queue.ECONFLICT:
		return lang.L("kiosk.error.conflict")
	default:
		return lang.L("kiosk.error.internal")
	}
}

func (s *ticketScreen) object() fyne.CanvasObject { return s.root }

func (s *ticketScreen) refresh() {
	f, tv := s.k.flow, s.k.flow.Ticket()
	if s.status == nil || tv == nil || tv.Err != nil {
		return
	}
	if s.number.Text != tv.Ticket.Number {
		s.number.Text = tv.Ticket.Number
		s.number.Refresh()
	}
	setText(s.reason, f.ReasonName(tv.Reason))
	setText(s.ahead, aheadText(tv.Ahead))
	setText(s.wait, lang.L("kiosk.ticket.wait", map[string]any{"Wait": waitText(tv.Wait)}))
	showIf(s.checkedIn, tv.Ticket.Appointment != "")
	r := f.Reminder()
	setText(s.reminder, r)
	showIf(s.remind, r != "")
	if tv.Ticket.Phone != "" {
		setText(s.sms, lang.L("kiosk.ticket.sms", map[string]any{"Phone": phoneText(tv.Ticket.Phone)}))
	}
	showIf(s.sms, tv.Ticket.Phone != "")
	if tv.URL != s.url {
		s.url = tv.URL
		s.QR.Image = qrImage(tv.URL)
		s.QR.Refresh()
	}
	showIf(s.QR, s.QR.Image != nil)
	showIf(s.scan, s.QR.Image != nil)
	switch tv.Print {
	case Printing:
		setText(s.status, lang.L("kiosk.ticket.printing"))
		setColor(s.status, theme.ColorNameForeground)
		s.statusIcon.SetResource(theme.DocumentPrintIcon())
	case Printed:
		setText(s.status, lang.L("kiosk.ticket.printed"))
		setColor(s.status, theme.ColorNameForeground)
		s.statusIcon.SetResource(theme.NewColoredResource(theme.ConfirmIcon(), theme.ColorNameSuccess))
	case PrintFailed:
		setText(s.status, printer.ErrorMessage(tv.PrintErr))
		setColor(s.status, theme.ColorNameError)
		s.statusIcon.SetResource(theme.NewColoredResource(theme.ErrorIcon(), theme.ColorNameError))
	}
}

// qrImage returns the QR code of url, quiet zone included, at 8 pixels
// per module; the screen scales it without blurring.
func qrImage(url string) image.Image {
	if url == "" {
		return nil
	}
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil
	}
	return q.Image(-8)
}
