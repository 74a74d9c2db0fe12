package queue_test

import (
	"crypto/md5"
	"fmt"
	"maps"
	"reflect"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"accueil/internal/queue"
)

// t0 is the fixed clock of the tests: Monday 2 March 2026, 10:00 in Paris.
var t0 = time.Date(2026, time.March, 2, 9, 0, 0, 0, time.UTC)

// day is the store-local date of t0.
const day = "2026-03-02"

const (
	kiosk   = "kiosk-1"
	tablet  = "counter-1"
	tablet2 = "counter-2"
	hub     = "hub"
)

// defaultConfig is DefaultConfig computed once: its PINs are hashed with
// PBKDF2, too slow to repeat in every subtest. Apply never changes a config
// in place, so states may share it; tests that change it copy it first.
var defaultConfig = sync.OnceValue(queue.DefaultConfig)

func newState(t testing.TB) *queue.State {
	t.Helper()
	return queue.NewState(defaultConfig())
}

var eventN atomic.Int64

// newEvent returns an event built with NewEvent under a fresh fake UUIDv7.
func newEvent(t testing.TB, device, typ string, at time.Time, body any) queue.Event {
	t.Helper()
	id := fmt.Sprintf("019c9f00-0000-7000-8000-%012d", eventN.Add(1))
	e, err := queue.NewEvent(id, device, typ, at, body)
	if err != nil {
		t.Fatalf("NewEvent(%s): %v", typ, err)
	}
	return e
}

func apply(t testing.TB, s *queue.State, device, typ string, at time.Time, body any) error {
	t.Helper()
	return s.Apply(newEvent(t, device, typ, at, body))
}

func mustApply(t testing.TB, s *queue.State, device, typ string, at time.Time, body any) {
	t.Helper()
	if err := apply(t, s, device, typ, at, body); err != nil {
		t.Fatalf("Apply(%s): %v", typ, err)
	}
}

// rejects applies an event that must fail with code and leave s as it was.
func rejects(t testing.TB, s *queue.State, code, device, typ string, at time.Time, body any) {
	t.Helper()
	rejectsEvent(t, s, code, newEvent(t, device, typ, at, body))
}

func rejectsEvent(t testing.TB, s *queue.State, code string, e queue.Event) {
	t.Helper()
	before := snapshot(s)
	err := s.Apply(e)
	if got := queue.ErrorCode(err); got != code {
		t.Fatalf("Apply(%s) = %v, want code %q", e.Type, err, code)
	}
	if !reflect.DeepEqual(before, s) {
		t.Fatalf("Apply(%s) failed with %v but changed the state", e.Type, err)
	}
}

// snapshot returns a deep copy of s. Clone shares the tickets, appointments
// and sessions with s, so comparing s with a clone would not see one of them
// changed in place.
func snapshot(s *queue.State) *queue.State {
	c := s.Clone()
	for id, tk := range c.Tickets {
		cp := *tk
		cp.Answers = maps.Clone(tk.Answers)
		cp.Notes = slices.Clone(tk.Notes)
		cp.History = slices.Clone(tk.History)
		c.Tickets[id] = &cp
	}
	for code, a := range c.Appointments {
		cp := *a
		c.Appointments[code] = &cp
	}
	for staff, ss := range c.Sessions {
		cp := *ss
		c.Sessions[staff] = &cp
	}
	return c
}

// grantLease gives device the next block of numbers of prefix on day,
// through a LeaseGranted event from the hub.
func grantLease(t testing.TB, s *queue.State, device, day, prefix string) queue.Lease {
	t.Helper()
	l, err := s.GrantLease(device, day, prefix)
	if err != nil {
		t.Fatalf("GrantLease(%s, %s, %s): %v", device, day, prefix, err)
	}
	mustApply(t, s, hub, queue.LeaseGranted, t0, l)
	return l
}

// issueBody returns the body of a new ticket for reason on the day of at,
// with the lowest number kiosk holds, leasing a block when it holds none.
func issueBody(t testing.TB, s *queue.State, reason string, at time.Time) queue.IssueBody {
	t.Helper()
	r := s.Config.Reason(reason)
	if r == nil {
		t.Fatalf("no reason %q", reason)
	}
	d := queue.Day(at, s.Config.Location())
	free := s.FreeNumbers(kiosk, d, r.Prefix)
	if len(free) == 0 {
		grantLease(t, s, kiosk, d, r.Prefix)
		free = s.FreeNumbers(kiosk, d, r.Prefix)
	}
	number := queue.FormatNumber(r.Prefix, free[0])
	id := "t-" + d + "-" + number
	return queue.IssueBody{Ticket: id, Number: number, Day: d, Reason: reason, Token: fmt.Sprintf("%032x", md5.Sum([]byte(id)))}
}

