// Command backoffice is the store hub: the authority over the store's
// queue (SQLite), the MQTT broker (embedded unless --broker names one), the
// web pages (mobile ticket status, JSON of the queue, the calling display
// at /display, the manager's pages at /manager/) and, unless --headless,
// the manager's window beside them. With --display it runs the calling display window
// instead, as an enrolled display device. Its commands enrol, revoke and
// mosquitto manage the devices' credentials (see Admin).
package main

import (
	"context"
	"fmt"
	"io"
	"os"

	"fyne.io/fyne/v2/app"

	"accueil/internal/cli"
)

func main() {
	for _, command := range []func(context.Context, []string, io.Writer) (bool, error){Admin, Simulate} {
		if ok, err := command(context.Background(), os.Args[1:], os.Stdout); ok {
			if err != nil {
				fmt.Fprintln(os.Stderr, "backoffice:", err)
				os.Exit(1)
			}
			return
		}
	}
	cli.Main("backoffice", ParseFlags, func(ctx context.Context, cfg Config) error {
		switch {
		case cfg.Display:
			return RunDisplay(ctx, cfg, app.NewWithID("fr.accueil.display"))
		case !cfg.Headless:
			return RunManager(ctx, cfg, app.NewWithID("fr.accueil.backoffice"))
		}
		return Run(ctx, cfg)
	})
}
