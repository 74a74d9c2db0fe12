package store_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/queue/queuetest"
)

// TestErase keeps a store for six weeks, a visitor leaving a phone number,
// a customer reference, a note and a comment on the first day, then erases
// what is older than 30 days: no byte of them is left in the database, its
// WAL or shared memory, what is newer is kept, the visits still count in
// the reports, and the log still folds.
func TestErase(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	day0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, day0, time.Minute)
	const phone, customer, note, comment = "+33611223344", "CLIENT-4242", "souhaite une box fibre", "accueil très lent"
	visit := func(phone, customer, note, comment string) {
		is, err := shop.St.PrepareIssue("kiosk-1", queue.IssueBody{Reason: "purchase", Phone: phone, Customer: customer}, false, shop.At)
		if err != nil {
			t.Fatal(err)
		}
		is.Body.Ticket, is.Body.Token = fmt.Sprintf("t-%s-%s", is.Body.Day, is.Body.Number), "k"
		shop.Apply("kiosk-1", is.Type, is.Body)
		id := is.Body.Ticket
		shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: "c1", Staff: "conseil"})
		shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: "conseil"})
		shop.Apply("counter-1", queue.NoteAdded, queue.NoteBody{Ticket: id, Staff: "conseil", Text: note})
		shop.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: "conseil", Outcome: "resolved"})
		shop.Apply("hub", queue.FeedbackGiven, queue.FeedbackBody{Ticket: id, Token: "k", Score: 3, Comment: comment})
	}
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	visit(phone, customer, note, comment)
	for d := 1; d <= 42; d++ { // six weeks of ordinary visits, the pages filling and splitting
		shop.At = day0.AddDate(0, 0, d)
		day := queue.Day(shop.At, time.UTC)
		shop.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: day, Prefix: "A", First: 1, Last: 50})
		for range 20 {
			visit("+336000000"+fmt.Sprint(10+d), "", "rien à signaler", "")
		}
	}
	recent := "+33600000052" // day 42's
	db := open(t, path)
	if err := db.Append(ctx, shop.St, shop.Log...); err != nil {
		t.Fatal(err)
	}
	count := func() int {
		n := 0
		if err := db.TicketsBetween(ctx, "2026-01-01", "2026-12-31", func(*queue.Ticket) error { n++; return nil }); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := count()

	now := day0.AddDate(0, 0, 42)
	erased, err := db.Erase(ctx, now.Add(-queue.DefaultRetention), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	if erased == 0 {
		t.Fatal("nothing erased")
	}
	if again, err := db.Erase(ctx, now.Add(-queue.DefaultRetention), time.UTC); err != nil || again != 0 {
		t.Errorf("a second run erased %d (%v), want nothing left", again, err)
	}
	if n := count(); n != before {
		t.Errorf("%d visits after the erasure, want %d", n, before)
	}
	var first *queue.Ticket
	db.TicketsBetween(ctx, "2026-03-02", "2026-03-02", func(tk *queue.Ticket) error { first = tk; return nil })
	if first == nil || first.Feedback == nil || first.Feedback.Score != 3 || first.Outcome != "resolved" || len(first.Notes) != 1 || first.Notes[0].Text != queue.ErasedNote {
		t.Errorf("the first visit after erasure: %+v", first)
	}
	if _, err := db.FoldLog(ctx, 0); err != nil {
		t.Errorf("the erased log no longer folds: %v", err)
	}
	db.Close()

	files, _ := filepath.Glob(path + "*")
	var all []byte
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, b...)
	}
	for _, secret := range []string{phone, customer, note, comment} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("%q is still in the files", secret)
		}
	}
	if !bytes.Contains(all, []byte(recent)) {
		t.Error("a phone number of the last days was erased too")
	}
}
