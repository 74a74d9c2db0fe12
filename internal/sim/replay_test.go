package sim_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/history"
	"accueil/internal/queue"
	"accueil/internal/sim"
	"accueil/internal/store"
)

// TestReplay replays a day read from a store's database, made three times
// as busy (its visitors come in a third of the time), then the same day
// with a second conseiller in the morning: the same visitors come, every
// one is called, and they wait less.
func TestReplay(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	today := time.Date(2026, 3, 5, 12, 0, 0, 0, time.UTC)
	if _, err := history.Write(ctx, db, 1, today); err != nil {
		t.Fatal(err)
	}
	tickets, err := db.TicketsOn(ctx, "2026-03-04")
	if err != nil {
		t.Fatal(err)
	}
	cfg := history.Config()
	d, err := sim.Replay(cfg, tickets)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Visitors) != history.PerDay || len(d.Shifts) != 1 || d.Shifts[0].Staff != "conseil" || d.Shifts[0].Counter != "c1" {
		t.Fatalf("replayed %d visitors, shifts %+v", len(d.Visitors), d.Shifts)
	}
	for i, v := range d.Visitors {
		d.Visitors[i].At = 8*time.Hour + (v.At-8*time.Hour)/3
	}
	date := time.Date(2026, 3, 4, 0, 0, 0, 0, cfg.Location())
	base, err := sim.Run(d, date, 1)
	if err != nil {
		t.Fatal(err)
	}
	more, err := sim.ParseShift(&cfg, "manager@c2 08:00-12:00")
	if err != nil {
		t.Fatal(err)
	}
	d.Shifts = append(d.Shifts, more)
	after, err := sim.Run(d, date, 1)
	if err != nil {
		t.Fatal(err)
	}
	b, a := sim.Summarize(&cfg, base), sim.Summarize(&cfg, after)
	if b.Visitors != history.PerDay || a.Visitors != history.PerDay || b.Called != b.Visitors || a.Called != a.Visitors {
		t.Fatalf("before %+v, after %+v: every visitor called both times", b, a)
	}
	if a.MeanWait >= b.MeanWait/2 || a.WithinSLA <= b.WithinSLA {
		t.Errorf("a second conseiller made it worse: before %+v, after %+v", b, a)
	}
	t.Logf("before %+v\nafter  %+v", b, a)
}

func TestParseShift(t *testing.T) {
	cfg := queue.DefaultConfig()
	if s, err := sim.ParseShift(&cfg, "expert 12:00-14:00"); err != nil || s != (sim.Shift{Staff: "expert", Counter: "c3", From: 12 * time.Hour, To: 14 * time.Hour}) {
		t.Errorf("expert 12:00-14:00: %+v, %v", s, err)
	}
	for _, bad := range []string{"", "expert", "nobody 12:00-14:00", "expert@c9 12:00-14:00", "expert 14:00-12:00", "expert 12h-14h"} {
		if _, err := sim.ParseShift(&cfg, bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
