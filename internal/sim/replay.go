package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"accueil/internal/queue"
)

// Arrival is a visitor of a replayed day: when they came (since midnight)
// and why.
type Arrival struct {
	At     time.Duration
	Reason string
}

// Resample draws from durations seen in a real store, each as likely.
func Resample(ds []time.Duration) Dist {
	ds = slices.Clone(ds)
	return func(r *rand.Rand) time.Duration { return ds[r.IntN(len(ds))] }
}

// Replay makes a day to simulate from a real day's tickets: the same
// visitors at the same times, services drawn from that day's service
// times of their reason (or of all reasons when a reason has none), and
// each staff member on shift from their first call to their last end, at
// the counter they used most.
func Replay(cfg queue.Config, tickets []queue.Ticket) (Day, error) {
	loc := cfg.Location()
	d := Day{Config: cfg, Service: map[string]Dist{}}
	services := map[string][]time.Duration{}
	var all []time.Duration
	type span struct {
		from, to time.Time
		counters map[string]int
	}
	spans := map[string]*span{}
	for _, t := range tickets {
		at := t.ArrivedAt.In(loc)
		d.Visitors = append(d.Visitors, Arrival{At: sinceMidnight(at), Reason: t.Reason})
		if t.Staff == "" || t.CalledAt.IsZero() {
			continue
		}
		if !t.StartedAt.IsZero() && t.EndedAt.After(t.StartedAt) {
			s := t.EndedAt.Sub(t.StartedAt)
			services[t.Reason], all = append(services[t.Reason], s), append(all, s)
		}
		sp := spans[t.Staff]
		if sp == nil {
			sp = &span{from: t.CalledAt, to: t.CalledAt, counters: map[string]int{}}
			spans[t.Staff] = sp
		}
		end := t.EndedAt
		if end.IsZero() {
			end = t.CalledAt
		}
		sp.from = minTime(sp.from, t.CalledAt)
		sp.to = maxTime(sp.to, end)
		sp.counters[t.Counter]++
	}
	if len(d.Visitors) == 0 {
		return Day{}, fmt.Errorf("sim: no visitor to replay")
	}
	if len(all) == 0 {
		return Day{}, fmt.Errorf("sim: no service seen that day: nothing to draw service times from")
	}
	for _, r := range cfg.Reasons {
		if len(services[r.Code]) > 0 {
			d.Service[r.Code] = Resample(services[r.Code])
		} else {
			d.Service[r.Code] = Resample(all)
		}
	}
	staff := make([]string, 0, len(spans))
	for id := range spans {
		staff = append(staff, id)
	}
	slices.Sort(staff)
	for _, id := range staff {
		sp := spans[id]
		counter, most := "", 0
		for c, n := range sp.counters {
			if n > most || (n == most && c < counter) {
				counter, most = c, n
			}
		}
		d.Shifts = append(d.Shifts, Shift{Staff: id, Counter: counter, From: sinceMidnight(sp.from.In(loc)), To: sinceMidnight(sp.to.In(loc)) + time.Minute})
	}
	return d, nil
}

func sinceMidnight(t time.Time) time.Duration {
	return time.Duration(t.Hour())*time.Hour + time.Duration(t.Minute())*time.Minute + time.Duration(t.Second())*time.Second
}

func minTime(a, b time.Time) time.Time {
	if b.Before(a) {
		return b
	}
	return a
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// ParseShift reads a shift added to a day, "staff@counter 12:00-14:00"
// (the counter may be left out: "expert 12:00-14:00" uses the staff
// member's first counter that takes their skills).
func ParseShift(cfg *queue.Config, s string) (Shift, error) {
	who, hours, ok := strings.Cut(strings.TrimSpace(s), " ")
	from, to, ok2 := strings.Cut(strings.TrimSpace(hours), "-")
	if !ok || !ok2 {
		return Shift{}, fmt.Errorf("sim: shift %q: want staff[@counter] HH:MM-HH:MM", s)
	}
	staff, counter, _ := strings.Cut(who, "@")
	st := cfg.StaffMember(staff)
	if st == nil {
		return Shift{}, fmt.Errorf("sim: shift %q: no staff member %q", s, staff)
	}
	if counter == "" {
		for _, c := range cfg.Counters {
			if slices.ContainsFunc(st.Skills, func(k string) bool { return slices.Contains(c.Skills, k) }) {
				counter = c.ID
				break
			}
		}
	}
	if cfg.Counter(counter) == nil {
		return Shift{}, fmt.Errorf("sim: shift %q: no counter %q", s, counter)
	}
	f, err1 := time.Parse("15:04", from)
	t, err2 := time.Parse("15:04", to)
	if err1 != nil || err2 != nil || !t.After(f) {
		return Shift{}, fmt.Errorf("sim: shift %q: hours must be HH:MM-HH:MM, the end after the start", s)
	}
	return Shift{Staff: staff, Counter: counter, From: sinceMidnight(f), To: sinceMidnight(t)}, nil
}

// Summary is what a simulated day amounts to.
type Summary struct {
	Visitors, Called, WalkedOut, Left int // Left: never called nor walked out (staff gone)
	MeanWait, P90Wait                 time.Duration
	WithinSLA                         float64 // share of called visitors called within target
}

// Summarize sums up res in the store's configuration.
func Summarize(cfg *queue.Config, res *Result) Summary {
	s := Summary{Visitors: len(res.Visits)}
	var waits []time.Duration
	within := 0
	for _, v := range res.Visits {
		switch {
		case v.Called:
			s.Called++
			waits = append(waits, v.Wait)
			if r := cfg.Reason(v.Reason); r != nil && v.Wait <= time.Duration(r.SLAMinutes)*time.Minute {
				within++
			}
		case v.WalkedOut:
			s.WalkedOut++
		default:
			s.Left++
		}
	}
	if len(waits) > 0 {
		slices.Sort(waits)
		var sum time.Duration
		for _, w := range waits {
			sum += w
		}
		s.MeanWait, s.P90Wait = sum/time.Duration(len(waits)), waits[(9*len(waits)+9)/10-1]
		s.WithinSLA = float64(within) / float64(len(waits))
	}
	return s
}
