// Package board is what the calling display ("now serving" board) shows: the last
// calls, newest first and big, and per reason the next numbers waiting, how
// many wait and the posted wait when it is known.
//
// Board is a plain view-model built from the store's state (FromState);
// the hub's web page (backoffice, GET /display) and the Fyne board
// (View) both show it. Diff tells which calls to announce between two
// boards. The posted wait comes from internal/eta; when eta cannot tell
// (nobody at work who can serve the reason) the board shows only how many
// people wait, never an invented figure.
package board

import (
	"cmp"
	"slices"
	"time"

	"accueil/internal/eta"
	"accueil/internal/queue"
)

// Limits of what a board shows.
const (
	MaxCalls = 6 // last calls shown
	MaxNext  = 4 // next numbers shown per reason
)

// Board is what the calling display shows.
type Board struct {
	Seq     int64    `json:"seq"` // of the state it was built from
	Store   string   `json:"store"`
	Calls   []Call   `json:"calls"`   // newest first, at most MaxCalls
	Waiting []Line   `json:"waiting"` // one per reason, in the configuration's order
	Notices []Notice `json:"notices"` // the outages open, the earliest first
}

// Notice is an outage the manager declared (queue.Incident), shown
// between the calls.
type Notice struct {
	Service string `json:"service"` // one of queue.IncidentServices
	Area    string `json:"area"`
	Message string `json:"message"` // in the board's language
	Until   string `json:"until"`   // expected end, store time "15:04"; "" when unknown
}

// Call is a ticket called to a counter and not finished yet.
type Call struct {
	Number   string    `json:"number"`  // "A042"
	Counter  string    `json:"counter"` // the counter's name, "3"
	Reason   string    `json:"reason"`  // the reason's name
	Recall   bool      `json:"recall"`  // called again at least once
	Recalls  int       `json:"recalls"`
	CalledAt time.Time `json:"called_at"`
}

// Line is one reason's queue.
type Line struct {
	Reason    string        `json:"reason"` // code
	Name      string        `json:"name"`   // in the board's language
	Prefix    string        `json:"prefix"`
	Numbers   []string      `json:"numbers"` // the next called, at most MaxNext
	Count     int           `json:"count"`   // how many wait
	Wait      time.Duration `json:"wait"`    // posted wait of a visitor arriving now, when WaitKnown
	WaitKnown bool          `json:"wait_known"`
	// WaitLow and WaitHigh hold the wait four times in five.
	WaitLow  time.Duration `json:"wait_low"`
	WaitHigh time.Duration `json:"wait_high"`
}

// FromState builds the board of st at now, with reason names in lang.
// st is only read.
func FromState(st *queue.State, lang string, now time.Time) Board {
	b := Board{Seq: st.Seq, Store: st.Config.Store, Calls: []Call{}, Waiting: []Line{}, Notices: []Notice{}}
	for _, i := range st.OpenIncidents() {
		n := Notice{Service: i.Service, Area: i.Area, Message: i.Message.In(lang)}
		if !i.End.IsZero() {
			n.Until = i.End.In(st.Config.Location()).Format("15:04")
		}
		b.Notices = append(b.Notices, n)
	}
	type called struct {
		c    Call
		last time.Time // called or recalled last
	}
	var calls []called
	for _, t := range st.Tickets {
		if t.Status != queue.Called && t.Status != queue.Serving {
			continue
		}
		c := Call{Number: t.Number, Counter: t.Counter, Reason: t.Reason, Recall: t.Recalls > 0, Recalls: t.Recalls, CalledAt: t.CalledAt}
		if k := st.Config.Counter(t.Counter); k != nil {
			c.Counter = k.Name
		}
		if r := st.Config.Reason(t.Reason); r != nil {
			c.Reason = r.Name.In(lang)
		}
		calls = append(calls, called{c, lastCall(t)})
	}
	// A recall brings a ticket back to the top: it is what people hear.
	slices.SortFunc(calls, func(a, b called) int {
		return cmp.Or(b.last.Compare(a.last), cmp.Compare(b.c.Number, a.c.Number))
	})
	for _, c := range calls[:min(len(calls), MaxCalls)] {
		b.Calls = append(b.Calls, c.c)
	}
	posted := eta.New(st, now, nil).Posted()
	for _, r := range st.Config.Reasons {
		waiting := st.Waiting(r.Code, now)
		l := Line{Reason: r.Code, Name: r.Name.In(lang), Prefix: r.Prefix, Numbers: []string{}, Count: len(waiting)}
		for _, t := range waiting[:min(len(waiting), MaxNext)] {
			l.Numbers = append(l.Numbers, t.Number)
		}
		w := posted[r.Code]
		l.Wait, l.WaitKnown, l.WaitLow, l.WaitHigh = w.Mean, w.Known, w.Low, w.High
		b.Waiting = append(b.Waiting, l)
	}
	return b
}

// lastCall returns when t was last called or recalled.
func lastCall(t *queue.Ticket) time.Time {
	last := t.CalledAt
	for _, s := range t.History {
		if s.Event == queue.TicketRecalled && s.At.After(last) {
			last = s.At
		}
	}
	return last
}

// Diff returns the calls of next to announce, oldest first: those not on
// prev (a new call, or a ticket called again after a requeue or a
// transfer), and those whose recall count grew. A returned Call has Recall
// set when it is announced as a recall.
func Diff(prev, next Board) []Call {
	var out []Call
	for _, c := range slices.Backward(next.Calls) {
		i := slices.IndexFunc(prev.Calls, func(p Call) bool { return p.Number == c.Number && p.CalledAt.Equal(c.CalledAt) })
		switch {
		case i < 0:
			c.Recall = c.Recalls > 0
		case c.Recalls > prev.Calls[i].Recalls:
			c.Recall = true
		default:
			continue
		}
		out = append(out, c)
	}
	return out
}
