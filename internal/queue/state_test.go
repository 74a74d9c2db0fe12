package queue_test

import (
	"bytes"
	"encoding/json"
	"maps"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
)

func TestApplyService(t *testing.T) {
	s := newState(t)
	tk := issue(t, s, "purchase", t0, withAnswers("what", "renew"), func(b *queue.IssueBody) {
		b.Lang, b.Phone = "en", "+33600000000"
	})
	if tk.Status != queue.Waiting || tk.Priority != queue.PriorityNormal || tk.Number != "A001" || tk.Day != day ||
		tk.Device != kiosk || !tk.ArrivedAt.Equal(t0) || !tk.QueuedAt.Equal(t0) || tk.Answers["what"] != "renew" ||
		tk.Lang != "en" || tk.Phone != "+33600000000" {
		t.Fatalf("issued ticket = %+v", tk)
	}

	call(t, s, tk.ID, "conseil", "c1", t0.Add(5*time.Minute))
	tk = current(t, s, tk.ID)
	if tk.Status != queue.Called || !tk.CalledAt.Equal(t0.Add(5*time.Minute)) || tk.Counter != "c1" || tk.Staff != "conseil" {
		t.Fatalf("called ticket = %+v", tk)
	}
	move(t, s, queue.ServiceStarted, tk.ID, t0.Add(6*time.Minute))
	tk = current(t, s, tk.ID)
	if tk.Status != queue.Serving || !tk.StartedAt.Equal(t0.Add(6*time.Minute)) {
		t.Fatalf("started ticket = %+v", tk)
	}
	mustApply(t, s, tablet, queue.ServiceFinished, t0.Add(20*time.Minute),
		queue.FinishBody{Ticket: tk.ID, Staff: "conseil", Outcome: "sale"})
	tk = current(t, s, tk.ID)
	if tk.Status != queue.Done || !tk.EndedAt.Equal(t0.Add(20*time.Minute)) || tk.Outcome != "sale" || tk.Status.Open() {
		t.Fatalf("finished ticket = %+v", tk)
	}
	if got, want := events(tk), []string{queue.TicketIssued, queue.TicketCalled, queue.ServiceStarted, queue.ServiceFinished}; !slices.Equal(got, want) {
		t.Errorf("history = %v, want %v", got, want)
	}
	var statuses []queue.Status
	for _, st := range tk.History {
		statuses = append(statuses, st.Status)
	}
	if want := []queue.Status{queue.Waiting, queue.Called, queue.Serving, queue.Done}; !slices.Equal(statuses, want) {
		t.Errorf("history statuses = %v, want %v", statuses, want)
	}
	if got := tk.Wait(t0.Add(time.Hour)); got != 5*time.Minute {
		t.Errorf("Wait = %v, want 5m (until called)", got)
	}
}

func TestApplyRecall(t *testing.T) {
	t.Run("UpToRecallLimit", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Called, t0)
		for i := 1; i <= s.Config.RecallLimit; i++ {
			move(t, s, queue.TicketRecalled, tk.ID, t0.Add(time.Duration(i)*time.Minute))
			tk = current(t, s, tk.ID)
			if tk.Recalls != i || tk.Status != queue.Called {
				t.Fatalf("after recall %d: recalls %d, status %s", i, tk.Recalls, tk.Status)
			}
		}
	})
	t.Run("LimitPastRecallLimit", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Called, t0)
		for range s.Config.RecallLimit {
			move(t, s, queue.TicketRecalled, tk.ID, t0.Add(time.Minute))
		}
		rejects(t, s, queue.ELIMIT, tablet, queue.TicketRecalled, t0.Add(5*time.Minute), queue.TicketBody{Ticket: tk.ID})
		move(t, s, queue.TicketNoShow, tk.ID, t0.Add(6*time.Minute))
	})
	t.Run("NewCallResetsRecalls", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Called, t0)
		move(t, s, queue.TicketRecalled, tk.ID, t0.Add(2*time.Minute))
		move(t, s, queue.TicketRequeued, tk.ID, t0.Add(3*time.Minute))
		call(t, s, tk.ID, "conseil", "c2", t0.Add(4*time.Minute))
		tk = current(t, s, tk.ID)
		if tk.Recalls != 0 {
			t.Errorf("recalls after a new call = %d, want 0", tk.Recalls)
		}
	})
	t.Run("LimitWithRecallLimitZero", func(t *testing.T) {
		c := copyConfig()
		c.RecallLimit = 0
		s := queue.NewState(c)
		tk := ticketIn(t, s, queue.Called, t0)
		rejects(t, s, queue.ELIMIT, tablet, queue.TicketRecalled, t0.Add(5*time.Minute), queue.TicketBody{Ticket: tk.ID})
	})
}

func TestApplyRequeue(t *testing.T) {
	s := newState(t)
	tk := ticketIn(t, s, queue.Called, t0)
	move(t, s, queue.TicketRequeued, tk.ID, t0.Add(3*time.Minute))
	tk = current(t, s, tk.ID)
	if tk.Status != queue.Waiting || tk.Counter != "" || tk.Staff != "" || !tk.CalledAt.IsZero() {
		t.Fatalf("requeued ticket = %+v", tk)
	}
	if !tk.ArrivedAt.Equal(t0) || !tk.QueuedAt.Equal(t0) {
		t.Errorf("requeued ticket lost its place: arrived %v, queued %v", tk.ArrivedAt, tk.QueuedAt)
	}
	if got := tk.Wait(t0.Add(4 * time.Minute)); got != 4*time.Minute {
		t.Errorf("Wait of a requeued ticket = %v, want 4m", got)
	}
	call(t, s, tk.ID, "manager", "c2", t0.Add(5*time.Minute))
	tk = current(t, s, tk.ID)
	if tk.Counter != "c2" || tk.Staff != "manager" {
		t.Errorf("called again at %s by %s", tk.Counter, tk.Staff)
	}
}

func TestApplyNoShow(t *testing.T) {
	s := newState(t)
	tk := ticketIn(t, s, queue.Called, t0)
	move(t, s, queue.TicketNoShow, tk.ID, t0.Add(4*time.Minute))
	tk = current(t, s, tk.ID)
	if tk.Status != queue.NoShow || !tk.EndedAt.Equal(t0.Add(4*time.Minute)) || tk.Status.Open() {
		t.Fatalf("no-show ticket = %+v", tk)
	}
}

