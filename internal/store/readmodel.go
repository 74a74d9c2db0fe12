package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"time"

	"accueil/internal/queue"
)

// project writes to the read models what event e, already applied to st,
// changed.
func project(ctx context.Context, tx *sql.Tx, st *queue.State, e queue.Event) error {
	var ref struct {
		Ticket string `json:"ticket"`
		Staff  string `json:"staff"`
		Code   string `json:"code"`
	}
	json.Unmarshal(e.Body, &ref) // bodies were decoded by Apply already
	switch e.Type {
	case queue.ConfigChanged:
		return putJSON(ctx, tx, "INSERT INTO config (id, data) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET data = excluded.data", st.Config)
	case queue.AppointmentBooked:
		return putJSON(ctx, tx, "INSERT INTO appointments (data, code) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET data = excluded.data", st.Appointments[ref.Code], ref.Code)
	case queue.StaffLoggedIn, queue.StaffLoggedOut, queue.StaffPaused, queue.StaffResumed:
		if s := st.Sessions[ref.Staff]; s != nil {
			return putJSON(ctx, tx, "INSERT INTO sessions (data, staff) VALUES (?, ?) ON CONFLICT (staff) DO UPDATE SET data = excluded.data", s, ref.Staff)
		}
		_, err := tx.ExecContext(ctx, "DELETE FROM sessions WHERE staff = ?", ref.Staff)
		return err
	case queue.LeaseGranted:
		var l queue.Lease
		json.Unmarshal(e.Body, &l)
		_, err := tx.ExecContext(ctx, "INSERT INTO leases (device, day, prefix, first, last) VALUES (?, ?, ?, ?, ?)", l.Device, l.Day, l.Prefix, l.First, l.Last)
		return err
	case queue.PersonalErased:
		return eraseVisitor(ctx, tx, e)
	case queue.DeviceAlert:
		return putJSON(ctx, tx, "INSERT INTO alerts (data, device) VALUES (?, ?) ON CONFLICT (device) DO UPDATE SET data = excluded.data", st.Alerts[e.Device], e.Device)
	}
	t := st.Ticket(ref.Ticket) // even gone at a day close later in the batch
	if t == nil {
		return nil
	}
	if a := st.Appointments[t.Appointment]; a != nil {
		if err := putJSON(ctx, tx, "UPDATE appointments SET data = ? WHERE code = ?", a, t.Appointment); err != nil {
			return err
		}
	}
	return putTicket(ctx, tx, t)
}

func putJSON(ctx context.Context, tx *sql.Tx, query string, v any, args ...any) error {
	data, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, query, append([]any{data}, args...)...); err != nil {
		return fmt.Errorf("store: read model: %w", err)
	}
	return nil
}

func putTicket(ctx context.Context, tx *sql.Tx, t *queue.Ticket) error {
	data, err := json.Marshal(t)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, `INSERT INTO tickets (id, number, day, reason, status, priority, customer, arrived_at, data)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (id) DO UPDATE SET reason = excluded.reason, status = excluded.status,
			priority = excluded.priority, data = excluded.data`,
		t.ID, t.Number, t.Day, t.Reason, t.Status, t.Priority, t.Customer, t.ArrivedAt.UTC().Format(time.RFC3339Nano), data)
	if err != nil {
		return fmt.Errorf("store: ticket %s: %w", t.Number, err)
	}
	return nil
}

// readModels lists the read-model tables, which Rebuild empties.
var readModels = []string{"tickets", "appointments", "sessions", "leases", "alerts", "config"}

// Rebuild empties the read models and the snapshots and writes them again
// from the whole log, in one transaction: each event is folded and
// projected as Append does, so the tickets of closed days come back too.
// It returns the state folded from the log.
func (db *DB) Rebuild(ctx context.Context) (*queue.State, error) {
	if first, err := db.firstSeq(ctx); err != nil || first > 1 {
		return nil, fmt.Errorf("store: rebuild: the log of %s starts at event %d (%v)", db.Path, first, err)
	}
	st := queue.NewState(queue.Config{})
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, table := range append(readModels, "snapshots") {
			if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
				return err
			}
		}
		for {
			events, err := eventsFrom(ctx, tx, st.Seq+1, pageSize)
			if err != nil {
				return err
			}
			for _, e := range events {
				if err := st.Apply(e); err != nil {
					return fmt.Errorf("replay event %d (%s): %w", e.Seq, e.Type, err)
				}
				if err := project(ctx, tx, st, e); err != nil {
					return err
				}
			}
			st.Forget()
			if len(events) < pageSize {
				break
			}
		}
		s, err := NewSnapshot(st)
		if err != nil {
			return err
		}
		return putSnapshot(ctx, tx, s)
	})
	if err != nil {
		return nil, fmt.Errorf("store: rebuild: %w", err)
	}
	return st, nil
}

