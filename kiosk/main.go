// Command kiosk is the in-store kiosk: it greets visitors, asks why they
// came and gives them a ticket, printed and as a QR code, online or not.
package main

import (
	"context"

	"fyne.io/fyne/v2/app"

	"accueil/internal/cli"
)

func main() {
	cli.Main("kiosk", ParseFlags, func(ctx context.Context, cfg Config) error {
		return (&Main{Config: cfg, App: app.NewWithID("fr.accueil.kiosk")}).Run(ctx)
	})
}
