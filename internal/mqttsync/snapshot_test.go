package mqttsync_test

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/history"
	"accueil/internal/queue"
	"accueil/internal/store"
	"accueil/internal/synctest"
)

// TestNewDeviceStartsFromSnapshot: a tablet enrolled in a store with days
// of history gets the hub's snapshot and the log after it, not the whole
// log, ends with the hub's state, and then follows the log.
func TestNewDeviceStartsFromSnapshot(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	db, err := store.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := history.Write(ctx, db, 5, time.Now().UTC()); err != nil {
		t.Fatal(err)
	}
	db.Close()
	h := synctest.StartHubOn(t, path)
	counter := synctest.StartDevice(t, "counter-1", h.URL())
	want := h.State()
	synctest.WaitFor(t, "the tablet to catch up", func() bool { return counter.Seq() >= want.Seq })
	first, err := counter.DB.Events(ctx, 1, 1)
	if err != nil || len(first) > 0 && first[0].Seq < 1000 {
		t.Fatalf("the tablet downloaded the log from its start (%v)", err)
	}
	if s, ok, err := counter.DB.LatestSnapshot(ctx); err != nil || !ok || s.Seq < 1000 {
		t.Fatalf("the tablet holds no snapshot of the hub's (%v)", err)
	}
	got, _ := store.NewSnapshot(counter.View())
	if w, _ := store.NewSnapshot(want); !bytes.Equal(got.Data, w.Data) {
		t.Fatal("the tablet's state differs from the hub's")
	}
	kiosk := synctest.StartDevice(t, "kiosk-1", h.URL())
	kiosk.Ready()
	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "purchase"}, false)
	if err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "the tablet to see the new ticket", func() bool { return counter.View().Tickets[tk.ID] != nil })
}
