package queue_test

import (
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"accueil/internal/queue"
)

const tablet3 = "counter-3" // enrolled, nobody logged in on it

// desks returns a store where conseil works at c1 on counter-1, manager at
// c2 on counter-2, and expert is paused at c3 on counter-1, with a
// purchase, an expert and an other ticket waiting; counter-3 is enrolled
// with nobody on it.
func desks(t testing.TB) (s *queue.State, purchase, expert, other *queue.Ticket) {
	t.Helper()
	c := copyConfig()
	c.Devices = append(c.Devices, queue.Device{ID: tablet3, Kind: queue.DeviceCounter})
	s = queue.NewState(c)
	mustApply(t, s, tablet, queue.StaffLoggedIn, t0, queue.StaffBody{Staff: "conseil", Counter: "c1"})
	mustApply(t, s, tablet2, queue.StaffLoggedIn, t0, queue.StaffBody{Staff: "manager", Counter: "c2"})
	mustApply(t, s, tablet, queue.StaffLoggedIn, t0, queue.StaffBody{Staff: "expert", Counter: "c3"})
	mustApply(t, s, tablet, queue.StaffPaused, t0, queue.StaffBody{Staff: "expert", Why: "lunch"})
	purchase = issue(t, s, "purchase", t0)
	expert = issue(t, s, "expert", t0)
	other = issue(t, s, "other", t0)
	return s, purchase, expert, other
}

// raw returns an event whose body is json, for bodies that do not decode.
func raw(t testing.TB, device, typ, body string) queue.Event {
	e := newEvent(t, device, typ, t0, nil)
	e.Body = json.RawMessage(body)
	return e
}

func TestPermitted(t *testing.T) {
	for _, tc := range []struct {
		kind, typ string
		want      bool
	}{
		{queue.DeviceKiosk, queue.TicketIssued, true},
		{queue.DeviceKiosk, queue.LeaseRequest, true},
		{queue.DeviceKiosk, queue.FeedbackGiven, true}, // a visitor scans their ticket
		{queue.DeviceCounter, queue.FeedbackGiven, false},
		{queue.DeviceKiosk, queue.TicketCalled, false},
		{queue.DeviceKiosk, queue.CallNextRequest, false},
		{queue.DeviceKiosk, queue.LoginRequest, false},
		{queue.DeviceCounter, queue.CallNextRequest, true},
		{queue.DeviceCounter, queue.StaffLoggedOut, true},
		{queue.DeviceCounter, queue.StaffLoggedIn, false}, // only through a login request
		{queue.DeviceCounter, queue.ConfigChanged, false},
		{queue.DeviceCounter, queue.LeaseGranted, false},
		{queue.DeviceCounter, queue.AppointmentBooked, false},
		{queue.DeviceDisplay, queue.DeviceAlert, true},
		{queue.DeviceDisplay, queue.TicketIssued, false},
		{queue.DeviceHub, queue.ConfigChanged, false}, // the hub makes its own events, never through the broker
		{"toaster", queue.DeviceAlert, false},
	} {
		if got := queue.Permitted(tc.kind, tc.typ); got != tc.want {
			t.Errorf("Permitted(%s, %s) = %v, want %v", tc.kind, tc.typ, got, tc.want)
		}
	}
}

