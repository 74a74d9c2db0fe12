package main

import (
	"context"

	"accueil/internal/mqttsync"
	"accueil/internal/queue"
)

// Backend is what the tablet needs of the store: its replica and its link
// to the hub. In the app it is the device's mqttsync.Client over its
// replica (Replica); screens never see either directly.
type Backend interface {
	Device() string
	// View returns the store as this device sees it, read-only, never
	// cloned.
	View() *queue.State
	// OnChange registers fn, called off the UI goroutine after the view
	// changes.
	OnChange(fn func())
	// Online reports whether the hub can be reached.
	Online() bool
	// Submit makes an event of the device: applied at once, sent to the hub
	// when it can be reached. Errors carry the queue.ErrorCode of the rule
	// broken (see queue.State.Admit).
	Submit(ctx context.Context, typ string, body any) (queue.Event, error)
	// Request asks the hub to decide (login, call next): EOFFLINE when it
	// cannot be reached, EFORBIDDEN for a wrong PIN, EEMPTY when nobody
	// waits.
	Request(ctx context.Context, typ string, body any) (mqttsync.Ack, error)
	// Issue issues a ticket from the device's leased numbers; ELIMIT when
	// none is left, ENOTFOUND or ECONFLICT for an appointment checked in.
	Issue(ctx context.Context, b queue.IssueBody, checkIn bool) (queue.Ticket, error)
	// CustomerTickets reads a customer's latest visits from the replica's
	// read model, newest first.
	CustomerTickets(ctx context.Context, customer string, limit int) ([]queue.Ticket, error)
}

// Replica is the app's Backend: the device's client, and its database for
// history.
type Replica struct{ *mqttsync.Client }

// CustomerTickets reads the replica's tickets of customer.
func (r Replica) CustomerTickets(ctx context.Context, customer string, limit int) ([]queue.Ticket, error) {
	return r.DB().CustomerTickets(ctx, customer, limit)
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