// issue issues a ticket for reason at at from the kiosk; opts change its body.
func issue(t testing.TB, s *queue.State, reason string, at time.Time, opts ...func(*queue.IssueBody)) *queue.Ticket {
	t.Helper()
	b := issueBody(t, s, reason, at)
	for _, o := range opts {
		o(&b)
	}
	mustApply(t, s, kiosk, queue.TicketIssued, at, b)
	return current(t, s, b.Ticket)
}

func withPriority(p queue.Priority) func(*queue.IssueBody) {
	return func(b *queue.IssueBody) { b.Priority = p }
}

func withAnswers(kv ...string) func(*queue.IssueBody) {
	return func(b *queue.IssueBody) {
		b.Answers = map[string]string{}
		for i := 0; i+1 < len(kv); i += 2 {
			b.Answers[kv[i]] = kv[i+1]
		}
	}
}

func call(t testing.TB, s *queue.State, id, staff, counter string, at time.Time) {
	t.Helper()
	mustApply(t, s, tablet, queue.TicketCalled, at, queue.CallBody{Ticket: id, Counter: counter, Staff: staff})
}

func move(t testing.TB, s *queue.State, typ, id string, at time.Time) {
	t.Helper()
	mustApply(t, s, tablet, typ, at, queue.TicketBody{Ticket: id, Staff: "conseil"})
}

func login(t testing.TB, s *queue.State, staff, counter string) {
	t.Helper()
	mustApply(t, s, tablet, queue.StaffLoggedIn, t0, queue.StaffBody{Staff: staff, Counter: counter})
}

// ticketIn issues a purchase ticket at at and takes it to status st. It
// returns the ticket as it is in s afterwards.
func ticketIn(t testing.TB, s *queue.State, st queue.Status, at time.Time) *queue.Ticket {
	t.Helper()
	id := issue(t, s, "purchase", at).ID
	switch st {
	case queue.Waiting:
		return current(t, s, id)
	case queue.Cancelled:
		mustApply(t, s, kiosk, queue.TicketCancelled, at.Add(time.Minute), queue.CancelBody{Ticket: id})
		return current(t, s, id)
	}
	call(t, s, id, "conseil", "c1", at.Add(time.Minute))
	switch st {
	case queue.Called:
		return current(t, s, id)
	case queue.NoShow:
		move(t, s, queue.TicketNoShow, id, at.Add(2*time.Minute))
		return current(t, s, id)
	}
	move(t, s, queue.ServiceStarted, id, at.Add(2*time.Minute))
	if st == queue.Serving {
		return current(t, s, id)
	}
	mustApply(t, s, tablet, queue.ServiceFinished, at.Add(3*time.Minute),
		queue.FinishBody{Ticket: id, Staff: "conseil", Outcome: "resolved"})
	if st != queue.Done {
		t.Fatalf("ticketIn: no way to %s", st)
	}
	return current(t, s, id)
}

func events(tk *queue.Ticket) []string {
	var es []string
	for _, st := range tk.History {
		es = append(es, st.Event)
	}
	return es
}

func ids(ts []*queue.Ticket) []string {
	var out []string
	for _, t := range ts {
		out = append(out, t.ID)
	}
	return out
}

// copyConfig returns a DefaultConfig whose slices can be changed freely.
func copyConfig() queue.Config {
	c := defaultConfig()
	c.Reasons = slices.Clone(c.Reasons)
	c.Counters = slices.Clone(c.Counters)
	c.Staff = slices.Clone(c.Staff)
	c.Devices = slices.Clone(c.Devices)
	c.Outcomes = slices.Clone(c.Outcomes)
	return c
}

// current returns the ticket id as it is in s now: Apply replaces a ticket
// with a changed copy, so a pointer taken before an event is stale after it.
func current(t testing.TB, s *queue.State, id string) *queue.Ticket {
	t.Helper()
	tk := s.Tickets[id]
	if tk == nil {
		t.Fatalf("no ticket %q in the state", id)
	}
	return tk
}
