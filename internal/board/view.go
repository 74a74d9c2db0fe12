package board

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/layout"
)

// Colours of the board: light on black, for a screen read from across the
// shop. Yellow on black is 15:1, white 21:1, the grey 10:1.
var (
	black  = color.NRGBA{0x00, 0x00, 0x00, 0xFF}
	panel  = color.NRGBA{0x1A, 0x1A, 0x1A, 0xFF}
	yellow = color.NRGBA{0xFF, 0xD4, 0x00, 0xFF}
	white  = color.NRGBA{0xFF, 0xFF, 0xFF, 0xFF}
	grey   = color.NRGBA{0xBB, 0xBB, 0xBB, 0xFF}
	orange = color.NRGBA{0xFF, 0x9E, 0x3D, 0xFF}
	red    = color.NRGBA{0x9B, 0x00, 0x1B, 0xFF} // under white: 9:1
)

// Text sizes, for a 1920×1080 screen.
const (
	sizeFirst  = 150 // the newest call
	sizeCall   = 80  // the calls before it
	sizeTitle  = 44
	sizeReason = 38
	sizeInfo   = 30
)

// View is the calling display as Fyne canvas objects. Build it with
// NewView and update it with Refresh on the UI goroutine (fyne.Do).
type View struct {
	root    *fyne.Container
	title   *canvas.Text
	store   *canvas.Text
	offline *canvas.Text
	empty   *canvas.Text
	calls   [MaxCalls]callRow
	wTitle  *canvas.Text
	lines   *fyne.Container
	rows    []lineRow
	notices *fyne.Container // the outages open, under the calls
}

type callRow struct {
	box             *fyne.Container
	number, counter *canvas.Text
	recall          *canvas.Text
}

type lineRow struct {
	box              *fyne.Container
	name, info, next *canvas.Text
}

func text(s string, c color.Color, size float32, bold bool) *canvas.Text {
	t := canvas.NewText(s, c)
	t.TextSize = size
	t.TextStyle.Bold = bold
	return t
}

// NewView returns an empty board.
func NewView() *View {
	v := &View{
		title:   text(lang.L("display.title"), white, sizeTitle, true),
		store:   text("", grey, sizeInfo, false),
		offline: text(lang.L("display.offline"), orange, sizeInfo, true),
		empty:   text(lang.L("display.no_calls"), grey, sizeCall/2, false),
		wTitle:  text(lang.L("display.waiting.title"), white, sizeTitle, true),
		lines:   container.NewVBox(),
	}
	v.offline.Hide()
	callBox := container.NewVBox(v.empty)
	for i := range v.calls {
		size := float32(sizeCall)
		if i == 0 {
			size = sizeFirst
		}
		r := callRow{
			number:  text("", yellow, size, true),
			counter: text("", white, size*0.8, true),
			recall:  text(lang.L("display.recall"), orange, sizeInfo, true),
		}
		if i > 0 {
			r.number.Color = white
		}
		r.box = container.NewHBox(r.number, layout.NewSpacer(), container.NewVBox(layout.NewSpacer(), r.recall, layout.NewSpacer()), text("  ", white, sizeInfo, false), r.counter)
		r.box.Hide()
		v.calls[i] = r
		callBox.Add(r.box)
		if i == 0 {
			line := canvas.NewRectangle(grey)
			line.SetMinSize(fyne.NewSize(4, 4))
			callBox.Add(line)
		}
	}
	// The offline notice is a line of its own under the header, which it
	// would otherwise squeeze.
	header := container.NewVBox(container.NewHBox(v.title, layout.NewSpacer(), v.store), v.offline)
	inset := func(o fyne.CanvasObject) fyne.CanvasObject {
		return container.New(layout.NewCustomPaddedLayout(24, 24, 40, 40), o)
	}
	v.notices = container.NewVBox()
	left := inset(container.NewBorder(header, v.notices, nil, nil, container.NewPadded(callBox)))
	right := container.NewStack(canvas.NewRectangle(panel), inset(container.NewBorder(v.wTitle, nil, nil, nil, v.lines)))
	v.root = container.NewStack(canvas.NewRectangle(black), container.New(split{0.62}, left, right))
	return v
}

// Object returns the board's canvas object, to put in a window.
func (v *View) Object() fyne.CanvasObject { return v.root }

// SetOnline shows or hides the "connection lost" notice.
func (v *View) SetOnline(online bool) {
	if online {
		v.offline.Hide()
	} else {
		v.offline.Show()
	}
}

// Refresh shows b.
func (v *View) Refresh(b Board) {
	v.store.Text = b.Store
	v.store.Refresh()
	if len(b.Calls) == 0 {
		v.empty.Show()
	} else {
		v.empty.Hide()
	}
	for i := range v.calls {
		r := &v.calls[i]
		if i >= len(b.Calls) {
			r.box.Hide()
			continue
		}
		c := b.Calls[i]
		r.number.Text, r.counter.Text = c.Number, "→ "+c.CounterLabel()
		if c.Recall {
			r.recall.Show()
		} else {
			r.recall.Hide()
		}
		r.box.Show()
		r.box.Refresh()
	}
	for len(v.rows) < len(b.Waiting) {
		r := lineRow{
			name: text("", white, sizeReason, true),
			info: text("", grey, sizeInfo, false),
			next: text("", yellow, sizeReason, true),
		}
		sep := canvas.NewRectangle(color.NRGBA{0x44, 0x44, 0x44, 0xFF})
		sep.SetMinSize(fyne.NewSize(2, 2))
		r.box = container.NewVBox(sep, r.name, r.info, r.next)
		v.rows = append(v.rows, r)
		v.lines.Add(r.box)
	}
	for i, r := range v.rows {
		if i >= len(b.Waiting) {
			r.box.Hide()
			continue
		}
		l := b.Waiting[i]
		r.name.Text, r.info.Text, r.next.Text = l.Name, l.CountLabel(), ""
		if w := l.WaitLabel(); w != "" {
			r.info.Text += "  ·  " + w
		}
		for j, n := range l.Numbers {
			if j > 0 {
				r.next.Text += "  "
			}
			r.next.Text += n
		}
		if r.next.Text == "" {
			r.next.Hide()
		} else {
			r.next.Show()
		}
		r.box.Show()
		r.box.Refresh()
	}
	v.notices.RemoveAll()
	for _, n := range b.Notices {
		box := container.NewVBox(text(n.Heading(), white, sizeInfo, true), text(n.Message, white, sizeInfo, false))
		v.notices.Add(container.NewStack(canvas.NewRectangle(red), container.NewPadded(container.NewPadded(box))))
	}
	v.root.Refresh()
}

// split lays out two objects side by side, the first taking ratio of the
// width.
type split struct{ ratio float32 }

func (s split) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := size.Width * s.ratio
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(w, size.Height))
	objs[1].Move(fyne.NewPos(w, 0))
	objs[1].Resize(fyne.NewSize(size.Width-w, size.Height))
}

func (s split) MinSize(objs []fyne.CanvasObject) fyne.Size {
	a, b := objs[0].MinSize(), objs[1].MinSize()
	return fyne.NewSize(a.Width+b.Width, max(a.Height, b.Height))
}
