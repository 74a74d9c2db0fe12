package store

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"

	"accueil/internal/queue"
)

// SnapshotEvery is how many events at most separate two snapshots; a
// snapshot is also written when a business day closes.
const SnapshotEvery = 2000

// Snapshot is an encoded state (queue.State.Snapshot) and what checks it.
type Snapshot struct {
	Seq     int64
	Version int
	Day     string
	Sum     string // SHA-256 of Data, hex
	Data    []byte
}

// NewSnapshot encodes st.
func NewSnapshot(st *queue.State) (Snapshot, error) {
	data, err := st.Snapshot()
	if err != nil {
		return Snapshot{}, fmt.Errorf("store: snapshot: %w", err)
	}
	return Snapshot{Seq: st.Seq, Version: queue.SnapshotVersion, Day: st.Day, Sum: checksum(data), Data: data}, nil
}

func checksum(data []byte) string {
	h := sha256.Sum256(data)
	return hex.EncodeToString(h[:])
}

// State decodes the snapshot, after checking its version and sum.
func (s Snapshot) State() (*queue.State, error) {
	if s.Version != queue.SnapshotVersion {
		return nil, fmt.Errorf("store: snapshot %d has version %d, not %d", s.Seq, s.Version, queue.SnapshotVersion)
	}
	if checksum(s.Data) != s.Sum {
		return nil, fmt.Errorf("store: snapshot %d is damaged (checksum)", s.Seq)
	}
	st, err := queue.FromSnapshot(s.Data)
	if err != nil {
		return nil, fmt.Errorf("store: snapshot %d: %w", s.Seq, err)
	}
	if st.Seq != s.Seq {
		return nil, fmt.Errorf("store: snapshot %d holds seq %d", s.Seq, st.Seq)
	}
	return st, nil
}

// snapshotIfDue writes a snapshot of st, in tx, when the business day
// changed or SnapshotEvery events passed since the last one, and keeps
// only the latest two.
func snapshotIfDue(ctx context.Context, tx *sql.Tx, st *queue.State) error {
	var seq int64
	var day string
	err := tx.QueryRowContext(ctx, "SELECT seq, day FROM snapshots ORDER BY seq DESC LIMIT 1").Scan(&seq, &day)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return err
	}
	if err == nil && day == st.Day && st.Seq-seq < SnapshotEvery {
		return nil
	}
	s, err := NewSnapshot(st)
	if err != nil {
		return err
	}
	return putSnapshot(ctx, tx, s)
}

func putSnapshot(ctx context.Context, tx *sql.Tx, s Snapshot) error {
	if _, err := tx.ExecContext(ctx, "INSERT OR REPLACE INTO snapshots (seq, version, day, sum, data) VALUES (?, ?, ?, ?, ?)",
		s.Seq, s.Version, s.Day, s.Sum, s.Data); err != nil {
		return fmt.Errorf("store: snapshot %d: %w", s.Seq, err)
	}
	_, err := tx.ExecContext(ctx, "DELETE FROM snapshots WHERE seq NOT IN (SELECT seq FROM snapshots ORDER BY seq DESC LIMIT 2)")
	return err
}

// LatestSnapshot returns the latest snapshot, and false when there is none.
func (db *DB) LatestSnapshot(ctx context.Context) (Snapshot, bool, error) {
	var s Snapshot
	err := db.db.QueryRowContext(ctx, "SELECT seq, version, day, sum, data FROM snapshots ORDER BY seq DESC LIMIT 1").
		Scan(&s.Seq, &s.Version, &s.Day, &s.Sum, &s.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return s, false, nil
	}
	return s, err == nil, err
}

// LoadState returns the state: the latest snapshot and the events after
// it. When the snapshot cannot be used (another version, damaged), the
// whole log is folded.
func (db *DB) LoadState(ctx context.Context) (*queue.State, error) {
	s, ok, err := db.LatestSnapshot(ctx)
	if err != nil {
		return nil, err
	}
	if ok {
		if st, err := s.State(); err == nil {
			return st, db.fold(ctx, st, 0)
		}
	}
	return db.FoldLog(ctx, 0)
}

// FoldLog folds the log from its first event, up to seq to (all of it
// when to is 0), ignoring snapshots. It checks snapshots: folding up to a
// snapshot's seq must give the same snapshot.
func (db *DB) FoldLog(ctx context.Context, to int64) (*queue.State, error) {
	first, err := db.firstSeq(ctx)
	if err != nil {
		return nil, err
	}
	if first > 1 {
		return nil, fmt.Errorf("store: %s holds the log from event %d only (it started from a snapshot)", db.Path, first)
	}
	st := queue.NewState(queue.Config{})
	return st, db.fold(ctx, st, to)
}

func (db *DB) firstSeq(ctx context.Context) (int64, error) {
	var first int64
	err := db.db.QueryRowContext(ctx, "SELECT coalesce(min(seq), 1) FROM events").Scan(&first)
	return first, err
}

// fold applies to st the events after st.Seq, up to to (all when 0). An
// event that does not apply is reported with its sequence number: the log
// is the truth, so the state would not be either.
func (db *DB) fold(ctx context.Context, st *queue.State, to int64) error {
	for {
		events, err := db.Events(ctx, st.Seq+1, pageSize)
		if err != nil {
			return err
		}
		for _, e := range events {
			if to > 0 && e.Seq > to {
				return nil
			}
			if err := st.Apply(e); err != nil {
				return fmt.Errorf("store: replay event %d (%s): %w", e.Seq, e.Type, err)
			}
		}
		if len(events) < pageSize {
			return nil
		}
	}
}

// Restore starts a replica from a snapshot the hub sent: the snapshot, and
// the read models of the state it holds, in one transaction. The replica's
// log then continues after the snapshot's seq; the events it held (all
// before it) are dropped.
func (db *DB) Restore(ctx context.Context, s Snapshot) (*queue.State, error) {
	st, err := s.State()
	if err != nil {
		return nil, err
	}
	err = db.tx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, "DELETE FROM events WHERE seq <= ?", s.Seq); err != nil {
			return err
		}
		if err := writeState(ctx, tx, st); err != nil {
			return err
		}
		return putSnapshot(ctx, tx, s)
	})
	if err != nil {
		return nil, fmt.Errorf("store: restore snapshot %d: %w", s.Seq, err)
	}
	return st, nil
}
