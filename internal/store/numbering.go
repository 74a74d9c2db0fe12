package store

import (
	"context"
	"database/sql"
	"errors"
)

// Refusal is a device's event the hub refused for good, and why.
type Refusal struct {
	ID      string
	Device  string
	N       int64
	Code    string
	Message string
}

// Numbering returns, by device, the last number of its events the log has
// taken (see migration 0004).
func (db *DB) Numbering(ctx context.Context) (map[string]int64, error) {
	return db.byDevice(ctx, "SELECT device, last FROM numbering")
}

// FindRefusal returns the refusal of the event with id, and false when it
// was not refused.
func (db *DB) FindRefusal(ctx context.Context, id string) (Refusal, bool, error) {
	r := Refusal{ID: id}
	err := db.db.QueryRowContext(ctx, "SELECT device, n, code, message FROM refusals WHERE id = ?", id).
		Scan(&r.Device, &r.N, &r.Code, &r.Message)
	if errors.Is(err, sql.ErrNoRows) {
		return r, false, nil
	}
	return r, err == nil, err
}

// number records that device's events up to n are taken.
func number(ctx context.Context, tx *sql.Tx, device string, n int64) error {
	_, err := tx.ExecContext(ctx,
		"INSERT INTO numbering (device, last) VALUES (?, ?) ON CONFLICT (device) DO UPDATE SET last = max(last, excluded.last)",
		device, n)
	return err
}

func refuse(ctx context.Context, tx *sql.Tx, r Refusal) error {
	if _, err := tx.ExecContext(ctx, "INSERT INTO refusals (id, device, n, code, message) VALUES (?, ?, ?, ?, ?)",
		r.ID, r.Device, r.N, r.Code, r.Message); err != nil {
		return err
	}
	return number(ctx, tx, r.Device, r.N)
}
