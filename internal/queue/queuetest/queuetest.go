// Package queuetest builds a store's state from events, the way devices
// build it, for the tests of the packages that read it (wait estimates, the
// calling display): a store with the default configuration whose kiosk-1
// has numbers leased for every reason.
package queuetest

import (
	"fmt"
	"testing"
	"time"

	"accueil/internal/queue"
)

// Shop is a store's state and the clock of its next event.
type Shop struct {
	T    testing.TB
	St   *queue.State
	At   time.Time     // time of the next event
	Step time.Duration // added to At before each event; 0 keeps the time still
	Log  []queue.Event // the events applied, in order
	n    int
}

// New returns a configured store at time at, with 200 numbers of each
// prefix leased to kiosk-1 for that day.
func New(t testing.TB, at time.Time, step time.Duration) *Shop {
	t.Helper()
	s := &Shop{T: t, St: queue.NewState(queue.Config{}), At: at, Step: step}
	s.Apply("hub", queue.ConfigChanged, queue.DefaultConfig())
	day := queue.Day(s.At, s.St.Config.Location())
	for _, r := range s.St.Config.Reasons {
		s.Apply("hub", queue.LeaseGranted, queue.Lease{Device: "kiosk-1", Day: day, Prefix: r.Prefix, First: 1, Last: 200})
	}
	return s
}

// Apply applies an event of device, failing the test when it is refused.
func (s *Shop) Apply(device, typ string, body any) {
	s.T.Helper()
	s.n++
	s.At = s.At.Add(s.Step)
	e, err := queue.NewEvent(fmt.Sprintf("e%04d", s.n), device, typ, s.At, body)
	if err != nil {
		s.T.Fatal(err)
	}
	e.Seq = s.St.Seq + 1
	if err := s.St.Apply(e); err != nil {
		s.T.Fatalf("%s: %v", typ, err)
	}
	s.Log = append(s.Log, e)
}

// Issue issues a ticket of reason at kiosk-1 and returns its id.
func (s *Shop) Issue(reason string) string {
	s.T.Helper()
	return s.IssueBody(queue.IssueBody{Reason: reason})
}

// IssueBody issues the ticket b asks for (reason, answers…) at kiosk-1
// and returns its id.
func (s *Shop) IssueBody(b queue.IssueBody) string {
	s.T.Helper()
	is, err := s.St.PrepareIssue("kiosk-1", b, false, s.At)
	if err != nil {
		s.T.Fatal(err)
	}
	id := fmt.Sprintf("t%04d", s.n+1)
	is.Body.Ticket, is.Body.Token = id, "k"
	s.Apply("kiosk-1", is.Type, is.Body)
	return id
}