func TestAdmit(t *testing.T) {
	s, pu, ex, ot := desks(t)
	call(t, s, ot.ID, "manager", "c2", t0) // manager's desk is busy with the other ticket
	ib := issueBody(t, s, "purchase", t0)
	withBody := func(f func(*queue.IssueBody)) queue.IssueBody { b := ib; f(&b); return b }
	for _, tc := range []struct {
		name   string
		e      queue.Event
		code   string
		before func(*queue.State) // on a clone of s
	}{
		{name: "UnknownDevice", e: newEvent(t, "kiosk-9", queue.DeviceAlert, t0, queue.AlertBody{}), code: queue.EFORBIDDEN},
		{name: "KioskCalls", e: newEvent(t, kiosk, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c1", Staff: "conseil"}), code: queue.EFORBIDDEN},
		{name: "DisplayIssues", e: newEvent(t, "display-1", queue.TicketIssued, t0, ib), code: queue.EFORBIDDEN},
		{name: "KioskIssues", e: newEvent(t, kiosk, queue.TicketIssued, t0, ib)},
		{name: "AlertNeedsNoSession", e: newEvent(t, tablet3, queue.DeviceAlert, t0, queue.AlertBody{Kind: "printer"})},
		{name: "IssueBadBody", e: raw(t, kiosk, queue.TicketIssued, `[]`), code: queue.EINVALID},
		{name: "IssueForAnotherDay", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Day = "2027-04-07" })), code: queue.EINVALID},
		{name: "IssueForNotADay", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Day = "not-a-day" })), code: queue.EINVALID},
		{name: "IssueForTomorrow", e: newEvent(t, kiosk, queue.TicketIssued, t0.Add(24*time.Hour), withBody(func(b *queue.IssueBody) { b.Day = "2026-03-03" })), code: queue.EINVALID},
		{name: "IssueBadPhone", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Phone = "call me" })), code: queue.EINVALID},
		{name: "KioskGivesCoupeFile", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Priority = queue.PriorityAccessibility })), code: queue.EFORBIDDEN},
		{name: "KioskIssuesNormal", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Priority = queue.PriorityNormal }))},
		{name: "CounterGivesCoupeFile", e: newEvent(t, tablet, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Priority = queue.PriorityPremium }))},
		{name: "IssueGoodPhone", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Phone = "+33612345678" }))},
		{name: "IssueShortToken", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Token = "k" })), code: queue.EINVALID},
		{name: "IssueTokenNotHex", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Token = strings.Repeat("Z", 32) })), code: queue.EINVALID},
		{name: "IssueAnswer", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Answers = map[string]string{"what": "renew"} }))},
		{name: "IssueAnswerNotAnOption", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Answers = map[string]string{"what": "<script>"} })), code: queue.EINVALID},
		{name: "IssueAnswerToNoQuestion", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Answers = map[string]string{"x": "renew"} })), code: queue.EINVALID},
		{name: "IssueLongCustomer", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Customer = strings.Repeat("é", queue.MaxCustomer+1) })), code: queue.EINVALID},
		{name: "IssueBadLang", e: newEvent(t, kiosk, queue.TicketIssued, t0, withBody(func(b *queue.IssueBody) { b.Lang = "fr; drop" })), code: queue.EINVALID},
		{name: "CounterIssuesWithSomeoneLoggedIn", e: newEvent(t, tablet, queue.TicketIssued, t0, ib)},
		{name: "CounterIssuesWithNobodyLoggedIn", e: newEvent(t, tablet3, queue.TicketIssued, t0, ib), code: queue.EFORBIDDEN},

		{name: "Call", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c1", Staff: "conseil"})},
		{name: "CallBadBody", e: raw(t, tablet, queue.TicketCalled, `"x"`), code: queue.EINVALID},
		{name: "CallUnknownTicket", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: "nope", Counter: "c1", Staff: "conseil"}), code: queue.ENOTFOUND},
		{name: "CallNotLoggedIn", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c1", Staff: "orient"}), code: queue.EFORBIDDEN},
		{name: "CallWithoutStaff", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c1"}), code: queue.EFORBIDDEN},
		{name: "CallFromAnotherDevice", e: newEvent(t, tablet3, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c1", Staff: "conseil"}), code: queue.EFORBIDDEN},
		{name: "CallToAnotherCounter", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c3", Staff: "conseil"}), code: queue.EFORBIDDEN},
		{name: "CallPaused", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: ex.ID, Counter: "c3", Staff: "expert"}), code: queue.ECONFLICT},
		{name: "CallWithoutSkill", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: ex.ID, Counter: "c1", Staff: "conseil"}), code: queue.EFORBIDDEN},
		{name: "CallAtCounterWithoutSkill", e: newEvent(t, tablet2, queue.TicketCalled, t0, queue.CallBody{Ticket: ex.ID, Counter: "c2", Staff: "manager"}),
			code: queue.EFORBIDDEN, before: func(s *queue.State) { move(t, s, queue.TicketNoShow, ot.ID, t0) }},
		{name: "CallDeskBusy", e: newEvent(t, tablet2, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c2", Staff: "manager"}), code: queue.ECONFLICT},
		{name: "CallNotWaiting", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: ot.ID, Counter: "c1", Staff: "conseil"}), code: queue.ECONFLICT},
		{name: "CallKeptForSomeoneElse", e: newEvent(t, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c1", Staff: "conseil"}),
			code: queue.EFORBIDDEN, before: func(s *queue.State) { transferTo(t, s, pu.ID, "purchase", "manager", t0) }},

		{name: "Start", e: newEvent(t, tablet2, queue.ServiceStarted, t0, queue.TicketBody{Ticket: ot.ID, Staff: "manager"})},
		{name: "StartBadBody", e: raw(t, tablet2, queue.ServiceStarted, `1`), code: queue.EINVALID},
		{name: "StartWithoutStaff", e: newEvent(t, tablet2, queue.ServiceStarted, t0, queue.TicketBody{Ticket: ot.ID}), code: queue.EFORBIDDEN},
		{name: "StartUnknownTicket", e: newEvent(t, tablet2, queue.ServiceStarted, t0, queue.TicketBody{Ticket: "nope", Staff: "manager"}), code: queue.ENOTFOUND},
		{name: "StartSomeoneElsesTicket", e: newEvent(t, tablet, queue.ServiceStarted, t0, queue.TicketBody{Ticket: ot.ID, Staff: "conseil"}), code: queue.EFORBIDDEN},
		{name: "ManagerActsOnAnyTicket", e: newEvent(t, tablet2, queue.TicketRecalled, t0, queue.TicketBody{Ticket: ot.ID, Staff: "manager"}),
			before: func(s *queue.State) {
				move(t, s, queue.TicketNoShow, ot.ID, t0)
				mustApply(t, s, tablet, queue.TicketCalled, t0, queue.CallBody{Ticket: pu.ID, Counter: "c1", Staff: "conseil"})
			}},
		{name: "GivePriority", e: newEvent(t, tablet, queue.PriorityChanged, t0, queue.PriorityBody{Ticket: pu.ID, Staff: "conseil", Priority: queue.PriorityPremium, Why: "vip"})},
		{name: "GiveAppointmentPriority", e: newEvent(t, tablet, queue.PriorityChanged, t0, queue.PriorityBody{Ticket: pu.ID, Staff: "conseil", Priority: queue.PriorityAppointment, Why: "x"}), code: queue.EINVALID},
		{name: "NoteOnWaitingTicket", e: newEvent(t, tablet, queue.NoteAdded, t0, queue.NoteBody{Ticket: pu.ID, Staff: "conseil", Text: "hi"})},
		{name: "NoteTooMany", e: newEvent(t, tablet, queue.NoteAdded, t0, queue.NoteBody{Ticket: pu.ID, Staff: "conseil", Text: "hi"}), code: queue.ELIMIT,
			before: func(s *queue.State) {
				for range queue.MaxNotes {
					mustApply(t, s, tablet, queue.NoteAdded, t0, queue.NoteBody{Ticket: pu.ID, Staff: "conseil", Text: "hi"})
				}
			}},
		{name: "TransferToAReason", e: newEvent(t, tablet, queue.TicketTransferred, t0, queue.TransferBody{Ticket: pu.ID, Staff: "conseil", Reason: "sim"})},
		{name: "TransferToAPerson", e: newEvent(t, tablet, queue.TicketTransferred, t0, queue.TransferBody{Ticket: pu.ID, Staff: "conseil", Reason: "purchase", ForStaff: "manager"})},
		{name: "TransferWithoutReason", e: newEvent(t, tablet, queue.TicketTransferred, t0, queue.TransferBody{Ticket: pu.ID, Staff: "conseil", ForStaff: "manager"}), code: queue.EINVALID},
		{name: "TransferToCheckInReason", e: newEvent(t, tablet, queue.TicketTransferred, t0, queue.TransferBody{Ticket: pu.ID, Staff: "conseil", Reason: "appointment"}), code: queue.EINVALID},
		{name: "TransferToTheDoor", e: newEvent(t, tablet, queue.TicketTransferred, t0, queue.TransferBody{Ticket: pu.ID, Staff: "conseil", Reason: "purchase", ForStaff: "orient"}), code: queue.EINVALID},

		{name: "Pause", e: newEvent(t, tablet, queue.StaffPaused, t0, queue.StaffBody{Staff: "conseil", Why: "break"})},
		{name: "StaffBadBody", e: raw(t, tablet, queue.StaffPaused, `[1]`), code: queue.EINVALID},
		{name: "PauseFromAnotherDevice", e: newEvent(t, tablet2, queue.StaffPaused, t0, queue.StaffBody{Staff: "conseil"}), code: queue.EFORBIDDEN},
		{name: "Logout", e: newEvent(t, tablet, queue.StaffLoggedOut, t0, queue.StaffBody{Staff: "conseil"})},
		{name: "LogoutWithTicketCalled", e: newEvent(t, tablet2, queue.StaffLoggedOut, t0, queue.StaffBody{Staff: "manager"}), code: queue.ECONFLICT},
		{name: "LogoutWithTicketServed", e: newEvent(t, tablet2, queue.StaffLoggedOut, t0, queue.StaffBody{Staff: "manager"}),
			code: queue.ECONFLICT, before: func(s *queue.State) { move(t, s, queue.ServiceStarted, ot.ID, t0) }},
		{name: "LogoutNotLoggedIn", e: newEvent(t, tablet, queue.StaffLoggedOut, t0, queue.StaffBody{Staff: "orient"}), code: queue.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := s
			if tc.before != nil {
				st = s.Clone()
				tc.before(st)
			}
			before := snapshot(st)
			err := st.Admit(tc.e, t0)
			if got := queue.ErrorCode(err); got != tc.code {
				t.Errorf("Admit(%s) = %v, want code %q", tc.e.Type, err, tc.code)
			}
			if !equalStates(before, st) {
				t.Error("Admit changed the state")
			}
		})
	}
}