func TestApplyCancel(t *testing.T) {
	t.Run("WalkOut", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		mustApply(t, s, kiosk, queue.TicketCancelled, t0.Add(7*time.Minute), queue.CancelBody{Ticket: tk.ID, WalkOut: true})
		tk = current(t, s, tk.ID)
		if tk.Status != queue.Cancelled || tk.Outcome != "walk_out" || !tk.EndedAt.Equal(t0.Add(7*time.Minute)) {
			t.Fatalf("walked-out ticket = %+v", tk)
		}
	})
	t.Run("ByStaff", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		mustApply(t, s, tablet, queue.TicketCancelled, t0.Add(time.Minute), queue.CancelBody{Ticket: tk.ID, Staff: "orient"})
		tk = current(t, s, tk.ID)
		if tk.Status != queue.Cancelled || tk.Outcome != "" || tk.History[len(tk.History)-1].Staff != "orient" {
			t.Fatalf("cancelled ticket = %+v", tk)
		}
	})
}

func TestApplyTransfer(t *testing.T) {
	t.Run("FromServing", func(t *testing.T) {
		s := newState(t)
		tk := issue(t, s, "purchase", t0, withAnswers("what", "box"))
		mustApply(t, s, tablet, queue.NoteAdded, t0.Add(time.Minute), queue.NoteBody{Ticket: tk.ID, Staff: "orient", Text: "box en panne"})
		call(t, s, tk.ID, "conseil", "c1", t0.Add(2*time.Minute))
		move(t, s, queue.TicketRecalled, tk.ID, t0.Add(3*time.Minute))
		move(t, s, queue.ServiceStarted, tk.ID, t0.Add(4*time.Minute))
		at := t0.Add(10 * time.Minute)
		mustApply(t, s, tablet, queue.TicketTransferred, at,
			queue.TransferBody{Ticket: tk.ID, Staff: "conseil", Reason: "expert", ForStaff: "expert"})
		tk = current(t, s, tk.ID)
		switch {
		case tk.Status != queue.Waiting || tk.Reason != "expert" || tk.ForStaff != "expert":
			t.Fatalf("transferred ticket: status %s, reason %s, for %q", tk.Status, tk.Reason, tk.ForStaff)
		case !tk.ArrivedAt.Equal(t0) || !tk.QueuedAt.Equal(at):
			t.Errorf("arrived %v (want kept), queued %v (want %v)", tk.ArrivedAt, tk.QueuedAt, at)
		case !maps.Equal(tk.Answers, map[string]string{"what": "box"}):
			t.Errorf("answers = %v, want kept", tk.Answers)
		case len(tk.Notes) != 1 || tk.Notes[0].Text != "box en panne":
			t.Errorf("notes = %v, want kept", tk.Notes)
		case tk.Counter != "" || tk.Staff != "" || !tk.CalledAt.IsZero() || !tk.StartedAt.IsZero() || tk.Recalls != 0:
			t.Errorf("service not cleared: %+v", tk)
		case tk.Number != "A001":
			t.Errorf("number = %s, want kept", tk.Number)
		}
		last := tk.History[len(tk.History)-1]
		if last.Event != queue.TicketTransferred || last.Reason != "expert" || last.Status != queue.Waiting || last.Staff != "conseil" {
			t.Errorf("last step = %+v", last)
		}
	})
	t.Run("FromWaiting", func(t *testing.T) {
		s := newState(t)
		tk := issue(t, s, "purchase", t0)
		mustApply(t, s, tablet, queue.TicketTransferred, t0.Add(time.Minute), queue.TransferBody{Ticket: tk.ID, Staff: "orient", Reason: "sim"})
		tk = current(t, s, tk.ID)
		if tk.Status != queue.Waiting || tk.Reason != "sim" || tk.ForStaff != "" || !tk.QueuedAt.Equal(t0.Add(time.Minute)) {
			t.Fatalf("re-routed ticket = %+v", tk)
		}
	})
	t.Run("ClearsForStaff", func(t *testing.T) {
		s := newState(t)
		tk := issue(t, s, "expert", t0)
		mustApply(t, s, tablet, queue.TicketTransferred, t0.Add(time.Minute), queue.TransferBody{Ticket: tk.ID, Reason: "expert", ForStaff: "expert"})
		mustApply(t, s, tablet, queue.TicketTransferred, t0.Add(2*time.Minute), queue.TransferBody{Ticket: tk.ID, Reason: "purchase"})
		tk = current(t, s, tk.ID)
		if tk.ForStaff != "" {
			t.Errorf("ForStaff = %q after a transfer to nobody in particular", tk.ForStaff)
		}
	})
	t.Run("InvalidWhenUnknownReason", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Serving, t0)
		rejects(t, s, queue.EINVALID, tablet, queue.TicketTransferred, t0.Add(time.Hour), queue.TransferBody{Ticket: tk.ID, Reason: "nope"})
	})
	t.Run("InvalidWhenUnknownForStaff", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Serving, t0)
		rejects(t, s, queue.EINVALID, tablet, queue.TicketTransferred, t0.Add(time.Hour),
			queue.TransferBody{Ticket: tk.ID, Reason: "expert", ForStaff: "ghost"})
	})
}

