package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"accueil/internal/history"
	"accueil/internal/store"
)

// TestSimulate replays yesterday from a store's database, as it was and
// with a second conseiller, and prints both side by side.
func TestSimulate(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := history.Write(ctx, db, 1, time.Now()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	var out bytes.Buffer
	ok, err := Simulate(ctx, []string{"sim", "--db", path, "--runs", "2", "--lang", "en", "--add", "manager@c2 08:00-12:00"}, &out)
	if !ok || err != nil {
		t.Fatalf("sim: %v, %v", ok, err)
	}
	for _, want := range []string{"replayed (300 visitors), mean of 2 simulations", "as it was", "with manager@c2 08:00-12:00", "mean wait", "called within the target wait"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("no %q in:\n%s", want, out.String())
		}
	}
	for _, bad := range [][]string{
		{"sim", "--db", path, "--add", "nobody 08:00-12:00"},
		{"sim", "--db", path, "--day", "last monday"},
		{"sim", "--db", path, "--day", "2020-01-01"}, // nobody came
		{"sim", "--db", path, "--runs", "0"},
	} {
		if ok, err := Simulate(ctx, bad, &out); !ok || err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
	if ok, _ := Simulate(ctx, []string{"--db", path}, &out); ok {
		t.Error("flags of the hub taken for the sim command")
	}
}