// equalStates compares two states by what they hold.
func equalStates(a, b *queue.State) bool {
	ja, _ := json.Marshal(a)
	jb, _ := json.Marshal(b)
	return string(ja) == string(jb)
}

func TestDecide(t *testing.T) {
	s, pu, _, ot := desks(t)
	call(t, s, ot.ID, "manager", "c2", t0) // manager's desk is busy with the other ticket
	now := t0.Add(mins(5))
	today := queue.Day(now, s.Config.Location())
	req := func(device, typ string, body any) queue.Event {
		e := newEvent(t, device, typ, t0, body)
		e.HLC = 42
		return e
	}
	for _, tc := range []struct {
		name   string
		e      queue.Event
		code   string
		want   string // type decided
		check  func(t *testing.T, e queue.Event)
		before func(*queue.State)
	}{
		{name: "EventPassesThrough", e: req(kiosk, queue.DeviceAlert, queue.AlertBody{Kind: "printer"}), want: queue.DeviceAlert},
		{name: "EventRefused", e: req(tablet3, queue.StaffPaused, queue.StaffBody{Staff: "conseil"}), code: queue.EFORBIDDEN},
		{name: "RequestNotPermitted", e: req(kiosk, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}), code: queue.EFORBIDDEN},

		{name: "CallNext", e: req(tablet, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}), want: queue.TicketCalled,
			check: func(t *testing.T, e queue.Event) {
				var b queue.CallBody
				if err := e.Decode(&b); err != nil || b != (queue.CallBody{Ticket: pu.ID, Counter: "c1", Staff: "conseil"}) {
					t.Errorf("called %+v, %v", b, err)
				}
			}},
		{name: "CallNextBadBody", e: raw(t, tablet, queue.CallNextRequest, `[]`), code: queue.EINVALID},
		{name: "CallNextNotLoggedIn", e: req(tablet, queue.CallNextRequest, queue.CallNextBody{Staff: "orient", Counter: "c1"}), code: queue.EFORBIDDEN},
		{name: "CallNextFromAnotherDevice", e: req(tablet3, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}), code: queue.EFORBIDDEN},
		{name: "CallNextAtAnotherCounter", e: req(tablet, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c2"}), code: queue.EFORBIDDEN},
		{name: "CallNextPaused", e: req(tablet, queue.CallNextRequest, queue.CallNextBody{Staff: "expert", Counter: "c3"}), code: queue.ECONFLICT},
		{name: "CallNextDeskBusy", e: req(tablet2, queue.CallNextRequest, queue.CallNextBody{Staff: "manager", Counter: "c2"}), code: queue.ECONFLICT},
		{name: "CallNextCounterBusy", e: req(tablet, queue.CallNextRequest, queue.CallNextBody{Staff: "orient", Counter: "c2"}), code: queue.ECONFLICT,
			before: func(s *queue.State) {
				mustApply(t, s, tablet, queue.StaffLoggedIn, t0, queue.StaffBody{Staff: "orient", Counter: "c2"})
			}},
		{name: "CallNextEmpty", e: req(tablet, queue.CallNextRequest, queue.CallNextBody{Staff: "conseil", Counter: "c1"}), code: queue.EEMPTY,
			before: func(s *queue.State) {
				mustApply(t, s, kiosk, queue.TicketCancelled, t0, queue.CancelBody{Ticket: pu.ID})
			}},

		{name: "Lease", e: req(kiosk, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: today}), want: queue.LeaseGranted,
			check: func(t *testing.T, e queue.Event) {
				var l queue.Lease
				if err := e.Decode(&l); err != nil || l.Device != kiosk || l.Day != today || l.Prefix != "A" || l.First != 51 {
					t.Errorf("lease %+v, %v", l, err)
				}
			}},
		{name: "LeaseBadBody", e: raw(t, kiosk, queue.LeaseRequest, `"A"`), code: queue.EINVALID},
		{name: "LeaseNotADay", e: req(kiosk, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: "not-a-day"}), code: queue.EINVALID},
		{name: "Lease400DaysAhead", e: req(kiosk, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: queue.Day(now.AddDate(0, 0, 400), time.UTC)}), code: queue.EINVALID},
		{name: "LeaseYesterday", e: req(kiosk, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: queue.Day(now.AddDate(0, 0, -1), time.UTC)}), code: queue.EINVALID},
		{name: "LeaseUnknownPrefix", e: req(kiosk, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "Z", Day: today}), code: queue.EINVALID},
		{name: "LeaseNoNumberLeft", e: req(kiosk, queue.LeaseRequest, queue.LeaseRequestBody{Prefix: "A", Day: today}), code: queue.ELIMIT,
			before: func(s *queue.State) {
				mustApply(t, s, hub, queue.LeaseGranted, t0, queue.Lease{Device: kiosk, Day: today, Prefix: "A", First: 51, Last: queue.MaxNumber})
			}},

		{name: "Login", e: req(tablet3, queue.LoginRequest, queue.StaffBody{Staff: "orient", Counter: "c2", PIN: "1234"}), want: queue.StaffLoggedIn,
			check: func(t *testing.T, e queue.Event) {
				var b queue.StaffBody
				if err := e.Decode(&b); err != nil || b != (queue.StaffBody{Staff: "orient", Counter: "c2"}) {
					t.Errorf("logged in %+v (the PIN never enters the log), %v", b, err)
				}
			}},
		{name: "LoginAtTheDoor", e: req(tablet3, queue.LoginRequest, queue.StaffBody{Staff: "orient"}), want: queue.StaffLoggedIn},
		{name: "LoginBadBody", e: raw(t, tablet3, queue.LoginRequest, `3`), code: queue.EINVALID},
		{name: "LoginConseillerAtTheDoor", e: req(tablet3, queue.LoginRequest, queue.StaffBody{Staff: "conseil"}), code: queue.EINVALID},
		{name: "LoginUnknownCounter", e: req(tablet3, queue.LoginRequest, queue.StaffBody{Staff: "orient", Counter: "c9"}), code: queue.EINVALID},
		{name: "LoginUnknownStaff", e: req(tablet3, queue.LoginRequest, queue.StaffBody{Staff: "ghost", Counter: "c1"}), code: queue.EFORBIDDEN},
		{name: "LoginFromKiosk", e: req(kiosk, queue.LoginRequest, queue.StaffBody{Staff: "orient"}), code: queue.EFORBIDDEN},
	} {
		t.Run(tc.name, func(t *testing.T) {
			st := s.Clone()
			if tc.before != nil {
				tc.before(st)
			}
			before := snapshot(st)
			e, err := st.Decide(tc.e, now)
			if got := queue.ErrorCode(err); got != tc.code {
				t.Fatalf("Decide(%s) = %v, want code %q", tc.e.Type, err, tc.code)
			}
			if !equalStates(before, st) {
				t.Error("Decide changed the state")
			}
			if err != nil {
				return
			}
			if e.Type != tc.want || e.ID != tc.e.ID || e.Device != tc.e.Device || e.HLC != tc.e.HLC {
				t.Errorf("decided %s %s %s %d, want %s under the request's id, device and clock", e.Type, e.ID, e.Device, e.HLC, tc.want)
			}
			if tc.e.Type != tc.want && !e.At.Equal(now) {
				t.Errorf("decided at %v, want the hub's time %v", e.At, now)
			}
			if tc.check != nil {
				tc.check(t, e)
			}
			// What the hub decides applies.
			if err := st.Apply(e); err != nil {
				t.Errorf("Apply(decided %s): %v", e.Type, err)
			}
		})
	}
}