func TestApplyFinish(t *testing.T) {
	t.Run("OnSpot", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		at := t0.Add(2 * time.Minute)
		mustApply(t, s, tablet, queue.ServiceFinished, at, queue.FinishBody{Ticket: tk.ID, Staff: "orient", Outcome: "resolved", OnSpot: true})
		tk = current(t, s, tk.ID)
		if tk.Status != queue.Done || tk.Staff != "orient" || tk.Outcome != "resolved" ||
			!tk.CalledAt.Equal(at) || !tk.StartedAt.Equal(at) || !tk.EndedAt.Equal(at) {
			t.Fatalf("ticket served on the spot = %+v", tk)
		}
		if got := tk.Wait(t0.Add(time.Hour)); got != 2*time.Minute {
			t.Errorf("Wait = %v, want 2m", got)
		}
	})
	t.Run("OnSpotKeepsServiceWhenServing", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Serving, t0)
		called, started := tk.CalledAt, tk.StartedAt
		mustApply(t, s, tablet, queue.ServiceFinished, t0.Add(30*time.Minute), queue.FinishBody{Ticket: tk.ID, Staff: "orient", Outcome: "sale", OnSpot: true})
		tk = current(t, s, tk.ID)
		if tk.Status != queue.Done || !tk.CalledAt.Equal(called) || !tk.StartedAt.Equal(started) || tk.Staff != "conseil" {
			t.Fatalf("finished ticket rewrote its service: %+v", tk)
		}
	})
	t.Run("InvalidWhenUnknownOutcome", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Serving, t0)
		rejects(t, s, queue.EINVALID, tablet, queue.ServiceFinished, t0.Add(time.Hour), queue.FinishBody{Ticket: tk.ID, Outcome: "shrug"})
		rejects(t, s, queue.EINVALID, tablet, queue.ServiceFinished, t0.Add(time.Hour), queue.FinishBody{Ticket: tk.ID})
	})
}

func TestApplyCall(t *testing.T) {
	t.Run("InvalidWhenUnknownCounter", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		rejects(t, s, queue.EINVALID, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: tk.ID, Counter: "c9", Staff: "conseil"})
	})
}

func TestApplyNote(t *testing.T) {
	for _, st := range []queue.Status{queue.Waiting, queue.Called, queue.Serving, queue.Done, queue.NoShow, queue.Cancelled} {
		t.Run("On"+string(st), func(t *testing.T) {
			s := newState(t)
			tk := ticketIn(t, s, st, t0)
			history := len(tk.History)
			at := t0.Add(time.Hour)
			mustApply(t, s, tablet, queue.NoteAdded, at, queue.NoteBody{Ticket: tk.ID, Staff: "conseil", Text: "rappeler demain"})
			mustApply(t, s, tablet, queue.NoteAdded, at, queue.NoteBody{Ticket: tk.ID, Staff: "manager", Text: "ok"})
			tk = current(t, s, tk.ID)
			want := []queue.Note{{At: at, Staff: "conseil", Text: "rappeler demain"}, {At: at, Staff: "manager", Text: "ok"}}
			if !reflect.DeepEqual(tk.Notes, want) {
				t.Errorf("notes = %+v, want %+v", tk.Notes, want)
			}
			if tk.Status != st || len(tk.History) != history {
				t.Errorf("a note changed the status or history: %s, %d steps", tk.Status, len(tk.History))
			}
		})
	}
	t.Run("LongestNote", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		mustApply(t, s, tablet, queue.NoteAdded, t0, queue.NoteBody{Ticket: tk.ID, Text: strings.Repeat("x", queue.MaxNote)})
	})
	for name, text := range map[string]string{"InvalidWhenEmpty": "", "InvalidWhenTooLong": strings.Repeat("x", queue.MaxNote+1)} {
		t.Run(name, func(t *testing.T) {
			s := newState(t)
			tk := ticketIn(t, s, queue.Waiting, t0)
			rejects(t, s, queue.EINVALID, tablet, queue.NoteAdded, t0, queue.NoteBody{Ticket: tk.ID, Text: text})
		})
	}
}

func TestApplyPriority(t *testing.T) {
	t.Run("ChangedWithWhy", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		mustApply(t, s, tablet, queue.PriorityChanged, t0.Add(time.Minute),
			queue.PriorityBody{Ticket: tk.ID, Staff: "orient", Priority: queue.PriorityAccessibility, Why: "fauteuil"})
		tk = current(t, s, tk.ID)
		last := tk.History[len(tk.History)-1]
		if tk.Priority != queue.PriorityAccessibility || last.Event != queue.PriorityChanged || last.Staff != "orient" {
			t.Fatalf("ticket = %+v", tk)
		}
	})
	t.Run("InvalidWithoutWhy", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		rejects(t, s, queue.EINVALID, tablet, queue.PriorityChanged, t0, queue.PriorityBody{Ticket: tk.ID, Priority: queue.PriorityPremium})
	})
	t.Run("InvalidWhenUnknownPriority", func(t *testing.T) {
		s := newState(t)
		tk := ticketIn(t, s, queue.Waiting, t0)
		rejects(t, s, queue.EINVALID, tablet, queue.PriorityChanged, t0, queue.PriorityBody{Ticket: tk.ID, Priority: "vip", Why: "ami"})
	})
}

// transition is an event on one ticket and the statuses it is allowed from.
type transition struct {
	name string
	typ  string
	body func(id string) any
	from []queue.Status
}

var transitions = []transition{
	{"Call", queue.TicketCalled, func(id string) any { return queue.CallBody{Ticket: id, Counter: "c2", Staff: "manager"} },
		[]queue.Status{queue.Waiting}},
	{"Recall", queue.TicketRecalled, func(id string) any { return queue.TicketBody{Ticket: id} }, []queue.Status{queue.Called}},
	{"Requeue", queue.TicketRequeued, func(id string) any { return queue.TicketBody{Ticket: id} }, []queue.Status{queue.Called}},
	{"Start", queue.ServiceStarted, func(id string) any { return queue.TicketBody{Ticket: id} }, []queue.Status{queue.Called}},
	{"NoShow", queue.TicketNoShow, func(id string) any { return queue.TicketBody{Ticket: id} }, []queue.Status{queue.Called}},
	{"Finish", queue.ServiceFinished, func(id string) any { return queue.FinishBody{Ticket: id, Outcome: "resolved"} },
		[]queue.Status{queue.Serving}},
	{"FinishOnSpot", queue.ServiceFinished, func(id string) any { return queue.FinishBody{Ticket: id, Outcome: "resolved", OnSpot: true} },
		[]queue.Status{queue.Waiting, queue.Serving}},
	{"Transfer", queue.TicketTransferred, func(id string) any { return queue.TransferBody{Ticket: id, Reason: "expert"} },
		[]queue.Status{queue.Waiting, queue.Serving}},
	{"Cancel", queue.TicketCancelled, func(id string) any { return queue.CancelBody{Ticket: id, WalkOut: true} },
		[]queue.Status{queue.Waiting}},
	{"Priority", queue.PriorityChanged, func(id string) any {
		return queue.PriorityBody{Ticket: id, Priority: queue.PriorityPremium, Why: "client pro"}
	},
		[]queue.Status{queue.Waiting, queue.Called, queue.Serving}},
	{"Note", queue.NoteAdded, func(id string) any { return queue.NoteBody{Ticket: id, Text: "note"} },
		[]queue.Status{queue.Waiting, queue.Called, queue.Serving, queue.Done, queue.NoShow, queue.Cancelled}},
}

