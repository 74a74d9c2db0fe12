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
// and what to do.
type ticketScreen struct {
	chrome
	k          *Kiosk
	Done       *widget.Button
	QR         *canvas.Image // nil without a status URL
	status     *widget.RichText
	statusIcon *widget.Icon
	root       fyne.CanvasObject
}

func newTicketScreen(k *Kiosk) *ticketScreen {
	f, th := k.flow, k.theme()
	s := &ticketScreen{k: k}
	tv := f.Ticket()
	s.Done = button(lang.L("kiosk.ticket.done"), theme.HomeIcon(), widget.HighImportance, f.Done)
	done := tall(s.Done, buttonHeight)
	if tv == nil || tv.Err != nil {
		s.root = k.frame(&s.chrome, s.failure(tv, done), false, false, f.Touch)
		return s
	}
	center := func(s string, size fyne.ThemeSizeName, bold bool) *widget.RichText {
		return textBlock(s, size, bold, theme.ColorNameForeground, fyne.TextAlignCenter)
	}
	number := canvas.NewText(tv.Ticket.Number, th.Color(theme.ColorNamePrimary, 0))
	number.TextSize = 220 // big enough: A+ grows the rest
	if k.landscape() {
		number.TextSize = 180
	}
	number.TextStyle.Bold = true
	number.Alignment = fyne.TextAlignCenter

	info := []fyne.CanvasObject{
		center(lang.L("kiosk.ticket.your_number"), theme.SizeNameSubHeadingText, false),
		number,
		center(f.ReasonName(tv.Reason), theme.SizeNameHeadingText, true),
		center(aheadText(tv.Ahead), theme.SizeNameSubHeadingText, true),
		center(lang.L("kiosk.ticket.wait", map[string]any{"Wait": waitText(tv.Wait, tv.WaitKnown)}), theme.SizeNameSubHeadingText, false),
	}
	if tv.Ticket.Appointment != "" {
		info = append(info, center(lang.L("kiosk.ticket.checked_in"), theme.SizeNameText, false))
	}
	if r := f.Reminder(); r != "" {
		info = append(info, reminder(r, theme.SizeNameText))
	}
	if tv.Ticket.Phone != "" {
		info = append(info, center(lang.L("kiosk.ticket.sms", map[string]any{"Phone": phoneText(tv.Ticket.Phone)}), theme.SizeNameText, false))
	}
	// How printing went sits by the QR code, which stands in for a ticket
	// that did not print.
	s.status = textBlock("", theme.SizeNameText, true, theme.ColorNameForeground, fyne.TextAlignLeading)
	s.statusIcon = widget.NewIcon(theme.DocumentPrintIcon())
	qr := []fyne.CanvasObject{container.NewBorder(nil, nil, s.statusIcon, nil, s.status)}
	if tv.URL != "" {
		if img := qrImage(tv.URL); img != nil {
			s.QR = canvas.NewImageFromImage(img)
			s.QR.FillMode = canvas.ImageFillContain
			s.QR.ScaleMode = canvas.ImageScalePixels
			s.QR.SetMinSize(fyne.NewSquareSize(qrSize))
			qr = append(qr, center(lang.L("kiosk.ticket.scan"), theme.SizeNameText, false), s.QR)
		}
	}
	qr = append(qr, layout.NewSpacer(), done)
	body := container.New(&split{ratio: 0.55, landscape: k.landscape()}, container.NewVBox(info...), container.NewVBox(qr...))
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
	tv := s.k.flow.Ticket()
	if s.status == nil || tv == nil {
		return
	}
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
	q, err := qrcode.New(url, qrcode.Medium)
	if err != nil {
		return nil
	}
	return q.Image(-8)
}
