package cli

import (
	"context"

	"fyne.io/fyne/v2"
)

// ShowAndRun shows a device's window until ctx ends or the window closes.
func ShowAndRun(ctx context.Context, a fyne.App, w fyne.Window) {
	stop := context.AfterFunc(ctx, func() { fyne.Do(a.Quit) })
	defer stop()
	w.ShowAndRun()
}
