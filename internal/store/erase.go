package store

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"strings"
	"time"

	"accueil/internal/queue"
)

// eraseBatch is how many events one transaction of Erase reads.
const eraseBatch = 1000

// Erase takes visitors' personal data (phone numbers, customer references,
// the words of notes and comments) out of the events made before cutoff
// and the tickets of the days before cutoff's (in loc), in the log and the
// read model; the visits themselves (times, reasons, outcomes, scores)
// stay for the reports. It goes on from where it stopped last time, so a
// run costs what came since. A note keeps its place, its text becoming
// queue.ErasedNote. With secure_delete on and the WAL emptied after, the
// old bytes stay nowhere in the files.
func (db *DB) Erase(ctx context.Context, cutoff time.Time, loc *time.Location) (int, error) {
	erased := 0
	for done := false; !done; {
		err := db.tx(ctx, func(tx *sql.Tx) error {
			var from int64
			if err := tx.QueryRowContext(ctx, `SELECT seq FROM erasure`).Scan(&from); err != nil {
				return err
			}
			rows, err := tx.QueryContext(ctx, `SELECT seq, type, at, body FROM events WHERE seq > ? ORDER BY seq LIMIT ?`, from, eraseBatch)
			if err != nil {
				return err
			}
			type event struct {
				seq  int64
				typ  string
				body []byte
			}
			var todo []event
			last, n := from, 0
			for rows.Next() {
				var e event
				var at string
				if err := rows.Scan(&e.seq, &e.typ, &at, &e.body); err != nil {
					rows.Close()
					return err
				}
				n++
				if t, err := time.Parse(time.RFC3339Nano, at); err == nil && !t.Before(cutoff) {
					done = true
					break
				}
				last = e.seq
				if queue.HasPersonal(e.typ) {
					todo = append(todo, e)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			done = done || n < eraseBatch
			for _, e := range todo {
				body, changed := queue.WithoutPersonal(e.typ, e.body)
				if !changed {
					continue
				}
				if _, err := tx.ExecContext(ctx, `UPDATE events SET body = ? WHERE seq = ?`, body, e.seq); err != nil {
					return err
				}
				erased++
				if e.typ == queue.AppointmentBooked {
					if err := eraseAppointment(ctx, tx, body); err != nil {
						return err
					}
				}
			}
			_, err = tx.ExecContext(ctx, `UPDATE erasure SET seq = ?`, last)
			return err
		})
		if err != nil {
			return erased, err
		}
	}
	n, err := db.eraseTickets(ctx, queue.Day(cutoff, loc))
	erased += n
	if err != nil {
		return erased, err
	}
	// Every run, even with nothing past the retention: what was deleted
	// since (a kiosk's outbox rows, zeroed by secure_delete in the file)
	// leaves the WAL too.
	_, err = db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return erased, err
}

// eraseAppointment takes the personal data out of the read model of the
// appointment booked by the event body (already erased).
func eraseAppointment(ctx context.Context, tx *sql.Tx, body []byte) error {
	var ref struct {
		Code string `json:"code"`
	}
	if json.Unmarshal(body, &ref) != nil {
		return nil
	}
	return rewrite(ctx, tx, `SELECT code, data FROM appointments WHERE code = ?`, []any{ref.Code}, func(data []byte) ([]byte, error) {
		var a queue.Appointment
		if json.Unmarshal(data, &a) != nil || (a.Customer == "" && a.Name == "") {
			return nil, nil
		}
		a.Customer, a.Name = "", ""
		return json.Marshal(&a)
	}, update(ctx, tx, `UPDATE appointments SET data = ? WHERE code = ?`))
}

// eraseTickets erases the personal data of the read model's tickets of the
// days before day.
func (db *DB) eraseTickets(ctx context.Context, day string) (int, error) {
	erased := 0
	err := db.tx(ctx, func(tx *sql.Tx) error {
		var from string
		if err := tx.QueryRowContext(ctx, `SELECT day FROM erasure`).Scan(&from); err != nil {
			return err
		}
		if day <= from {
			return nil
		}
		err := rewrite(ctx, tx, `SELECT id, data FROM tickets WHERE day >= ? AND day < ?`, []any{from, day}, func(data []byte) ([]byte, error) {
			var t queue.Ticket
			if json.Unmarshal(data, &t) != nil || !t.ErasePersonal() {
				return nil, nil
			}
			erased++
			return json.Marshal(&t)
		}, update(ctx, tx, `UPDATE tickets SET customer = '', data = ? WHERE id = ?`))
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE erasure SET day = ?`, day)
		return err
	})
	return erased, err
}

// eraseVisitor carries out PersonalErased e in the files, in the
// transaction that logs it: the visitor's tickets in the read model, their
// events in the log and the snapshots lose their personal data. Only what
// the retention has not erased yet is read.
func eraseVisitor(ctx context.Context, tx *sql.Tx, e queue.Event) error {
	var b queue.ErasureBody
	if err := e.Decode(&b); err != nil {
		return err
	}
	if len(b.Tickets) == 0 {
		return nil
	}
	var from int64
	if err := tx.QueryRowContext(ctx, `SELECT seq FROM erasure`).Scan(&from); err != nil {
		return err
	}
	ids := map[string]bool{}
	args := []any{}
	for _, id := range b.Tickets {
		ids[id] = true
		args = append(args, id)
	}
	err := rewrite(ctx, tx, `SELECT id, data FROM tickets WHERE id IN (?`+strings.Repeat(", ?", len(args)-1)+`)`, args, func(data []byte) ([]byte, error) {
		var t queue.Ticket
		if json.Unmarshal(data, &t) != nil {
			return nil, nil
		}
		t.ErasePersonal()
		return json.Marshal(&t)
	}, update(ctx, tx, `UPDATE tickets SET customer = '', data = ? WHERE id = ?`))
	if err != nil {
		return err
	}
	err = rewrite(ctx, tx, `SELECT seq, type || ' ' || body FROM events WHERE seq > ? AND type IN (?, ?, ?, ?)`,
		[]any{from, queue.TicketIssued, queue.AppointmentCheckIn, queue.NoteAdded, queue.FeedbackGiven}, func(row []byte) ([]byte, error) {
			typ, body, _ := bytes.Cut(row, []byte(" "))
			var ref struct {
				Ticket string `json:"ticket"`
			}
			if json.Unmarshal(body, &ref) != nil || !ids[ref.Ticket] {
				return nil, nil
			}
			out, changed := queue.WithoutPersonal(string(typ), body)
			if !changed {
				return nil, nil
			}
			return out, nil
		}, update(ctx, tx, `UPDATE events SET body = ? WHERE seq = ?`))
	if err != nil {
		return err
	}
	return rewrite(ctx, tx, `SELECT seq, data FROM snapshots`, nil, func(data []byte) ([]byte, error) {
		st, err := queue.FromSnapshot(data)
		if err != nil {
			return nil, err
		}
		for _, t := range st.Tickets {
			if b.Matches(t) {
				t.ErasePersonal()
			}
		}
		s, err := NewSnapshot(st)
		return s.Data, err
	}, updateSnapshot(ctx, tx))
}

// VisitsOf returns the visits of v still holding personal data (those the
// retention has not erased yet), oldest first.
func (db *DB) VisitsOf(ctx context.Context, v queue.Visitor) ([]*queue.Ticket, error) {
	var out []*queue.Ticket
	err := db.eachTicket(ctx, func(t *queue.Ticket) error {
		if v.Matches(t) {
			out = append(out, t)
		}
		return nil
	}, `SELECT data FROM tickets WHERE day >= (SELECT day FROM erasure) ORDER BY day, arrived_at`)
	return out, err
}

// rewrite reads (key, document) rows with query and args, and writes back
// with write what change returns for each (nil: unchanged).
func rewrite(ctx context.Context, tx *sql.Tx, query string, args []any, change func([]byte) ([]byte, error), write func(key any, data []byte) error) error {
	rows, err := tx.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	type row struct {
		key  any
		data []byte
	}
	var all []row
	for rows.Next() {
		var r row
		if err := rows.Scan(&r.key, &r.data); err != nil {
			rows.Close()
			return err
		}
		all = append(all, r)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, r := range all {
		out, err := change(r.data)
		if err != nil {
			return err
		}
		if out == nil {
			continue
		}
		if err := write(r.key, out); err != nil {
			return err
		}
	}
	return nil
}

// update returns a write for rewrite that runs query (document, key).
func update(ctx context.Context, tx *sql.Tx, query string) func(key any, data []byte) error {
	return func(key any, data []byte) error {
		_, err := tx.ExecContext(ctx, query, data, key)
		return err
	}
}

// updateSnapshot is a write for rewrite of a snapshot's data and checksum.
func updateSnapshot(ctx context.Context, tx *sql.Tx) func(key any, data []byte) error {
	return func(seq any, data []byte) error {
		_, err := tx.ExecContext(ctx, `UPDATE snapshots SET data = ?, sum = ? WHERE seq = ?`, data, checksum(data), seq)
		return err
	}
}
