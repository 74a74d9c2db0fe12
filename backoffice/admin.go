package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"accueil/internal/cli"
	"accueil/internal/enrol"
	"accueil/internal/store"
)

// adminUsage lists the commands run on the hub's machine.
const adminUsage = `usage:
  backoffice [flags]                      run the store's hub (see -h)
  backoffice enrol [--db F] DEVICE KIND   print a one-time pairing code for DEVICE (kiosk, counter or display)
  backoffice revoke [--db F] DEVICE       revoke DEVICE's credential`

// Admin runs an administration command (enrol, revoke) on the
// hub's database; ok is false when args name none.
func Admin(ctx context.Context, args []string, out io.Writer) (ok bool, err error) {
	if len(args) == 0 {
		return false, nil
	}
	cmd := args[0]
	if cmd != "enrol" && cmd != "revoke" {
		return false, nil
	}
	fs := flag.NewFlagSet("backoffice "+cmd, flag.ContinueOnError)
	dbPath := fs.String("db", cli.Env("DB", "var/hub.db"), "SQLite file of the store's log")
	if err := fs.Parse(args[1:]); err != nil {
		return true, err
	}
	want := map[string]int{"enrol": 2, "revoke": 1}[cmd]
	if fs.NArg() != want {
		return true, fmt.Errorf("%s", adminUsage)
	}
	db, err := store.Open(ctx, *dbPath)
	if err != nil {
		return true, err
	}
	defer db.Close()
	keys := enrol.NewKeyring(db, nil)
	a := fs.Args()
	switch cmd {
	case "enrol":
		code, err := keys.Enrol(ctx, a[0], a[1])
		if err != nil {
			return true, err
		}
		fmt.Fprintf(out, "%s\n", code)
	case "revoke":
		if err := keys.Revoke(ctx, a[0]); err != nil {
			return true, err
		}
		fmt.Fprintf(out, "%s revoked\n", a[0])
	}
	return true, nil
}
