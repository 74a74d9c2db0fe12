package report

import (
	"cmp"
	"slices"
	"time"

	"accueil/internal/eta"
	"accueil/internal/queue"
)

// Floor is the open day as a manager watches it live: the queues, the
// staff, the devices, and who left in the last hour. It is read from the
// hub's state, not the database.
type Floor struct {
	At       time.Time
	Reasons  []FloorReason // in the configuration's order
	Staff    []FloorStaff  // logged in, by name
	Devices  []FloorDevice // enrolled, in the configuration's order
	WalkOuts int           // left before being served, in the last hour
	NoShows  int           // called and never came, in the last hour
}

// FloorReason is the queue of one reason.
type FloorReason struct {
	Code        string
	Name        queue.Text
	Waiting     int
	Longest     time.Duration // the longest wait since arrival of those waiting
	Posted      time.Duration // the wait posted at the door for a newcomer
	PostedKnown bool          // false when nobody can serve the reason now
	SLA         time.Duration // the target wait
	Late        int           // waiting past the target (queue.Config.Late)
}

// What a staff member logged in is doing.
const (
	StaffFree    = "free"
	StaffPaused  = "paused"
	StaffCalled  = "called"  // calling a visitor who has not come yet
	StaffServing = "serving" // with a visitor
)

// FloorStaff is a staff member logged in.
type FloorStaff struct {
	ID, Name string
	Role     queue.Role
	Counter  string // the counter's name
	State    string // StaffFree, StaffPaused, StaffCalled or StaffServing
	Why      string // the reason given for a pause
	Ticket   string // the number called or served
	Reason   string // its reason's code
	For      time.Duration
	ForKnown bool // false for a pause taken before the hub kept its time
}

// FloorDevice is an enrolled device and its last alert, if any. The state
// knows no more of devices: whether one is connected is the broker's.
type FloorDevice struct {
	ID, Kind string
	Alert    *queue.AlertBody // nil, or the last one it sent ("ready" once fixed)
}

// LiveFloor reads the floor from st at now.
func LiveFloor(st *queue.State, now time.Time) Floor {
	f := Floor{At: now}
	posted := eta.New(st, now, nil).Posted()
	for _, r := range st.Config.Reasons {
		fr := FloorReason{Code: r.Code, Name: r.Name, SLA: time.Duration(r.SLAMinutes) * time.Minute}
		w := posted[r.Code]
		fr.Posted, fr.PostedKnown = w.Mean, w.Known
		for _, t := range st.Waiting(r.Code, now) {
			fr.Waiting++
			fr.Longest = max(fr.Longest, t.Wait(now))
			if st.Config.Late(t, now) {
				fr.Late++
			}
		}
		f.Reasons = append(f.Reasons, fr)
	}
	hourAgo := now.Add(-time.Hour)
	for _, t := range st.Tickets {
		if t.EndedAt.Before(hourAgo) || t.EndedAt.After(now) {
			continue
		}
		switch {
		case t.Status == queue.Cancelled && t.Outcome != queue.OutcomeInformed:
			f.WalkOuts++
		case t.Status == queue.NoShow:
			f.NoShows++
		}
	}
	for _, s := range st.Sessions {
		f.Staff = append(f.Staff, floorStaff(st, s, now))
	}
	slices.SortFunc(f.Staff, func(a, b FloorStaff) int { return cmp.Or(cmp.Compare(a.Name, b.Name), cmp.Compare(a.ID, b.ID)) })
	for _, d := range st.Config.Devices {
		if d.Kind == queue.DeviceHub {
			continue
		}
		fd := FloorDevice{ID: d.ID, Kind: d.Kind}
		if a, ok := st.Alerts[d.ID]; ok {
			fd.Alert = &a
		}
		f.Devices = append(f.Devices, fd)
	}
	return f
}

// floorStaff says what the staff member of session s does, and since when:
// the call, the start of service, the pause, or the end of their last
// visit (else their login) when free.
func floorStaff(st *queue.State, s *queue.Session, now time.Time) FloorStaff {
	fs := FloorStaff{ID: s.Staff, Name: s.Staff, Counter: s.Counter, State: StaffFree, ForKnown: true}
	if m := st.Config.StaffMember(s.Staff); m != nil {
		fs.Name, fs.Role = m.Name, m.Role
	}
	if c := st.Config.Counter(s.Counter); c != nil {
		fs.Counter = c.Name
	}
	since := s.Since
	switch t := st.Current(s.Staff); {
	case t != nil && t.Status == queue.Serving:
		fs.State, fs.Ticket, fs.Reason, since = StaffServing, t.Number, t.Reason, t.StartedAt
	case t != nil:
		fs.State, fs.Ticket, fs.Reason, since = StaffCalled, t.Number, t.Reason, t.CalledAt
	case s.Paused:
		fs.State, fs.Why, since = StaffPaused, s.Why, s.PausedAt
		fs.ForKnown = !since.IsZero()
	default:
		for _, t := range st.Tickets {
			if t.Staff == s.Staff && t.EndedAt.After(since) && !t.EndedAt.After(now) {
				since = t.EndedAt
			}
		}
	}
	if fs.ForKnown {
		fs.For = max(now.Sub(since), 0)
	}
	return fs
}

// IncidentsLive counts the visits of the open day about each incident
// the state holds, and those who left informed.
func IncidentsLive(st *queue.State) map[string]IncidentVisits {
	out := map[string]IncidentVisits{}
	for _, t := range st.Tickets {
		if st.Incidents[t.Incident] == nil {
			continue
		}
		iv := out[t.Incident]
		iv.Visits++
		if t.Outcome == queue.OutcomeInformed {
			iv.Informed++
		}
		out[t.Incident] = iv
	}
	return out
}