// TestServeAgreement: who a staff member at a counter can serve is one
// rule. The list (WaitingFor), call next (Next) and a direct call
// (CanCall) agree for every staff member, counter and ticket.
func TestServeAgreement(t *testing.T) {
	t.Run("ExpertAtCounterWithoutExpertSkill", func(t *testing.T) {
		s := newState(t)
		login(t, s, "expert", "c1")
		ex := issue(t, s, "expert", t0)
		if got := s.WaitingFor("expert", "c1", t0); len(got) != 0 {
			t.Errorf("the list offers %v", ids(got))
		}
		if _, err := s.Next("expert", "c1", t0); queue.ErrorCode(err) != queue.EEMPTY {
			t.Errorf("Next = %v, want empty", err)
		}
		if err := s.CanCall(tablet, "expert", "c1", ex); queue.ErrorCode(err) != queue.EFORBIDDEN {
			t.Errorf("CanCall = %v, want forbidden", err)
		}
		var unserved []string
		for _, r := range s.Config.Unserved("expert", "c1") {
			unserved = append(unserved, r.Code)
		}
		if !slices.Equal(unserved, []string{"expert", "appointment"}) {
			t.Errorf("Unserved = %v: the login warns about these", unserved)
		}
	})
	s := newState(t)
	now := t0.Add(mins(30))
	for i, r := range []string{"purchase", "sim", "expert", "other", "purchase", "expert", "sim", "other"} {
		issue(t, s, r, t0.Add(mins(i)))
	}
	issue(t, s, "purchase", t0.Add(mins(9)), withPriority(queue.PriorityPremium))
	ws := s.Waiting("", now)
	transferTo(t, s, ws[0].ID, "other", "expert", now)   // kept for expert while logged in
	transferTo(t, s, ws[1].ID, "expert", "manager", now) // kept for manager
	for _, staff := range []string{"manager", "orient", "conseil", "expert"} {
		for _, counter := range []string{"c1", "c2", "c3"} {
			st := s.Clone()
			mustApply(t, st, tablet, queue.StaffLoggedIn, now, queue.StaffBody{Staff: staff, Counter: counter})
			if staff != "expert" {
				mustApply(t, st, tablet2, queue.StaffLoggedIn, now, queue.StaffBody{Staff: "expert", Counter: "c3"})
			}
			list := st.WaitingFor(staff, counter, now)
			var callable []*queue.Ticket
			for _, tk := range st.Waiting("", now) {
				err := st.CanCall(tablet, staff, counter, tk)
				listed := slices.Contains(list, tk)
				if err == nil {
					callable = append(callable, tk)
					if !listed {
						t.Errorf("%s at %s may call %s, which the list does not show", staff, counter, tk.Number)
					}
				} else if listed && tk.ForStaff == "" {
					t.Errorf("%s at %s sees %s in the list but cannot call it: %v", staff, counter, tk.Number, err)
				}
			}
			tk, err := st.Next(staff, counter, now)
			switch {
			case len(callable) == 0 && queue.ErrorCode(err) != queue.EEMPTY:
				t.Errorf("%s at %s: nothing callable, Next = %v", staff, counter, err)
			case len(callable) > 0 && err != nil:
				t.Errorf("%s at %s: Next = %v with %d callable", staff, counter, err, len(callable))
			case len(callable) > 0:
				first := list[slices.IndexFunc(list, func(x *queue.Ticket) bool { return slices.Contains(callable, x) })]
				if tk != first {
					t.Errorf("%s at %s: Next = %s, the list's first callable is %s", staff, counter, tk.Number, first.Number)
				}
			}
		}
	}
}