var allStatuses = []queue.Status{queue.Waiting, queue.Called, queue.Serving, queue.Done, queue.NoShow, queue.Cancelled}

// TestApplyTransitions tries each ticket event from each status: allowed
// from the statuses the life of a ticket names, ECONFLICT otherwise, and
// ENOTFOUND for a ticket that does not exist.
func TestApplyTransitions(t *testing.T) {
	for _, tr := range transitions {
		t.Run(tr.name, func(t *testing.T) {
			for _, st := range allStatuses {
				if slices.Contains(tr.from, st) {
					t.Run("From"+camel(st), func(t *testing.T) {
						s := newState(t)
						tk := ticketIn(t, s, st, t0)
						mustApply(t, s, tablet, tr.typ, t0.Add(time.Hour), tr.body(tk.ID))
					})
					continue
				}
				t.Run("ConflictWhen"+camel(st), func(t *testing.T) {
					s := newState(t)
					tk := ticketIn(t, s, st, t0)
					rejects(t, s, queue.ECONFLICT, tablet, tr.typ, t0.Add(time.Hour), tr.body(tk.ID))
				})
			}
			t.Run("NotFoundWhenUnknownTicket", func(t *testing.T) {
				s := newState(t)
				ticketIn(t, s, queue.Waiting, t0)
				rejects(t, s, queue.ENOTFOUND, tablet, tr.typ, t0.Add(time.Hour), tr.body("t-ghost"))
			})
			t.Run("InvalidWhenBadBody", func(t *testing.T) {
				s := newState(t)
				ticketIn(t, s, queue.Waiting, t0)
				e := newEvent(t, tablet, tr.typ, t0, nil)
				e.Body = json.RawMessage(`["not", "an", "object"]`)
				rejectsEvent(t, s, queue.EINVALID, e)
			})
		})
	}
}

func camel(st queue.Status) string {
	var b strings.Builder
	for w := range strings.SplitSeq(string(st), "_") {
		b.WriteString(strings.ToUpper(w[:1]) + w[1:])
	}
	return b.String()
}

func TestApplyEvent(t *testing.T) {
	valid := func(t *testing.T) queue.Event {
		return newEvent(t, hub, queue.DeviceAlert, t0, queue.AlertBody{Kind: "printer", Status: "paper_out"})
	}
	tests := []struct {
		name   string
		change func(*queue.Event)
		code   string
	}{
		{"Valid", func(*queue.Event) {}, ""},
		{"InvalidWithoutID", func(e *queue.Event) { e.ID = "" }, queue.EINVALID},
		{"InvalidWithoutDevice", func(e *queue.Event) { e.Device = "" }, queue.EINVALID},
		{"InvalidWithoutTime", func(e *queue.Event) { e.At = time.Time{} }, queue.EINVALID},
		{"InvalidWhenUnknownType", func(e *queue.Event) { e.Type = "ticket.teleported" }, queue.EINVALID},
		{"InvalidWhenRequest", func(e *queue.Event) { e.Type = queue.CallNextRequest }, queue.EINVALID},
		{"InvalidWhenBodyNotJSON", func(e *queue.Event) { e.Body = json.RawMessage(`{`) }, queue.EINVALID},
		{"InvalidWhenBodyEmpty", func(e *queue.Event) { e.Body = nil }, queue.EINVALID},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newState(t)
			ticketIn(t, s, queue.Called, t0)
			e := valid(t)
			tt.change(&e)
			if tt.code == "" {
				if err := s.Apply(e); err != nil {
					t.Fatalf("Apply: %v", err)
				}
				return
			}
			rejectsEvent(t, s, tt.code, e)
		})
	}
	for _, typ := range []string{queue.TicketIssued, queue.AppointmentCheckIn, queue.AppointmentBooked, queue.StaffLoggedIn,
		queue.StaffLoggedOut, queue.ConfigChanged, queue.LeaseGranted, queue.DeviceAlert} {
		t.Run("InvalidWhenBadBody/"+typ, func(t *testing.T) {
			s := newState(t)
			login(t, s, "conseil", "c1")
			ticketIn(t, s, queue.Waiting, t0)
			e := newEvent(t, hub, typ, t0, nil)
			e.Body = json.RawMessage(`"not an object"`)
			rejectsEvent(t, s, queue.EINVALID, e)
		})
	}
	t.Run("InvalidWhenBodyCannotEncode", func(t *testing.T) {
		_, err := queue.NewEvent("id", hub, queue.NoteAdded, t0, func() {})
		if got := queue.ErrorCode(err); got != queue.EINVALID {
			t.Fatalf("NewEvent with a func body: %v, want code %q", err, queue.EINVALID)
		}
	})
}

