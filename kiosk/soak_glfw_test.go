//go:build glfw

package main

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/app"
)

// With -tags glfw (under X, Xvfb will do), the tests run beside a real
// GLFW event loop on the main goroutine, and the soak benchmark drives a
// real window: textures, fonts and the GL driver's caches included.
func init() {
	var a fyne.App
	runTests = func(m *testing.M) int {
		a = app.NewWithID("accueil.kiosk.soak")
		code := make(chan int, 1)
		go func() {
			code <- m.Run()
			fyne.Do(a.Quit)
		}()
		a.Run()
		return <-code
	}
	// One window for every run of the benchmark: the app quits when its
	// last window closes.
	var w fyne.Window
	soakWindow = func(*testing.B) (fyne.App, fyne.Window, func(func())) {
		if w == nil {
			fyne.DoAndWait(func() {
				w = a.NewWindow("Accueil soak")
				w.Show()
			})
		}
		return a, w, fyne.DoAndWait
	}
}