func TestNextNeedsSession(t *testing.T) {
	s := newState(t)
	issue(t, s, "purchase", t0)
	if _, err := s.Next("conseil", "c1", t0); queue.ErrorCode(err) != queue.EFORBIDDEN {
		t.Errorf("Next for staff not logged in = %v, want forbidden", err)
	}
	login(t, s, "conseil", "c2")
	if _, err := s.Next("conseil", "c1", t0); queue.ErrorCode(err) != queue.EFORBIDDEN {
		t.Errorf("Next at another counter than the session's = %v, want forbidden", err)
	}
	mustApply(t, s, tablet, queue.StaffPaused, t0, queue.StaffBody{Staff: "conseil", Why: "break"})
	if _, err := s.Next("conseil", "c2", t0); queue.ErrorCode(err) != queue.ECONFLICT {
		t.Errorf("Next on a pause = %v, want conflict", err)
	}
}

func TestCheckLoginAndUnserved(t *testing.T) {
	c := defaultConfig()
	if rs := c.Unserved("ghost", "c1"); rs != nil {
		t.Errorf("Unserved(ghost) = %v", rs)
	}
	if rs := c.Unserved("conseil", "c1"); rs != nil {
		t.Errorf("Unserved(conseil, c1) = %v", rs)
	}
	if rs := c.Unserved("manager", ""); rs != nil {
		t.Errorf("Unserved at the door = %v", rs)
	}
	if err := c.CheckLogin("manager", ""); err != nil {
		t.Errorf("a manager at the door: %v", err)
	}
}

