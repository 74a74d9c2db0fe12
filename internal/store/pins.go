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
	exec := func(query string) func(key int64, data []byte) error {
		return func(key int64, data []byte) error {
			_, err := tx.ExecContext(ctx, query, data, key)
			return err
		}
	}
	for read, write := range map[string]func(int64, []byte) error{
		`SELECT seq, body FROM events WHERE type = 'config.changed'`: exec(`UPDATE events SET body = ? WHERE seq = ?`),
		`SELECT id, data FROM config`:                                exec(`UPDATE config SET data = ? WHERE id = ?`),
		`SELECT seq, data FROM snapshots`: func(seq int64, data []byte) error {
			_, err := tx.ExecContext(ctx, `UPDATE snapshots SET data = ?, sum = ? WHERE seq = ?`, data, checksum(data), seq)
			return err
		},
	} {
		if err := stripPINs(ctx, tx, read, write); err != nil {
			return err
		}
	}
	return nil
}

// stripPINs rewrites with write, without their "pin_hash" keys, the JSON
// documents read (key, document) by the query read.
func stripPINs(ctx context.Context, tx *sql.Tx, read string, write func(key int64, data []byte) error) error {
	rows, err := tx.QueryContext(ctx, read)
	if err != nil {
		return err
	}
	type doc struct {
		key  int64
		data []byte
	}
	var docs []doc
	for rows.Next() {
		var d doc
		if err := rows.Scan(&d.key, &d.data); err != nil {
			rows.Close()
			return err
		}
		docs = append(docs, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range docs {
		var v any
		if err := json.Unmarshal(d.data, &v); err != nil {
			return err
		}
		if !dropKey(v, "pin_hash") {
			continue
		}
		out, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := write(d.key, out); err != nil {
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
