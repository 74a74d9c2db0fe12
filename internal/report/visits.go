package report

import (
	"context"
	"time"

	"accueil/internal/queue"
)

// Visit is one ticket as an export lists it, with what it counts for.
type Visit struct {
	Day, Number, Reason     string
	Priority                queue.Priority
	Status                  queue.Status
	Arrived                 time.Time
	Called, Ended           time.Time     // zero when it did not happen
	Wait                    time.Duration // to the first call; 0 when never called
	Service                 time.Duration // of a visit served; 0 otherwise
	WithinSLA               bool          // called within its reason's target wait
	Transfers               int
	Staff, Counter, Outcome string
	Feedback                *queue.Feedback // the visitor's answer, if they gave one
}

// Visits calls fn with each visit of r, in order of arrival, one at a time.
func Visits(ctx context.Context, src Source, cfg *queue.Config, r Range, fn func(Visit) error) error {
	if _, err := r.Days(); err != nil {
		return err
	}
	return src.TicketsBetween(ctx, r.From, r.To, func(t *queue.Ticket) error {
		v := visitOf(t, cfg)
		out := Visit{Day: t.Day, Number: t.Number, Reason: t.Reason, Priority: t.Priority, Status: t.Status,
			Arrived: t.ArrivedAt, Ended: t.EndedAt, Service: v.service, WithinSLA: v.withinSLA,
			Transfers: v.transfers, Staff: t.Staff, Counter: t.Counter, Outcome: t.Outcome, Feedback: t.Feedback}
		if v.called {
			out.Called, out.Wait = t.ArrivedAt.Add(v.wait), v.wait
		}
		return fn(out)
	})
}
