package mqttsync_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"accueil/internal/queue"
	"accueil/internal/synctest"
)

// TestRetention has a visitor leave a phone number, a note and a comment,
// then, the store's retention later, has the hub and a tablet erase what
// has outlived it: the phone number, the note's words and the comment are
// in none of their files (database, WAL, shared memory), and the visit
// still counts.
func TestRetention(t *testing.T) {
	ctx := context.Background()
	h := synctest.StartHub(t, "")
	kiosk, counter := synctest.StartDevice(t, "kiosk-1", h.URL()), synctest.StartDevice(t, "counter-1", h.URL())
	kiosk.Ready()
	counter.Synced()
	const phone, note = "+33699887766", "rappeler pour la portabilité"
	tk, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim", Phone: phone}, false)
	if err != nil {
		t.Fatal(err)
	}
	login(t, counter, "conseil", "c1")
	if a, err := counter.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}); err != nil || a.Ticket != tk.ID {
		t.Fatalf("call next: %+v, %v", a, err)
	}
	for _, e := range []struct {
		typ  string
		body any
	}{
		{queue.ServiceStarted, queue.TicketBody{Ticket: tk.ID, Staff: "conseil"}},
		{queue.NoteAdded, queue.NoteBody{Ticket: tk.ID, Staff: "conseil", Text: note}},
		{queue.ServiceFinished, queue.FinishBody{Ticket: tk.ID, Staff: "conseil", Outcome: "resolved"}},
	} {
		if _, err := counter.Submit(ctx, e.typ, e.body); err != nil {
			t.Fatal(err)
		}
	}
	synctest.WaitFor(t, "the counter up to date", func() bool { return counter.Pending() == 0 && counter.Seq() == h.State().Seq })

	later := time.Now().Add(queue.DefaultRetention + 24*time.Hour)
	for who, erase := range map[string]func(context.Context, time.Time) (int, error){"hub": h.Hub.Erase, "counter-1": counter.Erase} {
		if n, err := erase(ctx, later); err != nil || n == 0 {
			t.Errorf("%s erased %d (%v)", who, n, err)
		}
	}
	day := queue.Day(time.Now(), time.UTC)
	visits := 0
	h.DB.TicketsBetween(ctx, day, day, func(*queue.Ticket) error { visits++; return nil })
	if visits != 1 {
		t.Errorf("%d visits in the hub's read model after the erasure, want 1", visits)
	}
	counter.Stop()
	h.Stop()
	for _, db := range []string{h.Path(), counter.Path()} {
		files, _ := filepath.Glob(db + "*")
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			for _, secret := range []string{phone, note} {
				if bytes.Contains(b, []byte(secret)) {
					t.Errorf("%s still holds %q", filepath.Base(f), secret)
				}
			}
		}
	}
}

// TestPublicReplicas: a kiosk and a display, at the shop's door and on its
// wall, keep none of the visitors' personal data the log carries (phone
// numbers, notes), while a counter, which shows the customer's history,
// does.
func TestPublicReplicas(t *testing.T) {
	ctx := context.Background()
	h := synctest.StartHub(t, "")
	kiosk, display, counter := synctest.StartDevice(t, "kiosk-1", h.URL()), synctest.StartDevice(t, "display-1", h.URL()), synctest.StartDevice(t, "counter-1", h.URL())
	kiosk.Ready()
	display.Synced()
	counter.Ready()
	login(t, counter, "orient", "c1")
	const phone, note = "+33688776655", "client fidèle depuis 2011"
	tk, err := counter.Issue(ctx, queue.IssueBody{Reason: "expert", Phone: phone}, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := counter.Submit(ctx, queue.NoteAdded, queue.NoteBody{Ticket: tk.ID, Staff: "orient", Text: note}); err != nil {
		t.Fatal(err)
	}
	const own = "+33655667788" // a visitor who asked the kiosk for an SMS
	if _, err := kiosk.Issue(ctx, queue.IssueBody{Reason: "sim", Phone: own}, false); err != nil {
		t.Fatal(err)
	}
	synctest.WaitFor(t, "every device up to date", func() bool {
		seq := h.State().Seq
		return counter.Pending() == 0 && kiosk.Pending() == 0 && counter.Seq() == seq && kiosk.Seq() == seq && display.Seq() == seq
	})
	// The hourly pass empties the WAL of what left the kiosk's outbox.
	if _, err := kiosk.Erase(ctx, time.Now()); err != nil {
		t.Fatal(err)
	}
	if got := kiosk.View().Tickets[tk.ID]; got == nil || got.Phone != "" || got.Notes[0].Text != queue.ErasedNote {
		t.Errorf("on the kiosk: %+v", got)
	}
	if got := counter.View().Tickets[tk.ID]; got.Phone != phone || got.Notes[0].Text != note {
		t.Errorf("the counter lost the visitor's data: %+v", got)
	}
	paths := map[string]string{"kiosk-1": kiosk.Path(), "display-1": display.Path(), "counter-1": counter.Path()}
	kiosk.Stop()
	display.Stop()
	counter.Stop()
	for who, path := range paths {
		files, _ := filepath.Glob(path + "*")
		var all []byte
		for _, f := range files {
			b, _ := os.ReadFile(f)
			all = append(all, b...)
		}
		held := bytes.Contains(all, []byte(phone)) && bytes.Contains(all, []byte(note)) && bytes.Contains(all, []byte(own))
		if held != (who == "counter-1") {
			t.Errorf("%s holds the visitors' phones and note: %v", who, held)
		}
		for _, secret := range []string{phone, note, own} {
			if who != "counter-1" && bytes.Contains(all, []byte(secret)) {
				t.Errorf("%s holds %q", who, secret)
			}
		}
	}
}