// writeState writes the read models of st: the configuration, sessions,
// leases and alerts replace those written, the tickets and appointments it
// holds are added or updated.
func writeState(ctx context.Context, tx *sql.Tx, st *queue.State) error {
	for _, table := range []string{"sessions", "leases", "alerts", "config"} {
		if _, err := tx.ExecContext(ctx, "DELETE FROM "+table); err != nil {
			return err
		}
	}
	if err := putJSON(ctx, tx, "INSERT INTO config (id, data) VALUES (1, ?)", st.Config); err != nil {
		return err
	}
	for code, a := range st.Appointments {
		if err := putJSON(ctx, tx, "INSERT INTO appointments (data, code) VALUES (?, ?) ON CONFLICT (code) DO UPDATE SET data = excluded.data", a, code); err != nil {
			return err
		}
	}
	for id, s := range st.Sessions {
		if err := putJSON(ctx, tx, "INSERT INTO sessions (data, staff) VALUES (?, ?)", s, id); err != nil {
			return err
		}
	}
	for device, a := range st.Alerts {
		if err := putJSON(ctx, tx, "INSERT INTO alerts (data, device) VALUES (?, ?)", a, device); err != nil {
			return err
		}
	}
	for _, l := range st.Leases {
		if _, err := tx.ExecContext(ctx, "INSERT INTO leases (device, day, prefix, first, last) VALUES (?, ?, ?, ?, ?)", l.Device, l.Day, l.Prefix, l.First, l.Last); err != nil {
			return err
		}
	}
	for _, t := range st.Tickets {
		if err := putTicket(ctx, tx, t); err != nil {
			return err
		}
	}
	return nil
}

// CustomerTickets returns the earlier visits of a customer, newest first,
// so the person serving them can see what was already said and done.
func (db *DB) CustomerTickets(ctx context.Context, customer string, limit int) ([]queue.Ticket, error) {
	return db.tickets(ctx, "SELECT data FROM tickets WHERE customer = ? AND customer <> '' ORDER BY arrived_at DESC LIMIT ?", customer, limit)
}

// tickets runs query, which selects the data of ticket rows.
func (db *DB) tickets(ctx context.Context, query string, args ...any) ([]queue.Ticket, error) {
	var ts []queue.Ticket
	err := db.eachTicket(ctx, func(t *queue.Ticket) error {
		ts = append(ts, *t)
		return nil
	}, query, args...)
	return ts, err
}

// eachTicket runs query, which selects the data of ticket rows, and calls
// fn with each ticket.
func (db *DB) eachTicket(ctx context.Context, fn func(*queue.Ticket) error, query string, args ...any) error {
	rows, err := db.db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var data []byte
		var t queue.Ticket
		if err := rows.Scan(&data); err != nil {
			return err
		}
		if err := json.Unmarshal(data, &t); err != nil {
			return fmt.Errorf("store: ticket row: %w", err)
		}
		if err := fn(&t); err != nil {
			return err
		}
	}
	return rows.Err()
}

// TicketsOn returns the tickets of business day day (from the read model),
// in order of arrival: a closed day's tickets are read here, not kept in
// memory.
func (db *DB) TicketsOn(ctx context.Context, day string) ([]queue.Ticket, error) {
	return db.tickets(ctx, "SELECT data FROM tickets WHERE day = ? ORDER BY arrived_at", day)
}

// TicketsBetween calls fn with each ticket of the business days from to to
// (inclusive, "2006-01-02"), in order of arrival, one at a time, so a
// report over months reads at constant memory. It reads the read model
// through its day index, never the log.
func (db *DB) TicketsBetween(ctx context.Context, from, to string, fn func(*queue.Ticket) error) error {
	return db.eachTicket(ctx, fn, "SELECT data FROM tickets WHERE day BETWEEN ? AND ? ORDER BY day, arrived_at", from, to)
}