func TestDoorReasonsAndTransfer(t *testing.T) {
	c := defaultConfig()
	var door []string
	for _, r := range c.DoorReasons() {
		door = append(door, r.Code)
	}
	if !slices.Equal(door, []string{"purchase", "sim", "expert", "other"}) {
		t.Errorf("DoorReasons = %v", door)
	}
	var to []string
	for _, st := range c.TransferTargets("conseil") {
		to = append(to, st.ID)
	}
	if !slices.Equal(to, []string{"manager", "expert"}) {
		t.Errorf("TransferTargets(conseil) = %v", to)
	}
	for _, tc := range []struct {
		current, reason, to, want, code string
	}{
		{"purchase", "sim", "", "sim", ""},
		{"purchase", "", "manager", "purchase", ""}, // they serve it: same need
		{"purchase", "", "expert", "expert", ""},    // they do not: their first reason
		{"purchase", "expert", "expert", "expert", ""},
		{"purchase", "sim", "expert", "", queue.EINVALID}, // expert does not serve sim
		{"purchase", "", "", "", queue.EINVALID},
		{"purchase", "appointment", "", "", queue.EINVALID},
		{"purchase", "nope", "", "", queue.EINVALID},
		{"purchase", "", "orient", "", queue.EINVALID},
		{"purchase", "", "ghost", "", queue.EINVALID},
	} {
		got, err := c.TransferReason(tc.current, tc.reason, tc.to)
		if got != tc.want || queue.ErrorCode(err) != tc.code {
			t.Errorf("TransferReason(%s, %q, %q) = %q, %v; want %q, %q", tc.current, tc.reason, tc.to, got, err, tc.want, tc.code)
		}
	}
	t.Run("ToSomeoneWhoServesNothing", func(t *testing.T) {
		c := copyConfig()
		c.Staff = append(c.Staff, queue.Staff{ID: "new", Role: queue.RoleConseiller, Skills: []string{"none"}})
		c.Reasons = slices.DeleteFunc(c.Reasons, func(r queue.Reason) bool { return r.Skill == "" })
		if got, err := c.TransferReason("purchase", "", "new"); queue.ErrorCode(err) != queue.EINVALID {
			t.Errorf("TransferReason to someone serving nothing = %q, %v", got, err)
		}
	})
}

