// Package store keeps a store's events and read models in SQLite
// (github.com/mattn/go-sqlite3), on disk.
//
// The same schema serves the hub and the devices: the hub's events table is
// the authoritative log of the store; a device's is its replica, and its
// outbox holds what it made and the hub has not acknowledged. Read models
// (tickets, appointments, sessions, leases, config) are written in the same
// transaction as the events they come from, and can be rebuilt from the log.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/mattn/go-sqlite3"
)

//go:embed migrations/*.sql
var migrations embed.FS

// DB is a store database.
type DB struct {
	db   *sql.DB
	Path string
}

// Open opens (creating it if needed) the database at path and applies the
// migrations it lacks. WAL lets readers run beside the writer; immediate
// transactions take the write lock up front, so two writers wait instead of
// failing with SQLITE_BUSY; synchronous=FULL makes a commit durable.
func Open(ctx context.Context, path string) (*DB, error) {
	q := url.Values{}
	q.Set("_journal_mode", "WAL")
	q.Set("_synchronous", "FULL")
	q.Set("_txlock", "immediate")
	q.Set("_foreign_keys", "on")
	q.Set("_busy_timeout", "10000")
	q.Set("_secure_delete", "on") // what is deleted or rewritten does not linger in free pages
	sdb, err := sql.Open("sqlite3", "file:"+path+"?"+q.Encode())
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	db := &DB{db: sdb, Path: path}
	if err := db.migrate(ctx); err != nil {
		sdb.Close()
		return nil, err
	}
	return db, nil
}

// Close closes the database.
func (db *DB) Close() error { return db.db.Close() }

// migrate applies, each in its own transaction, the embedded migrations
// whose number is above PRAGMA user_version.
func (db *DB) migrate(ctx context.Context) error {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	var have int
	rewrote := false
	if err := db.db.QueryRowContext(ctx, "PRAGMA user_version").Scan(&have); err != nil {
		return fmt.Errorf("store: open %s: %w", db.Path, err)
	}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		v, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("store: migration %s: name must start with a number", base)
		}
		if v <= have {
			continue
		}
		sqlText, err := migrations.ReadFile(name)
		if err != nil {
			return err
		}
		err = db.tx(ctx, func(tx *sql.Tx) error {
			if _, err := tx.ExecContext(ctx, string(sqlText)); err != nil {
				return err
			}
			if step := goSteps[v]; step != nil {
				rewrote = true
				if err := step(ctx, tx); err != nil {
					return err
				}
			}
			_, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA user_version = %d", v))
			return err
		})
		if err != nil {
			return fmt.Errorf("store: migration %s: %w", base, err)
		}
	}
	if rewrote {
		// What the step took out may linger in pages' unused space (written
		// before secure_delete) and in the WAL: the file is written anew,
		// once, and the WAL emptied.
		if _, err := db.db.ExecContext(ctx, "VACUUM"); err != nil {
			return fmt.Errorf("store: vacuum after migrating: %w", err)
		}
		_, err = db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	}
	return err
}

// goSteps are the parts of migrations that SQL cannot say, by version, run
// in the migration's transaction after its SQL. They rewrite data that must
// not stay readable in the file (see migrate).
var goSteps = map[int]func(context.Context, *sql.Tx) error{
	6: movePINs,
}

// tx runs fn in a transaction, committed when fn returns nil.
func (db *DB) tx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := db.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// IntegrityCheck runs PRAGMA integrity_check and returns an error listing
// the problems it finds.
func (db *DB) IntegrityCheck(ctx context.Context) error {
	rows, err := db.db.QueryContext(ctx, "PRAGMA integrity_check")
	if err != nil {
		return err
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(problems) > 0 {
		return fmt.Errorf("store: %s is damaged: %s", db.Path, strings.Join(problems, "; "))
	}
	return nil
}

// IsFull reports whether err is SQLite's "database or disk is full".
func IsFull(err error) bool {
	var se sqlite3.Error
	return errors.As(err, &se) && se.Code == sqlite3.ErrFull
}
