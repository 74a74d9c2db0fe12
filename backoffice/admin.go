package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"accueil/internal/cli"
	"accueil/internal/enrol"
	"accueil/internal/mqttsync"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// adminUsage lists the commands run on the hub's machine.
const adminUsage = `usage:
  backoffice [flags]                      run the store's hub (see -h)
  backoffice enrol [--db F] DEVICE KIND   print a one-time pairing code for DEVICE (kiosk, counter or display)
  backoffice revoke [--db F] DEVICE       revoke DEVICE's credential: the broker refuses it at once
  backoffice pin [--db F] STAFF           set STAFF's PIN (6 digits or more), read from the standard input
  backoffice mosquitto [--db F] [--store S] [--listen H:P] [--tls] DIR
                                          write DIR/passwd, DIR/acl and DIR/accueil.conf for an external Mosquitto`

// stdin is where the pin command reads the PIN.
var stdin io.Reader = os.Stdin

// Admin runs an administration command (enrol, revoke, mosquitto) on the
// hub's database; ok is false when args name none.
func Admin(ctx context.Context, args []string, out io.Writer) (ok bool, err error) {
	if len(args) == 0 {
		return false, nil
	}
	cmd := args[0]
	if cmd != "enrol" && cmd != "revoke" && cmd != "mosquitto" && cmd != "pin" {
		return false, nil
	}
	fs := flag.NewFlagSet("backoffice "+cmd, flag.ContinueOnError)
	dbPath := fs.String("db", cli.Env("DB", "var/hub.db"), "SQLite file of the store's log")
	storeID := fs.String("store", cli.Env("STORE", "store1"), "store id (mosquitto: the topics of the ACL)")
	listen := fs.String("listen", "127.0.0.1:1883", "mosquitto: the listener's host:port (beyond loopback, it speaks TLS)")
	useTLS := fs.Bool("tls", false, "mosquitto: the listener speaks TLS with the hub's certificate, even on loopback")
	if err := fs.Parse(args[1:]); err != nil {
		return true, err
	}
	want := map[string]int{"enrol": 2, "revoke": 1, "mosquitto": 1, "pin": 1}[cmd]
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
		if _, err := os.Stat(enrol.CertFile(*dbPath)); err == nil {
			_, pin, err := enrol.HubCertificate(*dbPath)
			if err != nil {
				return true, err
			}
			fmt.Fprintf(out, "the hub's certificate: --hub-fingerprint %s\n", pin)
		}
	case "pin":
		st, err := db.LoadState(ctx)
		if err != nil {
			return true, err
		}
		if st.Config.StaffMember(a[0]) == nil {
			return true, fmt.Errorf("no staff member %q in the store's configuration", a[0])
		}
		fmt.Fprintf(out, "new PIN of %s: ", a[0])
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && line == "" {
			return true, fmt.Errorf("no PIN read: %w", err)
		}
		if err := enrol.SetPIN(ctx, db, a[0], strings.TrimSpace(line)); err != nil {
			return true, err
		}
		fmt.Fprintf(out, "\nPIN of %s set\n", a[0])
	case "revoke":
		if err := keys.Revoke(ctx, a[0]); err != nil {
			return true, err
		}
		fmt.Fprintf(out, "%s revoked\n", a[0])
	case "mosquitto":
		creds, err := keys.Credentials(ctx)
		if err != nil {
			return true, err
		}
		users := map[string]string{} // device → kind
		for _, c := range creds {
			if !c.Revoked {
				users[c.Device] = c.Kind
			}
		}
		if users[queue.DeviceHub] == "" {
			fmt.Fprintln(out, "note: the hub has no credential yet; start it once (it makes its own), then run this again")
		}
		var cert []byte
		if *useTLS || !loopback(*listen) {
			if _, _, err := enrol.HubCertificate(*dbPath); err != nil {
				return true, err
			}
			if cert, err = os.ReadFile(enrol.CertFile(*dbPath)); err != nil {
				return true, err
			}
		}
		if err := enrol.WriteMosquitto(a[0], *listen, creds, mqttsync.Topics{Store: *storeID}.MosquittoACL(users), cert); err != nil {
			return true, err
		}
		fmt.Fprintf(out, "wrote %s/passwd, acl and accueil.conf: include accueil.conf in mosquitto.conf, then reload Mosquitto (SIGHUP)\n", a[0])
		if cert != nil {
			fmt.Fprintf(out, "its listener speaks TLS with the hub's certificate: run the hub with --broker tls://%s\n", *listen)
		}
	}
	return true, nil
}
