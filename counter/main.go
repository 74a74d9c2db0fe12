// Command counter is the staff tablet: the orienteur sees the whole store
// and routes visitors at the door; conseillers and experts call, serve,
// transfer and close visits. It works on a local replica of the store, so
// most of it goes on when the hub cannot be reached.
package main

import (
	"context"

	"fyne.io/fyne/v2/app"

	"accueil/internal/cli"
)

func main() {
	cli.Main("counter", ParseFlags, func(ctx context.Context, cfg Config) error {
		return (&Main{Config: cfg, App: app.NewWithID("fr.accueil.counter")}).Run(ctx)
	})
}
