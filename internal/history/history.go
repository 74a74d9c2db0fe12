// Package history writes a synthetic history into a store database, for
// benchmarks: days of tickets (issued at kiosk-1, called, started and
// finished at counter-1), logged as the hub would have logged them, with
// their read models and snapshots, one transaction a day.
package history

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"accueil/internal/queue"
	"accueil/internal/store"
)

// PerDay is how many tickets a generated day has.
const PerDay = 300

// Config is the store of a generated history: the default one.
func Config() queue.Config { return queue.DefaultConfig() }

// Write writes days of history into db, which must be empty, the last day
// being the day before today. It returns the state after them.
func Write(ctx context.Context, db *store.DB, days int, today time.Time) (*queue.State, error) {
	g := gen{st: queue.NewState(queue.Config{})}
	start := today.AddDate(0, 0, -days)
	for d := range days {
		day := start.AddDate(0, 0, d)
		open := time.Date(day.Year(), day.Month(), day.Day(), 8, 0, 0, 0, time.UTC)
		if err := g.day(open, d == 0); err != nil {
			return nil, err
		}
		if err := db.Append(ctx, g.st, g.events...); err != nil {
			return nil, fmt.Errorf("history: day %d: %w", d, err)
		}
		g.events = g.events[:0]
	}
	return g.st, nil
}

// Cached returns the path of a database holding days of history up to
// yesterday, written once a day into the temp dir and reused (each caller
// copies it before opening).
func Cached(ctx context.Context, days int) (string, error) {
	today := time.Now().UTC()
	dir := filepath.Join(os.TempDir(), "accueil-history")
	path := filepath.Join(dir, fmt.Sprintf("%d-days-%s.db", days, today.Format(time.DateOnly)))
	if _, err := os.Stat(path); err == nil {
		// Bring it to this version's schema, once, so that a benchmark
		// measures a start, not a migration.
		db, err := store.Open(ctx, path)
		if err != nil {
			return "", err
		}
		return path, db.Close()
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	tmp := path + ".tmp"
	os.Remove(tmp)
	db, err := store.Open(ctx, tmp)
	if err != nil {
		return "", err
	}
	if _, err := Write(ctx, db, days, today); err != nil {
		db.Close()
		return "", err
	}
	if err := db.Close(); err != nil {
		return "", err
	}
	return path, os.Rename(tmp, path)
}

type gen struct {
	st     *queue.State
	events []queue.Event
	n      int
}

// add makes, applies and keeps an event.
func (g *gen) add(device, typ string, at time.Time, body any) error {
	g.n++
	e, err := queue.NewEvent(fmt.Sprintf("h%08d", g.n), device, typ, at, body)
	if err != nil {
		return err
	}
	e.Seq, e.HLC = g.st.Seq+1, int64(g.n)
	if err := g.st.Apply(e); err != nil {
		return fmt.Errorf("history: %s: %w", typ, err)
	}
	g.events = append(g.events, e)
	return nil
}

// day adds a day of PerDay tickets from open on, served at counter c1 by
// the conseiller; the first day starts with the configuration.
func (g *gen) day(open time.Time, first bool) error {
	if first {
		if err := g.add(queue.DeviceHub, queue.ConfigChanged, open, Config()); err != nil {
			return err
		}
	}
	day := queue.Day(open, g.st.Config.Location())
	reasons := []struct{ code, prefix string }{{"purchase", "A"}, {"sim", "S"}}
	for _, r := range reasons {
		if err := g.add(queue.DeviceHub, queue.LeaseGranted, open, queue.Lease{Device: "kiosk-1", Day: day, Prefix: r.prefix, First: 1, Last: PerDay}); err != nil {
			return err
		}
	}
	if err := g.add("counter-1", queue.StaffLoggedIn, open, queue.StaffBody{Staff: "conseil", Counter: "c1"}); err != nil {
		return err
	}
	for i := range PerDay {
		r := reasons[i%2]
		at := open.Add(time.Duration(i) * 90 * time.Second)
		id := fmt.Sprintf("t%08d", g.n)
		b := queue.IssueBody{Ticket: id, Number: queue.FormatNumber(r.prefix, i/2+1), Day: day, Reason: r.code, Token: "k" + id}
		if i%10 == 0 {
			b.Customer = fmt.Sprintf("C-%d", i/10) // 30 regulars, one visit a day each
		}
		staff := queue.TicketBody{Ticket: id, Staff: "conseil"}
		steps := []struct {
			dev, typ string
			after    time.Duration
			body     any
		}{
			{"kiosk-1", queue.TicketIssued, 0, b},
			{"counter-1", queue.TicketCalled, time.Minute, queue.CallBody{Ticket: id, Counter: "c1", Staff: "conseil"}},
			{"counter-1", queue.ServiceStarted, 2 * time.Minute, staff},
			{"counter-1", queue.ServiceFinished, 3 * time.Minute, queue.FinishBody{Ticket: id, Staff: "conseil", Outcome: "resolved"}},
		}
		for _, s := range steps {
			if err := g.add(s.dev, s.typ, at.Add(s.after), s.body); err != nil {
				return err
			}
		}
	}
	return g.add("counter-1", queue.StaffLoggedOut, open.Add(PerDay*90*time.Second), queue.StaffBody{Staff: "conseil"})
}
