package store_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/history"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// TestSnapshots: the snapshots written with the log equal the fold of the
// log up to them; a store starts from the latest one with the same state
// as from the whole log, and from the whole log when the snapshot is
// damaged; a rebuild gives the same snapshot and read models.
func TestSnapshots(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	today := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	if _, err := history.Write(ctx, db, 3, today); err != nil {
		t.Fatal(err)
	}
	snap, ok, err := db.LatestSnapshot(ctx)
	if err != nil || !ok {
		t.Fatalf("no snapshot (%v)", err)
	}
	if snap.Day != "2026-03-04" || snap.Version != queue.SnapshotVersion {
		t.Errorf("snapshot of %s, version %d", snap.Day, snap.Version)
	}
	folded, err := db.FoldLog(ctx, snap.Seq)
	if err != nil {
		t.Fatal(err)
	}
	if again, _ := store.NewSnapshot(folded); !bytes.Equal(again.Data, snap.Data) {
		t.Fatal("the fold of the log differs from the snapshot written with it")
	}
	if len(folded.Tickets) != history.PerDay {
		t.Errorf("%d tickets in memory, want the open day's %d", len(folded.Tickets), history.PerDay)
	}

	whole, err := db.FoldLog(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	want, _ := store.NewSnapshot(whole)
	loaded, err := db.LoadState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := store.NewSnapshot(loaded); !bytes.Equal(got.Data, want.Data) {
		t.Error("the state loaded from the snapshot differs from the fold of the whole log")
	}

	rebuilt, err := db.Rebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got, _ := store.NewSnapshot(rebuilt); !bytes.Equal(got.Data, want.Data) {
		t.Error("the rebuilt state differs from the fold of the whole log")
	}
	for _, day := range []string{"2026-03-02", "2026-03-03", "2026-03-04"} {
		ts, err := db.TicketsOn(ctx, day)
		if err != nil || len(ts) != history.PerDay {
			t.Errorf("%s: %d tickets in the read model after a rebuild, want %d (%v)", day, len(ts), history.PerDay, err)
		}
	}
	visits, err := db.CustomerTickets(ctx, "C-0", 10)
	if err != nil || len(visits) < 2 || visits[0].ArrivedAt.Before(visits[1].ArrivedAt) {
		t.Errorf("earlier visits of C-0: %d, newest first? (%v)", len(visits), err)
	}
}
