package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"accueil/internal/queue"
)

// eraseBatch is how many events one transaction of Erase reads.
const eraseBatch = 1000

// personal lists, by event type, the body fields that hold a visitor's
// personal data.
var personal = map[string][]string{
	queue.TicketIssued:       {"phone", "customer"},
	queue.AppointmentCheckIn: {"phone", "customer"},
	queue.NoteAdded:          {"text"},
	queue.FeedbackGiven:      {"comment"},
}

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
				if personal[e.typ] != nil {
					todo = append(todo, e)
				}
			}
			rows.Close()
			if err := rows.Err(); err != nil {
				return err
			}
			done = done || n < eraseBatch
			for _, e := range todo {
				body, changed, err := eraseFields(e.body, personal[e.typ])
				if err != nil || !changed {
					continue // a body that is not an object has nothing to erase
				}
				if _, err := tx.ExecContext(ctx, `UPDATE events SET body = ? WHERE seq = ?`, body, e.seq); err != nil {
					return err
				}
				erased++
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
	if err != nil || erased == 0 {
		return erased, err
	}
	_, err = db.db.ExecContext(ctx, "PRAGMA wal_checkpoint(TRUNCATE)")
	return erased, err
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
		rows, err := tx.QueryContext(ctx, `SELECT id, data FROM tickets WHERE day >= ? AND day < ?`, from, day)
		if err != nil {
			return err
		}
		type ticket struct {
			id   string
			data []byte
		}
		var all []ticket
		for rows.Next() {
			var t ticket
			if err := rows.Scan(&t.id, &t.data); err != nil {
				rows.Close()
				return err
			}
			all = append(all, t)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		for _, t := range all {
			var tk queue.Ticket
			if err := json.Unmarshal(t.data, &tk); err != nil {
				continue
			}
			if !eraseTicket(&tk) {
				continue
			}
			data, err := json.Marshal(&tk)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `UPDATE tickets SET customer = '', data = ? WHERE id = ?`, data, t.id); err != nil {
				return err
			}
			erased++
		}
		_, err = tx.ExecContext(ctx, `UPDATE erasure SET day = ?`, day)
		return err
	})
	return erased, err
}

// eraseTicket takes the personal data out of t, and reports whether it had
// any.
func eraseTicket(t *queue.Ticket) bool {
	had := t.Phone != "" || t.Customer != "" || (t.Feedback != nil && t.Feedback.Comment != "")
	t.Phone, t.Customer = "", ""
	if t.Feedback != nil {
		t.Feedback.Comment = ""
	}
	for i := range t.Notes {
		if t.Notes[i].Text != queue.ErasedNote {
			t.Notes[i].Text, had = queue.ErasedNote, true
		}
	}
	return had
}

// eraseFields returns the JSON object body without fields (a "text" is
// kept, as queue.ErasedNote), and whether it had any of them.
func eraseFields(body []byte, fields []string) ([]byte, bool, error) {
	var doc map[string]any
	if err := json.Unmarshal(body, &doc); err != nil {
		return nil, false, err
	}
	changed := false
	for _, f := range fields {
		v, ok := doc[f]
		switch {
		case !ok, f == "text" && v == queue.ErasedNote:
		case f == "text":
			doc[f], changed = queue.ErasedNote, true
		default:
			delete(doc, f)
			changed = true
		}
	}
	if !changed {
		return body, false, nil
	}
	out, err := json.Marshal(doc)
	return out, true, err
}
