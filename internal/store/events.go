package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"accueil/internal/queue"
)

// ErrGap is returned by Append when the events do not follow the log.
var ErrGap = errors.New("store: events do not follow the log")

// Append adds sequenced events to the log, in one transaction with the read
// models of st, the state those events have already been applied to. The
// first event's Seq must follow the last one in the log, and each the one
// before it.
func (db *DB) Append(ctx context.Context, st *queue.State, events ...queue.Event) error {
	return db.Record(ctx, st, nil, events...)
}

// Record is Append, and records in the same transaction the refusals of
// devices' events, which take their numbers as applied events do.
func (db *DB) Record(ctx context.Context, st *queue.State, refused []Refusal, events ...queue.Event) error {
	if len(events) == 0 && len(refused) == 0 {
		return nil
	}
	err := db.tx(ctx, func(tx *sql.Tx) error {
		for _, r := range refused {
			if err := refuse(ctx, tx, r); err != nil {
				return err
			}
		}
		if len(events) == 0 {
			return nil
		}
		var last int64
		if err := tx.QueryRowContext(ctx, lastSeqQuery).Scan(&last); err != nil {
			return err
		}
		for _, e := range events {
			if e.Seq != last+1 {
				return fmt.Errorf("%w: seq %d after %d", ErrGap, e.Seq, last)
			}
			last = e.Seq
			if _, err := tx.ExecContext(ctx,
				"INSERT INTO events (seq, id, device, n, hlc, type, at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
				e.Seq, e.ID, e.Device, e.N, e.HLC, e.Type, e.At.UTC().Format(time.RFC3339Nano), []byte(e.Body)); err != nil {
				return fmt.Errorf("store: append %s %s: %w", e.Type, e.ID, err)
			}
			if e.N > 0 {
				if err := number(ctx, tx, e.Device, e.N); err != nil {
					return err
				}
			}
			if err := project(ctx, tx, st, e); err != nil {
				return err
			}
		}
		// Drop from the outbox what the log now holds (a device's own events).
		for _, e := range events {
			if _, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE id = ?", e.ID); err != nil {
				return err
			}
		}
		if st.Seq != last {
			return nil // st is not the state of the log: no snapshot of it
		}
		return snapshotIfDue(ctx, tx, st)
	})
	if err == nil && len(events) > 0 {
		st.Forget() // written
	}
	return err
}

// lastSeqQuery selects the last seq of the log: a replica started from a
// snapshot holds no event before it.
const lastSeqQuery = "SELECT max((SELECT coalesce(max(seq), 0) FROM events), (SELECT coalesce(max(seq), 0) FROM snapshots))"

// LastSeq returns the sequence number of the last event in the log, 0 when
// it is empty.
func (db *DB) LastSeq(ctx context.Context) (int64, error) {
	var last int64
	err := db.db.QueryRowContext(ctx, lastSeqQuery).Scan(&last)
	return last, err
}

// EventSeq returns the sequence number of the event with id, and false
// when the log does not hold it.
func (db *DB) EventSeq(ctx context.Context, id string) (int64, bool, error) {
	var seq int64
	err := db.db.QueryRowContext(ctx, "SELECT seq FROM events WHERE id = ?", id).Scan(&seq)
	if errors.Is(err, sql.ErrNoRows) {
		return 0, false, nil
	}
	return seq, err == nil, err
}

// Events returns up to limit events of the log from seq from on, in order.
func (db *DB) Events(ctx context.Context, from int64, limit int) ([]queue.Event, error) {
	return eventsFrom(ctx, db.db, from, limit)
}

// querier is a database or a transaction.
type querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
}

func eventsFrom(ctx context.Context, q querier, from int64, limit int) ([]queue.Event, error) {
	rows, err := q.QueryContext(ctx,
		"SELECT seq, id, device, n, hlc, type, at, body FROM events WHERE seq >= ? ORDER BY seq LIMIT ?", from, limit)
	if err != nil {
		return nil, err
	}
	return scanEvents(rows)
}

// ConfigChanges returns the last n changes of the store's configuration,
// latest first (along events_config).
func (db *DB) ConfigChanges(ctx context.Context, n int) ([]queue.Event, error) {
	rows, err := db.db.QueryContext(ctx,
		"SELECT seq, id, device, n, hlc, type, at, body FROM events WHERE type = 'config.changed' ORDER BY seq DESC LIMIT ?", n)
	if err != nil {
		return nil, err
	}
	return scanEvents(rows)
}

// scanEvents reads events from rows, and closes them.
func scanEvents(rows *sql.Rows) ([]queue.Event, error) {
	defer rows.Close()
	var events []queue.Event
	for rows.Next() {
		var e queue.Event
		var at string
		var body []byte
		if err := rows.Scan(&e.Seq, &e.ID, &e.Device, &e.N, &e.HLC, &e.Type, &at, &body); err != nil {
			return nil, err
		}
		var err error
		if e.At, err = time.Parse(time.RFC3339Nano, at); err != nil {
			return nil, fmt.Errorf("store: event %d: bad time %q", e.Seq, at)
		}
		e.Body = json.RawMessage(body)
		events = append(events, e)
	}
	return events, rows.Err()
}

// pageSize is how many events a fold reads at a time.
const pageSize = 1000

// DeviceClocks returns the highest clock stamp in the log of each device.
// It skips from one device to the next along events_device_hlc, so its
// cost grows with the number of devices, not with the log.
func (db *DB) DeviceClocks(ctx context.Context) (map[string]int64, error) {
	return db.byDevice(ctx, `
		WITH RECURSIVE d(device) AS (
			SELECT min(device) FROM events
			UNION ALL
			SELECT (SELECT min(device) FROM events WHERE device > d.device) FROM d WHERE d.device IS NOT NULL)
		SELECT device, (SELECT max(hlc) FROM events WHERE events.device = d.device) FROM d WHERE device IS NOT NULL`)
}

// byDevice runs query, which selects a device and a number per row.
func (db *DB) byDevice(ctx context.Context, query string) (map[string]int64, error) {
	rows, err := db.db.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	m := map[string]int64{}
	for rows.Next() {
		var dev string
		var n int64
		if err := rows.Scan(&dev, &n); err != nil {
			return nil, err
		}
		m[dev] = n
	}
	return m, rows.Err()
}