func TestAppointments(t *testing.T) {
	s := newState(t)
	book := func(code, kind, reason string, at time.Time) {
		mustApply(t, s, hub, queue.AppointmentBooked, t0, queue.Appointment{Code: code, Kind: kind, Reason: reason, At: at})
	}
	book("RDV42", "appointment", "appointment", t0.Add(2*time.Hour))
	book("RDV7", "appointment", "appointment", t0.Add(10*time.Minute))
	book("RDV8", "appointment", "appointment", t0.Add(10*time.Minute))
	book("RDV-LATE", "appointment", "appointment", t0.Add(-20*time.Minute))
	book("RDV-TOMORROW", "appointment", "appointment", t0.Add(24*time.Hour))
	book("web7", "pickup", "pickup", t0.Add(5*time.Minute))

	t.Run("FindIgnoresCase", func(t *testing.T) {
		for code, want := range map[string]string{"RDV42": "RDV42", "rdv42": "RDV42", "Web7": "web7", "WEB7": "web7", "RDV4": "", "": ""} {
			got := ""
			if a := s.FindAppointment(code); a != nil {
				got = a.Code
			}
			if got != want {
				t.Errorf("FindAppointment(%q) = %q, want %q", code, got, want)
			}
		}
	})
	codes := func(as []*queue.Appointment) []string {
		var out []string
		for _, a := range as {
			out = append(out, a.Code)
		}
		return out
	}
	if got := codes(s.DayAppointments(t0)); !slices.Equal(got, []string{"RDV-LATE", "RDV7", "RDV8", "RDV42"}) {
		t.Errorf("DayAppointments = %v", got)
	}
	if got := codes(s.AppointmentsDue(t0, 30*time.Minute)); !slices.Equal(got, []string{"web7", "RDV7", "RDV8"}) {
		t.Errorf("AppointmentsDue = %v (late by more than AppointmentLate, or beyond 30 min, are not)", got)
	}
}

