package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"accueil/internal/queue"
)

// AddOutbox records an event a device made, to be sent to the hub until it
// acknowledges it, and returns it numbered: the next number of its device.
// The outbox row is the device's durable record of its local change: its
// view is the log with the outbox laid over it.
func (db *DB) AddOutbox(ctx context.Context, e queue.Event) (queue.Event, error) {
	err := db.tx(ctx, func(tx *sql.Tx) error {
		if err := tx.QueryRowContext(ctx, nextNumber, e.Device).Scan(&e.N); err != nil {
			return err
		}
		data, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "INSERT INTO outbox (id, event) VALUES (?, ?)", e.ID, data); err != nil {
			return fmt.Errorf("store: outbox %s: %w", e.Type, err)
		}
		return nil
	})
	return e, err
}

// nextNumber takes the next number of a device.
const nextNumber = "INSERT INTO numbering (device, last) VALUES (?, 1) ON CONFLICT (device) DO UPDATE SET last = last + 1 RETURNING last"

// RenumberOutbox numbers device's pending events again, in their order,
// from first on, and returns them: the hub has taken its numbers up to
// first-1 and knows none of these (the device's database is newer than its
// history with the hub, or older than this numbering).
func (db *DB) RenumberOutbox(ctx context.Context, device string, first int64) ([]queue.Event, error) {
	var events []queue.Event
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var err error
		if events, err = outbox(ctx, tx); err != nil {
			return err
		}
		for i := range events {
			events[i].N = first + int64(i)
			data, err := json.Marshal(events[i])
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, "UPDATE outbox SET event = ? WHERE id = ?", data, events[i].ID); err != nil {
				return err
			}
		}
		_, err = tx.ExecContext(ctx,
			"INSERT INTO numbering (device, last) VALUES (?, ?) ON CONFLICT (device) DO UPDATE SET last = excluded.last",
			device, first+int64(len(events))-1)
		return err
	})
	return events, err
}

// Outbox returns the events waiting for the hub's acknowledgement, oldest
// first.
func (db *DB) Outbox(ctx context.Context) ([]queue.Event, error) {
	return outbox(ctx, db.db)
}

func outbox(ctx context.Context, q querier) ([]queue.Event, error) {
	rows, err := q.QueryContext(ctx, "SELECT event FROM outbox ORDER BY n")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var events []queue.Event
	for rows.Next() {
		var data []byte
		var e queue.Event
		if err := rows.Scan(&data); err != nil {
			return nil, err
		}
		if err := json.Unmarshal(data, &e); err != nil {
			return nil, fmt.Errorf("store: outbox row is not an event: %w", err)
		}
		events = append(events, e)
	}
	return events, rows.Err()
}

// DeleteOutbox removes the event with id from the outbox: the hub has it,
// or refused it for good.
func (db *DB) DeleteOutbox(ctx context.Context, id string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "DELETE FROM outbox WHERE id = ?", id)
		return err
	})
}