func TestApplyIssue(t *testing.T) {
	tomorrow := "2026-03-03"
	tests := []struct {
		name   string
		setup  func(t *testing.T, s *queue.State) // before the ticket, after a kiosk lease of A001-A050 today
		device string
		body   func(b *queue.IssueBody)
		code   string
	}{
		{name: "Valid"},
		{name: "PremiumPriority", body: func(b *queue.IssueBody) { b.Priority = queue.PriorityPremium }},
		{name: "KnownAnswer", body: func(b *queue.IssueBody) { b.Answers = map[string]string{"what": "accessory"} }},
		{name: "InvalidWhenUnknownReason", body: func(b *queue.IssueBody) { b.Reason = "lunch" }, code: queue.EINVALID},
		{name: "InvalidWhenWrongPrefix", body: func(b *queue.IssueBody) { b.Reason = "sim" }, code: queue.EINVALID},
		{name: "InvalidWhenNumberMalformed", body: func(b *queue.IssueBody) { b.Number = "A1" }, code: queue.EINVALID},
		{name: "InvalidWhenNumberZero", body: func(b *queue.IssueBody) { b.Number = "A000" }, code: queue.EINVALID},
		{name: "InvalidWhenNumberLowercase", body: func(b *queue.IssueBody) { b.Number = "a001" }, code: queue.EINVALID},
		{name: "InvalidWhenMissingToken", body: func(b *queue.IssueBody) { b.Token = "" }, code: queue.EINVALID},
		{name: "InvalidWhenMissingTicketID", body: func(b *queue.IssueBody) { b.Ticket = "" }, code: queue.EINVALID},
		{name: "InvalidWhenUnknownPriority", body: func(b *queue.IssueBody) { b.Priority = "vip" }, code: queue.EINVALID},
		{name: "InvalidWhenUnknownAnswer", body: func(b *queue.IssueBody) { b.Answers = map[string]string{"what": "pizza"} }, code: queue.EINVALID},
		{name: "InvalidWhenUnknownQuestion", body: func(b *queue.IssueBody) { b.Answers = map[string]string{"color": "red"} }, code: queue.EINVALID},
		{name: "InvalidWhenAnswerOfAnotherReason", body: func(b *queue.IssueBody) { b.Answers = map[string]string{"why": "lost"} }, code: queue.EINVALID},
		{name: "ForbiddenWhenNotLeased", body: func(b *queue.IssueBody) { b.Number = "A051" }, code: queue.EFORBIDDEN},
		{name: "ForbiddenWhenLeasedToAnotherDevice", device: tablet, code: queue.EFORBIDDEN},
		{name: "ForbiddenWhenLeasedOnAnotherDay", body: func(b *queue.IssueBody) { b.Day = tomorrow }, code: queue.EFORBIDDEN},
		{name: "ForbiddenWhenDeviceHasOtherPrefix",
			setup:  func(t *testing.T, s *queue.State) { grantLease(t, s, tablet, day, "S") },
			device: tablet, code: queue.EFORBIDDEN},
		{name: "ConflictWhenNumberUsedTwice",
			setup: func(t *testing.T, s *queue.State) { issue(t, s, "purchase", t0) },
			body:  func(b *queue.IssueBody) { b.Ticket, b.Number = "t-other", "A001" }, code: queue.ECONFLICT},
		{name: "ConflictWhenTicketIssuedTwice",
			setup: func(t *testing.T, s *queue.State) { issue(t, s, "purchase", t0) },
			body:  func(b *queue.IssueBody) { b.Ticket = "t-" + day + "-A001" }, code: queue.ECONFLICT},
		{name: "InvalidWhenNumberUsedUnderAnotherSpelling",
			setup: func(t *testing.T, s *queue.State) { issue(t, s, "purchase", t0) },
			body:  func(b *queue.IssueBody) { b.Number = "A+01" }, code: queue.EINVALID},
		{name: "SameNumberOnAnotherDayWithItsLease",
			setup: func(t *testing.T, s *queue.State) {
				issue(t, s, "purchase", t0)
				grantLease(t, s, kiosk, tomorrow, "A")
			},
			body: func(b *queue.IssueBody) { b.Ticket, b.Number, b.Day = "t-tomorrow", "A001", tomorrow }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newState(t)
			grantLease(t, s, kiosk, day, "A")
			if tt.setup != nil {
				tt.setup(t, s)
			}
			b := queue.IssueBody{Ticket: "t-new", Number: queue.FormatNumber("A", 2), Day: day, Reason: "purchase", Token: "secret"}
			if tt.body != nil {
				tt.body(&b)
			}
			device := kiosk
			if tt.device != "" {
				device = tt.device
			}
			if tt.code != "" {
				rejects(t, s, tt.code, device, queue.TicketIssued, t0, b)
				return
			}
			mustApply(t, s, device, queue.TicketIssued, t0, b)
			tk := s.Tickets[b.Ticket]
			want := b.Priority
			if want == "" {
				want = queue.PriorityNormal
			}
			if tk == nil || tk.Number != b.Number || tk.Day != b.Day || tk.Priority != want || tk.Status != queue.Waiting {
				t.Fatalf("issued ticket = %+v", tk)
			}
		})
	}
}

