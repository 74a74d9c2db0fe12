package queue

import (
	"encoding/json"
	"maps"
	"slices"
)

// SnapshotVersion is the version of the snapshot format and of the fold
// that makes a State. Raise it when either changes (a field of State, or
// what an event does to it): a snapshot of another version is not used,
// and the state is folded again from the start of the log.
const SnapshotVersion = 1

// snapshot is the encoded form of a State. Maps encode with sorted keys, so
// equal states give equal bytes.
type snapshot struct {
	V            int                     `json:"v"`
	Seq          int64                   `json:"seq"`
	Day          string                  `json:"day"`
	Config       Config                  `json:"config"`
	Tickets      map[string]*Ticket      `json:"tickets"`
	Appointments map[string]*Appointment `json:"appointments"`
	Sessions     map[string]*Session     `json:"sessions"`
	Leases       []Lease                 `json:"leases"`
	Alerts       map[string]AlertBody    `json:"alerts"`
	Incidents    map[string]*Incident    `json:"incidents,omitempty"`
	Used         []string                `json:"used"` // "day|A042"
}

// Snapshot encodes s, so that a store can start from it rather than from
// the start of its log (see FromSnapshot).
func (s *State) Snapshot() ([]byte, error) {
	return json.Marshal(snapshot{V: SnapshotVersion, Seq: s.Seq, Day: s.Day, Config: s.Config, Tickets: s.Tickets,
		Appointments: s.Appointments, Sessions: s.Sessions, Leases: s.Leases, Alerts: s.Alerts,
		Incidents: s.Incidents, Used: slices.Sorted(maps.Keys(s.used))})
}

// FromSnapshot returns the state data encodes, or EINVALID when data is
// not a snapshot of SnapshotVersion.
func FromSnapshot(data []byte) (*State, error) {
	var v struct {
		V int `json:"v"`
	}
	if err := json.Unmarshal(data, &v); err != nil || v.V != SnapshotVersion {
		return nil, Errorf(EINVALID, "not a snapshot of version %d", SnapshotVersion)
	}
	var sn snapshot
	if err := json.Unmarshal(data, &sn); err != nil {
		return nil, Errorf(EINVALID, "bad snapshot: %v", err)
	}
	s := NewState(sn.Config)
	s.Seq, s.Day, s.Leases = sn.Seq, sn.Day, sn.Leases
	maps.Copy(s.Tickets, sn.Tickets)
	maps.Copy(s.Appointments, sn.Appointments)
	maps.Copy(s.Sessions, sn.Sessions)
	maps.Copy(s.Alerts, sn.Alerts)
	maps.Copy(s.Incidents, sn.Incidents)
	for _, k := range sn.Used {
		s.used[k] = true
	}
	s.index()
	return s, nil
}
