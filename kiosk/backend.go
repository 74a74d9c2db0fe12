package main

import (
	"context"
	"time"

	"accueil/internal/queue"
)

// Backend is what the kiosk needs of the store: the sync layer's device
// client (*mqttsync.Client) satisfies it.
type Backend interface {
	// View returns a snapshot of the store as this device sees it: the
	// confirmed log and its own pending events. The caller must not change
	// it.
	View() *queue.State
	// OnChange registers fn, called off the UI goroutine after the view
	// changes.
	OnChange(fn func())
	// Online reports whether the hub can be reached.
	Online() bool
	// Issue issues a ticket from the device's leased numbers, online or
	// not: it fills the ticket id, number, day and token. With checkIn,
	// b.Appointment is the code checked in and the appointment's reason is
	// the ticket's. Errors carry a queue.ErrorCode: ELIMIT when no number
	// is left, ENOTFOUND for an unknown appointment, ECONFLICT for one
	// already checked in.
	Issue(ctx context.Context, b queue.IssueBody, checkIn bool) (queue.Ticket, error)
	// Submit makes any other event of the device, queue.DeviceAlert say.
	Submit(ctx context.Context, typ string, body any) (queue.Event, error)
}

// Clock tells the time and runs timers, so tests drive time by hand.
type Clock interface {
	Now() time.Time
	// AfterFunc calls f, on its own goroutine, once d has passed.
	AfterFunc(d time.Duration, f func()) Timer
}

// Timer is a timer started by a Clock.
type Timer interface {
	Stop() bool
}

// systemClock is the Clock of the running kiosk.
type systemClock struct{}

func (systemClock) Now() time.Time { return time.Now() }

func (systemClock) AfterFunc(d time.Duration, f func()) Timer { return time.AfterFunc(d, f) }
