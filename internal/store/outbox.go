package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"accueil/internal/queue"
)

// AddOutbox records an event a device made, to be sent to the hub until it
// acknowledges it. The outbox row is the device's durable record of its
// local change: its view is the log with the outbox laid over it.
func (db *DB) AddOutbox(ctx context.Context, e queue.Event) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "INSERT INTO outbox (id, event) VALUES (?, ?)", e.ID, data)
		if err != nil {
			return fmt.Errorf("store: outbox %s: %w", e.Type, err)
		}
		return nil
	})
}

// Outbox returns the events waiting for the hub's acknowledgement, oldest
// first.
func (db *DB) Outbox(ctx context.Context) ([]queue.Event, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT event FROM outbox ORDER BY n")
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

// UpdateOutbox replaces a pending event (given a new clock stamp).
func (db *DB) UpdateOutbox(ctx context.Context, e queue.Event) error {
	data, err := json.Marshal(e)
	if err != nil {
		return err
	}
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, "UPDATE outbox SET event = ?, tries = tries + 1 WHERE id = ?", data, e.ID)
		return err
	})
}