func TestValidPhone(t *testing.T) {
	for p, want := range map[string]bool{
		"0612345678": true, "0112345678": true, "+33612345678": true, "+4915112345678": true,
		"": false, "061234567": false, "06123456789": false, "0012345678": false, "+3361": false,
		"+3361234567890123": false, "06+2345678": false, "+": false, "+33 6 12": false,
	} {
		if got := queue.ValidPhone(p); got != want {
			t.Errorf("ValidPhone(%q) = %v", p, got)
		}
	}
}

func TestPrepareIssue(t *testing.T) {
	s := newState(t)
	grantLease(t, s, kiosk, day, "A")
	mustApply(t, s, hub, queue.AppointmentBooked, t0, queue.Appointment{Code: "RDV42", Kind: "appointment", Reason: "appointment", At: t0})
	grantLease(t, s, kiosk, day, "R")
	take := func(is queue.Issue) *queue.Ticket {
		t.Helper()
		is.Body.Ticket, is.Body.Token = "t-"+is.Body.Number, "tok"
		mustApply(t, s, kiosk, is.Type, t0, is.Body)
		return current(t, s, is.Body.Ticket)
	}
	t.Run("LowestFreeNumberOfTheDay", func(t *testing.T) {
		is, err := s.PrepareIssue(kiosk, queue.IssueBody{Reason: "purchase", Lang: "en"}, false, t0)
		if err != nil || is.Type != queue.TicketIssued || is.Body.Number != "A001" || is.Body.Day != day || is.Body.Lang != "en" || is.Left != 49 {
			t.Fatalf("PrepareIssue = %+v, %v", is, err)
		}
		take(is)
		if is, _ := s.PrepareIssue(kiosk, queue.IssueBody{Reason: "purchase"}, false, t0); is.Body.Number != "A002" || is.Left != 48 {
			t.Errorf("next = %+v", is)
		}
	})
	t.Run("CheckInIgnoresCase", func(t *testing.T) {
		is, err := s.PrepareIssue(kiosk, queue.IssueBody{Reason: "purchase", Appointment: "rdv42"}, true, t0)
		if err != nil || is.Type != queue.AppointmentCheckIn || is.Body.Reason != "appointment" || is.Body.Appointment != "RDV42" || is.Body.Number != "R001" {
			t.Fatalf("PrepareIssue(check-in) = %+v, %v", is, err)
		}
		if tk := take(is); tk.Priority != queue.PriorityAppointment {
			t.Errorf("checked in with priority %s", tk.Priority)
		}
	})
	for _, tc := range []struct {
		name    string
		device  string
		b       queue.IssueBody
		checkIn bool
		at      time.Time
		code    string
	}{
		{"AlreadyCheckedIn", kiosk, queue.IssueBody{Appointment: "RDV42"}, true, t0, queue.ECONFLICT},
		{"UnknownAppointment", kiosk, queue.IssueBody{Appointment: "RDV9"}, true, t0, queue.ENOTFOUND},
		{"UnknownReason", kiosk, queue.IssueBody{Reason: "nope"}, false, t0, queue.EINVALID},
		{"NoLeaseForThisPrefix", kiosk, queue.IssueBody{Reason: "sim"}, false, t0, queue.ELIMIT},
		{"NoLeaseForThisDevice", "kiosk-2", queue.IssueBody{Reason: "purchase"}, false, t0, queue.ELIMIT},
		{"NoLeaseTomorrow", kiosk, queue.IssueBody{Reason: "purchase"}, false, t0.Add(24 * time.Hour), queue.ELIMIT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if is, err := s.PrepareIssue(tc.device, tc.b, tc.checkIn, tc.at); queue.ErrorCode(err) != tc.code {
				t.Errorf("PrepareIssue = %+v, %v; want code %s", is, err, tc.code)
			}
		})
	}
}
