// Package eta estimates how long a visitor will wait, from the state of the
// store only: who is ahead, who can serve them now, and how long recent
// services of the same reason took. It does no I/O and reads no clock.
//
// # The rule
//
// For a visitor with ahead people before them in their reason's queue:
//
//	servers  c = staff logged in, not paused, who can serve the reason (skill,
//	             and the counter's skills when it lists some)
//	idle     i = those of them not calling or serving anybody
//	service  S = ServiceTime: mean of the reason's recent services, shrunk
//	             toward a prior while there are few
//	wait       = max(0, ahead + 1 − i) × S / c
//
// With every server busy, the visitor is served after ahead+1 services end,
// and c servers end one every S/c on average; that is the exact expected
// wait of a first-come-first-served queue with c servers and exponential
// service times (M/M/c), and a good one for other service laws. Idle
// servers take the first people at once. When nobody can serve the reason,
// the wait is unknown: Estimate says so rather than guess.
//
// The classic queue-length estimate, ahead × S, ignores how many people
// serve; TestRuleBeatsQueueLength measures both against a simulated store.
//
// Known limits: a server who can serve several reasons counts fully for
// each, and the order between reasons (priorities, SLA) is not modelled
// beyond the ahead count; both make the estimate a little optimistic in a
// busy store with versatile staff. Recent history corrects the service
// time as the day goes.
package eta

import (
	"cmp"
	"slices"
	"time"

	"accueil/internal/queue"
)

const (
	// Recent is how many of a reason's last services make its service
	// time.
	Recent = 20
	// PriorWeight is how many services the prior counts for: the first
	// real services move the estimate, without one odd service ruling it.
	PriorWeight = 2
)

// Prior is the service time of a reason before any service was seen: half
// its SLA (the target wait). It is only a starting point: with
// PriorWeight = 2 it weighs a tenth of the mean once Recent services are
// known.
func Prior(r *queue.Reason) time.Duration {
	return time.Duration(r.SLAMinutes) * time.Minute / 2
}

// ServiceTime returns the expected service time of reason: the mean of
// the Recent last finished services (StartedAt → EndedAt) of its tickets,
// with Prior counted as PriorWeight services. Tickets served on the spot
// at the door (no service time) are left out. It returns 0 for an unknown
// reason.
func ServiceTime(st *queue.State, reason string) time.Duration {
	r := st.Config.Reason(reason)
	if r == nil {
		return 0
	}
	var done []*queue.Ticket
	for _, t := range st.Tickets {
		if t.Reason == reason && t.Status == queue.Done && !t.StartedAt.IsZero() && t.EndedAt.After(t.StartedAt) {
			done = append(done, t)
		}
	}
	slices.SortFunc(done, func(a, b *queue.Ticket) int {
		return cmp.Or(b.EndedAt.Compare(a.EndedAt), cmp.Compare(a.ID, b.ID))
	})
	done = done[:min(len(done), Recent)]
	sum := PriorWeight * Prior(r)
	for _, t := range done {
		sum += t.EndedAt.Sub(t.StartedAt)
	}
	return sum / time.Duration(PriorWeight+len(done))
}

// Servers returns how many staff members can serve reason now (logged
// in, not paused, with the skill, at a counter that takes the reason), and
// how many of them are idle: calling or serving nobody.
func Servers(st *queue.State, reason string) (servers, idle int) {
	busy := map[string]bool{}
	for _, t := range st.Tickets {
		if t.Status == queue.Called || t.Status == queue.Serving {
			busy[t.Staff] = true
		}
	}
	for _, s := range st.Sessions {
		if s.Paused || !st.Config.Serves(s.Staff, s.Counter, reason) {
			continue
		}
		servers++
		if !busy[s.Staff] {
			idle++
		}
	}
	return servers, idle
}

// Wait is the rule of the package: the expected wait behind ahead people
// with servers serving, idle of them free, and service time per visitor.
// It is 0 when servers is 0; callers check that first.
func Wait(ahead, servers, idle int, service time.Duration) time.Duration {
	need := ahead + 1 - idle
	if servers <= 0 || need <= 0 {
		return 0
	}
	return time.Duration(need) * service / time.Duration(servers)
}

// Estimate returns how long a visitor of reason waits with ahead people
// before them, and whether it is known: it is not when nobody who can
// serve the reason is at work, or the reason is unknown. now is unused
// today and kept for estimates by hour of day.
func Estimate(st *queue.State, reason string, ahead int, now time.Time) (wait time.Duration, known bool) {
	servers, idle := Servers(st, reason)
	if servers == 0 {
		return 0, false
	}
	return Wait(max(ahead, 0), servers, idle, ServiceTime(st, reason)), true
}

// Posted returns the wait of a visitor arriving now, for each reason whose
// wait is known: the figure shown at the door. A reason nobody can serve
// now is absent from the map.
func Posted(st *queue.State, now time.Time) map[string]time.Duration {
	posted := map[string]time.Duration{}
	for _, r := range st.Config.Reasons {
		if w, ok := Estimate(st, r.Code, len(st.Waiting(r.Code, now)), now); ok {
			posted[r.Code] = w
		}
	}
	return posted
}
