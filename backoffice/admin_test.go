package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	if ok, _ := Admin(ctx, []string{"--store", "s1"}, &bytes.Buffer{}); ok {
		t.Error("the hub's own flags taken for a command")
	}
}
