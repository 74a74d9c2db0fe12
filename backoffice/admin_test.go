package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accueil/internal/enrol"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// TestAdmin enrols a device, writes Mosquitto's files, and revokes it, as
// the manager would on the hub's machine.
func TestAdmin(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	db := filepath.Join(dir, "hub.db")
	run := func(args ...string) string {
		t.Helper()
		var out bytes.Buffer
		ok, err := Admin(ctx, args, &out)
		if !ok || err != nil {
			t.Fatalf("%v: ok %v, %v", args, ok, err)
		}
		return out.String()
	}
	if code := strings.TrimSpace(run("enrol", "--db", db, "kiosk-7", "kiosk")); len(code) != 11 {
		t.Fatalf("pairing code %q", code)
	}
	if _, err := Admin(ctx, []string{"enrol", "--db", db, "kiosk/7", "kiosk"}, &bytes.Buffer{}); err == nil {
		t.Error("a device id with a slash enrolled")
	}
	if _, err := Admin(ctx, []string{"revoke", "--db", db, "nobody"}, &bytes.Buffer{}); err == nil {
		t.Error("revoked a device that does not exist")
	}
	run("mosquitto", "--db", db, "--store", "s1", filepath.Join(dir, "mq"))
	acl, err := os.ReadFile(filepath.Join(dir, "mq", "acl"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(acl), "kiosk-7") { // enrolled, not yet paired: no credential
		t.Errorf("acl names a device that has not paired:\n%s", acl)
	}
	run("revoke", "--db", db, "kiosk-7")

	// A PIN is set for a staff member of the store's configuration only,
	// and has 6 digits or more.
	sdb, err := store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	st := queue.NewState(queue.Config{})
	e, _ := queue.NewEvent("cfg-1", queue.DeviceHub, queue.ConfigChanged, time.Now(), queue.DefaultConfig())
	e.Seq = 1
	if err := st.Apply(e); err != nil {
		t.Fatal(err)
	}
	if err := sdb.Append(ctx, st, e); err != nil {
		t.Fatal(err)
	}
	sdb.Close()
	pin := func(who, typed string) error {
		stdin = strings.NewReader(typed)
		_, err := Admin(ctx, []string{"pin", "--db", db, who}, &bytes.Buffer{})
		return err
	}
	if err := pin("nobody", "123456\n"); err == nil {
		t.Error("a PIN set for a staff member the store does not have")
	}
	if err := pin("manager", "1234\n"); err == nil {
		t.Error("a 4-digit PIN taken")
	}
	if err := pin("manager", "482913\n"); err != nil {
		t.Fatal(err)
	}
	sdb, err = store.Open(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	defer sdb.Close()
	if hash, ok, _ := sdb.PIN(ctx, "manager"); !ok {
		t.Error("no PIN kept")
	} else if good, _ := enrol.VerifyPIN(hash, "482913"); !good {
		t.Error("the PIN kept does not check")
	}
	if ok, _ := Admin(ctx, []string{"--store", "s1"}, &bytes.Buffer{}); ok {
		t.Error("the hub's own flags taken for a command")
	}
}
