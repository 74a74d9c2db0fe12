// Package report computes what a store manager reads of a day, a week or
// any range of days: per reason, per hour of arrival and per staff member,
// how many came, how long they waited (mean, median, 90th percentile), how
// long they were served, the share called within the reason's target
// wait, no-shows, walk-outs, transfers and outcomes, the visitors' Net
// Promoter Score (also against the wait), their comments and the unhappy
// ones, and a map of waits by weekday and hour. It reads the store's read model one ticket at a time
// (store.DB.TicketsBetween), never the log, so a report over months costs
// what its days hold, at constant memory beyond one duration per visit
// and the answers with a comment or a detractor's score.
// The manager's window and web pages only render a Report.
package report

import (
	"context"
	"fmt"
	"slices"
	"time"

	"accueil/internal/queue"
)

// MaxDays is the longest range a report covers.
const MaxDays = 366

// Range is a span of business days, both included ("2006-01-02").
type Range struct {
	From, To string
}

// Days returns the number of days in r, after checking it; the error is a
// *RangeError.
func (r Range) Days() (int, error) {
	from, err := time.Parse(time.DateOnly, r.From)
	if err != nil {
		return 0, &RangeError{Code: RangeBadDate, Range: r, Day: r.From}
	}
	to, err := time.Parse(time.DateOnly, r.To)
	if err != nil {
		return 0, &RangeError{Code: RangeBadDate, Range: r, Day: r.To}
	}
	n := int(to.Sub(from).Hours()/24) + 1
	switch {
	case n < 1:
		return 0, &RangeError{Code: RangeReversed, Range: r}
	case n > MaxDays:
		return 0, &RangeError{Code: RangeTooLong, Range: r, Days: n}
	}
	return n, nil
}

// Why a range is refused.
const (
	RangeBadDate  = "bad_date" // a day that is not a date like 2026-03-14
	RangeReversed = "reversed" // the last day comes before the first
	RangeTooLong  = "too_long" // more than MaxDays days
)

// RangeError says why a range cannot be reported, for pages to say it in
// their language.
type RangeError struct {
	Code  string // RangeBadDate, RangeReversed or RangeTooLong
	Range Range
	Day   string // the day that is not a date
	Days  int    // the days of a range too long
}

func (e *RangeError) Error() string {
	switch e.Code {
	case RangeBadDate:
		return fmt.Sprintf("report: day %q: want a date like 2026-03-14", e.Day)
	case RangeReversed:
		return fmt.Sprintf("report: %s comes after %s", e.Range.From, e.Range.To)
	}
	return fmt.Sprintf("report: %d days from %s to %s, at most %d", e.Days, e.Range.From, e.Range.To, MaxDays)
}

// Stats sums up durations.
type Stats struct {
	N                 int
	Mean, Median, P90 time.Duration
}

// Figures are the figures of a set of visits.
type Figures struct {
	Arrivals  int
	Served    int // finished by staff
	NoShows   int
	WalkOuts  int    // left, or were sent away, before being served
	Transfers int    // sent from one reason or person to another
	Called    int    // visits called at least once: their wait is known
	WithinSLA int    // of those, called within their reason's target wait
	SIMSwaps  int    // finished as a SIM replaced, each after an identity check
	Rebond    Rebond // the suggestions to the staff (queue.Rebond) of the visits served
	Wait      Stats
	Service   Stats
	Outcomes  map[string]int
	NPS       NPS // visitors' answers after their visit

	waits, services []time.Duration
}

// SLAShare is the share of called visits called within the target wait,
// from 0 to 1; 0 when nobody was called.
func (f *Figures) SLAShare() float64 { return share(f.WithinSLA, f.Called) }

// Rebond counts the served visits a suggestion to the staff matched, those
// to which it was proposed, and those that accepted it.
type Rebond struct {
	Matched, Proposed, Accepted int
}

// ProposedShare is the share of matched visits the suggestion was
// proposed to, from 0 to 1; 0 when none matched.
func (r Rebond) ProposedShare() float64 { return share(r.Proposed, r.Matched) }

// AcceptedShare is the share of proposals accepted, from 0 to 1; 0 when
// none was proposed.
func (r Rebond) AcceptedShare() float64 { return share(r.Accepted, r.Proposed) }

