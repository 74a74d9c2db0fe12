// Command backoffice is the store hub: the authority over the store's
// queue (SQLite), the MQTT broker (embedded unless --broker names one), and
// the web pages (mobile ticket status, JSON of the queue, the calling
// display at /display). With --display it runs the calling display window
// instead, as an enrolled display device.
package main

import (
	"context"
	"fmt"
	"os"
	"os/signal"
	"syscall"

	"fyne.io/fyne/v2/app"
)

func main() {
	cfg, err := ParseFlags(os.Args[1:])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(2)
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if cfg.Display {
		err = RunDisplay(ctx, cfg, app.NewWithID("fr.accueil.display"))
	} else {
		err = Run(ctx, cfg)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "backoffice:", err)
		os.Exit(1)
	}
}
