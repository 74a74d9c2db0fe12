package store

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
)

var day0 = time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC)

// history is a small day of a store: config, leases, tickets issued,
// called, served, transferred, noted, cancelled, an appointment checked in.
type history struct {
	st     *queue.State
	events []queue.Event
}

func (h *history) add(t *testing.T, typ string, body any) {
	t.Helper()
	e, err := queue.NewEvent(fmt.Sprintf("e%04d", len(h.events)+1), "kiosk-1", typ, day0.Add(time.Duration(len(h.events))*time.Minute), body)
	if err != nil {
		t.Fatal(err)
	}
	e.Seq = int64(len(h.events) + 1)
	e.HLC = e.Seq
	if err := h.st.Apply(e); err != nil {
		t.Fatalf("apply %s: %v", typ, err)
	}
	h.events = append(h.events, e)
}

func newHistory(t *testing.T) *history {
	h := &history{st: queue.NewState(queue.Config{})}
	h.add(t, queue.ConfigChanged, queue.DefaultConfig())
	h.add(t, queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: "2026-11-23", Prefix: "A", First: 1, Last: 50})
	h.add(t, queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: "2026-11-23", Prefix: "R", First: 1, Last: 50})
	for i := 1; i <= 5; i++ {
		h.add(t, queue.TicketIssued, queue.IssueBody{Ticket: fmt.Sprintf("t%d", i), Number: queue.FormatNumber("A", i),
			Day: "2026-11-23", Reason: "purchase", Token: "k", Customer: "cust-7", Answers: map[string]string{"what": "renew"}})
	}
	h.add(t, queue.AppointmentBooked, queue.Appointment{Code: "RDV1", Kind: "appointment", Reason: "appointment", At: day0.Add(time.Hour), Staff: "expert"})
	h.add(t, queue.AppointmentCheckIn, queue.IssueBody{Ticket: "t6", Number: "R001", Day: "2026-11-23", Reason: "appointment", Token: "k", Appointment: "RDV1"})
	h.add(t, queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	h.add(t, queue.TicketCalled, queue.CallBody{Ticket: "t1", Counter: "c1", Staff: "conseil"})
	h.add(t, queue.ServiceStarted, queue.TicketBody{Ticket: "t1", Staff: "conseil"})
	h.add(t, queue.NoteAdded, queue.NoteBody{Ticket: "t1", Staff: "conseil", Text: "écran cassé"})
	h.add(t, queue.TicketTransferred, queue.TransferBody{Ticket: "t1", Staff: "conseil", Reason: "expert"})
	h.add(t, queue.TicketCancelled, queue.CancelBody{Ticket: "t2", WalkOut: true})
	h.add(t, queue.TicketCalled, queue.CallBody{Ticket: "t3", Counter: "c1", Staff: "conseil"})
	h.add(t, queue.StaffPaused, queue.StaffBody{Staff: "conseil", Why: "lunch"})
	h.add(t, queue.DeviceAlert, queue.AlertBody{Kind: "printer", Status: "paper_out"})
	h.add(t, queue.ServiceStarted, queue.TicketBody{Ticket: "t3", Staff: "conseil"})
	h.add(t, queue.ServiceFinished, queue.FinishBody{Ticket: "t3", Staff: "conseil", Outcome: "resolved"})
	h.add(t, queue.FeedbackGiven, queue.FeedbackBody{Ticket: "t3", Token: "k", Score: 3, Comment: "trop d'attente"})
	return h
}

