package main

import (
	"context"
	"log/slog"
	"slices"
	"time"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
)

// Backend is what the tablet needs of the store: its replica and its link
// to the hub. In the app it is the device's mqttsync.Client over its
// replica (Replica); screens never see either directly.
type Backend interface {
	Device() string
	View() *queue.State // read-only, never cloned
	Online() bool
	Submit(ctx context.Context, typ string, body any) (queue.Event, error)
	Request(ctx context.Context, typ string, body any) (mqttsync.Ack, error)
	Issue(ctx context.Context, b queue.IssueBody, checkIn bool) (queue.Ticket, error)
	// CustomerTickets reads a customer's latest visits from the replica's
	// read model, newest first. It reads the disk: never on the UI goroutine.
	CustomerTickets(ctx context.Context, customer string, limit int) ([]queue.Ticket, error)
}

// Replica is the app's Backend: the device's client, and its database for
// history.
type Replica struct{ *mqttsync.Client }

// CustomerTickets reads the replica's tickets of customer.
func (r Replica) CustomerTickets(ctx context.Context, customer string, limit int) ([]queue.Ticket, error) {
	return r.DB().CustomerTickets(ctx, customer, limit)
}

// Session is what every screen works with: the backend, and who is logged
// in at which counter. Its methods are the actions of the tablet; they
// never touch a widget, so tests (and two counters racing for the next
// visitor) call them from any goroutine. Staff and Counter are set and
// read on the UI goroutine only.
type Session struct {
	B    Backend
	Lang string
	Now  func() time.Time
	Log  *slog.Logger

	Staff   string // logged in, "" before
	Counter string // "" for an orienteur at the door
}

// View returns a snapshot of the store, to read only.
func (s *Session) View() *queue.State { return s.B.View() }

// Me returns the logged-in staff member, or nil.
func (s *Session) Me(v *queue.State) *queue.Staff {
	if s.Staff == "" {
		return nil
	}
	return v.Config.StaffMember(s.Staff)
}

// Login asks the hub to check staff's PIN and open a session at counter.
// It needs the hub: a tablet never checks a PIN itself.
func Login(ctx context.Context, c Backend, staff, counter, pin string) error {
	_, err := c.Request(ctx, queue.LoginRequest, queue.StaffBody{Staff: staff, Counter: counter, PIN: pin})
	return err
}

// CallNext asks the hub for the next visitor of staff at counter: the hub
// decides, so two counters never call the same ticket. It returns the
// called ticket, already in the client's view.
func CallNext(ctx context.Context, c Backend, staff, counter string) (*queue.Ticket, error) {
	a, err := c.Request(ctx, queue.CallNextRequest, queue.CallNextBody{Staff: staff, Counter: counter})
	if err != nil {
		return nil, err
	}
	t := c.View().Tickets[a.Ticket]
	if t == nil {
		return nil, queue.Errorf(queue.EINTERNAL, "called ticket %q is not in the view", a.Ticket)
	}
	return t, nil
}

// Submit records an event of the logged-in staff member: applied at once,
// sent to the hub when it can be reached.
func (s *Session) Submit(ctx context.Context, typ string, body any) error {
	_, err := s.B.Submit(ctx, typ, body)
	return err
}

// Issue issues a ticket at this tablet (a visitor met at the door, an
// appointment checked in).
func (s *Session) Issue(ctx context.Context, b queue.IssueBody, checkIn bool) (queue.Ticket, error) {
	return s.B.Issue(ctx, b, checkIn)
}

// Current returns the ticket the logged-in staff member has called or
// serves, or nil.
func (s *Session) Current(v *queue.State) *queue.Ticket { return v.Current(s.Staff) }

// CanCall reports whether the logged-in staff member may call waiting
// ticket t themselves, from this tablet at their counter (see
// queue.State.CanCall: the rule the hub applies).
func (s *Session) CanCall(v *queue.State, t *queue.Ticket) bool {
	return v.CanCall(s.B.Device(), s.Staff, s.Counter, t) == nil
}

// History returns the earlier visits of t's customer, newest first,
// without t itself. It reads the disk: call it off the UI goroutine.
func (s *Session) History(ctx context.Context, t *queue.Ticket) ([]queue.Ticket, error) {
	if t == nil || t.Customer == "" {
		return nil, nil
	}
	ts, err := s.B.CustomerTickets(ctx, t.Customer, 11)
	if err != nil {
		return nil, queue.Errorf(queue.EINTERNAL, "earlier visits: %v", err)
	}
	ts = slices.DeleteFunc(ts, func(x queue.Ticket) bool { return x.ID == t.ID })
	return ts[:min(len(ts), 10)], nil
}
