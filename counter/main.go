// Command counter is the staff tablet: the orienteur sees the whole store
// and routes visitors at the door; conseillers and experts call, serve,
// transfer and close visits. It works on a local replica of the store, so
// most of it goes on when the hub cannot be reached.
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
	m := &Main{Config: cfg, App: app.NewWithID("fr.accueil.counter")}
	if err := m.Run(ctx); err != nil {
		fmt.Fprintln(os.Stderr, "counter:", err)
		os.Exit(1)
	}
}
