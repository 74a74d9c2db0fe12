package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/eta"
	"accueil/internal/history"
	"accueil/internal/queue"
	"accueil/internal/store"
)

// TestServiceHistory: the status page learns from the services of the
// last eta.HistoryDays days, read once a day.
func TestServiceHistory(t *testing.T) {
	ctx := context.Background()
	db, err := store.Open(ctx, filepath.Join(t.TempDir(), "hub.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	today := time.Date(2026, 3, 20, 10, 0, 0, 0, time.UTC)
	if _, err := history.Write(ctx, db, eta.HistoryDays+2, today); err != nil {
		t.Fatal(err)
	}
	now := today
	h := &serviceHistory{db: db, now: func() time.Time { return now }}
	st := queue.NewState(history.Config())
	ts := h.Tickets(ctx, st)
	loc := st.Config.Location()
	days := map[string]bool{}
	for _, tk := range ts {
		if tk.Status != queue.Done || tk.StartedAt.IsZero() || tk.Reason == "" {
			t.Fatalf("not a service: %+v", tk)
		}
		days[queue.Day(tk.StartedAt, loc)] = true
	}
	if len(days) != eta.HistoryDays || days[queue.Day(today, loc)] || days[queue.Day(today.AddDate(0, 0, -eta.HistoryDays-1), loc)] {
		t.Errorf("services of %d days %v, want the %d before today", len(days), days, eta.HistoryDays)
	}
	// Learnt from, the days move the service times off the prior.
	if m := eta.Learn(&st.Config, ptrs(ts), now).Mean("sim"); m == eta.Prior(st.Config.Reason("sim")) {
		t.Errorf("the services of the last days leave the prior: %v", m)
	}
	now = now.Add(time.Hour)
	if again := h.Tickets(ctx, st); len(again) != len(ts) || &again[0] != &ts[0] {
		t.Error("read again within the day")
	}
}

func ptrs(ts []queue.Ticket) []*queue.Ticket {
	ps := make([]*queue.Ticket, len(ts))
	for i := range ts {
		ps[i] = &ts[i]
	}
	return ps
}
