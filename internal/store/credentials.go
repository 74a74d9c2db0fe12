package store

import (
	"context"
	"database/sql"
	"errors"
	"time"
)

// Credential is a device's broker credential, as the hub keeps it.
type Credential struct {
	Device    string
	Kind      string // queue.DeviceKiosk, ...
	Hash      string // argon2id of the secret
	Mosquitto string // the secret hashed for Mosquitto's password_file
	Revoked   bool
	Created   time.Time
}

// Pairing is a one-time pairing code waiting for its device.
type Pairing struct {
	Device  string
	Kind    string
	Hash    string // argon2id of the code
	Expires time.Time
}

// ErrNotFound is returned when a credential or pairing does not exist.
var ErrNotFound = errors.New("store: not found")

// PutCredential adds or replaces the credential of c.Device.
func (db *DB) PutCredential(ctx context.Context, c Credential) error {
	_, err := db.db.ExecContext(ctx,
		`INSERT INTO credentials (device, kind, hash, mosquitto, revoked, created) VALUES (?, ?, ?, ?, ?, ?)
		 ON CONFLICT (device) DO UPDATE SET kind = excluded.kind, hash = excluded.hash,
		 mosquitto = excluded.mosquitto, revoked = excluded.revoked, created = excluded.created`,
		c.Device, c.Kind, c.Hash, c.Mosquitto, c.Revoked, c.Created.UTC().Format(time.RFC3339Nano))
	return err
}

// Credential returns the credential of device, or ErrNotFound.
func (db *DB) Credential(ctx context.Context, device string) (Credential, error) {
	row := db.db.QueryRowContext(ctx, "SELECT device, kind, hash, mosquitto, revoked, created FROM credentials WHERE device = ?", device)
	c, err := scanCredential(row.Scan)
	if errors.Is(err, sql.ErrNoRows) {
		return c, ErrNotFound
	}
	return c, err
}

// Credentials returns every credential, by device id.
func (db *DB) Credentials(ctx context.Context) ([]Credential, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT device, kind, hash, mosquitto, revoked, created FROM credentials ORDER BY device")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Credential
	for rows.Next() {
		c, err := scanCredential(rows.Scan)
		if err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func scanCredential(scan func(...any) error) (Credential, error) {
	var c Credential
	var created string
	if err := scan(&c.Device, &c.Kind, &c.Hash, &c.Mosquitto, &c.Revoked, &created); err != nil {
		return c, err
	}
	c.Created, _ = time.Parse(time.RFC3339Nano, created)
	return c, nil
}

// Revoke marks the credential of device revoked, and drops its pending
// pairing; ErrNotFound when the device has neither.
func (db *DB) Revoke(ctx context.Context, device string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "UPDATE credentials SET revoked = 1 WHERE device = ?", device)
		if err != nil {
			return err
		}
		n, _ := res.RowsAffected()
		res, err = tx.ExecContext(ctx, "DELETE FROM pairings WHERE device = ?", device)
		if err != nil {
			return err
		}
		m, _ := res.RowsAffected()
		if n+m == 0 {
			return ErrNotFound
		}
		return nil
	})
}

// Revoked returns the devices whose credential is revoked.
func (db *DB) Revoked(ctx context.Context) (map[string]bool, error) {
	rows, err := db.db.QueryContext(ctx, "SELECT device FROM credentials WHERE revoked = 1")
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var d string
		if err := rows.Scan(&d); err != nil {
			return nil, err
		}
		out[d] = true
	}
	return out, rows.Err()
}

// PutPairing adds or replaces the pairing code of p.Device.
func (db *DB) PutPairing(ctx context.Context, p Pairing) error {
	_, err := db.db.ExecContext(ctx,
		`INSERT INTO pairings (device, kind, hash, expires) VALUES (?, ?, ?, ?)
		 ON CONFLICT (device) DO UPDATE SET kind = excluded.kind, hash = excluded.hash, expires = excluded.expires`,
		p.Device, p.Kind, p.Hash, p.Expires.UTC().Format(time.RFC3339Nano))
	return err
}

// Pairing returns the pairing code waiting for device, or ErrNotFound.
func (db *DB) Pairing(ctx context.Context, device string) (Pairing, error) {
	var p Pairing
	var expires string
	err := db.db.QueryRowContext(ctx, "SELECT device, kind, hash, expires FROM pairings WHERE device = ?", device).
		Scan(&p.Device, &p.Kind, &p.Hash, &expires)
	if errors.Is(err, sql.ErrNoRows) {
		return p, ErrNotFound
	}
	p.Expires, _ = time.Parse(time.RFC3339Nano, expires)
	return p, err
}

// Paired replaces the pairing of c.Device by its credential, in one
// transaction: the code serves once.
func (db *DB) Paired(ctx context.Context, c Credential) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, "DELETE FROM pairings WHERE device = ?", c.Device)
		if err != nil {
			return err
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrNotFound // taken meanwhile
		}
		_, err = tx.ExecContext(ctx,
			`INSERT INTO credentials (device, kind, hash, mosquitto, revoked, created) VALUES (?, ?, ?, ?, 0, ?)
			 ON CONFLICT (device) DO UPDATE SET kind = excluded.kind, hash = excluded.hash,
			 mosquitto = excluded.mosquitto, revoked = 0, created = excluded.created`,
			c.Device, c.Kind, c.Hash, c.Mosquitto, c.Created.UTC().Format(time.RFC3339Nano))
		return err
	})
}

// DropPairing drops the pairing code of device, if any.
func (db *DB) DropPairing(ctx context.Context, device string) error {
	_, err := db.db.ExecContext(ctx, "DELETE FROM pairings WHERE device = ?", device)
	return err
}