func TestApplyAppointment(t *testing.T) {
	at := t0.Add(30 * time.Minute)
	book := func(t *testing.T, s *queue.State, a queue.Appointment) {
		t.Helper()
		mustApply(t, s, hub, queue.AppointmentBooked, t0, a)
	}
	rdv := queue.Appointment{Code: "RDV42", Kind: "appointment", Reason: "appointment", At: at, Customer: "C-42", Name: "M. Martin", Staff: "expert"}
	checkIn := func(t *testing.T, s *queue.State, code string) queue.IssueBody {
		t.Helper()
		b := issueBody(t, s, "appointment", t0.Add(20*time.Minute))
		b.Appointment, b.Customer = code, "typed-at-kiosk"
		return b
	}

	t.Run("CheckIn", func(t *testing.T) {
		s := newState(t)
		book(t, s, rdv)
		b := checkIn(t, s, "RDV42")
		mustApply(t, s, kiosk, queue.AppointmentCheckIn, t0.Add(20*time.Minute), b)
		tk := s.Tickets[b.Ticket]
		switch {
		case tk.Priority != queue.PriorityAppointment:
			t.Errorf("priority = %s, want appointment", tk.Priority)
		case tk.Customer != "C-42":
			t.Errorf("customer = %q, want the booked one", tk.Customer)
		case tk.ForStaff != "expert":
			t.Errorf("ForStaff = %q, want the booked expert", tk.ForStaff)
		case tk.Appointment != "RDV42" || s.Appointments["RDV42"].Ticket != tk.ID:
			t.Errorf("ticket %q ↔ appointment %+v not linked", tk.Appointment, s.Appointments["RDV42"])
		case events(tk)[0] != queue.AppointmentCheckIn:
			t.Errorf("history = %v", events(tk))
		}
	})
	t.Run("ConflictWhenCheckedInTwice", func(t *testing.T) {
		s := newState(t)
		book(t, s, rdv)
		mustApply(t, s, kiosk, queue.AppointmentCheckIn, t0, checkIn(t, s, "RDV42"))
		b := checkIn(t, s, "RDV42")
		b.Ticket, b.Number = "t-again", "R002"
		rejects(t, s, queue.ECONFLICT, kiosk, queue.AppointmentCheckIn, t0, b)
	})
	t.Run("NotFoundWhenUnknownCode", func(t *testing.T) {
		s := newState(t)
		book(t, s, rdv)
		rejects(t, s, queue.ENOTFOUND, kiosk, queue.AppointmentCheckIn, t0, checkIn(t, s, "RDV99"))
	})
	t.Run("NotFoundWithoutCode", func(t *testing.T) {
		s := newState(t)
		rejects(t, s, queue.ENOTFOUND, kiosk, queue.AppointmentCheckIn, t0, checkIn(t, s, ""))
	})
	t.Run("PickupKeepsNormalPriority", func(t *testing.T) {
		s := newState(t)
		book(t, s, queue.Appointment{Code: "WEB7", Kind: "pickup", Reason: "pickup", At: at, Customer: "C-7"})
		b := issueBody(t, s, "pickup", t0)
		b.Appointment = "WEB7"
		mustApply(t, s, kiosk, queue.AppointmentCheckIn, t0, b)
		tk := s.Tickets[b.Ticket]
		if tk.Priority != queue.PriorityNormal || tk.Customer != "C-7" || tk.ForStaff != "" || s.Appointments["WEB7"].Ticket != tk.ID {
			t.Fatalf("pickup ticket = %+v", tk)
		}
	})
	t.Run("BookingClearsTicket", func(t *testing.T) {
		s := newState(t)
		a := rdv
		a.Ticket = "t-smuggled"
		book(t, s, a)
		if got := s.Appointments["RDV42"]; got.Ticket != "" || got.Customer != "C-42" || !got.At.Equal(at) {
			t.Fatalf("booked = %+v", got)
		}
	})

	bad := []struct {
		name   string
		change func(*queue.Appointment)
		code   string
	}{
		{"InvalidWithoutCode", func(a *queue.Appointment) { a.Code = "" }, queue.EINVALID},
		{"InvalidWithoutTime", func(a *queue.Appointment) { a.At = time.Time{} }, queue.EINVALID},
		{"InvalidWhenUnknownReason", func(a *queue.Appointment) { a.Reason = "lunch" }, queue.EINVALID},
		{"InvalidWhenUnknownKind", func(a *queue.Appointment) { a.Kind = "visit" }, queue.EINVALID},
		{"ConflictWhenBookedTwice", func(a *queue.Appointment) { a.Code = "RDV1" }, queue.ECONFLICT},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			s := newState(t)
			book(t, s, queue.Appointment{Code: "RDV1", Kind: "appointment", Reason: "appointment", At: at})
			a := rdv
			tt.change(&a)
			rejects(t, s, tt.code, hub, queue.AppointmentBooked, t0, a)
		})
	}
}

func TestLeases(t *testing.T) {
	t.Run("GrantContinuesAfterLastLeased", func(t *testing.T) {
		s := newState(t)
		size := s.Config.LeaseSize
		first := grantLease(t, s, kiosk, day, "A")
		second := grantLease(t, s, tablet, day, "A")
		third, err := s.GrantLease(kiosk, day, "A")
		if err != nil {
			t.Fatal(err)
		}
		want := []queue.Lease{
			{Device: kiosk, Day: day, Prefix: "A", First: 1, Last: size},
			{Device: tablet, Day: day, Prefix: "A", First: size + 1, Last: 2 * size},
			{Device: kiosk, Day: day, Prefix: "A", First: 2*size + 1, Last: 3 * size},
		}
		if got := []queue.Lease{first, second, third}; !slices.Equal(got, want) {
			t.Fatalf("leases = %+v, want %+v", got, want)
		}
		if !slices.Equal(s.Leases, want[:2]) {
			t.Errorf("state leases = %+v", s.Leases)
		}
	})
	t.Run("GrantIsPerPrefixAndDay", func(t *testing.T) {
		s := newState(t)
		grantLease(t, s, kiosk, day, "A")
		for _, l := range []struct{ day, prefix string }{{day, "S"}, {"2026-03-03", "A"}} {
			got, err := s.GrantLease(kiosk, l.day, l.prefix)
			if err != nil || got.First != 1 {
				t.Errorf("GrantLease(%s, %s) = %+v, %v; want from 1", l.day, l.prefix, got, err)
			}
		}
	})
	t.Run("LimitPast999", func(t *testing.T) {
		s := newState(t)
		var last queue.Lease
		for last.Last < queue.MaxNumber {
			last = grantLease(t, s, kiosk, day, "A")
		}
		if last.Last != queue.MaxNumber || last.Last-last.First+1 > s.Config.LeaseSize {
			t.Fatalf("last lease = %+v", last)
		}
		if _, err := s.GrantLease(kiosk, day, "A"); queue.ErrorCode(err) != queue.ELIMIT {
			t.Fatalf("GrantLease past %d: %v, want code %q", queue.MaxNumber, err, queue.ELIMIT)
		}
	})
	t.Run("LimitCapsTheLastBlock", func(t *testing.T) {
		s := newState(t)
		mustApply(t, s, hub, queue.LeaseGranted, t0, queue.Lease{Device: kiosk, Day: day, Prefix: "A", First: 1, Last: 990})
		l, err := s.GrantLease(kiosk, day, "A")
		if err != nil || l.First != 991 || l.Last != queue.MaxNumber {
			t.Fatalf("GrantLease = %+v, %v; want 991-999", l, err)
		}
	})

	bad := []struct {
		name  string
		lease queue.Lease
		code  string
	}{
		{"ConflictWhenGap", queue.Lease{Device: kiosk, Day: day, Prefix: "A", First: 60, Last: 80}, queue.ECONFLICT},
		{"ConflictWhenOverlap", queue.Lease{Device: tablet, Day: day, Prefix: "A", First: 1, Last: 50}, queue.ECONFLICT},
		{"ConflictWhenInsideLast", queue.Lease{Device: tablet, Day: day, Prefix: "A", First: 50, Last: 60}, queue.ECONFLICT},
		{"ConflictWhenEmpty", queue.Lease{Device: kiosk, Day: day, Prefix: "A", First: 51, Last: 50}, queue.ECONFLICT},
		{"ConflictPast999", queue.Lease{Device: kiosk, Day: day, Prefix: "A", First: 51, Last: 1000}, queue.ECONFLICT},
		{"InvalidWithoutDevice", queue.Lease{Day: day, Prefix: "A", First: 51, Last: 60}, queue.EINVALID},
		{"InvalidWithoutDay", queue.Lease{Device: kiosk, Prefix: "A", First: 51, Last: 60}, queue.EINVALID},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			s := newState(t)
			grantLease(t, s, kiosk, day, "A")
			rejects(t, s, tt.code, hub, queue.LeaseGranted, t0, tt.lease)
		})
	}

	t.Run("FreeNumbersExcludeUsed", func(t *testing.T) {
		s := newState(t)
		a := issue(t, s, "purchase", t0) // leases A001-A050 to the kiosk
		issue(t, s, "purchase", t0)
		grantLease(t, s, tablet, day, "A") // A051-A100
		grantLease(t, s, kiosk, day, "A")  // A101-A150
		mustApply(t, s, tablet, queue.TicketCancelled, t0, queue.CancelBody{Ticket: a.ID})
		free := s.FreeNumbers(kiosk, day, "A")
		var want []int
		for n := 3; n <= 50; n++ {
			want = append(want, n)
		}
		for n := 101; n <= 150; n++ {
			want = append(want, n)
		}
		if !slices.Equal(free, want) {
			t.Errorf("FreeNumbers(kiosk) = %v, want 3-50 and 101-150 (a cancelled number stays used)", free)
		}
		if got := s.FreeNumbers(tablet, day, "A"); len(got) != 50 || got[0] != 51 {
			t.Errorf("FreeNumbers(tablet) = %v, want 51-100", got)
		}
		for _, k := range []struct{ device, day, prefix string }{{tablet2, day, "A"}, {kiosk, "2026-03-03", "A"}, {kiosk, day, "S"}} {
			if got := s.FreeNumbers(k.device, k.day, k.prefix); got != nil {
				t.Errorf("FreeNumbers(%v) = %v, want none", k, got)
			}
		}
	})
}

