package queue

import (
	"cmp"
	"slices"
	"time"
)

// Precedence classes of a waiting ticket, highest first. See Next.
const (
	classNormal   = 1
	classPriority = 2
	classDue      = 3
)

// class returns the precedence of waiting ticket t at now:
//
//   - 3, an appointment that is due: checked in, and now is within
//     [time − AppointmentEarly, time + AppointmentLate];
//   - 2, coupe-file: premium or accessibility, and any ticket that has waited
//     in its queue longer than its reason's SLA, so normal tickets are never
//     starved by a stream of priority ones;
//   - 1, everybody else, early or late appointments included.
func (s *State) class(t *Ticket, now time.Time) int {
	if t.Priority == PriorityAppointment {
		if a := s.Appointments[t.Appointment]; a != nil {
			early := a.At.Add(-time.Duration(s.Config.AppointmentEarly) * time.Minute)
			late := a.At.Add(time.Duration(s.Config.AppointmentLate) * time.Minute)
			if !now.Before(early) && !now.After(late) {
				return classDue
			}
		}
	}
	if t.Priority == PriorityPremium || t.Priority == PriorityAccessibility {
		return classPriority
	}
	if s.Config.Late(t, now) {
		return classPriority
	}
	return classNormal
}

// before reports whether waiting ticket a is called before b: higher class
// first, then earlier arrival (a transfer keeps its arrival time), then
// ticket id as a stable tie-break.
func (s *State) before(a, b *Ticket, now time.Time) int {
	if c := cmp.Compare(s.class(b, now), s.class(a, now)); c != 0 {
		return c
	}
	if c := a.ArrivedAt.Compare(b.ArrivedAt); c != 0 {
		return c
	}
	return cmp.Compare(a.ID, b.ID)
}

// Serves reports whether staff member staff, at counter (when it lists
// skills), serves the reason of ticket t: the rule of who sees a ticket in
// their list, and of who may call it (see CanCall, Next).
func (s *State) Serves(staff, counter string, t *Ticket) bool {
	return s.Config.Serves(staff, counter, t.Reason)
}

// Serves reports whether staff member staff has the skill reason needs,
// and counter (when known and listing skills) takes it.
func (c *Config) Serves(staff, counter, reason string) bool {
	st, r := c.StaffMember(staff), c.Reason(reason)
	if st == nil || r == nil || !st.CanServe(r) {
		return false
	}
	co := c.Counter(counter)
	return co == nil || co.serves(r)
}

// Late reports whether t waits past its reason's SLA.
func (c *Config) Late(t *Ticket, now time.Time) bool {
	r := c.Reason(t.Reason)
	return r != nil && t.Status == Waiting && now.Sub(t.QueuedAt) > time.Duration(r.SLAMinutes)*time.Minute
}

// keptFor reports whether t waits for someone other than staff: a ticket
// transferred or booked to one person waits for them while they are
// logged in, even on a short pause; logging out frees it.
func (s *State) keptFor(t *Ticket, staff string) bool {
	return t.ForStaff != "" && t.ForStaff != staff && s.Sessions[t.ForStaff] != nil
}

// Next returns the ticket staffID at counterID should call now. The staff
// member must be logged in at that counter (EFORBIDDEN), not on a pause,
// with nobody called or served there or by them (ECONFLICT). Among the
// waiting tickets they serve there (see Serves) and not kept for someone
// else, the one of highest class (see class), then the earliest arrival; a
// ticket meant for this staff member goes first within its class. It
// returns EEMPTY when nobody waits for them.
func (s *State) Next(staffID, counterID string, now time.Time) (*Ticket, error) {
	st := s.Config.StaffMember(staffID)
	if st == nil {
		return nil, Errorf(ENOTFOUND, "no staff %q", staffID)
	}
	if s.Config.Counter(counterID) == nil {
		return nil, Errorf(ENOTFOUND, "no counter %q", counterID)
	}
	ss := s.Sessions[staffID]
	if ss == nil {
		return nil, Errorf(EFORBIDDEN, "%s is not logged in", staffID)
	}
	if err := s.ready(ss, counterID); err != nil {
		return nil, err
	}
	var best *Ticket
	for _, t := range s.Tickets {
		if t.Status != Waiting || !s.Serves(staffID, counterID, t) || s.keptFor(t, staffID) {
			continue
		}
		if best == nil || s.order(t, best, st.ID, now) < 0 {
			best = t
		}
	}
	if best == nil {
		return nil, Errorf(EEMPTY, "nobody waits for %s", st.Name)
	}
	return best, nil
}

// WaitingFor returns the waiting tickets staff at counter serves (see
// Serves), in the order they would call them; tickets kept for someone
// else are listed too, where they would come. Next gives the first that is
// not kept, and CanCall allows exactly those when the desk is ready.
func (s *State) WaitingFor(staff, counter string, now time.Time) []*Ticket {
	var ts []*Ticket
	for _, t := range s.Tickets {
		if t.Status == Waiting && s.Serves(staff, counter, t) {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b *Ticket) int { return s.order(a, b, staff, now) })
	return ts
}

// order compares waiting tickets a and b for staff member staffID: < 0
// when they should call a first. Within a class, a ticket meant for them
// comes first; then see before.
func (s *State) order(a, b *Ticket, staffID string, now time.Time) int {
	if c := cmp.Compare(s.class(b, now), s.class(a, now)); c != 0 {
		return c
	}
	if c := cmp.Compare(notFor(a, staffID), notFor(b, staffID)); c != 0 {
		return c
	}
	return s.before(a, b, now)
}

// notFor is 0 for a ticket meant for staff, 1 for any other.
func notFor(t *Ticket, staff string) int {
	if t.ForStaff == staff {
		return 0
	}
	return 1
}

// Waiting returns the waiting tickets of reason (all reasons when empty) in
// the order they will be called.
func (s *State) Waiting(reason string, now time.Time) []*Ticket {
	var ts []*Ticket
	for _, t := range s.Tickets {
		if t.Status == Waiting && (reason == "" || t.Reason == reason) {
			ts = append(ts, t)
		}
	}
	slices.SortFunc(ts, func(a, b *Ticket) int { return s.before(a, b, now) })
	return ts
}

// Ahead returns how many people wait before ticket id in its reason's
// queue, or -1 when it is not waiting.
func (s *State) Ahead(id string, now time.Time) int {
	t := s.Tickets[id]
	if t == nil || t.Status != Waiting {
		return -1
	}
	return slices.Index(s.Waiting(t.Reason, now), t)
}
