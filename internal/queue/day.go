package queue

import (
	"maps"
	"slices"
	"strings"
)

// The open business day. A State holds the tickets of the store's open
// day and those still open from earlier days. When an event of a later day
// is applied, the open day closes (see roll): the tickets that ended before
// the new day, the appointments of past days and the older leases leave
// memory. They stay in the log and in the read models, where history is
// read. The events alone decide when a day closes, so every replica that
// folds the same log holds the same state.

// roll opens day when it comes after the open day. The numbers used and
// leased on the day that closes are kept until the next one closes: a
// ticket a device issued just before midnight may still arrive.
func (s *State) roll(day string) {
	if day <= s.Day {
		return
	}
	closing := s.Day
	s.Day = day
	if closing == "" {
		return
	}
	maps.DeleteFunc(s.Tickets, func(id string, t *Ticket) bool {
		if t.Status.Open() || Day(t.EndedAt, s.loc) >= day {
			return false
		}
		if s.gone == nil {
			s.gone = map[string]*Ticket{}
		}
		s.gone[id] = t
		return true
	})
	maps.DeleteFunc(s.Incidents, func(_ string, i *Incident) bool { return !i.Open() })
	maps.DeleteFunc(s.Appointments, func(_ string, a *Appointment) bool {
		return Day(a.At, s.loc) < day && (a.Ticket == "" || s.Tickets[a.Ticket] == nil)
	})
	s.Leases = slices.DeleteFunc(slices.Clone(s.Leases), func(l Lease) bool { return l.Day < closing })
	maps.DeleteFunc(s.used, func(k string, _ bool) bool {
		d, _, _ := strings.Cut(k, "|")
		return d < closing
	})
	s.index()
}

// index rebuilds the lease indexes from s.Leases.
func (s *State) index() {
	s.leased, s.holders = map[string]int{}, map[string][]Lease{}
	for _, l := range s.Leases {
		s.addLease(l)
	}
}

// addLease records l in the indexes. A holder's slice may be shared with a
// clone, so it is copied before it grows.
func (s *State) addLease(l Lease) {
	key := l.Day + "|" + l.Prefix
	s.leased[key] = max(s.leased[key], l.Last)
	k := holderKey(l.Device, l.Day, l.Prefix)
	s.holders[k] = append(slices.Clip(s.holders[k]), l)
}

func holderKey(device, day, prefix string) string { return device + "|" + day + "|" + prefix }

// Ticket returns the ticket with id, in memory or gone at a day close
// since the last Forget: what the store writes to its read model of a
// batch of events that crossed midnight.
func (s *State) Ticket(id string) *Ticket {
	if t := s.Tickets[id]; t != nil {
		return t
	}
	return s.gone[id]
}

// Forget drops the tickets gone at day closes, once the store has written
// them.
func (s *State) Forget() { s.gone = nil }
