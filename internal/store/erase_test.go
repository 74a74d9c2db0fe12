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
	const name = "Durand-Lefebvre"
	shop.Apply("hub", queue.AppointmentBooked, queue.Appointment{Code: "RDV1", Kind: "appointment", Reason: "appointment",
		At: day0.Add(2 * time.Hour), Customer: "C-RDV", Name: name})
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
	for _, secret := range []string{phone, customer, note, comment, name} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("%q is still in the files", secret)
		}
	}
	if !bytes.Contains(all, []byte(recent)) {
		t.Error("a phone number of the last days was erased too")
	}
}

// TestEraseVisitor erases, at their request, the personal data of a
// regular who came three days running: none of it is left in the files,
// the state or the snapshots, while another visitor's is kept and the
// visits still count.
func TestEraseVisitor(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "hub.db")
	day0 := time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)
	shop := queuetest.New(t, day0, time.Minute)
	shop.Apply("counter-1", queue.StaffLoggedIn, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	const regular, phone, note = "CLIENT-77", "+33655443322", "veut résilier"
	const other = "+33611000000"
	for d := range 3 {
		shop.At = day0.AddDate(0, 0, d)
		if d > 0 {
			shop.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: queue.Day(shop.At, time.UTC), Prefix: "A", First: 1, Last: 50})
		}
		for i, b := range []queue.IssueBody{{Reason: "purchase", Customer: regular, Phone: phone}, {Reason: "purchase", Phone: other}} {
			is, err := shop.St.PrepareIssue("kiosk-1", b, false, shop.At)
			if err != nil {
				t.Fatal(err)
			}
			is.Body.Ticket, is.Body.Token = fmt.Sprintf("t-%d-%d", d, i), "k"
			shop.Apply("kiosk-1", is.Type, is.Body)
			id := is.Body.Ticket
			shop.Apply("counter-1", queue.TicketCalled, queue.CallBody{Ticket: id, Counter: "c1", Staff: "conseil"})
			shop.Apply("counter-1", queue.ServiceStarted, queue.TicketBody{Ticket: id, Staff: "conseil"})
			shop.Apply("counter-1", queue.NoteAdded, queue.NoteBody{Ticket: id, Staff: "conseil", Text: fmt.Sprintf("%s %d", note, i)})
			if d < 2 {
				shop.Apply("counter-1", queue.ServiceFinished, queue.FinishBody{Ticket: id, Staff: "conseil", Outcome: "resolved"})
			}
		}
	}
	db := open(t, path)
	if err := db.Append(ctx, shop.St, shop.Log...); err != nil {
		t.Fatal(err)
	}
	saved := len(shop.Log)
	visits, err := db.VisitsOf(ctx, queue.Visitor{Customer: regular})
	if err != nil || len(visits) != 3 {
		t.Fatalf("the regular's visits: %d (%v), want 3", len(visits), err)
	}
	var ids []string
	for _, v := range visits {
		ids = append(ids, v.ID)
	}
	shop.Apply("hub", queue.PersonalErased, queue.ErasureBody{Tickets: ids})
	if err := db.Append(ctx, shop.St, shop.Log[saved:]...); err != nil {
		t.Fatal(err)
	}
	for _, tk := range shop.St.Tickets {
		if tk.Customer == regular || tk.Phone == phone {
			t.Errorf("ticket %s in memory still holds the regular's data", tk.Number)
		}
	}
	count := 0
	db.TicketsBetween(ctx, "2026-03-01", "2026-03-31", func(*queue.Ticket) error { count++; return nil })
	if count != 6 {
		t.Errorf("%d visits after the erasure, want 6", count)
	}
	if left, _ := db.VisitsOf(ctx, queue.Visitor{Phone: phone}); len(left) != 0 {
		t.Errorf("%d visits still found by the regular's phone", len(left))
	}
	if st, err := db.LoadState(ctx); err != nil {
		t.Fatal(err)
	} else if _, err := db.FoldLog(ctx, 0); err != nil || st.Seq != shop.St.Seq {
		t.Fatalf("after the erasure the log folds with %v, loads at seq %d", err, st.Seq)
	}
	db.Close()
	files, _ := filepath.Glob(path + "*")
	var all []byte
	for _, f := range files {
		b, _ := os.ReadFile(f)
		all = append(all, b...)
	}
	for _, secret := range []string{regular, phone, note + " 0"} {
		if bytes.Contains(all, []byte(secret)) {
			t.Errorf("%q is still in the files", secret)
		}
	}
	if !bytes.Contains(all, []byte(other)) || !bytes.Contains(all, []byte(note+" 1")) {
		t.Error("another visitor's data was erased too")
	}
}