func share(n, of int) float64 {
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

func (r *Rebond) add(res *queue.RebondResult) {
	r.Matched++
	if res.Proposed {
		r.Proposed++
	}
	if res.Accepted {
		r.Accepted++
	}
}

// IncidentVisits count the visits about an incident (queue.Incident), and
// those who left informed at the kiosk without waiting.
type IncidentVisits struct {
	Visits, Informed int
}

// Report is what a manager reads of a range of days.
type Report struct {
	Range   Range
	Total   Figures
	Reasons map[string]*Figures // by reason code, as it was on each visit
	Hours   [24]Figures         // by hour of arrival, store time
	Staff   map[string]*Figures // by who served (Served, Service, Outcomes)
	Days    map[string]*Figures // by business day ("2006-01-02"), days with visits only
	Rebonds map[string]*Rebond  // by suggestion rule id
	// Incidents are the visits about each incident, by its id.
	Incidents map[string]*IncidentVisits
	// Heat is the mean wait by weekday (time.Sunday = 0) and hour of
	// arrival; N is 0 where nobody was called.
	Heat [7][24]Stats
	// WaitNPS is the NPS of the visits by their wait (see WaitBuckets).
	WaitNPS [len(WaitBuckets) + 1]NPS
	// Comments are the answers with a comment, Detractors the answers
	// of unhappy visitors (a day's: the report of that day), the latest
	// first.
	Comments, Detractors []Answer
}

// Source gives the tickets of a range of days, one at a time.
type Source interface {
	TicketsBetween(ctx context.Context, from, to string, fn func(*queue.Ticket) error) error
}

// Compute builds the report of r from src, in the store's configuration
// cfg (time zone, target waits).
func Compute(ctx context.Context, src Source, cfg *queue.Config, r Range) (*Report, error) {
	if _, err := r.Days(); err != nil {
		return nil, err
	}
	rep := &Report{Range: r, Reasons: map[string]*Figures{}, Staff: map[string]*Figures{}, Days: map[string]*Figures{},
		Rebonds: map[string]*Rebond{}, Incidents: map[string]*IncidentVisits{}}
	var heat [7][24][]time.Duration
	loc := cfg.Location()
	err := src.TicketsBetween(ctx, r.From, r.To, func(t *queue.Ticket) error {
		v := visitOf(t, cfg)
		arrived := t.ArrivedAt.In(loc)
		for _, f := range []*Figures{&rep.Total, group(rep.Reasons, t.Reason), &rep.Hours[arrived.Hour()], group(rep.Days, t.Day)} {
			f.add(v)
		}
		if v.served {
			group(rep.Staff, t.Staff).add(visit{served: true, service: v.service, outcome: v.outcome, simSwap: v.simSwap, feedback: v.feedback, rebond: v.rebond})
		}
		if t.Incident != "" {
			iv := rep.Incidents[t.Incident]
			if iv == nil {
				iv = &IncidentVisits{}
				rep.Incidents[t.Incident] = iv
			}
			iv.Visits++
			if t.Outcome == queue.OutcomeInformed {
				iv.Informed++
			}
		}
		if v.rebond != nil {
			rb := rep.Rebonds[v.rebond.Rule]
			if rb == nil {
				rb = &Rebond{}
				rep.Rebonds[v.rebond.Rule] = rb
			}
			rb.add(v.rebond)
		}
		if v.feedback != nil {
			rep.answer(t, v)
		}
		if v.called {
			h := &heat[arrived.Weekday()][arrived.Hour()]
			*h = append(*h, v.wait)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("report: %w", err)
	}
	rep.Total.finish()
	for _, f := range rep.Reasons {
		f.finish()
	}
	for h := range rep.Hours {
		rep.Hours[h].finish()
	}
	for _, f := range rep.Staff {
		f.finish()
	}
	for _, f := range rep.Days {
		f.finish()
	}
	latestFirst(rep.Comments)
	latestFirst(rep.Detractors)
	for d := range heat {
		for h := range heat[d] {
			rep.Heat[d][h] = stats(heat[d][h])
		}
	}
	return rep, nil
}

func group(m map[string]*Figures, key string) *Figures {
	f := m[key]
	if f == nil {
		f = &Figures{}
		m[key] = f
	}
	return f
}

// visit is what a ticket counts for.
type visit struct {
	arrived, served, noShow, walkOut, called, withinSLA bool
	transfers                                           int
	simSwap                                             bool
	wait, service                                       time.Duration
	outcome                                             string
	feedback                                            *queue.Feedback
	rebond                                              *queue.RebondResult
}

// visitOf reads a ticket: its wait runs from arrival to its first call,
// its service from the last start to its end.
func visitOf(t *queue.Ticket, cfg *queue.Config) visit {
	v := visit{arrived: true, served: t.Status == queue.Done, noShow: t.Status == queue.NoShow,
		walkOut: t.Status == queue.Cancelled && t.Outcome != queue.OutcomeInformed, outcome: t.Outcome, simSwap: t.IDCheck != nil, feedback: t.Feedback,
		rebond: t.Rebond}
	first := t.CalledAt
	for _, s := range t.History {
		switch s.Event {
		case queue.TicketTransferred:
			v.transfers++
		case queue.TicketCalled:
			if first.IsZero() || s.At.Before(first) {
				first = s.At
			}
		}
	}
	if !first.IsZero() {
		v.called, v.wait = true, first.Sub(t.ArrivedAt)
		if r := cfg.Reason(t.Reason); r != nil {
			v.withinSLA = v.wait <= time.Duration(r.SLAMinutes)*time.Minute
		}
	}
	if v.served && !t.StartedAt.IsZero() && !t.EndedAt.IsZero() {
		v.service = t.EndedAt.Sub(t.StartedAt)
	}
	return v
}

func (f *Figures) add(v visit) {
	if v.arrived {
		f.Arrivals++
	}
	if v.served {
		f.Served++
		if v.service > 0 {
			f.services = append(f.services, v.service)
		}
		if v.outcome != "" {
			if f.Outcomes == nil {
				f.Outcomes = map[string]int{}
			}
			f.Outcomes[v.outcome]++
		}
	}
	if v.noShow {
		f.NoShows++
	}
	if v.feedback != nil {
		f.NPS.add(v.feedback)
	}
	if v.simSwap {
		f.SIMSwaps++
	}
	if v.rebond != nil {
		f.Rebond.add(v.rebond)
	}
	if v.walkOut {
		f.WalkOuts++
	}
	f.Transfers += v.transfers
	if v.called {
		f.Called++
		f.waits = append(f.waits, v.wait)
		if v.withinSLA {
			f.WithinSLA++
		}
	}
}

func (f *Figures) finish() {
	f.Wait, f.Service = stats(f.waits), stats(f.services)
	f.waits, f.services = nil, nil
}

// stats returns the mean, the median and the 90th percentile of ds (the
// nearest rank: the smallest value at or above 90 % of them).
func stats(ds []time.Duration) Stats {
	if len(ds) == 0 {
		return Stats{}
	}
	slices.Sort(ds)
	var sum time.Duration
	for _, d := range ds {
		sum += d
	}
	n := len(ds)
	median := ds[n/2]
	if n%2 == 0 {
		median = (ds[n/2-1] + ds[n/2]) / 2
	}
	rank := (9*n + 9) / 10 // ceil(0.9 n)
	return Stats{N: n, Mean: sum / time.Duration(n), Median: median, P90: ds[rank-1]}
}

// HourSpan returns the first and the last hour of arrivals of rep; first
// is past last when nobody came.
func (rep *Report) HourSpan() (first, last int) {
	first, last = 23, 0
	for h := range rep.Hours {
		if rep.Hours[h].Arrivals > 0 {
			first, last = min(first, h), max(last, h)
		}
	}
	return first, last
}

// Quick is one of the usual ranges, named by Key: "today", "yesterday",
// "this_week", "last_week", "last_30".
type Quick struct {
	Key string
	Range
}

// QuickRanges returns the usual ranges seen from now, in its location.
func QuickRanges(now time.Time) []Quick {
	day := func(t time.Time) string { return t.Format(time.DateOnly) }
	monday := now.AddDate(0, 0, -(int(now.Weekday())+6)%7)
	var out []Quick
	for _, q := range []struct {
		key      string
		from, to time.Time
	}{
		{"today", now, now},
		{"yesterday", now.AddDate(0, 0, -1), now.AddDate(0, 0, -1)},
		{"this_week", monday, now},
		{"last_week", monday.AddDate(0, 0, -7), monday.AddDate(0, 0, -1)},
		{"last_30", now.AddDate(0, 0, -29), now},
	} {
		out = append(out, Quick{Key: q.key, Range: Range{From: day(q.from), To: day(q.to)}})
	}
	return out
}