func TestApplyStaff(t *testing.T) {
	t.Run("Session", func(t *testing.T) {
		s := newState(t)
		at := t0.Add(time.Minute)
		mustApply(t, s, tablet, queue.StaffLoggedIn, at, queue.StaffBody{Staff: "conseil", Counter: "c1", PIN: "1234"})
		want := queue.Session{Staff: "conseil", Counter: "c1", Device: tablet, Since: at}
		if got := s.Sessions["conseil"]; got == nil || *got != want {
			t.Fatalf("session = %+v, want %+v", got, want)
		}
		mustApply(t, s, tablet, queue.StaffPaused, at, queue.StaffBody{Staff: "conseil", Why: "déjeuner"})
		if got := s.Sessions["conseil"]; !got.Paused || got.Why != "déjeuner" {
			t.Fatalf("paused session = %+v", got)
		}
		mustApply(t, s, tablet, queue.StaffResumed, at, queue.StaffBody{Staff: "conseil"})
		if got := s.Sessions["conseil"]; got.Paused || got.Why != "" {
			t.Fatalf("resumed session = %+v", got)
		}
		mustApply(t, s, tablet, queue.StaffLoggedOut, at, queue.StaffBody{Staff: "conseil"})
		if _, ok := s.Sessions["conseil"]; ok {
			t.Fatal("session kept after logout")
		}
	})
	t.Run("LoginWithoutCounter", func(t *testing.T) {
		s := newState(t)
		login(t, s, "orient", "")
		if s.Sessions["orient"] == nil || s.Sessions["orient"].Counter != "" {
			t.Fatalf("session = %+v", s.Sessions["orient"])
		}
	})
	t.Run("LoginAgainMovesCounter", func(t *testing.T) {
		s := newState(t)
		login(t, s, "conseil", "c1")
		mustApply(t, s, tablet2, queue.StaffLoggedIn, t0.Add(time.Hour), queue.StaffBody{Staff: "conseil", Counter: "c2"})
		if got := s.Sessions["conseil"]; got.Counter != "c2" || got.Device != tablet2 || len(s.Sessions) != 1 {
			t.Fatalf("session = %+v", got)
		}
	})
	for _, typ := range []string{queue.StaffLoggedOut, queue.StaffPaused, queue.StaffResumed} {
		t.Run("ConflictWhenNotLoggedIn/"+typ, func(t *testing.T) {
			s := newState(t)
			login(t, s, "expert", "c3")
			rejects(t, s, queue.ECONFLICT, tablet, typ, t0, queue.StaffBody{Staff: "conseil"})
		})
	}
	t.Run("NotFoundWhenUnknownStaff", func(t *testing.T) {
		s := newState(t)
		rejects(t, s, queue.ENOTFOUND, tablet, queue.StaffLoggedIn, t0, queue.StaffBody{Staff: "ghost", Counter: "c1"})
	})
	t.Run("InvalidWhenUnknownCounter", func(t *testing.T) {
		s := newState(t)
		rejects(t, s, queue.EINVALID, tablet, queue.StaffLoggedIn, t0, queue.StaffBody{Staff: "conseil", Counter: "c9"})
	})
}

func TestApplyConfigChanged(t *testing.T) {
	t.Run("Applied", func(t *testing.T) {
		s := newState(t)
		c := copyConfig()
		c.Store, c.RecallLimit = "Boutique Lyon", 0
		mustApply(t, s, hub, queue.ConfigChanged, t0, c)
		if s.Config.Store != "Boutique Lyon" || s.Config.RecallLimit != 0 {
			t.Fatalf("config = %+v", s.Config)
		}
		tk := ticketIn(t, s, queue.Called, t0)
		rejects(t, s, queue.ELIMIT, tablet, queue.TicketRecalled, t0, queue.TicketBody{Ticket: tk.ID})
		if b, _ := json.Marshal(s.Config); bytes.Contains(b, []byte("1234")) || bytes.Contains(b, []byte("pin")) {
			t.Errorf("a PIN in the configuration: %s", b)
		}
	})
	t.Run("InvalidConfigRejected", func(t *testing.T) {
		s := newState(t)
		ticketIn(t, s, queue.Waiting, t0)
		c := copyConfig()
		c.Reasons[1].Prefix = c.Reasons[0].Prefix
		rejects(t, s, queue.EINVALID, hub, queue.ConfigChanged, t0, c)
	})
	t.Run("EmptyConfigRejected", func(t *testing.T) {
		s := newState(t)
		rejects(t, s, queue.EINVALID, hub, queue.ConfigChanged, t0, struct{}{})
	})
}

