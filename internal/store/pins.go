package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"time"
)

// PutPIN keeps hash as the PIN hash of staff (on the hub only).
func (db *DB) PutPIN(ctx context.Context, staff, hash string) error {
	_, err := db.db.ExecContext(ctx, `INSERT INTO pins (staff, hash, set_at) VALUES (?, ?, ?)
		ON CONFLICT (staff) DO UPDATE SET hash = excluded.hash, set_at = excluded.set_at`,
		staff, hash, time.Now().UTC().Format(time.RFC3339))
	return err
}

// PIN returns the PIN hash of staff; ok is false when they have none.
func (db *DB) PIN(ctx context.Context, staff string) (hash string, ok bool, err error) {
	err = db.db.QueryRowContext(ctx, `SELECT hash FROM pins WHERE staff = ?`, staff).Scan(&hash)
	if errors.Is(err, sql.ErrNoRows) {
		return "", false, nil
	}
	return hash, err == nil, err
}

// DropPINs forgets every PIN hash: a device's replica holds none (an
// upgraded replica got the ones its log carried).
func (db *DB) DropPINs(ctx context.Context) error {
	_, err := db.db.ExecContext(ctx, `DELETE FROM pins`)
	return err
}

// movePINs is the Go step of migration 0006: it keeps the PIN hashes of the
// latest configuration in pins, and takes every "pin_hash" out of the
// configuration events, the configuration's read model and the snapshots
// (whose checksums it computes again). With secure_delete on, the old
// bytes do not stay in the file's free space.
func movePINs(ctx context.Context, tx *sql.Tx) error {
	var cfg []byte
	err := tx.QueryRowContext(ctx, `SELECT data FROM config WHERE id = 1`).Scan(&cfg)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	var c struct {
		Staff []struct {
			ID      string `json:"id"`
			PINHash string `json:"pin_hash"`
		} `json:"staff"`
	}
	if len(cfg) > 0 {
		if err := json.Unmarshal(cfg, &c); err != nil {
			return err
		}
	}
	for _, s := range c.Staff {
		if s.PINHash == "" {
			continue
		}
		if _, err := tx.ExecContext(ctx, `INSERT OR REPLACE INTO pins (staff, hash, set_at) VALUES (?, ?, '')`, s.ID, s.PINHash); err != nil {
			return err
		}
	}
	strip := func(data []byte) ([]byte, error) {
		var v any
		if err := json.Unmarshal(data, &v); err != nil || !dropKey(v, "pin_hash") {
			return nil, err
		}
		return json.Marshal(v)
	}
	for query, write := range map[string]func(any, []byte) error{
		`SELECT seq, body FROM events WHERE type = 'config.changed'`: update(ctx, tx, `UPDATE events SET body = ? WHERE seq = ?`),
		`SELECT id, data FROM config`:                                update(ctx, tx, `UPDATE config SET data = ? WHERE id = ?`),
		`SELECT seq, data FROM snapshots`:                            updateSnapshot(ctx, tx),
	} {
		if err := rewrite(ctx, tx, query, nil, strip, write); err != nil {
			return err
		}
	}
	return nil
}

// dropKey deletes key from every object within v, and reports whether it
// found one.
func dropKey(v any, key string) bool {
	found := false
	switch v := v.(type) {
	case map[string]any:
		if _, ok := v[key]; ok {
			delete(v, key)
			found = true
		}
		for _, x := range v {
			found = dropKey(x, key) || found
		}
	case []any:
		for _, x := range v {
			found = dropKey(x, key) || found
		}
	}
	return found
}