func openTemp(t *testing.T) *DB {
	t.Helper()
	db, err := Open(context.Background(), filepath.Join(t.TempDir(), "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dump returns every row of the read models, sorted, as text.
func dump(t *testing.T, db *DB) string {
	t.Helper()
	var b strings.Builder
	for _, table := range readModels {
		rows, err := db.db.Query("SELECT * FROM " + table + " ORDER BY 1, 2")
		if err != nil {
			t.Fatal(err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			fmt.Fprintf(&b, "%s %s\n", table, fmt.Sprint(vals...))
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
	}
	return b.String()
}

func TestAppendAndRebuild(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	h := newHistory(t)
	// Append one event at a time, each with the state as it was then.
	replay := queue.NewState(queue.Config{})
	for _, e := range h.events {
		if err := replay.Apply(e); err != nil {
			t.Fatal(err)
		}
		if err := db.Append(ctx, replay, e); err != nil {
			t.Fatal(err)
		}
	}
	before := dump(t, db)
	if !strings.Contains(before, "tickets t1") || !strings.Contains(before, "sessions conseil") {
		t.Fatalf("read models miss rows:\n%s", before)
	}
	st, err := db.Rebuild(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if after := dump(t, db); after != before {
		t.Errorf("rebuilt read models differ:\nbefore:\n%s\nafter:\n%s", before, after)
	}
	if !reflect.DeepEqual(st.Tickets, h.st.Tickets) {
		t.Error("state folded from the log differs from the state the events built")
	}
	if st.Seq != int64(len(h.events)) {
		t.Errorf("Seq = %d, want %d", st.Seq, len(h.events))
	}
	// The visitor's feedback is read with the ticket's history.
	ts, err := db.TicketsOn(ctx, "2026-11-23")
	if err != nil {
		t.Fatal(err)
	}
	var rated []queue.Feedback
	for _, tk := range ts {
		if tk.Feedback != nil {
			rated = append(rated, *tk.Feedback)
		}
	}
	if len(rated) != 1 || rated[0].Score != 3 || rated[0].Comment != "trop d'attente" {
		t.Errorf("feedback in the read model: %+v", rated)
	}
	if err := db.IntegrityCheck(ctx); err != nil {
		t.Error(err)
	}
}

func TestAppendBatchAndGap(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	h := newHistory(t)
	if err := db.Append(ctx, h.st, h.events[:3]...); err != nil {
		t.Fatal(err)
	}
	t.Run("ErrGap", func(t *testing.T) {
		if err := db.Append(ctx, h.st, h.events[4]); !errors.Is(err, ErrGap) {
			t.Fatalf("append seq 5 after 3: err = %v, want ErrGap", err)
		}
	})
	t.Run("DuplicateRefused", func(t *testing.T) {
		dup := h.events[3]
		dup.ID = h.events[0].ID
		if err := db.Append(ctx, h.st, dup); err == nil {
			t.Fatal("append of a known id: want an error")
		}
	})
	t.Run("NothingWrittenOnError", func(t *testing.T) {
		if last, _ := db.LastSeq(ctx); last != 3 {
			t.Fatalf("LastSeq = %d, want 3", last)
		}
	})
	if err := db.Append(ctx, h.st, h.events[3:]...); err != nil {
		t.Fatal(err)
	}
	events, err := db.Events(ctx, 2, 4)
	if err != nil {
		t.Fatal(err)
	}
	if len(events) != 4 || events[0].Seq != 2 || events[3].Seq != 5 {
		t.Fatalf("Events(2, 4) = %d events from %d", len(events), events[0].Seq)
	}
	if !events[0].At.Equal(h.events[1].At) || string(events[0].Body) != string(h.events[1].Body) {
		t.Error("event read back differs from the one written")
	}
	seq, ok, err := db.EventSeq(ctx, h.events[6].ID)
	if err != nil || !ok || seq != 7 {
		t.Errorf("EventSeq = %d %v %v, want 7", seq, ok, err)
	}
	if _, ok, _ := db.EventSeq(ctx, "unknown"); ok {
		t.Error("EventSeq of an unknown id: found")
	}
}

func TestOutbox(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	h := newHistory(t)
	for _, e := range h.events[3:6] {
		e.Seq = 0
		if _, err := db.AddOutbox(ctx, e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := db.AddOutbox(ctx, h.events[3]); err == nil {
		t.Error("the same event twice in the outbox: want an error")
	}
	if err := db.DeleteOutbox(ctx, h.events[4].ID); err != nil {
		t.Fatal(err)
	}
	// Appending the log drops what it holds from the outbox.
	if err := db.Append(ctx, h.st, h.events[:4]...); err != nil {
		t.Fatal(err)
	}
	out, err := db.Outbox(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].ID != h.events[5].ID {
		t.Fatalf("outbox = %v, want only %s", out, h.events[5].ID)
	}
}

func TestReopenKeepsEverything(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "store.db")
	db, err := Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	h := newHistory(t)
	if err := db.Append(ctx, h.st, h.events...); err != nil {
		t.Fatal(err)
	}
	db.Close()
	db, err = Open(ctx, path) // migrations already applied: a no-op
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	st, err := db.LoadState(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(st.Tickets) != 6 || st.Tickets["t1"].Reason != "expert" || len(st.Tickets["t1"].Notes) != 1 {
		t.Errorf("reloaded state: %d tickets, t1 = %+v", len(st.Tickets), st.Tickets["t1"])
	}
	visits, err := db.CustomerTickets(ctx, "cust-7", 10)
	if err != nil || len(visits) != 5 {
		t.Errorf("CustomerTickets = %d, %v; want 5", len(visits), err)
	}
}

func TestOpenFailsClearly(t *testing.T) {
	_, err := Open(context.Background(), filepath.Join(t.TempDir(), "missing", "dir", "store.db"))
	if err == nil || !strings.Contains(err.Error(), "store.db") {
		t.Errorf("Open in a missing folder: err = %v, want one naming the file", err)
	}
}

// TestDiskFull fills the database (a page limit stands in for the disk):
// writes fail with an error IsFull recognises, and nothing written before
// is lost.
func TestDiskFull(t *testing.T) {
	ctx := context.Background()
	db := openTemp(t)
	h := newHistory(t)
	if err := db.Append(ctx, h.st, h.events[:5]...); err != nil {
		t.Fatal(err)
	}
	var pages int
	if err := db.db.QueryRow("PRAGMA page_count").Scan(&pages); err != nil {
		t.Fatal(err)
	}
	db.db.SetMaxOpenConns(1) // the limit is per connection
	if _, err := db.db.Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages)); err != nil {
		t.Fatal(err)
	}
	big := h.events[5]
	big.Body = []byte(`{"pad":"` + strings.Repeat("x", 64<<10) + `"}`)
	_, err := db.AddOutbox(ctx, big)
	if !IsFull(err) {
		t.Fatalf("AddOutbox on a full disk: %v, want a disk-full error", err)
	}
	if last, err := db.LastSeq(ctx); err != nil || last != 5 {
		t.Errorf("after the failure: last seq %d (%v), want 5", last, err)
	}
	if out, err := db.Outbox(ctx); err != nil || len(out) != 0 {
		t.Errorf("after the failure: outbox %d (%v), want empty", len(out), err)
	}
}