func TestApplyDeviceAlert(t *testing.T) {
	s := newState(t)
	mustApply(t, s, kiosk, queue.DeviceAlert, t0, queue.AlertBody{Kind: "printer", Status: "paper_low"})
	mustApply(t, s, kiosk, queue.DeviceAlert, t0, queue.AlertBody{Kind: "printer", Status: "paper_out", Message: "plus de papier"})
	want := map[string]queue.AlertBody{kiosk: {Kind: "printer", Status: "paper_out", Message: "plus de papier"}}
	if !maps.Equal(s.Alerts, want) {
		t.Fatalf("alerts = %+v, want %+v", s.Alerts, want)
	}
}

func TestApplySeq(t *testing.T) {
	s := newState(t)
	at := func(seq int64, typ string, body any) queue.Event {
		e := newEvent(t, hub, typ, t0, body)
		e.Seq = seq
		return e
	}
	alert := queue.AlertBody{Kind: "printer", Status: "ok"}
	steps := []struct {
		name string
		e    queue.Event
		ok   bool
		want int64
	}{
		{"First", at(1, queue.DeviceAlert, alert), true, 1},
		{"Next", at(2, queue.DeviceAlert, alert), true, 2},
		{"SkipsAhead", at(5, queue.DeviceAlert, alert), true, 5},
		{"PendingWithoutSeq", at(0, queue.DeviceAlert, alert), true, 5},
		{"OlderDoesNotGoBack", at(3, queue.DeviceAlert, alert), true, 5},
		{"FailedDoesNotMove", at(9, queue.TicketCalled, queue.CallBody{Ticket: "t-ghost", Counter: "c1"}), false, 5},
	}
	for _, st := range steps {
		t.Run(st.name, func(t *testing.T) {
			err := s.Apply(st.e)
			if (err == nil) != st.ok {
				t.Fatalf("Apply(seq %d) = %v", st.e.Seq, err)
			}
			if s.Seq != st.want {
				t.Fatalf("Seq = %d, want %d", s.Seq, st.want)
			}
		})
	}
}

func TestClone(t *testing.T) {
	s := newState(t)
	login(t, s, "conseil", "c1")
	tk := issue(t, s, "purchase", t0, withAnswers("what", "renew"))
	mustApply(t, s, tablet, queue.NoteAdded, t0, queue.NoteBody{Ticket: tk.ID, Text: "original"})
	mustApply(t, s, hub, queue.AppointmentBooked, t0,
		queue.Appointment{Code: "RDV1", Kind: "appointment", Reason: "appointment", At: t0.Add(time.Hour)})
	mustApply(t, s, kiosk, queue.DeviceAlert, t0, queue.AlertBody{Kind: "printer", Status: "ok"})
	bare := issue(t, s, "other", t0) // no answers, no notes: nil must stay nil
	s.Seq = 7
	tk = s.Tickets[tk.ID] // the ticket as it is now, which the clone shares

	c := s.Clone()
	if !reflect.DeepEqual(c, s) {
		t.Fatal("Clone differs from the original")
	}

	// Events on the clone change the clone alone.
	mustApply(t, c, tablet, queue.NoteAdded, t0, queue.NoteBody{Ticket: tk.ID, Text: "changed"})
	mustApply(t, c, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: tk.ID, Counter: "c1", Staff: "conseil"})
	mustApply(t, c, tablet, queue.PriorityChanged, t0, queue.PriorityBody{Ticket: bare.ID, Priority: queue.PriorityPremium, Why: "vip"})
	mustApply(t, c, tablet, queue.StaffPaused, t0, queue.StaffBody{Staff: "conseil", Why: "lunch"})
	mustApply(t, c, kiosk, queue.DeviceAlert, t0, queue.AlertBody{Kind: "printer", Status: "paper_out"})
	c.Seq = 8
	issue(t, c, "purchase", t0)
	grantLease(t, c, tablet, day, "A")
	delete(c.Tickets, bare.ID)

	switch {
	case len(s.Tickets[tk.ID].Notes) != 1 || s.Tickets[tk.ID].Status != queue.Waiting || s.Tickets[tk.ID] != tk:
		t.Errorf("ticket changed through the clone: %+v", s.Tickets[tk.ID])
	case s.Tickets[bare.ID] != bare || bare.Priority != queue.PriorityNormal:
		t.Errorf("bare ticket changed through the clone: %+v", s.Tickets[bare.ID])
	case s.Sessions["conseil"].Paused:
		t.Error("session changed through the clone")
	case len(s.Leases) != 2:
		t.Errorf("leases changed through the clone: %+v", s.Leases)
	case s.Alerts[kiosk].Status != "ok":
		t.Error("alerts changed through the clone")
	case s.Seq != 7 || len(s.Tickets) != 2:
		t.Errorf("seq %d, %d tickets", s.Seq, len(s.Tickets))
	}
	if got := s.FreeNumbers(kiosk, day, "A"); len(got) != s.Config.LeaseSize-1 || got[0] != 2 {
		t.Errorf("numbers used through the clone: free %v", got)
	}
	if l, _ := s.GrantLease(tablet, day, "A"); l.First != s.Config.LeaseSize+1 {
		t.Errorf("lease granted through the clone: next is %+v", l)
	}
}

func TestIssueRules(t *testing.T) {
	t.Run("CheckInForAnotherReason", func(t *testing.T) {
		s := newState(t)
		mustApply(t, s, hub, queue.AppointmentBooked, t0,
			queue.Appointment{Code: "RDV9", Kind: "appointment", Reason: "appointment", At: t0})
		b := issueBody(t, s, "purchase", t0)
		b.Appointment = "RDV9"
		rejects(t, s, queue.EINVALID, kiosk, queue.AppointmentCheckIn, t0, b)
	})
	t.Run("AppointmentPriorityOnlyByCheckIn", func(t *testing.T) {
		s := newState(t)
		b := issueBody(t, s, "expert", t0)
		b.Priority = queue.PriorityAppointment
		rejects(t, s, queue.EINVALID, kiosk, queue.TicketIssued, t0, b)
	})
}
